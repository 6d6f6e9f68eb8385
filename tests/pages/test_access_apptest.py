"""The access gate in the app itself (AppTest, same process): an identity is given by replacing
how the gate reads it (the real sign-in is the browser test); tampered session state, unknown
identities, a blocked extraction, an invalid habilitations file."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from access.mode import Acces
from tests.helpers.apptest import app

pytestmark = pytest.mark.slow


@pytest.fixture
def as_user(monkeypatch):
    """``as_user(email, groups=())``: the gate sees a signed-in OIDC user."""
    from ui import access

    def set_user(email: str, groups=()):
        monkeypatch.setattr(access, "resolve_mode", lambda settings: Acces("oidc"))
        monkeypatch.setattr(access, "_identity", lambda acces, settings: (email, list(groups)))
    return set_user


def run(url: str, page: str | None = None, state: dict | None = None, query: dict | None = None,
        config: str | None = None) -> AppTest:
    return app(url, page, query=query, state=state, config=config)


def texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [w.value for w in at.warning]
                    + [e.value for e in at.error] + [t.value for t in at.title]
                    + [c.value for c in at.caption]).replace("\\", "").replace("\u2060", "").replace("*", "")


def test_tampered_session_state_is_refused(demo_url, as_user):
    as_user("elu.4104@declik.test")
    first = run(demo_url, "pages/territoires.py")
    assert not first.exception, [e.value for e in first.exception]
    assert "Canton Blois-3" in texts(first)
    # a session whose stored filters point to canton 4102 (what a map click or a forged
    # session value would do)
    state = {"f_niveau": "canton", "f_unite": "4102", "w_niveau": "canton", "w_unite": "4102",
             "_filters_seeded": True}
    at = run(demo_url, "pages/territoires.py", state=state)
    assert not at.exception, [e.value for e in at.exception]
    body = texts(at)
    assert "hors de votre périmètre" in body and "Canton Blois-3 ·" in body
    assert at.session_state["f_unite"] == "4104"
    # the same on the Rapports page: the pack request is for the user's own territory
    at = run(demo_url, "pages/rapports.py", state=state)
    body = texts(at)
    assert "hors de votre périmètre" in body and "Blois-3" in body and "Blois-1 —" not in body


def test_unknown_identity_sees_no_figure(demo_url, as_user):
    as_user("personne@ailleurs.fr", ["AUTRE"])
    at = run(demo_url, "pages/synthese.py")
    assert not at.exception
    assert "Accès non autorisé" in texts(at) and not at.metric
    assert "direction de l'insertion" in texts(at)


def test_other_extraction_without_sign_in_shows_no_figure(small_url, tmp_path):
    from tests.fixtures.access import config_with

    at = run(small_url, "pages/synthese.py", config=config_with("auto", tmp_path))
    assert not at.exception
    assert "Accès non configuré" in texts(at) and "secrets.toml" in texts(at)
    assert not at.metric


def test_open_mode_has_its_permanent_banner(small_url):
    from tests.fixtures.access import ouvert_config

    at = run(small_url, "pages/synthese.py", config=ouvert_config())
    assert "Accès ouvert sans authentification" in texts(at) and at.metric


def test_invalid_habilitations_block_access(demo_url, as_user, tmp_path):
    from tests.fixtures.access import config_with

    bad = tmp_path / "hab.toml"
    bad.write_text('[[habilitation]]\nemail = "x@y.fr"\nrole = "chef"\n', encoding="utf-8")
    cfg = config_with("auto", tmp_path, habilitations__fichier=f'"{bad}"')
    as_user("x@y.fr")
    at = run(demo_url, "pages/synthese.py", config=cfg)
    assert "Habilitations illisibles" in texts(at) and "rôle « chef » inconnu" in texts(at)
    assert not at.metric


def test_header_mode_refused_when_listening_everywhere(demo_url, tmp_path):
    from tests.fixtures.access import config_with

    cfg = config_with("entete", tmp_path, acces__entete='"X-Remote-User"')
    at = run(demo_url, "pages/synthese.py", config=cfg)  # AppTest: no server.address set
    assert "refusé" in texts(at) and "127.0.0.1" in texts(at) and not at.metric
