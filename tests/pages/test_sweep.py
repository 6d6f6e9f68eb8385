"""The sweep: the pages of the router's page list × the units of every level (the département,
5 MDCS, 15 cantons and « canton non déterminé », 12 EPCI, a seeded sample of 60 communes that
includes the 10 smallest) through Streamlit's AppTest, on a small synthetic extraction where
most small units have no record at all (the empty paths are the ones that used to crash).

Every page runs for every unit of every level down to the EPCI, and for each of the 10 smallest
communes; each of the other 50 communes runs a third of the pages in rotation (every page still
meets about 27 communes). The pages that do not depend on the territory (Qualité, Définitions)
run for one unit of each level. That keeps the sweep near 10 minutes on 2 idle cores.

The period kinds (year, quarter, month, the defaults, a free range, a period in the future) rotate
across the units of each level, so that every unit sees each page once and every kind is met at
every level. Each run: no exception, no error element, no English error text (« Error »,
« Traceback », « Page not found »), nothing left loading (spinner), no raw code in the titles.

Marked ``slow`` (about 10 minutes on 2 cores): ``pytest -m "not slow"`` skips it locally, CI runs
it. ``SWEEP_SLICE=k/n`` runs one slice of the units (k in 1..n), for a quick local check.
"""
from __future__ import annotations

import os
import random

import pytest

from data.referentiel import CANTON_ND, load_referentiel
from tests.helpers.apptest import app, texts
from ui.pages_list import available_pages

pytestmark = pytest.mark.slow

REF = load_referentiel()
PAGES = available_pages()
PERIODS = ("2025", "2026-T2", "2026-03", None, "2024-07-01_2025-06-30", "2026-10", "2023-T4")
ENGLISH = ("Error", "Traceback", "Exception", "Page not found", "Running the app",
           "Choose an option", "Ask Google")


def _units() -> list[str]:
    out = ["departement"]
    for niveau in ("mdcs", "canton", "epci"):
        out += [f"{niveau}:{c}" for c in REF.units(niveau)["code"].to_list()]
        if niveau == "canton":
            out.append(f"canton:{CANTON_ND}")
    communes = REF.units("commune").sort("population")
    smallest = communes["code"].head(10).to_list()
    rest = [c for c in communes["code"].to_list() if c not in smallest]
    out += [f"commune:{c}" for c in smallest + random.Random(41).sample(rest, 50)]
    return out


def _slice(units: list) -> list:
    k, _, n = os.environ.get("SWEEP_SLICE", "1/1").partition("/")
    return units[int(k) - 1::int(n)]


STATIC = {"qualite", "definitions"}  # the same whatever the territory


def _cases() -> list[tuple[str, int, tuple[int, ...]]]:
    units = _units()
    smallest = set(units[1 + 5 + 16 + 12:1 + 5 + 16 + 12 + 10])
    cases, seen_level = [], set()
    for i, u in enumerate(units):
        level = u.split(":")[0]
        pages = [k for k, p in enumerate(PAGES)
                 if p.url_path not in STATIC or level not in seen_level]
        seen_level.add(level)
        if level == "commune" and u not in smallest:
            pages = [k for k in pages if (k + i) % 3 == 0]
        cases.append((u, i, tuple(pages)))
    return cases


CASES = _slice(_cases())


def test_units_cover_every_level():
    units = _units()
    assert sum(u.startswith("mdcs:") for u in units) == 5
    assert sum(u.startswith("canton:") for u in units) == 16
    assert sum(u.startswith("epci:") for u in units) == 12
    assert sum(u.startswith("commune:") for u in units) == 60
    smallest = REF.units("commune").sort("population")["code"][0]
    assert f"commune:{smallest}" in units


def test_every_page_meets_every_level_and_every_period_kind():
    cases = _cases()
    for k, page in enumerate(PAGES):
        levels = {u.split(":")[0] for u, _, ks in cases if k in ks}
        assert levels == {"departement", "mdcs", "canton", "epci", "commune"}, page.url_path
        kinds = {PERIODS[(i + k) % len(PERIODS)] for _, i, ks in cases if k in ks}
        assert page.url_path in STATIC or kinds == set(PERIODS), page.url_path
    small = [ks for u, _, ks in cases if u.startswith("commune:")][:10]
    assert all(len(ks) >= len(PAGES) - len(STATIC) for ks in small)


@pytest.mark.parametrize("unit,i,pages", CASES, ids=[u for u, _, _ in CASES])
def test_pages_for_the_unit(unit, i, pages, small_url):
    failures = []
    for k in pages:
        page = PAGES[k]
        periode = PERIODS[(i + k) % len(PERIODS)]
        query = {"territoire": unit}
        if periode:
            query["periode"] = periode
        at = app(small_url, page.path, query)
        where = f"{page.url_path} {unit} {periode or 'défaut'}"
        if at.exception:
            failures.append(f"{where} : exception {[e.value for e in at.exception][:1]}")
            continue
        if at.error:
            failures.append(f"{where} : erreur {[e.value for e in at.error][:1]}")
        body = texts(at) + "\n".join(w.value for w in at.warning)
        english = [w for w in ENGLISH if w in body]
        if english:
            failures.append(f"{where} : texte anglais {english}")
        if at.get("spinner"):
            failures.append(f"{where} : chargement non terminé")
        if page.headline and not any(h in body for h in page.headline) and not at.warning:
            failures.append(f"{where} : titre attendu absent {page.headline}")
    assert not failures, "\n".join(failures)
