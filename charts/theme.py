"""One look for every figure: a colour-blind-safe palette (Okabe-Ito), French number separators,
French month names on date axes, a title saying what / where / when and a source line."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from indicators.formatting import MOIS_COURTS, fr_date

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Blue first: the dashboard's primary colour.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                            "#F0E442", "#000000")
GREY = "#8C8C8C"
TARGET = "#D55E00"  # legal targets (vermilion)
REFERENCE = "#555555"  # national references (DREES)
FONT = "Source Sans Pro, Arial, sans-serif"
SEPARATORS = ", "  # decimal comma, space between thousands
TEMPLATE_NAME = "declik"


def _template() -> go.layout.Template:
    t = go.layout.Template()
    t.layout = go.Layout(
        colorway=list(PALETTE),
        font=dict(family=FONT, size=13, color="#262730"),
        title=dict(font=dict(size=15), x=0, xanchor="left", xref="container", y=1,
                   yref="container", yanchor="top", pad=dict(t=10, l=4)),
        separators=SEPARATORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=10, r=20, t=70, b=80),
        xaxis=dict(showgrid=False, linecolor="#BBBBBB", ticks="outside", tickcolor="#BBBBBB",
                   automargin=True, title=dict(standoff=8)),
        yaxis=dict(gridcolor="#E6E6E6", zeroline=False, automargin=True, rangemode="tozero",
                   title=dict(standoff=8)),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title=None),
        hoverlabel=dict(font=dict(family=FONT)),
    )
    return t


pio.templates[TEMPLATE_NAME] = _template()


def month_label(d: date, long: bool = False) -> str:
    """``janv. 2026`` (short) for axes."""
    return f"{MOIS_COURTS[d.month - 1]} {d.year}"


def french_month_axis(fig: go.Figure, months: Sequence[date], axis: str = "xaxis",
                      max_ticks: int = 7) -> None:
    """Tick labels of a monthly date axis in French (plotly's own month names are English)."""
    months = sorted(set(months))
    if not months:
        return
    step = max(1, -(-len(months) // max_ticks))
    ticks = months[::step]
    fig.update_layout({axis: dict(tickmode="array", tickvals=ticks,
                                  ticktext=[month_label(m) for m in ticks])})


def source_text(source: str, date_extraction: date | None) -> str:
    """``Source : SOLIS 2026-11, données au 01/11/2026``."""
    src = source or "extraction"
    return f"Source : {src}, données au {fr_date(date_extraction)}"


def finish(fig: go.Figure, title: str, source: str, note: str | None = None,
           height: int = 420, wrap: int = 62) -> go.Figure:
    """Apply the template, the title (wrapped to fit a half-width chart) and the source line
    (bottom left, wrapped too)."""
    text = _wrap(source + (f" — {note}" if note else ""), 72)
    lines = text.count("<br>") + 1
    legend = any(getattr(t, "showlegend", None) for t in fig.data)
    fig.update_layout(margin=dict(t=30 + 22 * (_wrap(title, wrap).count("<br>") + 1)
                                  + (28 if legend else 0), b=70 + 14 * lines))
    fig.update_layout(template=TEMPLATE_NAME, title=dict(text=_wrap(title, wrap)), height=height,
                      separators=SEPARATORS)  # on the figure too: survives another template
    b = 70 + 14 * lines
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-(b - 8),
                       xanchor="left", yanchor="bottom", showarrow=False, align="left",
                       font=dict(size=11, color="#666666"))
    return fig


def wrap_label(text: str, width: int = 16) -> str:
    """A category label on several lines (``<br>``) so that axis labels need no rotation."""
    return _wrap(text, width)


def _wrap(text: str, width: int) -> str:
    """Break a long title on a word boundary (plotly does not wrap titles)."""
    if len(text) <= width:
        return text
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "<br>".join(lines)
