"""Monthly (or yearly) series of one indicator over a window of at least ``min_months``."""
from __future__ import annotations

from collections.abc import Sequence

from indicators import engine
from indicators.calendrier import month_starts
from indicators.context import Ctx
from indicators.formatting import fr_date
from indicators.views.availability import unavailable_reason
from indicators.views.by_dimension import Breakdown, decorate
from indicators.views.months import by_month, monthly_frame, partial_month, spark_ctx


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
        from indicators.formatting import fr_month

        window = (f"{window}, " if window else "") + f"hors {fr_month(cut)} (mois en cours)"
    return decorate(sctx, ind_id, df, ("mois", *by), window)
