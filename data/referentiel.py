"""The territorial référentiel: commune → every level's unit, population (files under data/referentiel).

Territory keys are ``niveau:code`` (``departement:41``, ``mdcs:BLO``, ``canton:4101``,
``epci:<SIREN>``, ``arrondissement:411``, ``zone_emploi:2401``, ``commune:41018``). The levels
(labels, level below, code format) are those of :mod:`data.niveaux`, configured per département
and carried by the :class:`Referentiel`. A zone d'emploi whose namesake town lies outside the
département is shown as the part inside it (name suffixed « (partie du département) »).
Special codes used in breakdowns:
:data:`CANTON_ND` (split commune without a valid ``canton_code``) and :data:`INCONNU`
(commune absent from the référentiel, or a record whose person/foyer does not exist).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from data.niveaux import COMMUNE, DEPARTEMENT, Niveau, catalogue, configure, ids
from settings import PremierNiveau

REF_DIR = Path(__file__).resolve().parent / "referentiel"
CANTON_ND = "ND"
INCONNU = "INCONNU"
SPECIAL_LABELS = {CANTON_ND: "Canton non déterminé", INCONNU: "Commune inconnue"}
# Generic labels of the catalogue (a département's configured label is ``Referentiel.libelle``).
NIVEAU_LABELS = {n: lvl.libelle for n, lvl in catalogue().items()}
PARTIE_SUFFIX = " (partie du département)"


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


@dataclass(frozen=True, eq=False)  # hashed by identity: geometry caches key on it
class Referentiel:
    departement: str
    departement_nom: str
    communes: pl.DataFrame  # code_insee, nom, canton_code, cantons_2015 (list), population, and each level's code/name columns
    cantons: pl.DataFrame  # canton_code, canton_nom
    unit_files: dict[str, pl.DataFrame]  # configured level → its units file (code, nom), in order
    split_population: pl.DataFrame  # code_insee, canton_code, population_estimee
    niveaux: dict[str, Niveau] = field(default_factory=dict)  # the configured levels, broad → fine
    ref_dir: Path = REF_DIR
    prefecture: str = ""
    contours_communes: str = ""
    contours_cantons: str = ""
    departement_de: str = "de Loir-et-Cher"  # « du Loiret »: [territoire] departement_de

    @property
    def conseil(self) -> str:
        """« Conseil départemental du Loiret »: the author of every source line and title."""
        return f"Conseil départemental {self.departement_de}"

    def __getattribute__(self, name: str):
        # one référentiel is shared by every session of the app: its frames are handed out as
        # the caller's own clone (no data copied), never the shared object — two threads
        # converting one polars frame at once deadlock (pola-rs/polars#27396, data.load.SharedTables)
        value = object.__getattribute__(self, name)
        return value.clone() if type(value) is pl.DataFrame else value

    # ---- levels ---------------------------------------------------------------------------
    @property
    def level_ids(self) -> tuple[str, ...]:
        """The configured levels, broad to fine (also the territory columns of the context)."""
        return tuple(self.niveaux)

    @property
    def column_levels(self) -> tuple[str, ...]:
        """The levels whose unit is one column of the commune file (:attr:`Niveau.colonne_code`,
        one unit per commune): every configured level but the département (a single unit), the
        commune (the file's key) and the canton (a commune may be split between cantons,
        ``cantons_2015``)."""
        return tuple(n for n in self.niveaux if n not in (DEPARTEMENT, "canton", COMMUNE))

    @property
    def premier_niveau(self) -> str:
        """The département's own level of action sociale (the level below the département)."""
        return self.niveaux[DEPARTEMENT].enfant or COMMUNE

    def niveau(self, niveau: str) -> Niveau:
        if niveau not in self.niveaux:
            raise UnknownTerritory(
                f"Niveau territorial inconnu : « {niveau} » (niveaux de ce département : "
                f"{', '.join(self.niveaux)}).")
        return self.niveaux[niveau]

    def libelle(self, niveau: str) -> str:
        """« MDCS », « Canton », « Bassin d'emploi » (a level's label, capitalised)."""
        return self.niveau(niveau).libelle

    def nom_niveau(self, niveau: str) -> str:
        """The level's label inside a sentence (« canton », « MDCS »)."""
        return self.niveau(niveau).nom

    def sub_level(self, niveau: str) -> str | None:
        """The level below ``niveau`` (breakdowns of a territory), ``None`` for a commune."""
        return self.niveau(niveau).enfant

    @property
    def communes_file(self) -> Path:
        return self.ref_dir / f"communes_{self.departement}.csv"

    @property
    def communes_geojson(self) -> Path:
        return self.ref_dir / (self.contours_communes or f"communes_{self.departement}.geojson")

    @property
    def cantons_geojson(self) -> Path:
        return self.ref_dir / (self.contours_cantons
                               or f"cantons_{self.departement}_from_communes.geojson")

    def commune_points(self) -> pl.DataFrame:
        """``code_insee``, ``latitude``, ``longitude`` of each commune's point of reference: the
        centroid of its polygon (configured contour file), or a point inside the polygon when the
        centroid falls outside it. No population-weighted point is available in the référentiel:
        distances to places of the offer start from this point. Computed once."""
        memo = self.__dict__.setdefault("_units_memo", {})
        if "_points" not in memo:
            import json

            import shapely

            gj = json.loads(self.communes_geojson.read_text(encoding="utf-8"))
            rows = []
            for f in gj["features"]:
                g = shapely.geometry.shape(f["geometry"])
                pt = g.centroid
                if not g.contains(pt):
                    pt = g.representative_point()
                rows.append((str(f["properties"]["code_insee"]), pt.y, pt.x))
            memo["_points"] = pl.DataFrame(rows, schema={"code_insee": pl.Utf8, "latitude": pl.Float64,
                                                         "longitude": pl.Float64}, orient="row")
        return memo["_points"].clone()

    def partial_units(self, niveau: str) -> set[str]:
        """Units only partly in the département (zones d'emploi whose namesake town is outside)."""
        if niveau != "zone_emploi" or "zone_emploi_code" not in self.communes.columns:
            return set()
        names = set(self.communes["nom"].to_list())
        z = self.communes.select("zone_emploi_code", "zone_emploi_nom").unique()
        return {c for c, n in z.iter_rows() if n not in names}

    def chefs_lieux(self) -> pl.DataFrame:
        """``code``, ``nom``, ``statut`` of the préfecture and sous-préfectures: the chefs-lieux
        of the arrondissements (the commune named like its arrondissement); the préfecture is the
        configured one, else the most populous chef-lieu."""
        c = self.communes.filter(pl.col("nom") == pl.col("arrondissement_nom")).sort(
            "population", descending=True)
        pref = self.prefecture or (c["code_insee"][0] if c.height else "")
        return c.sort(pl.col("code_insee") != pref, "arrondissement_code").select(
            pl.col("code_insee").alias("code"), "nom",
            pl.when(pl.col("code_insee") == pref).then(pl.lit("préfecture"))
            .otherwise(pl.lit("sous-préfecture")).alias("statut"))

    @property
    def split_communes(self) -> dict[str, list[str]]:
        df = self.communes.filter(pl.col("cantons_2015").list.len() > 1)
        return dict(zip(df["code_insee"].to_list(), df["cantons_2015"].to_list(), strict=False))

    def commune_attachments(self, code_insee: str) -> list[tuple[str, str, str]]:
        """``(level label, code, name)`` of the units a commune belongs to, broad to fine (its
        MDCS, canton(s), EPCI…): « Blois : cantons Blois-1, Blois-2, Blois-3 » for a split one."""
        row = self.communes.filter(pl.col("code_insee") == code_insee)
        if not row.height:
            return []
        r = row.row(0, named=True)
        out = []
        for niveau in self.level_ids:
            if niveau in (DEPARTEMENT, COMMUNE):
                continue
            if niveau == "canton":
                codes = list(r.get("cantons_2015") or []) or [r.get("canton_code")]
            else:
                codes = [r.get(self.niveau(niveau).colonne_code)]
            names = self.unit_names(niveau)
            out += [(self.libelle(niveau), c, names.get(c, c)) for c in codes if c]
        return out

    def unit_names(self, niveau: str) -> dict[str, str]:
        """``code → nom`` of every unit of a level."""
        u = self.units(niveau)
        return dict(zip(u["code"].to_list(), u["nom"].to_list(), strict=False))

    def _example(self, niveau: str) -> str:
        u = self.units(niveau)
        return u["code"][0] if u.height else self.niveau(niveau).exemple

    def units(self, niveau: str) -> pl.DataFrame:
        """``code``, ``nom``, ``population`` of every unit of a level (population of split-commune
        canton fractions is the estimate of population_communes_partagees.csv). Computed once."""
        memo = self.__dict__.setdefault("_units_memo", {})
        if niveau not in memo:
            memo[niveau] = self._units(niveau)
        return memo[niveau].clone()

    def _units(self, niveau: str) -> pl.DataFrame:
        c = self.communes
        lvl = self.niveau(niveau)
        if niveau == "departement":
            return pl.DataFrame({"code": [self.departement], "nom": [self.departement_nom],
                                 "population": [int(c["population"].sum())]})
        if niveau == "commune":
            return c.select(pl.col("code_insee").alias("code"), "nom", "population").sort("code")
        if niveau == "canton":
            whole = (c.filter(pl.col("cantons_2015").list.len() == 1)
                     .group_by("canton_code").agg(pl.col("population").sum()))
            parts = self.split_population.group_by("canton_code").agg(
                pl.col("population_estimee").sum().alias("population"))
            pop = pl.concat([whole, parts]).group_by("canton_code").agg(pl.col("population").sum())
            return (self.cantons.join(pop, on="canton_code", how="left")
                    .select(pl.col("canton_code").alias("code"), pl.col("canton_nom").alias("nom"),
                            "population").sort("code"))
        col = lvl.colonne_code
        pop = c.group_by(col).agg(pl.col("population").sum(),
                                  *([pl.col(lvl.colonne_nom).first().alias("nom")]
                                    if lvl.colonne_nom else []))
        if niveau in self.unit_files:
            f = self.unit_files[niveau]
            u = f.join(pop.drop("nom", strict=False).rename({col: "code"}), on="code", how="left")
        else:
            u = pop.rename({col: "code"})
        u = u.select("code", "nom", pl.col("population").fill_null(0))
        partial = self.partial_units(niveau)
        if partial:
            u = u.with_columns(pl.when(pl.col("code").is_in(list(partial)))
                               .then(pl.col("nom") + PARTIE_SUFFIX).otherwise(pl.col("nom"))
                               .alias("nom"))
        return u if lvl.tri == "fichier" else u.sort(lvl.tri)

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
        if niveau not in self.niveaux or not code:
            examples = ", ".join(f"{n}:{self._example(n)}" for n in self.niveaux
                                 if n != DEPARTEMENT)
            raise UnknownTerritory(
                f"Territoire « {key} » invalide : attendu niveau:code avec un niveau parmi "
                f"{', '.join(self.niveaux)} (ex. {examples}).")
        if niveau == "departement":
            raise UnknownTerritory(
                f"Territoire « {key} » inconnu : cette extraction porte sur le département "
                f"{self.departement}.")
        if niveau == "canton" and code == CANTON_ND:  # the split communes' records without canton
            return Territoire(niveau, code)
        if code not in set(self.units(niveau)["code"].to_list()):
            raise UnknownTerritory(
                f"Territoire « {key} » inconnu : aucun code {self.nom_niveau(niveau)} "
                f"« {code} » dans le référentiel du département {self.departement}.")
        return Territoire(niveau, code)


