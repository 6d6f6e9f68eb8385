"""How the caches of :mod:`ui.cache` hash the settings.

Every cached call is keyed by a :class:`ui.cache.Key` that holds the :class:`settings.Settings`.
Left to itself, Streamlit hashes a dataclass through ``dataclasses.asdict`` (a deep copy of the
whole configuration, then every field hashed one by one): about 2 ms per call, paid by every
cached call of every run, hits included — dozens per page. The settings are instead hashed by
their pickle (a faithful serialisation: two different settings never give the same bytes), and
the digest is remembered for the settings object itself (the process keeps one per
configuration file, and a frozen dataclass does not change). A cache key (a named tuple of the
settings, dates and strings) is hashed in one piece the same way: :func:`key_bytes`."""
from __future__ import annotations

import hashlib
import pickle
import threading

from settings import Settings

_MEMO: dict[int, tuple[Settings, bytes]] = {}  # id → (the object, kept alive; its digest)
_LOCK = threading.Lock()
_MAX = 32  # settings objects remembered (one per configuration file and URL, in practice)


def settings_digest(s: Settings) -> bytes:
    """A digest of everything ``s`` holds (same bytes for equal settings built the same way)."""
    hit = _MEMO.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1]
    digest = hashlib.blake2b(pickle.dumps(s, protocol=5), digest_size=16).digest()
    with _LOCK:
        if len(_MEMO) >= _MAX:
            _MEMO.clear()
        _MEMO[id(s)] = (s, digest)
    return digest


def key_bytes(key: tuple) -> bytes:
    """A key's fields as bytes, each :class:`Settings` among them replaced by its digest (the
    other fields — dates, strings, None — pickle to the same bytes when equal)."""
    return pickle.dumps(tuple(settings_digest(v) if isinstance(v, Settings) else v for v in key),
                        protocol=5)


HASH_FUNCS = {Settings: settings_digest}  # ``hash_funcs`` of every cache of ui.cache (+ its Key)
