"""What happens to people over time (orientation 1 « sorties positives et durables », axe 6, PDI
fiche 3 « cohorte de suivi du public »): the entrants of the period followed month by month, how
long their droit lasts (Kaplan-Meier with censoring), and whether those who leave come back.

The cohort is :func:`indicators.core.delais.entrants_delai`: the persons of the foyers whose droit
period opens in the window, each with that opening. At the end of month ``k`` after the opening
(``date_ouverture`` + k calendar months, ``mois_suivi`` = k, 0 to 24) a member observed that day
(≤ ``date_extraction``) is:

- *orienté*: its first orientation (as for the délai d'orientation) is dated on or before that day;
- *CER signé*: a CER of the person is signed between the opening and that day;
- *en action*: a participation of the person has started on or before that day and not ended
  before it (``date_sortie`` null or ≥ that day);
- *sorti du RSA*: the droit period has ended (``date_fin`` ≤ that day), with its ``motif_fin``.

A member not yet observed at month k (the day is after the extraction) is left out of month k and
later months (censoring): each month's share is over the members observed that day. Without the
``mois_suivi`` breakdown, an indicator gives month 12.

Exits and returns are counted on the cohort's droit periods (foyers, not persons): a droit that
ended is *followed by a return within n months* when the same foyer has another droit opening
on or after that end and at most n months after it; only ends at least n months before the
extraction are counted (the others cannot be judged yet). Time in the RSA: Kaplan-Meier on the
cohort's droit periods, from opening to ``date_fin`` (an event) or censored at the extraction
date when the droit is still open.
"""
from __future__ import annotations

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, days
from indicators.core.delais import entrants_delai
from indicators.core.orientation import keep_valid_codes
from indicators.registry import register
from indicators.survival import km_curve, median_of

MONTHS = 24
AT = 12  # the month an indicator gives without the ``mois_suivi`` breakdown
DIMS = ("mois_suivi",)


