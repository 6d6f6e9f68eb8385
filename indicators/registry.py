"""The indicator registry: every indicator is declared once, here, with its metadata and its pure
function. Pages, exports, maps, sentences, the definitions page and the CLI all read
:data:`REGISTRY` — an indicator's short label, legal target, national reference, stock/flux nature,
place on the maps and PDI fiches are fields of its entry, nowhere else.

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

:func:`register` refuses, at import time, a duplicated id or short label, a PDI fiche or criterion
that is not in the plan (:mod:`data.plan`), a legal target that is unknown or has no source, and a
per-population variant of an unknown indicator.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Literal

import polars as pl

from data import niveaux
from data import plan as pdi

Kind = Literal["count", "rate", "mean", "median", "sum"]
Better = Literal["hausse", "baisse"] | None
Nature = Literal["stock", "flux"]

# Profile dimensions that indicators built on persons can be broken down by.
PERSON_DIMS = ("sexe", "tranche_age", "situation_familiale", "role")
# Every territorial level the application knows (data/referentiel/niveaux.csv, data.niveaux).
TERRITORY_DIMS = niveaux.ids()

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
class Target:
    """A legal or policy target (its value is ``settings.objectifs.<setting>``, in days)."""
    id: str
    setting: str  # field of settings.Objectifs
    label: str  # « Délai légal d'orientation »
    source: str  # the text that sets it
    objet: str = ""  # what must happen within it, for sentences: « l'orientation »


# The targets an indicator can name (config.toml ``[objectifs]`` holds their values).
TARGETS: dict[str, Target] = {t.id: t for t in (
    Target("delai_orientation", "delai_orientation_j", "Délai légal d'orientation",
           "CASF D.262-65-2, décret 2024-1244", "l'orientation"),
    Target("delai_contrat", "delai_contrat_j", "Délai légal du contrat",
           "Code du travail D.5411-14-1", "la signature du contrat"),
    Target("delai_avis_ep", "delai_avis_ep_j", "Délai d'avis de l'EP",
           "CASF, rédaction antérieure à 2025", "l'avis de l'équipe pluridisciplinaire"),
)}


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
    dims: tuple[str, ...]  # breakdowns allowed besides territory and "mois"
    func: Callable[..., pl.LazyFrame]
    core: bool = True  # in the contract's core list (CLI compute)
    theme: str = ""
    short: str = ""  # card / menu title (defaults to the label)
    nature: Nature = "flux"  # "stock": measured on the last day of the period
    target: str | None = None  # id in TARGETS: the value is compared with it
    target_in_definition: bool = False  # the target is the délai used in the definition
    reference: str | None = None  # id of a config.toml [[references]] (national value)
    carte: int | None = None  # rank in the maps' menu; None = not offered on the maps
    variant_of: str | None = None  # the indicator this one divides per 1 000 inhabitants
    window_dependent: bool = False  # a month's value depends on the window's end
    fiches: tuple[str, ...] = ()  # PDI fiches served: "PDI-1", "PTI-4"
    criteres: tuple[str, ...] = ()  # criteria measured: "PDI-1.2" (2nd critère of PDI-1)
    unite_stat: str | None = None  # statistical unit (UNIT_KEYS): what ``effectif`` counts
    undefined: str | None = None  # why the value can be undefined (said under a card's « – »)

    @property
    def undefined_text(self) -> str:
        """What a card, a pack or a table says under a value that is neither masked nor
        measured (« – »): the indicator's own reason, or that nothing was there to measure."""
        return self.undefined or "Non défini sur la période : aucun cas à mesurer."

    @property
    def unit_key(self) -> str | None:
        return UNIT_KEYS.get(self.unite_stat or "")

    @property
    def allowed_by(self) -> tuple[str, ...]:
        return TERRITORY_DIMS + self.dims

    @property
    def is_stock(self) -> bool:
        return self.nature == "stock"

    @property
    def mappable(self) -> bool:
        return self.carte is not None

    @property
    def per_population(self) -> bool:
        return self.variant_of is not None

    def fiches_text(self, plan=pdi.DEFAULT) -> str:
        """The fiches served in the configured ``plan`` (:func:`data.plan.plan_of`; ``None``: no
        plan configured), in words: « PDI 1 — Consolidation … ; PTI 1 — … », « Hors fiches
        actions du PDI (indicateur de contexte) », or « Aucun plan d'action configuré »."""
        if not self.fiches:
            return "Hors fiches actions du PDI (indicateur de contexte)"
        p = pdi.resolve(plan)
        if p is None:
            return NO_PLAN_TEXT
        return " ; ".join(p.fiches[f].libelle for f in self.fiches if f in p.fiches) or \
            "Hors fiches actions de ce plan"

    @property
    def fiche_action(self) -> str:
        """:meth:`fiches_text` in the default configuration's plan."""
        return self.fiches_text()

    def orientations_in(self, plan=pdi.DEFAULT) -> tuple[int, ...]:
        """The orientations of ``plan`` of the fiches served (a fiche's second one included)."""
        p = pdi.resolve(plan)
        if p is None:
            return ()
        return tuple(sorted({o for f in self.fiches if f in p.fiches
                             for o in p.fiches[f].orientations}))

    @property
    def orientations(self) -> tuple[int, ...]:
        return self.orientations_in()


REGISTRY: dict[str, Indicator] = {}


class RegistryError(ValueError):
    """A registry entry contradicts another one or the PDI table (raised at import time)."""


