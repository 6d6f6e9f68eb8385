"""The plotly figures of the report packs: an indicator over time, an indicator per territory.

Inputs are *masked* frames (``valeur`` null where the secret statistique applies): a masked month
is a gap, a masked unit an empty bar labelled « secret ». The look follows the dashboard's theme
when :mod:`charts.theme` provides one (colour-blind-safe palette, French separators).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from charts.figures import labels_over_lines
from charts.theme import PALETTE
from indicators.formatting import fmt, format_value, fr_month_short
from indicators.registry import Indicator

# PALETTE: the dashboard's Okabe-Ito colours (colour-blind safe), from charts.theme.
GRID = "#E5E5E5"


def _base(fig: go.Figure) -> go.Figure:
    fig.update_layout(**{
        # "none": the plotly_white template costs a deep copy per figure; its look is set here.
        "template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white",
        "separators": ", ", "colorway": list(PALETTE),
        "showlegend": False, "margin": dict(l=70, r=30, t=60, b=50), "font": dict(size=13),
        "hovermode": "x unified"})
    fig.update_xaxes(showgrid=False, linecolor="#888", ticks="outside", tickcolor="#888")
    fig.update_yaxes(gridcolor=GRID, zeroline=True, zerolinecolor="#BBB", rangemode="tozero")
    return fig


def _axis_format(ind: Indicator) -> dict:
    """The value axis of the indicator's :class:`~indicators.formatting.Format` (the pages' axis,
    on values drawn on its scale: a rate in percent, from 0 to 105 %)."""
    f = fmt(ind.format)
    return {**f.axis, **({"range": [0, 1.05 * f.scale]} if f.is_rate else {})}


def _scaled(ind: Indicator, values):
    """Values on the axis' scale (a rate stored as a fraction drawn in percent)."""
    k = fmt(ind.format).scale
    return [None if v is None else v * k for v in values]


def series_figure(mois: Sequence[date], valeurs: Sequence[float | None], ind: Indicator,
                  cible: tuple[float, str] | None = None,
                  reference: tuple[float, str] | None = None, step: str = "mois",
                  masques: Sequence[bool] | None = None, masked_text: str = "secret",
                  recent_from: date | None = None) -> go.Figure:
    """The indicator month by month (bars for counts and sums, a line for rates and délais),
    with the legal target and the national reference as dashed horizontal lines; a masked
    month has no value and shows ``masked_text`` (« < 5 ») on the axis. The months from
    ``recent_from`` on (a délai's recent months, :func:`indicators.coverage.recent_from`) are
    drawn grey and dotted, with their key."""
    x = [fr_month_short(m) if step == "mois" else str(m.year) for m in mois]
    masques = list(masques) if masques is not None else [False] * len(x)
    text = [format_value(v, ind.format) if v is not None else "" for v in valeurs]
    fig = go.Figure()
    if ind.kind in ("count", "sum"):
        fig.add_bar(x=x, y=_scaled(ind, valeurs), marker_color=PALETTE[0], text=text,
                    textposition="outside", cliponaxis=False, name=ind.label)
    else:
        fig.add_scatter(x=x, y=_scaled(ind, valeurs), mode="lines+markers+text", text=text,
                        textposition="top center", line=dict(color=PALETTE[0], width=3),
                        marker=dict(size=8), connectgaps=False, name=ind.label)
    keys = []
    for spec, colour in ((cible, "#D55E00"), (reference, "#555555")):
        if spec is not None and spec[0] is not None:
            fig.add_hline(y=_scaled(ind, [spec[0]])[0], line_dash="dash", line_color=colour, line_width=2)
            keys.append(f"<span style='color:{colour}'>- - - {_esc(spec[1])}</span>")
    if keys:
        # the lines' labels sit above the plot area, as a key: inside it they would be printed
        # over the month labels (a rate close to its national reference)
        fig.add_annotation(text="      ".join(keys), xref="paper", yref="paper", x=0, y=1,
                           xanchor="left", yanchor="bottom", yshift=8, showarrow=False,
                           align="left", font=dict(size=12))
    if recent_from is not None and step == "mois":
        _mark_recent(fig, [m >= recent_from for m in mois])
    hidden = [xx for xx, m in zip(x, masques, strict=False) if m]
    if hidden:
        fig.add_scatter(x=hidden, y=[0] * len(hidden), mode="text", text=[masked_text] * len(hidden),
                        textposition="top center", textfont=dict(color="#777777", size=11),
                        hoverinfo="skip", name="secret statistique")
    fig = _base(fig)
    if keys:
        fig.update_layout(margin=dict(t=90))
    fig.update_yaxes(**_axis_format(ind))
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 8 else 0)
    return fig


