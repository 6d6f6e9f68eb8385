"""Contrats d'engagements réciproques (CER) and start of the accompaniment.

The CER *of an orientation* is the person's first CER signed on or after the orientation, before
the person's next orientation and on or before ``date_extraction``. Orientations are ordered by
date then ``id_orientation`` (code point order); a next orientation on the same day therefore
leaves the earlier one without CER (a CER signed that day is not *before* it).

Row-level errors: an orientation whose ``organisme`` is not a contract code does not exist for the
CER indicators (neither measured nor bounding another one's CER); an orientation whose
``date_debut_accompagnement`` precedes it is left out of ``delai_accompagnement_median_j``.
"""
from __future__ import annotations

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, days, shared_frame
from indicators.core.dims import rate_within
from indicators.core.orientation import FRANCE_TRAVAIL, keep_valid_codes, orientations_in_period
from indicators.core.stocks import sdd_for
from indicators.registry import PERSON_DIMS, register

ORIENT_DIMS = PERSON_DIMS + ("type_orientation", "organisme", "origine", "mois")
CER_ORIENT_DIMS = ORIENT_DIMS
TABLES = ("orientation", "personne", "cer")


@shared_frame("cer_orientations", ("orientation",))
def cer_orientations(ctx: Ctx) -> pl.LazyFrame:
    """Every orientation that exists for the CER indicators (known organisme, dated)."""
    return keep_valid_codes(ctx.ext.lf("orientation"), use=("organisme",)).filter(
        pl.col("date_orientation").is_not_null())


