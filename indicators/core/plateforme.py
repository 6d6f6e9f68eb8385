"""Plateforme emploi (Job41-type): registered persons, CVs, job offers proposed, registrations.

A person may have several registration rows (several platforms, or a re-registration): the
stock indicators count each person once (once per platform in a breakdown by ``plateforme``).
"""
from __future__ import annotations

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx
from indicators.core.dims import month_of, with_person
from indicators.registry import PERSON_DIMS, register

TABLES = ("plateforme_emploi",)


def registered_at_fin(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    """Registration rows dated on or before ``fin`` (clamped to ``date_extraction``; a stock, so
    an empty window still gives the stock at ``date_extraction``)."""
    r = ctx.ext.lf("plateforme_emploi").filter(pl.col("date_inscription") <= pl.lit(ctx.stock_day))
    return with_person(ctx, r, by)


@register("inscrits_plateforme", label="Inscrits sur la plateforme emploi",
          definition="Personnes inscrites sur une plateforme emploi au plus tard le dernier jour "
                     "de la période (stock cumulé, chaque personne une fois).",
          unit="personnes", format="entier", better="hausse", kind="count", unite_stat="personne", tables=TABLES,
          short="Inscrits plateforme emploi", nature="stock", criteres=("PDI-1.4",),
          dims=("plateforme",) + PERSON_DIMS, theme="orientations")
def inscrits_plateforme(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, registered_at_fin(ctx, by), by, distinct="id_personne")


@register("cv_deposes", label="Inscrits ayant déposé un CV",
          definition="Personnes inscrites sur une plateforme emploi au plus tard le dernier jour de "
                     "la période et dont une inscription porte un CV déposé.",
          unit="personnes", format="entier", better="hausse", kind="count", unite_stat="personne", tables=TABLES,
          short="Inscrits avec un CV", nature="stock", criteres=("PDI-1.4",),
          dims=("plateforme",) + PERSON_DIMS, core=False, theme="orientations")
def cv_deposes(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    r = registered_at_fin(ctx, by).filter(pl.col("cv_depose").fill_null(False))
    return agg.count(ctx, r, by, distinct="id_personne")


@register("part_inscrits_cv", label="Part des inscrits ayant déposé un CV",
          definition="Parmi les personnes inscrites sur une plateforme emploi au plus tard le "
                     "dernier jour de la période : part dont une inscription porte un CV déposé.",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne", tables=TABLES,
          nature="stock", criteres=("PDI-1.4",), dims=("plateforme",) + PERSON_DIMS, core=False,
          theme="orientations")
def part_inscrits_cv(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    reg = registered_at_fin(ctx, by)
    present = reg.collect_schema().names()
    keys = list(dict.fromkeys(["id_personne", *[c for c in ctx.territory_cols if c in present], *by]))
    persons = (reg.group_by(keys).agg(pl.col("cv_depose").fill_null(False).any().alias("_cv")))
    return agg.rate(ctx, persons, pl.col("_cv"), by)


@register("propositions_emploi", label="Propositions d'emploi aux inscrits",
          definition="Somme des offres d'emploi proposées aux inscriptions sur une plateforme "
                     "emploi datées au plus tard le dernier jour de la période (compteur cumulé "
                     "connu à la date d'extraction).",
          unit="propositions", format="entier", better="hausse", kind="sum", unite_stat="personne", tables=TABLES,
          fiches=("PDI-11",), dims=("plateforme",) + PERSON_DIMS, core=False, theme="orientations")
def propositions_emploi(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.total(ctx, registered_at_fin(ctx, by), pl.col("nb_propositions").fill_null(0), by)


@register("inscriptions_plateforme", label="Nouvelles inscriptions sur la plateforme emploi",
          definition="Inscriptions sur une plateforme emploi datées dans la période.",
          unit="inscriptions", format="entier", better="hausse", kind="count", unite_stat="personne", tables=TABLES,
          criteres=("PDI-1.4",), dims=("plateforme", "mois") + PERSON_DIMS, core=False,
          theme="orientations")
def inscriptions_plateforme(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    r = ctx.ext.lf("plateforme_emploi").filter(ctx.in_period("date_inscription")).with_columns(
        month_of("date_inscription"))
    return agg.count(ctx, with_person(ctx, r, by), by)
