"""Actions d'insertion: participants, sorties and their outcome classes, places and budgets.

All indicators need both ``action`` and ``participation`` (the contract's rule for the four core
ones, kept for the others so that the page says "non disponible" consistently).

Choices where the contract is silent (also in the registry definitions):
- Participations and exits are located by the *person's* current foyer, like every person record.
- ``classe_resultat`` (breakdown) is the DARES class of ``resultat``; an exit whose ``resultat`` is
  NULL or not a contract code has class ``non_renseigne``: it counts in ``sorties_actions`` (and
  shows in the outcome breakdown) but in neither rate.
- An action belongs to the period when its ``annee`` is one of the calendar years the period
  touches (``year(debut) <= annee <= year(fin)``): a period of March–May 2024 takes the 2024
  actions' places and budgets whole (they are annual figures, not pro-rated).
- An action is located by its ``commune_insee`` when it has one (a split commune gives canton
  "ND"), else by its ``territoire`` key (``mdcs:VEN`` fills the MDCS column only, ``canton:…`` the
  canton, ``epci:…`` the EPCI, ``commune:…`` as a commune); a ``departement`` action, or one whose
  key names no unit of the référentiel, counts at département level only (finer columns INCONNU).
- ``cout_par_sortie_dynamique``: ``budget_realise`` of the period's actions over the sorties
  dynamiques (exits dated in the period) *of those same actions*, both located by the action, so
  that a territory's cost compares its own spending with its own outcomes.
"""
from __future__ import annotations

import polars as pl

from data.referentiel import INCONNU
from data.schema import CATEGORIES_ACTION, CLASSE_DU_RESULTAT, RESULTATS
from indicators import aggregate as agg
from indicators.context import Ctx
from indicators.core.dims import keep_valid_codes, month_of, with_person
from indicators.registry import PERSON_DIMS, register

ACTION_DIMS = ("categorie", "fiche_action", "orientation_pdi", "axe_pdi", "porteur", "id_action")
CODES = {"categorie": (CATEGORIES_ACTION, False),
         "orientation_pdi": (tuple(range(1, 5)), False),
         "axe_pdi": (tuple(range(1, 15)), False), "resultat": (RESULTATS, True)}
CLASSES_DYNAMIQUES = ("emploi_durable", "emploi_transition", "sortie_positive")
CLASSES_CONNUES_NON_NEUTRALISEES = CLASSES_DYNAMIQUES + ("autre_sortie",)
NON_RENSEIGNE = "non_renseigne"
TABLES = ("action", "participation")


def _classe(col: str = "resultat") -> pl.Expr:
    return (pl.col(col).replace_strict(CLASSE_DU_RESULTAT, default=NON_RENSEIGNE,
                                       return_dtype=pl.Utf8).alias("classe_resultat"))


def _action_dims(by: tuple[str, ...]) -> list[str]:
    """The action columns a breakdown needs from ``action`` (``id_action`` is already there)."""
    return [b for b in by if b in ACTION_DIMS and b != "id_action"]


def participations(ctx: Ctx, by: tuple[str, ...], date_filter: pl.Expr) -> pl.LazyFrame:
    """Participations matching ``date_filter`` with the person's territory, requested person and
    action dims, ``classe_resultat`` and ``mois`` (of the exit)."""
    p = ctx.ext.lf("participation").filter(date_filter).with_columns(
        _classe(), month_of("date_sortie"))
    dims = _action_dims(by)
    if dims:
        a = ctx.ext.lf("action").unique("id_action", keep="first").select("id_action", *dims)
        p = p.join(a, on="id_action", how="left")
    return keep_valid_codes(with_person(ctx, p, by), by, CODES)


def _overlaps(ctx: Ctx) -> pl.Expr:
    if ctx.window_empty:
        return pl.lit(False)
    return ((pl.col("date_entree") <= pl.lit(ctx.fin))
            & (pl.col("date_sortie").is_null() | (pl.col("date_sortie") >= pl.lit(ctx.debut))))


