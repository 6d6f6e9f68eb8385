"""The indicator registry: every indicator is declared once, here, with its metadata and its pure
function. Pages, exports, the definitions page and the CLI all read :data:`REGISTRY`.

An indicator function has the signature ``fn(ctx: Ctx, by: tuple[str, ...]) -> pl.LazyFrame`` and
returns the columns ``*by, valeur, effectif`` (+ ``numerateur`` for rates): ``effectif`` is the
number of *distinct statistical units* behind the value (the entry's ``unite_stat``: distinct
foyers behind a sum of payments, distinct persons behind five saisines), which is what the secret
statistique is judged on (:mod:`indicators.secret`). The aggregation helpers of
:mod:`indicators.aggregate` also return the private columns ``_cle`` (cell key of the set of units,
for the perturbation below the département level) and, for rates, ``_den``/``_num_u``/``_compl_u``
(denominator rows, distinct units in the numerator and in its complement). It never collects.

The registered function is wrapped so that, while it builds its plan, the aggregation helpers know
the statistical unit's id column (:data:`UNIT_KEYS`): an indicator declares its unit once, here.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Literal

import polars as pl

Kind = Literal["count", "rate", "mean", "median", "sum"]
Better = Literal["hausse", "baisse"] | None

# Profile dimensions that indicators built on persons can be broken down by.
PERSON_DIMS = ("sexe", "tranche_age", "situation_familiale", "role")
TERRITORY_DIMS = ("departement", "mdcs", "canton", "epci", "commune")

# Statistical units (what the secret statistique counts) → the id column that identifies one.
# FAJD: the contract gives the young person no identifier, the aide stands for the jeune (an
# upper bound of the number of jeunes: one jeune with two aides counts twice).
UNIT_KEYS = {"foyer": "id_foyer", "personne": "id_personne", "jeune": "id_aide",
             "action": "id_action"}
UNIT_LABELS = {"foyer": "foyers", "personne": "personnes", "jeune": "jeunes (aides)",
               "action": "actions"}
# Set by the registered wrapper while an indicator builds its plan (read by indicators.aggregate).
CURRENT_UNIT: ContextVar[str | None] = ContextVar("declik_unite_stat", default=None)


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
    unite_stat: str | None = None  # statistical unit (UNIT_KEYS): what ``effectif`` counts
    par_habitants: int | None = None  # a ratio per N inhabitants (valeur = N × count / population)

    @property
    def unit_key(self) -> str | None:
        return UNIT_KEYS.get(self.unite_stat or "")

    @property
    def allowed_by(self) -> tuple[str, ...]:
        return TERRITORY_DIMS + self.dims


REGISTRY: dict[str, Indicator] = {}


def register(id: str, *, label: str, definition: str, unit: str, format: str, better: Better,
             kind: Kind, tables: tuple[str, ...], fiche_action: str, dims: tuple[str, ...] = (),
             core: bool = True, theme: str = "", unite_stat: str | None = None,
             par_habitants: int | None = None):
    """Decorator: declare an indicator. Duplicated ids and unknown statistical units are refused
    at import time."""
    if unite_stat is not None and unite_stat not in UNIT_KEYS:
        raise ValueError(f"indicator {id!r}: unité statistique {unite_stat!r} inconnue "
                         f"(possibles : {', '.join(UNIT_KEYS)})")

    def deco(fn: Callable[..., pl.LazyFrame]) -> Callable[..., pl.LazyFrame]:
        if id in REGISTRY:
            raise ValueError(f"indicator {id!r} registered twice")
        key = UNIT_KEYS.get(unite_stat or "")

        @wraps(fn)
        def with_unit(*args, **kwargs) -> pl.LazyFrame:
            token = CURRENT_UNIT.set(key)
            try:
                return fn(*args, **kwargs)
            finally:
                CURRENT_UNIT.reset(token)

        REGISTRY[id] = Indicator(id, label, definition, unit, format, better, kind, tables,
                                 fiche_action, dims, with_unit, core, theme, unite_stat,
                                 par_habitants)
        return with_unit

    return deco


def core_ids() -> list[str]:
    return [i.id for i in REGISTRY.values() if i.core]
