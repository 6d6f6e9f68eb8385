from datetime import date, datetime

from indicators.formatting import (
    NNBSP,
    format_delta,
    format_value,
    fr_date,
    fr_datetime,
    fr_month_short,
    fr_number,
    fr_percent,
)


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


def test_babel_keeps_todays_output_and_rounding():
    from indicators.formatting import FORMATS

    assert fr_number(-1234.5, 1) == f"-1{NNBSP}234,5"
    assert fr_number(74.475, 2) == "74,47"  # the stored binary value, rounded half to even
    assert fr_number(0.5) == "0" and fr_number(1.5) == "2"
    assert fr_date(date(2024, 1, 5)) == "05/01/2024"
    assert set(FORMATS) == {"entier", "pourcentage", "jours", "euros", "decimal"}


def test_one_format_object_per_registry_format():
    from indicators.formatting import fmt

    jours = fmt("jours")
    assert jours.value(12) == f"12{NNBSP}j" and jours.sentence(12) == "12 jours"  # declared, both
    assert jours.sentence(1) == "1 jour"
    assert fmt("pourcentage").value(0.769) == f"76,9{NNBSP}%" and fmt("pourcentage").xlsx == "0.0%"
    assert fmt("pourcentage").export(0.76923) == 76.9 and fmt("entier").export(1175.0) == 1175
    assert fmt("decimal").delta(0.2) == "+0,2"  # a ratio per 1 000 keeps its decimal (not « +0 »)
    assert fmt("euros").value(1234) == f"1{NNBSP}234{NNBSP}€"
    assert format_delta(340, "euros") == f"+340{NNBSP}€"


def test_datetime_and_short_month_are_french():
    d = datetime(2024, 3, 5, 14, 5, 9)
    assert fr_datetime(d) == "05/03/2024 14:05"
    assert fr_datetime(d, seconds=True) == "05/03/2024 14:05:09"
    assert fr_datetime(None) == "–"
    assert fr_month_short(date(2026, 2, 1)) == "févr. 2026"


def test_upper_first_keeps_acronyms():
    from indicators.formatting import upper_first

    assert upper_first("délai d'avis de l'EP : 30 jours") == "Délai d'avis de l'EP : 30 jours"
    assert upper_first("même période N-1 (2024)") == "Même période N-1 (2024)"
    assert upper_first("") == ""
