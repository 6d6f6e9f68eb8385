"""French formatting of numbers, rates, amounts and dates for everything a person reads:
``12 345,6``, ``45,3 %``, ``1 234 €``, ``31/12/2024``. A narrow no-break space (U+202F) separates
thousands, as in French typography (CLDR ``fr_FR``, through Babel); :func:`fr_number` takes
``sep=" "`` for plain spaces. Digits are rounded by Python first (the value as stored, half to
even), Babel then groups and localises them: the output is the one the tests pin.

One :class:`Format` per registry ``format`` (:data:`FORMATS`) says how a value of that format is
written on a card or in a table, as a change, on a chart axis, in an XLSX cell, in an export
column and in a sentence; nothing else tests ``format == "pourcentage"``. A display value is short
(« 12 j », « 45,3 % », « 1 234 € »), a sentence spells the unit out (« 12 jours »); a rate is a
fraction in [0, 1] written in percent and its change in points (« +1,2 pt »). The one function
that writes a computed figure, value or masking text, is :func:`indicators.secret.figure_text`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "fr_FR"

NNBSP = "\u202f"
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")
MOIS_COURTS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
               "nov.", "déc.")


def fr_number(x: float | int | None, decimals: int = 0, sep: str = NNBSP) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    s = format_decimal(Decimal(f"{x:.{decimals}f}"), pattern, locale=LOCALE)
    return s if sep == NNBSP else s.replace(NNBSP, sep)


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


def upper_first(text: str) -> str:
    """The text with its first letter in capital and the rest as written (``str.capitalize``
    lowercases the rest: « Délai d'avis de l'ep », « Même période n-1 »)."""
    return text[:1].upper() + text[1:]


def fr_date(d: date | datetime | None) -> str:
    return format_date(d, "dd/MM/yyyy", locale=LOCALE) if d else "–"


def fr_datetime(d: datetime | None, seconds: bool = False) -> str:
    """« 31/12/2024 14:05 » (« 14:05:09 » with ``seconds``)."""
    return format_datetime(d, "dd/MM/yyyy HH:mm" + (":ss" if seconds else ""), locale=LOCALE) if d else "–"


def fr_month(d: date) -> str:
    """« janvier 2026 »."""
    return f"{MOIS[d.month - 1]} {d.year}"


def fr_month_short(d: date) -> str:
    """« janv. 2026 » (chart axes and hovers)."""
    return f"{MOIS_COURTS[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class Format:
    id: str
    decimals: int = 0  # on cards and in tables (jours: 1 when the value is not whole)
    suffix: str = ""  # « % », « € », « j »
    scale: float = 1.0  # 100 for a rate stored as a fraction
    delta_suffix: str = ""  # « pt » for a rate
    delta_decimals: int = 0
    sentence_unit: tuple[str, str] = ("", "")  # singular, plural (« jour », « jours »)
    xlsx: str = "#,##0"  # Excel number format (invariant syntax; French Excel shows 12 345,6)
    axis: dict = field(default_factory=dict)  # plotly tick format
    nticks: int = 7  # ticks on a half-width value axis (long « 1 500 000 € » labels: fewer)
    is_rate: bool = False

    def _num(self, x: float, decimals: int) -> str:
        return fr_number(x * self.scale, decimals)

    def value(self, x: float | int | None) -> str:
        """A value as a card or a table cell writes it."""
        if x is None:
            return "–"
        d = self.decimals
        if self.id == "jours":
            d = 1 if isinstance(x, float) and x != int(x) else 0
        return self._num(x, d) + (f"{NNBSP}{self.suffix}" if self.suffix else "")

    def delta(self, x: float | None) -> str:
        """A signed change: « +1,2 pt », « −12 j », « +340 € »."""
        if x is None:
            return "–"
        sign = "+" if x > 0 else ("−" if x < 0 else "")
        text = self._num(abs(x), self.delta_decimals)
        unit = self.delta_suffix or self.suffix
        return f"{sign}{text}" + (f"{NNBSP}{unit}" if unit else "")

    def sentence(self, x: float) -> str:
        """A value in a sentence: « 38 jours », « 45,3 % », « 1 234 € »."""
        if self.sentence_unit[0]:
            v = round(x)
            return f"{fr_number(v)} {self.sentence_unit[abs(v) >= 2]}"
        return self.value(x)

    def header(self, name: str) -> str:
        """An export column's header: a rate's column, written in percent, says so (« Part (%) »)."""
        return f"{name} (%)" if self.is_rate else name

    def export(self, x: float | int | None) -> float | int | None:
        """A value as a CSV cell or a table's export column holds it, rounded as on screen: a rate
        in percent (76,9), a count as an integer, days and ratios to one decimal, euros whole."""
        if x is None:
            return None
        if self.is_rate:
            return round(100 * float(x), 1)
        if self.whole:
            return int(round(x))
        return round(float(x), 1)

    @property
    def whole(self) -> bool:
        """Exported as an integer (counts, euros); days and ratios keep one decimal."""
        return self.id in ("entier", "euros")


FORMATS: dict[str, Format] = {f.id: f for f in (
    Format("entier", xlsx="#,##0", axis=dict(tickformat=",.0f")),
    Format("pourcentage", decimals=1, suffix="%", scale=100.0, delta_suffix="pt",
           delta_decimals=1, xlsx="0.0%", axis=dict(ticksuffix=" %", tickformat=",.0f"),
           is_rate=True),
    Format("jours", suffix="j", sentence_unit=("jour", "jours"), xlsx="#,##0.0",
           axis=dict(ticksuffix=" j", tickformat=",.0f")),
    Format("euros", suffix="€", xlsx='#,##0 "€"', axis=dict(ticksuffix=" €", tickformat=",.0f"),
           nticks=5),
    Format("decimal", decimals=1, delta_decimals=1, xlsx="#,##0.0", axis=dict(tickformat=",.0f")),
)}


def fmt(format_id: str) -> Format:
    """The :class:`Format` of a registry ``format`` (unknown → ``entier``)."""
    return FORMATS.get(format_id, FORMATS["entier"])


def format_value(x: float | int | None, fmt_id: str) -> str:
    """Format a raw indicator value by its registry ``format``."""
    return fmt(fmt_id).value(x)


def format_delta(x: float | None, fmt_id: str) -> str:
    """A signed change: ``+1,2 pt`` for rates, ``−12 j`` for délais, ``+340 €``, ``+0,6``."""
    return fmt(fmt_id).delta(x)
