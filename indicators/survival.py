"""Kaplan-Meier estimate of the time to orientation of the entrants, in pure polars.

Each entrant of the window (see :func:`indicators.core.delais.entrants_delai`) is observed from the
opening of its droit period:

- oriented (a qualifying first orientation exists): an *event* at ``delai_j`` days;
- not yet oriented, droit still open at ``date_extraction``: *censored* at
  ``date_extraction − date_ouverture`` days;
- droit ended before any orientation: *censored at the end of the droit period*, on its last
  entitled day (``date_fin − 1 − date_ouverture`` days): an orientation on or after ``date_fin``
  does not count for this entrant, so the entrant stops being at risk after that day. (Choice of
  ours: the contract does not say; treating such entrants as "never oriented" would bias the
  curve down, dropping them would bias it up.)

The curve has one row per distinct observed time ``t`` (event or censoring): ``at_risk`` (entrants
with an observed time ≥ t), ``events``, ``censored``, ``survival`` = Π (1 − events / at_risk) up to
t. The median is the smallest ``t`` with ``survival ≤ 0.5`` (as lifelines), null when the curve
never reaches 0.5.
"""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, days
from indicators.core.delais import ENTRANT_DIMS, entrants_delai
from indicators.core.orientation import keep_valid_codes
from indicators.registry import register


def km_curve(lf: pl.LazyFrame, by: Sequence[str] = (), t: str = "t", event: str = "event") -> pl.LazyFrame:
    """Kaplan-Meier curve of a frame with a duration column ``t`` and a boolean ``event``,
    computed separately for each group of ``by``: ``*by, t, at_risk, events, censored, survival``."""
    by = list(by)
    g = (lf.filter(pl.col(t).is_not_null())
         .group_by([*by, t])
         .agg(pl.col(event).fill_null(False).sum().cast(pl.Int64).alias("events"),
              pl.len().cast(pl.Int64).alias("_n"))
         .sort([*by, t]))

    def win(e: pl.Expr) -> pl.Expr:
        return e.over(by) if by else e

    at_risk = win(pl.col("_n").sum()) - win(pl.col("_n").cum_sum()) + pl.col("_n")
    g = g.with_columns(at_risk.alias("at_risk"))
    g = g.with_columns((pl.col("_n") - pl.col("events")).alias("censored"),
                       win((1.0 - pl.col("events") / pl.col("at_risk")).cum_prod()).alias("survival"))
    return g.select(*by, t, "at_risk", "events", "censored", "survival")


def km_median(curve: pl.LazyFrame, by: Sequence[str] = (), t: str = "t") -> pl.LazyFrame:
    """Smallest ``t`` where the survival falls to 0.5 or below (null if never), per group."""
    v = pl.col(t).filter(pl.col("survival") <= 0.5).min().cast(pl.Float64).alias("valeur")
    if by:
        return curve.group_by(list(by)).agg(v)
    return curve.select(v)


def entrants_survie(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Entrants of the window inside the territory with ``t`` (days) and ``event``."""
    e = keep_valid_codes(entrants_delai(ctx, by), by).filter(ctx.territory_filter())
    ext = pl.lit(ctx.date_extraction)
    censor = pl.min_horizontal(days(pl.col("date_ouverture"), pl.col("date_fin")) - 1,
                               days(pl.col("date_ouverture"), ext))
    return e.with_columns(pl.col("delai_j").is_not_null().alias("event"),
                          pl.coalesce(pl.col("delai_j"), censor).alias("t"))


def courbe_orientation(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Kaplan-Meier curve of the time to orientation of the entrants (see the module doc)."""
    return km_curve(entrants_survie(ctx, by), by)


def median_of(ctx: Ctx, e: pl.LazyFrame, by: Sequence[str], unit: str) -> pl.LazyFrame:
    """``*by, valeur, effectif`` (+ the cell key ``_cle``): the Kaplan-Meier median of the
    durations of ``e`` and the number of *distinct* statistical units behind it (``unit``: their
    id column; a person entering twice is one person, :mod:`indicators.secret`)."""
    med = km_median(km_curve(e, by), by)
    e = agg.keyed(ctx, e, unit, by)
    units = [pl.col(unit).drop_nulls().n_unique().cast(pl.Int64).alias("effectif"),
             *agg.cell_key(ctx, unit, by)]
    extra = ["_cle"] if agg.perturbed(ctx, by) else []
    if by:
        return (e.group_by(list(by)).agg(units).join(med, on=list(by), how="left")
                .select(*by, "valeur", "effectif", *extra).sort(list(by), nulls_last=True))
    return pl.concat([med, e.select(units)], how="horizontal").select("valeur", "effectif", *extra)


def mediane_orientation(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    """``*by, valeur, effectif``: Kaplan-Meier median (days) and number of entrants (persons)."""
    return median_of(ctx, entrants_survie(ctx, by), by, "id_personne")


@register("delai_orientation_km_median_j",
          label="Délai médian d'orientation des entrants (Kaplan-Meier)",
          definition="Médiane de Kaplan-Meier du temps entre l'ouverture du droit et la première "
                     "orientation des entrants de la période : les entrants pas encore orientés "
                     "sont censurés à la date d'extraction, ceux dont le droit a pris fin sans "
                     "orientation au dernier jour de ce droit. Vide si moins de la moitié des "
                     "entrants sont orientés au terme de l'observation.",
          unit="jours", format="jours", better="baisse", kind="median", unite_stat="personne",
          tables=("droit", "personne", "orientation"),
          target="delai_orientation", criteres=("PDI-1.2",),
          dims=ENTRANT_DIMS, core=False, theme="orientations")
def delai_orientation_km_median_j(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return mediane_orientation(ctx, by)
