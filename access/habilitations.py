"""The habilitations file: identity (e-mail, or a group claim of the identity provider) → role and
territories. Named in ``config.toml`` (``[habilitations] fichier``), TOML or CSV.

TOML — one ``[[habilitation]]`` table per rule::

    [[habilitation]]
    email = "directrice.insertion@departement41.fr"   # or: groupe = "DIAST-DIRECTION"
    role = "direction"

    [[habilitation]]
    groupe = "MDCS-BLOIS"
    role = "mdcs"
    territoires = ["mdcs:BLO"]

CSV (``;`` separated, header ``email;groupe;role;territoires``; several territories separated by
``|``)::

    email;groupe;role;territoires
    elu.canton4104@departement41.fr;;elu;canton:4104

Roles: ``direction`` (whole département, every page and pack, the « Journal des exports »),
``agent_habilite`` (whole département, same masked figures: raw values stay in the server-side
command ``python -m indicators compute``), ``mdcs`` (one or more units of the département's first
level: ``mdcs:`` codes in Loir-et-Cher), ``elu`` (one or
more ``canton:`` or ``commune:`` codes). Matching: an e-mail rule (case-insensitive) wins over the
group rules; among group rules the first one in file order wins. No rule → « accès non autorisé »."""
from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path

from access.scope import Scope, build_scope
from data.referentiel import Referentiel, Territoire, UnknownTerritory

ROLES: dict[str, str] = {
    "direction": "direction",
    "agent_habilite": "agent habilité",
    "mdcs": "MDCS",
    "elu": "élu",
}
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    "direction": (), "agent_habilite": (), "mdcs": ("mdcs",), "elu": ("canton", "commune"),
}
KEYS = ("email", "groupe", "role", "territoires", "nom")


class HabilitationsInvalides(ValueError):
    """The habilitations file cannot be used (French message naming the rule)."""


@dataclass(frozen=True)
class Regle:
    email: str
    groupe: str
    role: str
    territoires: tuple[Territoire, ...]
    nom: str = ""
    ligne: int = 0

    def scope(self, ref: Referentiel) -> Scope:
        return build_scope(ref, self.role, self.territoires)


@dataclass(frozen=True)
class Habilitations:
    regles: tuple[Regle, ...]
    source: str = ""

    def match(self, email: str | None, groupes: list[str] | tuple[str, ...] = ()) -> Regle | None:
        e = (email or "").strip().lower()
        if e:
            for r in self.regles:
                if r.email and r.email == e:
                    return r
        gs = {str(g).strip() for g in groupes if str(g).strip()}
        for r in self.regles:
            if r.groupe and r.groupe in gs:
                return r
        return None


def _rule(raw: dict, n: int, ref: Referentiel, where: str) -> Regle:
    tag = f"{where}, règle {n}"
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise HabilitationsInvalides(f"{tag} : clé inconnue « {unknown[0]} » (clés possibles : "
                                     f"{', '.join(KEYS)}).")
    email = str(raw.get("email") or "").strip().lower()
    groupe = str(raw.get("groupe") or "").strip()
    if bool(email) == bool(groupe):
        raise HabilitationsInvalides(f"{tag} : indiquer soit « email », soit « groupe ».")
    role = str(raw.get("role") or "").strip()
    if role not in ROLES:
        raise HabilitationsInvalides(f"{tag} : rôle « {role} » inconnu (rôles possibles : "
                                     f"{', '.join(ROLES)}).")
    terr_raw = raw.get("territoires") or []
    if isinstance(terr_raw, str):
        terr_raw = [t for t in terr_raw.replace(",", "|").split("|") if t.strip()]
    terrs: list[Territoire] = []
    for key in terr_raw:
        try:
            t = ref.parse_territoire(str(key).strip())
        except UnknownTerritory as exc:
            raise HabilitationsInvalides(f"{tag} : {exc}") from None
        terrs.append(t)
    levels = ROLE_LEVELS[role]
    if role == "mdcs":  # the département's first level (MDCS in 41, bassins d'emploi in 45)
        levels = (getattr(ref, "premier_niveau", "mdcs") or "mdcs",)
    if not levels and terrs:
        raise HabilitationsInvalides(f"{tag} : le rôle « {role} » porte sur tout le département, "
                                     "sans liste de territoires.")
    if levels:
        if not terrs:
            raise HabilitationsInvalides(f"{tag} : le rôle « {role} » demande au moins un territoire "
                                         f"({' ou '.join(levels)}).")
        bad = [t for t in terrs if t.niveau not in levels]
        if bad:
            raise HabilitationsInvalides(f"{tag} : territoire « {bad[0].key} » impossible pour le "
                                         f"rôle « {role} » (niveaux : {', '.join(levels)}).")
    return Regle(email, groupe, role, tuple(terrs), str(raw.get("nom") or ""), n)


def parse(text: str, ref: Referentiel, fmt: str, where: str = "habilitations") -> Habilitations:
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        raws = [{k.strip(): (v or "").strip() for k, v in r.items() if k and (v or "").strip()}
                for r in rows]
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise HabilitationsInvalides(f"{where} : TOML illisible ({exc}).") from None
        unknown = sorted(set(data) - {"habilitation"})
        if unknown:
            raise HabilitationsInvalides(f"{where} : section inconnue « {unknown[0]} » (attendu : "
                                         "[[habilitation]]).")
        raws = data.get("habilitation", [])
    regles = tuple(_rule(r, i, ref, where) for i, r in enumerate(raws, start=1))
    return Habilitations(regles, where)


def load(path: str | Path, ref: Referentiel) -> Habilitations:
    p = Path(path)
    if not p.is_file():
        raise HabilitationsInvalides(f"Fichier d'habilitations introuvable : {p.name} "
                                     "(config.toml, [habilitations] fichier).")
    fmt = "csv" if p.suffix.lower() == ".csv" else "toml"
    return parse(p.read_text(encoding="utf-8"), ref, fmt, p.name)