def members(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """The cohort with ``motif_fin`` of its droit and ``date_cer`` (first CER from the opening)."""
    e = keep_valid_codes(entrants_delai(ctx, tuple(b for b in by if b != "mois_suivi")),
                         tuple(b for b in by if b != "mois_suivi"))
    d = ctx.ext.lf("droit").select("id_droit", "motif_fin")
    e = e.join(d, on="id_droit", how="left")
    if ctx.ext.has("cer"):
        c = (e.select("id_droit", "id_personne", "date_ouverture")
             .join(ctx.ext.lf("cer").select("id_personne", "date_signature"), on="id_personne")
             .filter(pl.col("date_signature") >= pl.col("date_ouverture"))
             .group_by("id_droit", "id_personne").agg(pl.col("date_signature").min().alias("date_cer")))
        e = e.join(c, on=["id_droit", "id_personne"], how="left")
    else:
        e = e.with_columns(pl.lit(None, pl.Date).alias("date_cer"))
    return e


def monthly_status(ctx: Ctx, by: tuple[str, ...] = (), months: int = MONTHS) -> pl.LazyFrame:
    """One row per member and observed month ``mois_suivi`` with ``oriente``, ``cer``,
    ``en_action``, ``sorti`` (booleans) and ``motif_fin``."""
    m = members(ctx, by)
    k = pl.LazyFrame({"mois_suivi": list(range(months + 1))}, schema={"mois_suivi": pl.Int64})
    day = pl.col("date_ouverture").dt.offset_by(pl.format("{}mo", pl.col("mois_suivi")))
    s = (m.join(k, how="cross").with_columns(day.alias("_jour"))
         .filter(pl.col("_jour") <= pl.lit(ctx.date_extraction)))
    j = pl.col("_jour")
    s = s.with_columns((pl.col("date_orientation").is_not_null() & (pl.col("date_orientation") <= j))
                       .alias("oriente"),
                       (pl.col("date_cer").is_not_null() & (pl.col("date_cer") <= j)).alias("cer"),
                       (pl.col("date_fin").is_not_null() & (pl.col("date_fin") <= j)).alias("sorti"))
    if ctx.ext.has("participation"):
        p = ctx.ext.lf("participation").select("id_personne", "date_entree", "date_sortie")
        inside = (s.select("id_droit", "id_personne", "mois_suivi", "_jour")
                  .join(p, on="id_personne")
                  .filter((pl.col("date_entree") <= j)
                          & (pl.col("date_sortie").is_null() | (pl.col("date_sortie") >= j)))
                  .select("id_droit", "id_personne", "mois_suivi").unique()
                  .with_columns(pl.lit(True).alias("en_action")))
        s = s.join(inside, on=["id_droit", "id_personne", "mois_suivi"], how="left").with_columns(
            pl.col("en_action").fill_null(False))
    else:
        s = s.with_columns(pl.lit(None, pl.Boolean).alias("en_action"))
    return s


def _status_rate(ctx: Ctx, by: tuple[str, ...], flag: str) -> pl.LazyFrame:
    s = monthly_status(ctx, by)
    if "mois_suivi" not in by:
        s = s.filter(pl.col("mois_suivi") == AT)
    return agg.rate(ctx, s, pl.col(flag), by)


_COH = ("Cohorte des entrants de la période (personnes des foyers dont un droit s'ouvre dans la "
        "période), suivie mois par mois depuis l'ouverture ; chaque mois, sur les membres observés "
        "à cette date (les autres sont censurés). Sans ventilation par mois de suivi : 12 mois "
        "après l'ouverture. ")
COMMON = dict(unit="%", format="pourcentage", kind="rate", unite_stat="personne", dims=DIMS,
              core=False, theme="parcours", fiches=("PDI-3",))


@register("cohorte_part_orientes", label="Part des entrants orientés, selon le temps écoulé",
          definition=_COH + "Part dont la première orientation est intervenue.", better="hausse",
          tables=("droit", "personne", "orientation"), short="Entrants orientés (cohorte)", **COMMON)
def cohorte_part_orientes(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _status_rate(ctx, by, "oriente")


@register("cohorte_part_cer", label="Part des entrants ayant signé un CER, selon le temps écoulé",
          definition=_COH + "Part ayant signé un CER depuis l'ouverture du droit.", better="hausse",
          tables=("droit", "personne", "orientation", "cer"), short="Entrants avec un CER (cohorte)",
          **COMMON)
def cohorte_part_cer(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _status_rate(ctx, by, "cer")


@register("cohorte_part_en_action", label="Part des entrants en action d'insertion, selon le temps écoulé",
          definition=_COH + "Part ayant une participation en cours ce jour-là.", better="hausse",
          tables=("droit", "personne", "orientation", "action", "participation"),
          short="Entrants en action (cohorte)", **COMMON)
def cohorte_part_en_action(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _status_rate(ctx, by, "en_action")


@register("cohorte_part_sortis", label="Part des entrants sortis du RSA, selon le temps écoulé",
          definition=_COH + "Part dont le droit ouvert dans la période a pris fin.", better=None,
          tables=("droit", "personne", "orientation"), short="Entrants sortis du RSA (cohorte)",
          **COMMON)
def cohorte_part_sortis(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _status_rate(ctx, by, "sorti")


def cohort_droits(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """The cohort's droit periods (one row each, located by the foyer's territory)."""
    m = members(ctx, by)
    return m.unique("id_droit", keep="first")


@register("cohorte_sorties", label="Sorties du RSA des entrants de la période",
          definition="Droits ouverts dans la période (foyers entrants) qui ont pris fin au plus tard "
                     "à la date d'extraction, par motif de fin de droit.",
          unit="droits", format="entier", better=None, kind="count", unite_stat="foyer",
          tables=("droit", "personne", "orientation"), dims=("motif_fin",), core=False,
          theme="parcours", fiches=("PDI-3",), short="Sorties des entrants (cohorte)")
def cohorte_sorties(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    d = cohort_droits(ctx, by).filter(pl.col("date_fin").is_not_null()
                                      & (pl.col("date_fin") <= pl.lit(ctx.date_extraction)))
    return agg.count(ctx, d, by)


def with_return(ctx: Ctx, by: tuple[str, ...], months: int) -> pl.LazyFrame:
    """The cohort's ended droits that can be judged after ``months`` months, with ``retour``."""
    d = cohort_droits(ctx, by).filter(pl.col("date_fin").is_not_null())
    limit = pl.col("date_fin").dt.offset_by(f"{months}mo")
    d = d.filter(limit <= pl.lit(ctx.date_extraction))
    nxt = (d.select("id_droit", "id_foyer", "date_fin")
           .join(ctx.ext.lf("droit").select("id_foyer", pl.col("id_droit").alias("_autre"),
                                            pl.col("date_ouverture").alias("_ouv")), on="id_foyer")
           .filter((pl.col("_autre") != pl.col("id_droit")) & (pl.col("_ouv") >= pl.col("date_fin"))
                   & (pl.col("_ouv") <= limit))
           .select("id_droit").unique().with_columns(pl.lit(True).alias("retour")))
    return d.join(nxt, on="id_droit", how="left").with_columns(pl.col("retour").fill_null(False))


_RET = ("Parmi les droits des foyers entrants de la période qui ont pris fin au moins {n} mois "
        "avant la date d'extraction, part suivis d'un nouveau droit du même foyer ouvert dans "
        "les {n} mois après la fin.")


def _retours(months: int) -> dict:
    """The registry entry of the share of returns within ``months`` months (6 and 12)."""
    return dict(label=f"Part des sorties suivies d'un retour dans les {months} mois",
                definition=_RET.format(n=months), unit="%", format="pourcentage", better="baisse",
                kind="rate", unite_stat="foyer", tables=("droit", "personne", "orientation"),
                dims=("motif_fin",), core=False, theme="parcours", fiches=("PDI-3",),
                short=f"Retours dans les {months} mois")


def _part_retours(ctx: Ctx, by: tuple[str, ...], months: int) -> pl.LazyFrame:
    return agg.rate(ctx, with_return(ctx, by, months), pl.col("retour"), by)


@register("part_retours_6_mois", **_retours(6))
def part_retours_6_mois(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _part_retours(ctx, by, 6)


@register("part_retours_12_mois", **_retours(12))
def part_retours_12_mois(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _part_retours(ctx, by, 12)


def time_in_rsa(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """The cohort's droits with ``t`` (days from opening to end, or to the extraction date when
    still open: censored) and ``event`` (the droit ended)."""
    d = cohort_droits(ctx, by).filter(ctx.territory_filter())
    ext = pl.lit(ctx.date_extraction)
    ended = pl.col("date_fin").is_not_null() & (pl.col("date_fin") <= ext)
    t = pl.when(ended).then(days(pl.col("date_ouverture"), pl.col("date_fin"))).otherwise(
        days(pl.col("date_ouverture"), ext))
    return d.with_columns(ended.alias("event"), t.alias("t"))


def courbe_duree_rsa(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Kaplan-Meier curve of the time in the RSA of the cohort's droits."""
    return km_curve(time_in_rsa(ctx, by), by)


@register("duree_droit_km_median_j", label="Durée médiane dans le RSA des entrants (Kaplan-Meier)",
          definition="Médiane de Kaplan-Meier de la durée des droits ouverts dans la période, de "
                     "l'ouverture à la fin du droit ; un droit encore ouvert est censuré à la date "
                     "d'extraction. Vide tant que moins de la moitié des droits ont pris fin.",
          unit="jours", format="jours", better=None, kind="median", unite_stat="foyer",
          tables=("droit", "personne", "orientation"), core=False, theme="parcours",
          fiches=("PDI-3",), short="Durée médiane dans le RSA")
def duree_droit_km_median_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return median_of(ctx, time_in_rsa(ctx, by), by, "id_foyer")
