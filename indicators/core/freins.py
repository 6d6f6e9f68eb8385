"""Freins périphériques: prevalence among personnes SDD, share lifted, time to lift.

Definitions (the contract is silent; also in the registry):
- A frein is **présent at day d** when ``date_diagnostic <= d`` and it is not lifted at d
  (``date_levee`` NULL or ``date_levee > d``): ``date_levee`` is the day the barrier was lifted, so a
  barrier lifted on ``fin`` no longer counts at ``fin`` and does count as "levé" by ``fin``.
- Prevalence: over personnes SDD at ``fin`` (:func:`indicators.core.stocks.sdd_persons`), the share
  with at least one frein présent at ``fin`` (of the given type, in a breakdown by ``type_frein``:
  every SDD person is in the denominator of every type).
- A frein whose ``date_levee`` precedes its ``date_diagnostic`` is incoherent: it is left out of
  ``part_freins_leves`` and ``delai_levee_median_j`` (it still counts in the prevalence, where it is
  "levé" from its ``date_levee``).
- A ``type_frein`` outside the contract is left out of breakdowns by type (and of
  ``part_frein_mobilite``), and counts in the all-types figures.
"""
from __future__ import annotations

import polars as pl

from data.schema import TYPES_FREIN
from indicators import aggregate as agg
from indicators.context import Ctx, days
from indicators.core.dims import keep_valid_codes, month_of, with_person
from indicators.core.stocks import sdd_persons
from indicators.registry import PERSON_DIMS, register

CODES = {"type_frein": (TYPES_FREIN, False)}
SDD_TABLES = ("frein", "droit", "foyer", "personne")


def present_at(ctx: Ctx) -> pl.LazyFrame:
    """Freins présents at ``fin``: ``id_personne``, ``type_frein``."""
    d = pl.lit(ctx.stock_day)
    return (ctx.ext.lf("frein")
            .filter((pl.col("date_diagnostic") <= d)
                    & (pl.col("date_levee").is_null() | (pl.col("date_levee") > d)))
            .select("id_personne", "type_frein"))


def _prevalence(ctx: Ctx, by: tuple[str, ...], types: tuple[str, ...] | None) -> pl.LazyFrame:
    """Share of SDD persons with a frein présent at ``fin``; ``types`` restricts the freins (None:
    any type); with ``type_frein`` in ``by`` each contract type is a group."""
    sdd = sdd_persons(ctx)
    pres = present_at(ctx)
    if types is not None:
        pres = pres.filter(pl.col("type_frein").is_in(list(types)))
    if "type_frein" in by:
        kinds = pl.LazyFrame({"type_frein": list(types or TYPES_FREIN)})
        base = sdd.join(kinds, how="cross")
        flags = (pres.filter(pl.col("type_frein").is_in(list(TYPES_FREIN))).unique()
                 .with_columns(pl.lit(True).alias("_frein")))
        base = base.join(flags, on=["id_personne", "type_frein"], how="left")
    else:
        flags = pres.select("id_personne").unique().with_columns(pl.lit(True).alias("_frein"))
        base = sdd.join(flags, on="id_personne", how="left")
    return agg.rate(ctx, base, pl.col("_frein"), by)


@register("prevalence_freins", label="Personnes SDD ayant un frein périphérique",
          definition="Parmi les personnes soumises aux droits et devoirs au dernier jour de la "
                     "période : part ayant au moins un frein diagnostiqué au plus tard ce jour et "
                     "non levé à cette date (par type de frein : part ayant un frein de ce type).",
          unit="%", format="pourcentage", better="baisse", kind="rate", unite_stat="personne", tables=SDD_TABLES,
          short="Personnes SDD avec un frein", nature="stock", criteres=("PDI-5.2",), fiches=("PDI-22",),
          dims=("type_frein", "anciennete") + PERSON_DIMS, core=False,
          theme="freins")
def prevalence_freins(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _prevalence(ctx, by, None)


@register("part_frein_mobilite", label="Personnes SDD ayant un frein de mobilité",
          definition="Parmi les personnes soumises aux droits et devoirs au dernier jour de la "
                     "période : part ayant un frein de mobilité diagnostiqué au plus tard ce jour "
                     "et non levé à cette date.",
          unit="%", format="pourcentage", better="baisse", kind="rate", unite_stat="personne", tables=SDD_TABLES,
          short="Frein de mobilité", nature="stock", carte=11, fiches=("PDI-26", "PTI-13"),
          dims=("anciennete",) + PERSON_DIMS, core=False, theme="freins")
def part_frein_mobilite(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _prevalence(ctx, by, ("mobilite",))


def diagnosed_in_period(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    """Freins diagnosed in the period, coherent (no lift before diagnosis), with territory."""
    f = (ctx.ext.lf("frein").filter(ctx.in_period("date_diagnostic"))
         .filter(pl.col("date_levee").is_null()
                 | (pl.col("date_levee") >= pl.col("date_diagnostic")))
         .with_columns(month_of("date_diagnostic")))
    return keep_valid_codes(with_person(ctx, f, by), by, CODES)


@register("part_freins_leves", label="Part des freins levés",
          definition="Freins diagnostiqués dans la période : part levés au plus tard le dernier "
                     "jour de la période.",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne", tables=("frein",),
          short="Freins levés", window_dependent=True, criteres=("PDI-22.1",),
          dims=("type_frein", "mois") + PERSON_DIMS, core=False,
          theme="freins")
def part_freins_leves(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    f = diagnosed_in_period(ctx, by)
    return agg.rate(ctx, f, pl.col("date_levee") <= pl.lit(ctx.fin), by)


@register("delai_levee_median_j", label="Délai médian de levée d'un frein",
          definition="Freins diagnostiqués dans la période et levés au plus tard à la date "
                     "d'extraction : nombre médian de jours entre diagnostic et levée (les freins "
                     "non encore levés ne comptent pas : estimation optimiste).",
          unit="jours", format="jours", better="baisse", kind="median", unite_stat="personne", tables=("frein",),
          short="Délai médian de levée", fiches=("PDI-22",), dims=("type_frein", "mois") + PERSON_DIMS,
          core=False,
          theme="freins")
def delai_levee_median_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    f = diagnosed_in_period(ctx, by).filter(
        pl.col("date_levee") <= pl.lit(ctx.date_extraction))
    return agg.stat(ctx, f, days(pl.col("date_diagnostic"), pl.col("date_levee")), by, "median")
