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
    "audit.taille_max_mo": "Taille d'un fichier du journal avant rotation (Mo).",
    "audit.fichiers_gardes": "Nombre d'anciens fichiers du journal gardés après rotation.",
    "acces.mode": "auto (connexion si [auth] est configuré, démo ouverte, sinon bloqué), oidc, "
                  "entete (en-tête d'un mandataire inverse, serveur sur 127.0.0.1) ou ouvert.",
    "acces.entete": "Nom de l'en-tête de confiance portant l'identité (mode entete).",
    "habilitations.fichier": "Fichier des habilitations (TOML ou CSV), relatif à la racine.",
    "habilitations.contact": "Qui demander pour être habilité (affiché aux personnes refusées).",
    "habilitations.claim_groupes": "Attribut (claim) du fournisseur d'identité portant les groupes.",
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
class AccesSettings:
    mode: str = "auto"
    entete: str = ""


@dataclass(frozen=True)
class HabilitationsSettings:
    fichier: str = "data/habilitations_demo.toml"
    contact: str = "la direction de l'insertion du Département"
    claim_groupes: str = "groups"


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
    audit_taille_max_mo: int = 10
    audit_fichiers_gardes: int = 10
    acces: AccesSettings = field(default_factory=AccesSettings)
    habilitations: HabilitationsSettings = field(default_factory=HabilitationsSettings)
    references: tuple[Reference, ...] = ()

    @property
    def url(self) -> str:
        """The extraction's URL: the configured one, else the demo SQLite file."""
        return self.db_url or f"sqlite:///{DEMO_DB}"

    @property
    def uses_demo(self) -> bool:
        """The extraction is the bundled demo file (no [base] url, or its own path)."""
        if not self.db_url:
            return True
        return self.db_url.removeprefix("sqlite:///").split("?")[0] in (str(DEMO_DB),)

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
    acces, hab = raw.get("acces", {}), raw.get("habilitations", {})
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
        audit_taille_max_mo=int(audit.get("taille_max_mo", d.audit_taille_max_mo)),
        audit_fichiers_gardes=int(audit.get("fichiers_gardes", d.audit_fichiers_gardes)),
        acces=AccesSettings(**acces),
        habilitations=HabilitationsSettings(**hab),
        references=tuple(Reference(**r) for r in raw.get("references", [])),
    )
