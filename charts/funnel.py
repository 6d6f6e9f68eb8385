"""Funnel plot: each unit's rate against its denominator, with the 95 % and 99,8 % control limits
around the département rate (normal approximation of the binomial, from
:mod:`indicators.compare`). A small unit far from the département rate may stay inside the funnel:
it is not flagged for noise. Units hidden by the secret statistique are not drawn.

Input: the masked table of :func:`geo.layers.territory_values` (``nom``, ``valeur``, ``effectif``,
``population``, ``texte``, ``alerte_95``, ``significatif``, ``valeur_departement``)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl

from charts.theme import GREY, TEMPLATE_NAME, title_text
from indicators.compare import Z95, Z998, control_limits, has_control_limits
from indicators.formatting import fmt, fr_number
from indicators.registry import Indicator

IN_COLOR, ALERT_COLOR, SIGNIF_COLOR = "#0072B2", "#E69F00", "#D55E00"


def is_funnel_indicator(ind: Indicator) -> bool:
    """Funnel limits exist for shares and ratios per 1 000 inhabitants."""
    return has_control_limits(ind)


def limit_curves(p0: float, n: np.ndarray, per_population: bool) -> pl.DataFrame:
    """``n`` and the four limits (same scale as the indicator's ``valeur``) for each ``n``."""
    scale = 1000.0 if per_population else 1.0
    base = pl.DataFrame({"n": n.astype(float)})
    p = pl.lit(p0 / scale if per_population else p0, dtype=pl.Float64)
    lo95, hi95 = control_limits(p, pl.col("n"), Z95, scale)
    lo998, hi998 = control_limits(p, pl.col("n"), Z998, scale)
    return base.with_columns(lo95.alias("bas95"), hi95.alias("haut95"), lo998.alias("bas998"),
                             hi998.alias("haut998"))


def funnel_figure(table: pl.DataFrame, ind: Indicator, *, title: str, source: str,
                  niveau_label: str, height: int = 460) -> go.Figure:
    per_pop = ind.per_population
    xcol = "population" if per_pop else "effectif"
    pct = fmt(ind.format).is_rate
    k = fmt(ind.format).scale
    vis = table.filter(pl.col("valeur").is_not_null() & pl.col(xcol).is_not_null()
                       & (pl.col(xcol) > 0))
    p0 = table["valeur_departement"][0] if table.height else None
    fig = go.Figure()
    if vis.height and p0 is not None:
        xs = vis[xcol].to_numpy().astype(float)
        lo, hi = max(1.0, xs.min() * 0.8), xs.max() * 1.15
        grid = np.geomspace(lo, hi, 200)
        c = limit_curves(float(p0), grid, per_pop)
        for col, name, dash in (("bas998", "Limites à 99,8 %", "dash"), ("haut998", None, "dash"),
                                ("bas95", "Limites à 95 %", "dot"), ("haut95", None, "dot")):
            fig.add_trace(go.Scatter(x=c["n"], y=c[col] * k, mode="lines", name=name or col,
                                     showlegend=name is not None, legendgroup="998" if "998" in col else "95",
                                     line=dict(color=GREY, dash=dash, width=1.3),
                                     hoverinfo="skip"))
        fig.add_hline(y=float(p0) * k, line=dict(color="#333333", width=1.2),
                      annotation_text="Département", annotation_position="top left")
        status = []
        for a, s in zip(vis["alerte_95"].to_list(), vis["significatif"].to_list(), strict=True):
            status.append("significatif" if s else ("alerte" if a else "dans"))
        groups = (("dans", "Dans les limites", IN_COLOR),
                  ("alerte", "Hors limites à 95 %", ALERT_COLOR),
                  ("significatif", "Hors limites à 99,8 % (écart significatif)", SIGNIF_COLOR))
        xlabel = "habitants" if per_pop else "effectif"
        for key, name, color in groups:
            idx = [i for i, st in enumerate(status) if st == key]
            if not idx:
                continue
            sub = vis[idx]
            fig.add_trace(go.Scatter(
                x=sub[xcol], y=sub["valeur"] * k, mode="markers", name=name,
                marker=dict(color=color, size=9, line=dict(color="white", width=0.8)),
                customdata=[[n, t, fr_number(x)] for n, t, x in
                            zip(sub["nom"].to_list(), sub["texte"].to_list(), sub[xcol].to_list(), strict=True)],
                hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                               f"{xlabel} : " + "%{customdata[2]}<extra></extra>")))
    hidden = int(table["masque"].sum()) if "masque" in table.columns else 0
    note = (f"{hidden} unité(s) non représentée(s) (secret statistique)." if hidden else None)
    fig.update_layout(
        template=TEMPLATE_NAME, height=height,
        title=dict(text=title_text(title, 80)),
        xaxis=dict(title=dict(text=("Population (habitants)" if per_pop else
                                    "Effectif (dénominateur du taux)") + " — échelle log"),
                   type="log", separatethousands=True),
        yaxis=dict(title=dict(text="Taux (%)" if pct else ("Pour 1 000 habitants" if per_pop
                                                           else "Valeur")),
                   ticksuffix=" %" if pct else "", rangemode="tozero"),
        legend=dict(orientation="h", y=-0.25),
        margin=dict(b=110, t=95),
    )
    text = source + (f" — {note}" if note else "") + \
        f" — un point par {niveau_label} ; limites autour du taux départemental"
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-105,
                       xanchor="left", yanchor="bottom", showarrow=False,
                       font=dict(size=11, color="#666666"))
    return fig
