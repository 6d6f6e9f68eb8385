"""One typed settings object, read from ``config.toml``, validated, and passed explicitly.

Nothing reads the TOML file but :func:`load_settings`, and nothing reads the environment variables
``DECLIK_CONFIG`` (path of another ``config.toml``), ``DECLIK_DB`` (SQLAlchemy URL, wins over
``[base] url``), ``DECLIK_CACHE`` (snapshots' folder, wins over ``[cache] dossier``) and
``DECLIK_LECTURE_LENTE`` (read the extraction without connectorx) and the load bench's
``DECLIK_DIAG*`` (:func:`environment_diagnostics`) but :func:`environment_paths` /
:func:`environment_cache_dir` / :func:`environment_slow_read` here; every other module receives a
:class:`Settings`.

Validation: a key of the file that no field declares (in any table, ``[objectifs]`` and the fields
of each ``[[references]]`` included) and a value of the wrong type are a :class:`SettingsError`
whose French message names the key and the file. A key missing from the file keeps its default.

Adding a key — declare it ONCE, with its default and its help text, where it is stored:

* a key of an existing or new table, kept flat on :class:`Settings`::

      seuil_distribution: int = setting("secret.seuil_distribution", 10,
                                        "Effectif minimal d'une distribution affichée.")

  (the TOML path is ``table.key``; the attribute name is free);
* a whole new table as its own frozen dataclass whose fields are declared with
  ``setting("key", default, help)`` (path relative to the table), hung on :class:`Settings` by
  ``acces: Acces = section("acces", Acces, "Connexion et rôles.")`` — as :class:`Objectifs`;
* an array of tables (``[[references]]``): a frozen dataclass, hung by :func:`table_list`.

Supported value types: ``str``, ``int``, ``float`` (an integer is accepted), ``bool``,
``tuple[str, ...]`` / ``tuple[int, ...]`` (a TOML array), a section dataclass, a tuple of section
dataclasses. :func:`settings_keys` / :func:`settings_help` list every key with its default and
help (tests and documentation use them; ``python -m settings`` prints them); ``config.toml`` comments may repeat the help but the declaration here is the reference.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DEFAULT_CONFIG = ROOT / "config.toml"
DEMO_DB = ROOT / "data" / "demo" / "demo_41.sqlite"



def demo_db(departement: str = "41") -> Path:
    """The demo extraction of a département (``data/demo/demo_<code>.sqlite``, gitignored)."""
    return ROOT / "data" / "demo" / f"demo_{departement}.sqlite"


ENV_CONFIG = "DECLIK_CONFIG"  # path of another config.toml
ENV_DB = "DECLIK_DB"  # SQLAlchemy URL of the extraction, wins over [base] url
ENV_CACHE = "DECLIK_CACHE"  # folder of the snapshots, wins over [cache] dossier (tests, benches)
# set (to anything): read the extraction through the database driver only, never connectorx
ENV_SLOW_READ = "DECLIK_LECTURE_LENTE"
ENV_DIAG = "DECLIK_DIAG"  # the load bench's diagnostics file (ui.diag), with _S, _TRACEMALLOC, _GC

_NO_DEFAULT = dataclasses.MISSING


class SettingsError(ValueError):
    """A French message naming the configuration file and the faulty key."""


def setting(key: str, default: Any = _NO_DEFAULT, help: str = "") -> Any:  # noqa: A002
    """Declare one TOML key: its path (``table.key``, or ``key`` inside a section dataclass), its
    default (none = required, only inside ``[[…]]`` entries) and its help text."""
    meta = {"toml": key, "help": help}
    if isinstance(default, (list, dict, set)):
        raise TypeError("mutable default: use a tuple")
    if default is _NO_DEFAULT:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def section(key: str, cls: type, help: str = "") -> Any:  # noqa: A002
    """A whole TOML table ``[key]`` read into the frozen dataclass ``cls`` (all fields defaulted)."""
    return field(default_factory=cls, metadata={"toml": key, "help": help})


def table_list(key: str, cls: type, help: str = "") -> Any:  # noqa: A002
    """An array of tables ``[[key]]`` read into a tuple of ``cls``."""
    return field(default=(), metadata={"toml": key, "help": help, "item": cls})


# ---- declarations ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    id: str = setting("id", help="Identifiant de la référence (celui de l'indicateur, en général).")
    valeur: float = setting("valeur", help="Valeur nationale (part entre 0 et 1, ou jours).")
    annee: int = setting("annee", help="Année de la valeur.")
    libelle: str = setting("libelle", help="Libellé affiché.")
    source: str = setting("source", help="Source citée.")


@dataclass(frozen=True)
class Objectifs:
    delai_orientation_j: int = setting(
        "delai_orientation_j", 42, "Délai cible d'orientation (jours), CASF D.262-65-2.")
    delai_contrat_j: int = setting(
        "delai_contrat_j", 30, "Délai cible de signature du CER (jours), C. trav. D.5411-14-1.")
    delai_avis_ep_j: int = setting(
        "delai_avis_ep_j", 30, "Délai cible d'avis de l'équipe pluridisciplinaire (jours).")


@dataclass(frozen=True)
class AccesSettings:
    mode: str = setting(
        "mode", "auto", "auto (connexion OpenID Connect si .streamlit/secrets.toml a une section "
        "[auth] ; sinon démo ouverte sous bandeau, toute autre extraction bloquée), oidc, entete "
        "(identité dans un en-tête posé par un mandataire inverse ; serveur sur 127.0.0.1) ou "
        "ouvert (accès sans connexion voulu, bandeau d'avertissement).")
    entete: str = setting("entete", "", "Nom de l'en-tête de confiance portant l'identité "
                                        "(mode entete), ex. X-Remote-User.")


@dataclass(frozen=True)
class HabilitationsSettings:
    fichier: str = setting("fichier", "data/habilitations_demo.toml",
                           "Fichier des habilitations (TOML ou CSV), relatif à la racine du projet.")
    contact: str = setting("contact", "la direction de l'insertion du Département",
                           "Qui demander pour être habilité (affiché aux personnes refusées).")
    claim_groupes: str = setting("claim_groupes", "groups",
                                 "Attribut (claim) du fournisseur d'identité portant les groupes.")


@dataclass(frozen=True)
class PremierNiveau:
    """The département's own level of action sociale (read by :func:`data.niveaux.configure`)."""

    niveau: str = setting("niveau", "mdcs", "Identifiant du niveau dans le catalogue "
                          "(data/referentiel/niveaux.csv) : mdcs, zone_emploi…")
    libelle: str = setting("libelle", "MDCS", "Son nom affiché (« MDCS », « Bassin d'emploi »).")
    libelle_pluriel: str = setting("libelle_pluriel", "MDCS",
                                   "Son nom au pluriel (« MDCS », « bassins d'emploi »).")
    enfant: str = setting("enfant", "canton", "Le niveau sous lui (ventilations, cartes, packs).")
    colonne: str = setting("colonne", "mdcs_code", "Colonne de communes_<département>.csv donnant "
                           "l'unité de chaque commune (la table commune → unité).")
    colonne_nom: str = setting("colonne_nom", "", "Colonne du nom des unités, quand il n'y a pas "
                               "de fichier d'unités.")
    unites: str = setting("unites", "mdcs_41.csv", "Fichier des unités (code, nom) dans "
                          "data/referentiel, dans l'ordre d'affichage ; vide = noms de colonne_nom.")


