"""Rendez-vous (convocations): absentéisme and counts by type and statut."""
from __future__ import annotations

import polars as pl

from data.schema import STATUTS_RDV, TYPES_RDV
from indicators import aggregate as agg
from indicators.context import Ctx
from indicators.core.dims import keep_valid_codes, month_of, with_person
from indicators.registry import PERSON_DIMS, register

CODES = {"type_rdv": (TYPES_RDV, False), "statut": (STATUTS_RDV, False)}


def rdv_in_period(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    """Rendez-vous dated in the period, with the person's territory and ``mois``."""
    r = ctx.ext.lf("rendez_vous").filter(ctx.in_period("date_rdv")).with_columns(month_of("date_rdv"))
    return keep_valid_codes(with_person(ctx, r, by), by, CODES)


@register("taux_absenteisme", label="Taux d'absentéisme aux rendez-vous",
          definition="Rendez-vous datés dans la période avec le statut « absent », rapportés à "
                     "tous ceux dont l'issue est connue (honoré, absent, excusé, annulé). Un statut "
                     "hors contrat est exclu du taux.",
          unit="%", format="pourcentage", better="baisse", kind="rate", unite_stat="personne", tables=("rendez_vous",),
          short="Absentéisme aux rendez-vous", carte=8, criteres=("PDI-1.1",),
          dims=("type_rdv", "mois") + PERSON_DIMS, theme="orientations")
def taux_absenteisme(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    r = rdv_in_period(ctx, by).filter(pl.col("statut").is_in(list(STATUTS_RDV)))
    return agg.rate(ctx, r, pl.col("statut") == "absent", by)


@register("rendez_vous", label="Rendez-vous",
          definition="Rendez-vous (convocations) datés dans la période, quel que soit leur statut.",
          unit="rendez-vous", format="entier", better=None, kind="count", unite_stat="personne", tables=("rendez_vous",),
          criteres=("PDI-1.1",),
          dims=("type_rdv", "statut", "mois") + PERSON_DIMS, core=False, theme="orientations")
def rendez_vous(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, rdv_in_period(ctx, by), by)
