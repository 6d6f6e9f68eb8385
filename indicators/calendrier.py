"""The one calendar of the project: month helpers, the :class:`Periode` (a calendar year, a quarter,
a month or a free range), its one text syntax, its labels, and the comparison window.

**Syntax** (URL ``?periode=``, CLI ``--periode``, reports, file names), read by :func:`parse`:

- ``2025`` a year, ``2025-T3`` a quarter, ``2025-03`` a month, ``2025-03-15`` one day;
- ``debut_fin`` a free range, each side one of the forms above (``2025-01-01_2025-06-30``,
  ``2024-07_2025-06``: from the first day of the left side to the last day of the right side).
  ``debut:fin`` (the reports' former separator) is read the same way. :attr:`Periode.code` writes
  the canonical form (``_``: safe in a URL and in a file name).

Unreadable text raises :class:`PeriodeInvalide` (a ``ValueError``) with a French message.

Choices where the contract is silent:

- a period ending after ``date_extraction`` is cut there (as the indicators do) and says so in its
  label (« 2026 (au 01/11/2026) »);
- comparison window (:func:`comparison_period`, :func:`comparison_window`):
  ``precedente`` — a run of whole calendar months compares with the same number of whole months
  just before (a year with the previous year, a quarter with the previous quarter), any other
  window with the window of the same number of days ending the day before ``debut``;
  ``n-1`` — the same dates one year earlier (whole months stay whole months, 29 February becomes
  28 February). A period cut at ``date_extraction`` compares over the same stretch of calendar
  (2026 seen on 01/11/2026 → 01/01-01/11/2025); a cut free range with the window of its effective
  length just before; an empty window (``debut`` after ``date_extraction``) uses the requested dates.

Month arithmetic is python-dateutil's ``relativedelta`` (day clamped to the month's length) and
polars' ``date_range``; nothing here imports the engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

import polars as pl
from dateutil.relativedelta import relativedelta

from indicators.formatting import MOIS, fr_date

Kind = Literal["annee", "trimestre", "mois", "plage"]
Mode = Literal["n-1", "precedente"]
KINDS: dict[str, str] = {"annee": "Année", "trimestre": "Trimestre", "mois": "Mois",
                         "plage": "Plage libre"}
MODES: dict[str, str] = {"n-1": "Même période N-1", "precedente": "Période précédente"}
ORDINAUX = ("1er", "2e", "3e", "4e")


class PeriodeInvalide(ValueError):
    """A period text that cannot be read, or a period outside the data (French message)."""


# ---- month helpers -----------------------------------------------------------------------------
def month_start(d: date) -> date:
    return d.replace(day=1)


def month_end(d: date) -> date:
    """Last day of ``d``'s month."""
    return d + relativedelta(day=31)


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clamped to the month's length (31/03 − 1 → 28/02)."""
    return d + relativedelta(months=n)


def month_starts(debut: date, fin: date) -> list[date]:
    """First day of every month that ``[debut, fin]`` touches (empty when ``fin < debut``)."""
    if fin < debut:
        return []
    return pl.date_range(month_start(debut), month_start(fin), interval="1mo", eager=True).to_list()


def months_touched(debut: date, fin: date) -> int:
    """Number of calendar months ``[debut, fin]`` touches (March 15 → April 2: 2)."""
    return (fin.year - debut.year) * 12 + fin.month - debut.month + 1


