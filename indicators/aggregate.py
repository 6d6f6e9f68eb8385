"""Aggregations shared by every indicator: territory filter, then count / rate / mean / median /
sum, grouped by the requested breakdown columns. Pure LazyFrame → LazyFrame.

``effectif`` is the number of distinct statistical units behind the value: the registered
indicator declares its unit (:attr:`indicators.registry.Indicator.unite_stat`) and, while its plan
is built, :data:`indicators.registry.CURRENT_UNIT` names the unit's id column. When the frame has
that column, ``effectif`` counts its distinct values (5 saisines of 2 persons: ``effectif`` 2);
otherwise the rows. ``_cle`` is the cell key of the set of units (the sum of their record keys
modulo 2³², :func:`indicators.secret.record_key`): the same set of units always gives the same
key, which is what the perturbation of :mod:`indicators.secret` draws its noise from.
Département values are unchanged by all this.
"""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators import secret
from indicators.context import Ctx
from indicators.registry import CURRENT_UNIT


def _unit(lf: pl.LazyFrame) -> str | None:
    col = CURRENT_UNIT.get()
    return col if col and col in lf.collect_schema().names() else None


def perturbed(ctx: Ctx, by: Sequence[str] | None = None) -> bool:
    """Cell keys are needed: perturbation on, and (when ``by`` is given) figures the secret
    applies to — département figures are exact: their keys would be computed for nothing (a
    join of every record with its unit's key)."""
    return ctx.settings.perturbation and (by is None or secret.applies(ctx.territoire, by))


def keyed(ctx: Ctx, lf: pl.LazyFrame, col: str | None,
          by: Sequence[str] | None = None) -> pl.LazyFrame:
    """``lf`` with the record keys of its units (when cell keys are needed, :func:`perturbed`,
    and there is a unit column): what :func:`cell_key` sums."""
    if col is None or not perturbed(ctx, by):
        return lf
    return secret.with_record_keys(lf, col, ctx.settings.cle_secret, ctx.ext)


def cell_key(ctx: Ctx, col: str | None, by: Sequence[str] | None = None) -> list[pl.Expr]:
    """Cell key of the group (over a frame of :func:`keyed`): the sum of the record keys of its
    distinct units modulo 2³²; without a unit column, the number of rows (turned into a key by
    :func:`_finish`, natively: :func:`indicators.secret.row_count_keys`). Nothing when cell
    keys are not needed."""
    if not perturbed(ctx, by):
        return []
    if col is None:
        return [pl.len().cast(pl.Int64).alias("_cle_n")]
    return [secret.cell_key_agg(col)]


def _units(col: str | None, filt: pl.Expr | None = None) -> pl.Expr:
    if col is None:
        e = pl.len() if filt is None else filt.sum()
        return e.cast(pl.Int64)
    c = pl.col(col) if filt is None else pl.col(col).filter(filt)
    return c.drop_nulls().n_unique().cast(pl.Int64)


def _finish(ctx: Ctx, lf: pl.LazyFrame, by: Sequence[str], aggs: list[pl.Expr]) -> pl.LazyFrame:
    if by:
        out = lf.group_by(list(by)).agg(aggs).sort(list(by), nulls_last=True)
    else:
        out = lf.select(aggs)
    if "_cle_n" in out.collect_schema().names():  # no unit column: the key of the row count
        out = secret.row_count_keys(out, ctx.settings.cle_secret)
    return out


def count(ctx: Ctx, lf: pl.LazyFrame, by: Sequence[str], distinct: str | None = None) -> pl.LazyFrame:
    """Rows (or distinct values of ``distinct``) of ``lf`` inside the territory."""
    lf = lf.filter(ctx.territory_filter())
    u = _unit(lf) or distinct
    n = (pl.col(distinct).drop_nulls().n_unique() if distinct else pl.len()).cast(pl.Int64)
    return _finish(ctx, keyed(ctx, lf, u, by), by,
                   [n.alias("valeur"), _units(u).alias("effectif"), *cell_key(ctx, u, by)])


def rate(ctx: Ctx, lf: pl.LazyFrame, flag: pl.Expr, by: Sequence[str]) -> pl.LazyFrame:
    """Share of rows where ``flag`` is true; ``null`` over no row. ``effectif``: distinct units
    of the denominator; ``_den`` its rows; ``_num_u`` / ``_compl_u``: distinct units with and
    without the flag (the secret is judged on both)."""
    lf = lf.filter(ctx.territory_filter()).with_columns(flag.fill_null(False).alias("_flag"))
    u = _unit(lf)
    f = pl.col("_flag")
    aggs = [f.sum().cast(pl.Int64).alias("numerateur"), pl.len().cast(pl.Int64).alias("_den"),
            _units(u).alias("effectif"), _units(u, f).alias("_num_u"),
            _units(u, ~f).alias("_compl_u"), *cell_key(ctx, u, by)]
    return _finish(ctx, keyed(ctx, lf, u, by), by, aggs).with_columns(
        pl.when(pl.col("_den") > 0)
        .then(pl.col("numerateur") / pl.col("_den")).otherwise(None).alias("valeur"))


def stat(ctx: Ctx, lf: pl.LazyFrame, value: pl.Expr, by: Sequence[str],
         how: str = "mean") -> pl.LazyFrame:
    """Mean or median of ``value`` over rows where it is not null (even counts: the average of the
    two middle values); ``null`` over none.

    A mean of non-integer values (amounts) is summed in sorted order: a float sum depends on the
    order of its terms, and the rows' order is not fixed (after a ``group_by`` or a join): the
    same mean was 365,925 or 365,92499999999995 from one computation to the next, so two views of
    the same card differed. Integer values (délais in days) are summed exactly in any order."""
    lf = lf.filter(ctx.territory_filter()).with_columns(value.alias("_v")).filter(
        pl.col("_v").is_not_null())
    u = _unit(lf)
    v = pl.col("_v").cast(pl.Float64)
    if how == "mean" and lf.collect_schema()["_v"].is_float():
        v = v.sort()
    agg = v.mean() if how == "mean" else v.median()
    return _finish(ctx, keyed(ctx, lf, u, by), by,
                   [agg.alias("valeur"), _units(u).alias("effectif"), *cell_key(ctx, u, by)])


def total(ctx: Ctx, lf: pl.LazyFrame, value: pl.Expr, by: Sequence[str]) -> pl.LazyFrame:
    """Sum of ``value`` (0 over none), rounded to the cent."""
    lf = lf.filter(ctx.territory_filter()).with_columns(value.cast(pl.Float64).alias("_v"))
    u = _unit(lf)
    return _finish(ctx, keyed(ctx, lf, u, by), by, [pl.col("_v").sum().round(2).alias("valeur"),
                                                    _units(u).alias("effectif"),
                                                    *cell_key(ctx, u, by)])
