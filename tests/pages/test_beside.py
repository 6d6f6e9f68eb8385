"""ui.cache.Beside and the key cards computed with it: the trend lines and the comparison's
values computed in threads beside the period's values give the same cards as computed one after
the other, each cache key computed once, and an error raised in a thread is raised to the page."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from indicators import views
from tests.helpers.config import test_settings
from ui import cache


def test_beside_gives_the_result_and_raises_the_error():
    names = []

    def work():
        names.append(threading.current_thread().name)
        return 42
    assert cache.Beside(work).result() == 42
    assert names == ["declik-beside"]  # not the caller's thread

    def fails():
        raise ValueError("échec dans le fil")
    b = cache.Beside(fails)
    with pytest.raises(ValueError, match="échec dans le fil"):
        b.result()


IDS = ("foyers_beneficiaires", "entrees", "taux_cer_valide", "delai_orientation_median_j",
       "cohorte_sorties", "part_retours_6_mois")


def test_cards_computed_beside_equal_the_library_cards(demo_url):
    s = test_settings(demo_url)
    key = cache.Key(s, date(2025, 1, 1), date(2025, 9, 30), "mdcs:VEN",
                    date(2024, 1, 1), date(2024, 9, 30), "n-1")
    before = dict(cache.COMPUTED)
    got = cache.cards(key, IDS)
    computed = {k: v - before.get(k, 0) for k, v in cache.COMPUTED.items()
                if v != before.get(k, 0)}
    ctx, comp = cache.ctx_of(key), cache.ctx_of(key.comparison)
    assert got == views.cards(ctx, comp, IDS)  # the library's own, one after the other
    # each window's values and the trend lines computed once (the threads and this one)
    assert computed.get("indicators.views.key_cards.sparklines") == 1
    assert computed.get("indicators.views.key_cards.masked_values", 0) >= 2
    assert cache.cards(key, IDS) == got and dict(cache.COMPUTED) == {
        **before, **{k: before.get(k, 0) + v for k, v in computed.items()}}
