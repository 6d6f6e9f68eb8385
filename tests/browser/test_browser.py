"""The real app in headless Chromium: ``streamlit run app.py`` on a free port, every page of the
router's page list loaded, charts waited for, no error element, a screenshot of each page saved
to ``tests/artifacts/screenshots/`` (gitignored) for a person to look at."""
from __future__ import annotations

import pytest

from tests.helpers import ROOT
from tests.helpers.browser import wait_idle
from ui.pages_list import available_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
# Plotly charts expected at least, per page, on the demo (département, default filters).
MIN_CHARTS = {"synthese": 2, "allocataires": 5, "parcours": 5, "orientations": 5, "equipes": 4,
              "actions": 4, "freins": 3, "jeunes": 4, "budget": 3}


def wait_rendered(page, min_charts: int, timeout_ms: int = 240_000) -> None:
    """Wait until the script run is over and the expected charts are drawn."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_function(
        """(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n""",
        arg=min_charts, timeout=timeout_ms, polling=500)
    wait_idle(page, timeout_ms)
    # plotly draws asynchronously: wait until every chart has its SVG and the page stops growing
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
                   .every(p => p.querySelector('.main-svg') !== null)""", timeout=60_000)
    # embedded documents (the folium map) finished loading
    page.wait_for_function(
        """() => [...document.querySelectorAll('iframe')].every(
                 f => !f.contentDocument || f.contentDocument.readyState === 'complete')""",
        timeout=60_000)


PAGES = available_pages()


def screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the viewport is made as tall
    as the content for the shot, then restored."""
    h = page.evaluate("""() => Math.max(...['[data-testid="stMain"]', '[data-testid="stSidebar"]']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": 1440, "height": min(int(h) + 40, 12000)})
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
                   .every(p => p.querySelector('.main-svg') !== null)""", timeout=60_000)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_in_chromium(browser_page, server, spec):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = "" if spec.default else spec.url_path
    browser_page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    wait_rendered(browser_page, MIN_CHARTS.get(spec.url_path, 0))
    title = browser_page.locator("h1").first.inner_text()
    assert title.strip(), "page sans titre"
    errors = browser_page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    screenshot(browser_page, spec.url_path)


def test_link_with_filters_opens_the_same_view(browser_page, server):
    browser_page.goto(f"{server}/parcours?periode=2025&territoire=mdcs:VEN&comparaison=precedente",
                      wait_until="domcontentloaded")
    wait_rendered(browser_page, 3)
    body = browser_page.locator('[data-testid="stMain"]').inner_text()
    assert "MDCS Vendôme" in body and "2025" in body
    assert browser_page.locator('[data-testid="stException"]').count() == 0
    assert "territoire=mdcs%3AVEN" in browser_page.url or "territoire=mdcs:VEN" in browser_page.url
    screenshot(browser_page, "parcours_mdcs_VEN_2025")


def test_territory_view_has_its_thumbnail_map(browser_page, server):
    """A canton's fiche: its profile beside the département and the thumbnail map of the cantons
    with this one outlined (issue 4: map panels in Synthèse and Territoires)."""
    browser_page.goto(f"{server}/territoires?territoire=canton:4104", wait_until="domcontentloaded")
    wait_rendered(browser_page, 1)
    body = browser_page.locator('[data-testid="stMain"]').inner_text()
    assert "Canton Blois-3" in body and "Foyers bénéficiaires du RSA par canton" in body
    assert browser_page.locator('[data-testid="stException"]').count() == 0
    screenshot(browser_page, "territoires_canton_4104")
