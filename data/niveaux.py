"""Territorial levels, declared once.

The catalogue ``data/referentiel/niveaux.csv`` holds every level the application knows, from the
broadest to the finest: its label (singular, plural), its parent and the level below it (used by
every « par … » breakdown, map and pack), the format of its codes, an example key, and the
columns of the commune file that give each commune's unit (code, name). The configuration adds
the département's own level of action sociale (``[territoire.premier_niveau]``, :class:`settings.PremierNiveau`: « MDCS » in
Loir-et-Cher, the « bassins d'emploi » in the Loiret) and the list of levels offered
(``[territoire] niveaux``). :func:`configure` merges both into the levels of one département;
the :class:`~data.referentiel.Referentiel` carries them, and pages, maps, tables, packs and CLIs
read them from it — no level, label or « level below » rule is written anywhere else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import polars as pl

from settings import PremierNiveau

CATALOGUE_FILE = Path(__file__).resolve().parent / "referentiel" / "niveaux.csv"
DEPARTEMENT = "departement"
COMMUNE = "commune"


@dataclass(frozen=True)
class Niveau:
    id: str
    libelle: str  # « Canton », « MDCS », « Bassin d'emploi »
    libelle_pluriel: str  # « cantons », « MDCS »
    parent: str | None
    enfant: str | None  # the level below (breakdowns, maps, packs)
    format_code: str  # regular expression of a unit code
    exemple: str  # a code of the example in messages
    colonne_code: str  # column of the commune file holding the unit code ("" for the département)
    colonne_nom: str  # column holding the unit name ("" when names come from a units file)
    tri: str = "code"  # order of the units: "code", "nom", or "fichier" (the units file's order)
    unites: str = ""  # file of units (code, nom) for a configured level

    @property
    def nom(self) -> str:
        """The label inside a sentence: « canton », « zone d'emploi », but « MDCS », « EPCI »
        (acronyms keep their capitals)."""
        first = self.libelle.split(" ")[0]
        return self.libelle if first.isupper() else self.libelle[0].lower() + self.libelle[1:]

    def code_valide(self, code: str) -> bool:
        return re.fullmatch(self.format_code, code) is not None


def _opt(v: str | None) -> str | None:
    return v or None


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Niveau]:
    """Every known level, broad to fine, read from ``niveaux.csv``."""
    df = pl.read_csv(CATALOGUE_FILE, infer_schema=False).fill_null("")
    return {r["niveau"]: Niveau(r["niveau"], r["libelle"], r["libelle_pluriel"], _opt(r["parent"]),
                                _opt(r["enfant"]), r["format_code"], r["exemple"],
                                r["colonne_code"], r["colonne_nom"], r["tri"])
            for r in df.iter_rows(named=True)}


def ids() -> tuple[str, ...]:
    """The ids of every level the application knows (the allowed territory breakdowns)."""
    return tuple(catalogue())


class NiveauxInvalides(ValueError):
    """The configured levels are inconsistent (French message)."""


def configure(niveaux: tuple[str, ...], premier: PremierNiveau) -> dict[str, Niveau]:
    """The levels of one département, in the configured order (broad to fine): the catalogue's
    entries, the first level relabelled by the configuration, each ``enfant`` pointing to a level
    that is offered (else to the commune)."""
    cat = catalogue()
    unknown = [n for n in (*niveaux, premier.niveau) if n not in cat]
    if unknown:
        raise NiveauxInvalides(
            f"Niveau territorial inconnu dans la configuration : {', '.join(unknown)} "
            f"(niveaux possibles : {', '.join(cat)}).")
    order = tuple(dict.fromkeys((DEPARTEMENT, premier.niveau, *niveaux, COMMUNE)))
    out: dict[str, Niveau] = {}
    for n in order:
        lvl = cat[n]
        if n == premier.niveau:
            lvl = replace(lvl, libelle=premier.libelle, libelle_pluriel=premier.libelle_pluriel,
                          enfant=premier.enfant, colonne_code=premier.colonne,
                          colonne_nom=premier.colonne_nom or (lvl.colonne_nom if not premier.unites
                                                              else ""),
                          tri="fichier" if premier.unites else lvl.tri, unites=premier.unites)
        if n == DEPARTEMENT:
            lvl = replace(lvl, enfant=premier.niveau)
        out[n] = lvl
    for n, lvl in out.items():
        if lvl.enfant is not None and lvl.enfant not in out:
            out[n] = replace(lvl, enfant=COMMUNE)
        if lvl.parent is not None and lvl.parent not in out:
            out[n] = replace(out[n], parent=DEPARTEMENT)
    return out
