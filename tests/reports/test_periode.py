from datetime import date

import pytest

from reports.periode import PeriodeInvalide, parse_periode, periode_from_dates


@pytest.mark.parametrize("text, debut, fin, libelle", [
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "année 2025"),
    ("2025-T2", date(2025, 4, 1), date(2025, 6, 30), "2e trimestre 2025"),
    ("2024-T1", date(2024, 1, 1), date(2024, 3, 31), "1er trimestre 2024"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "février 2024"),
    ("2025-01-15:2025-03-10", date(2025, 1, 15), date(2025, 3, 10), "du 15/01/2025 au 10/03/2025"),
    ("2024-07:2025-06", date(2024, 7, 1), date(2025, 6, 30), "du 01/07/2024 au 30/06/2025"),
])
def test_parse(text, debut, fin, libelle):
    p = parse_periode(text)
    assert (p.debut, p.fin, p.libelle) == (debut, fin, libelle)


@pytest.mark.parametrize("text", ["25", "2025-T5", "2025-13", "2025-02-30", "2025:2024", "abc"])
def test_invalid_in_french(text):
    with pytest.raises(PeriodeInvalide, match="Période"):
        parse_periode(text)


def test_code_round_trip():
    assert periode_from_dates(date(2024, 1, 1), date(2024, 12, 31)).libelle == "année 2024"
    assert periode_from_dates(date(2024, 10, 1), date(2024, 12, 31)).code == "2024-T4"
    assert periode_from_dates(date(2024, 3, 1), date(2024, 3, 31)).code == "2024-03"
    assert parse_periode("2025-01-01:2025-06-30").slug == "2025-01-01_2025-06-30"
