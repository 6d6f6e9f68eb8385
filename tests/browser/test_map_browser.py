"""Headless Chromium on the running app: the Carte page draws the département's communes with its
legend and labels without any network, and a click on a unit makes it the territory (URL).

Screenshots are written to ``tests/browser/screenshots/`` (look at them)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.pages import synthetic

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    pytest.importorskip("playwright")
    url = synthetic.write(tmp_path_factory.mktemp("browser_map") / "carte.sqlite", n_foyers=900)
    port = free_port()
    env = dict(os.environ, DECLIK_DB=url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def open_map(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=180_000)
    frame = page.frame_locator("iframe[title*='streamlit_folium']")
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=120_000)
    frame.locator(".declik-legend").wait_for(timeout=60_000)
    return frame


def point_on_page(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a point of the map (through Leaflet's own projection)."""
    iframe = page.locator("iframe[title*='streamlit_folium']")
    box = iframe.bounding_box()
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }", [lat, lon])
    return box["x"] + x, box["y"] + y


def test_carte_page_in_headless_chromium(app_url):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.on("pageerror", lambda e: errors.append(str(e)))
        frame = open_map(page, f"{app_url}/carte")
        page.wait_for_timeout(1500)
        # MDCS level by default: 5 units, outline, MDCS lines (none at this level), 3 labels
        assert frame.locator(".declik-label").count() == 3
        labels = frame.locator(".declik-label").all_inner_texts()
        assert labels == ["Blois", "Vendôme", "Romorantin-Lanthenay"]
        legend = frame.locator(".declik-legend").inner_text()
        assert "Classes" in legend and "IGN Admin Express / INSEE" in legend
        page.screenshot(path=str(SHOTS / "carte_mdcs.png"), full_page=False)

        # a click on a unit selects it: the sidebar filter and the URL follow. Click where
        # Leaflet draws a point of MDCS Vendôme (47.70° N, 0.95° E: Montoire-sur-le-Loir).
        X, Y = point_on_page(page, 47.70, 0.95)
        page.mouse.click(X, Y)
        page.wait_for_function("() => location.search.includes('territoire=mdcs')",
                               timeout=120_000)
        assert "territoire=mdcs%3AVEN" in page.url or "territoire=mdcs:VEN" in page.url
        page.get_by_text("Territoire choisi").wait_for(timeout=120_000)

        # communes: 267 polygons, MDCS borders drawn over them
        page.get_by_role("button", name="Commune", exact=True).or_(
            page.get_by_role("radio", name="Commune", exact=True)).first.click()
        frame = page.frame_locator("iframe[title*='streamlit_folium']")
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].some(f => { try { return "
            "f.contentDocument.querySelectorAll('path.leaflet-interactive').length >= 267 } "
            "catch (e) { return false } })", timeout=180_000)
        page.wait_for_timeout(1500)
        assert "Limite de MDCS" in frame.locator(".declik-legend").inner_text()
        page.screenshot(path=str(SHOTS / "carte_communes.png"), full_page=False)
        assert not page.locator("[data-testid='stException']").count()
        browser.close()
    assert not errors, errors
