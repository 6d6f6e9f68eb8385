"""The territorial référentiel: commune → canton, MDCS, EPCI, population (files under data/referentiel).

Territory keys are ``niveau:code`` (``departement:41``, ``mdcs:BLO``, ``canton:4101``,
``epci:<SIREN>``, ``commune:41018``). Special codes used in breakdowns:
:data:`CANTON_ND` (split commune without a valid ``canton_code``) and :data:`INCONNU`
(commune absent from the référentiel, or a record whose person/foyer does not exist).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

REF_DIR = Path(__file__).resolve().parent / "referentiel"
NIVEAUX = ("departement", "mdcs", "canton", "epci", "commune")
NIVEAU_LABELS = {"departement": "Département", "mdcs": "MDCS", "canton": "Canton",
                 "epci": "EPCI", "commune": "Commune"}
CANTON_ND = "ND"
INCONNU = "INCONNU"
SPECIAL_LABELS = {CANTON_ND: "Canton non déterminé", INCONNU: "Commune inconnue"}


class UnknownTerritory(ValueError):
    """A territory key absent from the référentiel (French message)."""


@dataclass(frozen=True)
class Territoire:
    niveau: str = "departement"
    code: str = ""

    @property
    def key(self) -> str:
        return f"{self.niveau}:{self.code}"

    @property
    def is_departement(self) -> bool:
        return self.niveau == "departement"


@dataclass(frozen=True)
class Referentiel:
    """The référentiel of one département (shared by every session of the app: each access to a
    frame hands out the caller's own ``clone``, never the shared object, which no two threads
    may convert at once — see :class:`data.load.SharedTables`)."""

    departement: str
    departement_nom: str
    _communes: pl.DataFrame  # code_insee, nom, canton_code, cantons_2015 (list), epci_siren, epci_nom, mdcs_code, population
    _cantons: pl.DataFrame  # canton_code, canton_nom
    _mdcs: pl.DataFrame  # mdcs_code, mdcs_nom
    _split_population: pl.DataFrame  # code_insee, canton_code, population_estimee

    @property
    def communes(self) -> pl.DataFrame:
        return self._communes.clone()

    @property
    def cantons(self) -> pl.DataFrame:
        return self._cantons.clone()

    @property
    def mdcs(self) -> pl.DataFrame:
        return self._mdcs.clone()

    @property
    def split_population(self) -> pl.DataFrame:
        return self._split_population.clone()

    @property
    def split_communes(self) -> dict[str, list[str]]:
        df = self.communes.filter(pl.col("cantons_2015").list.len() > 1)
        return dict(zip(df["code_insee"].to_list(), df["cantons_2015"].to_list(), strict=False))

    def unit_names(self, niveau: str) -> dict[str, str]:
        """``code → nom`` of every unit of a level."""
        u = self.units(niveau)
        return dict(zip(u["code"].to_list(), u["nom"].to_list(), strict=False))

    def units(self, niveau: str) -> pl.DataFrame:
        """``code``, ``nom``, ``population`` of every unit of a level (population of split-commune
        canton fractions is the estimate of population_communes_partagees.csv)."""
        c = self.communes
        if niveau == "departement":
            return pl.DataFrame({"code": [self.departement], "nom": [self.departement_nom],
                                 "population": [int(c["population"].sum())]})
        if niveau == "commune":
            return c.select(pl.col("code_insee").alias("code"), "nom", "population").sort("code")
        if niveau == "mdcs":
            pop = c.group_by("mdcs_code").agg(pl.col("population").sum())
            return (self.mdcs.join(pop, on="mdcs_code", how="left")
                    .select(pl.col("mdcs_code").alias("code"), pl.col("mdcs_nom").alias("nom"),
                            "population"))
        if niveau == "epci":
            return (c.group_by("epci_siren").agg(pl.col("epci_nom").first(), pl.col("population").sum())
                    .select(pl.col("epci_siren").alias("code"), pl.col("epci_nom").alias("nom"),
                            "population").sort("nom"))
        if niveau == "canton":
            whole = (c.filter(pl.col("cantons_2015").list.len() == 1)
                     .group_by("canton_code").agg(pl.col("population").sum()))
            parts = self.split_population.group_by("canton_code").agg(
                pl.col("population_estimee").sum().alias("population"))
            pop = pl.concat([whole, parts]).group_by("canton_code").agg(pl.col("population").sum())
            return (self.cantons.join(pop, on="canton_code", how="left")
                    .select(pl.col("canton_code").alias("code"), pl.col("canton_nom").alias("nom"),
                            "population").sort("code"))
        raise UnknownTerritory(f"Niveau territorial inconnu : « {niveau} ».")

    def label(self, niveau: str, code: str | None) -> str:
        if code is None or code in SPECIAL_LABELS:
            return SPECIAL_LABELS.get(code or INCONNU, "Inconnu")
        df = self.units(niveau).filter(pl.col("code") == code)
        return df["nom"][0] if df.height else code

    def parse_territoire(self, key: str | None) -> Territoire:
        """``niveau:code`` → :class:`Territoire`; raises :class:`UnknownTerritory` in French."""
        if not key or key in ("departement", f"departement:{self.departement}"):
            return Territoire("departement", self.departement)
        niveau, _, code = key.partition(":")
        if niveau not in NIVEAUX or not code:
            raise UnknownTerritory(
                f"Territoire « {key} » invalide : attendu niveau:code avec un niveau parmi "
                f"{', '.join(NIVEAUX)} (ex. mdcs:BLO, canton:4101, commune:41018).")
        if niveau == "departement":
            raise UnknownTerritory(
                f"Territoire « {key} » inconnu : cette extraction porte sur le département "
                f"{self.departement}.")
        if code not in set(self.units(niveau)["code"].to_list()):
            raise UnknownTerritory(
                f"Territoire « {key} » inconnu : aucun code {NIVEAU_LABELS[niveau].lower()} "
                f"« {code} » dans le référentiel du département {self.departement}.")
        return Territoire(niveau, code)


@lru_cache(maxsize=4)
def load_referentiel(departement: str = "41", departement_nom: str = "Loir-et-Cher",
                     ref_dir: str | None = None) -> Referentiel:
    d = Path(ref_dir) if ref_dir else REF_DIR
    communes = pl.read_csv(d / f"communes_{departement}.csv", infer_schema=False).select(
        "code_insee", "nom", "canton_code",
        pl.col("cantons_2015").str.split(";").alias("cantons_2015"),
        "epci_siren", pl.col("epci_nom").str.replace_all("''", "\"").alias("epci_nom"), "mdcs_code",
        pl.col("population_municipale_2023").cast(pl.Int64).alias("population"),
        "arrondissement_code",
    )
    cantons = pl.read_csv(d / f"cantons_{departement}.csv", infer_schema=False).select(
        "canton_code", "canton_nom")
    mdcs = pl.read_csv(d / f"mdcs_{departement}.csv", infer_schema=False)
    split = pl.read_csv(d / "population_communes_partagees.csv", infer_schema=False).select(
        "code_insee", "canton_code", pl.col("population_estimee").cast(pl.Int64))
    return Referentiel(departement, departement_nom, communes, cantons, mdcs, split)
