"""How the dashboard decides who is using it (no streamlit here).

- ``oidc``: Streamlit's native OpenID Connect sign-in (``[auth]`` in ``.streamlit/secrets.toml``);
- ``entete``: an authenticating reverse proxy puts the identity in a trusted header
  (``[acces] mode = "entete"``, ``entete = "X-Remote-User"``). Accepted only when Streamlit
  listens on localhost (``server.address`` = 127.0.0.1, ::1 or localhost): otherwise anyone who
  reaches the port could send the header and be whoever they like;
- ``demo``: the bundled demo extraction and no sign-in configured: open, under a permanent banner;
- ``ouvert``: ``[acces] mode = "ouvert"`` said explicitly: open, under a permanent warning banner;
- ``bloque``: any other extraction and no sign-in configured: no figure, French instructions;
- ``refus``: a configuration that cannot be trusted (header mode on a public address…)."""
from __future__ import annotations

from dataclasses import dataclass

LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")
MODES = ("auto", "oidc", "entete", "ouvert")

HOW_TO = (
    "Pour ouvrir l'accès : (1) déclarer le fournisseur d'identité du Département dans "
    ".streamlit/secrets.toml, section [auth] (modèle : .streamlit/secrets.toml.example) ; "
    "(2) déclarer les personnes habilitées dans le fichier nommé par config.toml, "
    "[habilitations] fichier ; ou, derrière un mandataire inverse qui authentifie, "
    "[acces] mode = \"entete\" avec un serveur qui écoute sur 127.0.0.1. Voir le README, "
    "section « Connexion et habilitations ».")


@dataclass(frozen=True)
class Acces:
    mode: str  # oidc, entete, demo, ouvert, bloque, refus
    message: str = ""
    entete: str = ""

    @property
    def open(self) -> bool:
        return self.mode in ("demo", "ouvert")


def resolve(mode: str, entete: str, auth_configured: bool, demo: bool,
            server_address: str | None) -> Acces:
    """The access mode from the config (``mode``, ``entete``), whether ``[auth]`` is configured,
    whether the extraction is the bundled demo, and the server's listening address."""
    if mode not in MODES:
        return Acces("refus", f"config.toml, [acces] mode = « {mode} » : valeur inconnue "
                              f"(possibles : {', '.join(MODES)}).")
    if mode == "ouvert":
        return Acces("ouvert")
    if mode == "entete":
        addr = (server_address or "").strip()
        if not entete:
            return Acces("refus", "config.toml, [acces] mode = \"entete\" sans nom d'en-tête "
                                  "([acces] entete).")
        if addr not in LOCAL_ADDRESSES:
            return Acces("refus", "Mode « en-tête de confiance » refusé : le serveur écoute sur "
                                  f"« {addr or 'toutes les interfaces'} ». Il doit écouter sur "
                                  "127.0.0.1 (server.address dans .streamlit/config.toml), derrière "
                                  "le mandataire inverse qui authentifie.")
        return Acces("entete", entete=entete)
    if auth_configured:
        return Acces("oidc")
    if mode == "oidc":
        return Acces("bloque", "config.toml demande la connexion OpenID Connect mais "
                               ".streamlit/secrets.toml n'a pas de section [auth]. " + HOW_TO)
    if demo:
        return Acces("demo")
    return Acces("bloque", "Aucune connexion n'est configurée pour cette extraction : aucun "
                           "chiffre n'est affiché. " + HOW_TO)
