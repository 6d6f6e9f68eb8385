"""Sweep on the demo: for every level of the référentiel, every map indicator and a year and a
quarter, the Carte hides exactly the units that Territoires hides (one pattern per level: two
patterns of the same cells could be combined to give hidden cells back)."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data.opening import open_extraction
from geo.layers import map_indicators, territory_values
from indicators.engine import make_ctx
from indicators.views.territories import territory_comparison
from settings import load_settings

pytestmark = pytest.mark.slow

PERIODS = [(date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 7, 1), date(2025, 9, 30))]
HIDDEN = ("secret statistique", "< 5")


@pytest.fixture(scope="module")
def opened():
    return open_extraction(load_settings())


@pytest.mark.parametrize("period", PERIODS, ids=["2025", "2025-T3"])
def test_carte_and_territoires_hide_the_same_units(opened, period):
    s = load_settings()
    ctx = make_ctx(opened.extraction, opened.referentiel, s, *period)
    ref = opened.referentiel
    checked = 0
    for niveau in ref.level_ids:
        if niveau == "departement":
            continue
        for ind in map_indicators(opened.extraction):
            m = territory_values(ctx, ind, niveau)
            t = territory_comparison(ctx, [ind], niveau)
            if t.display.width < 3:  # not available at this level
                continue
            col = t.display.columns[-1]
            names = set(m["nom"].to_list())
            terr = {n for n, v in zip(t.display["Territoire"].to_list(), t.display[col].to_list(),
                                      strict=True) if n in names and v in HIDDEN}
            carte = set(m.filter(pl.col("masque"))["nom"].to_list())
            assert carte == terr, (niveau, ind, sorted(carte ^ terr))
            checked += 1
    assert checked >= 20
