"""Délais of recent months: every output computes and compares a délai only on the months whose
follow-up is complete (indicators.coverage.window), or labels it « Période récente : délai
provisoire ». Hand-computed on a tiny extraction dated 01/11/2026.

Délai moyen d'orientation (60 days of observation: 01/11/2026 − 59 d = 03/09/2026, so September
2026 is the first recent month and August 2026 the last complete one). Six foyers in Vendôme:
  D1 opened 01/03/2026, oriented 31/03/2026 → 30 d      D2 01/06/2026 → 21/07/2026: 30 + 20 = 50 d
  D3 10/09/2026 → 20/09/2026: 10 d (recent month: a quick case, the slow ones have no délai yet)
  D4 05/10/2026, not oriented yet
  D5 01/02/2025 → 23/03/2025: 28 + 22 = 50 d           D6 01/10/2025 → 21/10/2025: 20 d
2026 to date: on January-August 2026, (30 + 50) / 2 = 40 d, compared with January-August 2025:
50 d (D5). Without the rule it would read (30 + 50 + 10) / 3 = 30 d against (50 + 20) / 2 = 35 d.
September-October 2026: no complete month, computed whole — D3 alone, 10 d — without comparison
and labelled provisional.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geo import maps
from indicators import coverage, views
from reports.content.compute import compute
from settings import Objectifs
from tests.indicators.builders import ctx, droit, extraction, foyer, orient, personne

DE = date(2026, 11, 1)
ID = "delai_orientation_moyen_j"
OPEN = {"1": "2026-03-01", "2": "2026-06-01", "3": "2026-09-10", "4": "2026-10-05",
        "5": "2025-02-01", "6": "2025-10-01"}
ORIENTED = {"1": "2026-03-31", "2": "2026-07-21", "3": "2026-09-20", "5": "2025-03-23",
            "6": "2025-10-21"}
NOTE = ("Sur janvier-août 2026, comparé à janvier-août 2025 (délais complets jusqu'à août 2026 ; "
        "suivi encore incomplet des mois suivants).")


@pytest.fixture(scope="module")
def ext():
    return extraction(
        DE, foyer=[foyer(f"F{i}") for i in OPEN], personne=[personne(f"P{i}", f"F{i}") for i in OPEN],
        droit=[droit(f"D{i}", f"F{i}", d) for i, d in OPEN.items()],
        orientation=[orient(f"O{i}", f"P{i}", d) for i, d in ORIENTED.items()])


def _year(ext):
    return ctx(ext, date(2026, 1, 1), date(2026, 12, 31)), ctx(ext, date(2025, 1, 1), DE.replace(year=2025))


def test_window_stops_at_the_last_month_of_complete_follow_up(ext):
    cur, comp = _year(ext)
    w = coverage.window(ext, ID, cur.debut, cur.fin, comp.debut, comp.fin, objectifs=Objectifs())
    assert (w.debut, w.fin, w.comp_debut, w.comp_fin) == (
        date(2026, 1, 1), date(2026, 8, 31), date(2025, 1, 1), date(2025, 8, 31))
    assert w.note == NOTE and w.complete and not w.provisional


def test_cards_and_sentences_compare_complete_months_only(ext):
    cur, comp = _year(ext)
    card = views.cards(cur, comp, [ID], sparkline=False)[0]
    assert (card.value, card.comparison, card.delta) == (40.0, 50.0, -10.0)
    assert card.note == NOTE


def test_recent_period_is_provisional_without_comparison(ext):
    cur = ctx(ext, date(2026, 9, 1), date(2026, 10, 31))
    comp = ctx(ext, date(2026, 7, 1), date(2026, 8, 31))
    card = views.cards(cur, comp, [ID], sparkline=False)[0]
    assert card.value == 10.0 and card.comparison_text is None and card.delta is None
    assert card.note == ("Période récente : délai provisoire (suivi encore incomplet depuis "
                         "septembre 2026) : pas de comparaison.")
    w = views.card_windows(cur, None, [ID])[ID]
    assert w.provisional and not w.complete  # no sentence is written about it
    # a count of the same months is not concerned
    assert views.card_windows(cur, comp, ["entrees"])["entrees"].note is None


def test_map_and_unit_tables_use_the_same_window(ext):
    cur, _ = _year(ext)
    lay = maps.layer(cur, ID, "mdcs")
    assert lay.valeur_departement == 40.0
    assert lay.periode == "du 01/01/2026 au 31/08/2026"
    assert lay.note.startswith("Sur janvier-août 2026 (délais complets jusqu'à août 2026")
    table = views.territory_comparison(cur, [ID], "mdcs")
    assert table.export.row(-1, named=True)["Délai moyen d'orientation des entrants"] == 40.0
    assert table.note.startswith("Délai moyen d'orientation des entrants : sur janvier-août 2026 (")
    recent = maps.layer(ctx(ext, date(2026, 9, 1), date(2026, 10, 31)), ID, "mdcs")
    assert recent.valeur_departement == 10.0
    assert recent.periode.endswith("(période récente : délai provisoire)")


def test_territory_profile_uses_the_cards_window(ext):
    cur, _ = _year(ext)
    ven = replace(cur, territoire=cur.ref.parse_territoire("mdcs:VEN"))
    t = views.territory_profile(ven, [ID])
    assert t.export.row(0, named=True)["Département"] == 40.0
    assert "sur janvier-août 2026" in t.note


def test_packs_compute_and_compare_on_the_same_window(ext):
    cur, comp = _year(ext)
    d = compute(cur, comp, [ID, "foyers_beneficiaires"], cur.settings, below=False,
                profiles=False)
    assert (d.cur[ID]["valeur"], d.prev[ID]["valeur"]) == (40.0, 50.0)
    assert d.note(ID) == NOTE and d.note("foyers_beneficiaires") is None
    assert d.window_notes([ID, "foyers_beneficiaires"]) == f"Délai moyen d'orientation des entrants : s{NOTE[1:]}"
    recent = compute(ctx(ext, date(2026, 9, 1), date(2026, 10, 31)),
                     ctx(ext, date(2026, 7, 1), date(2026, 8, 31)), [ID], cur.settings,
                     below=False, profiles=False)
    assert recent.cur[ID]["valeur"] == 10.0 and recent.prev[ID]["valeur"] is None
    assert not recent.complete(ID)
