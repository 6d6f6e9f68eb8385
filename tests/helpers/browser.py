"""The app served by ``streamlit run app.py`` on a free local port, for headless Chromium
(``/usr/bin/chromium``, never a downloaded browser)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit s'est arrêté (code {proc.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError("streamlit ne répond pas")


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server started for a test: terminate, then kill if it is still there."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def serve_app(env: dict[str, str], cwd: Path = ROOT, log=subprocess.DEVNULL,
              port: int | None = None) -> Iterator[str]:
    """``streamlit run app.py`` on ``port`` (default: a free one) from ``cwd`` with the
    environment ``env`` (output to ``log``); yields its base URL once healthy and stops the server
    on exit."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        stop(proc)


def app_environment(db_url: str | None, **extra: str) -> dict[str, str]:
    """The environment of a served app: this one's, the project on the path, ``DECLIK_DB`` =
    ``db_url`` (unset when None: the configured database), plus ``extra``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    env.pop("DECLIK_DB", None)
    if db_url is not None:
        env["DECLIK_DB"] = db_url
    return env


@contextmanager
def streamlit_app(db_url: str | None) -> Iterator[str]:
    """The app served on a free port (``DECLIK_DB=db_url``, or the configured demo when None);
    yields its base URL and stops the server on exit."""
    with serve_app(app_environment(db_url)) as url:
        yield url


IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def wait_idle(page, timeout_ms: int = 240_000) -> None:
    """Until the script run is over and the page stops changing (same number of elements over
    three checks): the status widget alone is not shown with ``toolbarMode = "minimal"``."""
    page.wait_for_function(IDLE, timeout=timeout_ms, polling=300)
    page.wait_for_function(
        """() => {
            const n = document.querySelectorAll('[data-testid="stElementContainer"]').length
                      + document.querySelectorAll('.js-plotly-plot .main-svg').length;
            const w = window.__declikStable || (window.__declikStable = {n: -1, k: 0});
            w.k = (n === w.n) ? w.k + 1 : 0;
            w.n = n;
            return w.k >= 3;
        }""", timeout=timeout_ms, polling=500)
    page.evaluate("() => { window.__declikStable = undefined; }")


# ---- the Carte page (streamlit-folium map in its iframe) ----------------------------------------
MAP_IFRAME = "iframe[title*='streamlit_folium']"


def settled_map(page):
    """The map's frame once the script run is over and a single map iframe is left: while
    Streamlit reruns, the previous run's (stale) map iframe can stay in the page beside the new
    one, and a locator resolving to both fails in strict mode."""
    page.wait_for_function(
        f"""() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState
                      === 'notRunning'
                  && document.querySelectorAll("{MAP_IFRAME}").length === 1""",
        timeout=180_000, polling=250)
    return page.frame_locator(MAP_IFRAME).first


def open_map(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_IFRAME, timeout=180_000)
    frame = settled_map(page)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=120_000)
    frame.locator(".declik-legend").first.wait_for(timeout=60_000)
    return frame


def point_on_page(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a point of the map (through Leaflet's own projection)."""
    settled_map(page)
    iframe = page.locator(MAP_IFRAME).first
    # the whole map in the window: a point below it cannot be clicked (Playwright's
    # scroll_into_view_if_needed leaves a partly visible frame where it is)
    iframe.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = iframe.bounding_box()
    frame = iframe.content_frame
    x, y = frame.locator("body").evaluate(
        "(body, [lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }", [lat, lon])
    return box["x"] + x, box["y"] + y


def unit_point(ref, niveau: str, lat: float, lon: float) -> tuple[str, float, float]:
    """``(code, lat, lon)``: the unit of ``niveau`` holding the point ``(lat, lon)`` and the point
    of it farthest from its borders, as the interactive map draws it (its level of detail), so
    that a click there cannot land on a neighbour."""
    import shapely
    from shapely.geometry import Point

    from geo import geometry

    g = geometry.level_geometries(niveau, geometry.default_detail(niveau), ref)
    hit = g[g.contains(Point(lon, lat))]
    assert len(hit) == 1, f"{len(hit)} unité(s) {niveau} en ({lat}, {lon})"
    geom = hit.geometry.iloc[0]
    part = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
    centre = shapely.maximum_inscribed_circle(part, 1e-4).coords[0]
    return str(hit["code"].iloc[0]), centre[1], centre[0]


# what a click at a point of the map's frame reaches: « unit:<code> » for a unit of the choropleth
# (a Leaflet layer with a feature), else the element's tag and class (a place's marker, the
# legend, nothing)
_REACHED = """(body, [x, y]) => {
    const e = document.elementFromPoint(x, y);
    if (!e) { return 'rien'; }
    for (const l of Object.values(window.map._layers)) {
        if (l._path === e) {
            const p = (l.feature || {}).properties || {};
            return p.code !== undefined ? 'unit:' + p.code : 'calque:' + e.tagName;
        }
    }
    return 'element:' + e.tagName + '.' + (e.getAttribute('class') || '');
}"""


def aim_at_unit(page, ref, niveau: str, lat: float, lon: float) -> tuple[str, float, float]:
    """``(code, x, y)``: the unit of ``niveau`` at ``(lat, lon)`` and the page point where a click
    reaches it — checked, before any click, in the page (the point is inside the window, on the
    map's frame) and in the frame (``elementFromPoint`` is that unit's path, not a place's marker
    or the legend): a click that does not select then says where it went."""
    code, ulat, ulon = unit_point(ref, niveau, lat, lon)
    x, y = point_on_page(page, ulat, ulon)
    vw = page.viewport_size
    assert 0 <= x < vw["width"] and 0 <= y < vw["height"], (x, y, vw)
    iframe = page.locator(MAP_IFRAME).first
    on_page = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                            " return e ? e.tagName + ' ' + (e.title || '') : 'rien'; }", [x, y])
    assert on_page.startswith("IFRAME") and "streamlit_folium" in on_page, on_page
    box = iframe.bounding_box()
    reached = iframe.content_frame.locator("body").evaluate(_REACHED, [x - box["x"], y - box["y"]])
    assert reached == f"unit:{code}", (niveau, code, reached)
    return code, x, y


def wait_map_level(page, n_units: int, timeout_ms: int = 180_000):
    """Until a single settled map draws exactly ``n_units`` units (features with a code); returns
    its frame."""
    page.wait_for_function(
        f"""n => {{ const f = document.querySelectorAll("{MAP_IFRAME}");
            if (f.length !== 1) {{ return false; }}
            const m = f[0].contentWindow && f[0].contentWindow.map;
            return !!m && Object.values(m._layers).filter(
                l => l._path && l.feature && l.feature.properties
                     && l.feature.properties.code !== undefined).length === n; }}""",
        arg=n_units, timeout=timeout_ms, polling=500)
    return settled_map(page)


def territory_in_url(page, niveau: str, code: str) -> bool:
    return f"territoire={niveau}%3A{code}" in page.url or f"territoire={niveau}:{code}" in page.url
