"""Append-only journal of exports (JSON lines at ``settings.audit_fichier``): who, when, what.

Who is ``DECLIK_USER`` when set (the dashboard's authenticated user, a service account), else the
operating-system user. One line per export; the file is only ever opened in append mode.
"""
from __future__ import annotations

import getpass
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from settings import ROOT, Settings


def audit_path(settings: Settings) -> Path:
    p = Path(settings.audit_fichier)
    return p if p.is_absolute() else ROOT / p


def who() -> str:
    user = os.environ.get("DECLIK_USER", "").strip()
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "inconnu"


def log_export(settings: Settings, *, pack: str, format: str, territoire: str, periode: str,
               sortie: str | None = None, **extra: Any) -> dict:
    """Append one line and return it."""
    entry = {"quand": datetime.now().astimezone().isoformat(timespec="seconds"), "qui": who(),
             "pack": pack, "format": format, "territoire": territoire, "periode": periode,
             "sortie": sortie, **extra}
    path = audit_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def read_log(settings: Settings) -> list[dict]:
    path = audit_path(settings)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
