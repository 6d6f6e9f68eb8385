"""Like-for-like comparisons when one source stops earlier than the other (hand-computed): the
monthly payments stop at October 2026, the extraction is dated 01/11/2026."""
from __future__ import annotations

from datetime import date

from indicators import coverage, views
from settings import Objectifs
from tests.indicators.builders import ctx, droit, extraction, foyer, personne

DE = date(2026, 11, 1)
OBJ = Objectifs()


def _ext():
    pay = [{"id_foyer": "F1", "mois": date(2025, m, 1), "montant": 100.0} for m in range(1, 13)]
    pay += [{"id_foyer": "F1", "mois": date(2026, m, 1), "montant": 110.0} for m in range(1, 11)]
    return extraction(
        DE, foyer=[foyer("F1"), foyer("F2")], personne=[personne("P1", "F1"), personne("P2", "F2")],
        droit=[droit("D1", "F1", "2024-06-01"), droit("D2", "F2", "2025-11-01", "2026-03-01"),
               droit("D3", "F2", "2026-10-15")],
        paiement=pay)


def test_source_ends_and_first_year():
    ext = _ext()
    assert coverage.source_end(ext, "paiement") == date(2026, 10, 31)
    # droit openings run to 15/10/2026; November is not complete on 01/11/2026
    assert coverage.source_end(ext, "droit") == date(2026, 10, 31)
    assert coverage.first_year(ext) == 2026  # first exit: 01/03/2026


def test_year_to_date_sum_compares_the_same_months():
    """2026 to date: 10 payments of 110 € (1 100 €) against January-October 2025, 10 × 100 €
    = 1 000 € (not the 11 payments of 01/01-01/11/2025: 1 100 €, which read as « stable »)."""
    ext = _ext()
    cur = ctx(ext, date(2026, 1, 1), date(2026, 12, 31))
    comp = ctx(ext, date(2025, 1, 1), date(2025, 11, 1))  # the filters' comparison window
    w = coverage.window(ext, "montant_rsa_verse", cur.debut, cur.fin, comp.debut, comp.fin, objectifs=OBJ)
    assert (w.debut, w.fin, w.comp_debut, w.comp_fin) == (
        date(2026, 1, 1), date(2026, 10, 31), date(2025, 1, 1), date(2025, 10, 31))
    assert w.note == ("Sur janvier-octobre 2026, comparé à janvier-octobre 2025 (dernier mois "
                      "complet des paiements : octobre 2026).")
    card = views.cards(cur, comp, ["montant_rsa_verse"], sparkline=False)[0]
    assert (card.value, card.comparison, card.delta) == (1100.0, 1000.0, 100.0)
    assert card.note == w.note


def test_stock_keeps_the_filters_windows():
    ext = _ext()
    cur = ctx(ext, date(2026, 1, 1), date(2026, 12, 31))
    comp = ctx(ext, date(2025, 1, 1), date(2025, 11, 1))
    w = coverage.window(ext, "foyers_beneficiaires", cur.debut, cur.fin, comp.debut, comp.fin, objectifs=OBJ)
    assert (w.fin, w.comp_fin, w.note) == (DE, date(2025, 11, 1), None)
    card = views.cards(cur, comp, ["foyers_beneficiaires"], sparkline=False)[0]
    assert (card.value, card.comparison) == (2, 2)  # F1 and F2 (D3) at 01/11/2026; F1, F2 (D2) at 01/11/2025


def test_month_in_progress_has_no_comparison():
    ext = _ext()
    cur = ctx(ext, date(2026, 11, 1), date(2026, 11, 30))
    comp = ctx(ext, date(2025, 11, 1), date(2025, 11, 30))
    w = coverage.window(ext, "entrees", cur.debut, cur.fin, comp.debut, comp.fin, objectifs=OBJ)
    assert (w.comp_debut, w.complete) == (None, False)
    assert "Aucun mois complet" in w.note and "octobre 2026" in w.note
    card = views.cards(cur, comp, ["entrees"], sparkline=False)[0]
    assert card.comparison_text is None and card.delta is None


