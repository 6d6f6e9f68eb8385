"""Class breaks: quantiles and Jenks, French labels from the members' own bounds."""
from __future__ import annotations

import pytest

from geo.classes import classify
from indicators.formatting import format_value


def pct(x: float) -> str:
    return format_value(x, "pourcentage")


def test_quantiles_make_classes_of_equal_size_with_french_labels():
    c = classify([0.10, 0.20, 0.30, 0.40, 0.50, 0.60], "quantiles", k=3, formatter=pct)
    assert c.k == 3
    assert c.labels == ("de 10,0\u202f% à 20,0\u202f%", "de 30,0\u202f% à 40,0\u202f%",
                        "de 50,0\u202f% à 60,0\u202f%")
    assert [c.index(v) for v in (0.10, 0.20, 0.30, 0.40, 0.50, 0.60)] == [0, 0, 1, 1, 2, 2]
    assert c.description == "3 classes, quantiles (classes d'effectifs égaux)"
    assert len(set(c.colors)) == 3


def test_jenks_finds_the_natural_groups():
    values = [1, 2, 3, 50, 51, 52, 100, 101]
    c = classify(values, "jenks", k=3, formatter=lambda x: format_value(x, "entier"))
    assert c.labels == ("de 1 à 3", "de 50 à 52", "de 100 à 101")
    assert c.description.endswith("seuils naturels (ruptures entre les valeurs, méthode de Jenks)")


def test_missing_values_are_not_classed_and_few_values_make_few_classes():
    c = classify([None, 5.0, float("nan"), 5.0, 7.0], "quantiles", k=5)
    assert c.k == 2 and c.labels == ("5.0", "7.0")
    assert c.index(None) is None and c.color(None) is None
    assert classify([None], "quantiles").k == 0


def test_unknown_scheme_is_refused_in_french():
    with pytest.raises(ValueError, match="Méthode de classes inconnue"):
        classify([1, 2], "egal")
