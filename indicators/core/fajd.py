"""Fonds d'aide aux jeunes en difficulté (FAJD): demandes, aides accordées, montants.

``aide_fajd`` carries its own commune: its territory comes from that commune (a split commune such
as Blois gives canton "ND", an unknown commune counts at département level only). The young
person is not linked to ``personne``, so the profile breakdowns are the table's own columns:
``nature``, ``sexe``, ``procedure``, ``decision`` and ``tranche_age_jeune`` (``18_20``, ``21_22``,
``23_25``: the age at the request, as recorded). An age outside 18-25 (row error) or a code outside
the contract is left out of the breakdown by that column only.
"""
from __future__ import annotations

import polars as pl

from data.schema import DECISIONS_FAJD, NATURES_FAJD, PROCEDURES_FAJD
from indicators import aggregate as agg
from indicators.context import Ctx
from indicators.core.dims import keep_valid_codes, month_of
from indicators.registry import register

TRANCHES_AGE_JEUNE = ("18_20", "21_22", "23_25")
# The bands the PDI reads (« l'écart entre les 18-20 ans et les 21-23 ans »), 24-25 apart.
TRANCHES_AGE_PDI = ("18_20", "21_23", "24_25")
CODES = {"nature": (NATURES_FAJD, False), "sexe": (("F", "M"), False),
         "procedure": (PROCEDURES_FAJD, False), "decision": (DECISIONS_FAJD, True),
         "tranche_age_jeune": (TRANCHES_AGE_JEUNE, False),
         "tranche_age_pdi": (TRANCHES_AGE_PDI, False)}
DIMS = ("nature", "sexe", "procedure", "tranche_age_jeune", "tranche_age_pdi", "mois")
TABLES = ("aide_fajd",)


def _tranche(age: pl.Expr) -> pl.Expr:
    return (pl.when(age.is_between(18, 20)).then(pl.lit("18_20"))
            .when(age.is_between(21, 22)).then(pl.lit("21_22"))
            .when(age.is_between(23, 25)).then(pl.lit("23_25"))
            .otherwise(None).alias("tranche_age_jeune"))


def _tranche_pdi(age: pl.Expr) -> pl.Expr:
    return (pl.when(age.is_between(18, 20)).then(pl.lit("18_20"))
            .when(age.is_between(21, 23)).then(pl.lit("21_23"))
            .when(age.is_between(24, 25)).then(pl.lit("24_25"))
            .otherwise(None).alias("tranche_age_pdi"))


def aides(ctx: Ctx, by: tuple[str, ...], date_col: str) -> pl.LazyFrame:
    """Aides whose ``date_col`` is in the period, with territory, age band and ``mois``."""
    a = (ctx.ext.lf("aide_fajd").filter(ctx.in_period(date_col))
         .with_columns(_tranche(pl.col("age")), _tranche_pdi(pl.col("age")), month_of(date_col)))
    return keep_valid_codes(ctx.with_commune_territory(a), by, CODES)


def _accordees(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    return aides(ctx, by, "date_decision").filter(pl.col("decision") == "accordee")


@register("fajd_aides_accordees", label="Aides FAJD accordées",
          definition="Aides du FAJD accordées dont la date de décision tombe dans la période.",
          unit="aides", format="entier", better=None, kind="count", unite_stat="jeune", tables=TABLES,
          short="Aides FAJD accordées", dims=DIMS, theme="fajd")
def fajd_aides_accordees(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, _accordees(ctx, by), by)


@register("fajd_montant", label="Montant des aides FAJD accordées",
          definition="Somme des montants des aides du FAJD accordées dont la date de décision "
                     "tombe dans la période (montant absent compté 0).",
          unit="€", format="euros", better=None, kind="sum", unite_stat="jeune", tables=TABLES,
          short="Montant FAJD accordé", dims=DIMS, theme="fajd")
def fajd_montant(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.total(ctx, _accordees(ctx, by), pl.col("montant").fill_null(0), by)


@register("fajd_montant_moyen", label="Montant moyen d'une aide FAJD accordée",
          definition="Moyenne des montants renseignés des aides du FAJD accordées dont la date "
                     "de décision tombe dans la période.",
          unit="€", format="euros", better=None, kind="mean", unite_stat="jeune", tables=TABLES,
          short="Montant moyen d'une aide", dims=DIMS, core=False, theme="fajd")
def fajd_montant_moyen(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.stat(ctx, _accordees(ctx, by), pl.col("montant"), by, "mean")


@register("fajd_demandes", label="Demandes d'aide FAJD",
          definition="Demandes d'aide au FAJD dont la date de demande tombe dans la période, "
                     "quelle que soit la décision.",
          unit="demandes", format="entier", better=None, kind="count", unite_stat="jeune", tables=TABLES,
          short="Demandes FAJD", dims=DIMS + ("decision",), core=False, theme="fajd")
def fajd_demandes(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, aides(ctx, by, "date_demande"), by)


@register("fajd_taux_accord", label="Taux d'accord des demandes FAJD",
          definition="Demandes dont la date de demande tombe dans la période et qui ont une "
                     "décision (accordée ou refusée) : part des demandes accordées.",
          unit="%", format="pourcentage", better=None, kind="rate", unite_stat="jeune", tables=TABLES,
          short="Taux d'accord FAJD", dims=DIMS, core=False, theme="fajd")
def fajd_taux_accord(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    a = aides(ctx, by, "date_demande").filter(pl.col("decision").is_in(list(DECISIONS_FAJD)))
    return agg.rate(ctx, a, pl.col("decision") == "accordee", by)
