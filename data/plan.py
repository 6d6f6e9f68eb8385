"""The PDI-PTI 2019-2022 of Loir-et-Cher as data: its 4 orientations, 14 axes, 59 fiches actions
(45 PDI, 14 PTI) and their « critères d'évaluation », read from ``data/pdi/*.csv`` (copied from the
project's shared référentiel, see ``data/pdi/README.md``).

Identifiers: a fiche is ``PDI-1`` … ``PDI-45`` or ``PTI-1`` … ``PTI-14`` (its rank in the annexe); a
criterion is ``PDI-1.2`` (the fiche's second critère, in the document's order). A fiche whose page
carries two orientations (PDI 1, 2, 4 and 22) belongs to both: :func:`fiches_of_axe` lists it
under its own axe and under its second one.

Pure Python (stdlib ``csv``), read once; nothing here imports streamlit or polars.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PDI_DIR = Path(__file__).resolve().parent / "pdi"
AXES_CSV = PDI_DIR / "pdi_41_2019_2022_axes.csv"
FICHES_CSV = PDI_DIR / "pdi_41_2019_2022_fiches.csv"
BESOINS_CSV = PDI_DIR / "criteres_donnees.csv"
SOURCE = ("Conseil départemental de Loir-et-Cher, « Programme Départemental d'Insertion et Pacte "
          "Territorial d'Insertion intégré 2019-2022 » (synoptique, annexes 1 et 2)")
# Fiches whose criteria are about all the actions of the plan, not actions of their own: PDI 41
# (COPIL and COTECH with all partners) and PDI 43 (evaluation of every action).
FICHES_TOUTES_ACTIONS = frozenset({"PDI-41", "PDI-43"})
FICHE_RE = re.compile(r"^(PDI|PTI)-([1-9][0-9]?)$")
CRITERE_RE = re.compile(r"^((?:PDI|PTI)-[1-9][0-9]?)\.([1-9][0-9]?)$")


@dataclass(frozen=True)
class Critere:
    id: str  # "PDI-1.2"
    fiche: str  # "PDI-1"
    rang: int  # 1-based, the document's order
    texte: str
    besoin: str  # the data it would need when the extraction does not measure it


@dataclass(frozen=True)
class Fiche:
    id: str  # "PDI-1"
    partie: str  # "PDI" or "PTI"
    numero: int
    orientation: int | None
    axe: int | None
    titre: str
    pilote: str
    criteres: tuple[Critere, ...]
    orientation_secondaire: int | None = None
    axe_secondaire: int | None = None
    echeance: str = ""
    page: int | None = None
    remarque: str = ""

    @property
    def libelle(self) -> str:
        """« PDI 18 — Consolidation du partenariat avec ECOPIA »."""
        return f"{self.partie} {self.numero} — {self.titre}"

    @property
    def orientations(self) -> tuple[int, ...]:
        return tuple(o for o in (self.orientation, self.orientation_secondaire) if o is not None)


@dataclass(frozen=True)
class Axe:
    numero: int
    titre: str
    orientation: int


@dataclass(frozen=True)
class Orientation:
    numero: int
    titre: str
    axes: tuple[Axe, ...]


@dataclass(frozen=True)
class Plan:
    orientations: tuple[Orientation, ...]
    fiches: dict[str, Fiche]
    source: str = SOURCE

    @property
    def criteres(self) -> dict[str, Critere]:
        return {c.id: c for f in self.fiches.values() for c in f.criteres}

    def axe(self, numero: int) -> Axe:
        return next(a for o in self.orientations for a in o.axes if a.numero == numero)

    def fiches_of_axe(self, numero: int) -> list[tuple[Fiche, bool]]:
        """The fiches of an axe in the plan's order (PDI then PTI): ``(fiche, secondaire)`` where
        ``secondaire`` says the fiche belongs to the axe through its second orientation."""
        own = [(f, False) for f in self.fiches.values() if f.axe == numero]
        second = [(f, True) for f in self.fiches.values() if f.axe_secondaire == numero]
        return own + second

    def fiches_without_axe(self, orientation: int) -> list[Fiche]:
        """Fiches of an orientation whose axe the document leaves empty (PTI 11)."""
        return [f for f in self.fiches.values() if f.orientation == orientation and f.axe is None]


def fiche_id(partie: str, numero: int) -> str:
    return f"{partie}-{int(numero)}"


def _int(s: str) -> int | None:
    s = (s or "").strip()
    return int(s) if s else None


@cache
def _besoins() -> dict[str, str]:
    if not BESOINS_CSV.exists():
        return {}
    with BESOINS_CSV.open(encoding="utf-8", newline="") as fh:
        return {r["critere"]: r["donnees_necessaires"] for r in csv.DictReader(fh)}


DEFAULT_BESOIN = "une donnée de suivi de l'action, hors de l'extraction (bilan ou tableau de bord du pilote)"


class PlanError(ValueError):
    """A French message naming the plan file that cannot be read."""


def plan_of(settings) -> Plan | None:
    """The plan the configuration names (``[plan] axes`` and ``fiches``, files of ``data/pdi``),
    or None when none is configured (both empty). The registry's ``fiches`` are ids of
    this plan's tables (``PDI-1`` …)."""
    axes, fiches = settings.plan_axes.strip(), settings.plan_fiches.strip()
    if not axes and not fiches:
        return None
    if not axes or not fiches:
        raise PlanError("Plan d'action incomplet dans la configuration : [plan] axes et fiches "
                        "doivent être donnés ensemble (ou vides tous les deux).")
    paths = (PDI_DIR / axes, PDI_DIR / fiches)
    for p in paths:
        if p.parent != PDI_DIR or not p.is_file():
            raise PlanError(f"Fichier du plan d'action introuvable dans data/pdi : « {p.name} » "
                            "(config.toml, [plan]).")
    return _load(*paths)


