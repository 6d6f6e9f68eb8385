"""Funnel plot: control limits around the département rate (hand-computed), points classified
by the limits, masked units absent."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from charts.funnel import funnel_figure, limit_curves
from geo import maps
from tests.geo import tiny_map


def test_limits_are_the_binomial_normal_approximation():
    c = limit_curves(0.25, np.array([100.0, 400.0]), per_population=False)
    se = math.sqrt(0.25 * 0.75 / 100)
    assert c["bas95"][0] == pytest.approx(0.25 - 1.959964 * se, abs=1e-6)
    assert c["haut95"][0] == pytest.approx(0.25 + 1.959964 * se, abs=1e-6)
    assert c["haut998"][0] == pytest.approx(0.25 + 3.090232 * se, abs=1e-6)
    # four times the size, half the width
    assert (c["haut95"][1] - 0.25) == pytest.approx((c["haut95"][0] - 0.25) / 2)


def test_limits_per_1000_inhabitants_scale_by_1000():
    c = limit_curves(20.0, np.array([10_000.0]), per_population=True)  # 20 ‰
    se = math.sqrt(0.02 * 0.98 / 10_000)
    assert c["bas95"][0] == pytest.approx(1000 * (0.02 - 1.959964 * se), abs=1e-6)


def test_funnel_figure_draws_visible_units_only():
    lay = maps.layer(tiny_map.ctx(), "taux_absenteisme", "mdcs")
    fig = funnel_figure(lay.table, lay.ind, title="t", source="s", niveau_label="MDCS")
    pts = [t for t in fig.data if t.mode == "markers"]
    names = [c[0] for t in pts for c in t.customdata]
    # ROM (3 rendez-vous), BLO (1 absent) and VEN (4 absents) hidden: small numerators
    assert sorted(names) == ["Sud-Loire"]
    d = json.loads(fig.to_json())
    d["layout"].pop("template", None)
    assert "Romorantin" not in json.dumps(d, ensure_ascii=False)
    assert "3 unité(s) non représentée(s) (secret statistique)" in fig.layout.annotations[-1].text
