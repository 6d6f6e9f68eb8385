"""Headless Chromium on the Loiret (``DECLIK_CONFIG`` = the tests' copy of config.45.toml): the
Carte page draws the 325 communes by bassin d'emploi with the places of the offer as points,
toggled per type in the map's control, their names as tooltips. Screenshot (look at it):
``tests/artifacts/screenshots/carte_loiret_lieux.png``."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.referentiel import referentiel_of
from tests.helpers.browser import (
    ARGS,
    CHROMIUM,
    MAP_IFRAME,
    aim_at_unit,
    open_map,
    settled_map,
    streamlit_app,
    territory_in_url,
)
from tests.helpers.config import CONFIGS, config_settings
from tests.pages import synthetic

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def loiret_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    pytest.importorskip("playwright")
    ref = referentiel_of(config_settings("45"))
    db = synthetic.write(tmp_path_factory.mktemp("loiret") / "s45.sqlite", n_foyers=900, ref=ref)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECLIK_CONFIG", str(CONFIGS["45"]))
        with streamlit_app(db) as url:
            yield url


def test_loiret_map_with_places(loiret_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 1100}, locale="fr-FR")
        frame = open_map(page, f"{loiret_url}/carte?territoire=departement")
        # 4 bassins d'emploi drawn, the points of the offer and one control entry per type
        frame.locator(".leaflet-control-layers-overlays label").first.wait_for(
            state="attached", timeout=60_000)
        labels = frame.locator(".leaflet-control-layers-overlays label").all_text_contents()
        assert any("Point numérique public" in t for t in labels), labels
        assert any("France Travail" in t for t in labels), labels
        n_points = frame.locator("path.leaflet-interactive").count()
        assert n_points > 4 + 100  # the bassins plus the places (~170 in the synthetic lieu)
        assert "Bassin d'emploi" in frame.locator(".declik-legend").inner_text()
        # toggling a type hides its points
        before = frame.locator("path.leaflet-interactive").count()
        box = frame.locator(".leaflet-control-layers-overlays label",
                            has_text="Point numérique public").locator("input")
        frame.locator(".leaflet-control-layers").hover()  # the control opens on hover
        box.uncheck()
        after = frame.locator("path.leaflet-interactive").count()
        assert after < before
        box.check()
        page.mouse.move(5, 5)  # the control folds back: the screenshot shows the whole map
        settled_map(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(MAP_IFRAME).first.screenshot(path=str(SHOTS / "carte_loiret_lieux.png"))

        # a click on a bassin d'emploi (the places drawn over it) selects it: Montargis's
        ref = referentiel_of(config_settings("45"))
        code, x, y = aim_at_unit(page, ref, "zone_emploi", 48.00, 2.73)
        page.mouse.click(x, y)
        page.wait_for_function("() => location.search.includes('territoire=zone_emploi')",
                               timeout=120_000)
        assert territory_in_url(page, "zone_emploi", code), page.url
        nom = ref.units("zone_emploi").filter(code=code)["nom"][0]
        page.get_by_text("Territoire choisi :").first.wait_for(timeout=120_000)
        assert nom in page.get_by_text("Territoire choisi :").first.inner_text()
        browser.close()
    assert os.path.getsize(SHOTS / "carte_loiret_lieux.png") > 20_000
