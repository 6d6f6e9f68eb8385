"""Sheet names of an XLSX export: Excel refuses a name that starts or ends with an apostrophe,
and a table's title cut to the sheet's length can end with one (« Orientation 1 — Prioriser
l'accès… » → « Orientation 1 — Prioriser l' »): the export of the packs' and the Plan page's
tables of orientations crashed (xlsxwriter InvalidWorksheetName)."""
from __future__ import annotations

import io

import polars as pl
import pytest
from openpyxl import load_workbook

from indicators.views.tables import Table
from reports.tables import to_xlsx


def _table(titre: str) -> Table:
    df = pl.DataFrame({"Indicateur": ["Foyers"], "Valeur": ["12"]})
    return Table(df, df).titled(titre)


@pytest.mark.parametrize("titre", [
    "Orientation 1 — Prioriser l'accès et le retour à l'emploi",
    "'Citation' du comité de suivi",
    "L" + "a" * 26 + "'bc",
])
def test_a_title_cut_on_an_apostrophe_still_gives_a_valid_sheet(titre):
    wb = load_workbook(io.BytesIO(to_xlsx([_table(titre), _table(titre)])))
    names = wb.sheetnames[:-1]  # the last one: « Définitions »
    assert len(names) == 2 and len({n.lower() for n in names}) == 2
    for n in names:
        assert n and len(n) <= 31 and not n.startswith("'") and not n.endswith("'"), n
        assert titre.replace("'", "").startswith(n.removesuffix(" 2").replace("'", "").strip()), n
