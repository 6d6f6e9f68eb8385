"""Small helpers shared by the optional-table indicator modules (rdv, ep, actions, plateforme,
fajd, paiement, freins) and the delay indicators: which requested breakdowns are person
dimensions, the month column, the rule for enumerated breakdown columns, the share within a delay.

Rule for enumerated columns (contract, row-level errors): a row whose code is not a contract code
is left out of the indicators that *use* that column. A breakdown by the column uses it, so such a
row is left out of that breakdown only; it still counts in the indicator without that breakdown.
A NULL in a column the contract declares nullable is a legitimate value and stays (its group is
``null``, e.g. a saisine not yet decided).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, days
from indicators.registry import PERSON_DIMS


def person_dims(by: Sequence[str]) -> tuple[str, ...]:
    return tuple(b for b in by if b in PERSON_DIMS)


def month_of(col: str) -> pl.Expr:
    """The first day of the month of ``col``, named ``mois`` (the series/breakdown column)."""
    return pl.col(col).dt.truncate("1mo").alias("mois")


def keep_valid_codes(lf: pl.LazyFrame, by: Sequence[str],
                     codes: Mapping[str, tuple[tuple, bool]]) -> pl.LazyFrame:
    """Drop rows whose breakdown column holds a code outside the contract.

    ``codes`` maps a column to ``(allowed codes, nullable)``; only columns in ``by`` are checked.
    """
    for col in by:
        if col in codes:
            allowed, nullable = codes[col]
            ok = pl.col(col).is_in(list(allowed))
            lf = lf.filter((pl.col(col).is_null() | ok) if nullable else ok.fill_null(False))
    return lf


def with_person(ctx: Ctx, lf: pl.LazyFrame, by: Sequence[str]) -> pl.LazyFrame:
    """Attach the person's territory (INCONNU for a broken key) and the requested profile dims.

    Shortcut: for the département without a territory or person breakdown nothing is joined
    (every record counts at département level, whatever its person)."""
    if ctx.territoire.is_departement and not any(b in ctx.territory_cols or b in PERSON_DIMS
                                                 for b in by):
        return lf
    return ctx.attach_person(lf, person_dims(by))


def rate_within(ctx: Ctx, lf: pl.LazyFrame, start: str, delay: str, limit: int,
                by: Sequence[str]) -> pl.LazyFrame:
    """Among the rows whose ``start`` date is at least ``limit`` days before the extraction date
    (old enough to be judged), share whose ``delay`` (days) is at most ``limit``; a null delay
    is not within it."""
    judged = lf.filter(days(pl.col(start), pl.lit(ctx.date_extraction)) >= limit)
    return agg.rate(ctx, judged, pl.col(delay) <= limit, by)
