"""One typed settings object, read from ``config.toml`` and passed explicitly.

Nothing reads the TOML file but :func:`load_settings`; every other module receives a
:class:`Settings`.  Each key is documented in :data:`SETTINGS_HELP` (a test fails when a key of
``config.toml`` has no help text).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from data.niveaux import PremierNiveau

ROOT = Path(__file__).resolve().parent
DEFAULT_CONFIG = ROOT / "config.toml"
DEMO_DB = ROOT / "data" / "demo" / "demo_41.sqlite"


def demo_db(departement: str = "41") -> Path:
    """The demo extraction of a département (``data/demo/demo_<code>.sqlite``, gitignored)."""
    return ROOT / "data" / "demo" / f"demo_{departement}.sqlite"

SETTINGS_HELP: dict[str, str] = {
    "base.url": "URL SQLAlchemy de l'extraction ; vide = base de démonstration.",
    "territoire.departement": "Code INSEE du département.",
    "territoire.departement_nom": "Nom du département affiché.",
    "territoire.niveaux": "Niveaux territoriaux proposés, du plus large au plus fin (catalogue : "
                          "data/referentiel/niveaux.csv).",
    "territoire.prefecture": "Code INSEE de la préfecture ; vide = le chef-lieu d'arrondissement le "
                             "plus peuplé.",
    "territoire.contours_communes": "Contours des communes (GeoJSON de data/referentiel) ; vide = "
                                    "communes_<département>.geojson.",
    "territoire.contours_cantons": "Contours des cantons (GeoJSON de data/referentiel) ; vide = "
                                   "cantons_<département>_from_communes.geojson.",
    "territoire.premier_niveau": "Le niveau d'action sociale propre au département (section).",
    "territoire.premier_niveau.niveau": "Niveau d'action sociale du département (identifiant du "
                                        "catalogue des niveaux, ex. mdcs, zone_emploi).",
    "territoire.premier_niveau.libelle": "Son nom affiché (« MDCS », « Bassin d'emploi »).",
    "territoire.premier_niveau.libelle_pluriel": "Son nom au pluriel (« MDCS », « bassins d'emploi »).",
    "territoire.premier_niveau.enfant": "Le niveau sous lui (ventilations, cartes, packs).",
    "territoire.premier_niveau.colonne": "Colonne de communes_<département>.csv donnant l'unité de "
                                         "chaque commune (la table commune → unité).",
    "territoire.premier_niveau.colonne_nom": "Colonne du nom des unités, s'il n'y a pas de fichier "
                                             "d'unités.",
    "territoire.premier_niveau.unites": "Fichier des unités (code, nom) dans data/referentiel, dans "
                                        "l'ordre d'affichage ; vide = noms pris dans colonne_nom.",
    "offre.distance_km": "Distance (km, à vol d'oiseau) au-delà de laquelle un lieu de l'offre est "
                         "jugé éloigné (« territoires peu pourvus »).",
    "secret.seuil_secret": "Seuil du secret statistique sous le niveau département.",
    "objectifs.delai_orientation_j": "Délai cible d'orientation (jours), CASF D.262-65-2.",
    "objectifs.delai_contrat_j": "Délai cible de signature du CER (jours), C. trav. D.5411-14-1.",
    "objectifs.delai_avis_ep_j": "Délai cible d'avis de l'équipe pluridisciplinaire (jours).",
    "carte.fond": "Fond de carte : 'aucun' ou une URL de tuiles.",
    "carte.attribution": "Attribution du fond de carte.",
    "audit.fichier": "Journal des exports (JSON lines), relatif à la racine du projet.",
    "references": "Valeurs nationales de référence (id, valeur, annee, libelle, source).",
}


@dataclass(frozen=True)
class Reference:
    id: str
    valeur: float
    annee: int
    libelle: str
    source: str


@dataclass(frozen=True)
class Objectifs:
    delai_orientation_j: int = 42
    delai_contrat_j: int = 30
    delai_avis_ep_j: int = 30


@dataclass(frozen=True)
class Settings:
    db_url: str = ""
    departement: str = "41"
    departement_nom: str = "Loir-et-Cher"
    niveaux: tuple[str, ...] = ("departement", "mdcs", "canton", "epci", "arrondissement",
                                "zone_emploi", "commune")
    premier_niveau: PremierNiveau = field(default_factory=PremierNiveau)
    prefecture: str = ""
    contours_communes: str = ""
    contours_cantons: str = ""
    offre_distance_km: float = 15.0
    seuil_secret: int = 5
    objectifs: Objectifs = field(default_factory=Objectifs)
    carte_fond: str = "aucun"
    carte_attribution: str = ""
    audit_fichier: str = "logs/exports_audit.jsonl"
    references: tuple[Reference, ...] = ()

    @property
    def url(self) -> str:
        """The extraction's URL: the configured one, else the demo SQLite file."""
        return self.db_url or f"sqlite:///{self.demo_db}"

    @property
    def demo_db(self) -> Path:
        return demo_db(self.departement)

    @property
    def uses_demo(self) -> bool:
        return not self.db_url

    def reference(self, ref_id: str) -> Reference | None:
        return next((r for r in self.references if r.id == ref_id), None)

    def with_url(self, url: str | None) -> Settings:
        from dataclasses import replace

        return replace(self, db_url=url) if url else self


def load_settings(path: str | Path | None = None) -> Settings:
    """Read ``config.toml`` (or ``path``) into a :class:`Settings`; missing keys keep defaults."""
    p = Path(path) if path else DEFAULT_CONFIG
    raw = tomllib.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
    base, terr = raw.get("base", {}), raw.get("territoire", {})
    sec, obj = raw.get("secret", {}), raw.get("objectifs", {})
    carte, audit = raw.get("carte", {}), raw.get("audit", {})
    premier, offre = terr.get("premier_niveau", {}), raw.get("offre", {})
    d = Settings()
    return Settings(
        db_url=str(base.get("url", d.db_url)),
        departement=str(terr.get("departement", d.departement)),
        departement_nom=str(terr.get("departement_nom", d.departement_nom)),
        niveaux=tuple(terr.get("niveaux", d.niveaux)),
        premier_niveau=PremierNiveau(**{k: str(v) for k, v in premier.items()}),
        prefecture=str(terr.get("prefecture", d.prefecture)),
        contours_communes=str(terr.get("contours_communes", d.contours_communes)),
        contours_cantons=str(terr.get("contours_cantons", d.contours_cantons)),
        offre_distance_km=float(offre.get("distance_km", d.offre_distance_km)),
        seuil_secret=int(sec.get("seuil_secret", d.seuil_secret)),
        objectifs=Objectifs(**{k: int(v) for k, v in obj.items()}),
        carte_fond=str(carte.get("fond", d.carte_fond)),
        carte_attribution=str(carte.get("attribution", d.carte_attribution)),
        audit_fichier=str(audit.get("fichier", d.audit_fichier)),
        references=tuple(Reference(**r) for r in raw.get("references", [])),
    )
