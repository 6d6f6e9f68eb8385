"""How values and counts are written in validation messages (French, safe to print).

Example values come from an untrusted extraction: they are truncated, and every character that
is not printable (control characters, terminal escapes, U+FFFD left by a failed UTF-8 decoding,
invalid bytes) is shown escaped (``\\x1b``, ``\\ufffd``, ``\\xe9``), so that a report can always be
printed, logged or shown in a page.
"""
from __future__ import annotations

from datetime import date, datetime

from indicators.formatting import fr_date, fr_datetime

NNBSP = "\u202f"
MAX_EXAMPLES = 5
MAX_CHARS = 60


def nombre(n: int) -> str:
    """``12345`` → ``12 345`` (narrow no-break space)."""
    return f"{n:,}".replace(",", NNBSP)


def compte(n: int, singulier: str, pluriel: str | None = None) -> str:
    """``1 ligne``, ``3 lignes``."""
    return f"{nombre(n)} {singulier if n < 2 else (pluriel or singulier + 's')}"


def accord(n: int, singulier: str, pluriel: str) -> str:
    return singulier if n < 2 else pluriel


def _escape_char(ch: str) -> str:
    if ch == " " or (ch.isprintable() and ch != "\ufffd"):
        return ch
    return ch.encode("unicode_escape").decode("ascii")


def montrer(value: object, limit: int = MAX_CHARS) -> str:
    """One example value as a short, printable text."""
    if value is None:
        return "(vide)"
    if isinstance(value, (bytes, bytearray, memoryview)):
        text = bytes(value).decode("utf-8", errors="backslashreplace")
    elif isinstance(value, datetime):
        text = fr_datetime(value)
    elif isinstance(value, date):
        text = fr_date(value)
    elif isinstance(value, bool):
        text = "vrai" if value else "faux"
    elif isinstance(value, float):
        text = (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    else:
        text = str(value)
    out: list[str] = []
    used = 0
    for ch in text:
        piece = _escape_char(ch)
        if used + len(piece) > limit:
            return "".join(out) + f"… ({compte(len(text), 'caractère')})"
        out.append(piece)
        used += len(piece)
    return "".join(out)


def exemples(values: tuple[str, ...] | list[str], prefixe: str = "exemples") -> str:
    """`` (exemples : « X », « H »)`` — empty when there is nothing to show."""
    if not values:
        return ""
    label = prefixe if len(values) > 1 else prefixe.replace("exemples", "exemple", 1)
    return f" ({label} : " + ", ".join(f"« {v} »" for v in values) + ")"
