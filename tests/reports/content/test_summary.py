"""The pack's key cards equal the library's values, with the previous period and the change."""
from __future__ import annotations

import pytest

from indicators import engine, views
from indicators.calendrier import comparison_period
from reports.content import KEY_IDS
from reports.content.cells import card_change
from tests.reports.content.packs import PERIODE


def test_key_cards_equal_library_values(dep_pack, opened, rep_settings):
    """The dashboard's card values: each on its like-for-like window (a source that stops
    earlier, the délais of recent months: indicators.coverage.window)."""
    ctx = engine.make_ctx(opened.extraction, opened.referentiel, rep_settings, PERIODE.debut,
                          PERIODE.fin)
    prev = engine.make_ctx(opened.extraction, opened.referentiel, rep_settings,
                           *comparison_period(PERIODE.debut, PERIODE.fin))
    expected = {c.id: c.value for c in views.cards(ctx, prev, [c.id for c in dep_pack.cards],
                                                    sparkline=False)}
    assert [c.id for c in dep_pack.cards] == [i for i in KEY_IDS if i in expected]
    assert len(dep_pack.cards) >= 6
    for c in dep_pack.cards:
        assert c.value == pytest.approx(expected[c.id]), c.id
    foyers = next(c for c in dep_pack.cards if c.id == "foyers_beneficiaires")
    assert foyers.text == f"{int(expected['foyers_beneficiaires']):,}".replace(",", "\u202f")


def test_previous_period_and_change(dep_pack, opened, rep_settings):
    prev = engine.make_ctx(opened.extraction, opened.referentiel, rep_settings,
                           *comparison_period(PERIODE.debut, PERIODE.fin))
    pv = engine.compute_values(prev, ["foyers_beneficiaires"])["foyers_beneficiaires"]
    card = next(c for c in dep_pack.cards if c.id == "foyers_beneficiaires")
    assert card.comparison == pv
    evolution = card_change(card)[0]
    assert evolution.startswith(("+", "−")) and str(abs(card.value - pv)) in evolution
    assert dep_pack.meta.comparaison.libelle == "année 2024"
