"""Aggregations shared by every indicator: territory filter, then count / rate / mean / median /
sum, grouped by the requested breakdown columns. Pure LazyFrame → LazyFrame.

``effectif`` is the number of distinct statistical units behind the value: the registered
indicator declares its unit (:attr:`indicators.registry.Indicator.unite_stat`) and, while its plan
is built, :data:`indicators.registry.CURRENT_UNIT` names the unit's id column. When the frame has
that column, ``effectif`` counts its distinct values (5 saisines of 2 persons: ``effectif`` 2);
otherwise the rows. ``_cle`` is the cell key of the set of units (sum of their keyed hashes,
modulo 2³²): the same set of units always gives the same key, which is what the perturbation of
:mod:`indicators.secret` draws its noise from. Département values are unchanged by all this.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

import polars as pl

from indicators.context import Ctx
from indicators.registry import CURRENT_UNIT

KEY_MOD = 2**32


def hash_seed(secret_key: str) -> int:
    """The hash seed derived from the configured secret key (``secret.cle``)."""
    d = hashlib.sha256(("declik:" + secret_key).encode("utf-8")).digest()
    return int.from_bytes(d[:8], "big") >> 1


def _unit(lf: pl.LazyFrame) -> str | None:
    col = CURRENT_UNIT.get()
    return col if col and col in lf.collect_schema().names() else None


def cell_key(ctx: Ctx, col: str | None) -> pl.Expr:
    """Cell key of the group: keyed hashes of its distinct units, summed modulo 2³²."""
    seed = hash_seed(ctx.settings.cle_secret)
    if col is None:  # no unit column: the key of the number of rows
        return (pl.len().cast(pl.UInt64).hash(seed) % KEY_MOD).alias("_cle")
    h = pl.col(col).drop_nulls().unique().cast(pl.Utf8).hash(seed) % KEY_MOD
    return (h.sum() % KEY_MOD).cast(pl.UInt64).alias("_cle")


def _units(col: str | None, filt: pl.Expr | None = None) -> pl.Expr:
    if col is None:
        e = pl.len() if filt is None else filt.sum()
        return e.cast(pl.Int64)
    c = pl.col(col) if filt is None else pl.col(col).filter(filt)
    return c.drop_nulls().n_unique().cast(pl.Int64)


def _finish(lf: pl.LazyFrame, by: Sequence[str], aggs: list[pl.Expr]) -> pl.LazyFrame:
    if by:
        return lf.group_by(list(by)).agg(aggs).sort(list(by), nulls_last=True)
    return lf.select(aggs)


def count(ctx: Ctx, lf: pl.LazyFrame, by: Sequence[str], distinct: str | None = None) -> pl.LazyFrame:
    """Rows (or distinct values of ``distinct``) of ``lf`` inside the territory."""
    lf = lf.filter(ctx.territory_filter())
    u = _unit(lf) or distinct
    n = (pl.col(distinct).drop_nulls().n_unique() if distinct else pl.len()).cast(pl.Int64)
    return _finish(lf, by, [n.alias("valeur"), _units(u).alias("effectif"), cell_key(ctx, u)])


def rate(ctx: Ctx, lf: pl.LazyFrame, flag: pl.Expr, by: Sequence[str]) -> pl.LazyFrame:
    """Share of rows where ``flag`` is true; ``null`` over no row. ``effectif``: distinct units
    of the denominator; ``_den`` its rows; ``_num_u`` / ``_compl_u``: distinct units with and
    without the flag (the secret is judged on both)."""
    lf = lf.filter(ctx.territory_filter()).with_columns(flag.fill_null(False).alias("_flag"))
    u = _unit(lf)
    f = pl.col("_flag")
    aggs = [f.sum().cast(pl.Int64).alias("numerateur"), pl.len().cast(pl.Int64).alias("_den"),
            _units(u).alias("effectif"), _units(u, f).alias("_num_u"),
            _units(u, ~f).alias("_compl_u"), cell_key(ctx, u)]
    return _finish(lf, by, aggs).with_columns(
        pl.when(pl.col("_den") > 0)
        .then(pl.col("numerateur") / pl.col("_den")).otherwise(None).alias("valeur"))


def stat(ctx: Ctx, lf: pl.LazyFrame, value: pl.Expr, by: Sequence[str],
         how: str = "mean") -> pl.LazyFrame:
    """Mean or median of ``value`` over rows where it is not null (even counts: the average of the
    two middle values); ``null`` over none."""
    lf = lf.filter(ctx.territory_filter()).with_columns(value.alias("_v")).filter(
        pl.col("_v").is_not_null())
    u = _unit(lf)
    v = pl.col("_v").cast(pl.Float64)
    agg = v.mean() if how == "mean" else v.median()
    return _finish(lf, by, [agg.alias("valeur"), _units(u).alias("effectif"), cell_key(ctx, u)])


def total(ctx: Ctx, lf: pl.LazyFrame, value: pl.Expr, by: Sequence[str]) -> pl.LazyFrame:
    """Sum of ``value`` (0 over none), rounded to the cent."""
    lf = lf.filter(ctx.territory_filter()).with_columns(value.cast(pl.Float64).alias("_v"))
    u = _unit(lf)
    return _finish(lf, by, [pl.col("_v").sum().round(2).alias("valeur"),
                            _units(u).alias("effectif"), cell_key(ctx, u)])
