"""Caches at the edge: the settings, the extraction and the référentiel are loaded once per
process (``st.cache_resource``); every library call a page makes goes through ONE decorator,
:func:`cached`, which turns a library function ``f(ctx, *args)`` into ``f(key, *args)`` cached on
the filters (``st.cache_data``): changing a filter recomputes only what that view needs and the
extraction is never re-read per interaction.

:func:`cached` is the single place where a page's computation runs on a :class:`Ctx`: keying the
caches by something more (an extraction snapshot) or serialising what must not run concurrently
across sessions is done there, and only there.

The settings are the ones of :func:`settings.settings_from_environment` (``config.toml``, or
``DECLIK_CONFIG`` / ``DECLIK_DB``); they travel inside the :class:`Key`, explicitly.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

import streamlit as st

from data.opening import Opened, open_extraction
from geo import maps
from geo.layers import comparison_table
from indicators import distributions, narrative, views
from indicators.context import Ctx
from indicators.engine import make_ctx
from settings import Settings, environment_paths, load_settings


@st.cache_resource(show_spinner=False)
def _settings(config: str | None, url: str | None) -> Settings:
    return load_settings(config).with_url(url)


def current_settings() -> Settings:
    """The dashboard's settings (loaded once per configuration file and URL)."""
    return _settings(*environment_paths())


@st.cache_resource(show_spinner="Ouverture et contrôle de l'extraction…")
def opened(settings: Settings) -> Opened:
    """The typed, validated extraction of ``settings`` (once per process)."""
    return open_extraction(settings)


def current_opened() -> tuple[Settings, Opened]:
    s = current_settings()
    return s, opened(s)


class Key(NamedTuple):
    """Everything a view depends on, hashable: the cache key of every library call."""

    settings: Settings
    debut: date
    fin: date
    territoire: str  # niveau:code
    comp_debut: date | None
    comp_fin: date | None
    mode: str  # comparison mode (n-1 / precedente)

    def period(self, debut: date, fin: date) -> Key:
        """The same territory on ``debut``–``fin``, without comparison."""
        return self._replace(debut=debut, fin=fin, comp_debut=None, comp_fin=None, mode="")

    @property
    def comparison(self) -> Key | None:
        """The comparison period as a key of its own (None when there is none)."""
        return self.period(self.comp_debut, self.comp_fin) if self.comp_debut else None


def ctx_of(key: Key) -> Ctx:
    op = opened(key.settings)
    terr = op.referentiel.parse_territoire(key.territoire)
    return make_ctx(op.extraction, op.referentiel, key.settings, key.debut, key.fin, terr)


def departement_key(key: Key) -> Key:
    return key._replace(territoire=f"departement:{opened(key.settings).referentiel.departement}")


def cached(max_entries: int = 200, spinner: bool | str = False) -> Callable:
    """``f(ctx, *args)`` → ``f(key, *args)``, cached on ``(key, *args)`` (results are copied out
    of the cache, as ``st.cache_data`` does). Each decorated function has a cache of its own."""
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(key: Key, *args, **kwargs):
            return fn(ctx_of(key), *args, **kwargs)

        # st.cache_data tells functions apart by module and qualified name
        run.__module__, run.__qualname__ = __name__, f"cached[{fn.__module__}.{fn.__qualname__}]"
        run.__name__ = fn.__name__
        cached_run = st.cache_data(show_spinner=spinner, max_entries=max_entries)(run)

        @functools.wraps(fn)
        def call(key: Key, *args, **kwargs):
            return cached_run(key, *args, **kwargs)
        return call
    return decorate


# ---- cached library calls ---------------------------------------------------------------------
_masked_values = cached(max_entries=1000)(views.masked_values)
_sparklines = cached(max_entries=500)(views.sparklines)
breakdowns = cached(max_entries=400)(views.breakdowns)
series = cached(max_entries=400)(views.series)
series_many = cached(max_entries=400)(views.series_many)
compare = cached(max_entries=400)(views.compare)
_territory_comparison = cached(max_entries=100)(views.territory_comparison)
territory_profile = cached(max_entries=200)(views.territory_profile)
delay_quantiles = cached(max_entries=200)(distributions.delay_quantiles)
km_orientation = cached(max_entries=200)(distributions.km_orientation)
funnel = cached(max_entries=200)(distributions.parcours_funnel)


def cards(key: Key, ids: tuple[str, ...], sparkline: bool = True) -> list[views.Card]:
    """Key cards; the period's values, the comparison's and the trend lines are cached apart, so
    that changing only the comparison (or only the start of the period) recomputes only that."""
    cur = _masked_values(key.period(key.debut, key.fin), ids)
    prev = _masked_values(key.comparison, ids) if key.comparison else None
    spark = _sparklines(key.period(key.fin, key.fin), ids) if sparkline else None
    return views.assemble_cards(ctx_of(key), ids, cur, prev, spark)


def values(key: Key, ids: tuple[str, ...]) -> dict[str, float | None]:
    mv = _masked_values(key.period(key.debut, key.fin), ids)
    return {i: mv[i][0] if i in mv else None for i in ids}


def sentences(key: Key, ids: tuple[str, ...], where: str) -> list[str]:
    cur = values(key, ids)
    prev = values(key.comparison, ids) if key.comparison else {}
    return narrative.sentences(cur, prev, key.mode, where=where, objectifs=key.settings.objectifs)


def _scope():
    """The signed-in user's territory scope (:mod:`ui.access`), None outside a page run."""
    from ui import access

    return access.current_scope()


def territory_comparison(key: Key, ids: tuple[str, ...], niveau: str):
    """Every unit of ``niveau`` beside the département, cut to the user's scope."""
    t = _territory_comparison(key, ids, niveau)
    sc = _scope()
    return sc.filter_table(t, niveau) if sc is not None and isinstance(t, views.Table) else t


def thumbnail(key: Key, ind_id: str = "foyers_beneficiaires", niveau: str | None = None):
    """The thumbnail map of ``ind_id`` at ``niveau`` (default: the territory's own level, MDCS for
    the département), its data table and its source line, cut to the user's scope (the other
    units drawn without any value)."""
    return _thumbnail(key, ind_id, niveau, _scope())


@cached(max_entries=100)
def _thumbnail(ctx: Ctx, ind_id: str, niveau: str | None, scope):
    from geo import static_map

    niveau = niveau or maps.thumbnail_level(ctx)
    lay = maps.layer(ctx, ind_id, niveau, k=4)
    if scope is not None:
        lay = scope.filter_layer(lay)
    fig = static_map.build_figure(lay, 380, 440, thumbnail=True,
                                  selected=maps.selected_code(ctx, niveau))
    return fig, comparison_table(lay), lay.source


@st.cache_data(show_spinner=False, max_entries=50)
def quality(settings: Settings) -> tuple[dict, dict[str, views.Table]]:
    op = opened(settings)
    return views.quality_summary(op.report, op.extraction), views.quality_tables(op.report, op.extraction)


@st.cache_data(show_spinner="Calcul du plan d'action…", max_entries=100)
def plan(key: Key) -> views.PlanView:
    """The PDI-PTI tree with the measures of its criteria (its cards cached like any card)."""
    ctx = ctx_of(key)
    cs = {c.id: c for c in cards(key, views.plan_card_ids(ctx))}
    return views.plan_view(ctx, ctx_of(key.comparison) if key.comparison else None, cs)
