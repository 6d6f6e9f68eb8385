"""Month windows: the cards' trend window, which indicators come by month, the month in
progress, and the per-month frame of an indicator."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import polars as pl

from indicators import engine
from indicators.calendrier import add_months, month_end, month_start, month_starts
from indicators.context import Ctx
from indicators.coverage import indicator_end
from indicators.registry import REGISTRY


def spark_ctx(ctx: Ctx, months: int = 12) -> Ctx:
    """The ``months`` whole months ending with the month of ``fin`` (the cards' trend line)."""
    f = ctx.fin
    return replace(ctx, debut=add_months(month_start(f), -(months - 1)), fin_demande=f)


def by_month(ind_id: str) -> bool:
    """The indicator's monthly values come from its ``mois`` breakdown (events of the month);
    not for indicators whose value in a month depends on the window's end (registry
    ``window_dependent``: computed month by month)."""
    ind = REGISTRY[ind_id]
    return "mois" in ind.dims and not ind.window_dependent


def partial_month(ctx: Ctx) -> date | None:
    """First day of the month of ``fin`` when that month is not over (flows of a month cut short
    would read as a fall): such a month is left out of monthly flow charts."""
    f = ctx.fin
    return month_start(f) if f != month_end(f) else None


def monthly_frame(ctx: Ctx, ind_id: str, by: Sequence[str] = ()) -> pl.LazyFrame:
    """The indicator for each month of the window, column ``mois`` (first day of the month).

    When the registry allows a breakdown by ``mois`` (flows, délais by month of entry, events by
    month), one pass grouped by month gives the same values as one computation per month and is
    much faster; stocks (no ``mois`` breakdown) are computed on each month's last day
    (:func:`indicators.engine.series_frames`)."""
    ind = REGISTRY[ind_id]
    if by_month(ind_id) and not ctx.window_empty:
        # months not complete in the indicator's sources are left out (the month in progress,
        # and the months after a source's last complete month: coverage.indicator_end), as the
        # cards' like-for-like windows do
        cut = partial_month(ctx)
        end, _ = indicator_end(ctx.ext, ind_id)
        starts = [m for m in month_starts(ctx.debut, ctx.fin)
                  if m != cut and (end is None or m <= end)] or month_starts(ctx.debut, ctx.fin)
        lf = engine.frame(ctx, ind_id, ("mois", *by)).filter(pl.col("mois").is_in(starts))
        months = pl.LazyFrame({"mois": starts}, schema={"mois": pl.Date})
        if by:
            return lf
        zero = ind.kind in ("count", "sum")
        j = months.join(lf, on="mois", how="left")
        if zero:
            j = j.with_columns(pl.col("valeur").fill_null(0), pl.col("effectif").fill_null(0))
        return j
    return engine.series_frames(ctx, ind_id, by)
