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
    "objectifs.delai_orientation_j": "Délai cible d'orientation (jours), CASF D.262-65-2.",
    "objectifs.delai_contrat_j": "Délai cible de signature du CER (jours), C. trav. D.5411-14-1.",
    "objectifs.delai_avis_ep_j": "Délai cible d'avis de l'équipe pluridisciplinaire (jours).",
    "carte.fond": "Fond de carte : 'aucun' ou une URL de tuiles.",
    "carte.attribution": "Attribution du fond de carte.",
    "audit.fichier": "Journal des exports (JSON lines), relatif à la racine du projet.",
    "cache.actif": "Instantané Parquet de l'extraction (data/snapshot.py) : true = rouvert tant "
                   "que l'empreinte de la source ne change pas.",
    "cache.dossier": "Dossier des instantanés, relatif à la racine du projet (DECLIK_CACHE le "
                     "remplace).",
    "cache.verification_min": "Le tableau de bord vérifie l'empreinte de la source à chaque "
                              "nouvelle session et toutes les N minutes.",
    "cache.memoire_max_mo": "Au-delà de cette taille (Mo de Parquet), l'instantané est lu à la "
                            "demande (scan_parquet) au lieu d'être chargé en mémoire.",
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
    objectifs: Objectifs = field(default_factory=Objectifs)
    carte_fond: str = "aucun"
    carte_attribution: str = ""
    audit_fichier: str = "logs/exports_audit.jsonl"
    references: tuple[Reference, ...] = ()
    cache_actif: bool = True
    cache_dossier: str = "data/cache"
    cache_verification_min: int = 5
    cache_memoire_max_mo: int = 1024

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
    cache = raw.get("cache", {})
    d = Settings()
    return Settings(
        db_url=str(base.get("url", d.db_url)),
        departement=str(terr.get("departement", d.departement)),
        departement_nom=str(terr.get("departement_nom", d.departement_nom)),
        niveaux=tuple(terr.get("niveaux", d.niveaux)),
        seuil_secret=int(sec.get("seuil_secret", d.seuil_secret)),
        objectifs=Objectifs(**{k: int(v) for k, v in obj.items()}),
        carte_fond=str(carte.get("fond", d.carte_fond)),
        carte_attribution=str(carte.get("attribution", d.carte_attribution)),
        audit_fichier=str(audit.get("fichier", d.audit_fichier)),
        references=tuple(Reference(**r) for r in raw.get("references", [])),
        cache_actif=bool(cache.get("actif", d.cache_actif)),
        cache_dossier=str(cache.get("dossier", d.cache_dossier)),
        cache_verification_min=int(cache.get("verification_min", d.cache_verification_min)),
        cache_memoire_max_mo=int(cache.get("memoire_max_mo", d.cache_memoire_max_mo)),
    )
