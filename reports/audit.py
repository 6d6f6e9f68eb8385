"""The journal of exports: one JSON line per export or download, through the standard ``logging``
machinery, in ``settings.audit_fichier`` (file mode 0600, rotated by size, ``fichiers_gardes``
old files kept).

Who: in the dashboard, the signed-in identity and role (:class:`Qui`, taken from ``st.user`` or
the trusted header by :mod:`ui.access`, never from an environment variable nor the server's OS
account); in the command line (``python -m reports build``), the operating-system account running
the command (``qui_source = "compte système"``): the CLI is for staff with a shell on the server.

Fields: ``quand`` (ISO time with offset), ``qui``, ``role``, ``qui_source`` (oidc, entete, demo,
ouvert, compte système), ``quoi`` (indicator, table or pack), ``pack`` (kind: tableau, graphique,
carte, comite, evaluation), ``format``, ``territoire``, ``periode``, ``sortie`` (file name)."""
from __future__ import annotations

import json
import logging
import logging.handlers
import os
import pwd
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from settings import ROOT, Settings

LOGGER = "declik.audit"
_LOCK = threading.Lock()
_HANDLERS: dict[str, logging.Handler] = {}


@dataclass(frozen=True)
class Qui:
    ident: str
    role: str
    source: str  # oidc, entete, demo, ouvert, compte système


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files are created 0600 (owner only)."""

    def _open(self):  # noqa: D401 - logging API
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a") or "a", encoding=self.encoding)


def audit_path(settings: Settings) -> Path:
    p = Path(settings.audit_fichier)
    return p if p.is_absolute() else ROOT / p


def os_account() -> str:
    """The OS account running this process (from the process's uid, not the environment)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # no passwd entry for this uid (some containers)
        return f"uid:{os.getuid()}"


def _logger(settings: Settings) -> logging.Logger:
    path = audit_path(settings)
    key = str(path)
    with _LOCK:
        h = _HANDLERS.get(key)
        if h is None or not Path(key).exists():
            if h is not None:
                h.close()
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent.name == "logs":  # the project's own log folder: owner only
                try:
                    os.chmod(path.parent, 0o700)
                except OSError:
                    pass
            h = _PrivateRotatingHandler(key, maxBytes=max(1, settings.audit_taille_max_mo) * 1024
                                        * 1024, backupCount=max(1, settings.audit_fichiers_gardes),
                                        encoding="utf-8", delay=False)
            h.setFormatter(logging.Formatter("%(message)s"))
            _HANDLERS[key] = h
    lg = logging.getLogger(f"{LOGGER}.{abs(hash(key))}")
    lg.setLevel(logging.INFO)
    lg.propagate = False
    if h not in lg.handlers:
        for old in list(lg.handlers):
            lg.removeHandler(old)
        lg.addHandler(h)
    return lg


def log_export(settings: Settings, *, pack: str, format: str, territoire: str, periode: str,
               sortie: str | None = None, qui: Qui | None = None, quoi: str = "",
               **extra: Any) -> dict:
    """Write one line and return it. ``qui`` None = the command line (OS account)."""
    who = qui or Qui(os_account(), "", "compte système")
    entry = {"quand": datetime.now().astimezone().isoformat(timespec="seconds"),
             "qui": who.ident, "role": who.role, "qui_source": who.source,
             "quoi": quoi or pack, "pack": pack, "format": format, "territoire": territoire,
             "periode": periode, "sortie": sortie, **extra}
    _logger(settings).info(json.dumps(entry, ensure_ascii=False))
    for h in _logger(settings).handlers:
        h.flush()
    return entry


def log_files(settings: Settings) -> list[Path]:
    """The journal's files, oldest first (rotated ``.N`` … ``.1``, then the current one)."""
    path = audit_path(settings)
    olds = sorted(path.parent.glob(path.name + ".*"),
                  key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    return [p for p in olds if p.suffix[1:].isdigit()] + ([path] if path.exists() else [])


def read_log(settings: Settings) -> list[dict]:
    out = []
    for p in log_files(settings):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:  # a line cut by a crash: skipped, counted nowhere
                    continue
    return out