def load_plan() -> Plan:
    """The plan of the default configuration (Loir-et-Cher's PDI-PTI 2019-2022); an error when
    its files are absent (see :func:`default_plan`)."""
    return _load(AXES_CSV, FICHES_CSV)


# Marker of « the plan of the default configuration » where no settings are at hand.
DEFAULT = "plan par défaut"


def default_plan() -> Plan | None:
    """The plan of the default configuration, or None when its files are absent from data/pdi
    (an installation with no plan: nothing may require them)."""
    return _load(AXES_CSV, FICHES_CSV) if AXES_CSV.is_file() and FICHES_CSV.is_file() else None


def resolve(plan) -> Plan | None:
    """``plan`` itself, or the default configuration's for :data:`DEFAULT`."""
    return default_plan() if isinstance(plan, str) and plan == DEFAULT else plan


@cache
def _load(axes_csv: Path, fiches_csv: Path) -> Plan:
    """A plan, read once from its two CSVs."""
    besoins = _besoins()
    with axes_csv.open(encoding="utf-8", newline="") as fh:
        axes_rows = list(csv.DictReader(fh))
    orients: dict[int, tuple[str, list[Axe]]] = {}
    for r in axes_rows:
        o = int(r["orientation"])
        orients.setdefault(o, (r["orientation_titre"], []))[1].append(
            Axe(int(r["axe"]), r["axe_titre"], o))
    orientations = tuple(Orientation(o, t, tuple(a)) for o, (t, a) in sorted(orients.items()))
    fiches: dict[str, Fiche] = {}
    with fiches_csv.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            fid = fiche_id(r["partie"], int(r["fiche"]))
            texts = [t.strip() for t in r["criteres_evaluation"].split(" | ") if t.strip()]
            crits = tuple(Critere(f"{fid}.{k}", fid, k, t, besoins.get(f"{fid}.{k}", DEFAULT_BESOIN))
                          for k, t in enumerate(texts, 1))
            fiches[fid] = Fiche(fid, r["partie"], int(r["fiche"]), _int(r["orientation"]),
                                _int(r["axe"]), r["fiche_titre"], r["pilote"].strip(), crits,
                                _int(r["orientation_secondaire"]), _int(r["axe_secondaire"]),
                                r["echeance"].strip(), _int(r["page_document"]), r["remarque"].strip())
    return Plan(orientations, fiches)


def _in_plan(table: str, key: str, unknown: str, expected: str):
    """``default_plan().<table>[key]``; a clear French error (« <unknown> du PDI ») for a key
    the plan does not have, or without a plan."""
    p = default_plan()
    found = getattr(p, table).get(key) if p is not None else None
    if found is None:
        raise KeyError(f"{unknown} du PDI : {key!r} (attendu {expected})")
    return found


def fiche(fid: str) -> Fiche:
    """The fiche ``fid``; a clear French error for an unknown id."""
    return _in_plan("fiches", fid, "fiche action inconnue", "PDI-1 … PDI-45, PTI-1 … PTI-14")


def critere(cid: str) -> Critere:
    """The evaluation criterion ``cid``; a clear French error for an unknown id."""
    return _in_plan("criteres", cid, "critère d'évaluation inconnu", "par ex. PDI-1.2")


def fiche_of_action(numero: int | None, partie: str = "PDI") -> Fiche | None:
    """The fiche of an ``action.fiche_action`` number (the extraction's actions name PDI fiches
    by their number), or None when the number is not a fiche of the plan."""
    p = default_plan()
    if numero is None or p is None:
        return None
    return p.fiches.get(fiche_id(partie, numero))
