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
        gc.collect()
        _COLLECTED[0] = time.monotonic()
        return True
    finally:
        _LOCK.release()


def settle() -> bool:
    """At the end of a script run: freeze the objects alive once new modules were imported,
    else collect now and then (:func:`collect_now_and_then`). Returns whether it froze."""
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
