"""Small multiples: one small panel per MDCS with the same axes, the MDCS's monthly series in
colour and the other MDCS in light grey behind it, so that each trend reads against the others.

Input: a masked monthly series broken down by MDCS (``indicators.views.series(ctx, id,
("mdcs",))``: ``mois``, ``mdcs``, ``mdcs_libelle``, ``valeur`` null where masked)."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from charts.theme import PALETTE, TEMPLATE_NAME, title_text, wrap_label
from data.referentiel import SPECIAL_LABELS
from indicators.formatting import fmt, format_value, fr_month_short
from indicators.registry import Indicator


def mdcs_small_multiples(df: pl.DataFrame, ind: Indicator, *, title: str, source: str,
                         height: int = 330, cols: int = 5, niveau: str = "mdcs") -> go.Figure:
    """One panel per unit of ``niveau`` (the first level: MDCS, bassins d'emploi; in the data's
    order), shared y axis."""
    units = list(dict.fromkeys(zip(df[niveau].to_list(), df[f"{niveau}_libelle"].to_list(),
                                   strict=True)))
    units = [(c, n) for c, n in units if c not in SPECIAL_LABELS]
    n = max(1, len(units))
    ncols = min(cols, n)
    nrows = -(-n // ncols)
    fig = make_subplots(rows=nrows, cols=ncols, shared_yaxes=True, shared_xaxes=True,
                        subplot_titles=[wrap_label(nm, 22) for _, nm in units],
                        horizontal_spacing=0.025, vertical_spacing=0.12)
    pct = fmt(ind.format).is_rate
    k = fmt(ind.format).scale
    series = {c: df.filter(pl.col(niveau) == c).sort("mois") for c, _ in units}
    for i, (code, _) in enumerate(units):
        r, c = i // ncols + 1, i % ncols + 1
        for other, _ in units:
            if other == code:
                continue
            s = series[other]
            fig.add_trace(go.Scatter(x=s["mois"], y=s["valeur"] * k, mode="lines",
                                     line=dict(color="#D9D9D9", width=1), hoverinfo="skip",
                                     showlegend=False), row=r, col=c)
        s = series[code]
        texts = [format_value(v, ind.format) if v is not None else "secret statistique"
                 for v in s["valeur"].to_list()]
        fig.add_trace(go.Scatter(
            x=s["mois"], y=s["valeur"] * k, mode="lines", line=dict(color=PALETTE[0], width=2.2),
            customdata=[[fr_month_short(m), t] for m, t in zip(s["mois"].to_list(), texts, strict=True)],
            hovertemplate="%{customdata[0]} : %{customdata[1]}<extra></extra>",
            showlegend=False, connectgaps=False), row=r, col=c)
    months = sorted(set(df["mois"].to_list()))
    if months:
        ticks = [months[0], months[len(months) // 2]] if len(months) > 2 else months[:1]
        fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[fr_month_short(m) for m in ticks],
                         tickfont=dict(size=10), showgrid=False)
    # the labels stand off the axis: « 0 » would sit on the first panel's x tick mark
    fig.update_yaxes(rangemode="tozero", gridcolor="#EEEEEE", ticklabelstandoff=6,
                     ticksuffix=" %" if pct else "")
    fig.update_layout(template=TEMPLATE_NAME, height=height * nrows,
                      title=dict(text=title_text(title, 90)), margin=dict(t=100, b=60, l=10, r=10))
    fig.update_annotations(font=dict(size=12))
    masked = bool(df["valeur"].is_null().any()) if df.height else False
    text = source + (" — valeurs masquées (secret statistique) non tracées" if masked else "")
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-55,
                       xanchor="left", yanchor="bottom", showarrow=False,
                       font=dict(size=11, color="#666666"))
    return fig
