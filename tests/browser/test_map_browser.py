"""Headless Chromium on the running app: the Carte page draws the département's communes with its
legend and labels without any network, and a click on a unit makes it the territory (URL).

Screenshots are written to ``tests/artifacts/screenshots/`` (gitignored; look at them)."""
from __future__ import annotations

from pathlib import Path

import pytest

from data.referentiel import referentiel_of
from tests.helpers.browser import (
    ARGS,
    CHROMIUM,
    MAP_IFRAME,
    aim_at_unit,
    open_map,
    point_on_page,
    settled_map,
    territory_in_url,
    wait_idle,
    wait_map_level,
)
from tests.helpers.config import test_settings
from tests.pages import synthetic

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
# a point per level, spread over the département (the unit holding it is clicked)
POINTS = {"canton": (47.36, 1.74), "epci": (47.59, 1.33), "arrondissement": (47.79, 1.07),
          "zone_emploi": (47.45, 1.20), "commune": (47.70, 0.95)}


@pytest.fixture(scope="module")
def app_url(start_app, tmp_path_factory):
    pytest.importorskip("playwright")
    return start_app(synthetic.write(tmp_path_factory.mktemp("browser_map") / "carte.sqlite",
                                     n_foyers=900))


def test_carte_page_in_headless_chromium(app_url):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.on("pageerror", lambda e: errors.append(str(e)))
        frame = open_map(page, f"{app_url}/carte")
        page.wait_for_timeout(1500)
        # the first visit of a fresh server is a link to /carte: it still goes through the
        # router (French menu with every page, wide layout: the map takes the page's width)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Synthèse" in nav and "Définitions" in nav and "View" not in nav
        assert page.locator(MAP_IFRAME).first.bounding_box()["width"] > 850
        # MDCS level by default: 5 units, outline, MDCS lines (none at this level), 3 labels
        assert frame.locator(".declik-label").count() == 3
        labels = frame.locator(".declik-label").all_inner_texts()
        assert labels == ["Blois", "Vendôme", "Romorantin-Lanthenay"]
        legend = frame.locator(".declik-legend").inner_text()
        assert "Classes" in legend and "IGN Admin Express / INSEE" in legend
        assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom avant"
        page.screenshot(path=str(SHOTS / "carte_mdcs.png"), full_page=False)

        # a click on a unit selects it: the sidebar filter and the URL follow. Click where
        # Leaflet draws MDCS Vendôme (around 47.70° N, 0.95° E: Montoire-sur-le-Loir)
        ref = referentiel_of(test_settings())
        code, X, Y = aim_at_unit(page, ref, "mdcs", 47.70, 0.95)
        assert code == "VEN"
        page.mouse.click(X, Y)
        page.wait_for_function("() => location.search.includes('territoire=mdcs')",
                               timeout=120_000)
        assert territory_in_url(page, "mdcs", "VEN")
        page.get_by_text("Territoire choisi :").first.wait_for(timeout=120_000)

        # every other level: its units drawn, a click on one (a point far from its borders, in
        # another part of the département each time) selects it — canton, EPCI,
        # arrondissement, zone d'emploi, commune (267 polygons, MDCS borders drawn over them)
        for niveau in [n for n in ref.level_ids if n not in ("departement", "mdcs")]:
            lat, lon = POINTS[niveau]
            page.get_by_role("button", name=ref.libelle(niveau), exact=True).or_(
                page.get_by_role("radio", name=ref.libelle(niveau), exact=True)).first.click()
            frame = wait_map_level(page, ref.units(niveau).height)
            page.wait_for_timeout(1000)
            code, X, Y = aim_at_unit(page, ref, niveau, lat, lon)
            page.mouse.click(X, Y)
            page.wait_for_function(
                "([n, c]) => { const q = new URLSearchParams(location.search);"
                " return q.get('territoire') === n + ':' + c; }",
                arg=[niveau, code], timeout=120_000)
            wait_idle(page)
            nom = ref.units(niveau).filter(code=code)["nom"][0]
            chosen = page.get_by_text("Territoire choisi :").first.inner_text()
            assert nom in chosen, (niveau, code, chosen)
        assert niveau == "commune"
        frame = settled_map(page)
        assert frame.locator("path.leaflet-interactive").count() >= 267
        assert "Limite de MDCS" in frame.locator(".declik-legend").inner_text()
        page.screenshot(path=str(SHOTS / "carte_communes.png"), full_page=False)

        # a unit's tooltip is drawn above the legend and the other controls (it used to slide
        # under the legend: « Commune : » then nothing): its pane sits in the map's container
        # above the control corners (tooltips take no pointer events, so hit testing cannot
        # see them), and a hovered commune's tooltip shows its name and value
        above = frame.locator("body").evaluate(
            """() => { const tips = document.querySelector('.leaflet-tooltip-pane');
                       const corner = document.querySelector('.leaflet-top.leaflet-right');
                       return tips.parentNode === window.map.getContainer()
                           && +getComputedStyle(tips).zIndex > +getComputedStyle(corner).zIndex; }""")
        assert above, "les info-bulles passent sous la légende"
        # the layers control shows its icon (Leaflet's images inlined in its stylesheet)
        icon = frame.locator(".leaflet-control-layers-toggle").evaluate(
            "e => getComputedStyle(e).backgroundImage")
        assert icon.startswith('url("data:image/png;base64,'), icon[:60]
        X, Y = point_on_page(page, 47.70, 0.95)
        page.mouse.move(X, Y)
        tip = frame.locator(".leaflet-tooltip").first
        tip.wait_for(state="visible", timeout=30_000)
        text = tip.inner_text()
        assert "Commune :" in text and text.split("Commune :")[1].strip()
        page.screenshot(path=str(SHOTS / "carte_info_bulle.png"), full_page=False)
        assert not page.locator("[data-testid='stException']").count()
        browser.close()
    assert not errors, errors
