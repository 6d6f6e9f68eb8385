"""French formatting of numbers, rates, amounts and dates for everything a person reads:
``12 345,6``, ``45,3 %``, ``1 234 €``, ``31/12/2024``. A narrow no-break space (U+202F) separates
thousands, as in French typography; :func:`fr_number` takes ``sep=" "`` for plain spaces."""
from __future__ import annotations

from datetime import date, datetime

NNBSP = "\u202f"
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")
MOIS_COURTS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
               "nov.", "déc.")


def fr_number(x: float | int | None, decimals: int = 0, sep: str = NNBSP) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", sep)


def fr_percent(x: float | None, decimals: int = 1, sep: str = NNBSP) -> str:
    """A fraction in [0, 1] → ``45,3 %``."""
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    return f"{fr_number(100 * x, decimals, sep)}{NNBSP}%"


def fr_euros(x: float | None, decimals: int = 0) -> str:
    if x is None:
        return "–"
    return f"{fr_number(x, decimals)}{NNBSP}€"


def fr_days(x: float | None, decimals: int = 0) -> str:
    if x is None:
        return "–"
    return f"{fr_number(x, decimals)}{NNBSP}j"


def fr_date(d: date | datetime | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "–"


def fr_month(d: date) -> str:
    return f"{MOIS[d.month - 1]} {d.year}"


def format_value(x: float | int | None, fmt: str) -> str:
    """Format a raw indicator value by its registry ``format``."""
    if fmt == "pourcentage":
        return fr_percent(x)
    if fmt == "euros":
        return fr_euros(x)
    if fmt == "jours":
        return fr_days(x, 1 if isinstance(x, float) and x != int(x) else 0)
    if fmt == "decimal":
        return fr_number(x, 1)
    return fr_number(x, 0)


def format_delta(x: float | None, fmt: str) -> str:
    """A signed change: ``+1,2 pt`` for rates, ``−12 j`` for délais, ``+3,4 %`` otherwise."""
    if x is None:
        return "–"
    sign = "+" if x > 0 else ("−" if x < 0 else "")
    a = abs(x)
    if fmt == "pourcentage":
        return f"{sign}{fr_number(100 * a, 1)}{NNBSP}pt"
    if fmt == "jours":
        return f"{sign}{fr_number(a, 0)}{NNBSP}j"
    if fmt == "euros":
        return f"{sign}{fr_number(a, 0)}{NNBSP}€"
    return f"{sign}{fr_number(a, 0)}"
