"""Aggregations shared by every indicator: territory filter, then count / rate / mean / median /
sum, grouped by the requested breakdown columns. Pure LazyFrame → LazyFrame."""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators.context import Ctx


def _finish(lf: pl.LazyFrame, by: Sequence[str], aggs: list[pl.Expr]) -> pl.LazyFrame:
    if by:
        return lf.group_by(list(by)).agg(aggs).sort(list(by), nulls_last=True)
    return lf.select(aggs)


def count(ctx: Ctx, lf: pl.LazyFrame, by: Sequence[str], distinct: str | None = None) -> pl.LazyFrame:
    """Rows (or distinct values of ``distinct``) of ``lf`` inside the territory."""
    lf = lf.filter(ctx.territory_filter())
    n = (pl.col(distinct).drop_nulls().n_unique() if distinct else pl.len()).cast(pl.Int64)
    return _finish(lf, by, [n.alias("valeur")]).with_columns(pl.col("valeur").alias("effectif"))


def rate(ctx: Ctx, lf: pl.LazyFrame, flag: pl.Expr, by: Sequence[str]) -> pl.LazyFrame:
    """Share of rows where ``flag`` is true; ``null`` over no row."""
    lf = lf.filter(ctx.territory_filter()).with_columns(flag.fill_null(False).alias("_flag"))
    aggs = [pl.col("_flag").sum().cast(pl.Int64).alias("numerateur"),
            pl.len().cast(pl.Int64).alias("effectif")]
    return _finish(lf, by, aggs).with_columns(
        pl.when(pl.col("effectif") > 0)
        .then(pl.col("numerateur") / pl.col("effectif")).otherwise(None).alias("valeur"))


def stat(ctx: Ctx, lf: pl.LazyFrame, value: pl.Expr, by: Sequence[str],
         how: str = "mean") -> pl.LazyFrame:
    """Mean or median of ``value`` over rows where it is not null (even counts: the average of the
    two middle values); ``null`` over none."""
    lf = lf.filter(ctx.territory_filter()).with_columns(value.alias("_v")).filter(
        pl.col("_v").is_not_null())
    v = pl.col("_v").cast(pl.Float64)
    agg = v.mean() if how == "mean" else v.median()
    return _finish(lf, by, [agg.alias("valeur"), pl.len().cast(pl.Int64).alias("effectif")])


def total(ctx: Ctx, lf: pl.LazyFrame, value: pl.Expr, by: Sequence[str]) -> pl.LazyFrame:
    """Sum of ``value`` (0 over none), rounded to the cent."""
    lf = lf.filter(ctx.territory_filter()).with_columns(value.cast(pl.Float64).alias("_v"))
    return _finish(lf, by, [pl.col("_v").sum().round(2).alias("valeur"),
                            pl.len().cast(pl.Int64).alias("effectif")])
