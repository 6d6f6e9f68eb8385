"""Caches at the edge: the extraction and the référentiel are opened once per process
(``st.cache_resource``); every library call a page makes is cached on the filters
(``st.cache_data``), so that changing a filter recomputes only what that view needs and the
extraction is never re-read per interaction.

The extraction is the one of ``config.toml``; the environment variables ``DECLIK_CONFIG`` (path of
another config.toml) and ``DECLIK_DB`` (SQLAlchemy URL, wins over the config) select another one
(a second département, a PostgreSQL extraction, the test extractions).
"""
from __future__ import annotations

import os
from datetime import date
from typing import NamedTuple

import streamlit as st

from data.opening import Opened, open_extraction
from indicators import distributions, narrative, views
from indicators.context import Ctx
from indicators.engine import make_ctx
from settings import Settings, load_settings


def current_settings() -> Settings:
    return _settings(os.environ.get("DECLIK_CONFIG") or None, os.environ.get("DECLIK_DB") or None)


@st.cache_resource(show_spinner=False)
def _settings(config: str | None, url: str | None) -> Settings:
    return load_settings(config).with_url(url)


@st.cache_resource(show_spinner="Ouverture et contrôle de l'extraction…")
def opened(url: str, config: str | None = None) -> Opened:
    """The typed, validated extraction behind ``url`` (once per process)."""
    return open_extraction(_settings(config, url or None), url or None)


def current_opened() -> tuple[Settings, Opened]:
    s = current_settings()
    return s, opened(s.url, os.environ.get("DECLIK_CONFIG") or None)


class Key(NamedTuple):
    """Everything a view depends on, hashable: the cache key of every library call."""

    url: str
    config: str | None
    debut: date
    fin: date
    territoire: str  # niveau:code
    comp_debut: date | None
    comp_fin: date | None
    mode: str  # comparison mode (n-1 / precedente)


def ctx_of(key: Key, comparison: bool = False) -> Ctx:
    op = opened(key.url, key.config)
    ref = op.referentiel
    s = _settings(key.config, key.url or None)
    terr = ref.parse_territoire(key.territoire)
    if comparison:
        return make_ctx(op.extraction, ref, s, key.comp_debut, key.comp_fin, terr)
    return make_ctx(op.extraction, ref, s, key.debut, key.fin, terr)


def comp_of(key: Key) -> Ctx | None:
    return ctx_of(key, True) if key.comp_debut else None


def departement_key(key: Key) -> Key:
    op = opened(key.url, key.config)
    return key._replace(territoire=f"departement:{op.referentiel.departement}")


# ---- cached library calls ---------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=1000)
def _values(url: str, config: str | None, debut: date, fin: date, territoire: str,
            ids: tuple[str, ...]) -> dict:
    key = Key(url, config, debut, fin, territoire, None, None, "")
    return views.masked_values(ctx_of(key), ids)


@st.cache_data(show_spinner=False, max_entries=500)
def _sparklines(url: str, config: str | None, fin: date, territoire: str,
                ids: tuple[str, ...]) -> dict:
    key = Key(url, config, fin, fin, territoire, None, None, "")
    return views.sparklines(ctx_of(key), ids)


def cards(key: Key, ids: tuple[str, ...], sparkline: bool = True) -> list[views.Card]:
    """Key cards; the period's values, the comparison's and the trend lines are cached apart, so
    that changing only the comparison (or only the start of the period) recomputes only that."""
    cur = _values(key.url, key.config, key.debut, key.fin, key.territoire, ids)
    prev = (_values(key.url, key.config, key.comp_debut, key.comp_fin, key.territoire, ids)
            if key.comp_debut else None)
    spark = _sparklines(key.url, key.config, key.fin, key.territoire, ids) if sparkline else None
    return views.assemble_cards(ctx_of(key), ids, cur, prev, spark)


def values(key: Key, ids: tuple[str, ...]) -> dict[str, float | None]:
    mv = _values(key.url, key.config, key.debut, key.fin, key.territoire, ids)
    return {i: mv[i][0] if i in mv else None for i in ids}


@st.cache_data(show_spinner=False, max_entries=400)
def breakdowns(key: Key, requests: tuple[tuple[str, tuple[str, ...]], ...]) -> list[views.Breakdown]:
    return views.breakdowns(ctx_of(key), requests)


