"""RSA paid: one row per foyer and month of entitlement (from January 2015), the montant
forfaitaire of the month scaled by household composition, minus the forfait logement and the
household's other resources."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from data.demo import calibration as cal
from data.demo.droits import D_EXT, OPEN, Periods
from data.demo.outils import jour, month_index, month_start_day, step_dates
from data.demo.population import IS_COUPLE, Population


@dataclass
class Paiements:
    foyer: np.ndarray
    mois: np.ndarray  # first day of the month
    montant: np.ndarray


def household_factor(couple: np.ndarray, kids: np.ndarray) -> np.ndarray:
    """Share of the single-person montant forfaitaire due to the household."""
    first = np.where(couple, 1.5, 1.0)
    return first + np.where(kids >= 1, np.where(couple, 0.3, 0.5), 0.0) + 0.3 * np.clip(kids - 1, 0, 1) \
        + 0.4 * np.clip(kids - 2, 0, None)


def build_paiements(rng: np.random.Generator, pop: Population, per: Periods,
                    depuis: date = cal.DATE_DEBUT) -> Paiements:
    first_m = month_index(np.array([jour(depuis)]))[0]
    last_m = month_index(np.array([D_EXT - 1]))[0]
    start = np.maximum(month_index(per.ouverture), first_m)
    end = np.where(per.fin == OPEN, last_m, month_index(np.where(per.fin == OPEN, 0, per.fin) - 1))
    end = np.minimum(end, last_m)
    k = np.maximum(end - start + 1, 0)
    idx = np.repeat(np.arange(k.size), k)
    mois = start[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k))
    foyer = pop.foyer_of_period[idx]
    order = np.lexsort((mois, foyer))
    foyer, mois = foyer[order], mois[order]
    day = month_start_day(mois)
    sit = pop.foyer_situation
    factor = household_factor(IS_COUPLE[sit], pop.foyer_enfants)
    resources = rng.beta(1.5, 5.5, size=sit.size)  # share of the allowance covered by resources
    base = step_dates(cal.MONTANT_FORFAITAIRE, day)
    noise = np.where(rng.random(foyer.size) < 0.2, rng.uniform(0.85, 1.1, size=foyer.size), 1.0)
    amount = (base * factor[foyer] * (1 - 0.12) * (1 - resources[foyer]) * noise
              * cal.FACTEUR_MONTANT)
    return Paiements(foyer, day, np.round(np.maximum(amount, 15.0), 2))
