"""Fonds d'aide aux jeunes en difficulté: applications of 18-25 year olds (RSA or not), declining
by a third from 2015 to 2018, mostly food emergencies then transport and mobility."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from data.demo import calibration as cal
from data.demo.droits import D_EXT
from data.demo.outils import jour, seasonal_days
from data.demo.territoire import Territoire

NATURES = tuple(cal.FAJD_NATURES)
PROCEDURES = ("urgence", "delegation", "commission")
# amount granted (euros): low, high by nature
MONTANTS = {"alimentaire": (40, 160), "transport_mobilite": (80, 420), "logement": (150, 550),
            "formation": (120, 650), "sante": (50, 320), "autre": (50, 300)}
DECISION_DELAY = {"urgence": (0, 3), "delegation": (4, 20), "commission": (12, 45)}


@dataclass
class Aides:
    demande: np.ndarray
    decision_day: np.ndarray  # -1 when not decided yet
    commune: np.ndarray
    sexe: np.ndarray
    age: np.ndarray
    nature: np.ndarray
    procedure: np.ndarray
    decision: np.ndarray  # object
    montant: np.ndarray  # nan when none


def build_fajd(rng: np.random.Generator, terr: Territoire) -> Aides:
    days = []
    for year, n in cal.FAJD_DEMANDES.items():
        lo, hi = jour(date(year, 1, 1)), min(jour(date(year, 12, 31)), D_EXT - 1)
        days.append(seasonal_days(rng, np.full(n, lo), np.full(n, hi), cal.SAISONNALITE))
    demande = np.sort(np.concatenate(days))
    n = demande.size
    # communes (whole ones) in proportion to population^1.2: young people in towns
    communes, first = np.unique(terr.commune, return_index=True)
    w = terr.commune_population[first] ** 1.2
    commune = communes[rng.choice(communes.size, size=n, p=w / w.sum())]
    nature = np.array(NATURES, dtype=object)[
        rng.choice(len(NATURES), size=n, p=np.array(list(cal.FAJD_NATURES.values())))]
    urgent = np.where(nature == "alimentaire", 0.7, 0.2)
    u = rng.random(n)
    proc = np.where(u < urgent, "urgence", np.where(u < urgent + (1 - urgent) / 2, "delegation",
                                                    "commission")).astype(object)
    lo = np.array([DECISION_DELAY[p][0] for p in proc])
    hi = np.array([DECISION_DELAY[p][1] for p in proc])
    dday = demande + lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    decided = dday <= D_EXT
    granted = rng.random(n) < np.where(proc == "urgence", 0.9, 0.76)
    decision = np.where(decided, np.where(granted, "accordee", "refusee"), None)
    mlo = np.array([MONTANTS[x][0] for x in nature], dtype=float)
    mhi = np.array([MONTANTS[x][1] for x in nature], dtype=float)
    montant = np.round(mlo + rng.random(n) * (mhi - mlo), 0)
    montant = np.where(decision == "accordee", montant, np.nan)
    age = 18 + rng.choice(8, size=n, p=(0.10, 0.15, 0.16, 0.15, 0.13, 0.12, 0.10, 0.09))
    sexe = np.where(rng.random(n) < 0.52, "M", "F")
    return Aides(demande, np.where(decided, dday, -1), commune, sexe, age, nature, proc,
                 decision, montant)
