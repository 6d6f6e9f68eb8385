"""Stocks and flows of the RSA: foyers bénéficiaires, personnes SDD, entrées, sorties."""
from __future__ import annotations

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, anciennete_band, shared_frame
from indicators.registry import PERSON_DIMS, register

FOYER_DIMS = ("situation_familiale", "anciennete")
# profile knowledge (the plan's « connaissance du public »): the level of education too
SDD_DIMS = PERSON_DIMS + ("anciennete", "niveau_formation")


def _with_anciennete(ctx: Ctx, lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.with_columns(anciennete_band(pl.col("date_ouverture"), ctx.stock_day).alias("anciennete"))


@shared_frame("beneficiary_foyers", ("droit", "foyer"))
def beneficiary_foyers(ctx: Ctx) -> pl.LazyFrame:
    """Foyers bénéficiaires at ``fin`` with territory, situation familiale and ancienneté band."""
    return _with_anciennete(ctx, ctx.attach_foyer(ctx.current_period_at(ctx.stock_day)))


@shared_frame("sdd_persons", ("droit", "foyer", "personne"))
def sdd_persons(ctx: Ctx) -> pl.LazyFrame:
    """Personnes SDD at ``fin``: every person of a foyer bénéficiaire, whatever its role (the
    persons carry their territory: the foyers' own is not joined)."""
    cur = _with_anciennete(ctx, ctx.stock).select("id_foyer", "date_ouverture", "anciennete")
    return ctx.personnes.join(cur, on="id_foyer", how="inner")


@shared_frame("sdd_base", ("droit", "personne"))
def sdd_base(ctx: Ctx) -> pl.LazyFrame:
    """Personnes SDD at ``fin`` without territory or profile: ``id_personne, id_foyer,
    date_ouverture`` (the département-level shortcut of :func:`sdd_persons`)."""
    return ctx.ext.lf("personne").select("id_personne", "id_foyer").join(
        ctx.stock, on="id_foyer", how="inner")


def sdd_for(ctx: Ctx, by: tuple[str, ...] | None, dims: tuple[str, ...]) -> pl.LazyFrame:
    """:func:`sdd_persons`, or the lighter :func:`sdd_base` when ``by`` needs no territory or
    profile column at département level (same rows, fewer columns)."""
    return sdd_persons(ctx) if ctx.needs_join(by, dims) else sdd_base(ctx)


@register("foyers_beneficiaires", label="Foyers bénéficiaires du RSA",
          definition="Foyers ayant un droit RSA ouvert et versable au dernier jour de la période "
                     "(date_ouverture ≤ fin et date_fin absente ou > fin).",
          unit="foyers", format="entier", better=None, kind="count", unite_stat="foyer", tables=("droit", "foyer"),
          nature="stock", carte=3,
          dims=FOYER_DIMS, theme="allocataires")
def foyers_beneficiaires(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    if not ctx.needs_join(by, FOYER_DIMS):  # département total: the stock itself
        return agg.count(ctx, ctx.stock, by)
    return agg.count(ctx, beneficiary_foyers(ctx), by)


@register("personnes_sdd", label="Personnes soumises aux droits et devoirs",
          definition="Allocataires et conjoints des foyers bénéficiaires au dernier jour de la "
                     "période, quel que soit leur rôle.",
          unit="personnes", format="entier", better=None, kind="count", unite_stat="personne",
          tables=("droit", "foyer", "personne"),
          short="Personnes SDD", nature="stock", carte=1,
          dims=SDD_DIMS, theme="allocataires")
def personnes_sdd(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    if not ctx.needs_join(by, SDD_DIMS):  # département total
        persons = ctx.ext.lf("personne").select("id_foyer").join(
            ctx.stock.select("id_foyer"), on="id_foyer", how="semi")
        return agg.count(ctx, persons, by)
    return agg.count(ctx, sdd_persons(ctx), by)


def _foyers_enfants(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    f = ctx.ext.lf("foyer").select("id_foyer", "nb_enfants")
    base = beneficiary_foyers(ctx) if ctx.needs_join(by, FOYER_DIMS) else ctx.stock
    return base.join(f, on="id_foyer", how="left")


@register("personnes_couvertes", label="Personnes couvertes par le RSA",
          definition="Allocataires, conjoints et enfants (nb_enfants du foyer) des foyers "
                     "bénéficiaires au dernier jour de la période.",
          unit="personnes", format="entier", better=None, kind="sum", unite_stat="foyer",
          tables=("droit", "foyer", "personne"), nature="stock", dims=FOYER_DIMS, core=False,
          theme="allocataires")
def personnes_couvertes(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    adults = ctx.ext.lf("personne").group_by("id_foyer").agg(pl.len().cast(pl.Int64).alias("_adultes"))
    f = _foyers_enfants(ctx, by).join(adults, on="id_foyer", how="left")
    n = pl.col("_adultes").fill_null(0) + pl.col("nb_enfants").fill_null(0)
    return agg.total(ctx, f, n, by)


@register("part_foyers_avec_enfants", label="Part des foyers bénéficiaires avec enfants",
          definition="Parmi les foyers bénéficiaires au dernier jour de la période, part dont "
                     "nb_enfants est au moins 1.",
          unit="%", format="pourcentage", better=None, kind="rate", unite_stat="foyer",
          tables=("droit", "foyer"), nature="stock", dims=FOYER_DIMS, core=False,
          theme="allocataires")
def part_foyers_avec_enfants(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.rate(ctx, _foyers_enfants(ctx, by), pl.col("nb_enfants").fill_null(0) >= 1, by)


def _flow(ctx: Ctx, date_col: str) -> pl.LazyFrame:
    d = ctx.droits.filter(ctx.in_period(date_col))
    return ctx.attach_foyer(d).with_columns(pl.col(date_col).dt.truncate("1mo").alias("mois"))


@register("entrees", label="Entrées dans le RSA",
          definition="Périodes de droit dont la date d'ouverture tombe dans la période.",
          unit="droits", format="entier", better=None, kind="count", unite_stat="foyer", tables=("droit",),
          criteres=("PDI-3.3",),
          dims=("situation_familiale", "mois"), theme="allocataires")
def entrees(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, _flow(ctx, "date_ouverture"), by)


@register("sorties", label="Sorties du RSA",
          definition="Périodes de droit dont la date de fin (premier jour sans droit) tombe dans "
                     "la période ; stock(fin) = stock(début − 1) + entrées − sorties.",
          unit="droits", format="entier", better=None, kind="count", unite_stat="foyer", tables=("droit",),
          criteres=("PDI-3.3",),
          dims=("motif_fin", "situation_familiale", "mois"), theme="allocataires")
def sorties(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, _flow(ctx, "date_fin"), by)
