"""Dashboard periods: URL codes, labels, cut at the extraction date, comparison windows."""
from __future__ import annotations

from datetime import date

import pytest

from indicators import periods as P

DE = date(2026, 11, 1)


@pytest.mark.parametrize("code,debut,fin,label", [
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ("2026", date(2026, 1, 1), date(2026, 11, 1), "2026 (au 01/11/2026)"),
    ("2025-T3", date(2025, 7, 1), date(2025, 9, 30), "3e trimestre 2025"),
    ("2025-T1", date(2025, 1, 1), date(2025, 3, 31), "1er trimestre 2025"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "février 2024"),
    ("2025-01-15_2025-06-30", date(2025, 1, 15), date(2025, 6, 30), "du 15/01/2025 au 30/06/2025"),
])
def test_codes_roundtrip(code, debut, fin, label):
    p = P.parse(code, DE)
    assert (p.debut, p.fin_effective, p.label, p.code) == (debut, fin, label, code)


@pytest.mark.parametrize("bad", ["", "25", "2025-T5", "2025-13", "2025-06-30_2025-01-01", "x"])
def test_unreadable_codes_raise_in_french(bad):
    with pytest.raises(ValueError, match="illisible"):
        P.parse(bad, DE)


def test_comparisons():
    y = P.parse("2025", DE)
    assert (P.comparison(y, "n-1").debut, P.comparison(y, "n-1").fin) == (date(2024, 1, 1), date(2024, 12, 31))
    assert P.comparison(y, "n-1").label == "2024"
    q = P.parse("2026-T1", DE)
    prev = P.comparison(q, "precedente")
    assert (prev.debut, prev.fin, prev.label) == (date(2025, 10, 1), date(2025, 12, 31), "4e trimestre 2025")
    cut = P.parse("2026", DE)  # a year to date compares with the same dates a year earlier
    c = P.comparison(cut, "n-1")
    assert (c.debut, c.fin) == (date(2025, 1, 1), date(2025, 11, 1))
    assert (P.comparison(cut, "precedente").debut, P.comparison(cut, "precedente").fin) == (
        date(2025, 1, 1), date(2025, 11, 1))


def test_default_and_options():
    assert P.default(DE).code == "2026"
    assert P.default(date(2026, 2, 10)).code == "2025"
    assert [p.code for p in P.quarter_options(DE)[:3]] == ["2026-T4", "2026-T3", "2026-T2"]
    assert P.month_options(DE)[1].code == "2026-10"
    assert P.year_options(DE)[-1].code == "2021"
