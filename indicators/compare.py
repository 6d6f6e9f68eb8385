"""Comparisons: an indicator against its comparison period, and every unit of a territory level
against the département (difference, rank, funnel-plot control limits for rates).

Functions returning a ``LazyFrame`` never collect; the *edge* functions :func:`compare_value` and
:func:`territory_table` collect (one ``pl.collect_all`` each) and return plain values / a
``DataFrame``. Nothing here masks: apply :func:`indicators.secret.mask` before showing anything
below the département level.

Comparison period: :func:`indicators.calendrier.comparison_window` (the one calendar).

Funnel plot (:func:`territory_table`, rate indicators): around the département rate ``p0``, for a
unit whose denominator is ``n``, the limits are ``p0 ± z √(p0 (1 − p0) / n)`` (normal approximation
of the binomial), clipped to [0, 1], with z = 1.96 (95 %) and z = 3.09 (99.8 %). ``significatif``
is true when the unit's rate lies outside the 99.8 % limits (the usual funnel-plot "alarm": with
267 communes, about 13 would leave the 95 % funnel by chance alone); ``alerte_95`` flags the 95 %
limits. For rates per 1 000 inhabitants (a ``population`` column) ``n`` is the population and the
limits are scaled by 1 000. Means and medians get no limits.

Rank: 1 is the best unit by the indicator's ``better`` direction (largest value for ``hausse`` or
no direction, smallest for ``baisse``), ties share the smallest rank; units without a value and
the special codes ("ND", "INCONNU", kept as extra rows) are not ranked.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from data.referentiel import SPECIAL_LABELS, Territoire
from indicators.calendrier import Mode, comparison_window
from indicators.context import Ctx
from indicators.engine import frame
from indicators.registry import REGISTRY

Z95 = 1.959964
Z998 = 3.090232


def comparison_ctx(ctx: Ctx, mode: Mode = "precedente") -> Ctx:
    """The same context on the comparison period (:func:`~indicators.calendrier.comparison_window`)."""
    d, f = comparison_window(ctx.debut, ctx.fin_demande, ctx.fin, mode)
    return replace(ctx, debut=d, fin_demande=f)


def compare_frame(ctx: Ctx, ind_id: str, by: Sequence[str] = (),
                  mode: Mode = "precedente") -> pl.LazyFrame:
    """``*by, valeur, effectif, valeur_comparaison, effectif_comparaison, ecart, ecart_relatif``.

    ``ecart`` is ``valeur − valeur_comparaison`` (for a rate, a difference of fractions: × 100 for
    points); ``ecart_relatif`` is ``ecart / |valeur_comparaison|`` for counts, sums, means and
    medians (null for rates, or when the comparison value is 0 or null). With a breakdown, a group
    present on one side only has a count / sum of 0 on the other. Lazy: never collects."""
    by = list(by)
    cur = frame(ctx, ind_id, by).select(*by, "valeur", "effectif")
    prev = frame(comparison_ctx(ctx, mode), ind_id, by).select(
        *by, pl.col("valeur").alias("valeur_comparaison"),
        pl.col("effectif").alias("effectif_comparaison"))
    if by:
        j = cur.join(prev, on=by, how="full", coalesce=True, nulls_equal=True)
        if REGISTRY[ind_id].kind in ("count", "sum"):  # a group absent on one side counts 0
            j = j.with_columns(pl.col("valeur", "valeur_comparaison").fill_null(0),
                               pl.col("effectif", "effectif_comparaison").fill_null(0))
    else:
        j = cur.join(prev, how="cross")
    relative = REGISTRY[ind_id].kind != "rate"  # per-1 000 ratios are kind "mean": relative ok
    ecart = pl.col("valeur").cast(pl.Float64) - pl.col("valeur_comparaison").cast(pl.Float64)
    rel = (pl.when(pl.lit(relative) & (pl.col("valeur_comparaison") != 0))
           .then(ecart / pl.col("valeur_comparaison").cast(pl.Float64).abs()).otherwise(None))
    return j.with_columns(ecart.alias("ecart"), rel.alias("ecart_relatif"))


@dataclass(frozen=True)
class Comparison:
    valeur: float | int | None
    valeur_comparaison: float | int | None
    ecart: float | None
    ecart_relatif: float | None
    debut: date
    fin: date
    debut_comparaison: date
    fin_comparaison: date
    mode: str


def compare_value(ctx: Ctx, ind_id: str, mode: Mode = "precedente") -> Comparison:
    """Edge function (collects): the indicator's value, its comparison-period value and change."""
    prev_ctx = comparison_ctx(ctx, mode)
    df = compare_frame(ctx, ind_id, (), mode).collect()
    r = df.row(0, named=True) if df.height else {}

    def as_kind(v):
        if v is not None and REGISTRY[ind_id].kind == "count":
            return int(v)
        return v

    return Comparison(as_kind(r.get("valeur")), as_kind(r.get("valeur_comparaison")),
                      r.get("ecart"), r.get("ecart_relatif"), ctx.debut, ctx.fin,
                      prev_ctx.debut, prev_ctx.fin, mode)


