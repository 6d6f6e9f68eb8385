"""Which PDI orientations an indicator serves: those of its registry fiches (no prose parsed)."""
from __future__ import annotations

from dataclasses import replace

from indicators.registry import REGISTRY
from reports.content import orientations_of


def test_orientations_of_read_the_registry_fiches():
    assert orientations_of(REGISTRY["delai_orientation_median_j"]) == {1, 2}  # PDI-1: O1 and O2
    assert orientations_of(REGISTRY["participants_actions"]) == {1, 2, 3, 4}
    base = REGISTRY["foyers_beneficiaires"]
    assert orientations_of(base) == set()  # context indicator, no fiche
    assert orientations_of(replace(base, fiches=("PDI-37",))) == {3}
