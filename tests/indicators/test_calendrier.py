"""The one calendar: period syntax (URL, CLI, reports), labels, cut at the extraction date,
comparison windows, month helpers."""
from __future__ import annotations

from datetime import date

import pytest

from indicators import calendrier as P

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
    assert P.parse(p.code, DE) == p


@pytest.mark.parametrize("text, debut, fin, libelle, code", [
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "année 2025", "2025"),
    ("2025-T2", date(2025, 4, 1), date(2025, 6, 30), "2e trimestre 2025", "2025-T2"),
    ("2024-t1", date(2024, 1, 1), date(2024, 3, 31), "1er trimestre 2024", "2024-T1"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "février 2024", "2024-02"),
    ("2025-03-05", date(2025, 3, 5), date(2025, 3, 5), "05/03/2025", "2025-03-05_2025-03-05"),
    # the reports' former separator and the canonical one read the same
    ("2025-01-15:2025-03-10", date(2025, 1, 15), date(2025, 3, 10), "du 15/01/2025 au 10/03/2025",
     "2025-01-15_2025-03-10"),
    ("2024-07:2025-06", date(2024, 7, 1), date(2025, 6, 30), "du 01/07/2024 au 30/06/2025",
     "2024-07-01_2025-06-30"),
    ("2024-07_2025-06", date(2024, 7, 1), date(2025, 6, 30), "du 01/07/2024 au 30/06/2025",
     "2024-07-01_2025-06-30"),
    ("2024_2025-T1", date(2024, 1, 1), date(2025, 3, 31), "du 01/01/2024 au 31/03/2025",
     "2024-01-01_2025-03-31"),
])
def test_report_forms(text, debut, fin, libelle, code):
    p = P.parse(text)
    assert (p.debut, p.fin, p.libelle, p.code, p.slug) == (debut, fin, libelle, code, code)


@pytest.mark.parametrize("bad", ["", "25", "2025-T5", "2025-13", "2025-02-30", "2025:2024",
                                 "2025-06-30_2025-01-01", "x", "2025_2026_2027", None])
def test_unreadable_codes_raise_in_french(bad):
    with pytest.raises(P.PeriodeInvalide, match="Période .* illisible"):
        P.parse(bad, DE)


def test_from_dates():
    assert P.from_dates(date(2024, 1, 1), date(2024, 12, 31)).libelle == "année 2024"
    assert P.from_dates(date(2024, 10, 1), date(2024, 12, 31)).code == "2024-T4"
    assert P.from_dates(date(2024, 3, 1), date(2024, 3, 31)).code == "2024-03"
    assert P.from_dates(date(2024, 2, 1), date(2024, 4, 30)).kind == "plage"  # not a quarter
    assert P.from_dates(date(2024, 1, 1), date(2024, 11, 1)).label == "du 01/01/2024 au 01/11/2024"


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


# debut, fin, mode → the comparison window (debut, fin); then what the row shows
COMPARISONS = """
2024-01-01 2024-12-31 precedente  2023-01-01 2023-12-31  a whole year: the previous whole year
2025-01-01 2025-12-31 precedente  2024-01-01 2024-12-31
2024-01-01 2024-03-31 precedente  2023-10-01 2023-12-31  a quarter: the previous quarter
2024-03-01 2024-03-31 precedente  2024-02-01 2024-02-29  a month: the previous month
2025-03-01 2025-03-31 precedente  2025-02-01 2025-02-28
2024-07-01 2024-12-31 precedente  2024-01-01 2024-06-30  six whole months: the six before
2024-01-10 2024-01-19 precedente  2023-12-31 2024-01-09  any other window: as many days just before
2025-01-10 2025-01-19 precedente  2024-12-31 2025-01-09
2025-02-01 2025-02-28 n-1         2024-02-01 2024-02-29  n-1: whole months stay whole (1-29/02/2024)
2024-02-01 2024-02-29 n-1         2023-02-01 2023-02-28
2024-02-29 2024-03-10 n-1         2023-02-28 2023-03-10  otherwise the same dates a year earlier
2024-01-01 2024-12-31 n-1         2023-01-01 2023-12-31
"""


@pytest.mark.parametrize("row", COMPARISONS.strip().splitlines(), ids=lambda r: "_".join(r.split()[:3]))
def test_comparison_period(row):
    debut, fin, mode, exp_debut, exp_fin = row.split()[:5]
    d = date.fromisoformat
    assert P.comparison_period(d(debut), d(fin), mode) == (d(exp_debut), d(exp_fin))


def test_default_and_options():
    assert P.default(DE).code == "2026"
    assert P.default(date(2026, 2, 10)).code == "2025"
    assert [p.code for p in P.quarter_options(DE)[:3]] == ["2026-T4", "2026-T3", "2026-T2"]
    assert [p.code for p in P.quarter_options(date(2026, 1, 5))[:2]] == ["2026-T1", "2025-T4"]
    assert P.month_options(DE)[1].code == "2026-10"
    assert P.month_options(date(2026, 1, 5))[1].code == "2025-12"
    assert P.year_options(DE)[-1].code == "2021"


def test_month_helpers():
    assert P.month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert P.add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert P.add_months(date(2025, 1, 15), -13) == date(2023, 12, 15)
    assert P.month_starts(date(2024, 11, 15), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
    assert P.month_starts(date(2025, 2, 1), date(2025, 1, 1)) == []
    assert P.whole_months(date(2025, 1, 1), date(2025, 6, 30)) == 6
    assert P.whole_months(date(2025, 1, 2), date(2025, 6, 30)) is None
    assert P.last_complete_month(date(2026, 11, 1)) == date(2026, 10, 1)
    assert P.last_complete_month(date(2026, 11, 30)) == date(2026, 11, 1)


def test_defaults_on_the_last_complete_month_and_quarter():
    assert P.default_month(DE).code == "2026-10"
    assert P.default_quarter(DE).code == "2026-T3"
    assert P.default_quarter(date(2026, 9, 30)).code == "2026-T3"  # 30/09 closes the quarter
    assert P.default_quarter(date(2026, 1, 15)).code == "2025-T4"
    assert P.default_month(date(2026, 1, 15)).code == "2025-12"
    assert not P.default_month(DE).cut and not P.default_quarter(DE).cut


def test_years_from_the_first_data_year_and_periods_outside_the_data():
    assert [p.code for p in P.year_options(DE, first_year=2015)][-1] == "2015"
    assert len(P.year_options(DE, first_year=2015)) == 12
    assert "après la date des données (01/11/2026)" in P.outside_data(P.parse("2030", DE), DE, 2015)
    assert "avant le début des données (2015)" in P.outside_data(P.parse("2010", DE), DE, 2015)
    assert P.outside_data(P.parse("2015", DE), DE, 2015) is None
    assert P.outside_data(P.parse("2026-11", DE), DE, 2015) is None  # begun: shown, cut
