"""Sign-in, habilitations and the territory scope at the edge (the only streamlit part of
:mod:`access`).

Every run of the router calls :func:`gate` before any page: it decides the access mode
(:func:`access.mode.resolve`), reads the identity (``st.user`` after ``st.login``, or the trusted
header), finds the user's rule in the habilitations file and returns the :class:`User` with its
:class:`~access.scope.Scope`. Without a usable identity the run stops on a French page (sign-in,
« accès non autorisé », configuration to do) and no figure is computed. The identity is read again
on every run, never kept in the session state."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from access import habilitations as H
from access import mode as M
from access.scope import Scope, refusal, whole_scope
from data.referentiel import Referentiel, Territoire, referentiel_of
from settings import ROOT, Settings
from ui.safe import md

USER = "_declik_user"  # the User of this run (set by gate, read by filters, widgets, pages)
FLASH = "_declik_refus"  # a refusal to show once (map click, report request)
DEMO_BANNER = "Démonstration — accès sans authentification"
OPEN_BANNER = ("Accès ouvert sans authentification (config.toml : [acces] mode = \"ouvert\") : "
               "toute personne qui atteint ce serveur voit tous les chiffres.")


@dataclass(frozen=True)
class User:
    ident: str  # e-mail (or subject / header value); « anonyme » in the open modes
    role: str
    scope: Scope
    mode: str
    nom: str = ""

    @property
    def role_label(self) -> str:
        return H.ROLES.get(self.role, self.role)

    @property
    def is_direction(self) -> bool:
        return self.role == "direction"


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"])
    except Exception:  # no secrets file at all
        return False


def server_address() -> str:
    try:
        return str(st.get_option("server.address") or "")
    except Exception:
        return ""


def resolve_mode(settings: Settings) -> M.Acces:
    return M.resolve(settings.acces.mode, settings.acces.entete, auth_configured(),
                     settings.uses_demo, server_address())


def _hab_path(settings: Settings) -> Path:
    p = Path(settings.habilitations.fichier)
    return p if p.is_absolute() else ROOT / p


@st.cache_resource(show_spinner=False, max_entries=8)
def _referentiel(settings: Settings) -> Referentiel:
    """The configured référentiel (its levels, first level, contours): the one the pages use."""
    return referentiel_of(settings)


@st.cache_resource(show_spinner=False, max_entries=8)
def _habilitations(path: str, mtime: float, settings: Settings) -> H.Habilitations:
    return H.load(path, _referentiel(settings))


def habilitations(settings: Settings) -> H.Habilitations:
    p = _hab_path(settings)
    mtime = p.stat().st_mtime if p.exists() else 0.0
    return _habilitations(str(p), mtime, settings)


def _identity(acces: M.Acces, settings: Settings) -> tuple[str, list[str]] | None:
    """(identity, groups) of the signed-in person, or None."""
    if acces.mode == "entete":
        value = (st.context.headers.get(acces.entete) or "").strip()
        return (value, []) if value else None
    if not st.user.get("is_logged_in"):
        return None
    exp = st.user.get("exp")
    if isinstance(exp, (int, float)) and exp < time.time():  # the provider's token has expired
        st.logout()
        st.stop()
    ident = str(st.user.get("email") or st.user.get("preferred_username") or st.user.get("sub") or "")
    raw = st.user.get(settings.habilitations.claim_groupes) or []
    groups = [raw] if isinstance(raw, str) else [str(g) for g in raw]
    return ident, groups


def _no_menu() -> None:
    """Before sign-in, no page menu: the router registers one hidden page (Streamlit would
    otherwise list the files of pages/ by itself)."""
    if st.session_state.get("_declik_router_run"):
        st.navigation([st.Page(lambda: None, title="Déclik insertion", url_path="connexion")],
                      position="hidden")


def _stop_page(title: str, body: str, kind: str = "error", logout: bool = False) -> None:
    _no_menu()
    st.title(title)
    getattr(st, kind)(md(body))
    if logout and st.button("Se déconnecter", icon=":material/logout:"):
        st.logout()
    st.stop()


def gate(settings: Settings, ref: Referentiel | None = None, router: bool = False) -> User:
    """The user of this run, or a French page and ``st.stop()`` (``router``: called by app.py
    before ``st.navigation``, which then shows no menu)."""
    st.session_state["_declik_router_run"] = router
    ref = ref or _referentiel(settings)
    acces = resolve_mode(settings)
    if acces.mode in ("bloque", "refus"):
        _stop_page("Accès non configuré", acces.message)
    if acces.open:
        user = User("anonyme", "direction", whole_scope(ref), acces.mode,
                    "démonstration" if acces.mode == "demo" else "accès ouvert")
        st.session_state[USER] = user
        return user
    who = _identity(acces, settings)
    if who is None:
        if acces.mode == "entete":
            _stop_page("Accès non autorisé", f"L'en-tête d'identité « {acces.entete} » est absent : "
                       "passez par l'adresse du portail du Département.")
        _no_menu()
        st.title("Déclik insertion")
        st.info("Connectez-vous avec votre compte du Département pour accéder au tableau de bord.",
                icon=":material/lock:")
        if st.button("Se connecter", type="primary", icon=":material/login:"):
            st.login()
        st.stop()
    ident, groups = who
    try:
        hab = habilitations(settings)
    except H.HabilitationsInvalides as exc:
        _stop_page("Habilitations illisibles", f"{exc} Aucun chiffre n'est affiché tant que le "
                   "fichier n'est pas corrigé.", logout=acces.mode == "oidc")
    rule = hab.match(ident, groups)
    if rule is None:
        _stop_page("Accès non autorisé",
                   f"Le compte « {ident} » n'est habilité à aucun territoire de Déclik insertion. "
                   f"Pour demander un accès, adressez-vous à {settings.habilitations.contact}.",
                   logout=acces.mode == "oidc")
    user = User(ident, rule.role, rule.scope(ref), acces.mode, rule.nom)
    st.session_state[USER] = user
    return user


def current_user() -> User | None:
    return st.session_state.get(USER)


def current_scope() -> Scope | None:
    u = current_user()
    return u.scope if u else None


def banner(user: User) -> None:
    """The permanent banner of the open modes (every page, above the title)."""
    if user.mode == "demo":
        st.warning(DEMO_BANNER, icon=":material/science:")
    elif user.mode == "ouvert":
        st.warning(OPEN_BANNER, icon=":material/lock_open:")


def sidebar_identity(user: User) -> None:
    sb = st.sidebar
    if user.mode in ("demo", "ouvert"):
        sb.caption(DEMO_BANNER if user.mode == "demo" else "Accès ouvert sans authentification")
        return
    sb.caption(f"Connecté : {md(user.ident)} — rôle {md(user.role_label)} — "
               f"périmètre : {md(user.scope.label)}")
    if user.mode == "oidc" and sb.button("Se déconnecter", icon=":material/logout:",
                                         key="declik_logout"):
        st.logout()


def refuse(t: Territoire, scope: Scope) -> None:
    """Remember a refusal, shown by the next page frame."""
    st.session_state[FLASH] = refusal(t, scope)


def flash() -> str | None:
    return st.session_state.pop(FLASH, None)
