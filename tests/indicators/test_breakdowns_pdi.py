"""What the extraction held and the pages ignored, on the tiny extraction by hand (stock at
30/06/2024: foyers F1, F2, F3, F5, F6, F7; their persons P01, P02, P03, P04, P06, P07, P08, P09).

- personnes couvertes: adults 2 + 1 + 1 + 1 + 2 + 1 = 8, children (nb_enfants) F1 2 + F2 1 = 3 → 11;
- foyers with children: F1, F2 → 2 / 6;
- personnes SDD by niveau_formation: « 4 » P01, P09; « 3 » P03; « infra_3 » P04; « 5_plus » P06;
  not given P02, P07, P08;
- délai d'orientation by origine: the four oriented entrants all came from the Espace RSA
  (40, 74, 20, 36 days) → mean 42,5;
- FAJD requests of the period by the plan's age bands: 18-20 FA01 (19), FA03 (20), FA05 (18);
  21-23 FA02 (22); 24-25 FA06 (25) (FA04 was requested in 2023).
"""
from __future__ import annotations

from data.referentiel import load_referentiel
from indicators.engine import compute_values, frame, make_ctx
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()


def _ctx():
    return make_ctx(tiny.tiny_extraction(), REF, Settings(), tiny.DEBUT, tiny.FIN, None)


def _rows(ind_id, dim):
    df = frame(_ctx(), ind_id, (dim,)).collect()
    return {r[dim]: r["valeur"] for r in df.iter_rows(named=True)}


def test_personnes_couvertes_and_foyers_with_children():
    v = compute_values(_ctx(), ["personnes_couvertes", "part_foyers_avec_enfants"])
    assert v["personnes_couvertes"] == 11
    assert v["part_foyers_avec_enfants"] == 2 / 6


def test_sdd_by_niveau_formation():
    assert _rows("personnes_sdd", "niveau_formation") == {"4": 2, "3": 1, "infra_3": 1, "5_plus": 1,
                                                           None: 3}


def test_delai_by_origine():
    assert _rows("delai_orientation_moyen_j", "origine") == {"espace_rsa": 42.5}


def test_fajd_by_the_plans_age_bands():
    assert _rows("fajd_demandes", "tranche_age_pdi") == {"18_20": 3, "21_23": 1, "24_25": 1}