NO_PLAN_TEXT = "Aucun plan d'action configuré"


def _fiches(id: str, fiches: tuple[str, ...], criteres: tuple[str, ...]) -> tuple[str, ...]:
    """The fiches served (a criterion's fiche added). Only the form of the ids is checked here:
    no plan file is read at import (a département may configure no plan, or its own); their
    presence in the configured plan is :func:`unknown_in_plan`."""
    for f in fiches:
        if pdi.FICHE_RE.match(f) is None:
            raise RegistryError(f"indicateur {id!r} : fiche action mal écrite {f!r} (PDI-1, PTI-4…)")
    out = list(fiches)
    for c in criteres:
        m = pdi.CRITERE_RE.match(c)
        if m is None:
            raise RegistryError(f"indicateur {id!r} : critère d'évaluation mal écrit {c!r} "
                                "(PDI-1.2…)")
        if m[1] not in out:
            out.append(m[1])
    return tuple(out)


def unknown_in_plan(plan) -> list[str]:
    """French messages for every registry fiche or criterion absent from ``plan`` (the
    configured one, :func:`data.plan.plan_of`); empty when ``plan`` is None (none configured)."""
    if plan is None:
        return []
    out = []
    for ind in REGISTRY.values():
        out += [f"indicateur {ind.id!r} : fiche action inconnue du plan {f!r}"
                for f in ind.fiches if f not in plan.fiches]
        out += [f"indicateur {ind.id!r} : critère d'évaluation inconnu du plan {c!r}"
                for c in ind.criteres if c not in plan.criteres]
    return out


def register(id: str, *, label: str, definition: str, unit: str, format: str, better: Better,
             kind: Kind, tables: tuple[str, ...], dims: tuple[str, ...] = (),
             core: bool = True, theme: str = "", short: str = "", nature: Nature = "flux",
             target: str | None = None, target_in_definition: bool = False,
             reference: str | None = None, carte: int | None = None,
             variant_of: str | None = None, window_dependent: bool = False,
             fiches: tuple[str, ...] = (), criteres: tuple[str, ...] = (),
             unite_stat: str | None = None, undefined: str | None = None):
    """Decorator: declare an indicator, validated against the registry and the PDI table.
    ``unite_stat``: the statistical unit (:data:`UNIT_KEYS`) its ``effectif`` counts."""
    if unite_stat is not None and unite_stat not in UNIT_KEYS:
        raise RegistryError(f"indicateur {id!r} : unité statistique inconnue {unite_stat!r} "
                            f"(possibles : {', '.join(UNIT_KEYS)})")

    def deco(fn: Callable[..., pl.LazyFrame]) -> Callable[..., pl.LazyFrame]:
        key = UNIT_KEYS.get(unite_stat or "")

        @wraps(fn)
        def with_unit(*args, **kwargs) -> pl.LazyFrame:
            token = CURRENT_UNIT.set(key)
            try:
                return fn(*args, **kwargs)
            finally:
                CURRENT_UNIT.reset(token)

        if id in REGISTRY:
            raise RegistryError(f"indicator {id!r} registered twice")
        title = short or label
        other = next((i.id for i in REGISTRY.values() if i.short == title), None)
        if other is not None:
            raise RegistryError(f"indicateur {id!r} : libellé court {title!r} déjà pris par {other!r}")
        if target is not None:
            t = TARGETS.get(target)
            if t is None:
                raise RegistryError(f"indicateur {id!r} : objectif inconnu {target!r}")
            if not t.source.strip():
                raise RegistryError(f"indicateur {id!r} : l'objectif {target!r} n'a pas de source")
        if target_in_definition and target is None:
            raise RegistryError(f"indicateur {id!r} : target_in_definition sans objectif")
        if variant_of is not None and variant_of not in REGISTRY:
            raise RegistryError(f"indicateur {id!r} : variante d'un indicateur inconnu {variant_of!r}")
        if carte is not None and any(i.carte == carte for i in REGISTRY.values()):
            raise RegistryError(f"indicateur {id!r} : rang de carte {carte} déjà pris")
        REGISTRY[id] = Indicator(
            id, label, f"{definition} {undefined}" if undefined else definition, unit, format, better, kind, tables, dims, with_unit, core, theme,
            short=title, nature=nature, target=target, target_in_definition=target_in_definition,
            reference=reference, carte=carte, variant_of=variant_of,
            window_dependent=window_dependent, fiches=_fiches(id, fiches, criteres),
            criteres=tuple(criteres), unite_stat=unite_stat, undefined=undefined)
        return with_unit

    return deco


def core_ids() -> list[str]:
    return [i.id for i in REGISTRY.values() if i.core]


def map_ids() -> list[str]:
    """The indicators offered on the maps, in menu order."""
    return [i.id for i in sorted((i for i in REGISTRY.values() if i.carte is not None),
                                 key=lambda i: i.carte)]


def population_variant(ind_id: str) -> str | None:
    """The id of the per-1 000-inhabitants variant of ``ind_id``, if one is registered."""
    return next((i.id for i in REGISTRY.values() if i.variant_of == ind_id), None)


def indicators_of_fiche(fid: str) -> list[Indicator]:
    return [i for i in REGISTRY.values() if fid in i.fiches]


def indicators_of_critere(cid: str) -> list[Indicator]:
    return [i for i in REGISTRY.values() if cid in i.criteres]
