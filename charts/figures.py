"""Figure builders: time series, bars (grouped or stacked), funnel, délai boxes per unit from
quantiles, Kaplan-Meier step curve, reference lines for legal targets and national values.

Every builder takes an already computed and masked polars DataFrame (null = masked or undefined:
a gap, never a zero), a title saying what / where / when and the source line; values are formatted
the French way (« 45,3 % », « 12 345 », « 38 j »)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from charts.theme import GREY, PALETTE, REFERENCE, TARGET, finish, french_month_axis, wrap_label
from indicators.coverage import RECENT_COLUMN, RECENT_NOTE, recent_note
from indicators.formatting import fmt, format_value, fr_month_short

SECRET_NOTE = "valeurs masquées : secret statistique"


@dataclass(frozen=True)
class RefLine:
    """A horizontal (``axis="y"``) or vertical (``axis="x"``) line: a legal target or a national
    reference value, labelled with its source."""

    value: float
    label: str
    kind: str = "target"  # "target" | "reference"
    axis: str = "y"


def _scale(fmt_id: str) -> float:
    return fmt(fmt_id).scale


def _nticks(fmt_id: str) -> int:
    return fmt(fmt_id).nticks


def _axis_format(fmt_id: str, plotted: Sequence[float | None] | None = None) -> dict:
    """The axis of a registry format (:attr:`indicators.formatting.Format.axis`). With the
    ``plotted`` values (as drawn, rates in %): labels without decimals never repeat (« 0, 0, 1,
    1 » for ticks every 0,2) — when the values stay below a few units, or are all masked, one
    tick per unit."""
    axis = dict(fmt(fmt_id).axis)
    if plotted is not None and axis.get("tickformat", "").endswith(".0f"):
        top = max((abs(v) for v in plotted if v is not None), default=0.0)
        if top < _nticks(fmt_id):
            axis.update(tick0=0, dtick=1)
    return axis


def _texts(values: Sequence, fmt: str) -> list[str]:
    return ["masqué" if v is None else format_value(v, fmt) for v in values]


def _add_refs(fig: go.Figure, refs: Sequence[RefLine], fmt: str,
              vposition: str = "top right") -> None:
    """Reference lines with their label on a white background (readable over a curve)."""
    for r in refs:
        color = TARGET if r.kind == "target" else REFERENCE
        dash = "dash" if r.kind == "target" else "dot"
        v = r.value * (_scale(fmt) if r.axis == "y" else 1.0)
        if r.axis == "y":
            fig.add_hline(y=v, line=dict(color=color, dash=dash, width=1.5),
                          annotation=dict(text=r.label, font=dict(size=11, color=color),
                                          xanchor="left", x=0, yanchor="bottom",
                                          bgcolor="rgba(255,255,255,0.85)"),
                          annotation_position="top left")
        else:
            fig.add_vline(x=v, line=dict(color=color, dash=dash, width=1.5),
                          annotation=dict(text=r.label, font=dict(size=11, color=color),
                                          bgcolor="rgba(255,255,255,0.85)"),
                          annotation_position=vposition)


ZOOM_NOTE = "axe vertical ne partant pas de zéro"


def _note(df: pl.DataFrame, note: str | None) -> str | None:
    masked = "masque" in df.columns and bool(df["masque"].fill_null(False).any())
    parts = [p for p in (note, SECRET_NOTE if masked else None) if p]
    return " ; ".join(parts) or None


def time_series(df: pl.DataFrame, *, title: str, source: str, fmt: str = "entier",
                x: str = "mois", y: str = "valeur", color: str | None = None,
                y_title: str | None = None, refs: Sequence[RefLine] = (), bars: bool = False,
                stacked: bool = False, note: str | None = None, height: int = 420) -> go.Figure:
    """Monthly values (one line, or one per ``color`` group); months labelled in French. The
    recent months of a délai by month of entry (column ``incomplet``,
    :func:`indicators.coverage.recent_from`) are drawn apart — grey, dotted — and said so."""
    fig = go.Figure()
    groups = [(None, df)] if color is None else [
        (k[0], g) for k, g in df.group_by(color, maintain_order=True)]
    recent_first = None
    for n, (name, g) in enumerate(groups):
        g = g.sort(x)
        vals = g[y].to_list()
        ys = [None if v is None else v * _scale(fmt) for v in vals]
        months = g[x].to_list()
        hover = [f"{fr_month_short(m)} : {t}" for m, t in zip(months, _texts(vals, fmt), strict=False)]
        recent = (g[RECENT_COLUMN].fill_null(False).to_list() if RECENT_COLUMN in g.columns
                  else [False] * len(ys))
        if any(recent):
            first = recent.index(True)
            recent_first = min(recent_first or months[first], months[first])
            hover = [f"{h} ({RECENT_NOTE})" if r else h for h, r in zip(hover, recent, strict=True)]
        col = PALETTE[n % len(PALETTE)]
        if bars:
            fig.add_bar(x=months, y=ys, name=str(name or ""), hovertext=hover, hoverinfo="text",
                        marker_color=[GREY if r else col for r in recent],
                        showlegend=color is not None)
            continue
        fig.add_scatter(x=months, y=[None if r else v for v, r in zip(ys, recent, strict=True)],
                        name=str(name or ""), mode="lines+markers",
                        line=dict(color=col, width=2.5), marker=dict(size=6),
                        hovertext=hover, hoverinfo="text", connectgaps=False,
                        showlegend=color is not None)
        if any(recent):  # dotted from the last complete month on, in grey
            keep = [r or (i + 1 < len(recent) and recent[i + 1]) for i, r in enumerate(recent)]
            fig.add_scatter(x=months, y=[v if k else None for v, k in zip(ys, keep, strict=True)],
                            name=RECENT_NOTE[0].upper() + RECENT_NOTE[1:], mode="lines+markers",
                            line=dict(color=GREY, width=2, dash="dot"),
                            marker=dict(size=6, color=GREY, symbol="circle-open"),
                            hovertext=hover, hoverinfo="text", connectgaps=False,
                            legendgroup="recent", showlegend=n == 0)
    if bars and stacked:
        fig.update_layout(barmode="stack")
    french_month_axis(fig, df[x].drop_nulls().to_list())
    # bars start at zero; a line starts at zero too unless its values sit far from it (a 1 %
    # dip of 6 800 households would be flat): then the axis is zoomed and the chart says so
    shown = [v for v in df[y].to_list() if v is not None]
    zoom = not bars and bool(shown) and min(shown) > 0 and min(shown) > 0.4 * max(shown)
    fig.update_yaxes(title=y_title, rangemode="normal" if zoom else "tozero",
                     **_axis_format(fmt, [v * _scale(fmt) for v in shown]))
    if zoom:
        note = " ; ".join(p for p in (note, ZOOM_NOTE) if p)
    _add_refs(fig, refs, fmt)
    if recent_first is not None:
        note = " ; ".join(p for p in (note, recent_note(recent_first)) if p)
    return finish(fig, title, source, _note(df, note), height)


def bars(df: pl.DataFrame, *, category: str, title: str, source: str, fmt: str = "entier",
         y: str = "valeur", color: str | None = None, horizontal: bool = True,
         stacked: bool = False, refs: Sequence[RefLine] = (), value_title: str | None = None,
         note: str | None = None, sort: bool = False, height: int | None = None,
         points: pl.DataFrame | None = None, points_name: str = "France",
         series_name: str = "") -> go.Figure:
    """Bars by category (horizontal by default: long French labels stay readable), grouped or
    stacked by ``color``; each bar carries its French value. ``points`` (columns ``category`` and
    ``y``) adds one marker per category, e.g. the national value beside the département's."""
    fig = go.Figure()
    if sort and color is None:
        df = df.sort(y, descending=True, nulls_last=True)  # largest first: top or left
    cats = list(dict.fromkeys(df[category].to_list()))
    groups = [(None, df)] if color is None else [
        (k[0], g) for k, g in df.group_by(color, maintain_order=True)]
    for n, (name, g) in enumerate(groups):
        vals = g[y].to_list()
        # a masked bar is drawn at zero length with its « masqué » label beside it: with no bar
        # and no label, « Autre » or « Sanction » read as nothing at all (stacks: left out)
        vs = [(None if stacked else 0.0) if v is None else v * _scale(fmt) for v in vals]
        texts = _texts(vals, fmt)
        col = PALETTE[n % len(PALETTE)] if color is not None else PALETTE[0]
        kw = dict(name=str(name or series_name), marker_color=col, text=texts,
                  textposition="inside" if stacked else "outside",
                  hovertext=[f"{c} : {t}" for c, t in zip(g[category].to_list(), texts, strict=False)],
                  hoverinfo="text", showlegend=color is not None, cliponaxis=False)
        if horizontal:
            fig.add_bar(y=g[category].to_list(), x=vs, orientation="h", **kw)
        else:
            fig.add_bar(x=g[category].to_list(), y=vs, **kw)
    if points is not None and points.height:
        pv = [v * _scale(fmt) for v in points[y].to_list()]
        ptxt = _texts(points[y].to_list(), fmt)
        kw = dict(mode="markers", name=points_name, showlegend=True,
                  marker=dict(symbol="diamond", size=13, color=REFERENCE,
                              line=dict(color="white", width=1)),
                  hovertext=[f"{points_name} : {t}" for t in ptxt], hoverinfo="text")
        if horizontal:
            fig.add_scatter(y=points[category].to_list(), x=pv, **kw)
        else:
            fig.add_scatter(x=points[category].to_list(), y=pv, **kw)
        if color is None:
            fig.data[0].showlegend = True
            fig.data[0].name = fig.data[0].name or "Territoire"
    fig.update_layout(barmode="stack" if stacked else "group",
                      uniformtext=dict(minsize=10, mode="hide"))
    drawn = [v * _scale(fmt) for v in df[y].to_list() if v is not None]
    if stacked and color is not None and drawn:  # the stack's height, not one segment's
        drawn = df.group_by(category).agg(pl.col(y).sum())[y].to_list()
        drawn = [v * _scale(fmt) for v in drawn if v is not None]
    vaxis = dict(title=value_title, **_axis_format(fmt, drawn))
    top = None if stacked else _headroom(fig, horizontal, [
        r.value * (1.0 if horizontal else _scale(fmt)) for r in refs])
    if top is not None:  # room for the value written past the longest bar
        vaxis["range"] = [0, top]
    if horizontal:
        fig.update_xaxes(**vaxis)
        fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(cats)), title=None,
                         rangemode="normal", gridcolor="rgba(0,0,0,0)", ticks="",
                         ticklabelstandoff=6)  # the label does not touch its bar
        # few ticks: « 1 500 000 € » labels must not run into each other on a half-width chart
        fig.update_xaxes(gridcolor="#E6E6E6", rangemode="tozero", nticks=_nticks(fmt))
        _add_refs(fig, [RefLine(r.value, r.label, r.kind, "x") for r in refs], "entier")
        labels_over_lines(fig)
        h = height or max(340, 140 + 34 * len(cats) * (1 if stacked or color is None else 1.8))
    else:
        fig.update_yaxes(**vaxis)
        fig.update_xaxes(categoryorder="array", categoryarray=cats, title=None)
        _add_refs(fig, refs, fmt)
        h = height or 420
    return finish(fig, title, source, _note(df, note), int(h))


