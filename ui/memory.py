"""The garbage collector told to leave the modules alone.

Streamlit runs a full collection of the garbage collector after every script run
(``runner.postScriptGC``, to keep memory down): it walks every object of the process — the
modules of Streamlit, polars, plotly and pandas are most of them, about 160 000 objects, 85 ms
of CPU at each rerun of each session, while every other session waits for the interpreter lock.
After a run that imported new modules, :func:`settle` collects once, then freezes what is alive
(``gc.freeze``: moved out of the collector's generations, never walked again), so that the
collection after each run walks only that run's own objects. That collection after each run is
now off (``.streamlit/config.toml``, ``runner.postScriptGC = false``): once the caches and
:mod:`ui.memo` are full, what was created after the last freeze (350 000 objects) made it cost
0,13 s of CPU per rerun. In its place, one full collection every :data:`COLLECT_S` seconds at
most (:func:`collect_now_and_then`), which frees the cycles the runs leave; the freeze spares it and
Python's own full collections the walk of the modules. Memory is still freed: reference
counting frees a frozen object no longer used; only a cycle among objects frozen at that moment
would stay (a freeze happens a few times per process, when a page imports modules first).
"""
from __future__ import annotations

import gc
import sys
import threading
import time

_LOCK = threading.Lock()
_FROZEN_AT = [0]  # how many modules were loaded at the last freeze


COLLECT_S = 20.0  # seconds between two full collections at the end of a run (at most)
_COLLECTED = [time.monotonic()]


def collect_now_and_then() -> bool:
    """A full collection at the end of a run when the last one is :data:`COLLECT_S` seconds old
    (instead of Streamlit's after every run, ``runner.postScriptGC`` off): the cycles each run
    leaves (a folium map's elements, a plotly figure's objects, a run's widget metadata) are not
    freed by reference counting, and Python's own full collections, which wait for the objects
    that survived to grow by a quarter, let them pile up — a 10-session soak grew 570 → 1 050 MB
    in 12 minutes. Returns whether it collected."""
    now = time.monotonic()
    if now - _COLLECTED[0] < COLLECT_S or not _LOCK.acquire(blocking=False):
        return False
    try:
        if now - _COLLECTED[0] < COLLECT_S:
            return False
        drop_idle_compute_locks()
        gc.collect()
        if TRIM:
            _trim_and_count()
        _COLLECTED[0] = time.monotonic()
        return True
    finally:
        _LOCK.release()


TRIM = True  # after each full collection of collect_now_and_then, malloc_trim(0) (:func:`trim`)
TRIMS = {"n": 0, "mo_rendus": 0.0, "dernier_mo": 0.0, "cpu_ms": 0.0}  # what the trims gave back


def _trim_and_count() -> None:
    """:func:`trim`, the resident memory it gave back and its CPU time counted in
    :data:`TRIMS` (read by :mod:`ui.diag`): the pickled views the caches drop, the figures the
    memo drops, the cycles the collection frees are glibc blocks of every thread's arena, kept
    resident once free — a 20-session soak held 45-64 MB free inside the arenas (mallinfo2)
    while the resident memory kept rising."""
    before, c0 = _rss_kb(), time.thread_time()
    trim()
    after = _rss_kb()
    TRIMS["n"] += 1
    TRIMS["dernier_mo"] = round((before - after) / 1024, 1)
    TRIMS["mo_rendus"] = round(TRIMS["mo_rendus"] + (before - after) / 1024, 1)
    TRIMS["cpu_ms"] = round(TRIMS["cpu_ms"] + (time.thread_time() - c0) * 1000, 1)


def _rss_kb() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * (_PAGE_KB or 4)
    except OSError:
        return 0


try:
    import os as _os

    _PAGE_KB = _os.sysconf("SC_PAGE_SIZE") // 1024
except (AttributeError, ValueError, OSError):
    _PAGE_KB = 4


def settle() -> bool:
    """At the end of a script run: freeze the objects alive once new modules were imported,
    else collect now and then (:func:`collect_now_and_then`). Returns whether it froze."""
    drop_stale_widget_metadata()
    if len(sys.modules) <= _FROZEN_AT[0]:
        collect_now_and_then()
        return False
    with _LOCK:
        n = len(sys.modules)
        if n <= _FROZEN_AT[0]:
            return False
        gc.collect()
        gc.freeze()
        _FROZEN_AT[0] = n
        _COLLECTED[0] = time.monotonic()
    return True


