"""Hostile text from the URL and from the extraction, in the real app (headless Chromium): no
link, no image fetched, no bold, no traceback; a period before 2000 gives a French message and
the default period; an extraction source of 400 characters is shown whole and the DOCX / PPTX
packs still build (core properties shortened)."""
from __future__ import annotations

import http.server
import io
import threading
import urllib.parse
from pathlib import Path

import polars as pl
import pytest

from tests.browser.oidc import app_with_sign_in
from tests.helpers.browser import ARGS, CHROMIUM, free_port, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Tracker(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server API
        _Tracker.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def tracker():
    port = free_port()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Tracker)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield port
    srv.shutdown()


def hostile_source(port: int) -> str:
    return ("**Gras** [Session expirée : cliquez ici](https://evil.example/login) "
            f"![x](http://127.0.0.1:{port}/source.png) <img src='http://127.0.0.1:{port}/h.png'> "
            "$x^2$ " + "suite très longue de la source " * 12)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, tracker) -> str:
    from data.writer import write_extraction
    from tests.pages import synthetic

    t = synthetic.tables(n_foyers=400)
    t["extraction"] = t["extraction"].with_columns(pl.lit(hostile_source(tracker)).alias("source"))
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.sqlite'}"
    write_extraction(url, t)
    return url


@pytest.fixture(scope="module")
def open_app(tmp_path_factory, hostile_db):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent")
    wd = tmp_path_factory.mktemp("hostile_app")
    with app_with_sign_in(None, wd, hostile_db, mode="ouvert") as base:
        yield base


def test_url_and_source_are_never_markdown(open_app, tracker):
    from playwright.sync_api import sync_playwright

    _Tracker.hits.clear()
    q = urllib.parse.urlencode({
        "periode": "[Session expirée : cliquez ici](https://evil.example/login)",
        "territoire": f"commune:![x](http://127.0.0.1:{tracker}/track.png)"})
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = b.new_page(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        for url in (f"{open_app}/synthese?{q}", f"{open_app}/territoires?periode=0001",
                    f"{open_app}/synthese?periode=1999-T4_x"):
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector("h1", timeout=240_000)
            wait_idle(page)
            page.wait_for_timeout(1500)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('a[href*="evil.example"]').count() == 0
            assert page.locator('img[src*="127.0.0.1"]').count() == 0
            html = page.content()
            assert "<strong>Gras</strong>" not in html and "<b>Gras</b>" not in html
            body = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
            assert "Accès ouvert sans authentification" in body
            # the whole source is shown, as text
            assert "**Gras** [Session expirée : cliquez ici](https://evil.example/login)" in body
            if "0001" in url:
                assert "période par défaut affichée" in body
                assert "Traceback" not in body and "/work/" not in body
        b.close()
    assert not _Tracker.hits, _Tracker.hits


def test_long_hostile_source_in_docx_and_pptx(hostile_db, tmp_path):
    from docx import Document
    from pptx import Presentation

    from reports.cli import main
    from tests.fixtures.access import config_with

    cfg = config_with("auto", tmp_path, audit__fichier=f'"{tmp_path / "audit.jsonl"}"')
    for fmt in ("docx", "pptx"):
        out = tmp_path / f"pack.{fmt}"
        assert main(["build", "--periode", "2025", "--format", fmt, "--out", str(out),
                     "--db", hostile_db, "--config", cfg]) == 0
        if fmt == "docx":
            d = Document(str(out))
            props = d.core_properties
            text = "\n".join(p.text for p in d.paragraphs)
        else:
            prs = Presentation(io.BytesIO(out.read_bytes()))
            props = prs.core_properties
            text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes
                             if sh.has_text_frame)
        assert len(props.subject) <= 255 and len(props.title) <= 255
        assert "suite très longue de la source" * 1 in text
        assert "**Gras** [Session expirée" in text
