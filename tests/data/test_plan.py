"""The PDI-PTI 2019-2022 as data: 4 orientations, 14 axes, 59 fiches (45 PDI + 14 PTI) and their
criteria, read from the copied CSVs; the demo's actions sit on the plan's real fiches."""
from __future__ import annotations

import pytest

from data import plan as pdi
from data.demo.actions import CATALOGUE, orientation_of_axe


def test_the_plan_has_the_documents_shape():
    p = pdi.load_plan()
    assert [o.numero for o in p.orientations] == [1, 2, 3, 4]
    assert [[a.numero for a in o.axes] for o in p.orientations] == [
        [1, 2, 3, 4, 5], [6, 7, 8, 9], [10, 11], [12, 13, 14]]
    assert len(p.fiches) == 59
    assert sum(f.partie == "PDI" for f in p.fiches.values()) == 45
    assert len(p.criteres) == 167
    assert p.orientations[2].titre.startswith("Optimiser l'utilisation institutionnelle du numérique")


def test_fiche_ids_and_criteria_ids():
    f = pdi.fiche("PDI-1")
    assert f.titre == 'Consolidation et optimisation du fonctionnement des "Espaces RSA"'
    assert f.orientations == (1, 2) and f.axe == 1 and f.axe_secondaire == 6
    assert f.pilote.startswith("SISE")
    assert [c.id for c in f.criteres] == ["PDI-1.1", "PDI-1.2", "PDI-1.3", "PDI-1.4"]
    assert pdi.critere("PDI-1.3").texte == "Délai entre la date d’orientation et le 1er CER"
    assert pdi.critere("PDI-3.2").besoin.startswith("les journaux des flux")
    assert pdi.fiche("PTI-4").titre.startswith("Amélioration de la mise en œuvre de la convention")
    with pytest.raises(KeyError, match="fiche action inconnue du PDI"):
        pdi.fiche("PDI-46")


def test_fiches_carried_by_two_orientations_appear_under_both_axes():
    p = pdi.load_plan()
    ax6 = [(f.id, sec) for f, sec in p.fiches_of_axe(6)]
    assert ax6 == [("PDI-1", True), ("PDI-2", True)]
    assert [(f.id, sec) for f, sec in p.fiches_of_axe(7)] == [("PDI-4", True)]
    assert ("PDI-22", True) in [(f.id, sec) for f, sec in p.fiches_of_axe(9)]
    assert ("PDI-1", False) in [(f.id, sec) for f, sec in p.fiches_of_axe(1)]
    assert [f.id for f in p.fiches_without_axe(1)] == ["PTI-11"]


def test_demo_actions_use_the_plans_fiches_and_axes():
    fiches = {fiche for _, _, fiche, _, _, _, _ in CATALOGUE}
    assert {18, 20, 21, 22, 26, 30, 37} <= fiches
    for lib, _, fiche, axe, _, _, _ in CATALOGUE:
        if fiche is not None:
            assert pdi.fiche(f"PDI-{fiche}").axe == axe, lib
    assert [orientation_of_axe(a) for a in (3, 5, 6, 9, 10, 11, 12)] == [1, 1, 2, 2, 3, 3, 4]
