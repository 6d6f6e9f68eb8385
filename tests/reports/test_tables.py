"""The one table type (:class:`indicators.views.Table`) built from a pack's rows: French display
through :class:`indicators.formatting.Format`, CSV for Excel France, XLSX number formats."""
import io
from datetime import date

import openpyxl
import polars as pl

from indicators.views.tables import cell_text, rows_table, table_csv
from reports.tables import to_xlsx


def _table():
    return rows_table("Taux par MDCS", ["MDCS", ("Taux", "pourcentage"), ("Foyers", "entier"),
                                        ("Délai", "jours"), ("Date", "date")],
                      [["Vendôme", 0.4532, 12345, 38.5, date(2024, 12, 31)],
                       ["Le Perche", "secret statistique", "< 5", None, None]],
                      indicateurs=("foyers_beneficiaires",))


def test_csv_for_excel_france():
    raw = table_csv(_table())
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "MDCS;Taux (%);Foyers;Délai;Date"
    assert lines[1] == "Vendôme;45,3;12345;38,5;31/12/2024"  # rounded as on screen, decimal comma
    assert lines[2] == "Le Perche;secret statistique;< 5;;"


def test_display_french():
    assert cell_text(0.4532, "pourcentage") == "45,3\u202f%"
    assert cell_text(12345, "entier") == "12\u202f345"
    assert cell_text(date(2024, 12, 31), "date") == "31/12/2024"
    assert cell_text("< 5", "entier") == "< 5"
    t = _table()
    assert t.headers == ["MDCS", "Taux", "Foyers", "Délai", "Date"]
    assert t.display_rows() == [["Vendôme", "45,3\u202f%", "12\u202f345", "38,5\u202fj", "31/12/2024"],
                                ["Le Perche", "secret statistique", "< 5", "–", "–"]]
    assert t.numeric() == [False, True, True, True, True]


def test_xlsx_formats_and_definitions():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(_table(), entete=["Loir-et-Cher — 2025"])))
    assert wb.sheetnames == ["Taux par MDCS", "Définitions"]
    ws = wb["Taux par MDCS"]
    assert ws["A1"].value == "Taux par MDCS" and ws["A2"].value == "Loir-et-Cher — 2025"
    header = [c.value for c in ws[4]]
    assert header == ["MDCS", "Taux (%)", "Foyers", "Délai", "Date"]  # as the page's XLSX
    assert ws["A4"].font.bold
    assert abs(ws["B5"].value - 0.453) < 1e-9 and ws["B5"].number_format == "0.0%"
    assert ws["C5"].value == 12345 and ws["C5"].number_format == "#,##0"
    assert ws["E5"].number_format == "dd/mm/yyyy" and ws["E5"].value.date() == date(2024, 12, 31)
    assert ws["B6"].value == "secret statistique" and ws["C6"].value == "< 5"
    d = wb["Définitions"]
    assert [c.value for c in d[1]][:3] == ["Indicateur", "Définition", "Unité"]
    assert d["A2"].value == "Foyers bénéficiaires du RSA" and "date_ouverture" in d["B2"].value


def test_xlsx_without_named_indicators_defines_the_whole_registry():
    from indicators.engine import REGISTRY
    from indicators.views import Table

    df = pl.DataFrame({"a": [1, 2]})
    d = openpyxl.load_workbook(io.BytesIO(to_xlsx(Table(df, df, titre="Brut"))))["Définitions"]
    assert d.max_row - 1 == len(REGISTRY)
