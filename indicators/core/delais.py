"""Délais d'orientation of the entrants: mean, median and share oriented within D days.

The shared frame :func:`entrants_delai` pairs each entrant (personne × droit period opening in the
window) with the person's *first* orientation dated on or after the opening, before the period's
``date_fin`` (if any) and on or before ``date_extraction``; same-day orientations are ordered by
``id_orientation`` (code point order), the smallest first. An entrant who left or is not yet
oriented has no delay (``delai_j`` null).
"""
from __future__ import annotations

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, days, shared_frame
from indicators.core.dims import rate_within
from indicators.core.orientation import keep_valid_codes
from indicators.registry import PERSON_DIMS, register

ORIENTATION_COLS = ("id_orientation", "date_orientation", "type_orientation", "organisme", "origine")
ENTRANT_DIMS = PERSON_DIMS + ("mois",)
# ``origine`` of the first orientation (Espace RSA, EP…): evaluating the Espaces RSA (PDI fiche 1)
DELAI_DIMS = ENTRANT_DIMS + ("type_orientation", "organisme", "origine")
TABLES = ("droit", "personne", "orientation")


@shared_frame("first_orientations", ("droit", "personne", "orientation"))
def first_orientations(ctx: Ctx) -> pl.LazyFrame:
    """``id_droit, id_personne`` → the first qualifying orientation of each entrant."""
    e = ctx.entrants.select("id_droit", "id_personne", "date_ouverture", "date_fin")
    o = ctx.ext.lf("orientation").select("id_personne", *ORIENTATION_COLS).filter(
        pl.col("date_orientation").is_not_null())
    d = pl.col("date_orientation")
    return (e.join(o, on="id_personne", how="inner")
            .filter((d >= pl.col("date_ouverture"))
                    & (pl.col("date_fin").is_null() | (d < pl.col("date_fin")))
                    & (d <= pl.lit(ctx.date_extraction)))
            .sort("date_orientation", "id_orientation")
            # group_by keeps the frame's order inside each group: first = earliest, smallest id
            .group_by("id_droit", "id_personne")
            .agg(pl.col(c).first() for c in ORIENTATION_COLS))


def entrants_delai(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Entrants of the window with their délai: ``id_droit, id_foyer, id_personne,
    date_ouverture, date_fin, id_orientation, date_orientation, type_orientation, organisme,
    delai_j, mois`` (entry month), the person's territory and the requested profile dims."""
    e = ctx.entrants.join(first_orientations(ctx), on=["id_droit", "id_personne"], how="left")
    e = e.with_columns(
        days(pl.col("date_ouverture"), pl.col("date_orientation")).alias("delai_j"),
        pl.col("date_ouverture").dt.truncate("1mo").alias("mois"),
    )
    return ctx.attach_person(e, tuple(b for b in by if b in PERSON_DIMS), by)


def _delai(ctx: Ctx, by: tuple[str, ...], how: str) -> pl.LazyFrame:
    e = keep_valid_codes(entrants_delai(ctx, by), by)
    return agg.stat(ctx, e, pl.col("delai_j"), by, how)


_DEF = ("jours entre l'ouverture du droit et la première orientation datée à partir de "
        "l'ouverture, avant la fin de ce droit et au plus tard à la date d'extraction, pour les "
        "entrants de la période (personnes des foyers dont un droit s'ouvre dans la période) "
        "qui ont été orientés ; un entrant sorti ou pas encore orienté n'a pas de délai.")


@register("delai_orientation_moyen_j", label="Délai moyen d'orientation des entrants",
          definition="Moyenne des " + _DEF,
          unit="jours", format="jours", better="baisse", kind="mean", unite_stat="personne", tables=TABLES,
          short="Délai moyen d'orientation", target="delai_orientation",
          reference="delai_orientation_moyen_j", criteres=("PDI-1.2",),
          dims=DELAI_DIMS, theme="orientations")
def delai_orientation_moyen_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _delai(ctx, by, "mean")


@register("delai_orientation_median_j", label="Délai médian d'orientation des entrants",
          definition="Médiane des " + _DEF + " Nombre pair de délais : moyenne des deux valeurs "
                     "centrales.",
          unit="jours", format="jours", better="baisse", kind="median", unite_stat="personne", tables=TABLES,
          short="Délai médian d'orientation", target="delai_orientation", carte=5, criteres=("PDI-1.2",),
          dims=DELAI_DIMS, theme="orientations")
def delai_orientation_median_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _delai(ctx, by, "median")


@register("part_orientes_dans_delai", label="Part des entrants orientés dans le délai",
          definition="Parmi les entrants de la période dont le droit est ouvert depuis au moins D "
                     "jours à la date d'extraction (D = objectif de délai d'orientation, 42 jours "
                     "par défaut), part orientés en D jours au plus (délai défini comme pour le "
                     "délai moyen) ; un entrant sorti sans orientation compte comme non orienté "
                     "dans le délai.",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne", tables=TABLES,
          short="Orientés dans le délai légal", target="delai_orientation", target_in_definition=True,
          carte=6, criteres=("PDI-1.2",),
          dims=ENTRANT_DIMS, theme="orientations")
def part_orientes_dans_delai(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return rate_within(ctx, entrants_delai(ctx, by), "date_ouverture", "delai_j",
                           ctx.settings.objectifs.delai_orientation_j, by)
