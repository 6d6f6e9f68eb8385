import io
from datetime import date

import openpyxl

from reports.tables import Column, TableData, display, from_frame, to_csv, to_xlsx


def _table() -> TableData:
    return TableData("Taux par MDCS", [Column("MDCS"), Column("Taux", "pourcentage"),
                                       Column("Foyers", "entier"), Column("Délai", "jours"),
                                       Column("Date", "date")],
                     [["Vendôme", 0.4532, 12345, 38.5, date(2024, 12, 31)],
                      ["Le Perche", "secret statistique", "< 5", None, None]],
                     indicateurs=("foyers_beneficiaires",))


def test_csv_for_excel_france():
    raw = to_csv(_table())
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "MDCS;Taux (%);Foyers;Délai;Date"
    assert lines[1] == "Vendôme;45,3;12345;38,5;31/12/2024"  # rounded as on screen  # decimal comma, no thousands sep
    assert lines[2] == "Le Perche;secret statistique;< 5;;"


def test_display_french():
    assert display(0.4532, "pourcentage") == "45,3\u202f%"
    assert display(12345, "entier") == "12\u202f345"
    assert display(date(2024, 12, 31), "date") == "31/12/2024"
    assert display("< 5", "entier") == "< 5"


def test_xlsx_formats_and_definitions():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(_table(), entete=["Loir-et-Cher — 2025"])))
    assert wb.sheetnames == ["Taux par MDCS", "Définitions"]
    ws = wb["Taux par MDCS"]
    assert ws["A1"].value == "Taux par MDCS" and ws["A2"].value == "Loir-et-Cher — 2025"
    header = [c.value for c in ws[4]]
    assert header == ["MDCS", "Taux", "Foyers", "Délai", "Date"]
    assert ws["A4"].font.bold
    assert ws["B5"].value == 0.4532 and ws["B5"].number_format == "0.0%"
    assert ws["C5"].number_format == "#,##0"
    assert ws["E5"].number_format == "dd/mm/yyyy" and ws["E5"].value.date() == date(2024, 12, 31)
    assert ws["C6"].value == "< 5"
    d = wb["Définitions"]
    assert [c.value for c in d[1]][:3] == ["Indicateur", "Définition", "Unité"]
    assert d["A2"].value == "Foyers bénéficiaires du RSA" and "date_ouverture" in d["B2"].value


def test_xlsx_without_named_indicators_defines_the_whole_registry():
    from indicators.engine import REGISTRY

    t = from_frame(__import__("polars").DataFrame({"a": [1, 2]}), "Brut")
    d = openpyxl.load_workbook(io.BytesIO(to_xlsx(t)))["Définitions"]
    assert d.max_row - 1 == len(REGISTRY)