def with_next_orientation(ctx: Ctx, o: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``date_suivante`` to the orientations ``o``: the date of the person's next orientation
    (ordered by date, then id in code-point order), null for the last one. Joins ``o`` with the
    same persons' orientations only, instead of sorting every orientation of the extraction."""
    others = cer_orientations(ctx).select(
        "id_personne", pl.col("id_orientation").alias("_id2"), pl.col("date_orientation").alias("_d2"))
    d, i = pl.col("date_orientation"), pl.col("id_orientation")
    later = (pl.col("_d2") > d) | ((pl.col("_d2") == d) & (pl.col("_id2") > i))
    nxt = (o.select("id_orientation", "id_personne", "date_orientation")
           .join(others, on="id_personne", how="inner").filter(later)
           .group_by("id_orientation").agg(pl.col("_d2").min().alias("date_suivante")))
    return o.join(nxt, on="id_orientation", how="left")


def orientations_cer(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Orientations dated in the window, not France Travail, with ``date_cer`` (the signature of
    their CER, null if none), ``delai_cer_j``, ``mois``, territory and profile dims."""
    o = with_next_orientation(ctx, cer_orientations(ctx).filter(
        ctx.in_period("date_orientation") & (pl.col("organisme") != FRANCE_TRAVAIL)))
    c = ctx.ext.lf("cer").select("id_personne", "date_signature")
    s = pl.col("date_signature")
    first = (o.select("id_orientation", "id_personne", "date_orientation", "date_suivante")
             .join(c, on="id_personne", how="inner")
             .filter((s >= pl.col("date_orientation"))
                     & (pl.col("date_suivante").is_null() | (s < pl.col("date_suivante")))
                     & (s <= pl.lit(ctx.date_extraction)))
             .group_by("id_orientation").agg(s.min().alias("date_cer")))
    o = o.join(first, on="id_orientation", how="left").with_columns(
        days(pl.col("date_orientation"), pl.col("date_cer")).alias("delai_cer_j"),
        pl.col("date_orientation").dt.truncate("1mo").alias("mois"))
    o = ctx.attach_person(o, tuple(b for b in by if b in PERSON_DIMS), by)
    return keep_valid_codes(o, by)


@register("delai_orientation_cer_median_j", label="Délai médian entre orientation et CER",
          definition="Parmi les orientations datées dans la période hors France Travail qui ont un "
                     "CER, médiane des jours entre l'orientation et ce CER : le premier CER de la "
                     "personne signé à partir de l'orientation, avant son orientation suivante et "
                     "au plus tard à la date d'extraction.",
          unit="jours", format="jours", better="baisse", kind="median", unite_stat="personne", tables=TABLES,
          short="Délai médian orientation → CER", target="delai_contrat", criteres=("PDI-1.3",),
          dims=CER_ORIENT_DIMS, theme="orientations")
def delai_orientation_cer_median_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.stat(ctx, orientations_cer(ctx, by), pl.col("delai_cer_j"), by, "median")


@register("delai_orientation_cer_moyen_j", label="Délai moyen entre orientation et CER",
          definition="Parmi les orientations datées dans la période hors France Travail qui ont un "
                     "CER (défini comme pour le délai médian), moyenne des jours entre "
                     "l'orientation et ce CER — la mesure de la DREES (« délai moyen orientation "
                     "→ premier CER »), à laquelle elle se compare.",
          unit="jours", format="jours", better="baisse", kind="mean", unite_stat="personne", tables=TABLES,
          short="Délai moyen orientation → CER", target="delai_contrat",
          reference="delai_orientation_cer_moyen_j", criteres=("PDI-1.3",),
          dims=CER_ORIENT_DIMS, core=False, theme="orientations")
def delai_orientation_cer_moyen_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.stat(ctx, orientations_cer(ctx, by), pl.col("delai_cer_j"), by, "mean")


@register("part_cer_dans_delai", label="Part des orientations suivies d'un CER dans le délai",
          definition="Parmi les orientations datées dans la période hors France Travail et datant "
                     "d'au moins C jours à la date d'extraction (C = objectif de délai de "
                     "contractualisation, 30 jours par défaut), part dont le CER (défini comme "
                     "pour le délai médian) a été signé en C jours au plus.",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne", tables=TABLES,
          short="CER signés dans le délai", target="delai_contrat", target_in_definition=True,
          criteres=("PDI-1.3",),
          dims=CER_ORIENT_DIMS, theme="orientations")
def part_cer_dans_delai(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return rate_within(ctx, orientations_cer(ctx, by), "date_orientation", "delai_cer_j",
                           ctx.settings.objectifs.delai_contrat_j, by)


@register("delai_accompagnement_median_j",
          label="Délai médian entre orientation et début d'accompagnement",
          definition="Parmi les orientations datées dans la période ayant une date de début "
                     "d'accompagnement (premier rendez-vous avec le référent), médiane des jours "
                     "entre l'orientation et cette date ; une date antérieure à l'orientation "
                     "(erreur de ligne) est écartée.",
          unit="jours", format="jours", better="baisse", kind="median", unite_stat="personne",
          tables=("orientation", "personne"),
          short="Délai avant accompagnement", criteres=("PTI-1.2",),
          dims=ORIENT_DIMS, theme="orientations")
def delai_accompagnement_median_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    o = orientations_in_period(ctx, by).filter(
        pl.col("date_debut_accompagnement") >= pl.col("date_orientation"))
    d = days(pl.col("date_orientation"), pl.col("date_debut_accompagnement"))
    return agg.stat(ctx, o, d, by, "median")


def sdd_latest_orientation(ctx: Ctx, by: tuple[str, ...] | None = None) -> pl.LazyFrame:
    """Personnes SDD at ``fin`` oriented since the opening of the foyer's current period, with
    the ``organisme``/``type_orientation`` of their latest orientation (known organisme) dated
    between that opening and ``fin`` (same day: the largest ``id_orientation``)."""
    fin = pl.lit(ctx.stock_day)
    sdd = sdd_for(ctx, by, PERSON_DIMS + ("anciennete",))
    o = cer_orientations(ctx).select("id_personne", "id_orientation", "date_orientation",
                                     "organisme", "type_orientation")
    latest = (sdd.select("id_personne", "date_ouverture").join(o, on="id_personne", how="inner")
              .filter(pl.col("date_orientation").is_between(pl.col("date_ouverture"), fin))
              .group_by("id_personne")
              .agg(pl.col(c).sort_by("date_orientation", "id_orientation").last()
                   for c in ("organisme", "type_orientation")))
    return sdd.join(latest, on="id_personne", how="inner")


def sdd_cer(ctx: Ctx, by: tuple[str, ...] | None = None) -> pl.LazyFrame:
    """Personnes SDD at ``fin`` whose latest orientation (:func:`sdd_latest_orientation`) is not
    France Travail, with ``cer_valide`` (a CER with ``date_signature <= fin <= date_fin``)."""
    fin = pl.lit(ctx.stock_day)
    oriented = sdd_latest_orientation(ctx, by).filter(pl.col("organisme") != FRANCE_TRAVAIL)
    valid = (ctx.ext.lf("cer").filter((pl.col("date_signature") <= fin) & (pl.col("date_fin") >= fin))
             .select("id_personne").unique().with_columns(pl.lit(True).alias("cer_valide")))
    return (oriented.join(valid, on="id_personne", how="left")
            .with_columns(pl.col("cer_valide").fill_null(False)))


@register("taux_cer_valide", label="Part des orientés hors France Travail ayant un CER valide",
          definition="Parmi les personnes soumises aux droits et devoirs au dernier jour de la "
                     "période dont la dernière orientation depuis l'ouverture du droit en cours "
                     "n'est pas vers France Travail (même jour : le plus grand identifiant), part "
                     "ayant un CER en cours de validité ce jour-là (signature ≤ fin ≤ fin du CER).",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne",
          tables=("droit", "personne", "orientation", "cer"),
          short="CER en cours de validité", nature="stock", reference="taux_cer_valide", carte=7,
          fiches=("PDI-1",),
          dims=PERSON_DIMS + ("anciennete", "type_orientation", "organisme"),
          theme="orientations")
def taux_cer_valide(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    s = keep_valid_codes(sdd_cer(ctx, by), by)
    return agg.rate(ctx, s, pl.col("cer_valide"), by)


@register("part_orientes_suivis_france_travail", label="Part des orientés suivis par France Travail",
          definition="Parmi les personnes soumises aux droits et devoirs au dernier jour de la "
                     "période orientées depuis l'ouverture du droit en cours, part dont la dernière "
                     "orientation (même jour : le plus grand identifiant) est vers France Travail "
                     "— un stock, comme la part nationale de la DREES (orientés suivis par France "
                     "Travail au 31 décembre).",
          unit="%", format="pourcentage", better=None, kind="rate", unite_stat="personne",
          tables=("droit", "personne", "orientation"),
          short="Orientés suivis par France Travail", nature="stock", reference="part_france_travail",
          criteres=("PTI-2.2",), dims=PERSON_DIMS + ("anciennete",), core=False,
          theme="orientations")
def part_orientes_suivis_france_travail(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    s = keep_valid_codes(sdd_latest_orientation(ctx, by), by)
    return agg.rate(ctx, s, pl.col("organisme") == FRANCE_TRAVAIL, by)