def labels_over_lines(fig: go.Figure) -> go.Figure:
    """The values written past the end of horizontal bars become labels on a white background,
    drawn above the figure's lines: a vertical reference line (the territory's value, a target)
    then passes behind a value instead of through it (« 68,8 % » crossed by the canton's 74,8 %).
    For one series of bars with a line (grouped bars keep plotly's own labels); the pages, their
    image exports and the packs draw their bars by unit through it."""
    bars = [t for t in fig.data if t.type == "bar" and t.orientation == "h"]
    if len(bars) != 1 or not fig.layout.shapes:
        return fig
    t = bars[0]
    if t.text is None or t.textposition not in (None, "outside"):
        return fig
    texts = [t.text] * len(t.x) if isinstance(t.text, str) else list(t.text)
    colors = t.textfont.color
    labels = []
    for i, (x, y, txt) in enumerate(zip(t.x, t.y, texts, strict=False)):
        if not txt:
            continue
        col = colors[i] if isinstance(colors, (list, tuple)) else colors
        left = (x or 0) >= 0
        labels.append(go.layout.Annotation(
            x=x or 0, y=y, xref="x", yref="y", text=str(txt), showarrow=False,
            xanchor="left" if left else "right", xshift=3 if left else -3, bgcolor="white",
            borderpad=1, font=dict(color=col, size=t.textfont.size)))
    # appended in one assignment, as add_annotation does one by one (each call copied every
    # annotation already there again: a bar chart of 20 units paid 20² copies)
    fig.layout.annotations += tuple(labels)
    t.text, t.textposition = None, "none"
    return fig