def units_figure(noms: Sequence[str], valeurs: Sequence[float | None], masques: Sequence[bool],
                 ind: Indicator, ensemble: tuple[float | None, str] | None = None) -> go.Figure:
    """Horizontal bars, one per territorial unit; a masked unit shows « secret statistique »;
    ``ensemble`` draws the whole territory's value as a dashed line."""
    text = ["(secret statistique)" if m else (format_value(v, ind.format) if v is not None else "–")
            for v, m in zip(valeurs, masques, strict=False)]
    fig = go.Figure(go.Bar(y=list(noms), x=[v if v is not None else 0 for v in _scaled(ind, valeurs)],
                           orientation="h", text=text, textposition="outside", cliponaxis=False,
                           textfont=dict(color=["#777777" if m else "#222222" for m in masques]),
                           marker_color=[("#BBBBBB" if m else PALETTE[0]) for m in masques],
                           name=ind.label))
    if ensemble is not None and ensemble[0] is not None:
        fig.add_vline(x=_scaled(ind, [ensemble[0]])[0], line_dash="dash", line_color="#D55E00", line_width=2,
                      annotation_text=ensemble[1], annotation_position="top",
                      annotation_font=dict(color="#D55E00", size=12))
        labels_over_lines(fig)  # the line passes behind the values, not through them
    fig = _base(fig)
    fig.update_layout(hovermode="closest", margin=dict(l=220, r=90))
    fig.update_yaxes(autorange="reversed", rangemode=None, gridcolor=None, showgrid=False)
    fig.update_xaxes(showgrid=True, gridcolor=GRID, **{k: v for k, v in _axis_format(ind).items()
                                                       if k != "range"})
    return fig


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mark_recent(fig: go.Figure, recent: Sequence[bool]) -> None:
    """The recent months of the figure's series in grey (bars) or on a grey dotted line drawn
    from the last complete month (lines), with the key « Mois récents : délais encore
    incomplets » above the plot."""
    if not any(recent):
        return
    from indicators.coverage import RECENT_NOTE

    t = fig.data[0]
    ys = list(t.y)
    if t.type == "bar":
        t.marker.color = ["#AAAAAA" if r else PALETTE[0] for r in recent]
    else:
        keep = [r or (i + 1 < len(recent) and recent[i + 1]) for i, r in enumerate(recent)]
        texts = list(t.text) if t.text is not None else [""] * len(ys)
        t.y = [None if r else v for v, r in zip(ys, recent, strict=True)]
        t.text = [None if r else s for s, r in zip(texts, recent, strict=True)]
        fig.add_scatter(x=list(t.x), y=[v if k else None for v, k in zip(ys, keep, strict=True)],
                        mode="lines+markers+text", connectgaps=False,
                        text=[s if r else "" for s, r in zip(texts, recent, strict=True)],
                        textposition="top center", textfont=dict(color="#777777"),
                        line=dict(color="#888888", width=2.5, dash="dot"),
                        marker=dict(size=8, color="#888888", symbol="circle-open"),
                        name=RECENT_NOTE)
    fig.add_annotation(text=f"<span style='color:#777777'>· · · {RECENT_NOTE[0].upper()}"
                            f"{RECENT_NOTE[1:]}</span>", xref="paper", yref="paper", x=1, y=1,
                       xanchor="right", yanchor="bottom", yshift=8, showarrow=False,
                       font=dict(size=12))
