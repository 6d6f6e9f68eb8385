"""ui/cache.py: one decorator turns ``f(ctx, …)`` into ``f(key, …)``; each decorated function has
its own cache; the key carries the settings and gives the comparison period as a key."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.helpers.config import test_settings
from ui import cache


@pytest.fixture(scope="module")
def key(minimal_url) -> cache.Key:
    s = test_settings(minimal_url)
    return cache.Key(s, date(2025, 1, 1), date(2025, 12, 31), "departement:41",
                     date(2024, 1, 1), date(2024, 12, 31), "n-1")


def test_the_decorator_hands_the_ctx_of_the_key(key):
    seen = []

    @cache.cached()
    def window(ctx, extra: str):
        seen.append(extra)
        return (ctx.debut, ctx.fin, ctx.territoire.key, ctx.settings.seuil_secret, extra)

    assert window(key, "a") == (date(2025, 1, 1), date(2025, 12, 31), "departement:41", 5, "a")
    assert window(key, "a") == window(key, "a") and seen == ["a"]  # computed once
    assert window(key.comparison, "a")[:2] == (date(2024, 1, 1), date(2024, 12, 31))
    other = key._replace(settings=dataclasses.replace(key.settings, seuil_secret=11))
    assert window(other, "a")[3] == 11  # the settings are part of the key
    assert seen == ["a", "a", "a"]


def test_each_decorated_function_has_its_own_cache(key):
    @cache.cached()
    def one(ctx):
        return 1

    @cache.cached()
    def two(ctx):
        return 2

    assert (one(key), two(key), one(key)) == (1, 2, 1)


def test_key_periods(key):
    assert key.comparison == key._replace(debut=date(2024, 1, 1), fin=date(2024, 12, 31),
                                          comp_debut=None, comp_fin=None, mode="")
    assert key.comparison.comparison is None
    assert cache.departement_key(key._replace(territoire="mdcs:BLO")).territoire == "departement:41"


def test_values_and_cards_agree(key):
    ids = ("foyers_beneficiaires", "entrees")
    vals = cache.values(key, ids)
    cards = cache.cards(key, ids, sparkline=False)
    assert [c.value for c in cards] == [vals[i] for i in ids]
    assert all(v is not None and v > 0 for v in vals.values())


def test_the_view_keeps_the_source_and_the_date_as_fields(key, monkeypatch):
    from data.referentiel import Territoire
    from indicators import calendrier
    from ui import filters, widgets

    per = calendrier.year(2025, date(2026, 11, 1))
    v = filters.View(key, per, per, "n-1", Territoire("departement", "41"), "Loir-et-Cher",
                     "Loir-et-Cher", "SOLIS, 2026-11", date(2026, 11, 1))
    assert v.source_line == "Source : SOLIS, 2026-11, données au 01/11/2026"
    monkeypatch.setattr(filters, "current", lambda: v)
    meta = widgets._export_meta("Foyers")
    assert (meta.source, meta.date_donnees) == ("Source : SOLIS, 2026-11", date(2026, 11, 1))


def test_settings_are_keyed_whole_nested_sections_included(key, minimal_url):
    seen = []

    @cache.cached()
    def delai(ctx):
        seen.append(1)
        return ctx.settings.objectifs.delai_orientation_j

    assert delai(key) == delai(key) == key.settings.objectifs.delai_orientation_j
    again = key._replace(settings=test_settings(minimal_url))  # equal settings, another object
    assert again.settings is not key.settings and delai(again) == delai(key) and len(seen) == 1
    s = key.settings
    other = dataclasses.replace(s, objectifs=dataclasses.replace(
        s.objectifs, delai_orientation_j=s.objectifs.delai_orientation_j + 7))
    assert delai(key._replace(settings=other)) == s.objectifs.delai_orientation_j + 7
    assert len(seen) == 2  # a change deep inside the settings is a new entry, never the old one


def test_key_bytes_tell_every_field_apart(key):
    from ui.hashing import key_bytes, settings_digest

    s = key.settings
    assert settings_digest(s) == settings_digest(dataclasses.replace(s))
    assert settings_digest(s) != settings_digest(dataclasses.replace(s, seuil_secret=6))
    changed = [key._replace(settings=dataclasses.replace(s, db_url=s.db_url + "?x=1")),
               key._replace(debut=date(2025, 1, 2)), key._replace(fin=date(2025, 12, 30)),
               key._replace(territoire="mdcs:BLO"), key._replace(comp_debut=None),
               key._replace(comp_fin=date(2024, 12, 30)), key._replace(mode="precedente"),
               key._replace(snapshot="autre")]
    assert len({key_bytes(k) for k in [key, *changed]}) == 1 + len(changed)
    assert key_bytes(key) == key_bytes(key._replace(settings=dataclasses.replace(s)))


def test_plan_tables_are_the_fiches_tables_and_csv(key):
    from indicators.views import fiche_table, table_csv

    pv = cache.plan(key)
    tables = cache.plan_tables(key)
    assert set(tables) == set(pv.fiches) and len(tables) > 10
    for fid, fv in pv.fiches.items():
        t, csv = tables[fid]
        assert t.display.equals(fiche_table(fv).display) and csv == table_csv(fiche_table(fv))


def test_a_card_trend_line_is_built_once_per_points():
    from charts.figures import sparkline
    from ui import widgets

    months = (date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1))
    a = widgets._sparkline(months, (1.0, None, 3.0), "entier")
    assert a is widgets._sparkline(months, (1.0, None, 3.0), "entier")
    assert a.to_json() == sparkline(months, (1.0, None, 3.0), "entier").to_json()
    assert widgets._sparkline(months, (1.0, 2.0, 3.0), "entier").to_json() != a.to_json()


def _shown(card) -> tuple:
    """What a card shows: its texts, and its trend line (to 1e-9: a sum's last bit depends on
    the order polars adds the rows in, which depends on the other indicators of the query)."""
    return (card.id, card.text, card.comparison_text, card.delta_text,
            tuple(None if v is None else round(v, 9) for v in card.spark), card.spark_months)


def _rows(t) -> list:
    return [tuple(tuple(round(x, 9) for x in v) if isinstance(v, list) else v for v in row)
            for row in t.display.rows()]


def test_the_plan_outline_and_one_fiche_are_the_whole_plan_s(small_url):
    """What the Plan page computes (the outline, then each fiche opened) is what the whole plan
    shows: the same criteria measured, context cards, each fiche's table (trend lines included)
    and CSV."""
    s = test_settings(small_url)
    k = cache.Key(s, date(2025, 1, 1), date(2025, 12, 31), "mdcs:BLO", date(2024, 1, 1),
                  date(2024, 12, 31), "n-1")
    whole, tables = cache.plan(k), cache.plan_tables(k)
    outline = cache.plan_outline(k)
    assert (outline.measured, outline.total) == (whole.measured, whole.total) and whole.measured
    assert [_shown(c) for c in outline.contexte] == [_shown(c) for c in whole.contexte]
    measured = [fid for fid, fv in whole.fiches.items() if any(c.measured for c in fv.criteres)]
    assert len(measured) > 5
    trends = 0
    for fid in measured:
        t, csv = cache.plan_fiche(k, fid)
        assert t.display.columns == tables[fid][0].display.columns
        assert _rows(t) == _rows(tables[fid][0]), fid
        assert csv == tables[fid][1]
        trends += sum(bool(v) for v in t.display["Tendance (12 mois)"].to_list())
    assert trends > 5  # trend lines drawn in the fiches' tables, and compared