def exits(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame:
    return participations(ctx, by, ctx.in_period("date_sortie"))


def actions_of_period(ctx: Ctx) -> pl.LazyFrame:
    """Actions whose ``annee`` is a calendar year touched by the period, with the action's
    territory columns (see the module docstring)."""
    a = ctx.ext.lf("action").unique("id_action", keep="first")
    if ctx.window_empty:
        a = a.filter(pl.lit(False))
    else:
        a = a.filter(pl.col("annee").is_between(ctx.debut.year, ctx.fin.year))
    key = pl.col("territoire").fill_null("")
    niveau = key.str.split_exact(":", 1).struct.field("field_0")
    code = key.str.split_exact(":", 1).struct.field("field_1")
    a = a.with_columns(niveau.alias("_niveau"), code.alias("_code"),
                       pl.col("commune_insee").alias("_commune_declaree"))
    a = a.with_columns(pl.coalesce(
        pl.col("_commune_declaree"),
        pl.when(pl.col("_niveau") == "commune").then(pl.col("_code"))).alias("commune_insee"))
    a = ctx.with_commune_territory(a.drop([c for c in ctx.territory_cols
                                           if c in a.collect_schema().names()]))
    no_commune = pl.col("commune_insee").is_null()
    overrides = [pl.when(no_commune & (pl.col("_niveau") == lvl)
                         & pl.col("_code").is_in(ctx.ref.units(lvl)["code"].to_list()))
                 .then(pl.col("_code"))
                 .when(no_commune).then(pl.lit(INCONNU)).otherwise(pl.col(lvl)).alias(lvl)
                 for lvl in ctx.territory_cols if lvl not in ("departement", "commune")]
    return a.with_columns(overrides).drop("_niveau", "_code", "_commune_declaree")


@register("participants_actions", label="Participants aux actions d'insertion",
          definition="Personnes distinctes ayant une participation qui chevauche la période "
                     "(entrée au plus tard à la fin, sortie absente ou au plus tôt au début).",
          unit="personnes", format="entier", better="hausse", kind="count", unite_stat="personne", tables=TABLES,
          short="Participants aux actions", carte=10,
          criteres=("PDI-18.2", "PDI-20.4", "PDI-27.1", "PDI-30.3", "PDI-38.2", "PDI-43.1"),
          dims=ACTION_DIMS + PERSON_DIMS, theme="actions")
def participants_actions(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, participations(ctx, by, _overlaps(ctx)), by, distinct="id_personne")


@register("sorties_actions", label="Sorties des actions d'insertion",
          definition="Participations dont la date de sortie tombe dans la période, y compris "
                     "celles dont le résultat est absent ou hors contrat (classe « non "
                     "renseigné »).",
          unit="sorties", format="entier", better=None, kind="count", unite_stat="personne", tables=TABLES,
          short="Sorties des actions", criteres=("PDI-8.2", "PDI-18.4", "PDI-43.1"),
          dims=("classe_resultat", "resultat", "mois") + ACTION_DIMS + PERSON_DIMS, theme="actions")
def sorties_actions(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, exits(ctx, by), by)


def _exit_rate(ctx: Ctx, by: tuple[str, ...], classes: tuple[str, ...]) -> pl.LazyFrame:
    e = exits(ctx, by).filter(pl.col("classe_resultat").is_in(list(CLASSES_CONNUES_NON_NEUTRALISEES)))
    return agg.rate(ctx, e, pl.col("classe_resultat").is_in(list(classes)), by)


@register("taux_sorties_dynamiques", label="Taux de sorties dynamiques",
          definition="Sorties de la période hors sorties neutralisées (déménagement, santé) et hors "
                     "résultat inconnu : part en emploi durable, emploi de transition ou sortie "
                     "positive (classification DARES).",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne", tables=TABLES,
          carte=9, criteres=("PDI-6.2", "PDI-43.1"), dims=("mois",) + ACTION_DIMS + PERSON_DIMS,
          theme="actions")
def taux_sorties_dynamiques(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _exit_rate(ctx, by, CLASSES_DYNAMIQUES)


@register("taux_emploi_durable", label="Taux de sorties en emploi durable",
          definition="Même dénominateur que le taux de sorties dynamiques : part des sorties en "
                     "emploi durable (CDI, CDD de 6 mois ou plus, création d'entreprise).",
          unit="%", format="pourcentage", better="hausse", kind="rate", unite_stat="personne", tables=TABLES,
          short="Sorties en emploi durable", criteres=("PDI-5.2", "PDI-43.1"),
          dims=("mois",) + ACTION_DIMS + PERSON_DIMS, theme="actions")
def taux_emploi_durable(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _exit_rate(ctx, by, ("emploi_durable",))


@register("duree_participation_moyenne_j", label="Durée moyenne de participation à une action",
          definition="Participations sorties dans la période : nombre moyen de jours entre l'entrée "
                     "et la sortie de l'action (une sortie antérieure à l'entrée est écartée).",
          unit="jours", format="jours", better=None, kind="mean", unite_stat="personne", tables=TABLES,
          short="Durée moyenne de participation", criteres=("PDI-18.3", "PDI-43.1"),
          dims=("mois",) + ACTION_DIMS + PERSON_DIMS, core=False, theme="actions")
def duree_participation_moyenne_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    e = exits(ctx, by).filter(pl.col("date_sortie") >= pl.col("date_entree"))
    return agg.stat(ctx, e, (pl.col("date_sortie") - pl.col("date_entree")).dt.total_days(), by, "mean")


def _action_sum(ctx: Ctx, col: str, by: tuple[str, ...]) -> pl.LazyFrame:
    a = keep_valid_codes(actions_of_period(ctx), by, CODES)
    return agg.total(ctx, a, pl.col(col), by)


_PERIOD_NOTE = (" Actions de la ou des années civiles que touche la période (montants annuels, "
                "non proratisés), localisées par leur commune ou, à défaut, leur territoire.")


@register("nombre_actions", label="Actions d'insertion",
          definition="Actions (une ligne par action et par année) des années de la période." + _PERIOD_NOTE,
          unit="actions", format="entier", better=None, kind="count", unite_stat="action", tables=TABLES,
          short="Actions d'insertion", criteres=("PDI-6.1",), fiches=("PDI-41",),
          dims=ACTION_DIMS + ("annee",), core=False, theme="actions")
def nombre_actions(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return agg.count(ctx, keep_valid_codes(actions_of_period(ctx), by, CODES), by)


@register("places_prevues", label="Places prévues dans les actions",
          definition="Somme des places prévues des actions de la période." + _PERIOD_NOTE,
          unit="places", format="entier", better="hausse", kind="sum", unite_stat="action", tables=TABLES,
          short="Places prévues", criteres=("PDI-43.1",), fiches=("PDI-41",),
          dims=ACTION_DIMS + ("annee",), core=False, theme="actions")
def places_prevues(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _action_sum(ctx, "places_prevues", by)


@register("budget_prevu", label="Budget prévu des actions",
          definition="Somme des budgets prévus des actions de la période." + _PERIOD_NOTE,
          unit="€", format="euros", better=None, kind="sum", unite_stat="action", tables=TABLES,
          short="Budget prévu des actions", criteres=("PDI-43.1",), fiches=("PDI-41",),
          dims=ACTION_DIMS + ("annee",), core=False, theme="actions")
def budget_prevu(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _action_sum(ctx, "budget_prevu", by)


@register("budget_realise", label="Budget réalisé des actions",
          definition="Somme des budgets réalisés des actions de la période." + _PERIOD_NOTE,
          unit="€", format="euros", better=None, kind="sum", unite_stat="action", tables=TABLES,
          short="Budget réalisé des actions", criteres=("PDI-43.1",), fiches=("PDI-41",),
          dims=ACTION_DIMS + ("annee",), core=False, theme="actions")
def budget_realise(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _action_sum(ctx, "budget_realise", by)


@register("cout_par_sortie_dynamique", label="Coût par sortie dynamique",
          definition="Budget réalisé des actions de la période divisé par le nombre de sorties "
                     "dynamiques (datées dans la période) de ces mêmes actions ; les deux sont "
                     "localisés par l'action." + _PERIOD_NOTE,
          undefined="Non défini sans sortie dynamique ou sans budget réalisé renseigné.",
          unit="€", format="euros", better="baisse", kind="mean", unite_stat="personne", tables=TABLES,
          criteres=("PDI-43.1",), fiches=("PDI-41",), dims=ACTION_DIMS, core=False, theme="actions")
def cout_par_sortie_dynamique(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    a = keep_valid_codes(actions_of_period(ctx), by, CODES).filter(ctx.territory_filter())
    by_l = list(by)
    dyn = (ctx.ext.lf("participation").filter(ctx.in_period("date_sortie")).with_columns(_classe())
           .filter(pl.col("classe_resultat").is_in(list(CLASSES_DYNAMIQUES)))
           .join(a.select(*dict.fromkeys(["id_action", *by_l])), on="id_action", how="inner"))
    money = [pl.col("budget_realise").sum().alias("_budget"),
             pl.col("budget_realise").is_not_null().sum().alias("_n_budget")]
    # the value divides by the exits; the secret counts the distinct persons who made them
    dyn = agg.keyed(ctx, dyn, "id_personne")
    nb = [pl.col("id_personne").drop_nulls().n_unique().cast(pl.Int64).alias("effectif"),
          pl.len().cast(pl.Int64).alias("_sorties"), *agg.cell_key(ctx, "id_personne")]
    if by_l:
        num = a.group_by(by_l).agg(money)
        den = dyn.group_by(by_l).agg(nb)
        j = num.join(den, on=by_l, how="full", coalesce=True, nulls_equal=True)
    else:
        j = a.select(money).join(dyn.select(nb), how="cross")
    j = j.with_columns(pl.col("effectif").fill_null(0), pl.col("_sorties").fill_null(0),
                       pl.col("_n_budget").fill_null(0))
    out = j.with_columns(
        pl.when((pl.col("_sorties") > 0) & (pl.col("_n_budget") > 0))
        .then(pl.col("_budget") / pl.col("_sorties")).otherwise(None).cast(pl.Float64)
        .alias("valeur"))
    out = out.select(*by_l, "valeur", "effectif", *(["_cle"] if ctx.settings.perturbation else []))
    return out.sort(by_l, nulls_last=True) if by_l else out