def whole_months(debut: date, fin: date) -> int | None:
    """Number of calendar months in ``[debut, fin]`` when it is a run of whole months, else None."""
    if debut.day != 1 or fin != month_end(fin) or fin < debut:
        return None
    return months_touched(debut, fin)


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole months elapsed from ``start`` to ``end``, row by row (a birthday-style count: ages,
    seniority bands)."""
    m = (end.dt.year() - start.dt.year()) * 12 + (end.dt.month() - start.dt.month())
    return m - (end.dt.day() < start.dt.day()).cast(pl.Int32)


def snap_to_months(debut: date, fin: date) -> tuple[date, date]:
    """The run of whole months that ``[debut, fin]`` touches: ``debut`` back to the first day of
    its month, ``fin`` forward to the last day of its month. Below the département level every
    period is snapped so (secret statistique: two requests one day apart give the same figures;
    see :func:`indicators.engine.whole_months_below`)."""
    return month_start(debut), month_end(fin)


def last_complete_month(date_extraction: date) -> date:
    """First day of the last month entirely known at ``date_extraction`` (a month is complete
    when its last day is on or before the extraction date: 01/11/2026 → October 2026)."""
    m = month_start(date_extraction)
    return m if month_end(m) <= date_extraction else add_months(m, -1)


# ---- the period --------------------------------------------------------------------------------
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
        """The canonical text (:func:`parse` reads it back): ``2025``, ``2025-T3``, ``2025-03``,
        ``2025-01-01_2025-06-30``."""
        d = self.debut
        if self.kind == "annee":
            return f"{d.year}"
        if self.kind == "trimestre":
            return f"{d.year}-T{(d.month - 1) // 3 + 1}"
        if self.kind == "mois":
            return f"{d.year}-{d.month:02d}"
        return f"{self.debut.isoformat()}_{self.fin.isoformat()}"

    @property
    def slug(self) -> str:
        """For a file name: the code (only digits, ``-``, ``T`` and ``_``)."""
        return self.code

    @property
    def label(self) -> str:
        """``2025``, ``3e trimestre 2025``, ``mars 2026``, ``du 01/01/2025 au 30/06/2025``, with
        « (au 01/11/2026) » when cut at the extraction date."""
        d = self.debut
        if self.kind == "annee":
            base = f"{d.year}"
        elif self.kind == "trimestre":
            base = f"{ORDINAUX[(d.month - 1) // 3]} trimestre {d.year}"
        elif self.kind == "mois":
            base = f"{MOIS[d.month - 1]} {d.year}"
        elif self.debut == self.fin_effective:
            return fr_date(self.debut)
        else:
            return f"du {fr_date(self.debut)} au {fr_date(self.fin_effective)}"
        return f"{base} (au {fr_date(self.date_extraction)})" if self.cut else base

    @property
    def libelle(self) -> str:
        """The label inside a sentence of a document: « année 2025 », else :attr:`label`."""
        return f"année {self.label}" if self.kind == "annee" else self.label

    def with_extraction(self, d: date | None) -> Periode:
        return replace(self, date_extraction=d)


def year(y: int, date_extraction: date | None = None) -> Periode:
    return Periode("annee", date(y, 1, 1), date(y, 12, 31), date_extraction)


def quarter(y: int, q: int, date_extraction: date | None = None) -> Periode:
    start = date(y, 3 * (q - 1) + 1, 1)
    return Periode("trimestre", start, month_end(add_months(start, 2)), date_extraction)


def month(y: int, m: int, date_extraction: date | None = None) -> Periode:
    start = date(y, m, 1)
    return Periode("mois", start, month_end(start), date_extraction)


def plage(debut: date, fin: date, date_extraction: date | None = None) -> Periode:
    return Periode("plage", debut, fin, date_extraction)


def from_dates(debut: date, fin: date, date_extraction: date | None = None) -> Periode:
    """The period of two dates, a year / quarter / month when it is one, else a free range."""
    y, m = debut.year, debut.month
    if debut.day == 1 and fin == month_end(fin):
        n = whole_months(debut, fin)
        if n == 12 and m == 1:
            return year(y, date_extraction)
        if n == 3 and m in (1, 4, 7, 10):
            return quarter(y, (m - 1) // 3 + 1, date_extraction)
        if n == 1:
            return month(y, m, date_extraction)
    return plage(debut, fin, date_extraction)


FORMES = ("attendu 2025 (année), 2025-T3 (trimestre), 2025-03 (mois), 2025-03-15 (jour) ou "
          "debut_fin (ex. 2025-01-01_2025-06-30, 2024-07_2025-06)")


def _one(s: str) -> Periode:
    s = s.strip()
    if re.fullmatch(r"\d{4}", s):
        return year(int(s))
    if m := re.fullmatch(r"(\d{4})-?T([1-4])", s, flags=re.I):
        return quarter(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        return month(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        d = date.fromisoformat(s)
        return plage(d, d)
    raise ValueError(s)


def parse(text: str | None, date_extraction: date | None = None) -> Periode:
    """A period from its text (see the module docstring); :class:`PeriodeInvalide` (French)
    when unreadable or when the start is after the end."""
    s = (text or "").strip()
    try:
        parts = re.split(r"[_:]", s)
        if len(parts) == 1:
            return _one(s).with_extraction(date_extraction)
        if len(parts) == 2:
            a, b = _one(parts[0]), _one(parts[1])
            if a.debut > b.fin:
                raise PeriodeInvalide(f"Période « {text} » illisible : le début est après la fin.")
            return plage(a.debut, b.fin, date_extraction)
    except PeriodeInvalide:
        raise
    except ValueError:
        pass
    raise PeriodeInvalide(f"Période « {text} » illisible : {FORMES}.")


# ---- defaults and the selectors' lists -----------------------------------------------------
def default(date_extraction: date) -> Periode:
    """The year of the extraction, or the previous year when fewer than two months are known."""
    y = date_extraction.year if date_extraction.month >= 3 else date_extraction.year - 1
    return year(y, date_extraction)


def default_quarter(date_extraction: date) -> Periode:
    """The last quarter entirely known at ``date_extraction`` (01/11/2026 → 3e trimestre 2026)."""
    m = add_months(last_complete_month(date_extraction), 1)  # first month not complete
    q = (m.month - 1) // 3  # quarters wholly before it in m's year
    y = m.year if q else m.year - 1
    return quarter(y, q or 4, date_extraction)


def default_month(date_extraction: date) -> Periode:
    """The last month entirely known at ``date_extraction`` (01/11/2026 → octobre 2026)."""
    m = last_complete_month(date_extraction)
    return month(m.year, m.month, date_extraction)


def outside_data(p: Periode, date_extraction: date, first_year: int | None = None) -> str | None:
    """Why ``p`` has no data (French), or None: it starts after the extraction date, or ends
    before the first year of the data."""
    if p.debut > date_extraction:
        return (f"la période « {p.label} » commence après la date des données "
                f"({fr_date(date_extraction)}) : aucune donnée à montrer.")
    if first_year is not None and p.fin < date(first_year, 1, 1):
        return (f"la période « {p.label} » finit avant le début des données "
                f"({first_year}) : aucune donnée à montrer.")
    return None


def year_options(date_extraction: date, n: int = 6, first_year: int | None = None) -> list[Periode]:
    """The years offered, latest first: down to ``first_year`` (the first year of the data) when
    known, else ``n`` years."""
    last = first_year if first_year is not None and first_year <= date_extraction.year \
        else date_extraction.year - n + 1
    return [year(y, date_extraction) for y in range(date_extraction.year, last - 1, -1)]


def quarter_options(date_extraction: date, n: int = 12) -> list[Periode]:
    start = month_start(date_extraction)
    start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
    return [quarter((d := add_months(start, -3 * i)).year, (d.month - 1) // 3 + 1, date_extraction)
            for i in range(n)]


def month_options(date_extraction: date, n: int = 36) -> list[Periode]:
    start = month_start(date_extraction)
    return [month((d := add_months(start, -i)).year, d.month, date_extraction) for i in range(n)]


# ---- comparison window ---------------------------------------------------------------------
def comparison_period(debut: date, fin: date, mode: Mode = "precedente") -> tuple[date, date]:
    """The comparison window of ``[debut, fin]`` (see the module docstring)."""
    n = whole_months(debut, fin)
    if mode == "n-1":
        if n is not None:
            return add_months(debut, -12), month_end(add_months(month_start(fin), -12))
        return add_months(debut, -12), add_months(fin, -12)
    if mode != "precedente":
        raise ValueError(f"Comparaison inconnue « {mode} » : attendu « precedente » ou « n-1 ».")
    if n is not None:
        return add_months(debut, -n), debut - timedelta(days=1)
    length = (fin - debut).days
    new_fin = debut - timedelta(days=1)
    return new_fin - timedelta(days=length), new_fin


def comparison_window(debut: date, fin: date, fin_effective: date | None = None,
                      mode: Mode = "precedente") -> tuple[date, date]:
    """The comparison window of a requested period ``[debut, fin]`` whose data stop at
    ``fin_effective`` (``fin`` clamped to ``date_extraction``; None or ``>= fin``: not cut).

    A cut run of whole months compares with the previous run cut at the same calendar point
    (``fin_effective`` moved back by the run's length in months: 2026 seen on 01/11/2026 →
    01/01-01/11/2025); a cut free range, and ``n-1``, use the effective dates; an empty window
    (``fin_effective < debut``) the requested ones."""
    fe = fin_effective
    if fe is None or fe >= fin or fe < debut:
        return comparison_period(debut, fin, mode)
    n = whole_months(debut, fin)
    if mode == "n-1" or n is None:
        return comparison_period(debut, fe, mode)
    return add_months(debut, -n), add_months(fe, -n)


def comparison(p: Periode, mode: str) -> Periode:
    """The comparison period of ``p`` (:func:`comparison_window`), labelled as a year / quarter /
    month when it is one."""
    a, b = comparison_window(p.debut, p.fin, p.fin_effective, mode)
    if not p.cut and p.kind != "plage":
        return Periode(p.kind, a, b)
    return plage(a, b)
