"""What the server holds, written every minute while a load bench runs (never in production):
started by :func:`ui.cache.live` when ``DECLIK_DIAG`` names a file (``bench/load.py --diag``).

Each line of that file is a JSON object: the time, the resident memory, the objects the garbage
collector tracks (what a full collection walks) and their 12 commonest types, the figures of :mod:`ui.memo`, the entries and
bytes of every ``st.cache_data`` cache (by function) and their byte budget, the compute locks
Streamlit keeps per cache key, the sessions open and what their states hold, the entries of the
project's ``lru_cache``s, the polars frames alive, the media files held, glibc's allocator
(``mallinfo2``: heap in use and free) and what :func:`ui.memory.trim` gave back; with ``DECLIK_DIAG_TRACEMALLOC=1`` also the 12 places whose
allocated memory grew most since the first line and since the line before (``tracemalloc``
snapshots diffed, :func:`_growth`; it slows the
server: a soak of its own); with ``DECLIK_DIAG_GC=1`` a full collection first (what of the
tracked objects was garbage waiting for the collector, and what is alive).
"""
from __future__ import annotations

import collections
import gc
import json
import sys
import threading
import time
from pathlib import Path

_STARTED = threading.Event()
_COLLECT = [False]  # DECLIK_DIAG_GC=1: a full collection before each line


def start_if_asked() -> bool:
    """Start the writer thread once per process when ``DECLIK_DIAG`` is set
    (:func:`settings.environment_diagnostics`)."""
    from settings import environment_diagnostics

    asked = environment_diagnostics()
    if asked is None or _STARTED.is_set():
        return False
    _STARTED.set()
    _COLLECT[0] = asked.collect
    if asked.tracemalloc:
        import tracemalloc

        tracemalloc.start(6)
    threading.Thread(target=_loop, args=(Path(asked.path), asked.every_s, asked.tracemalloc),
                     name="declik-diag", daemon=True).start()
    return True


def _loop(path: Path, every: float, trace: bool) -> None:
    t0 = time.monotonic()
    first = last = None
    while True:
        try:
            line = snapshot(time.monotonic() - t0)
            if trace:
                import tracemalloc

                snap = tracemalloc.take_snapshot().filter_traces(
                    [tracemalloc.Filter(False, tracemalloc.__file__)])
                if first is None:
                    first = snap
                else:  # since the first line, and since the line before
                    line["croissance"] = _growth(snap, first)
                    line["croissance_derniere"] = _growth(snap, last)
                last = snap
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except Exception as exc:  # noqa: BLE001 - a diagnostic never stops the server
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"erreur": repr(exc)}) + "\n")
        time.sleep(every)


def _growth(snap, before) -> list[str]:
    """The 12 places (file:line, the last 3 frames) whose allocated memory grew most."""
    return [f"{s.size_diff / 1e6:+.1f} Mo {s.count_diff:+d} : "
            + " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in s.traceback[-3:])
            for s in snap.compare_to(before, "traceback")[:12]]


def snapshot(t: float = 0.0) -> dict:
    """One line of the diagnostics (see the module)."""
    from ui import memo, memory

    before = len(gc.get_objects())
    freed = gc.collect() if _COLLECT[0] else None
    objs = gc.get_objects()
    kinds = collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in objs)
    out: dict = {"t_s": round(t), "rss_mb": _rss_mb(), "rss_anon_mb": _rss_mb("RssAnon"),
                 "rss_fichiers_mb": _rss_mb("RssFile"), "gc_suivis": len(objs),
                 "gc_geles": gc.get_freeze_count(), "memo": memo.stats(),
                 "types": dict(kinds.most_common(12))}
    if freed is not None:  # DECLIK_DIAG_GC=1: what was garbage waiting for a collection
        out["gc_avant_collecte"], out["gc_liberes"] = before, freed
    out["suivis"] = {k: kinds.get(k, 0) for k in WATCHED}
    out["warmup"], out["calculs"] = _warmup_and_computations()
    out["lru"] = _lru_sizes()
    out["polars"] = _polars_frames(objs)
    del objs
    out["malloc"] = memory.allocator()
    out["malloc_trim"] = dict(memory.TRIMS)
    out["pymalloc_blocs"] = sys.getallocatedblocks()
    try:
        out["etats_de_session"] = _session_states()
    except Exception as exc:  # noqa: BLE001 - Streamlit's internals may move
        out["etats_de_session"] = repr(exc)
    try:
        from streamlit.runtime.caching.cache_data_api import get_data_cache_stats_provider

        provider = get_data_cache_stats_provider()
        with provider._caches_lock:
            caches = [c for fc in provider._function_caches.values() for c in fc.values()]
        per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
        for c in caches:
            mem = getattr(c.storage, "_mem_cache", {})
            name = c.display_name.rsplit(".", 1)[-1].rstrip("]")
            with getattr(c.storage, "_mem_cache_lock", threading.Lock()):  # a session may write
                sizes = [len(v) for v in list(mem.values())]
            per[name][0] += len(sizes)
            per[name][1] += sum(sizes)
            per[name][2] = max([per[name][2], *sizes])
        out["caches"] = {k: {"entrees": n, "mo": round(b / 1e6, 1), "max_ko": round(m / 1e3)}
                         for k, (n, b, m) in sorted(per.items(), key=lambda kv: -kv[1][1])}
        out["caches_mo"] = round(sum(b for _, b, _ in per.values()) / 1e6, 1)
        out["verrous_de_calcul"] = sum(len(getattr(c, "_value_locks", ())) for c in caches)
        from streamlit.runtime.caching.global_cache_budget import get_global_cache_budget

        budget = get_global_cache_budget()  # server.maxCacheDataSize (.streamlit/config.toml)
        out["budget_caches_mo"] = (None if budget.max_bytes is None
                                   else round(budget.max_bytes / 1e6, 1))
    except Exception as exc:  # noqa: BLE001 - Streamlit's internals may move
        out["caches"] = repr(exc)
    try:
        from streamlit.runtime import Runtime

        out["sessions"] = len(Runtime.instance()._session_mgr.list_active_sessions())
        mgr = Runtime.instance().media_file_mgr  # downloads, images: swept by ui.media
        files = list(getattr(mgr._storage, "_files_by_id", {}).values())
        out["fichiers_media"] = {"n": len(files),
                                 "mo": round(sum(len(f.content) for f in files) / 1e6, 1),
                                 "differes": len(getattr(mgr, "_deferred_callables", ()))}
    except Exception:  # noqa: BLE001
        pass
    return out


