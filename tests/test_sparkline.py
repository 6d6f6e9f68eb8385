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
