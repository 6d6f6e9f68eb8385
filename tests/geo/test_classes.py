"""Class breaks: quantiles and Jenks, French labels from the members' own bounds."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from geo.classes import classify, quantile_bins
from indicators.formatting import format_value
from tests.helpers import ROOT


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


def test_quantile_bounds_interpolate_between_the_sorted_values():
    # 8 values, k = 4: positions 1,75 / 3,5 / 5,25 / 7 of the sorted values (counted from 0)
    assert quantile_bins(np.array([8.0, 1, 2, 3, 4, 5, 6, 7]), 4).tolist() == [2.75, 4.5, 6.25, 8.0]
    # 8 values, k = 5: the 80 % point is position 5,6, between two 0,854: exactly 0,854 here;
    # scipy's weighted sum (0,854 × 0,4 + 0,854 × 0,6) lands one rounding step below and would put
    # the two 0,854 in the class of 0,9
    c = classify([0.15, 0.15, 0.2, 0.3, 0.3, 0.854, 0.854, 0.9], "quantiles", k=5)
    assert c.labels == ("0.15", "0.2", "0.3", "0.854", "0.9")


def test_quantile_classes_are_mapclassify_s_on_counts():
    import mapclassify

    rng = np.random.default_rng(12)
    for _ in range(300):
        y = rng.integers(0, 40, int(rng.integers(3, 270))).astype(float)
        k = min(int(rng.integers(2, 8)), np.unique(y).size)
        if k < 2:
            continue
        ref = np.unique(np.asarray(mapclassify.Quantiles(y, k=k).bins, dtype=float))
        ours = quantile_bins(y, k)
        assert ours.size == ref.size
        assert np.array_equal(np.searchsorted(ours, y), np.searchsorted(ref, y))


def test_quantile_maps_do_not_import_mapclassify():
    code = ("import sys; from geo.classes import classify; classify([1, 2, 3, 4, 5], 'quantiles', 4);"
            " print(sorted(m for m in ('mapclassify', 'scipy', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