def _warmup_and_computations() -> tuple[dict, dict[str, int]]:
    """The warm-up's status (pages run, done, errors, the snapshot it opened) and the views
    computed so far (:data:`ui.cache.COMPUTED`, by function): what a test of the signed-in
    modes reads from outside the server (no view computed before a sign-in)."""
    # read from the modules loaded (ui.cache starts this writer, ui.warmup uses ui.cache)
    warmup, cache = sys.modules.get("ui.warmup"), sys.modules.get("ui.cache")
    status = getattr(warmup, "STATUS", {})
    w = {k: status.get(k) for k in ("runs", "pages", "done", "errors", "snapshot")}
    return w, dict(getattr(cache, "COMPUTED", {}))


# types whose count is always written (what earlier soaks saw grow), beside the 12 commonest
WATCHED = ("streamlit.runtime.state.common.WidgetMetadata", "indicators.calendrier.Periode",
           "plotly.graph_objs._figure.Figure", "plotly.graph_objs._scatter.Scatter",
           "polars.dataframe.frame.DataFrame", "folium.folium.Map")


def _lru_sizes() -> dict[str, int]:
    """Entries held by every ``functools.lru_cache`` / ``functools.cache`` of the project's
    modules (by function; found in the modules, not among the collector's objects: those made
    at import are frozen, :mod:`ui.memory`)."""
    out: dict[str, int] = {}
    for name, mod in list(sys.modules.items()):
        if name.split(".", 1)[0] not in PROJECT:
            continue
        for attr, o in list(vars(mod).items()):
            if type(o).__name__ == "_lru_cache_wrapper" and getattr(o, "__module__", "") == name:
                try:
                    out[f"{name}.{attr}"] = o.cache_info().currsize
                except (AttributeError, TypeError):
                    pass
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


PROJECT = {"ui", "charts", "geo", "indicators", "data", "reports", "pages"}


def _polars_frames(objs: list) -> dict[str, float]:
    """The polars frames alive (after a collection: held by something) and their estimated
    size (buffers shared between frames counted in each)."""
    import polars as pl

    frames = [o for o in objs if type(o) is pl.DataFrame]
    return {"n": len(frames), "mo": round(sum(f.estimated_size() for f in frames) / 1e6, 1)}


def _session_states() -> dict[str, int]:
    """What the sessions' states hold, summed over the sessions: the keys of ``st.session_state``
    (``valeurs``), the widgets with a value (``widgets``), the widgets' metadata
    (``metadonnees``, :func:`ui.memory.drop_stale_widget_metadata`), the user keys mapped to a
    widget id and back (``cles``, ``ids_cles``), the widgets bound to a query parameter
    (``lies_url``)."""
    from streamlit.runtime import Runtime

    out = {"sessions": 0, "valeurs": 0, "widgets": 0, "metadonnees": 0, "cles": 0,
           "ids_cles": 0, "lies_url": 0}
    for info in Runtime.instance()._session_mgr.list_sessions():
        st = getattr(info.session, "_session_state", None)
        if st is None:
            continue
        out["sessions"] += 1
        out["valeurs"] += len(st._old_state) + len(st._new_session_state)
        out["widgets"] += len(st._new_widget_state.states)
        out["metadonnees"] += len(st._new_widget_state.widget_metadata)
        out["cles"] += len(st._key_id_mapper._key_id_mapping)
        out["ids_cles"] += len(st._key_id_mapper._id_key_mapping)
        out["lies_url"] += len(st._query_param_bound_widget_ids)
    return out


def _rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0
