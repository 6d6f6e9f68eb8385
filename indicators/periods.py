"""The dashboard's periods: a calendar year, a quarter, a month or a free range, written in one
short code that travels in a URL (``2025``, ``2025-T3``, ``2025-03``, ``2025-01-01_2025-06-30``),
and the comparison period.

Choices where the contract is silent:
- a period ending after ``date_extraction`` is cut there (as the indicators do) and says so in its
  label (« 2026 (au 01/11/2026) »);
- the comparison period is :func:`indicators.compare.comparison_window`'s (« même période N-1 »:
  the same dates one year earlier; « période précédente »: the previous run of whole months, cut
  at the same calendar point when the period is cut, else the window of the same length just
  before).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from indicators.engine import month_end
from indicators.formatting import MOIS, fr_date

Kind = Literal["annee", "trimestre", "mois", "plage"]
Mode = Literal["n-1", "precedente"]
KINDS: dict[str, str] = {"annee": "Année", "trimestre": "Trimestre", "mois": "Mois",
                         "plage": "Plage libre"}
MODES: dict[str, str] = {"n-1": "Même période N-1", "precedente": "Période précédente"}
ORDINAUX = ("1er", "2e", "3e", "4e")


@dataclass(frozen=True)
class Periode:
    kind: str
    debut: date
    fin: date
    date_extraction: date | None = None

    @property
    def fin_effective(self) -> date:
        return min(self.fin, self.date_extraction) if self.date_extraction else self.fin

    @property
    def cut(self) -> bool:
        return self.date_extraction is not None and self.fin > self.date_extraction

    @property
    def code(self) -> str:
        d = self.debut
        if self.kind == "annee":
            return f"{d.year}"
        if self.kind == "trimestre":
            return f"{d.year}-T{(d.month - 1) // 3 + 1}"
        if self.kind == "mois":
            return f"{d.year}-{d.month:02d}"
        return f"{self.debut.isoformat()}_{self.fin.isoformat()}"

    @property
    def label(self) -> str:
        """``2025``, ``3e trimestre 2025``, ``mars 2026``, ``du 01/01/2025 au 30/06/2025``."""
        d = self.debut
        if self.kind == "annee":
            base = f"{d.year}"
        elif self.kind == "trimestre":
            base = f"{ORDINAUX[(d.month - 1) // 3]} trimestre {d.year}"
        elif self.kind == "mois":
            base = f"{MOIS[d.month - 1]} {d.year}"
        else:
            return f"du {fr_date(self.debut)} au {fr_date(self.fin_effective)}"
        return f"{base} (au {fr_date(self.date_extraction)})" if self.cut else base

    def with_extraction(self, d: date) -> Periode:
        return Periode(self.kind, self.debut, self.fin, d)


def year(y: int, date_extraction: date | None = None) -> Periode:
    return Periode("annee", date(y, 1, 1), date(y, 12, 31), date_extraction)


def quarter(y: int, q: int, date_extraction: date | None = None) -> Periode:
    start = date(y, 3 * (q - 1) + 1, 1)
    return Periode("trimestre", start, month_end(date(y, 3 * q, 1)), date_extraction)


def month(y: int, m: int, date_extraction: date | None = None) -> Periode:
    start = date(y, m, 1)
    return Periode("mois", start, month_end(start), date_extraction)


def _parse_any(code: str, date_extraction: date | None = None) -> Periode:
    """A period from its URL code, any year; ``ValueError`` (French) when unreadable."""
    s = (code or "").strip()
    try:
        if re.fullmatch(r"\d{4}", s):
            return year(int(s), date_extraction)
        if m := re.fullmatch(r"(\d{4})-T([1-4])", s, flags=re.I):
            return quarter(int(m[1]), int(m[2]), date_extraction)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
            return month(int(m[1]), int(m[2]), date_extraction)
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})", s):
            a, b = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if a > b:
                raise ValueError
            return Periode("plage", a, b, date_extraction)
    except ValueError:
        pass
    raise ValueError(f"Période « {code} » illisible : attendu 2025, 2025-T3, 2025-03 ou "
                     f"2025-01-01_2025-06-30.")


MIN_YEAR = 2000  # the dashboard's periods start in 2000 (the date pickers' lower bound)


def parse(code: str, date_extraction: date | None = None) -> Periode:
    """A period from its URL code; ``ValueError`` with a French message when unreadable or when
    it starts before 2000."""
    p = _parse_any(code, date_extraction)
    if p.debut.year < MIN_YEAR:
        raise ValueError(f"Période « {code} » hors de la plage proposée : les périodes commencent "
                         f"au plus tôt le 01/01/{MIN_YEAR}.")
    return p


def default(date_extraction: date) -> Periode:
    """The year of the extraction, or the previous year when fewer than two months are known."""
    y = date_extraction.year if date_extraction.month >= 3 else date_extraction.year - 1
    return year(y, date_extraction)


def comparison(p: Periode, mode: str) -> Periode:
    """The comparison period of ``p``: :func:`indicators.compare.comparison_window` (the rule the
    exports use too), labelled as a year / quarter / month when it is one."""
    from indicators.compare import comparison_window

    a, b = comparison_window(p.debut, p.fin, p.fin_effective, mode)
    if not p.cut and p.kind != "plage":
        return Periode(p.kind, a, b)
    return Periode("plage", a, b)


def year_options(date_extraction: date, n: int = 6) -> list[Periode]:
    return [year(y, date_extraction) for y in range(date_extraction.year, date_extraction.year - n, -1)]


def quarter_options(date_extraction: date, n: int = 12) -> list[Periode]:
    out, y, q = [], date_extraction.year, (date_extraction.month - 1) // 3 + 1
    for _ in range(n):
        out.append(quarter(y, q, date_extraction))
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return out


def month_options(date_extraction: date, n: int = 36) -> list[Periode]:
    out, y, m = [], date_extraction.year, date_extraction.month
    for _ in range(n):
        out.append(month(y, m, date_extraction))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out
