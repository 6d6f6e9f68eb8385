"""Rates per 1 000 inhabitants (population municipale of the territorial référentiel).

Two ways in:
- :func:`per_1000_inhabitants`, a pure frame operation: give it any count frame broken down by one
  territory level (column named like the level: ``mdcs``, ``canton``, ...) and it adds
  ``population`` and ``pour_1000_hab``. Works on a LazyFrame (stays lazy) or a DataFrame.
- Registered indicators ``foyers_beneficiaires_pour_1000_hab`` and ``personnes_sdd_pour_1000_hab``
  (non-core), so that pages, maps and :mod:`indicators.compare` treat them like any other
  indicator. Their ``valeur`` is ``1000 × numerateur / population``; ``numerateur`` and
  ``effectif`` are the count (so that the secret statistique, judged on ``effectif``, hides a ratio
  whose count is below the threshold: the population being public, the ratio would reveal it), and
  ``population`` is an extra column. Registered with kind ``mean`` and format ``decimal`` (the
  registry keeps kind ``rate`` for fractions in [0, 1] shown as percentages; ``mean`` gets the
  same masking rule); :mod:`indicators.compare` recognises them by their ``population`` column.

Special codes (canton "ND", "INCONNU") have no population: their rate is null. Canton populations
of the split communes (Blois, Le Controis-en-Sologne) are the référentiel's estimates.
A breakdown may hold at most one territory level; without one, the population is that of the
context's territory.
"""
from __future__ import annotations

from typing import TypeVar

import polars as pl

from data.referentiel import Referentiel
from indicators.context import Ctx
from indicators.core.stocks import FOYER_DIMS, foyers_beneficiaires, personnes_sdd
from indicators.registry import PERSON_DIMS, TERRITORY_DIMS, register

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def populations(ref: Referentiel, niveau: str) -> pl.DataFrame:
    """``<niveau>``, ``population`` of every unit of the level."""
    return ref.units(niveau).select(pl.col("code").alias(niveau),
                                    pl.col("population").cast(pl.Int64))


def per_1000_inhabitants(counts: Frame, ref: Referentiel, niveau: str, value_col: str = "valeur",
                         out_col: str = "pour_1000_hab") -> Frame:
    """Add ``population`` and ``out_col = 1000 × value_col / population`` to a frame broken down
    by the territory level ``niveau`` (for ``departement`` the column may be absent)."""
    names = counts.collect_schema().names()
    pops = populations(ref, niveau)
    if niveau not in names:
        if niveau != "departement":
            raise ValueError(f"Le tableau n'a pas de colonne « {niveau} » : impossible de le "
                             f"rapporter à la population.")
        j = counts.with_columns(pl.lit(int(pops["population"][0])).alias("population"))
    else:
        right = pops.lazy() if isinstance(counts, pl.LazyFrame) else pops
        j = counts.join(right, on=niveau, how="left", maintain_order="left")
    return j.with_columns(
        pl.when(pl.col("population") > 0)
        .then(1000 * pl.col(value_col).cast(pl.Float64) / pl.col("population"))
        .otherwise(None).alias(out_col))


def territory_population(ctx: Ctx) -> int:
    t = ctx.territoire
    units = ctx.ref.units(t.niveau)
    if t.is_departement:
        return int(units["population"][0])
    row = units.filter(pl.col("code") == t.code)
    return int(row["population"][0]) if row.height and row["population"][0] is not None else 0


def _per_1000(ctx: Ctx, counts: pl.LazyFrame, by: tuple[str, ...]) -> pl.LazyFrame:
    levels = [b for b in by if b in TERRITORY_DIMS]
    if len(levels) > 1:
        raise ValueError("Un taux pour 1 000 habitants se ventile par un seul niveau territorial "
                         f"à la fois (demandé : {', '.join(levels)}).")
    if levels:
        j = counts.join(populations(ctx.ref, levels[0]).lazy(), on=levels[0], how="left")
    else:
        j = counts.with_columns(pl.lit(territory_population(ctx), dtype=pl.Int64).alias("population"))
    return j.with_columns(
        pl.col("valeur").cast(pl.Int64).alias("numerateur"),
        pl.col("valeur").cast(pl.Int64).alias("effectif"),
        pl.when(pl.col("population") > 0)
        .then(1000 * pl.col("valeur").cast(pl.Float64) / pl.col("population"))
        .otherwise(None).alias("valeur"),
    ).select(*by, "valeur", "effectif", "numerateur", "population",
             *[c for c in ("_cle",) if c in j.collect_schema().names()])


@register("foyers_beneficiaires_pour_1000_hab", label="Foyers bénéficiaires pour 1 000 habitants",
          definition="Foyers bénéficiaires du RSA au dernier jour de la période pour 1 000 "
                     "habitants (population municipale du référentiel territorial).",
          unit="pour 1 000 habitants", format="decimal", better=None, kind="mean", unite_stat="foyer",
          tables=("droit", "foyer"),
          short="Foyers pour 1 000 habitants", nature="stock", carte=4, variant_of="foyers_beneficiaires",
          dims=FOYER_DIMS, core=False, theme="allocataires")
def foyers_beneficiaires_pour_1000_hab(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _per_1000(ctx, foyers_beneficiaires(ctx, by), by)


@register("personnes_sdd_pour_1000_hab", label="Personnes SDD pour 1 000 habitants",
          definition="Personnes soumises aux droits et devoirs au dernier jour de la période pour "
                     "1 000 habitants (population municipale du référentiel territorial).",
          unit="pour 1 000 habitants", format="decimal", better=None, kind="mean", unite_stat="personne",
          tables=("droit", "foyer", "personne"),
          nature="stock", carte=2, variant_of="personnes_sdd",
          dims=PERSON_DIMS + ("anciennete",), core=False, theme="allocataires")
def personnes_sdd_pour_1000_hab(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
    return _per_1000(ctx, personnes_sdd(ctx, by), by)