@dataclass(frozen=True)
class Settings:
    db_url: str = setting("base.url", "", "URL SQLAlchemy de l'extraction ; vide = base de démonstration.")
    departement: str = setting("territoire.departement", "41", "Code INSEE du département.")
    departement_nom: str = setting("territoire.departement_nom", "Loir-et-Cher",
                                   "Nom du département affiché.")
    departement_de: str = setting(
        "territoire.departement_de", "de Loir-et-Cher",
        "Le nom du département avec sa préposition et son article, tel qu'il suit « Conseil "
        "départemental » dans les lignes de source et les titres (« de Loir-et-Cher », « du "
        "Loiret », « de l'Indre »).")
    niveaux: tuple[str, ...] = setting(
        "territoire.niveaux", ("departement", "mdcs", "canton", "epci", "arrondissement",
                               "zone_emploi", "commune"),
        "Niveaux territoriaux proposés, du plus large au plus fin (catalogue : "
        "data/referentiel/niveaux.csv).")
    premier_niveau: PremierNiveau = section(
        "territoire.premier_niveau", PremierNiveau,
        "Le niveau d'action sociale propre au département (« MDCS », « bassins d'emploi »).")
    prefecture: str = setting("territoire.prefecture", "",
                              "Code INSEE de la préfecture ; vide = le chef-lieu d'arrondissement "
                              "le plus peuplé.")
    contours_communes: str = setting(
        "territoire.contours_communes", "",
        "Contours des communes (GeoJSON de data/referentiel) ; vide = communes_<département>.geojson.")
    contours_cantons: str = setting(
        "territoire.contours_cantons", "",
        "Contours des cantons (GeoJSON de data/referentiel) ; vide = "
        "cantons_<département>_from_communes.geojson.")
    offre_distance_km: float = setting(
        "offre.distance_km", 15.0,
        "Distance (km, à vol d'oiseau) au-delà de laquelle un lieu de l'offre d'insertion est "
        "jugé éloigné (« territoires peu pourvus »).")
    seuil_secret: int = setting("secret.seuil_secret", 5,
                                "Seuil du secret statistique sous le niveau département.")
    seuil_distribution: int = setting(
        "secret.seuil_distribution", 11, "Sous le niveau département, nombre minimal d'unités "
        "(personnes, foyers) pour montrer une médiane, des quantiles ou une courbe de survie.")
    perturbation: bool = setting(
        "secret.perturbation", True, "Sous le niveau département, perturbation des effectifs et "
        "des montants par clé de cellule (même ensemble de personnes = même bruit).")
    cle_secret: str = setting(
        "secret.cle", "declik-demo-changer-cette-cle", "Clé secrète de la perturbation : à "
        "remplacer à l'installation par une valeur propre, à ne pas publier (sans elle, le bruit "
        "ne peut pas être recalculé).")
    objectifs: Objectifs = section("objectifs", Objectifs, "Délais cibles (jours).")
    carte_fond: str = setting("carte.fond", "aucun", "Fond de carte : 'aucun' ou une URL de tuiles.")
    carte_attribution: str = setting("carte.attribution", "", "Attribution du fond de carte.")
    plan_axes: str = setting(
        "plan.axes", "pdi_41_2019_2022_axes.csv",
        "Fichier des orientations et axes du plan d'action (PDI) dans data/pdi ; vide = aucun plan "
        "configuré (la page « Plan d'action » et les packs le disent).")
    plan_fiches: str = setting(
        "plan.fiches", "pdi_41_2019_2022_fiches.csv",
        "Fichier des fiches actions du plan et de leurs critères d'évaluation dans data/pdi ; vide "
        "= aucun plan configuré.")
    audit_fichier: str = setting("audit.fichier", "logs/exports_audit.jsonl",
                                 "Journal des exports (JSON lines), relatif à la racine du projet.")
    references: tuple[Reference, ...] = table_list(
        "references", Reference, "Valeurs nationales de référence (id, valeur, annee, libelle, source).")
    cache_actif: bool = setting(
        "cache.actif", True, "Instantané Parquet de l'extraction typée et validée "
        "(data/snapshot.py), rouvert tant que l'empreinte de la source ne change pas.")
    cache_dossier: str = setting(
        "cache.dossier", "data/cache", "Dossier des instantanés, relatif à la racine du projet "
        "(la variable DECLIK_CACHE le remplace, pour les tests).")
    cache_verification_min: int = setting(
        "cache.verification_min", 5, "Le tableau de bord vérifie l'empreinte de la source à "
        "chaque nouvelle session et toutes les N minutes.")
    cache_memoire_max_mo: int = setting(
        "cache.memoire_max_mo", 1024, "Au-delà de cette taille (Mo des tables décompressées, "
        "d'après les métadonnées Parquet), l'instantané est lu à la demande (scan_parquet, "
        "calculs en mémoire bornée) au lieu d'être chargé en mémoire.")
    audit_taille_max_mo: int = setting("audit.taille_max_mo", 10,
                                       "Taille d'un fichier du journal des exports avant rotation (Mo).")
    audit_fichiers_gardes: int = setting("audit.fichiers_gardes", 10,
                                         "Nombre d'anciens fichiers du journal gardés après rotation.")
    acces: AccesSettings = section("acces", AccesSettings, "Connexion : mode d'accès.")
    habilitations: HabilitationsSettings = section(
        "habilitations", HabilitationsSettings, "Qui voit quoi : fichier des habilitations.")

    @property
    def url(self) -> str:
        """The extraction's URL: the configured one, else the demo SQLite file."""
        return self.db_url or f"sqlite:///{self.demo_db}"

    @property
    def demo_db(self) -> Path:
        return demo_db(self.departement)

    @property
    def uses_demo(self) -> bool:
        """The extraction is the bundled demo file (no [base] url, or that file's own path)."""
        if not self.db_url:
            return True
        return self.db_url.removeprefix("sqlite:///").split("?")[0] == str(DEMO_DB)

    def reference(self, ref_id: str) -> Reference | None:
        return next((r for r in self.references if r.id == ref_id), None)

    def with_url(self, url: str | None) -> Settings:
        return dataclasses.replace(self, db_url=url) if url else self


