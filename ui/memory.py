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
0,13 s of CPU per rerun; the freeze still spares Python's own full collections (rarer: when the
objects that survived grew by a quarter) the walk of the modules. Memory is still freed: reference
counting frees a frozen object no longer used; only a cycle among objects frozen at that moment
would stay (a freeze happens a few times per process, when a page imports modules first).
"""
from __future__ import annotations

import gc
import sys
import threading

_LOCK = threading.Lock()
_FROZEN_AT = [0]  # how many modules were loaded at the last freeze


def settle() -> bool:
    """At the end of a script run: freeze the objects alive once new modules were imported.
    Returns whether it froze."""
    if len(sys.modules) <= _FROZEN_AT[0]:
        return False
    with _LOCK:
        n = len(sys.modules)
        if n <= _FROZEN_AT[0]:
            return False
        gc.collect()
        gc.freeze()
        _FROZEN_AT[0] = n
    return True