def drop_stale_widget_metadata() -> int:
    """At the end of a script run: forget the metadata of the session's widgets that have no
    value left and are not drawn by this run. Streamlit drops a stale widget's value after each
    run but keeps its metadata (``WStates.widget_metadata``: its serializer, deserializer and
    ``format_func``, which hold the options — periods, unit names — of the run that drew it)
    for good: a session that visits every page and picks many periods keeps one entry per widget
    id ever drawn (ids change with a widget's options), 3 000-4 300 ``WidgetMetadata`` alive in
    a 10-session soak. Kept: every widget drawn by this run, every id with a value (new or old
    state), every widget bound to a query parameter — a widget drawn again registers its metadata
    anew before its value is read. Nothing is done during a fragment's run (the other widgets'
    metadata are still needed). Returns how many entries were dropped (0 outside a run, or when
    Streamlit's internals are not the expected ones)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or ctx.fragment_ids_this_run:
            return 0
        safe = ctx.session_state
        with safe._lock:
            state = safe._state
            wstates = state._new_widget_state
            meta = wstates.widget_metadata
            keep = (set(ctx.shared.widget_ids_this_run.snapshot()) | set(wstates.states)
                    | set(state._old_state) | set(state._query_param_bound_widget_ids))
            stale = [k for k in meta if k not in keep]
            for k in stale:
                del meta[k]
            mapper = state._key_id_mapper
            gone = [k for k, wid in mapper._key_id_mapping.items() if wid not in keep]
            for k in gone:
                del mapper._key_id_mapping[k]
            mapper._id_key_mapping = {wid: k for wid, k in mapper._id_key_mapping.items()
                                      if wid in keep}
        return len(stale) + len(gone)
    except (AttributeError, TypeError):  # Streamlit's internals moved: nothing dropped
        return 0


def drop_idle_compute_locks() -> int:
    """Forget the compute locks no thread holds: ``st.cache_data`` makes one lock per cache key
    ever computed (``_value_locks``, so that two sessions asking for the same view compute it
    once) and never drops it — 5 600 after 10 minutes of 20 sessions, a few hundred bytes
    each, for the life of the process. A lock held (a computation in progress) is kept; one
    taken but not yet acquired and dropped costs at worst the same view computed twice at once.
    Returns how many were dropped."""
    try:
        from streamlit.runtime.caching.cache_data_api import get_data_cache_stats_provider

        provider = get_data_cache_stats_provider()
        with provider._caches_lock:
            caches = [c for fc in provider._function_caches.values() for c in fc.values()]
    except (ImportError, AttributeError):
        return 0
    n = 0
    for c in caches:
        locks, guard = getattr(c, "_value_locks", None), getattr(c, "_value_locks_lock", None)
        if locks is None or guard is None:
            continue
        with guard:
            idle = [k for k, lk in locks.items() if not lk.locked()]
            for k in idle:
                del locks[k]
        n += len(idle)
    return n


def allocator() -> dict[str, float] | None:
    """glibc's allocator as ``mallinfo2`` sees it, in MB: ``tas`` the heap obtained with brk and
    in the threads' arenas, ``mmap`` the large blocks mapped apart, ``utilise`` what is in use,
    ``libre`` what is free inside the arenas (counted in the resident memory while not handed
    back to the system: :func:`trim`). None off glibc."""
    info = _mallinfo2()
    if info is None:
        return None
    return {"tas": round(info.arena / 1e6, 1), "mmap": round(info.hblkhd / 1e6, 1),
            "utilise": round(info.uordblks / 1e6, 1), "libre": round(info.fordblks / 1e6, 1)}


def trim() -> bool:
    """``malloc_trim(0)``: the free memory of every arena handed back to the system (glibc only;
    the pages stay mapped but not resident). Returns whether glibc released anything."""
    libc = _libc()
    return bool(libc is not None and libc.malloc_trim(0))


_LIBC: list = []


def _libc():
    if not _LIBC:
        import ctypes
        import ctypes.util

        try:
            lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            lib.malloc_trim.argtypes, lib.malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
            _LIBC.append(lib)
        except (OSError, AttributeError):
            _LIBC.append(None)
    return _LIBC[0]


def _mallinfo2():
    import ctypes

    lib = _libc()
    if lib is None or not hasattr(lib, "mallinfo2"):
        return None

    class Mallinfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                                    "usmblks", "fsmblks", "uordblks", "fordblks",
                                                    "keepcost")]

    lib.mallinfo2.restype = Mallinfo2
    return lib.mallinfo2()
