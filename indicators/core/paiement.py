"""RSA paid: total amount and mean amount per foyer-month.

A payment belongs to the period when its ``mois`` (first day of the month paid for) falls in
``[debut, fin]``; it is located by the foyer's current commune (a payment of a foyer that does not
exist counts at département level only). Negative amounts (regularisations) are summed as they are.
"""
from __future__ import annotations

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx
from indicators.registry import register

DIMS = ("mois", "situation_familiale")
TABLES = ("paiement",)


def payments_in_period(ctx: Ctx, by: tuple[str, ...] | None = None) -> pl.LazyFrame:
    p = ctx.ext.lf("paiement").filter(ctx.in_period("mois")).with_columns(
        pl.col("mois").alias("_mois_paye"), pl.col("mois").dt.truncate("1mo").alias("mois"))
    return ctx.attach_foyer(p, by)


@register("montant_rsa_verse", label="Montant de RSA versé",
          definition="Somme des montants de RSA versés pour les mois dont le premier jour tombe "
                     "dans la période (régularisations négatives comprises).",
          unit="€", format="euros", better=None, kind="sum", unite_stat="foyer", tables=TABLES,
          short="RSA versé", dims=DIMS, theme="budget")
def montant_rsa_verse(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.total(ctx, payments_in_period(ctx, by), pl.col("montant"), by)


@register("montant_moyen_par_foyer_mois", label="Montant moyen versé par foyer et par mois",
          definition="Montant de RSA versé pour les mois de la période divisé par le nombre de "
                     "couples (foyer, mois) distincts payés.",
          unit="€", format="euros", better=None, kind="mean", unite_stat="foyer", tables=TABLES,
          short="RSA mensuel moyen par foyer", dims=DIMS, core=False, theme="budget")
def montant_moyen_par_foyer_mois(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    keys = list(dict.fromkeys(["id_foyer", "_mois_paye", *ctx.territory_cols, *by]))
    fm = payments_in_period(ctx).filter(pl.col("montant").is_not_null()).group_by(keys).agg(pl.col("montant").sum())
    return agg.stat(ctx, fm, pl.col("montant"), by, "mean")


@register("foyers_payes", label="Foyers payés",
          definition="Foyers distincts ayant au moins un paiement de RSA pour un mois de la période.",
          unit="foyers", format="entier", better=None, kind="count", unite_stat="foyer", tables=TABLES,
          dims=DIMS, core=False, theme="budget")
def foyers_payes(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, payments_in_period(ctx), by, distinct="id_foyer")
