"""The sweep: every page of the router's page list × every unit of every level — the département,
5 MDCS, 15 cantons and « canton non déterminé », 12 EPCI, 3 arrondissements, 6 zones d'emploi —
and a seeded sample of 60 communes (the 10 smallest by population, the 6 with the fewest foyers
in the extraction, 44 drawn with a fixed seed), through Streamlit's AppTest, on a small synthetic
extraction where most small units have no record at all (the empty paths are the ones that used
to crash).

Every page runs for every unit (the pages that do not depend on the territory, Qualité and
Définitions, for one unit of each level). The period kinds — a year, a quarter, a month, the
defaults, a free range (with their variants: a year in the future, an older quarter, the last
complete month) — rotate across the units of each level so that every page meets every kind at
every level; a level of fewer than 5 units runs each page on several periods (the département on
all 5, each arrondissement on 2). Each run: no exception, no error element, no English error text
(« Error », « Traceback », « Page not found »…), nothing left loading (spinner), the page's
headline present.

Cost: 103 units, 1 664 page runs (the previous sweep: 94 units, about 910 runs). Each case is a
fresh AppTest (a new session; re-using one AppTest per unit was measured no cheaper); the
computations are cached across cases as on a server (:mod:`ui.cache`), and every AppTest shares
the component registry (:func:`tests.helpers.apptest.new_app`: the scan cost 0,3-0,5 s of CPU per
AppTest). Measured on slices, same loaded machine: 1,84 s of CPU per run before, 1,35 s now, so
about a third more CPU for the whole sweep than the previous one. Marked ``slow``:
``pytest -m "not slow"`` skips it locally, CI runs it.
``SWEEP_SLICE=k/n`` runs one slice of the units (k in 1..n), for a quick local check.
"""
from __future__ import annotations

import math
import os
import random
import sqlite3
from functools import lru_cache

import pytest

from data.referentiel import CANTON_ND, load_referentiel
from tests.helpers.apptest import app, page_failures
from ui.pages_list import available_pages

pytestmark = pytest.mark.slow

REF = load_referentiel()
PAGES = available_pages()
# period kind → the values it takes in turn (None: no ``periode`` in the link, the defaults)
KINDS = (("annee", ("2025", "2030")), ("trimestre", ("2026-T2", "2023-T4")),
         ("mois", ("2026-03", "2026-10")), ("defaut", (None,)),
         ("plage", ("2024-07-01_2025-06-30",)))
STATIC = {"qualite", "definitions"}  # the same whatever the territory
LEVELS = ("departement", "mdcs", "canton", "epci", "arrondissement", "zone_emploi", "commune")
N_SMALLEST, N_FEWEST_FOYERS, N_COMMUNES = 10, 6, 60
FOYERS_SLOT = "foyers-"  # « commune:foyers-1 »: resolved on the extraction (fewest foyers)


def _smallest() -> list[str]:
    return REF.units("commune").sort("population", "code")["code"].head(N_SMALLEST).to_list()


def _drawn() -> list[str]:
    """The seeded draw: the communes other than the smallest, before the fewest-foyers slots
    are resolved (they are taken among the communes not drawn)."""
    codes = REF.units("commune").sort("code")["code"].to_list()
    rest = [c for c in codes if c not in _smallest()]
    return random.Random(41).sample(rest, N_COMMUNES - N_SMALLEST - N_FEWEST_FOYERS)


def _units() -> list[str]:
    out = ["departement"]
    for niveau in LEVELS[1:-1]:
        out += [f"{niveau}:{c}" for c in REF.units(niveau)["code"].to_list()]
        if niveau == "canton":
            out.append(f"canton:{CANTON_ND}")
    out += [f"commune:{c}" for c in _smallest()]
    out += [f"commune:{FOYERS_SLOT}{n + 1}" for n in range(N_FEWEST_FOYERS)]
    out += [f"commune:{c}" for c in _drawn()]
    return out


