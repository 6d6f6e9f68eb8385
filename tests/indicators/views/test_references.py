"""Legal targets and national references drawn beside an indicator."""
from __future__ import annotations

from indicators import views


def test_reference_lines_come_from_the_settings(settings):
    lines = views.reference_lines(settings, "delai_orientation_moyen_j")
    assert (42.0, "Objectif légal : 42 jours", "target") in lines
    assert any(k == "reference" and v == 79 and "DREES" in lab for v, lab, k in lines)
