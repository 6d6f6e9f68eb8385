"""Délais d'orientation of the entrants: edge cases of the contract's definition."""
from __future__ import annotations

from datetime import date

import pytest

from indicators.core.delais import entrants_delai
from indicators.engine import compute_values, frame
from settings import Objectifs, Settings
from tests.indicators.builders import ctx, droit, extraction, foyer, orient, personne, value

EXT_DAY = date(2024, 12, 31)
IDS = ["delai_orientation_moyen_j", "delai_orientation_median_j", "part_orientes_dans_delai"]


def ext(droits: list[dict], orientations: list[dict], n_foyers: int = 4):
    return extraction(
        EXT_DAY,
        foyer=[foyer(f"f{i}") for i in range(1, n_foyers + 1)],
        personne=[personne(f"p{i}", f"f{i}") for i in range(1, n_foyers + 1)],
        droit=droits, orientation=orientations)


def test_first_orientation_on_or_after_opening_before_droit_end():
    e = ext([droit("d1", "f1", "2024-03-01"),
             droit("d2", "f2", "2024-03-01", "2024-04-10"),
             droit("d3", "f3", "2024-03-01", "2024-04-10"),
             droit("d4", "f4", "2024-03-01")],
            [orient("o1", "p1", "2024-02-28"),   # before the opening: ignored
             orient("o2", "p1", "2024-03-01"),   # on the opening day: delay 0
             orient("o3", "p2", "2024-04-10"),   # on date_fin (first day without droit): ignored
             orient("o4", "p3", "2024-04-09"),   # last entitled day: 39
             orient("o5", "p4", "2025-01-01")])  # after date_extraction: ignored
    c = ctx(e, date(2024, 1, 1), date(2024, 6, 30))
    got = compute_values(c, IDS)
    assert got["delai_orientation_moyen_j"] == pytest.approx((0 + 39) / 2)
    assert got["delai_orientation_median_j"] == pytest.approx(19.5)
    # all four opened ≥ 42 days before 2024-12-31; in time: p1 (0), p3 (39)
    assert got["part_orientes_dans_delai"] == pytest.approx(2 / 4)


def test_same_day_first_orientation_is_smallest_id_in_code_point_order():
    # "o10" < "o9" by code point: the first orientation is o10 (professionnelle)
    e = ext([droit("d1", "f1", "2024-03-01")],
            [orient("o9", "p1", "2024-03-20", "sociale"),
             orient("o10", "p1", "2024-03-20", "professionnelle")], n_foyers=1)
    c = ctx(e, date(2024, 1, 1), date(2024, 6, 30))
    df = frame(c, "delai_orientation_moyen_j", ("type_orientation",)).collect()
    assert df.select("type_orientation", "valeur").rows() == [("professionnelle", 19.0)]


def test_foyer_opening_two_periods_in_window_counts_twice():
    e = ext([droit("d1", "f1", "2024-01-10", "2024-02-01"),
             droit("d2", "f1", "2024-03-01")],
            [orient("o1", "p1", "2024-01-20"),   # 10 d for d1
             orient("o2", "p1", "2024-03-31")],  # d1 ended: for d2 only, 30 d
            n_foyers=1)
    c = ctx(e, date(2024, 1, 1), date(2024, 6, 30))
    rows = entrants_delai(c).sort("id_droit").select("id_droit", "delai_j").collect().rows()
    assert rows == [("d1", 10), ("d2", 30)]
    assert compute_values(c, ["delai_orientation_moyen_j"])["delai_orientation_moyen_j"] == 20.0


def test_part_orientes_bounds_and_objective_from_settings():
    e = ext([droit("d1", "f1", "2024-11-19"),   # exactly 42 d before 12-31: counted
             droit("d2", "f2", "2024-11-20"),   # 41 d: left out of the denominator
             droit("d3", "f3", "2024-06-01"),
             droit("d4", "f4", "2024-06-01")],
            [orient("o1", "p1", "2024-12-31"),  # 42 d: in time
             orient("o2", "p2", "2024-11-21"),
             orient("o3", "p3", "2024-07-14"),  # 43 d: late
             orient("o4", "p4", "2024-07-13")])  # 42 d: in time
    c = ctx(e, date(2024, 1, 1), date(2024, 12, 31))
    df = frame(c, "part_orientes_dans_delai").collect()
    assert df.select("numerateur", "effectif").row(0) == (2, 3)
    tight = Settings(objectifs=Objectifs(delai_orientation_j=30))
    c30 = ctx(e, date(2024, 1, 1), date(2024, 12, 31), settings=tight)
    # D = 30: all four opened ≥ 30 d before; none oriented within 30 d but p2 (1 d)
    assert frame(c30, "part_orientes_dans_delai").collect()["valeur"][0] == pytest.approx(1 / 4)


def test_no_entrant_means_null_and_rate_null():
    e = ext([droit("d1", "f1", "2020-01-01")], [orient("o1", "p1", "2024-02-01")], n_foyers=1)
    got = compute_values(ctx(e, date(2024, 1, 1), date(2024, 6, 30)), IDS)
    assert got == {k: None for k in IDS}


def test_unknown_organisme_counts_for_delay_but_not_in_organisme_breakdown():
    e = ext([droit("d1", "f1", "2024-03-01"), droit("d2", "f2", "2024-03-01")],
            [orient("o1", "p1", "2024-03-11", org="n_importe_quoi"),
             orient("o2", "p2", "2024-03-21", org="france_travail")], n_foyers=2)
    c = ctx(e, date(2024, 1, 1), date(2024, 6, 30))
    assert value(frame(c, "delai_orientation_moyen_j")) == 15.0
    df = frame(c, "delai_orientation_moyen_j", ("organisme",)).collect()
    assert df.select("organisme", "valeur").rows() == [("france_travail", 20.0)]


def test_breakdown_by_entry_month_and_territory():
    e = extraction(
        EXT_DAY,
        foyer=[foyer("f1", "41018", "4104"), foyer("f2", "41269")],
        personne=[personne("p1", "f1"), personne("p2", "f2")],
        droit=[droit("d1", "f1", "2024-01-15"), droit("d2", "f2", "2024-02-03")],
        orientation=[orient("o1", "p1", "2024-01-25"), orient("o2", "p2", "2024-03-04")])
    c = ctx(e, date(2024, 1, 1), date(2024, 6, 30))
    df = frame(c, "delai_orientation_median_j", ("mois",)).collect()
    assert df.select("mois", "valeur").rows() == [(date(2024, 1, 1), 10.0), (date(2024, 2, 1), 30.0)]
    assert value(frame(ctx(e, date(2024, 1, 1), date(2024, 6, 30), "mdcs:VEN"),
                       "delai_orientation_median_j")) == 30.0