def _period(i: int, reps: int, j: int, k: int) -> str | None:
    """Unit ``i`` of its level (each page run ``reps`` times per unit), run ``j``, page ``k``."""
    n = i * reps + j + k
    values = KINDS[n % len(KINDS)][1]
    return values[(n // len(KINDS)) % len(values)]


def _kind(periode: str | None) -> str:
    return next(kind for kind, values in KINDS if periode in values)


def _cases() -> list[tuple[str, tuple[tuple[int, str | None], ...]]]:
    """(unit, ((page index, periode), …)) for every unit."""
    units = _units()
    by_level: dict[str, list[str]] = {}
    for u in units:
        by_level.setdefault(u.split(":")[0], []).append(u)
    cases = []
    for members in by_level.values():
        reps = math.ceil(len(KINDS) / len(members))
        for i, u in enumerate(members):
            runs = []
            for k, page in enumerate(PAGES):
                if page.url_path in STATIC:
                    if i == 0:
                        runs.append((k, None))
                    continue
                runs += [(k, _period(i, reps, j, k)) for j in range(reps)]
            cases.append((u, tuple(runs)))
    return cases


def _slice(cases: list) -> list:
    k, _, n = os.environ.get("SWEEP_SLICE", "1/1").partition("/")
    return cases[int(k) - 1::int(n)]


CASES = _slice(_cases())


@lru_cache(maxsize=4)
def _fewest_foyers(url: str) -> tuple[str, ...]:
    """The communes with the fewest foyers in the extraction (none first), outside the other
    communes of the sweep, fewest first (ties by code)."""
    taken = set(_smallest()) | set(_drawn())
    with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
        counts = dict(con.execute("SELECT commune_insee, COUNT(*) FROM foyer GROUP BY 1"))
    codes = sorted((counts.get(c, 0), c) for c in REF.units("commune")["code"].to_list()
                   if c not in taken)
    return tuple(c for _, c in codes[:N_FEWEST_FOYERS])


def _resolve(unit: str, url: str) -> str:
    level, _, code = unit.partition(":")
    if code.startswith(FOYERS_SLOT):
        return f"{level}:{_fewest_foyers(url)[int(code.removeprefix(FOYERS_SLOT)) - 1]}"
    return unit


def test_units_cover_every_level():
    units = _units()
    counts = {lvl: sum(u.split(":")[0] == lvl for u in units) for lvl in LEVELS}
    assert counts == {"departement": 1, "mdcs": 5, "canton": 16, "epci": 12,
                      "arrondissement": 3, "zone_emploi": 6, "commune": N_COMMUNES}
    assert set(LEVELS) == set(REF.level_ids)  # a new level gets swept too
    communes = REF.units("commune").sort("population")
    assert f"commune:{communes['code'][0]}" in units  # the smallest by population
    assert len(set(units)) == len(units)


def test_fewest_foyers_are_the_smallest_of_the_extraction(small_url):
    picked = _fewest_foyers(small_url)
    assert len(set(picked)) == N_FEWEST_FOYERS and not set(picked) & set(_smallest())
    with sqlite3.connect(small_url.removeprefix("sqlite:///")) as con:
        counts = dict(con.execute("SELECT commune_insee, COUNT(*) FROM foyer GROUP BY 1"))
    assert max(counts.get(c, 0) for c in picked) <= 1  # no foyer, or a single one


def test_every_page_meets_every_unit_and_every_period_kind():
    cases = _cases()
    for k, page in enumerate(PAGES):
        for level in LEVELS:
            runs = [(u, p) for u, rs in cases if u.split(":")[0] == level
                    for kk, p in rs if kk == k]
            assert runs, (page.url_path, level)
            if page.url_path in STATIC:
                continue
            assert {u for u, _ in runs} == {u for u, _ in cases if u.split(":")[0] == level}
            assert {_kind(p) for _, p in runs} == {kind for kind, _ in KINDS}, (page.url_path, level)
    values = {p for _, rs in cases for _, p in rs}
    assert values == {v for _, vs in KINDS for v in vs}  # every variant is met somewhere


@pytest.mark.parametrize("unit,runs", CASES, ids=[u for u, _ in CASES])
def test_pages_for_the_unit(unit, runs, small_url):
    unit = _resolve(unit, small_url)
    failures = []
    for k, periode in runs:
        page = PAGES[k]
        query = {"territoire": unit}
        if periode:
            query["periode"] = periode
        at = app(small_url, page.path, query)
        failures += page_failures(at, page, f"{page.url_path} {unit} {periode or 'défaut'}")
    assert not failures, "\n".join(failures)
