"""A real OpenID Connect provider for the browser tests (the PyPI package ``oidc-provider-mock``,
started on a free local port) and the app started against it from a temporary directory holding
its own ``.streamlit/secrets.toml`` (``[auth]``) and ``config.toml`` (audit file in the temporary
directory): a real secret is never written in the project."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fixtures.access import config_with
from tests.helpers import ROOT
from tests.helpers.browser import app_environment, free_port, serve_app, stop, wait_idle

USERS = {  # sub → claims of the demo habilitations (data/habilitations_demo.toml)
    "direction@declik.test": {"email": "direction@declik.test", "name": "Direction"},
    "mdcs.blois@declik.test": {"email": "mdcs.blois@declik.test", "name": "MDCS Blois"},
    "elu.4104@declik.test": {"email": "elu.4104@declik.test", "name": "Élue Blois-3"},
    "vendome@declik.test": {"email": "vendome@declik.test", "groups": ["DECLIK-MDCS-VENDOME"]},
    "inconnu@declik.test": {"email": "inconnu@declik.test", "name": "Inconnu"},
}


def _bin(name: str) -> str:
    cand = Path(sys.executable).with_name(name)
    return str(cand) if cand.exists() else shutil.which(name) or name


@contextmanager
def provider(users: dict[str, dict] | None = None) -> Iterator[str]:
    """``oidc-provider-mock`` on a free port; yields its issuer URL."""
    users = USERS if users is None else users
    for _attempt in range(3):
        port = free_port()
        cmd = [_bin("oidc-provider-mock"), "--port", str(port), "--host", "127.0.0.1"]
        for sub, claims in users.items():
            cmd += ["--user-claims", json.dumps({"sub": sub, **claims})]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 30
        ok = False
        while time.monotonic() < end and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    ok = True
                    break
            except OSError:
                time.sleep(0.3)
        if ok:
            try:
                yield url
            finally:
                stop(proc, timeout=10)
            return
        proc.kill()
    raise RuntimeError("oidc-provider-mock ne démarre pas")


@contextmanager
def app_with_sign_in(issuer: str | None, workdir: Path, db_url: str | None = None,
                     mode: str = "auto", **config: str) -> Iterator[str]:
    """The app served on a free port from ``workdir`` (its own .streamlit/config.toml and, with an
    ``issuer``, secrets.toml [auth]); audit file ``workdir/audit.jsonl``."""
    port = free_port()
    st_dir = workdir / ".streamlit"
    st_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", st_dir / "config.toml")
    base = f"http://127.0.0.1:{port}"
    if issuer:
        (st_dir / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "{base}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "declik-tests"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        os.chmod(st_dir / "secrets.toml", 0o600)
    cfg = config_with(mode, workdir, audit__fichier=json.dumps(str(workdir / "audit.jsonl")),
                      **config)
    with open(workdir / "streamlit.log", "wb") as log, \
            serve_app(app_environment(db_url, DECLIK_CONFIG=cfg), workdir, log, port) as url:
        yield url


def audit_lines(workdir: Path) -> list[dict]:
    p = workdir / "audit.jsonl"
    if not p.exists():
        return []
    return [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]


def sign_in(chromium, base: str, sub: str):
    """A fresh browser context (its own cookies) signed in as ``sub``; returns its page."""
    ctx = chromium.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR",
                               accept_downloads=True)
    page = ctx.new_page()
    page.goto(base + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="Se connecter").click(timeout=120_000)
    page.wait_for_selector('input[name="sub"]', timeout=60_000)
    page.fill('input[name="sub"]', sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**", timeout=60_000)
    page.wait_for_selector("h1", timeout=240_000)
    wait_idle(page)
    return page
