"""Foyers and personnes of the demo: territory, situation familiale, children, ages, sexes.

The foyers bénéficiaires at 31/12/2017 (the anchor stock) are built with exact quotas: persons
per (MDCS × canton) cell, situation familiale and the allocataires' age bands; the other foyers
draw their cell in proportion to the published head-count and their profile from the same shares.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.demo import calibration as cal
from data.demo.droits import ANCRE, Periods
from data.demo.outils import labels_by_quota, month_index, month_start_day
from data.demo.territoire import Territoire
from data.schema import NIVEAUX_FORMATION, SITUATIONS_FAMILIALES

COUPLE_SHARE = sum(cal.SITUATIONS_ANCRAGE[s] for s in cal.COUPLES) / 100.0
SIT_INDEX = {s: i for i, s in enumerate(SITUATIONS_FAMILIALES)}
IS_COUPLE = np.array([s in cal.COUPLES for s in SITUATIONS_FAMILIALES])
HAS_CHILDREN = np.array([s in cal.AVEC_ENFANTS for s in SITUATIONS_FAMILIALES])
MISSING_CANTON_SHARE = 0.012  # split-commune foyers (never in the 2017 stock) without canton_code


@dataclass(frozen=True)
class AnchorStock:
    cell: np.ndarray
    situation: np.ndarray  # index into SITUATIONS_FAMILIALES

    @property
    def size(self) -> int:
        return self.cell.size


def anchor_stock(rng: np.random.Generator, terr: Territoire) -> AnchorStock:
    """Foyers bénéficiaires at the anchor: per cell, persons = 98 % of the published count, split
    into singles and couples so that couples are ~23.5 % of the foyers."""
    cells, couples = [], []
    for c, (_, _, published) in enumerate(terr.cells):
        persons = int(round(published * cal.HEADCOUNT_FACTOR))
        n_foyers = int(round(persons / (1.0 + COUPLE_SHARE)))
        n_couples = persons - n_foyers
        cells.append(np.full(n_foyers, c))
        couples.append(np.arange(n_foyers) < n_couples)
    cell, couple = np.concatenate(cells), np.concatenate(couples)
    sit = np.empty(cell.size, dtype=np.int64)
    for flag in (True, False):
        rows = np.flatnonzero(couple == flag)
        names = [s for s in SITUATIONS_FAMILIALES if (s in cal.COUPLES) == flag]
        labels = labels_by_quota(rng, rows.size, [SIT_INDEX[s] for s in names],
                                 [cal.SITUATIONS_ANCRAGE[s] for s in names])
        sit[rows] = labels.astype(np.int64)
    return AnchorStock(cell, sit)


def _age_values(rng: np.random.Generator, bands, n: int, exact: bool) -> np.ndarray:
    shares = [b[2] for b in bands]
    k = (labels_by_quota(rng, n, list(range(len(bands))), shares).astype(np.int64) if exact
         else rng.choice(len(bands), size=n, p=np.array(shares) / sum(shares)))
    lo = np.array([b[0] for b in bands], dtype=float)[k]
    hi = np.array([b[1] for b in bands], dtype=float)[k] + 1.0
    return lo + rng.random(n) * (hi - lo)


def _anchor_ages(rng: np.random.Generator, sit: np.ndarray, band: np.ndarray) -> np.ndarray:
    """Allocataires' ages at the anchor with exact band quotas; under-25s are parents; older
    allocataires tend to have a longer ancienneté."""
    n = sit.size
    ages = np.sort(_age_values(rng, cal.AGES_2017, n, exact=True))
    out = np.empty(n)
    young = ages < 25
    parents = np.flatnonzero(HAS_CHILDREN[sit])
    key = band + rng.normal(0, 2.5, n)  # short ancienneté first
    chosen = parents[np.argsort(key[parents], kind="stable")][: young.sum()]
    out[chosen] = ages[young]
    rest = np.setdiff1d(np.arange(n), chosen)
    order = rest[np.argsort(key[rest], kind="stable")]
    out[order] = ages[~young]
    return out


def _birth(rng: np.random.Generator, at_day: np.ndarray, age_years: np.ndarray) -> np.ndarray:
    """Birth date (truncated to the 1st of the month) of someone aged ``age_years`` at ``at_day``."""
    d = at_day - np.floor(age_years * 365.25).astype(np.int64)
    return month_start_day(month_index(d))


@dataclass(frozen=True)
class Population:
    # foyers (one row each, in id order)
    foyer_unit: np.ndarray
    foyer_cell: np.ndarray
    foyer_situation: np.ndarray
    foyer_enfants: np.ndarray
    foyer_canton_missing: np.ndarray
    foyer_of_period: np.ndarray  # foyer row of each period
    # personnes (one row each, in id order)
    pers_foyer: np.ndarray
    pers_conjoint: np.ndarray  # bool
    pers_sexe: np.ndarray  # "F"/"M"
    pers_naissance: np.ndarray  # day
    pers_formation: np.ndarray  # code or None


def build_population(rng: np.random.Generator, terr: Territoire, anchor: AnchorStock,
                     per: Periods, band: np.ndarray, root: np.ndarray) -> Population:
    # One foyer per chain of periods, numbered by first opening.
    roots, inv = np.unique(root, return_inverse=True)
    first_open = np.full(roots.size, np.iinfo(np.int64).max)
    np.minimum.at(first_open, inv, per.ouverture)
    anchor_of = np.full(roots.size, -1)
    a_rows = per.ancre >= 0
    anchor_of[inv[a_rows]] = per.ancre[a_rows]
    order = np.lexsort((roots, first_open))
    rank = np.empty(roots.size, dtype=np.int64)
    rank[order] = np.arange(roots.size)
    foyer_of_period = rank[inv]
    first_open, anchor_of = first_open[order], anchor_of[order]
    nf = roots.size

    is_a = anchor_of >= 0
    cell = np.empty(nf, dtype=np.int64)
    sit = np.empty(nf, dtype=np.int64)
    cell[is_a] = anchor.cell[anchor_of[is_a]]
    sit[is_a] = anchor.situation[anchor_of[is_a]]
    n_other = int((~is_a).sum())
    cell[~is_a] = terr.draw_cells(rng, n_other)
    shares = np.array([cal.SITUATIONS_ANCRAGE[s] for s in SITUATIONS_FAMILIALES])
    sit[~is_a] = rng.choice(len(shares), size=n_other, p=shares / shares.sum())
    unit = terr.draw_units(rng, cell)
    kids = np.where(HAS_CHILDREN[sit],
                    1 + rng.choice(5, size=nf, p=cal.ENFANTS_PROBA), 0)
    missing = (~is_a) & terr.split[unit] & (rng.random(nf) < MISSING_CANTON_SHARE)

    # Allocataire's age: exact quotas at the anchor for the stock, entry ages otherwise.
    age = np.empty(nf)
    ref_day = first_open.copy()
    a_idx = anchor_of[is_a]
    age_a = _anchor_ages(rng, anchor.situation, band)
    age[is_a] = age_a[a_idx]
    ref_day[is_a] = ANCRE
    other_age = _age_values(rng, cal.AGES_ENTREE, n_other, exact=False)
    young_no_kid = (other_age < 25) & ~HAS_CHILDREN[sit[~is_a]]
    other_age[young_no_kid] += 5.0  # RSA under 25 only for parents
    age[~is_a] = other_age
    alloc_birth = _birth(rng, ref_day, age)

    name = np.array(SITUATIONS_FAMILIALES)[sit]
    woman = np.char.startswith(name.astype(str), "femme")
    couple = IS_COUPLE[sit]
    alloc_f = woman | (couple & (rng.random(nf) < 0.4))
    conj_f = np.where(rng.random(nf) < 0.97, ~alloc_f, alloc_f)
    conj_age = np.maximum(19.0, age + rng.normal(-1.0, 4.0, nf))
    conj_birth = _birth(rng, ref_day, conj_age)

    # personnes: the allocataire then the conjoint of each foyer
    nc = int(couple.sum())
    pers_foyer = np.concatenate([np.arange(nf), np.flatnonzero(couple)])
    pers_conj = np.concatenate([np.zeros(nf, bool), np.ones(nc, bool)])
    sexe_f = np.concatenate([alloc_f, conj_f[couple]])
    naissance = np.concatenate([alloc_birth, conj_birth[couple]])
    o = np.lexsort((pers_conj, pers_foyer))
    pers_foyer, pers_conj, sexe_f, naissance = pers_foyer[o], pers_conj[o], sexe_f[o], naissance[o]
    n = pers_foyer.size
    levels = np.array([None, *NIVEAUX_FORMATION], dtype=object)
    formation = levels[rng.choice(levels.size, size=n, p=(0.08, 0.36, 0.36, 0.15, 0.05))]
    return Population(unit, cell, sit, kids, missing, foyer_of_period, pers_foyer, pers_conj,
                      np.where(sexe_f, "F", "M"), naissance, formation)
