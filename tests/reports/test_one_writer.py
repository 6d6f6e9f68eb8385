"""One slug, one CSV writer, one XLSX writer for every table (issue 10, item 8)."""
from __future__ import annotations

import io

import polars as pl
from openpyxl import load_workbook

from indicators.views import Table, table_csv
from reports.images import file_name
from reports.tables import slug, to_xlsx


def _table() -> Table:
    disp = pl.DataFrame({"MDCS": ["Vendôme", "Blois"], "Taux": ["76,9 %", "secret statistique"],
                         "Foyers": ["1 175", "< 5"]})
    exp = pl.DataFrame({"MDCS": ["Vendôme", "Blois"], "Taux (%)": [76.9, None],
                        "Foyers": [1175, None]})
    return Table(disp, exp, "note", {"Taux (%)": "pourcentage", "Foyers": "entier"})


def test_one_slug_for_tables_and_images():
    assert slug("Fiche MDCS Vendôme") == "fiche_mdcs_vendome"
    assert slug("Délais par territoire") + ".csv" == "delais_par_territoire.csv"
    assert file_name("Délais par territoire", "png") == "delais_par_territoire.png"


def test_csv_has_its_header_and_masked_cells_as_text():
    text = table_csv(_table(), ["Délais", "MDCS Vendôme — 2025", "Source : démo, données au 01/11/2026"])
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[:4] == ["Délais", "MDCS Vendôme — 2025", "Source : démo, données au 01/11/2026", ""]
    assert lines[4] == "MDCS;Taux (%);Foyers"
    assert lines[5] == "Vendôme;76,9;1175"
    assert lines[6] == "Blois;secret statistique;< 5"


def test_xlsx_stores_rates_as_fractions_with_a_percent_format_and_counts_as_integers():
    wb = load_workbook(io.BytesIO(to_xlsx(_table().titled("t"))))
    ws = wb.worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    rate = next(c for c in cells.values() if isinstance(c.value, float))
    assert abs(rate.value - 0.769) < 1e-9 and rate.number_format == "0.0%"  # Excel: 76,9 %
    count = next(c for v, c in cells.items() if v == 1175)
    assert isinstance(count.value, int) and count.number_format == "#,##0"  # « 1 175 »
    assert "secret statistique" in cells and "< 5" in cells
