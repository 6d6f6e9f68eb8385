"""Figure builders: French formats, titles and source line, masked values as gaps, reference
lines, boxes from quantiles only (no individual value)."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from charts import figures as F
from charts.theme import PALETTE, SEPARATORS, source_label, source_text
from indicators.formatting import fr_month_short

SRC = source_text("SOLIS 2026-11", date(2026, 11, 1))


def series(values, masked=None):
    months = [date(2026, m, 1) for m in range(1, len(values) + 1)]
    return pl.DataFrame({"mois": months, "valeur": values,
                         "masque": masked or [False] * len(values)})


def annotation_texts(fig):
    return [a.text for a in fig.layout.annotations]


def test_source_line_and_theme():
    assert SRC == "Source : SOLIS 2026-11, données au 01/11/2026"
    assert source_label("SOLIS 2026-11") == "Source : SOLIS 2026-11"
    assert source_label("") == "Source : extraction"
    fig = F.time_series(series([1.0, 2.0]), title="Foyers — Loir-et-Cher — 2026", source=SRC)
    assert fig.layout.separators == SEPARATORS == ", "
    assert fig.layout.title.text == "Foyers — Loir-et-Cher — 2026"
    assert any(t.startswith("Source : SOLIS 2026-11") for t in annotation_texts(fig))
    assert fig.data[0].line.color == PALETTE[0]


def test_months_in_french_and_masked_points_are_gaps():
    fig = F.time_series(series([10.0, None, 12.0], [False, True, False]), title="t", source=SRC)
    assert list(fig.layout.xaxis.ticktext)[:2] == ["janv.<br>2026", "févr."]
    assert fig.data[0].y[1] is None and fig.data[0].connectgaps is False
    assert "secret statistique" in " ".join(annotation_texts(fig))
    assert fr_month_short(date(2025, 8, 1)) == "août 2025"


def test_rates_are_drawn_in_percent_with_french_hover():
    fig = F.time_series(series([0.453]), title="t", source=SRC, fmt="pourcentage",
                        refs=[F.RefLine(0.86, "France : 86 %", "reference")])
    assert abs(fig.data[0].y[0] - 45.3) < 1e-9
    assert fig.layout.yaxis.ticksuffix == " %"
    assert "45,3\u202f%" in fig.data[0].hovertext[0]
    assert any(abs(s.y0 - 86) < 1e-9 for s in fig.layout.shapes)


def test_bars_with_values_and_national_points():
    df = pl.DataFrame({"cat": ["Moins de 6 mois", "Plus d'un an"], "valeur": [0.5, 0.9]})
    pts = pl.DataFrame({"cat": ["Moins de 6 mois"], "valeur": [0.57]})
    fig = F.bars(df, category="cat", fmt="pourcentage", horizontal=False, points=pts,
                 title="t", source=SRC)
    assert list(fig.data[0].text) == ["50,0\u202f%", "90,0\u202f%"]
    assert fig.data[1].mode == "markers" and abs(fig.data[1].y[0] - 57) < 1e-9


def test_boxes_come_from_quantiles_only():
    df = pl.DataFrame({"libelle": ["Vendôme"], "n": [40], "p10": [5.0], "q1": [10.0],
                       "mediane": [20.0], "q3": [30.0], "p90": [50.0]})
    fig = F.quantile_boxes(df, title="t", source=SRC)
    box = fig.data[0]
    assert box.boxpoints is False and box.q1 == (10.0,) and box.upperfence == (50.0,)
    assert box.y is None  # no individual délai is sent to the browser


def test_funnel_shares_of_the_first_stage():
    df = pl.DataFrame({"etape": ["Entrants", "Orientés"], "valeur": [200, 150]})
    fig = F.funnel(df, title="t", source=SRC)
    assert list(fig.data[0].text) == ["200 (100,0\u202f%)", "150 (75,0\u202f%)"]


def test_long_titles_wrap():
    fig = F.time_series(series([1.0]), title="mot " * 40, source=SRC)
    assert "<br>" in fig.layout.title.text


def test_long_title_puts_the_period_on_its_own_line():
    t = "Part des entrants orientés selon le temps écoulé — Loir-et-Cher — 2026 (au 01/11/2026)"
    fig = F.km_curve(pl.DataFrame({"jours": [0, 10], "part_orientee": [0.0, 0.5]}), title=t,
                     source=SRC)
    head, when = fig.layout.title.text.split("<br><span", 1)
    assert head == "Part des entrants orientés selon le temps écoulé —<br>Loir-et-Cher"
    assert "2026 (au 01/11/2026)</span>" in when
    assert all(len(line) <= 56 for line in head.split("<br>"))


def test_source_line_is_anchored_right_so_long_labels_do_not_push_it_off():
    df = pl.DataFrame({"etape": ["Accompagnement commencé", "CER signé"], "valeur": [10, 5]})
    src = [a for a in F.funnel(df, title="t", source=SRC).layout.annotations
           if a.text.startswith("Source")][0]
    assert (src.x, src.xanchor) == (1, "right")


def test_no_english_number_suffixes_and_french_plotly_locale():
    import plotly.io as pio

    from charts.theme import PLOTLY_CONFIG, TEMPLATE_NAME

    axes = pio.templates[TEMPLATE_NAME].layout
    for ax in (axes.xaxis, axes.yaxis):  # no « 10k », « 1.5M »
        assert ax.exponentformat == "none" and ax.separatethousands is True
    fr = PLOTLY_CONFIG["locales"][PLOTLY_CONFIG["locale"]]
    assert fr["format"]["months"][7] == "août" and fr["format"]["shortMonths"][0] == "janv."
    assert fr["format"]["decimal"] == ","
    assert fr["dictionary"]["Zoom in"] == "Zoom avant"


def test_bar_axis_leaves_room_for_the_outside_labels_and_largest_comes_first():
    df = pl.DataFrame({"cat": ["a", "b", "c"], "valeur": [0.2, 0.812, 0.5]})
    fig = F.bars(df, category="cat", fmt="pourcentage", sort=True, title="t", source=SRC)
    assert fig.layout.xaxis.range[1] > 81.2 * 1.1
    # horizontal: plotly draws the first category of the array at the bottom
    assert list(fig.layout.yaxis.categoryarray) == ["a", "c", "b"]
    neg = F.bars(pl.DataFrame({"cat": ["a"], "valeur": [-3.0]}), category="cat", title="t",
                 source=SRC)
    assert neg.layout.xaxis.range is None


def test_month_ticks_repeat_the_year_only_when_it_changes():
    months = [date(2025, m, 1) for m in range(7, 13)] + [date(2026, m, 1) for m in range(1, 7)]
    fig = F.time_series(pl.DataFrame({"mois": months, "valeur": [1.0] * 12}), title="t",
                        source=SRC)
    assert list(fig.layout.xaxis.ticktext) == ["juil.<br>2025", "sept.", "nov.", "janv.<br>2026",
                                               "mars", "mai"]


def _value_labels(fig):
    return {a.y: a for a in fig.layout.annotations if a.xref == "x" and a.yref == "y"}


def test_a_reference_line_passes_behind_the_bar_values_on_page_and_pack():
    """The canton's dashed line at 70 % would cross « 68,8 % » written past Chailles' bar: the
    values are labels on a white background, above the line (charts.bars and the pack's
    units_figure alike)."""
    import indicators.engine  # noqa: F401  (registers the indicators)
    from charts.figures import RefLine, bars
    from indicators.registry import REGISTRY
    from reports.figures import units_figure

    page = bars(pl.DataFrame({"nom": ["Blois", "Chailles"], "valeur": [0.686, 0.688]}),
                category="nom", fmt="pourcentage", title="t", source="s",
                refs=[RefLine(0.70, "Canton : 70,0 %", "reference")])
    pack = units_figure(["Blois", "Chailles"], [0.686, 0.688], [False, False],
                        REGISTRY["part_orientes_dans_delai"], ensemble=(0.70, "Canton : 70,0 %"))
    for fig in (page, pack):
        bar = next(t for t in fig.data if t.type == "bar")
        assert bar.text is None and bar.textposition == "none"
        labels = _value_labels(fig)
        assert set(labels) == {"Blois", "Chailles"}
        assert all(a.bgcolor == "white" and a.xanchor == "left" for a in labels.values())
        assert "68,8" in labels["Chailles"].text and fig.layout.shapes  # the line is still drawn
        value = dict(zip(bar.y, bar.x, strict=True))["Chailles"]  # on the figure's own scale
        assert labels["Chailles"].x == pytest.approx(value) and value in (0.688, 68.8)


def test_bars_without_a_line_keep_their_own_labels():
    from charts.figures import bars

    fig = bars(pl.DataFrame({"nom": ["Blois"], "valeur": [3.0]}), category="nom", title="t",
               source="s")
    assert fig.data[0].text is not None and not _value_labels(fig)


@pytest.mark.parametrize("values,fmt,dtick", [
    ([None, None, None], "entier", 1),      # every month masked: 0 and 1, not « 0, 0, 0, 1, 1, 1 »
    ([0.0, 3.0, 2.0], "entier", 1),         # a few units
    ([0.01, 0.04], "pourcentage", 1),       # 1 % to 4 %: one tick per point
    ([0.0, 120.0, 80.0], "entier", None),   # plotly's own ticks
    ([0.0, 2.5], "decimal", 1),
])
def test_whole_number_axis_labels_never_repeat(values, fmt, dtick):
    masked = [v is None for v in values]
    line = F.time_series(series(values, masked), title="t", source=SRC, fmt=fmt)
    assert line.layout.yaxis.dtick == dtick
    df = pl.DataFrame({"c": [f"c{i}" for i in range(len(values))], "valeur": values})
    bar = F.bars(df, category="c", title="t", source=SRC, fmt=fmt)
    assert bar.layout.xaxis.dtick == dtick


def test_stacked_bars_axis_counts_the_whole_stack():
    df = pl.DataFrame({"c": ["a", "a", "b", "b"], "s": ["x", "y", "x", "y"],
                       "valeur": [4.0, 5.0, 3.0, 4.0]})
    fig = F.bars(df, category="c", color="s", stacked=True, title="t", source=SRC)
    assert fig.layout.xaxis.dtick is None  # stacks of 9 and 7: plotly's own ticks


def test_a_masked_bar_says_masque_instead_of_nothing():
    """Sorties par motif of canton 4104: « Autre » and « Sanction » masked had neither bar nor
    label (read as zero or as a drawing bug)."""
    from charts.figures import bars

    fig = bars(pl.DataFrame({"motif": ["Reprise", "Autre"], "valeur": [40.0, None]}),
               category="motif", title="t", source="s")
    bar = fig.data[0]
    shown = dict(zip(bar.y, zip(bar.x, bar.text, strict=True), strict=True))
    assert shown["Autre"] == (0.0, "masqué") and shown["Reprise"] == (40.0, "40")
    assert "Autre : masqué" in bar.hovertext


def test_small_multiples_zero_tick_stands_off_the_first_panel():
    """The shared y axis' « 0 » sat on the first panel's x tick mark (Loiret printable Carte)."""
    from charts.small_multiples import mdcs_small_multiples
    from indicators.registry import REGISTRY

    months = [date(2026, m, 1) for m in range(1, 7)]
    df = pl.DataFrame({"mois": months * 2, "mdcs": ["A"] * 6 + ["B"] * 6,
                       "mdcs_libelle": ["Gien"] * 6 + ["Montargis"] * 6,
                       "valeur": [float(v) for v in range(12)]})
    fig = mdcs_small_multiples(df, REGISTRY["foyers_beneficiaires"], title="T", source=SRC)
    axes = [fig.layout[k] for k in fig.layout if k.startswith("yaxis")]
    assert len(axes) == 2 and all(a.ticklabelstandoff and a.ticklabelstandoff >= 4 for a in axes)
    assert all(a.rangemode == "tozero" for a in axes)


def test_bar_value_labels_added_at_once_are_those_added_one_by_one():
    """labels_over_lines appends its labels in one assignment (add_annotation copied every label
    already there at each call: n² copies for n units): the same figure as adding them one by
    one — the same annotations, the labels in the units' order, a negative value written
    left of its bar, a masked bar's « masqué »."""
    import json

    import plotly.graph_objects as go

    from charts.figures import RefLine, bars

    df = pl.DataFrame({"nom": [f"Unité {i}" for i in range(25)],
                       "valeur": [None if i == 2 else 0.1 * i - (0.3 if i == 1 else 0)
                                  for i in range(25)]})
    fig = bars(df, category="nom", fmt="pourcentage", title="t — x — 2025", source="s",
               refs=[RefLine(0.5, "Objectif : 50 %")])
    ref = json.loads(fig.to_json())
    # the same labels added one by one to the figure without them
    labels = [a for a in fig.layout.annotations if a.xref == "x" and a.bgcolor == "white"]
    assert [a.y for a in labels] == list(fig.data[0].y)  # every unit, the masked one included
    one_by_one = go.Figure(fig)
    one_by_one.layout.annotations = [a for a in fig.layout.annotations if a not in labels]
    for a in labels:
        one_by_one.add_annotation(a)
    got = json.loads(one_by_one.to_json())
    assert sorted(map(json.dumps, got["layout"]["annotations"])) == \
        sorted(map(json.dumps, ref["layout"]["annotations"]))
    by_unit = {a.y: a for a in labels}
    assert by_unit["Unité 1"].xanchor == "right" and by_unit["Unité 1"].xshift == -3  # −20 %
    assert by_unit["Unité 2"].text == "masqué" and by_unit["Unité 2"].x == 0
    assert by_unit["Unité 4"].xanchor == "left" and "40,0" in by_unit["Unité 4"].text
