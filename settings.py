"""One typed settings object, read from ``config.toml`` and passed explicitly.

Nothing reads the TOML file but :func:`load_settings`; every other module receives a
:class:`Settings`.  Each key is documented in :data:`SETTINGS_HELP` (a test fails when a key of
``config.toml`` has no help text).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_CONFIG = ROOT / "config.toml"
DEMO_DB = ROOT / "data" / "demo" / "demo_41.sqlite"

SETTINGS_HELP: dict[str, str] = {
    "base.url": "URL SQLAlchemy de l'extraction ; vide = base de démonstration.",
    "territoire.departement": "Code INSEE du département.",
    "territoire.departement_nom": "Nom du département affiché.",
    "territoire.niveaux": "Niveaux territoriaux proposés, du plus large au plus fin.",
    "secret.seuil_secret": "Seuil du secret statistique sous le niveau département.",
    "secret.seuil_distribution": "Sous le niveau département, nombre minimal d'unités (personnes, "
                                 "foyers) pour montrer une médiane, des quantiles ou une courbe de "
                                 "survie (11 par défaut).",
    "secret.perturbation": "Sous le niveau département, perturbation des effectifs et des montants "
                           "par clé de cellule (même ensemble de personnes = même bruit) : true/false.",
    "secret.cle": "Clé secrète de la perturbation (à changer à l'installation, à ne pas publier) : "
                  "sans elle, le bruit ne peut pas être recalculé.",
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
    niveaux: tuple[str, ...] = ("departement", "mdcs", "canton", "epci", "commune")
    seuil_secret: int = 5
    seuil_distribution: int = 11
    perturbation: bool = True
    cle_secret: str = "declik-demo-changer-cette-cle"
    objectifs: Objectifs = field(default_factory=Objectifs)
    carte_fond: str = "aucun"
    carte_attribution: str = ""
    audit_fichier: str = "logs/exports_audit.jsonl"
    references: tuple[Reference, ...] = ()

    @property
    def url(self) -> str:
        """The extraction's URL: the configured one, else the demo SQLite file."""
        return self.db_url or f"sqlite:///{DEMO_DB}"

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
    d = Settings()
    return Settings(
        db_url=str(base.get("url", d.db_url)),
        departement=str(terr.get("departement", d.departement)),
        departement_nom=str(terr.get("departement_nom", d.departement_nom)),
        niveaux=tuple(terr.get("niveaux", d.niveaux)),
        seuil_secret=int(sec.get("seuil_secret", d.seuil_secret)),
        seuil_distribution=int(sec.get("seuil_distribution", d.seuil_distribution)),
        perturbation=bool(sec.get("perturbation", d.perturbation)),
        cle_secret=str(sec.get("cle", d.cle_secret)),
        objectifs=Objectifs(**{k: int(v) for k, v in obj.items()}),
        carte_fond=str(carte.get("fond", d.carte_fond)),
        carte_attribution=str(carte.get("attribution", d.carte_attribution)),
        audit_fichier=str(audit.get("fichier", d.audit_fichier)),
        references=tuple(Reference(**r) for r in raw.get("references", [])),
    )
