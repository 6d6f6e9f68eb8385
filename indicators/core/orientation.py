"""Orientations: share professionnelle, taux d'orientation of the personnes SDD (with the DREES
breakdown by ancienneté), and the counts the dashboard shows (orientations, réorientations, part
France Travail).

Row-level errors: an orientation whose ``type_orientation`` / ``organisme`` / ``origine`` is not a
contract code is left out of the indicators that use that column (and of any breakdown by it); it
counts everywhere else (e.g. in ``taux_orientation``, which only uses dates).

DREES breakdown of ``taux_orientation``: the breakdown dimension ``anciennete_drees`` (bands
``moins_6_mois``, ``6_12_mois``, ``plus_1_an`` of the foyer's current period at ``fin``, lower
bound included), e.g. ``frame(ctx, "taux_orientation", by=("anciennete_drees",))``.
"""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from data.schema import ORGANISMES, ORIGINES, TYPES_ORIENTATION
from indicators import aggregate as agg
from indicators.calendrier import months_between
from indicators.context import Ctx, band
from indicators.core.stocks import sdd_for
from indicators.registry import PERSON_DIMS, register

ORIENTATION_CODES: dict[str, tuple[str, ...]] = {
    "type_orientation": TYPES_ORIENTATION, "organisme": ORGANISMES, "origine": ORIGINES}
ANCIENNETE_DREES = ("moins_6_mois", "6_12_mois", "plus_1_an")
FRANCE_TRAVAIL = "france_travail"
TABLES = ("orientation", "personne")


def keep_valid_codes(lf: pl.LazyFrame, by: Sequence[str] = (),
                     use: Sequence[str] = ()) -> pl.LazyFrame:
    """Drop rows whose orientation code (in a breakdown column of ``by`` or in a column the
    indicator ``use``-s) is not a contract code (NULL included)."""
    for col in dict.fromkeys([*by, *use]):
        if col in ORIENTATION_CODES:
            lf = lf.filter(pl.col(col).is_in(list(ORIENTATION_CODES[col])).fill_null(False))
    return lf


def anciennete_drees_band(opening: pl.Expr, at: pl.Expr) -> pl.Expr:
    return band(months_between(opening, at), (6, 12), ("moins_6_mois", "6_12_mois", "plus_1_an"),
                opening.is_null())


def orientations_in_period(ctx: Ctx, by: Sequence[str] = (), use: Sequence[str] = ()) -> pl.LazyFrame:
    """Orientations dated in the window, with ``mois``, the person's territory and profile dims;
    rows with an invalid code in a used or breakdown column are left out."""
    o = (ctx.ext.lf("orientation").filter(ctx.in_period("date_orientation"))
         .with_columns(pl.col("date_orientation").dt.truncate("1mo").alias("mois")))
    o = ctx.attach_person(o, tuple(b for b in by if b in PERSON_DIMS), by)
    return keep_valid_codes(o, by, use)


@register("part_orientation_professionnelle", label="Part des orientations professionnelles",
          definition="Orientations datées dans la période de type « professionnelle », rapportées "
                     "à toutes les orientations datées dans la période (un type hors contrat est "
                     "exclu des deux termes).",
          unit="%", format="pourcentage", better=None, kind="rate", unite_stat="personne", tables=TABLES,
          short="Orientations professionnelles", criteres=("PDI-5.1",),
          dims=PERSON_DIMS + ("organisme", "origine", "mois"), theme="orientations")
def part_orientation_professionnelle(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    o = orientations_in_period(ctx, by, use=("type_orientation",))
    return agg.rate(ctx, o, pl.col("type_orientation") == "professionnelle", by)


def sdd_orientation(ctx: Ctx, by: tuple[str, ...] | None = None) -> pl.LazyFrame:
    """Personnes SDD at ``fin`` with ``oriente`` (an orientation dated between the opening of the
    foyer's current period and ``fin``) and ``anciennete_drees``."""
    sdd = sdd_for(ctx, by, PERSON_DIMS + ("anciennete",))
    o = ctx.ext.lf("orientation").select("id_personne", "date_orientation")
    oriented = (sdd.select("id_personne", "date_ouverture").join(o, on="id_personne", how="inner")
                .filter(pl.col("date_orientation").is_between(
                    pl.col("date_ouverture"), pl.lit(ctx.stock_day), closed="both"))
                .select("id_personne").unique().with_columns(pl.lit(True).alias("oriente")))
    return sdd.join(oriented, on="id_personne", how="left").with_columns(
        pl.col("oriente").fill_null(False),
        anciennete_drees_band(pl.col("date_ouverture"), pl.lit(ctx.stock_day))
        .alias("anciennete_drees"))


@register("taux_orientation", label="Taux d'orientation des personnes SDD",
          definition="Parmi les personnes soumises aux droits et devoirs au dernier jour de la "
                     "période, part ayant une orientation datée entre l'ouverture du droit en cours "
                     "du foyer et ce jour. Ventilation DREES par ancienneté dans le droit : moins "
                     "de 6 mois, 6 à 12 mois, plus d'un an (« anciennete_drees »).",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne",
          tables=("droit", "personne", "orientation"),
          short="Personnes SDD orientées", nature="stock", reference="taux_orientation", fiches=("PDI-1",),
          dims=PERSON_DIMS + ("anciennete", "anciennete_drees"), theme="orientations")
def taux_orientation(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.rate(ctx, sdd_orientation(ctx, by), pl.col("oriente"), by)


@register("orientations", label="Orientations",
          definition="Orientations (décisions) datées dans la période, y compris les "
                     "réorientations.",
          unit="orientations", format="entier", better=None, kind="count", unite_stat="personne", tables=TABLES,
          criteres=("PDI-5.1", "PTI-1.1"),
          dims=PERSON_DIMS + ("type_orientation", "organisme", "origine", "mois"),
          core=False, theme="orientations")
def orientations(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, orientations_in_period(ctx, by), by)


@register("reorientations", label="Réorientations",
          definition="Orientations datées dans la période décidées après passage en équipe "
                     "pluridisciplinaire (origine « equipe_pluridisciplinaire »).",
          unit="orientations", format="entier", better=None, kind="count", unite_stat="personne", tables=TABLES,
          criteres=("PTI-1.1",),
          dims=PERSON_DIMS + ("type_orientation", "organisme", "mois"),
          core=False, theme="orientations")
def reorientations(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    o = orientations_in_period(ctx, by).filter(pl.col("origine") == "equipe_pluridisciplinaire")
    return agg.count(ctx, o, by)


@register("part_orientations_france_travail",
          label="Part des orientations vers France Travail",
          definition="Orientations datées dans la période dont l'organisme référent est France "
                     "Travail, rapportées à toutes les orientations datées dans la période (un "
                     "organisme hors contrat est exclu des deux termes).",
          unit="%", format="pourcentage", better=None, kind="rate", unite_stat="personne", tables=TABLES,
          short="Orientations vers France Travail", criteres=("PDI-5.1", "PTI-1.1"),
          dims=PERSON_DIMS + ("type_orientation", "origine", "mois"),
          core=False, theme="orientations")
def part_orientations_france_travail(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    o = orientations_in_period(ctx, by, use=("organisme",))
    return agg.rate(ctx, o, pl.col("organisme") == FRANCE_TRAVAIL, by)
