"""Legal targets and national references drawn beside an indicator."""
from __future__ import annotations

from indicators import views


def test_reference_lines_come_from_the_settings(settings):
    lines = views.reference_lines(settings, "delai_orientation_moyen_j")
    assert (42.0, "Délai légal d'orientation : 42 jours", "target") in lines
    assert any(k == "reference" and v == 79 and "DREES" in lab for v, lab, k in lines)


def test_like_with_like(settings):
    """The DREES 40 % (a stock of oriented persons) sits beside the stock indicator, not beside
    the period's flow of orientations; the DREES 57 days (a mean) beside the mean délai."""
    assert views.reference_lines(settings, "part_orientations_france_travail") == []
    ft = views.reference_lines(settings, "part_orientes_suivis_france_travail")
    assert ft == [(0.40, "France : 40,0\u202f% (DREES 2023)", "reference")]
    assert [k for _, _, k in views.reference_lines(settings, "delai_orientation_cer_median_j")] == ["target"]
    moy = views.reference_lines(settings, "delai_orientation_cer_moyen_j")
    assert (57.0, "France : 57 jours (DREES 2017)", "reference") in moy


def test_a_target_in_the_definition_is_not_drawn(settings):
    t = views.target_of(settings, "part_orientes_dans_delai")
    assert t is not None and not t.compared and t.text == "Délai légal d'orientation : 42 jours"
    assert views.reference_lines(settings, "part_orientes_dans_delai") == []


def test_one_text_for_cards_lines_and_packs(settings):
    from indicators.registry import REGISTRY
    from reports.content import cible_text

    t = views.target_of(settings, "ep_delai_notification_moyen_j")
    assert t.text == "Délai d'avis de l'EP : 30 jours"
    assert cible_text(settings, REGISTRY["ep_delai_notification_moyen_j"]) == t.text