# ---- territory table -----------------------------------------------------------------------
def has_control_limits(ind) -> bool:
    """Funnel-plot limits exist for shares (kind ``rate``) and ratios per 1 000 inhabitants
    (:func:`territory_table`)."""
    return ind.kind == "rate" or ind.per_population


def is_additive(ind) -> bool:
    """Counts and sums (not per 1 000 inhabitants): a unit's figure is a part of the
    département's, compared by its share of it, not by a difference (:func:`territory_table`)."""
    return ind.kind in ("count", "sum") and not ind.per_population


def control_limits(p0: pl.Expr, n: pl.Expr, z: float, scale: float) -> tuple[pl.Expr, pl.Expr]:
    se = (p0 * (1 - p0) / n).sqrt()
    ok = n > 0
    low = pl.when(ok).then(((p0 - z * se).clip(0.0, 1.0)) * scale).otherwise(None)
    high = pl.when(ok).then(((p0 + z * se).clip(0.0, 1.0)) * scale).otherwise(None)
    return low, high


def territory_table(ctx: Ctx, ind_id: str, niveau: str,
                    frames: tuple[pl.DataFrame, pl.DataFrame] | None = None) -> pl.DataFrame:
    """Edge function (collects once): every unit of ``niveau`` with ``code, nom, population,
    valeur, effectif, numerateur, valeur_departement, ecart, rang`` and, for rates,
    ``limite_basse_95, limite_haute_95, limite_basse_998, limite_haute_998, alerte_95,
    significatif`` (null for other kinds). The context's territory is ignored (all units of the
    level, the département as reference); its period is used. ``ecart`` is null for counts and
    sums (a unit's total is a part of the département's, not comparable with it). Units without any record: counts,
    sums and rates per 1 000 inhabitants 0, other rates and means null; when a source table is absent every value is null. Special codes
    (canton "ND", "INCONNU") follow the units, unranked. Raw values: mask before display.
    ``frames``: the indicator's raw frame by ``niveau`` and the département's, already computed
    (:func:`indicators.views.availability.level_frames`), instead of computing them here."""
    ind = REGISTRY[ind_id]
    dep = replace(ctx, territoire=Territoire("departement", ctx.ref.departement))
    units = ctx.ref.units(niveau).select("code", "nom", pl.col("population").cast(pl.Int64))
    per_unit, whole = frames if frames is not None else pl.collect_all(
        [frame(dep, ind_id, (niveau,)), frame(dep, ind_id, ())])

    per_unit = per_unit.rename({niveau: "code"}).with_columns(pl.col("code").cast(pl.Utf8))
    if "numerateur" not in per_unit.columns:
        per_unit = per_unit.with_columns(pl.lit(None, dtype=pl.Int64).alias("numerateur"))
    private = [c for c in ("_cle", "_den", "_num_u", "_compl_u") if c in per_unit.columns]
    per_unit = per_unit.select("code", pl.col("valeur").cast(pl.Float64),
                               pl.col("effectif").cast(pl.Int64), pl.col("numerateur").cast(pl.Int64),
                               *private)
    wr = whole.row(0, named=True) if whole.height else {}
    v_dep = wr.get("valeur")
    available = ctx.ext.has(*ind.tables)

    t = units.join(per_unit, on="code", how="left").with_columns(pl.lit(False).alias("_special"))
    per_pop = ind.per_population  # a rate per 1 000 inhabitants
    if available and (ind.kind in ("count", "sum") or per_pop):
        # no record in a unit: a count or sum of 0 (and 0 per 1 000 inhabitants)
        t = t.with_columns(pl.col("valeur").fill_null(0.0), pl.col("effectif").fill_null(0))
        if per_pop:
            t = t.with_columns(pl.col("numerateur").fill_null(0))
    extra = per_unit.filter(~pl.col("code").is_in(units["code"].to_list())).with_columns(
        pl.col("code").replace_strict(SPECIAL_LABELS, default=pl.col("code"),
                                      return_dtype=pl.Utf8).alias("nom"),
        pl.lit(None, dtype=pl.Int64).alias("population"), pl.lit(True).alias("_special"))
    t = pl.concat([t, extra.select(t.columns)], how="vertical_relaxed")

    t = t.with_columns(pl.lit(v_dep, dtype=pl.Float64).alias("valeur_departement"))
    # a difference with the département is meaningful for rates, means and medians; for additive
    # quantities (counts, sums) a unit's total is part of the département's: no "écart" then
    ecart = pl.lit(None, dtype=pl.Float64) if is_additive(ind) else pl.col("valeur") - pl.col("valeur_departement")
    t = t.with_columns(ecart.alias("ecart"))
    descending = ind.better != "baisse"
    rankable = ~pl.col("_special") & pl.col("valeur").is_not_null()
    rank = (pl.when(rankable).then(pl.col("valeur")).otherwise(None)
            .rank(method="min", descending=descending).cast(pl.Int64))
    t = t.with_columns(pl.when(rankable).then(rank).otherwise(None).alias("rang"))

    lim_cols = ("limite_basse_95", "limite_haute_95", "limite_basse_998", "limite_haute_998")
    if (ind.kind == "rate" or per_pop) and v_dep is not None:
        if per_pop:
            pop_dep = wr.get("population")
            p0 = pl.lit((wr.get("numerateur") or 0) / pop_dep if pop_dep else None, dtype=pl.Float64)
            n, scale = pl.col("population").cast(pl.Float64), 1000.0
        else:
            # the binomial's trials are the rate's denominator rows (``effectif`` counts units)
            trials = "_den" if "_den" in t.columns else "effectif"
            p0, n, scale = pl.lit(v_dep, dtype=pl.Float64), pl.col(trials).cast(pl.Float64), 1.0
        lo95, hi95 = control_limits(p0, n, Z95, scale)
        lo998, hi998 = control_limits(p0, n, Z998, scale)
        t = t.with_columns(lo95.alias(lim_cols[0]), hi95.alias(lim_cols[1]),
                           lo998.alias(lim_cols[2]), hi998.alias(lim_cols[3]))
        v = pl.col("valeur")
        t = t.with_columns(
            (pl.when(v.is_null() | pl.col(lim_cols[0]).is_null()).then(None)
             .otherwise((v < pl.col(lim_cols[0])) | (v > pl.col(lim_cols[1])))).alias("alerte_95"),
            (pl.when(v.is_null() | pl.col(lim_cols[2]).is_null()).then(None)
             .otherwise((v < pl.col(lim_cols[2])) | (v > pl.col(lim_cols[3])))).alias("significatif"))
    else:
        t = t.with_columns(*[pl.lit(None, dtype=pl.Float64).alias(c) for c in lim_cols],
                           pl.lit(None, dtype=pl.Boolean).alias("alerte_95"),
                           pl.lit(None, dtype=pl.Boolean).alias("significatif"))
    return t.drop("_special")

