"""Partner sheets on the tiny extraction: their figures are the library's (the registry's action
indicators broken down by porteur), and a few by hand.

Period 01/01–30/06/2024. « Régie de quartier » runs A01 (10 places): participants overlapping the
period PA01 (P01) and PA02 (P02) → 2, fill rate 2 / 10 = 20 %; in 2023 PA06 (P07) and PA01 → 2.
« Auto-école sociale » runs A02 (places unknown): participants P03, P04, P05, P09 (enters on
30/06), P01 → 5, fill rate « – »; exits in the period PA03 111 d, PA04 120 d, PA05 106 d, PA08 61 d
→ mean length 398 / 4 = 99,5 days.
"""
from __future__ import annotations

import polars as pl
import pytest

from data.referentiel import load_referentiel
from indicators import engine
from indicators.engine import make_ctx
from indicators.views import partners as PT
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()


@pytest.fixture(scope="module")
def ctx():
    return make_ctx(tiny.tiny_extraction(), REF, Settings(), tiny.DEBUT, tiny.FIN, None)


@pytest.fixture(scope="module")
def sheets(ctx):
    return {s.porteur: s for s in PT.partner_sheets(ctx, years=1)}


def _col(sheet, period: str) -> dict[str, str]:
    d = sheet.par_annee.display
    return dict(zip(d["Indicateur"].to_list(), d[period].to_list(), strict=True))


def test_sheet_values_are_the_librarys(ctx, sheets):
    assert sorted(sheets) == ["Auto-école sociale", "Régie de quartier"]
    for p, sh in sheets.items():
        for i in PT.SHEET_IDS:
            df = engine.frame(ctx, i, ("porteur",)).collect().filter(pl.col("porteur") == p)
            lib = df["valeur"][0] if df.height else None
            got = sh.values[i]
            if lib is None:
                assert got in (None, 0.0), (p, i)
            else:
                assert got == pytest.approx(float(lib)), (p, i)


def test_sheet_by_hand(sheets):
    regie, auto = sheets["Régie de quartier"], sheets["Auto-école sociale"]
    assert regie.par_annee.display.columns == ["Indicateur", "2023", "du 01/01/2024 au 30/06/2024"]
    now = _col(regie, "du 01/01/2024 au 30/06/2024")
    assert now["Participants aux actions"] == "2" and now["Places prévues"] == "10"
    assert now[PT.FILL] == "20,0\u202f%"
    assert _col(regie, "2023")["Participants aux actions"] == "2"
    a = _col(auto, "du 01/01/2024 au 30/06/2024")
    assert a["Participants aux actions"] == "5" and a[PT.FILL] == "–"
    assert auto.values["duree_participation_moyenne_j"] == pytest.approx(99.5)
    assert auto.actions.display["Action"].to_list() == ["Permis de conduire"]


def test_below_the_departement_the_secret_applies():
    ctx = make_ctx(tiny.tiny_extraction(), REF, Settings(), tiny.DEBUT, tiny.FIN,
                   REF.parse_territoire("mdcs:BLO"))
    seen = []
    for sh in PT.partner_sheets(ctx, years=0):
        texts = [t for c in sh.par_annee.display.columns[1:] for t in sh.par_annee.display[c].to_list()]
        assert not [t for t in texts if t.strip() in {"1", "2", "3", "4"}], sh.porteur
        seen += texts
    assert "< 5" in seen  # the small counts are there, masked


def test_fill_rate_above_100_percent_says_sur_occupation():
    """A02 given 2 places for its 5 participants of the period: 5 / 2 = 250 %, on the sheet with
    « (sur-occupation) » and the note explaining it; 20 % (A01) stays plain."""
    from data.load import build_extraction
    tables = tiny.tiny_tables()
    tables["action"] = tables["action"].with_columns(
        pl.when(pl.col("id_action") == "A02").then(2).otherwise(pl.col("places_prevues"))
        .cast(tables["action"]["places_prevues"].dtype).alias("places_prevues"))
    ctx = make_ctx(build_extraction(tables), REF, Settings(), tiny.DEBUT, tiny.FIN, None)
    sh = {s.porteur: s for s in PT.partner_sheets(ctx, years=0)}
    auto = _col(sh["Auto-école sociale"], "du 01/01/2024 au 30/06/2024")
    assert auto[PT.FILL] == "250,0\u202f% (sur-occupation)"
    assert _col(sh["Régie de quartier"], "du 01/01/2024 au 30/06/2024")[PT.FILL] == "20,0\u202f%"
    assert "sur-occupation" in sh["Auto-école sociale"].par_annee.note
    assert PT.fill_text(1.0) == "100,0\u202f%"


def test_where_actions_and_participants_are_counted():
    """Below the département the actions' cards say where each is counted (actions where they
    take place, participants where they live); the département needs no such note."""
    note = PT.where_counted(REF.parse_territoire("canton:4104"))
    assert "là où l'action a lieu" in note and "là où la personne habite" in note
    assert PT.where_counted(REF.parse_territoire("departement:41")) is None
