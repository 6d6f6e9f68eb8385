"""The printable version (``?impression=1``) swept: every page of the router's page list × one
unit of every level — the département, one MDCS, canton 4104, « canton non déterminé », one EPCI,
one arrondissement, one zone d'emploi, the smallest commune — with the period kinds (a year, a
quarter, a month, the defaults, a free range) rotated across the units so that every page meets
every kind; then every page as an elected official of canton 4104 sees it, and every page of the
Loiret (config_45.toml). Each run: no exception, no error element, no English error text, nothing
left loading, the headline present (:func:`tests.helpers.apptest.page_failures`), no interactive
chart or map left and no instruction for the interactive page
(:func:`tests.helpers.apptest.printable_failures`).

The image export is stubbed (``plotly.io.to_image`` returns a tiny PNG, no browser started): the
figures are still built and decorated as for a download, only kaleido/Chromium is skipped, so the
sweep stays fast. The caches holding those stub images are cleared at the end. Marked ``slow``.
"""
from __future__ import annotations

import io

import pytest

from data.referentiel import CANTON_ND, load_referentiel, referentiel_of
from tests.helpers.apptest import app, as_read, page_failures, printable_failures, texts
from tests.helpers.config import CONFIGS, config_settings
from tests.pages import synthetic
from ui.pages_list import available_pages

pytestmark = pytest.mark.slow

REF = load_referentiel()
PAGES = available_pages()
KINDS = ("2025", "2026-T2", "2026-10", None, "2024-07-01_2025-06-30")  # None: the defaults
ELU = "elu.4104@declik.test"  # data/habilitations_demo.toml: role elu, canton:4104


def _first(ref, niveau: str) -> str:
    return ref.units(niveau).sort("code")["code"][0]


def _smallest(ref) -> str:
    return ref.units("commune").sort("population", "code")["code"][0]


UNITS = ["departement", "mdcs:BLO", "canton:4104", f"canton:{CANTON_ND}",
         *(f"{n}:{_first(REF, n)}" for n in ("epci", "arrondissement", "zone_emploi")),
         f"commune:{_smallest(REF)}"]


def _periode(i: int, k: int) -> str | None:
    return KINDS[(i + k) % len(KINDS)]


@pytest.fixture(scope="module", autouse=True)
def stub_images():
    """PNG export without Chromium for the whole module; the calls are counted."""
    import plotly.io as pio
    import streamlit as st
    from PIL import Image

    from reports import images

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    png = buf.getvalue()
    calls = []

    def to_image(fig, *args, **kwargs):
        calls.append(fig)
        return png
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pio, "to_image", to_image)
        mp.setattr(images, "keep_browser", lambda: None)
        st.cache_data.clear()
        yield calls
        st.cache_data.clear()  # no stub image left in a cache for the tests that follow


def _run(url: str, page, query: dict, where: str, config: str | None = None,
         expect: str | None = None) -> list[str]:
    """The failures of one printable run (``expect``: a text the page header must show)."""
    at = app(url, page.path, {**query, "impression": "1"}, config=config)
    failures = page_failures(at, page, where) + printable_failures(at, where)
    if expect and not at.exception and expect not in as_read(texts(at)):
        failures.append(f"{where} : « {expect} » absent")
    return failures


def test_units_cover_every_level():
    assert {u.split(":")[0] for u in UNITS} == set(REF.level_ids)
    assert f"commune:{_smallest(REF)}" in UNITS and "canton:4104" in UNITS
    for k in range(len(PAGES)):  # every page meets every period kind
        assert {_periode(i, k) for i in range(len(UNITS))} == set(KINDS)


@pytest.mark.parametrize("i,unit", list(enumerate(UNITS)), ids=UNITS)
def test_printable_pages_for_the_unit(i, unit, small_url, stub_images):
    failures = []
    for k, page in enumerate(PAGES):
        periode = _periode(i, k)
        query = {"territoire": unit} | ({"periode": periode} if periode else {})
        failures += _run(small_url, page, query, f"{page.url_path} {unit} {periode or 'défaut'}")
    assert not failures, "\n".join(failures)
    assert stub_images, "the printable pages drew their figures as images"


@pytest.fixture
def as_elu(monkeypatch):
    from access.mode import Acces
    from ui import access

    monkeypatch.setattr(access, "resolve_mode", lambda settings: Acces("oidc"))
    monkeypatch.setattr(access, "_identity", lambda acces, settings: (ELU, []))


def test_printable_pages_of_an_elected_official(small_url, as_elu):
    """Every page the role ``elu`` sees, on the official's own canton (no territory in the link),
    the period kinds rotated."""
    pages = available_pages("elu")
    assert len(pages) < len(PAGES)  # the Journal des exports is not among them
    failures = []
    for k, page in enumerate(pages):
        periode = KINDS[k % len(KINDS)]
        query = {"periode": periode} if periode else {}
        failures += _run(small_url, page, query, f"{page.url_path} élu {periode or 'défaut'}",
                         expect="Canton Blois-3" if page.url_path not in ("definitions",) else None)
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def loiret_url(tmp_path_factory) -> str:
    ref = referentiel_of(config_settings("45"))
    return synthetic.write(tmp_path_factory.mktemp("print45") / "s45.sqlite", n_foyers=500, ref=ref)


def test_printable_pages_of_the_loiret(loiret_url):
    """The Loiret's configuration (first level « bassins d'emploi »): every page, the
    département, a bassin d'emploi and the smallest commune in turn, the period kinds rotated."""
    ref = referentiel_of(config_settings("45"))
    units = ["departement", f"{ref.premier_niveau}:{_first(ref, ref.premier_niveau)}",
             f"commune:{_smallest(ref)}"]
    failures = []
    for k, page in enumerate(PAGES):
        unit, periode = units[k % len(units)], KINDS[k % len(KINDS)]
        query = {"territoire": unit} | ({"periode": periode} if periode else {})
        failures += _run(loiret_url, page, query, f"{page.url_path} {unit} {periode or 'défaut'}",
                         config=str(CONFIGS["45"]))
    assert not failures, "\n".join(failures)
