"""The real app in headless Chromium, as a French reader and a printer see it: ``lang="fr"``,
a French page-not-found message (and the home page's own slug opening the home page), the print
stylesheet (no sidebar on paper), and a screenshot of canton 4104 on every page
(``tests/artifacts/canton_4104/``, gitignored) for a person to look at."""
from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT
from tests.helpers.browser import wait_idle
from ui.pages_list import available_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = ROOT / "tests" / "artifacts" / "canton_4104"


@pytest.fixture(scope="module")
def page(browser_page):
    return browser_page


def _open(page, url: str) -> str:
    page.goto(url)
    wait_idle(page)
    # a fresh server first opens the extraction (cached resource): wait for its spinner to go
    page.wait_for_function(
        "() => !document.body.innerText.includes(\"Ouverture et contrôle de l'extraction\")",
        timeout=300_000, polling=500)
    wait_idle(page)
    return page.inner_text("body")


def test_html_lang_is_french(page, server):
    _open(page, f"{server}/?territoire=canton:4104")
    page.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=20_000)
    assert page.evaluate("() => document.documentElement.lang") == "fr"


def test_unknown_page_is_french(page, server):
    body = _open(page, f"{server}/nimportequoi")
    assert "Page introuvable" in body and "/nimportequoi" in body
    assert "Page not found" not in body and "Running the app" not in body


def test_home_slug_opens_the_home_page(page, server):
    body = _open(page, f"{server}/synthese")
    assert "Page not found" not in body
    assert "Foyers bénéficiaires du RSA" in body, body[:3000]


def test_print_stylesheet_hides_the_sidebar(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _open(page, f"{server}/?territoire=canton:4104&periode=2025")
    page.emulate_media(media="print")
    try:
        shown = page.evaluate("""() => {
            const s = document.querySelector('[data-testid="stSidebar"]');
            return s ? getComputedStyle(s).display : 'none';
        }""")
        assert shown == "none"
        page.screenshot(path=str(SHOTS / "impression_synthese.png"), full_page=True)
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("spec", available_pages(), ids=[p.url_path for p in available_pages()])
def test_canton_4104_screenshot(page, server, spec):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = "" if spec.default else spec.url_path
    body = _open(page, f"{server}/{path}?territoire=canton:4104&periode=2025")
    assert "Traceback" not in body and "Error" not in body.replace("Erreur", "")
    page.screenshot(path=str(SHOTS / f"{spec.url_path}.png"), full_page=True)


# Streamlit's own English names of its controls (help icons, selectors, table toolbar), which
# ui.theme rewrites in French; the page is read as a screen reader reads it (aria-label, title,
# placeholder) and as it is shown.
ENGLISH_NAMES = re.compile(r"^(Help( for .*)?|Choose an option|Choose options|Open|Close|"
                           r"Clear all|Clear value|Fullscreen|Close fullscreen|Search|"
                           r"Download as CSV|Show/hide columns|Toggle attribution)$")
NAMES = """() => { const out = [];
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]'))
    for (const a of ['aria-label', 'title', 'placeholder']) {
      const v = el.getAttribute(a); if (v) out.push(v); }
  return out; }"""


def test_no_english_names_of_controls(page, server):
    body = _open(page, f"{server}/?territoire=canton:4104&periode=2025")
    names = page.evaluate(NAMES)
    assert any(n.startswith("Aide : Foyers bénéficiaires") for n in names), names
    english = sorted({n for n in names if ENGLISH_NAMES.match(n)})
    assert not english, english
    assert "Help for" not in body and "Choose an option" not in body
