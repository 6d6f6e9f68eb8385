from datetime import date

from indicators.formatting import NNBSP, format_delta, format_value, fr_date, fr_number, fr_percent


def test_french_numbers():
    assert fr_number(12345.6, 1) == f"12{NNBSP}345,6"
    assert fr_number(12345.6, 1, sep=" ") == "12 345,6"
    assert fr_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fr_number(None) == "–"


def test_french_percent_and_dates():
    assert fr_percent(0.453) == f"45,3{NNBSP}%"
    assert fr_date(date(2024, 12, 31)) == "31/12/2024"


def test_format_by_registry_format():
    assert format_value(38.0, "jours") == f"38{NNBSP}j"
    assert format_value(0.5, "pourcentage") == f"50,0{NNBSP}%"
    assert format_delta(-12, "jours") == f"−12{NNBSP}j"
    assert format_delta(0.012, "pourcentage") == f"+1,2{NNBSP}pt"