# ---- listing -----------------------------------------------------------------------------------
def _declared(cls: type) -> list[tuple[dataclasses.Field, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls) if "toml" in f.metadata]


def _section_type(tp: Any) -> type | None:
    return tp if isinstance(tp, type) and dataclasses.is_dataclass(tp) else None


def settings_keys(cls: type = Settings, prefix: str = "") -> list[tuple[str, Any, str]]:
    """Every declared key (``table.key``; ``references[].id`` for array entries) with its default
    (``None`` for a table, an array of tables, or a required key) and its help."""
    out: list[tuple[str, Any, str]] = []
    for f, tp in _declared(cls):
        path = prefix + f.metadata["toml"]
        nested = _section_type(tp) or f.metadata.get("item")
        default = None if nested or f.default is _NO_DEFAULT else f.default
        out.append((path, default, f.metadata["help"]))
        if _section_type(tp):
            out += settings_keys(tp, path + ".")
        elif "item" in f.metadata:
            out += settings_keys(f.metadata["item"], path + "[].")
    return out


def settings_help(cls: type = Settings) -> dict[str, str]:
    """Every declared key → its help."""
    return {k: h for k, _, h in settings_keys(cls)}


SETTINGS_HELP = settings_help()


# ---- loading -----------------------------------------------------------------------------------
_TYPE_NAMES = {str: "un texte", int: "un nombre entier", float: "un nombre", bool: "vrai ou faux"}


