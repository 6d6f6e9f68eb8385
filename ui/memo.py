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
- Bounded: the :data:`MAX` most recently used figures are kept.
"""
from __future__ import annotations

import hashlib
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from indicators.registry import Indicator
from settings import Settings
from ui.hashing import settings_digest

T = TypeVar("T")
MAX = 256  # figures kept (a chart of the demo weighs 5 to 60 kB)

_LOCK = threading.Lock()
_FIGURES: OrderedDict[bytes, object] = OrderedDict()
_STATS = {"built": 0, "reused": 0}


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
            return hit  # type: ignore[return-value]
    fig = build(*args, **kwargs)
    with _LOCK:
        _FIGURES[key] = fig
        _STATS["built"] += 1
        while len(_FIGURES) > MAX:
            _FIGURES.popitem(last=False)
    return fig


def stats() -> dict[str, int]:
    """Figures built and reused since the process started, and kept now (tests, benchmarks)."""
    with _LOCK:
        return {**_STATS, "kept": len(_FIGURES)}
