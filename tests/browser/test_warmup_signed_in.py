"""The start-up warm-up (:mod:`ui.warmup`) under the OpenID Connect sign-in: ``streamlit run``
in ``[acces] mode = "oidc"`` against a real local provider (``oidc-provider-mock``,
:mod:`tests.browser.oidc`), read from outside through the server's diagnostics file
(``DECLIK_DIAG``: every half second, the warm-up's status and the views computed, by function).

- Before anybody signs in, the warm-up has run the home page once — stopped at the sign-in —
  and opened the snapshot: no page view computed.
- An anonymous session (the app's websocket, as a browser speaks it) opening every page of the
  menu gets the sign-in page and nothing else: no figure, no chart, no table, no map; and it
  computes nothing.
- Control: a direction signing in with Chromium computes the Synthèse's views (the diagnostics
  see computations: the first check can fail); an anonymous session opened after that, when
  every view it could ask for is in the shared caches, still sees no figure."""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from tests.browser.oidc import app_with_sign_in, provider, sign_in
from tests.helpers.browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# everything the sign-in page is made of (the theme's style, its title, the notice, the button):
# no card (metric), chart, table, map, image or download
SIGN_IN = {"html", "heading", "alert", "button"}


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(raw))
        except json.JSONDecodeError:  # a line being written
            continue
    return out


def _wait(path: Path, ok, timeout: float, what: str) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        hits = [x for x in _lines(path) if "warmup" in x and ok(x)]
        if hits:
            return hits[-1]
        time.sleep(0.5)
    raise AssertionError(f"{what} : rien en {timeout:.0f} s ; dernière ligne "
                         f"{(_lines(path) or [{}])[-1].get('warmup')}")


def _next(path: Path) -> dict:
    """A diagnostics line begun after this call (the second one written from now)."""
    n = len(_lines(path))
    end = time.monotonic() + 30
    while len(_lines(path)) < n + 2:
        assert time.monotonic() < end, "plus de diagnostics"
        time.sleep(0.2)
    return _lines(path)[-1]


async def _anonymous(base: str, paths: list[str]) -> dict[str, object]:
    from bench.ws_client import Session

    out = {}
    async with Session(base, timeout=120) as s:
        for p in paths:
            out[p] = await s.open(p)
    return out


def _no_figure(runs: dict) -> None:
    for path, run in runs.items():
        assert not run.exceptions, (path, run.exceptions)
        # before sign-in the menu holds no page: Streamlit says « not found » for any other
        # path and runs the one hidden page, the sign-in
        assert all(e.startswith("page introuvable") for e in run.errors), (path, run.errors)
        assert bool(run.errors) == (path != ""), (path, run.errors)
        assert run.elements.get("button", 0) >= 1, (path, run.elements)  # « Se connecter »
        assert set(run.elements) <= SIGN_IN, (path, run.elements)


def test_the_warmup_under_oidc_computes_nothing_and_shows_nobody_anything(tmp_path,
                                                                         monkeypatch):
    import shutil
    import sys

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    if not (Path(sys.executable).with_name("oidc-provider-mock").exists()
            or shutil.which("oidc-provider-mock")):
        pytest.fail("oidc-provider-mock absent : pip install -r requirements.txt")
    sync_api = pytest.importorskip("playwright.sync_api")
    from data.opening import ensure_demo
    from settings import load_settings
    from ui.warmup import page_paths

    ensure_demo(load_settings())
    diag = tmp_path / "diag.jsonl"
    monkeypatch.setenv("DECLIK_DIAG", str(diag))  # the served app's environment is this one's
    monkeypatch.setenv("DECLIK_DIAG_S", "0.5")
    paths = page_paths()
    with provider() as issuer, app_with_sign_in(issuer, tmp_path, mode="oidc") as base:
        line = _wait(diag, lambda x: x["warmup"]["done"], 240, "fin de l'échauffement")
        w = line["warmup"]
        assert w["pages"] == [""] and w["errors"] == [], w  # the home page, stopped at sign-in
        assert w["snapshot"], w  # the snapshot opened
        assert line["calculs"] == {}, line["calculs"]  # no view computed

        runs = asyncio.run(_anonymous(base, paths))
        assert set(runs) == set(paths) and len(paths) == 17
        _no_figure(runs)
        assert _next(diag)["calculs"] == {}  # the anonymous session computed nothing

        # control: a signed-in direction computes the Synthèse's views …
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                page = sign_in(browser, base, "direction@declik.test")
                page.wait_for_selector('[data-testid="stMetric"]', timeout=240_000)
                assert page.locator('[data-testid="stMetric"]').count() >= 4
                page.context.close()
            finally:
                browser.close()
        seen = _wait(diag, lambda x: sum(x["calculs"].values()) > 0, 60, "calculs")
        assert any(k.endswith(".masked_values") for k in seen["calculs"]), seen["calculs"]
        # … and an anonymous session, with those views in the shared caches, still sees none
        _no_figure(asyncio.run(_anonymous(base, paths)))
