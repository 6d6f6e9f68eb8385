"""Figures built once per process for the same inputs.

A page reruns at every click, and every session that opens a page with the same filters draws
the same figures as the session before it: the views are cached (:mod:`ui.cache`), but building
a plotly figure from them costs 10 to 100 ms of plotly's validation each (a page with eight
charts: a third of a second at every rerun). :func:`figure` builds ``build(*args, **kwargs)``
once for the same arguments and hands the same figure object to every later run and session.

- Same arguments: the digest of their pickle. A polars frame pickles its data (equal frames,
  equal bytes); a registry indicator is named by its id (its entry is fixed for the process),
  the settings (inside a cache key) by their digest (:mod:`ui.hashing`); arguments that cannot be pickled are not memoised (the figure is built at each call).
- The figure is shared: it is only ever read (Streamlit serialises it, the image exports copy it
  first: :func:`reports.images.meta_from_screen`). Never modify a figure it returns.
- Bounded: the :data:`MAX` most recently used figures are kept, no more than
  :data:`MAX_OBJECTS` objects in all (a figure's weight: the containers it holds, counted once
  when it is built, :func:`weight`) and no more than :data:`MAX_BYTES` bytes in all (their
  estimated size, :func:`size`) — a map's figure holds the outlines of every unit (50 000
  lists for the communes), a bar chart a few hundred objects: counted in figures alone, the
  memo grew from 30 to 400 MB as maps took the places of charts (a 10-session soak,
  bench/RESULTS.md « Many users »).
"""
from __future__ import annotations

import gc
import hashlib
import io
import pickle
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from indicators.registry import Indicator
from settings import Settings
from ui.hashing import settings_digest

T = TypeVar("T")
MAX = 256  # figures kept (a chart of the demo weighs 5 to 60 kB)
MAX_OBJECTS = 300_000  # objects held by the kept figures, in all (:func:`weight`)
MAX_BYTES = 64_000_000  # bytes held by the kept figures, in all (:func:`size`)

_LOCK = threading.Lock()
_FIGURES: OrderedDict[bytes, tuple[object, int, int]] = OrderedDict()  # key → (figure, weight, size)
_STATS = {"built": 0, "reused": 0}
_WEIGHT = [0, 0]  # the kept figures' weights and sizes, summed
_CONTAINERS = (dict, list, tuple, set, frozenset)
_LEAVES = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
           types.MethodType)


def weight(obj: object) -> int:
    """The objects ``obj`` holds that the garbage collector tracks (containers, instances),
    each counted once: what the figure costs the process's memory, roughly (classes, modules and
    functions it refers to are not its own)."""
    return _weigh(obj)[0]


def size(obj: object) -> int:
    """The bytes ``obj`` holds, estimated: ``sys.getsizeof`` of every object it reaches, each
    once — its containers and instances and the numbers and texts in them (what :func:`weight`
    does not count: a map's 50 000 coordinates are floats), classes, modules and functions
    left out."""
    return _weigh(obj)[1]


def _weigh(obj: object) -> tuple[int, int]:
    seen: set[int] = set()
    todo = [obj]
    n = nbytes = 0
    while todo:
        o = todo.pop()
        if id(o) in seen or isinstance(o, _LEAVES):
            continue
        seen.add(id(o))
        nbytes += sys.getsizeof(o, 64)
        if not gc.is_tracked(o):  # atomic (a number, a text) or holding no Python object
            continue
        n += 1
        if isinstance(o, _CONTAINERS) or hasattr(o, "__dict__"):
            todo.extend(gc.get_referents(o))
    return n, nbytes


class _Digest(pickle.Pickler):
    def persistent_id(self, obj):  # noqa: D102 - pickle protocol
        if isinstance(obj, Indicator):
            return ("indicator", obj.id)
        if isinstance(obj, Settings):  # inside a cache key: by its digest (ui.hashing)
            return ("settings", settings_digest(obj))
        return None


def digest(*parts) -> bytes | None:
    """A digest of ``parts`` (None when one of them cannot be pickled)."""
    buf = io.BytesIO()
    try:
        _Digest(buf, protocol=5).dump(parts)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(buf.getvalue(), digest_size=20).digest()


def figure(build: Callable[..., T], *args, **kwargs) -> T:
    """``build(*args, **kwargs)``, built once for the same ``build`` and arguments."""
    return _memo(digest(build.__module__, build.__qualname__, args, sorted(kwargs.items())),
                 build, args, kwargs)


def figure_for(key: tuple, build: Callable[..., T], *args, **kwargs) -> T:
    """``build(*args, **kwargs)``, built once for the same ``build`` and ``key``: what the
    arguments are made from (a view's cache key and the page's choices) when they are costly to
    compare themselves — a map layer holds the whole référentiel. The caller guarantees that the
    same ``key`` always gives the same arguments."""
    return _memo(digest(build.__module__, build.__qualname__, "key", key), build, args, kwargs)


def _memo(key: bytes | None, build: Callable[..., T], args: tuple, kwargs: dict) -> T:
    if key is None:
        return build(*args, **kwargs)
    with _LOCK:
        hit = _FIGURES.get(key)
        if hit is not None:
            _FIGURES.move_to_end(key)
            _STATS["reused"] += 1
            return hit[0]  # type: ignore[return-value]
    fig = build(*args, **kwargs)
    w, b = _weigh(fig)
    with _LOCK:
        old = _FIGURES.pop(key, None)
        if old is not None:
            _WEIGHT[0] -= old[1]
            _WEIGHT[1] -= old[2]
        _FIGURES[key] = (fig, w, b)
        _WEIGHT[0] += w
        _WEIGHT[1] += b
        _STATS["built"] += 1
        while len(_FIGURES) > 1 and (len(_FIGURES) > MAX or _WEIGHT[0] > MAX_OBJECTS
                                     or _WEIGHT[1] > MAX_BYTES):
            _, (_, gone, gone_b) = _FIGURES.popitem(last=False)
            _WEIGHT[0] -= gone
            _WEIGHT[1] -= gone_b
    return fig


def stats() -> dict[str, int]:
    """Figures built and reused since the process started, kept now, the objects they hold
    (:func:`weight`) and their estimated megabytes (:func:`size`; tests, benchmarks)."""
    with _LOCK:
        return {**_STATS, "kept": len(_FIGURES), "objects": _WEIGHT[0],
                "mo": round(_WEIGHT[1] / 1e6, 1)}
