"""Monthly (or yearly) series of one indicator over a window of at least ``min_months``."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from indicators import coverage, engine
from indicators.calendrier import month_starts
from indicators.context import Ctx
from indicators.formatting import fr_date, fr_month
from indicators.views.availability import unavailable_reason
from indicators.views.by_dimension import Breakdown, decorate
from indicators.views.months import by_month, monthly_frame, partial_month, spark_ctx

RECENT_COLUMN = coverage.RECENT_COLUMN
RECENT_HEADER = "Mois récent (délais incomplets)"


def series_ctx(ctx: Ctx, min_months: int = 12) -> tuple[Ctx, str | None]:
    """The window of a monthly chart: the filters' period, widened to the ``min_months`` months
    ending at ``fin`` when it is shorter (the label says so)."""
    if len(month_starts(ctx.debut, ctx.fin)) >= min_months or ctx.window_empty:
        return ctx, None
    s = spark_ctx(ctx, min_months)
    return s, f"{min_months} derniers mois jusqu'au {fr_date(ctx.fin)}"


def series(ctx: Ctx, ind_id: str, by: Sequence[str] = (), min_months: int = 12,
           step: str = "mois") -> Breakdown:
    """Monthly (or yearly) values of the indicator over the period (see :func:`series_ctx`);
    stocks are those of each month's last day."""
    reason = unavailable_reason(ctx, ind_id, by)
    if reason:
        return Breakdown(ind_id, ("mois", *by), None, None, reason)
    sctx, window = series_ctx(ctx, min_months)
    lf = monthly_frame(sctx, ind_id, by) if step == "mois" else engine.series_frames(
        sctx, ind_id, by, step)
    df = lf.collect()
    cut = partial_month(sctx)
    if step == "mois" and by_month(ind_id) and cut is not None:
        window = (f"{window}, " if window else "") + f"hors {fr_month(cut)} (mois en cours)"
    b = decorate(sctx, ind_id, df, ("mois", *by), window)
    return mark_recent(b, sctx) if step == "mois" else b


def mark_recent(b: Breakdown, ctx: Ctx) -> Breakdown:
    """The recent months of a délai by month of entry (:func:`indicators.coverage.recent_from`):
    column ``incomplet`` in the data (the charts draw them apart), a column and a note in the
    table (the same in its CSV and XLSX)."""
    first = coverage.recent_from(b.ind_id, ctx.date_extraction, ctx.settings.objectifs)
    if first is None or b.data is None or not b.data.height:
        return b
    data = b.data.with_columns((pl.col("mois") >= first).alias(RECENT_COLUMN))
    if not data[RECENT_COLUMN].any():
        return b
    table = b.table
    if table is not None and table.display.height == data.height:
        flags = ["oui" if f else "" for f in data[RECENT_COLUMN].to_list()]
        said = coverage.recent_note(first)
        note = " ".join(p for p in (table.note, f"{said[0].upper()}{said[1:]}.") if p)
        table = replace(table, display=table.display.with_columns(pl.Series(RECENT_HEADER, flags)),
                        export=table.export.with_columns(pl.Series(RECENT_HEADER, flags)),
                        note=note)
    return replace(b, data=data, table=table)