def _headroom(fig: go.Figure, horizontal: bool, extra: Sequence[float] = ()) -> float | None:
    """The value axis' end leaving room for the labels written outside the bars (plotly stops the
    axis at the longest bar, and its label then runs off the chart); None when a value is negative
    (plotly's own range is kept)."""
    vals = [v for t in fig.data for v in ((t.x if horizontal else t.y) or ()) if v is not None]
    vals += list(extra)
    if not vals or min(vals) < 0 or max(vals) <= 0:
        return None
    return max(vals) * (1.18 if horizontal else 1.12)


def funnel(df: pl.DataFrame, *, title: str, source: str, stage: str = "etape",
           value: str = "valeur", note: str | None = None) -> go.Figure:
    """Successive stages of the parcours; each bar shows its count and its share of the first."""
    vals = df[value].to_list()
    first = vals[0] if vals else None
    texts = []
    for v in vals:
        if v is None:
            texts.append("masqué")
        elif first:
            texts.append(f"{format_value(v, 'entier')} ({format_value(v / first, 'pourcentage')})")
        else:
            texts.append(format_value(v, "entier"))
    fig = go.Figure(go.Funnel(y=df[stage].to_list(), x=vals, text=texts, textinfo="text",
                              marker=dict(color=list(PALETTE[: len(vals)])),
                              hovertext=[f"{s} : {t}" for s, t in zip(df[stage].to_list(), texts, strict=False)],
                              hoverinfo="text", connector=dict(line=dict(color=GREY, width=1))))
    return finish(fig, title, source, note, 360)


