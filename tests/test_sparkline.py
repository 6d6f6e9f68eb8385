"""A key card's trend line hovers in French: the month and the value as the card writes it,
not Streamlit's « x: 0; y: 0.173937626473 »."""
from __future__ import annotations

from datetime import date

from charts.figures import sparkline


def test_sparkline_hover_is_the_month_and_the_formatted_value():
    months = [date(2026, m, 1) for m in (8, 9, 10)]
    fig = sparkline(months, [0.173937626473, None, 0.18], "pourcentage")
    tr = fig.data[0]
    assert tr.hovertemplate == "%{x} : %{customdata}<extra></extra>"
    assert list(tr.x) == ["août 2026", "sept. 2026", "oct. 2026"]
    assert [s.replace("\u202f", " ") for s in tr.customdata] == ["17,4 %", "–", "18,0 %"]
    assert "x:" not in tr.hovertemplate and "y:" not in tr.hovertemplate


def test_no_sparkline_from_one_point():
    assert sparkline([date(2026, 10, 1), date(2026, 9, 1)], [None, 3.0], "entier") is None


def test_printed_sparkline_is_drawn_at_the_width_it_is_shown():
    """The printable version showed a card's trend line drawn 1 000 px wide shrunk to 160 px: a
    line a third of a pixel thick, faint on paper. It is drawn at the width it is shown."""
    import io

    from PIL import Image

    from reports.images import SCALE
    from ui import printable

    months = [date(2025, m, 1) for m in range(1, 13)]
    fig = sparkline(months, [100.0 + (m % 4) * 5 for m in range(12)], "entier")
    png = Image.open(io.BytesIO(printable._png(fig.to_json(), None, 160))).convert("RGBA")
    assert png.size == (160 * SCALE, 60 * SCALE)
    # the line: in every column of the image's middle, at least SCALE (one shown pixel) of
    # strongly coloured pixels
    px = png.load()
    for x in range(40, 160 * SCALE - 40, 25):
        dark = sum(1 for y in range(png.size[1]) if px[x, y][3] > 200 and min(px[x, y][:3]) < 160)
        assert dark >= SCALE, (x, dark)


def test_card_help_says_the_lines_step():
    """A stock's trend line has a point a quarter (four for a year): the card's help says so, as
    four points where the monthly chart has twelve read as missing months."""
    from ui.widgets import spark_span

    quarters = [date(2025, m, 1) for m in (3, 6, 9, 12)]
    assert spark_span(quarters) == ("La courbe montre l'évolution de 03/2025 à 12/2025 (un point "
                                    "par trimestre).")
    months = [date(2024, 12, 1), date(2025, 1, 1)]
    assert spark_span(months).endswith("(un point par mois).")


def test_sparkline_built_at_once_is_the_figure_built_step_by_step():
    """The trend line is built in one constructor call (6 times cheaper than a trace then three
    updates): the same figure — same properties, same JSON once parsed — as the step-by-step
    build it replaces, for a gap, a rate and an amount."""
    import json

    import plotly.graph_objects as go

    from charts.figures import spark_trace
    from charts.theme import PALETTE

    months = [date(2025, m, 1) for m in range(1, 13)]
    for values, fmt_id in (([0.17, None, 0.18] + [0.2] * 9, "pourcentage"),
                           ([1234.0 + m for m in range(12)], "entier")):
        pts = list(zip(months, values, strict=True))
        step = go.Figure(go.Scatter(**{k: v for k, v in spark_trace(pts, fmt_id).items()
                                       if k != "type"}))
        step.update_layout(height=60, margin=dict(l=0, r=0, t=4, b=4), showlegend=False,
                           template="none", plot_bgcolor="rgba(0,0,0,0)",
                           paper_bgcolor="rgba(0,0,0,0)", hovermode="x",
                           hoverlabel=dict(bgcolor="white", font_size=13))
        step.update_xaxes(visible=False, type="category", fixedrange=True)
        step.update_yaxes(visible=False, fixedrange=True)
        once = sparkline(months, values, fmt_id)
        assert json.loads(once.to_json()) == json.loads(step.to_json())
        assert once.layout.height == 60 and once.layout.xaxis.visible is False
        assert once.data[0].line.color == PALETTE[0] and once.data[0].y[1] == values[1]
