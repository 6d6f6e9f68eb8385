"""The indicator registry: every indicator is declared once, here, with its metadata and its pure
function. Pages, exports, the definitions page and the CLI all read :data:`REGISTRY`.

An indicator function has the signature ``fn(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame`` and
returns the columns ``*by, valeur, effectif`` (+ ``numerateur`` for rates): ``effectif`` is the
count the secret statistique is judged on (the count itself, or the denominator of a rate / mean /
median, or the rows of a sum). It never collects.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from data import niveaux

Kind = Literal["count", "rate", "mean", "median", "sum"]
Better = Literal["hausse", "baisse"] | None

# Profile dimensions that indicators built on persons can be broken down by.
PERSON_DIMS = ("sexe", "tranche_age", "situation_familiale", "role")
# Every territorial level the application knows (data/referentiel/niveaux.csv, data.niveaux).
TERRITORY_DIMS = niveaux.ids()


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    definition: str
    unit: str  # "foyers", "personnes", "jours", "%", "€", "saisines", ...
    format: Literal["entier", "pourcentage", "jours", "euros", "decimal"]
    better: Better
    kind: Kind
    tables: tuple[str, ...]  # source tables; if one is absent the indicator is null
    fiche_action: str  # PDI orientation / fiche action / critère d'évaluation served
    dims: tuple[str, ...]  # breakdowns allowed besides territory and "mois"
    func: Callable[..., pl.LazyFrame]
    core: bool = True  # in the contract's core list (CLI compute)
    theme: str = ""

    @property
    def allowed_by(self) -> tuple[str, ...]:
        return TERRITORY_DIMS + self.dims


REGISTRY: dict[str, Indicator] = {}


def register(id: str, *, label: str, definition: str, unit: str, format: str, better: Better,
             kind: Kind, tables: tuple[str, ...], fiche_action: str, dims: tuple[str, ...] = (),
             core: bool = True, theme: str = ""):
    """Decorator: declare an indicator. Duplicated ids are refused at import time."""

    def deco(fn: Callable[..., pl.LazyFrame]) -> Callable[..., pl.LazyFrame]:
        if id in REGISTRY:
            raise ValueError(f"indicator {id!r} registered twice")
        REGISTRY[id] = Indicator(id, label, definition, unit, format, better, kind, tables,
                                 fiche_action, dims, fn, core, theme)
        return fn

    return deco


def core_ids() -> list[str]:
    return [i.id for i in REGISTRY.values() if i.core]
