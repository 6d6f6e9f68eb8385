"""Which PDI orientations an indicator's fiche action names."""
from __future__ import annotations

from dataclasses import replace

from indicators.registry import REGISTRY
from reports.content import orientations_of


def test_orientations_of_parses_registry_texts():
    base = REGISTRY["foyers_beneficiaires"]
    assert orientations_of(base) == {1}
    assert orientations_of(replace(base, fiche_action="Orientations 2 et 3 — parcours")) == {2, 3}
    assert orientations_of(replace(base, fiche_action="Hors PDI")) == set()
