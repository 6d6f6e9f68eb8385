"""Legal targets and national references appear on the key cards, beside 3-5 sentences."""
from __future__ import annotations


def test_targets_and_references_shown(dep_pack):
    cards = {c.id: c for c in dep_pack.cards}
    assert "42 j" in cards["delai_orientation_median_j"].target_text
    assert "49,0" in cards["taux_cer_valide"].target_text  # DREES reference of config.toml
    assert 3 <= len(dep_pack.sentences) <= 5