def _scalar(value: Any, tp: type, where: str) -> Any:
    ok = (isinstance(value, bool) if tp is bool
          else isinstance(value, (int, float)) and not isinstance(value, bool) if tp is float
          else isinstance(value, int) and not isinstance(value, bool) if tp is int
          else isinstance(value, tp))
    if not ok:
        raise SettingsError(f"{where} doit être {_TYPE_NAMES.get(tp, tp.__name__)} "
                            f"(valeur lue : {value!r}).")
    return float(value) if tp is float else value


def _convert(value: Any, tp: Any, f: dataclasses.Field, path: str, fichier: str) -> Any:
    where = f"{fichier} : « {path} »"
    sub = _section_type(tp)
    if sub is not None:
        if not isinstance(value, dict):
            raise SettingsError(f"{where} doit être une table [{path}].")
        return _build(sub, value, path + ".", fichier)
    if "item" in f.metadata:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise SettingsError(f"{where} doit être une liste de tables [[{path}]].")
        return tuple(_build(f.metadata["item"], v, f"{path}[{i + 1}].", fichier)
                     for i, v in enumerate(value))
    if typing.get_origin(tp) is tuple:
        if not isinstance(value, list):
            raise SettingsError(f"{where} doit être une liste (valeur lue : {value!r}).")
        item = typing.get_args(tp)[0]
        return tuple(_scalar(v, item, f"{fichier} : « {path}[{i + 1}] »") for i, v in enumerate(value))
    return _scalar(value, tp, where)


def _build(cls: type, raw: dict, prefix: str, fichier: str) -> Any:
    known: dict[str, Any] = {}  # every known path (tables too) relative to raw
    values: dict[str, Any] = {}
    for f, tp in _declared(cls):
        parts = f.metadata["toml"].split(".")
        for i in range(1, len(parts)):
            known.setdefault(".".join(parts[:i]), None)
        known[f.metadata["toml"]] = f
        node: Any = raw
        for p in parts:
            node = node.get(p, _NO_DEFAULT) if isinstance(node, dict) else _NO_DEFAULT
        if node is _NO_DEFAULT:
            if f.default is _NO_DEFAULT and f.default_factory is _NO_DEFAULT:
                raise SettingsError(f"{fichier} : « {prefix}{f.metadata['toml']} » manque "
                                    "(clé obligatoire).")
            continue
        values[f.name] = _convert(node, tp, f, prefix + f.metadata["toml"], fichier)

    def unknown(node: dict, path: str) -> None:
        for k, v in node.items():
            p = f"{path}.{k}" if path else k
            if p not in known:
                options = sorted(x.rsplit(".", 1)[-1] for x in known if x.rpartition(".")[0] == path)
                where = (f"[{prefix}{path}]" if path else "le fichier" if not prefix
                         else f"l'entrée {prefix.rstrip('.')}" if prefix.endswith("].")
                         else f"[{prefix.rstrip('.')}]")
                raise SettingsError(
                    f"{fichier} : clé inconnue « {prefix}{p} ». Clés possibles dans {where} : "
                    + (", ".join(options) or "aucune") + ".")
            if known[p] is None and isinstance(v, dict):
                unknown(v, p)
            elif known[p] is None:
                raise SettingsError(f"{fichier} : « {prefix}{p} » doit être une table [{prefix}{p}].")

    unknown(raw, "")
    return cls(**values)


