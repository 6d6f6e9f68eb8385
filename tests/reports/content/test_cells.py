"""How one value is written in a pack: masked cells, counts as integers, the change and whether
it goes the desired way."""
from __future__ import annotations

from indicators.registry import REGISTRY
from indicators.secret import SECRET_LABEL
from reports.content.cells import cell, evolution, value_text

COUNT, DELAI, TAUX = (REGISTRY[i] for i in ("foyers_beneficiaires", "delai_orientation_median_j",
                                             "taux_orientation"))


def test_masked_cells_and_counts():
    assert cell({"masque": True, "valeur": None}, COUNT, 5) == "< 5"
    assert cell({"masque": True, "valeur": None}, TAUX, 5) == SECRET_LABEL
    assert cell({"masque": False, "valeur": 3.0}, COUNT, 5) == 3
    assert isinstance(cell({"masque": False, "valeur": 3.0}, COUNT, 5), int)
    assert value_text({"masque": True}, COUNT, 11) == "< 11"


def test_evolution_text_and_direction():
    # a count: the change and its relative size; no desired direction
    assert evolution(10, 8, COUNT) == ("+2 (+25,0\u202f%)", "neutre")
    # a délai going down 40 → 30 days is good (better = baisse)
    assert evolution(30, 40, DELAI) == ("\u221210\u202fj", "favorable")
    assert evolution(50, 40, DELAI)[1] == "defavorable"
    assert evolution(None, 40, DELAI) == ("–", "")
