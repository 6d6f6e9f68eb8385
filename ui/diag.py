"""What the server holds, written every minute while a load bench runs (never in production):
started by :func:`ui.cache.live` when ``DECLIK_DIAG`` names a file (``bench/load.py --diag``).

Each line of that file is a JSON object: the time, the resident memory, the objects the garbage
collector tracks (what a full collection walks) and their 12 commonest types, the figures of :mod:`ui.memo`, the entries and
bytes of every ``st.cache_data`` cache (by function), the compute locks Streamlit keeps per
cache key, the sessions open; with ``DECLIK_DIAG_TRACEMALLOC=1`` also the 12 places whose
allocated memory grew most since the first line (``tracemalloc`` snapshots diffed; it slows the
server: a soak of its own); with ``DECLIK_DIAG_GC=1`` a full collection first (what of the
tracked objects was garbage waiting for the collector, and what is alive).
"""
from __future__ import annotations

import collections
import gc
import json
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
    first = None
    while True:
        try:
            line = snapshot(time.monotonic() - t0)
            if trace:
                import tracemalloc

                snap = tracemalloc.take_snapshot().filter_traces(
                    [tracemalloc.Filter(False, tracemalloc.__file__)])
                if first is None:
                    first = snap
                else:
                    line["croissance"] = [
                        f"{s.size_diff / 1e6:+.1f} Mo {s.count_diff:+d} : "
                        + " < ".join(f"{Path(f.filename).name}:{f.lineno}"
                                     for f in s.traceback[-3:])
                        for s in snap.compare_to(first, "traceback")[:12]]
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except Exception as exc:  # noqa: BLE001 - a diagnostic never stops the server
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"erreur": repr(exc)}) + "\n")
        time.sleep(every)


def snapshot(t: float = 0.0) -> dict:
    """One line of the diagnostics (see the module)."""
    from ui import memo

    before = len(gc.get_objects())
    freed = gc.collect() if _COLLECT[0] else None
    objs = gc.get_objects()
    kinds = collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in objs)
    out: dict = {"t_s": round(t), "rss_mb": _rss_mb(), "gc_suivis": len(objs),
                 "gc_geles": gc.get_freeze_count(), "memo": memo.stats(),
                 "types": dict(kinds.most_common(12))}
    if freed is not None:  # DECLIK_DIAG_GC=1: what was garbage waiting for a collection
        out["gc_avant_collecte"], out["gc_liberes"] = before, freed
    del objs
    try:
        from streamlit.runtime.caching.cache_data_api import get_data_cache_stats_provider

        provider = get_data_cache_stats_provider()
        with provider._caches_lock:
            caches = [c for fc in provider._function_caches.values() for c in fc.values()]
        per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
        for c in caches:
            mem = getattr(c.storage, "_mem_cache", {})
            name = c.display_name.rsplit(".", 1)[-1].rstrip("]")
            per[name][0] += len(mem)
            per[name][1] += sum(len(v) for v in list(mem.values()))
        out["caches"] = {k: {"entrees": n, "mo": round(b / 1e6, 1)}
                         for k, (n, b) in sorted(per.items(), key=lambda kv: -kv[1][1])}
        out["caches_mo"] = round(sum(b for _, b in per.values()) / 1e6, 1)
        out["verrous_de_calcul"] = sum(len(getattr(c, "_value_locks", ())) for c in caches)
    except Exception as exc:  # noqa: BLE001 - Streamlit's internals may move
        out["caches"] = repr(exc)
    try:
        from streamlit.runtime import Runtime

        out["sessions"] = len(Runtime.instance()._session_mgr.list_active_sessions())
    except Exception:  # noqa: BLE001
        pass
    return out


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0
