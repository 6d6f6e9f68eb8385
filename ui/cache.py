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

Memory ceiling (issue 12: « memory flat after warm-up »). What the server holds beyond the
extraction, each bounded here or where named, so that a process's memory stops at a number:

==============================  ==========================================  ===============
holder                          bound                                       at most
==============================  ==========================================  ===============
``st.cache_data`` (every view   ``server.maxCacheDataSize = "96mb"``        100 MB pickled
of this module, pages/carte,    (``.streamlit/config.toml``: all functions
ui/printable)                   and sessions together, least recently used
                                dropped) and each function's ``max_entries``
                                and :data:`TTL`
compute locks of those caches   dropped when idle at each periodic          ~0
                                collection (:func:`ui.memory.
                                drop_idle_compute_locks`)
figures (:mod:`ui.memo`)        256 figures, 300 000 objects, 64 MB         64 MB
                                (:data:`ui.memo.MAX`, ``MAX_OBJECTS``,
                                ``MAX_BYTES``)
cards' trend lines              ``ui.widgets._sparkline``: 1 024 figures    33 MB
                                of ~32 kB
months and days computed        ``indicators.views.months.HELD_MAX`` and     32 MB
(unmasked, per extraction: a    ``HELD_MAX_BYTES``: 4 096 frames, 32 MB
unit's, or a level's units')    (a frame's data + ~6 kB of its own)
level frames (every unit of a   ``indicators.views.availability._LEVELS_    17 MB
level, raw and masked, shared   MAX``: 1 024 per extraction, ~17 kB a
by Territoires, maps, packs,    commune entry, < 1 kB an MDCS one
cards)
geometries, référentiel         ``functools.lru_cache`` of geo/, data/:     fixed by the
                                a few entries per level and detail          référentiel
the extraction                  :class:`Live`: the current snapshot and     fixed by the
                                the one before a switch                     extraction
each session's state            the widgets of its last run (~30            a few hundred
                                metadata and keys; :func:`ui.memory.        kB a session
                                drop_stale_widget_metadata`: Streamlit kept
                                the metadata and key of every widget ever
                                drawn), its filters
==============================  ==========================================  ===============

