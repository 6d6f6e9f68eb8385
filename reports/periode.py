"""Periods of a report: ``2025``, ``2025-T2``, ``2025-03`` or ``debut:fin`` (each side one of those
forms or a day ``AAAA-MM-JJ``), with their French label. Years, quarters and months are read by the
dashboard's own parser (:mod:`indicators.periods`); this module adds days and ``debut:fin``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from indicators import periods
from indicators.engine import month_end as _month_end
from indicators.formatting import fr_date


class PeriodeInvalide(ValueError):
    """A period text that cannot be read (French message)."""


@dataclass(frozen=True)
class Periode:
    debut: date
    fin: date
    libelle: str

    @property
    def slug(self) -> str:
        """A file-name friendly form: ``2025``, ``2025-T2``, ``2025-01-01_2025-06-30``."""
        return self.code.replace(":", "_")

    @property
    def code(self) -> str:
        y, m = self.debut.year, self.debut.month
        if (self.debut, self.fin) == (date(y, 1, 1), date(y, 12, 31)):
            return str(y)
        if self.debut.day == 1 and m in (1, 4, 7, 10) and self.fin == _month_end(date(y, m + 2, 1)):
            return f"{y}-T{(m - 1) // 3 + 1}"
        if self.debut.day == 1 and self.fin == _month_end(self.debut):
            return f"{y}-{m:02d}"
        return f"{self.debut.isoformat()}:{self.fin.isoformat()}"


def _one(s: str) -> tuple[date, date, str]:
    s = s.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            d = date.fromisoformat(s)
            return d, d, fr_date(d)
        if "_" not in s:  # the URL range form is not a report form
            p = periods.parse(s)
            return p.debut, p.fin, f"année {p.label}" if p.kind == "annee" else p.label
    except ValueError:
        pass
    raise PeriodeInvalide(
        f"Période « {s} » invalide : attendu AAAA, AAAA-Tn (trimestre), AAAA-MM (mois), "
        "AAAA-MM-JJ ou debut:fin (ex. 2025, 2025-T2, 2025-03, 2025-01-01:2025-06-30).")


def parse_periode(text: str) -> Periode:
    """``2025`` → the year, ``2025-T2`` → April-June, ``2025-03`` → March, ``a:b`` → from the
    start of ``a`` to the end of ``b``."""
    if ":" in text:
        left, _, right = text.partition(":")
        d1, _, _ = _one(left)
        _, f2, _ = _one(right)
        if d1 > f2:
            raise PeriodeInvalide(f"Période « {text} » invalide : le début est après la fin.")
        return Periode(d1, f2, f"du {fr_date(d1)} au {fr_date(f2)}")
    d, f, lab = _one(text)
    return Periode(d, f, lab)


def periode_from_dates(debut: date, fin: date) -> Periode:
    """The :class:`Periode` of two dates, labelled as a year / quarter / month when it is one."""
    p = Periode(debut, fin, "")
    code = p.code
    return parse_periode(code) if ":" not in code else Periode(debut, fin, f"du {fr_date(debut)} au {fr_date(fin)}")
