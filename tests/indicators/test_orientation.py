"""Orientation indicators: part professionnelle, taux d'orientation (+ DREES bands), counts."""
from __future__ import annotations

from datetime import date

import pytest

from indicators.engine import compute_values, frame
from tests.indicators.builders import ctx, droit, extraction, foyer, orient, personne, value

EXT_DAY = date(2024, 12, 31)
P = (date(2024, 1, 1), date(2024, 6, 30))


def test_part_professionnelle_leaves_unknown_type_out_of_both_terms():
    e = extraction(
        EXT_DAY, foyer=[foyer("f1")], personne=[personne("p1", "f1")],
        droit=[droit("d1", "f1", "2020-01-01")],
        orientation=[orient("o1", "p1", "2024-01-01", "professionnelle"),
                     orient("o2", "p1", "2024-06-30", "sociale"),
                     orient("o3", "p1", "2024-03-01", "emploi_direct"),   # unknown code
                     orient("o4", "p1", "2024-07-01", "professionnelle"),  # after fin
                     orient("o5", "p_absent", "2024-02-01", "professionnelle")])  # broken key
    c = ctx(e, *P)
    df = frame(c, "part_orientation_professionnelle").collect()
    assert df.select("numerateur", "_den").row(0) == (2, 3)  # o1, o5 over o1, o2, o5
    assert df["effectif"][0] == 2  # distinct persons: p1, p_absent
    # the broken key counts at département level only
    assert value(frame(ctx(e, *P, "mdcs:VEN"), "part_orientation_professionnelle")) == 0.5
    got = compute_values(c, ["orientations", "part_orientation_professionnelle"])
    assert got["orientations"] == 4  # o1, o2, o3, o5: the count does not use the type


def test_taux_orientation_window_is_current_period_opening_to_fin():
    e = extraction(
        EXT_DAY,
        foyer=[foyer(f"f{i}") for i in range(1, 6)],
        personne=[personne(f"p{i}", f"f{i}") for i in range(1, 6)],
        droit=[droit("d0", "f1", "2022-01-01", "2023-01-01"),
               droit("d1", "f1", "2024-03-01"), droit("d2", "f2", "2024-03-01"),
               droit("d3", "f3", "2024-03-01"), droit("d4", "f4", "2024-03-01"),
               droit("d5", "f5", "2024-03-01", "2024-06-30")],  # not bénéficiaire on 06-30
        orientation=[orient("o1", "p1", "2022-06-01"),   # previous period only: not oriented
                     orient("o2", "p2", "2024-03-01"),   # on the opening day
                     orient("o3", "p3", "2024-06-30", org="inconnu"),  # on fin; organisme unused
                     orient("o4", "p4", "2024-07-01"),   # after fin
                     orient("o5", "p5", "2024-04-01")])
    df = frame(ctx(e, *P), "taux_orientation").collect()
    assert df.select("numerateur", "effectif").row(0) == (2, 4)


@pytest.mark.parametrize("opening, band", [
    ("2024-01-01", "moins_6_mois"),   # 5 months 29 days
    ("2023-12-30", "6_12_mois"),      # exactly 6 months before 2024-06-30
    ("2023-07-01", "6_12_mois"),      # 11 months 29 days
    ("2023-06-30", "plus_1_an"),      # exactly one year
])
def test_drees_anciennete_bands(opening, band):
    e = extraction(EXT_DAY, foyer=[foyer("f1")], personne=[personne("p1", "f1")],
                   droit=[droit("d1", "f1", opening)],
                   orientation=[orient("o1", "p1", "2024-06-01")])
    df = frame(ctx(e, *P), "taux_orientation", ("anciennete_drees",)).collect()
    assert df.select("anciennete_drees", "valeur").rows() == [(band, 1.0)]


def test_orientation_counts_by_origine_and_france_travail_share():
    e = extraction(
        EXT_DAY, foyer=[foyer("f1")], personne=[personne("p1", "f1")],
        droit=[droit("d1", "f1", "2020-01-01")],
        orientation=[orient("o1", "p1", "2024-01-05", org="france_travail"),
                     orient("o2", "p1", "2024-02-05", origine="equipe_pluridisciplinaire"),
                     orient("o3", "p1", "2024-03-05", org="france_travail",
                            origine="equipe_pluridisciplinaire"),
                     orient("o4", "p1", "2024-04-05", org="pole_emploi"),  # unknown organisme
                     orient("o5", "p1", "2024-05-05", origine="xx")])      # unknown origine
    c = ctx(e, *P)
    got = compute_values(c, ["orientations", "reorientations", "part_orientations_france_travail"])
    assert got == {"orientations": 5, "reorientations": 2,
                   "part_orientations_france_travail": pytest.approx(2 / 4)}
    df = frame(c, "orientations", ("origine",)).collect()
    assert dict(zip(df["origine"], df["valeur"], strict=True)) == {"espace_rsa": 2, "equipe_pluridisciplinaire": 2}
    df = frame(c, "orientations", ("organisme", "mois")).collect()
    assert df.height == 4 and "pole_emploi" not in df["organisme"].to_list()


def test_empty_period_orientation_rates_null_counts_zero():
    e = extraction(EXT_DAY, foyer=[foyer("f1")], personne=[personne("p1", "f1")],
                   droit=[droit("d1", "f1", "2020-01-01")], orientation=[])
    got = compute_values(ctx(e, *P), ["orientations", "reorientations", "taux_orientation",
                                      "part_orientation_professionnelle",
                                      "part_orientations_france_travail"])
    assert got == {"orientations": 0, "reorientations": 0, "taux_orientation": 0.0,
                   "part_orientation_professionnelle": None,
                   "part_orientations_france_travail": None}
