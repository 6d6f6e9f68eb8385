"""Équipes pluridisciplinaires: saisines, décisions, délais, personnes saisies plusieurs fois.

Every indicator here is about saisines dated (``date_saisine``) in the period, located by the
person's current foyer (a saisine whose person does not exist counts at département level only).
"""
from __future__ import annotations

import polars as pl

from data.schema import DECISIONS_EP, MOTIFS_EP, PRESCRIPTEURS
from indicators import aggregate as agg
from indicators.context import Ctx, days
from indicators.core.dims import keep_valid_codes, month_of, with_person
from indicators.registry import PERSON_DIMS, register

CODES = {"motif": (MOTIFS_EP, False), "prescripteur": (PRESCRIPTEURS, False),
         "decision": (DECISIONS_EP, True)}
SAISINE_DIMS = ("motif", "prescripteur", "decision", "mois")


def saisines_in_period(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    s = ctx.ext.lf("ep_saisine").filter(ctx.in_period("date_saisine")).with_columns(
        month_of("date_saisine"))
    return keep_valid_codes(with_person(ctx, s, by), by, CODES)


@register("ep_saisines", label="Saisines de l'équipe pluridisciplinaire",
          definition="Saisines de l'équipe pluridisciplinaire datées dans la période.",
          unit="saisines", format="entier", better=None, kind="count", unite_stat="personne", tables=("ep_saisine",),
          short="Saisines de l'EP", criteres=("PDI-2.1", "PTI-2.1"), dims=SAISINE_DIMS + PERSON_DIMS,
          theme="ep")
def ep_saisines(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, saisines_in_period(ctx, by), by)


@register("ep_delai_notification_moyen_j", label="Délai moyen saisine → notification",
          definition="Saisines datées dans la période ayant une date de notification (quelle "
                     "qu'elle soit) : nombre moyen de jours entre la saisine et la notification à "
                     "la personne. Une notification antérieure à la saisine (erreur) est exclue.",
          unit="jours", format="jours", better="baisse", kind="mean", unite_stat="personne", tables=("ep_saisine",),
          short="Délai saisine → notification", target="delai_avis_ep", criteres=("PDI-2.2",),
          dims=SAISINE_DIMS + PERSON_DIMS, theme="ep")
def ep_delai_notification_moyen_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    s = saisines_in_period(ctx, by).filter(
        pl.col("date_notification").is_not_null()
        & (pl.col("date_notification") >= pl.col("date_saisine")))
    return agg.stat(ctx, s, days(pl.col("date_saisine"), pl.col("date_notification")), by, "mean")


@register("ep_personnes_multi_saisines", label="Personnes saisies plusieurs fois",
          definition="Personnes ayant au moins deux saisines de l'équipe pluridisciplinaire "
                     "datées dans la période.",
          unit="personnes", format="entier", better="baisse", kind="count", unite_stat="personne", tables=("ep_saisine",),
          short="Personnes saisies plusieurs fois", criteres=("PDI-2.3",), dims=PERSON_DIMS, theme="ep")
def ep_personnes_multi_saisines(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    multi = (ctx.ext.lf("ep_saisine").filter(ctx.in_period("date_saisine"))
             .group_by("id_personne").agg(pl.len().alias("_n")).filter(pl.col("_n") >= 2)
             .select("id_personne"))
    return agg.count(ctx, with_person(ctx, multi, by), by, distinct="id_personne")


@register("ep_decisions", label="Décisions de l'équipe pluridisciplinaire",
          definition="Saisines datées dans la période qui portent une décision (maintien, "
                     "réorientation, réduction, suspension, radiation, classement) ; ventilable "
                     "par décision. Une décision hors contrat est exclue.",
          unit="décisions", format="entier", better=None, kind="count", unite_stat="personne", tables=("ep_saisine",),
          short="Décisions de l'EP", criteres=("PDI-2.1", "PTI-2.1"), dims=SAISINE_DIMS + PERSON_DIMS,
          core=False, theme="ep")
def ep_decisions(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    s = saisines_in_period(ctx, by).filter(pl.col("decision").is_in(list(DECISIONS_EP)))
    return agg.count(ctx, s, by)


@register("ep_delai_passage_moyen_j", label="Délai moyen saisine → passage en EP",
          definition="Saisines datées dans la période passées en équipe pluridisciplinaire : "
                     "nombre moyen de jours entre la saisine et le passage (un passage antérieur à "
                     "la saisine est exclu).",
          unit="jours", format="jours", better="baisse", kind="mean", unite_stat="personne", tables=("ep_saisine",),
          target="delai_avis_ep", criteres=("PDI-2.2",), dims=SAISINE_DIMS + PERSON_DIMS, core=False, theme="ep")
def ep_delai_passage_moyen_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    s = saisines_in_period(ctx, by).filter(
        pl.col("date_passage_ep").is_not_null()
        & (pl.col("date_passage_ep") >= pl.col("date_saisine")))
    return agg.stat(ctx, s, days(pl.col("date_saisine"), pl.col("date_passage_ep")), by, "mean")