def quantile_boxes(df: pl.DataFrame, *, title: str, source: str, label: str = "libelle",
                   refs: Sequence[RefLine] = (), note: str | None = None) -> go.Figure:
    """Box per unit drawn from precomputed quantiles (whiskers = 10th and 90th percentiles): the
    distribution without any individual value."""
    fig = go.Figure()
    for n, r in enumerate(df.rows(named=True)):
        name = r[label]
        fig.add_trace(go.Box(
            x=[wrap_label(name)], q1=[r["q1"]], median=[r["mediane"]], q3=[r["q3"]], lowerfence=[r["p10"]],
            upperfence=[r["p90"]], name=name, marker_color=PALETTE[n % len(PALETTE)],
            boxpoints=False, showlegend=False,
            hovertext=(f"{name}<br>médiane : {format_value(r['mediane'], 'jours')}<br>"
                       f"quartiles : {format_value(r['q1'], 'jours')} – "
                       f"{format_value(r['q3'], 'jours')}<br>10 % / 90 % : "
                       f"{format_value(r['p10'], 'jours')} – {format_value(r['p90'], 'jours')}<br>"
                       f"{format_value(r['n'], 'entier')} entrants orientés"),
            hoverinfo="text"))
    fig.update_yaxes(title="Délai (jours)", **_axis_format("jours"))
    fig.update_xaxes(tickangle=0)
    _add_refs(fig, refs, "jours")
    return finish(fig, title, source, note or "boîtes : quartiles ; moustaches : 10 % et 90 %", 440)