@lru_cache(maxsize=8)
def load_referentiel(departement: str = "41", departement_nom: str = "Loir-et-Cher",
                     ref_dir: str | None = None, niveaux: tuple[str, ...] | None = None,
                     premier: PremierNiveau | None = None, prefecture: str = "",
                     contours_communes: str = "", contours_cantons: str = "",
                     departement_de: str = "de Loir-et-Cher") -> Referentiel:
    """The référentiel of one département with its configured levels (Loir-et-Cher's by
    default; ``niveaux`` None: every level of the catalogue). Prefer :func:`referentiel_of` (reads
    them from the settings)."""
    d = Path(ref_dir) if ref_dir else REF_DIR
    premier = premier or PremierNiveau()
    levels = configure(niveaux or ids(), premier)
    raw = pl.read_csv(d / f"communes_{departement}.csv", infer_schema=False)
    ze_file = d / f"zones_emploi_{departement}.csv"
    if "zone_emploi_code" not in raw.columns and ze_file.exists():
        ze = pl.read_csv(ze_file, infer_schema=False).select(
            "code_insee", "zone_emploi_code", "zone_emploi_nom")
        raw = raw.join(ze, on="code_insee", how="left")
    missing = sorted({c for lvl in levels.values() for c in (lvl.colonne_code, lvl.colonne_nom)
                      if c and c not in raw.columns})
    if missing:
        raise UnknownTerritory(
            f"Référentiel {d / f'communes_{departement}.csv'} : colonne(s) absente(s) "
            f"{', '.join(missing)} (demandées par les niveaux configurés).")
    communes = raw.with_columns(
        pl.col("cantons_2015").str.split(";").alias("cantons_2015"),
        pl.col("epci_nom").str.replace_all("''", "\"").alias("epci_nom"),
        pl.col("population_municipale_2023").cast(pl.Int64).alias("population"),
    )
    cantons = pl.read_csv(d / f"cantons_{departement}.csv", infer_schema=False).select(
        "canton_code", "canton_nom")
    unit_files = {}
    for n, lvl in levels.items():
        if lvl.unites:
            f = pl.read_csv(d / lvl.unites, infer_schema=False)
            unit_files[n] = f.select(pl.col(f.columns[0]).alias("code"),
                                     pl.col(f.columns[1]).alias("nom"))
    codes = communes["code_insee"].to_list()
    split = (pl.read_csv(d / "population_communes_partagees.csv", infer_schema=False)
             .filter(pl.col("code_insee").is_in(codes))
             .select("code_insee", "canton_code", pl.col("population_estimee").cast(pl.Int64)))
    return Referentiel(departement, departement_nom, communes, cantons, unit_files, split, levels,
                       d, prefecture, contours_communes, contours_cantons, departement_de)


def referentiel_of(settings) -> Referentiel:
    """The référentiel of the configured département (``settings``: a :class:`settings.Settings`)."""
    return load_referentiel(settings.departement, settings.departement_nom, None,
                            tuple(settings.niveaux), settings.premier_niveau, settings.prefecture,
                            settings.contours_communes, settings.contours_cantons,
                            settings.departement_de)
