"""The indicator dictionary, searchable without accents."""
from __future__ import annotations

from indicators import views
from indicators.registry import REGISTRY


def test_definitions_are_searchable_without_accents():
    t = views.definitions("delai median orientation")
    assert "delai_orientation_median_j" in t.display["Identifiant"].to_list()
    assert all(t.display["Définition"].str.len_chars() > 20)
    assert views.definitions().display.height == len(REGISTRY)
    assert views.definitions("zzz introuvable").display.height == 0