def load_settings(path: str | Path | None = None) -> Settings:
    """Read ``config.toml`` (or ``path``) into a validated :class:`Settings`; missing keys keep
    their defaults, a missing file gives the defaults. Raises :class:`SettingsError` (French)."""
    p = Path(path) if path else DEFAULT_CONFIG
    if not p.exists():
        if path:
            raise SettingsError(f"Fichier de configuration introuvable : {p}.")
        return Settings()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{p} : fichier TOML illisible ({exc}).") from None
    return _build(Settings, raw, "", p.name if p == DEFAULT_CONFIG else str(p))


def _environ(environ: typing.Mapping[str, str] | None) -> typing.Mapping[str, str]:
    return os.environ if environ is None else environ


def environment_paths(environ: typing.Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """(config path, database URL) named by ``DECLIK_CONFIG`` and ``DECLIK_DB`` (None when unset)."""
    env = _environ(environ)
    return env.get(ENV_CONFIG) or None, env.get(ENV_DB) or None


def environment_cache_dir(environ: typing.Mapping[str, str] | None = None) -> str | None:
    """The snapshots' folder named by ``DECLIK_CACHE`` (None when unset)."""
    env = _environ(environ)
    return env.get(ENV_CACHE) or None


def environment_slow_read(environ: typing.Mapping[str, str] | None = None) -> bool:
    """Whether ``DECLIK_LECTURE_LENTE`` asks to read the extraction through the database driver
    only (:mod:`data.load`: no connectorx fast path, e.g. to compare the two readings)."""
    env = _environ(environ)
    return bool(env.get(ENV_SLOW_READ))


@dataclass(frozen=True)
class Diagnostics:
    """What the load bench asks the server to write about itself (:mod:`ui.diag`; never in
    production): ``DECLIK_DIAG`` the file, ``DECLIK_DIAG_S`` the seconds between two lines,
    ``DECLIK_DIAG_TRACEMALLOC=1`` the allocations' growth, ``DECLIK_DIAG_GC=1`` a full collection
    before each line."""
    path: str
    every_s: float = 60.0
    tracemalloc: bool = False
    collect: bool = False


def environment_diagnostics(environ: typing.Mapping[str, str] | None = None) -> Diagnostics | None:
    """The :class:`Diagnostics` the environment asks for (None without ``DECLIK_DIAG``)."""
    env = _environ(environ)
    path = env.get(ENV_DIAG)
    if not path:
        return None
    try:
        every = float(env.get(ENV_DIAG + "_S", "60"))
    except ValueError:
        raise SettingsError(f"{ENV_DIAG}_S : nombre de secondes attendu, reçu "
                            f"{env.get(ENV_DIAG + '_S')!r}") from None
    return Diagnostics(path, every, env.get(ENV_DIAG + "_TRACEMALLOC") == "1",
                       env.get(ENV_DIAG + "_GC") == "1")


def settings_from_environment(config: str | Path | None = None, url: str | None = None,
                              environ: typing.Mapping[str, str] | None = None) -> Settings:
    """The settings every entry point runs on: the file ``config`` (else ``DECLIK_CONFIG``, else
    ``config.toml``), the extraction ``url`` (else ``DECLIK_DB``, else ``[base] url``, else the
    demo). The command lines pass their ``--config`` / ``--db``; the dashboard passes nothing."""
    env_config, env_url = environment_paths(environ)
    return load_settings(config or env_config).with_url(url or env_url)


if __name__ == "__main__":  # python -m settings: every key, its default and its help
    for key, default, text in settings_keys():
        shown = "" if default is None else f" = {list(default) if isinstance(default, tuple) else default!r}"
        print(f"{key}{shown}\n    {text}")