@st.cache_data(show_spinner=False, max_entries=400)
def series(key: Key, ind_id: str, by: tuple[str, ...] = (), min_months: int = 12) -> views.Breakdown:
    return views.series(ctx_of(key), ind_id, by, min_months)


@st.cache_data(show_spinner=False, max_entries=100)
def _territory_comparison(key: Key, ids: tuple[str, ...], niveau: str) -> views.Table:
    return views.territory_comparison(ctx_of(key), ids, niveau)


def _scope():
    from ui import access

    return access.current_scope()


def territory_comparison(key: Key, ids: tuple[str, ...], niveau: str) -> views.Table:
    """Every unit of ``niveau`` beside the département, cut to the user's scope."""
    t = _territory_comparison(key, ids, niveau)
    sc = _scope()
    return sc.filter_table(t, niveau) if sc is not None and isinstance(t, views.Table) else t


@st.cache_data(show_spinner=False, max_entries=200)
def territory_profile(key: Key, ids: tuple[str, ...]) -> views.Table:
    return views.territory_profile(ctx_of(key), ids)


@st.cache_data(show_spinner=False, max_entries=200)
def sentences(key: Key, ids: tuple[str, ...], where: str) -> list[str]:
    cur = values(key, ids)
    prev = values(key._replace(debut=key.comp_debut, fin=key.comp_fin), ids) if key.comp_debut else {}
    return narrative.sentences(cur, prev, key.mode, where=where,
                               objectifs=ctx_of(key).settings.objectifs)


@st.cache_data(show_spinner=False, max_entries=200)
def delay_quantiles(key: Key, by: str) -> distributions.Distribution:
    return distributions.delay_quantiles(ctx_of(key), by)


@st.cache_data(show_spinner=False, max_entries=200)
def km_orientation(key: Key, horizon: int = 365) -> distributions.Distribution:
    return distributions.km_orientation(ctx_of(key), horizon)


@st.cache_data(show_spinner=False, max_entries=200)
def funnel(key: Key) -> distributions.Distribution:
    return distributions.parcours_funnel(ctx_of(key))


@st.cache_data(show_spinner=False, max_entries=50)
def quality(url: str, config: str | None) -> tuple[dict, dict[str, views.Table]]:
    op = opened(url, config)
    return views.quality_summary(op.report, op.extraction), views.quality_tables(op.report, op.extraction)


def with_territory(key: Key, territoire: str) -> Key:
    return key._replace(territoire=territoire)


@st.cache_data(show_spinner=False, max_entries=400)
def series_many(key: Key, ids: tuple[str, ...], min_months: int = 12) -> views.Breakdown:
    return views.series_many(ctx_of(key), ids, min_months)


@st.cache_data(show_spinner=False, max_entries=400)
def compare(key: Key, ids: tuple[str, ...], by: tuple[str, ...]) -> views.Breakdown:
    return views.compare(ctx_of(key), ids, by)


def settings_of(key: Key) -> Settings:
    return _settings(key.config, key.url or None)


def thumbnail(key: Key, ind_id: str = "foyers_beneficiaires", niveau: str | None = None):
    """The maps part's thumbnail of ``ind_id`` at ``niveau`` (default: the territory's own level,
    MDCS for the département) and its data table, cut to the user's scope, or None when the maps
    part is not installed."""
    sc = _scope()
    return _thumbnail(key, ind_id, niveau, sc)


@st.cache_data(show_spinner=False, max_entries=100, hash_funcs={"access.scope.Scope": hash})
def _thumbnail(key: Key, ind_id: str, niveau: str | None, scope):
    try:
        from geo import maps, static_map
        from geo.layers import comparison_table
    except Exception:
        return None
    ctx = ctx_of(key)
    niveau = niveau or maps.thumbnail_level(ctx)
    lay = maps.layer(ctx, ind_id, niveau, k=4)
    if scope is not None:
        lay = scope.filter_layer(lay)
    fig = static_map.build_figure(lay, 380, 440, thumbnail=True,
                                  selected=maps.selected_code(ctx, niveau))
    return fig, comparison_table(lay), lay.source