def km_curve(df: pl.DataFrame, *, title: str, source: str, x: str = "jours",
             y: str = "part_orientee", refs: Sequence[RefLine] = (), note: str | None = None,
             comparison: pl.DataFrame | None = None, names: tuple[str, str] = ("Période", "Comparaison"),
             y_title: str = "Part des entrants orientés") -> go.Figure:
    """Kaplan-Meier step curve: share oriented (or, with ``y`` and ``y_title``, still in the
    RSA) after t days."""
    fig = go.Figure()
    for n, (name, d) in enumerate(((names[0], df), (names[1], comparison))):
        if d is None or not d.height:
            continue
        ys = [v * 100 for v in d[y].to_list()]
        fig.add_scatter(x=d[x].to_list(), y=ys, mode="lines", line_shape="hv", name=name,
                        line=dict(color=PALETTE[n] if n == 0 else GREY, width=2.5,
                                  dash="solid" if n == 0 else "dot"),
                        hovertext=[f"{t} jours : {format_value(v / 100, 'pourcentage')}"
                                   for t, v in zip(d[x].to_list(), ys, strict=False)], hoverinfo="text",
                        showlegend=comparison is not None)
    fig.update_xaxes(title="Jours depuis l'ouverture du droit", tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title=y_title, range=[0, 100], ticksuffix=" %")
    _add_refs(fig, refs, "entier", "bottom right")  # the curve is high right of a target line
    return finish(fig, title, source, note, 420)


def title(what: str, where: str, when: str) -> str:
    """« Foyers bénéficiaires du RSA — Loir-et-Cher — 2025 »."""
    return " — ".join(p for p in (what, where, when) if p)


def sparkline(months: Sequence, values: Sequence[float | None], fmt_id: str) -> go.Figure | None:
    """A key card's trend line. Its hover says the month and the value as the card writes it
    (« oct. 2026 : 17,4 % »), where Streamlit's own card chart said « x: 0; y: 0.1739… ». A masked
    point is a gap. None with fewer than two values.

    Built in one call of the figure's constructor: the same figure as a trace then
    ``update_layout`` / ``update_xaxes`` / ``update_yaxes`` (plotly validates each update path by
    path: 6 ms a line instead of 1, paid for every card of every view no session had drawn —
    8 to 11 cards a page; ``tests/test_sparkline.py`` compares the two)."""
    pts = [(m, v) for m, v in zip(months, values, strict=False)]
    if sum(v is not None for _, v in pts) < 2:
        return None
    return go.Figure(dict(data=[spark_trace(pts, fmt_id)], layout=SPARK_LAYOUT))


def spark_trace(pts: Sequence[tuple], fmt_id: str) -> dict:
    """The trend line's trace: ``(month, value)`` points, None a gap."""
    return dict(type="scatter", x=[fr_month_short(m) for m, _ in pts], y=[v for _, v in pts],
                mode="lines+markers", line=dict(color=PALETTE[0], width=2), marker=dict(size=4),
                connectgaps=False,
                customdata=[format_value(v, fmt_id) if v is not None else "–" for _, v in pts],
                hovertemplate="%{x} : %{customdata}<extra></extra>")


SPARK_LAYOUT = dict(  # a card's trend line: 60 px high, no axis, transparent
    height=60, margin=dict(l=0, r=0, t=4, b=4), showlegend=False, template="none",
    plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)", hovermode="x",
    hoverlabel=dict(bgcolor="white", font_size=13),
    xaxis=dict(visible=False, type="category", fixedrange=True),
    yaxis=dict(visible=False, fixedrange=True))
