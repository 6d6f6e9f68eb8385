"""Access modes: the demo opens without a provider, any other extraction is blocked without
sign-in, the trusted-header mode is refused unless the server listens on localhost."""
from __future__ import annotations

import pytest

from access.mode import resolve
from settings import DEMO_DB, Settings


def test_demo_without_auth_is_open_with_banner():
    assert resolve("auto", "", False, True, "").mode == "demo"


def test_other_extraction_without_auth_is_blocked():
    a = resolve("auto", "", False, False, "")
    assert a.mode == "bloque" and "secrets.toml" in a.message and "[auth]" in a.message


def test_auth_configured_means_sign_in_even_on_the_demo():
    assert resolve("auto", "", True, True, "").mode == "oidc"
    assert resolve("oidc", "", True, False, "").mode == "oidc"
    assert resolve("oidc", "", False, True, "").mode == "bloque"


def test_explicit_open_mode():
    assert resolve("ouvert", "", False, False, "0.0.0.0").mode == "ouvert"


@pytest.mark.parametrize("addr", ["127.0.0.1", "localhost", "::1"])
def test_header_mode_on_localhost(addr):
    a = resolve("entete", "X-Remote-User", False, False, addr)
    assert a.mode == "entete" and a.entete == "X-Remote-User"


@pytest.mark.parametrize("addr", ["", "0.0.0.0", "10.1.2.3", "::"])
def test_header_mode_refused_on_a_public_address(addr):
    a = resolve("entete", "X-Remote-User", False, False, addr)
    assert a.mode == "refus" and "127.0.0.1" in a.message


def test_header_mode_needs_a_header_name_and_unknown_mode_is_refused():
    assert resolve("entete", "", False, False, "127.0.0.1").mode == "refus"
    assert resolve("portes-ouvertes", "", False, True, "").mode == "refus"


def test_demo_is_the_bundled_file_only(tmp_path):
    assert Settings().uses_demo
    assert Settings(db_url=f"sqlite:///{DEMO_DB}").uses_demo
    assert not Settings(db_url=f"sqlite:///{tmp_path / 'autre.sqlite'}").uses_demo
    assert not Settings(db_url="postgresql+psycopg://x@h/rsa").uses_demo
