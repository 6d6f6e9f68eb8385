"""Printing a page, as an elected official does: the print stylesheet on the interactive page
(no sidebar, no download button) and the « version imprimable » (``?impression=1``) of the
Synthèse and Carte pages of canton 4104 — maps as non-blank images, printed to PDF and rendered
to PNG (pdftoppm) under ``/tmp/declik_print`` for a look."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.browser import wait_idle

OUT = Path("/tmp/declik_print")
Q = "periode=2025&territoire=canton:4104"


@pytest.fixture(scope="module")
def page(browser_page):
    OUT.mkdir(exist_ok=True)
    return browser_page


def _print_pdf(page, name: str) -> Path:
    pdf = OUT / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / name)], check=True)
    return pdf


def _distinct_colours(png: bytes) -> int:
    from PIL import Image

    im = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 150))
    return len(set(im.getdata()))


def test_print_stylesheet_on_interactive_synthese(page, server):
    page.emulate_media(media="screen")
    page.goto(f"{server}/?{Q}", wait_until="domcontentloaded")
    wait_idle(page)
    assert page.get_by_role("link", name="Version imprimable").count() == 1
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').first.is_visible()
    dl = page.locator('[data-testid="stDownloadButton"], [data-testid="stPopover"]')
    assert all(not dl.nth(i).is_visible() for i in range(dl.count()))
    _print_pdf(page, "synthese_interactive")


@pytest.mark.parametrize("path", ["", "carte"])
def test_printable_version(page, server, path):
    page.emulate_media(media="screen")
    page.goto(f"{server}/{path}?{Q}&impression=1", wait_until="domcontentloaded")
    wait_idle(page)
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').first.is_visible()
    dl = page.locator('[data-testid="stDownloadButton"]')
    assert all(not dl.nth(i).is_visible() for i in range(dl.count()))
    # no WebGL map nor folium frame: the map is an image, and not a blank one
    assert page.locator("iframe[title*='streamlit_folium']").count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    imgs = page.locator('[data-testid="stImage"] img, [data-testid="stFullScreenFrame"] img')
    big = [imgs.nth(i) for i in range(imgs.count()) if imgs.nth(i).bounding_box()["width"] > 250]
    assert big, f"aucune image de carte ou de graphique : {page.locator('body').inner_text()[:800]}"
    assert max(_distinct_colours(im.screenshot()) for im in big) > 8
    body = page.locator("body").inner_text()
    assert "Canton" in body and "2025" in body and "Données au" in body
    assert "impression=1" in page.url  # the filters kept the printable flag
    _print_pdf(page, f"imprimable_{path or 'synthese'}")