About 230 MB of caches in all on top of what the process holds after its first runs (the
modules, the extraction, the geometries: ~480 MB on the demo). The freed memory is handed back
to the system after each periodic collection (``malloc_trim``, :func:`ui.memory.trim`), and the
server runs with ``MALLOC_ARENA_MAX=2`` (scripts/demarrer.sh, bench/load.py). Measured with
``bench/load.py --diag`` (20 ws sessions, 20 minutes, the machine loaded by other work): caches
full after 13 minutes, then 737-786 MB resident (±3,2 %); 794-824 MB without
``MALLOC_ARENA_MAX`` (the README, « Servir plus d'utilisateurs »).
"""
from __future__ import annotations

import collections
import dataclasses
import functools
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

import streamlit as st

from data.opening import Opened, open_extraction
from indicators import distributions, narrative, views
from indicators.context import Ctx
from indicators.engine import make_ctx
from settings import Settings, environment_paths, load_settings
from ui import hashing

TTL = 6 * 3600  # seconds a cached view is kept (entries of a replaced snapshot age out)


@st.cache_resource(show_spinner=False, max_entries=8)
def _settings(config: str | None, url: str | None) -> Settings:
    return load_settings(config).with_url(url)


def current_settings() -> Settings:
    """The dashboard's settings (loaded once per configuration file and URL)."""
    return _settings(*environment_paths())


class Live:
    """The extraction served to every session of one configuration, kept fresh without a restart.

    The source's fingerprint (:func:`data.snapshot.fingerprint`, cheap) is checked at each new
    session and every ``[cache] verification_min`` minutes, in a background thread: the sessions
    keep being served the current snapshot while a changed extraction is read, validated and
    snapshotted; a valid one then replaces it in one assignment (new runs see it, the run in
    progress keeps the one it started with: its :class:`Key` names its snapshot). An unusable
    new extraction leaves the current snapshot in use and its report in
    :attr:`Opened.rejected`; an unreachable source, the last snapshot with
    :attr:`Opened.unreachable` set. The current and the previous snapshot stay reachable by id
    (keys of runs started before a switch)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        first = open_extraction(settings, keep_previous=True)
        self._by_id: dict[str, Opened] = {first.snapshot_id: first}
        self.current = first
        self._seen = snap_fingerprint_or_none(settings)
        self.checked = time.monotonic()
        self.checks = 0

    def get(self, snapshot_id: str | None = None) -> Opened:
        if snapshot_id is not None:
            found = self._by_id.get(snapshot_id)
            if found is not None:
                return found
        return self.current

    def due(self) -> bool:
        return time.monotonic() - self.checked >= self.settings.cache_verification_min * 60

    def check_soon(self, force: bool = False) -> None:
        """Start a background check when one is due (or ``force``: a new session)."""
        if not (force or self.due()):
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self.checked = time.monotonic()
            self._thread = threading.Thread(target=self._check, name="declik-verification",
                                            daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the check in progress (tests)."""
        t = self._thread
        if t is not None:
            t.join(timeout)

    def _check(self) -> None:
        from data.snapshot import SourceUnreachable, fingerprint

        self.checks += 1
        cur = self.current
        try:
            fp = fingerprint(self.settings.url)
        except SourceUnreachable as exc:
            self._set(dataclasses.replace(cur, unreachable=str(exc)))
            return
        except Exception:  # never a traceback in a background thread: the next check retries
            return
        if fp == self._seen and not cur.unreachable:
            return
        if fp == cur.fingerprint:
            self._seen = fp
            self._set(dataclasses.replace(cur, unreachable=None, rejected=None))
            return
        try:
            new = open_extraction(self.settings, keep_previous=True)
        except Exception as exc:  # unreachable while reading: keep serving the current one
            self._set(dataclasses.replace(cur, unreachable=str(exc)))
            return
        self._seen = fp
        if new.snapshot_id == cur.snapshot_id:  # unusable new extraction: same data, its report
            new = dataclasses.replace(cur, rejected=new.rejected, unreachable=None)
        self._set(new)

    def _set(self, op: Opened) -> None:
        with self._lock:
            switched = op.snapshot_id != self.current.snapshot_id
            if switched:
                self._by_id = {self.current.snapshot_id: self.current}
            self._by_id[op.snapshot_id] = op
            self.current = op
        if switched:  # e.g. the new snapshot's views computed before the sessions ask
            for hook in ON_SWITCH:
                hook()


# called (no argument) when a new snapshot replaces the current one: :func:`ui.warmup.request`
ON_SWITCH: list[Callable[[], object]] = []


def snap_fingerprint_or_none(settings: Settings) -> dict | None:
    from data.snapshot import fingerprint

    try:
        return fingerprint(settings.url)
    except Exception:
        return None


@st.cache_resource(show_spinner="Ouverture et contrôle de l'extraction…", max_entries=8,
                   hash_funcs=hashing.HASH_FUNCS)
def live(settings: Settings) -> Live:
    """The :class:`Live` extraction of ``settings`` (one per process and configuration)."""
    from ui import diag

    diag.start_if_asked()  # a load bench's diagnostics (DECLIK_DIAG), never in production
    return Live(settings)


def opened(settings: Settings, snapshot_id: str | None = None) -> Opened:
    """The typed, validated extraction of ``settings``: the snapshot ``snapshot_id`` when still
    held, else the current one."""
    return live(settings).get(snapshot_id)


PINNED = "_declik_opened"  # session state: the Opened of the run in progress


def begin_run(new_session: bool) -> tuple[Settings, Opened, Opened | None]:
    """Start a page run: check the source if due (always for a new session), take the current
    extraction for the whole run; return it and the one the session saw before (to tell it
    that new data arrived)."""
    s = current_settings()
    lv = live(s)
    lv.check_soon(force=new_session)
    op = lv.current
    before = st.session_state.get(PINNED)
    st.session_state[PINNED] = op
    return s, op, before


def current_opened() -> tuple[Settings, Opened]:
    """The settings and the extraction of the run in progress."""
    s = current_settings()
    op = st.session_state.get(PINNED)
    if op is None:
        op = opened(s)
    return s, op


class Key(NamedTuple):
    """Everything a view depends on, hashable: the cache key of every library call."""

    settings: Settings
    debut: date
    fin: date
    territoire: str  # niveau:code
    comp_debut: date | None
    comp_fin: date | None
    mode: str  # comparison mode (n-1 / precedente)
    snapshot: str = ""  # the snapshot the run started with (caches are keyed by it)

    def period(self, debut: date, fin: date) -> Key:
        """The same territory on ``debut``–``fin``, without comparison."""
        return self._replace(debut=debut, fin=fin, comp_debut=None, comp_fin=None, mode="")

    @property
    def comparison(self) -> Key | None:
        """The comparison period as a key of its own (None when there is none)."""
        return self.period(self.comp_debut, self.comp_fin) if self.comp_debut else None


HASH_FUNCS = {**hashing.HASH_FUNCS, Key: hashing.key_bytes}  # hash_funcs of every cache here


def ctx_of(key: Key) -> Ctx:
    op = opened(key.settings, key.snapshot)
    terr = op.referentiel.parse_territoire(key.territoire)
    return make_ctx(op.extraction, op.referentiel, key.settings, key.debut, key.fin, terr)


def departement_key(key: Key) -> Key:
    return key._replace(territoire=f"departement:{opened(key.settings).referentiel.departement}")


# computations (cache misses) of each function decorated by :func:`cached`, in this process
COMPUTED: collections.Counter[str] = collections.Counter()
_COMPUTED_LOCK = threading.Lock()


def cached(max_entries: int = 200, spinner: bool | str = False, ttl: float = TTL) -> Callable:
    """``f(ctx, *args)`` → ``f(key, *args)``, cached on ``(key, *args)``. Each decorated function
    has a cache of its own, bounded in entries and in age (``ttl`` seconds).

    - The key is the snapshot, the settings, the period and the territory: the comparison fields
      are dropped (a ``Ctx`` does not hold them), so that sessions comparing differently share
      the same view instead of computing it twice.
    - Thread safety across sessions: ``st.cache_data`` keeps the result pickled and hands every
      caller its own unpickled copy; the extraction and référentiel frames a computation reads
      are clones (:class:`data.load.SharedTables`). No polars frame is ever held by two sessions,
      so none is converted (``to_pandas``/``to_arrow``, by Streamlit, plotly or pyarrow) by two
      threads at once — the cause of the server freeze (pola-rs/polars#27396). A second way to
      the same freeze (seen with 20 sessions): a thread converting its own frame while holding
      the interpreter lock, polars' pool busy with a Python function of another session's query
      waiting for that lock — no Python function inside any polars query
      (:func:`indicators.context.python_map` for labels, the cell keys hashed outside the
      engine: :mod:`indicators.secret`; ``tests/pages/test_concurrency.py`` allows none).
    - The settings inside the key are hashed by their pickle (:mod:`ui.hashing`), not field by
      field: a cache hit costs a few hundredths of a millisecond instead of 2 ms.
    - Bounded: every cache of the process has ``max_entries`` and the views a ``ttl``
      (``tests/pages/test_concurrency.py`` checks every decorator), so the server's memory stops
      growing once the caches are full; :data:`COMPUTED` counts the computations (cache misses)
      of each function, across sessions."""
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        name = f"{fn.__module__}.{fn.__qualname__}"

        def run(key: Key, *args, **kwargs):
            with _COMPUTED_LOCK:
                COMPUTED[name] += 1
            return fn(ctx_of(key), *args, **kwargs)

        # st.cache_data tells functions apart by module and qualified name
        run.__module__, run.__qualname__ = __name__, f"cached[{name}]"
        run.__name__ = fn.__name__
        cached_run = st.cache_data(show_spinner=spinner, max_entries=max_entries, ttl=ttl,
                                   hash_funcs=HASH_FUNCS)(run)

        @functools.wraps(fn)
        def call(key: Key, *args, **kwargs):
            return cached_run(view_key(key), *args, **kwargs)
        return call
    return decorate


def view_key(key: Key) -> Key:
    """What a view computed on ``ctx_of(key)`` depends on: the key without its comparison."""
    return key.period(key.debut, key.fin) if key.comp_debut or key.mode else key


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
km_duree_rsa = cached(max_entries=200)(distributions.km_duree_rsa)
funnel = cached(max_entries=200)(distributions.parcours_funnel)


@cached(max_entries=100)
def territory_access(ctx: Ctx, *args, **kwargs):
    """:func:`geo.offre.territory_access` (geo, with geopandas and pandas behind it, is imported
    by the first map drawn, not by the app's start: its first chart comes sooner)."""
    from geo import offre

    return offre.territory_access(ctx, *args, **kwargs)


partner_sheets = cached(max_entries=200)(views.partner_sheets)
actions_table = cached(max_entries=200)(views.actions_table)
porteurs = cached(max_entries=200)(views.porteurs)


class Beside:
    """``fn()`` computed in a thread of its own while the caller goes on; :meth:`result` waits
    for it and raises what it raised. The thread carries the run's ScriptRunContext (Streamlit's
    caches want it); ``fn`` is a cached computation and draws nothing. Independent computations
    of one view then use both cores (polars releases the interpreter lock while it collects):
    the same work, less waiting for one user. A key computed by two threads (this one and the
    caller, or another session) is still computed once: Streamlit's cache holds a lock per key
    while computing, the second caller reads the result."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

        self._out: list = []
        self._thread = threading.Thread(target=self._run, args=(fn,), name="declik-beside",
                                        daemon=True)
        add_script_run_ctx(self._thread, get_script_run_ctx(suppress_warning=True))
        self._thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self._out.append((True, fn()))
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self._out.append((False, exc))

    def result(self) -> Any:
        self._thread.join()
        ok, value = self._out[0]
        if not ok:
            raise value
        return value


def cards(key: Key, ids: tuple[str, ...], sparkline: bool = True) -> list[views.Card]:
    """Key cards; the period's values, the comparison's and the trend lines are cached apart, so
    that changing only the comparison (or only the start of the period) recomputes only that.
    The trend lines and the other windows' values are computed beside the first window's
    (:class:`Beside`): on a view no session computed yet, the cards are most of the work."""
    spark_key = key.period(key.fin, key.fin)
    beside = [Beside(lambda: _sparklines(spark_key, ids))] if sparkline else []
    ctx, cur, prev, notes = _like_for_like(key, ids, beside)
    spark = beside[0].result() if sparkline else None
    for b in beside:
        b.result()  # the other windows' (already read by _like_for_like): errors surface here
    return views.assemble_cards(ctx, ids, cur, prev, spark, notes)


def _like_for_like(key: Key, ids: tuple[str, ...], beside: list[Beside] | None = None):
    """Each figure on its own like-for-like windows (:mod:`indicators.coverage`), every window's
    values cached on its own key. ``beside``: the windows but the first are started in threads
    of their own (:class:`Beside`, appended to it), then read in order by the same code."""
    ctx = ctx_of(key)
    comp = ctx_of(key.comparison) if key.comparison else None
    windows = views.card_windows(ctx, comp, ids)

    def window_key(c):
        return key.period(c.debut, c.fin)

    if beside is not None:  # which windows the cards need: the same grouping, nothing computed
        wanted: list[tuple[Key, tuple[str, ...]]] = []
        views.grouped_values(lambda c, g: wanted.append((window_key(c), g)) or {}, ctx,
                             windows, ids)
        beside += [Beside(lambda k=k, g=g: _masked_values(k, g)) for k, g in wanted[1:]]

    def values_of(c, g):
        return _masked_values(window_key(c), g)
    cur, prev, notes = views.grouped_values(values_of, ctx, windows, ids)
    return ctx, cur, prev, notes


def values(key: Key, ids: tuple[str, ...]) -> dict[str, float | None]:
    mv = _masked_values(key.period(key.debut, key.fin), ids)
    return {i: mv[i][0] if i in mv else None for i in ids}


def sentences(key: Key, ids: tuple[str, ...], where: str) -> list[str]:
    """The narrative on the like-for-like values: a figure without a comparison (an incomplete
    month, an annual amount of a year not over) gets no sentence."""
    ctx, cur_m, prev_m, _ = _like_for_like(key, ids)
    partial = {i for i, w in views.card_windows(ctx, None, ids).items() if not w.complete}
    cur = {i: cur_m[i][0] if i in cur_m and i not in partial else None for i in ids}
    prev = {i: prev_m[i][0] for i in ids if prev_m and i in prev_m}
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
    units drawn without any value). The layer and its table are cached like every view; the
    figure is built once per process for the same view (:func:`ui.memo.figure_for`: a plotly
    figure costs more to unpickle from a cache than to build from its layer)."""
    from geo import static_map
    from ui import memo

    scope = _scope()
    lay, table, selected = _thumbnail(key, ind_id, niveau, scope)
    fig = memo.figure_for((view_key(key), ind_id, niveau, scope),
                          static_map.build_figure, lay, 380, 440, thumbnail=True,
                          selected=selected)
    return fig, table, lay.source


@cached(max_entries=100)
def _thumbnail(ctx: Ctx, ind_id: str, niveau: str | None, scope):
    from geo import maps
    from geo.layers import comparison_table

    niveau = niveau or maps.thumbnail_level(ctx)
    lay = maps.layer(ctx, ind_id, niveau, k=4)
    if scope is not None:
        lay = scope.filter_layer(lay)
    return lay, comparison_table(lay), maps.selected_code(ctx, niveau)


def quality(settings: Settings, snapshot: str | None = None,
            rejected: bool = False) -> tuple[dict, dict[str, views.Table]]:
    """The Qualité page's summary and tables of the extraction in use (``rejected``: of the new,
    unusable extraction received while the previous snapshot is served)."""
    op = opened(settings, snapshot)
    return _quality(settings, op.snapshot_id, rejected and op.rejected is not None)


@st.cache_data(show_spinner=False, max_entries=20, ttl=TTL, hash_funcs=HASH_FUNCS)
def _quality(settings: Settings, snapshot: str, rejected: bool):
    op = opened(settings, snapshot)
    if rejected:
        return views.quality_summary(op.rejected, None), views.quality_tables(op.rejected, None)
    return views.quality_summary(op.report, op.extraction), views.quality_tables(op.report, op.extraction)


@st.cache_data(show_spinner="Calcul du plan d'action…", max_entries=100, ttl=TTL,
               hash_funcs=HASH_FUNCS)
def plan(key: Key) -> views.PlanView:
    """The PDI-PTI tree with the measures of its criteria (its cards cached like any card)."""
    ctx = ctx_of(key)
    cs = {c.id: c for c in cards(key, views.plan_card_ids(ctx))}
    return views.plan_view(ctx, ctx_of(key.comparison) if key.comparison else None, cs)


@st.cache_data(show_spinner=False, max_entries=100, ttl=TTL, hash_funcs=HASH_FUNCS)
def plan_outline(key: Key) -> views.PlanView:
    """The PDI-PTI tree, its criteria measured and its context cards, without the fiches'
    values: the Plan page shows a fiche's values when it is opened (:func:`plan_fiche`), instead
    of the ~50 cards and 12-month trend lines of every fiche at each first opening."""
    ctx = ctx_of(key)
    ids = views.context_card_ids(ctx)
    cs = {c.id: c for c in cards(key, ids)} if ids else {}
    return views.plan_view(ctx, ctx_of(key.comparison) if key.comparison else None, cs, fiches=())


@st.cache_data(show_spinner="Calcul de la fiche…", max_entries=400, ttl=TTL,
               hash_funcs=HASH_FUNCS)
def plan_fiche(key: Key, fid: str) -> tuple[views.Table, bytes]:
    """One fiche's table (its measures with their values and trend lines) and its CSV, the same
    as in the whole plan (:func:`plan_tables`)."""
    ctx = ctx_of(key)
    ids = views.fiche_card_ids(ctx, fid)
    cs = {c.id: c for c in cards(key, ids)} if ids else {}
    pv = views.plan_view(ctx, ctx_of(key.comparison) if key.comparison else None, cs, fiches=(fid,))
    t = views.fiche_table(pv.fiches[fid])
    return t, views.table_csv(t)


@st.cache_data(show_spinner=False, max_entries=100, ttl=TTL, hash_funcs=HASH_FUNCS)
def plan_tables(key: Key) -> dict[str, tuple[views.Table, bytes]]:
    """Each fiche's table and its CSV (``fiche id → (table, csv)``), built once per view, not at
    every rerun of the Plan page (59 tables)."""
    return {fid: (t, views.table_csv(t)) for fid, t in
            ((fid, views.fiche_table(fv)) for fid, fv in plan(key).fiches.items())}