def test_quarter_in_progress_is_cut_to_its_complete_months():
    """4th quarter 2026 on 01/11/2026: October only, against July (the previous quarter's first
    month); entries: D3 (15/10/2026) against none in July."""
    ext = _ext()
    w = coverage.window(ext, "entrees", date(2026, 10, 1), DE, date(2026, 7, 1), date(2026, 8, 1), objectifs=OBJ)
    assert (w.fin, w.comp_debut, w.comp_fin) == (date(2026, 10, 31), date(2026, 7, 1), date(2026, 7, 31))
    cur = ctx(ext, date(2026, 10, 1), date(2026, 12, 31))
    comp = ctx(ext, date(2026, 7, 1), date(2026, 8, 1))
    card = views.cards(cur, comp, ["entrees"], sparkline=False)[0]
    assert (card.value, card.comparison) == (1, 0)


def test_free_range_shifts_by_days():
    ext = _ext()
    w = coverage.window(ext, "montant_rsa_verse", date(2026, 9, 15), DE, date(2026, 7, 29),
                        date(2026, 9, 14), objectifs=OBJ)
    assert (w.fin, w.comp_fin) == (date(2026, 10, 31), date(2026, 9, 13))
    assert w.note.startswith("Du 15/09/2026 au 31/10/2026, comparé à la période du 29/07/2026 au 13/09/2026")


def test_annual_amounts_of_a_year_not_over_are_not_compared():
    ext = _ext()
    w = coverage.window(ext, "budget_realise", date(2026, 1, 1), DE, date(2025, 1, 1),
                        date(2025, 11, 1), objectifs=OBJ)
    assert w.comp_debut is None and "n'est pas close" in w.note
    w = coverage.window(ext, "budget_realise", date(2025, 1, 1), date(2025, 12, 31),
                        date(2024, 1, 1), date(2024, 12, 31), objectifs=OBJ)
    assert (w.comp_debut, w.note) == (date(2024, 1, 1), None)


def test_a_unit_without_any_action_shows_zero_not_a_secret():
    """Canton 4104 (Blois-3) has no action: « Places prévues 0 », not « secret statistique »,
    and the Actions breakdowns build (they used to fail joining an empty table)."""
    act = [{"id_action": f"A{i}", "libelle": "x", "orientation_pdi": 1, "axe_pdi": 1,
            "categorie": "formation", "porteur": "p", "territoire": "commune:41269",
            "fiche_action": 3,
            "commune_insee": "41269", "annee": 2025, "places_prevues": 10,
            "budget_prevu": 1000.0, "budget_realise": 900.0} for i in range(6)]
    # six persons of Chailles (canton 4104) follow an action located in Vendôme: the
    # participants' breakdown has rows, the places' breakdown (by the action's place) has none
    part = [{"id_participation": f"Q{i}", "id_personne": f"P{i}", "id_action": "A0",
             "date_entree": date(2025, 3, 1), "date_sortie": None} for i in range(6)]
    ext = extraction(DE, foyer=[foyer(f"F{i}", "41032") for i in range(6)],
                     personne=[personne(f"P{i}", f"F{i}") for i in range(6)],
                     droit=[droit(f"D{i}", f"F{i}", "2024-06-01") for i in range(6)],
                     action=act, participation=part)
    c = ctx(ext, date(2025, 1, 1), date(2025, 12, 31), "canton:4104")
    got = views.masked_values(c, ["places_prevues", "budget_realise", "nombre_actions"])
    assert got == {"places_prevues": (0.0, False, False), "budget_realise": (0.0, False, False),
                   "nombre_actions": (0.0, False, False)}
    b = views.compare(c, ("places_prevues", "participants_actions"), ("fiche_action",))
    assert b.reason is None and b.table.display.height == 1  # fiche 3: participants, no place
