"""Kaplan-Meier time to orientation: hand case with both kinds of censoring, and a cross-check of
the pure-polars estimator against lifelines on random data."""
from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter

from indicators.engine import frame
from indicators.survival import courbe_orientation, km_curve, km_median
from tests.indicators.builders import ctx, droit, extraction, foyer, orient, personne

P = (date(2024, 1, 1), date(2024, 1, 31))


def _hand_ext():
    sexes = ["F", "F", "M", "M", "F"]
    return extraction(
        date(2024, 3, 1),
        foyer=[foyer(f"f{i}") for i in range(1, 6)],
        personne=[personne(f"p{i}", f"f{i}", sexe=s) for i, s in enumerate(sexes, 1)],
        droit=[droit("d1", "f1", "2024-01-01"), droit("d2", "f2", "2024-01-01"),
               droit("d3", "f3", "2024-01-01", "2024-01-16"),  # left unoriented: censored at 14
               droit("d4", "f4", "2024-01-01"),                # not oriented: censored at 60
               droit("d5", "f5", "2024-01-01")],
        orientation=[orient("o1", "p1", "2024-01-11"), orient("o2", "p2", "2024-01-21"),
                     orient("o3", "p3", "2024-01-20"),  # after its droit ended: ignored
                     orient("o5", "p5", "2024-01-31")])


def test_hand_curve_with_both_censorings():
    curve = courbe_orientation(ctx(_hand_ext(), *P)).collect()
    assert curve.select("t", "at_risk", "events", "censored").rows() == [
        (10, 5, 1, 0), (14, 4, 0, 1), (20, 3, 1, 0), (30, 2, 1, 0), (60, 1, 0, 1)]
    # S = 4/5, 4/5, 4/5·2/3, 4/5·2/3·1/2, same
    assert curve["survival"].to_list() == pytest.approx(
        [0.8, 0.8, 0.8 * 2 / 3, 0.8 * 2 / 3 / 2, 0.8 * 2 / 3 / 2])
    df = frame(ctx(_hand_ext(), *P), "delai_orientation_km_median_j").collect()
    # first t with S ≤ 0.5 is 30 (the naive median of the oriented, 20, ignores the censored)
    assert df.select("valeur", "effectif").row(0) == (30.0, 5)


def test_median_by_group_and_null_when_never_half():
    df = frame(ctx(_hand_ext(), *P), "delai_orientation_km_median_j", ("sexe",)).collect()
    # F: p1 10, p2 20, p5 30 → S 2/3, 1/3 → 20; M: p3 censored 14, p4 censored 60 → null
    assert df.select("sexe", "valeur", "effectif").rows() == [("F", 20.0, 3), ("M", None, 2)]


def test_no_entrant_gives_null_median_and_zero_effectif():
    df = frame(ctx(_hand_ext(), date(2023, 1, 1), date(2023, 12, 31)),
               "delai_orientation_km_median_j").collect()
    assert df.select("valeur", "effectif").row(0) == (None, 0)


@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_matches_lifelines_on_random_data(seed):
    rng = np.random.default_rng(seed)
    n = 300
    t = rng.integers(0, 120, n)
    event = rng.random(n) < 0.6
    grp = rng.choice(["a", "b"], n)
    lf = pl.LazyFrame({"t": t, "event": event, "g": grp})
    for g in ("a", "b"):
        mask = grp == g
        kmf = KaplanMeierFitter().fit(t[mask], event_observed=event[mask])
        curve = km_curve(lf, ("g",)).filter(pl.col("g") == g).collect()
        ts = curve["t"].to_numpy()
        expected = kmf.survival_function_at_times(ts).to_numpy()
        assert curve["survival"].to_numpy() == pytest.approx(expected, abs=1e-12)
        table = kmf.event_table.loc[ts]
        assert curve["at_risk"].to_list() == table["at_risk"].astype(int).tolist()
        assert curve["events"].to_list() == table["observed"].astype(int).tolist()
        med = km_median(km_curve(lf, ("g",)), ("g",)).filter(pl.col("g") == g).collect()["valeur"][0]
        lifelines_med = kmf.median_survival_time_
        assert (med is None and np.isinf(lifelines_med)) or med == pytest.approx(lifelines_med)
    whole = KaplanMeierFitter().fit(t, event_observed=event)
    med = km_median(km_curve(lf)).collect()["valeur"][0]
    assert med == pytest.approx(whole.median_survival_time_)


def test_tiny_extraction_km_median():
    from data.referentiel import load_referentiel
    from indicators.engine import make_ctx
    from settings import Settings
    from tests.fixtures import tiny

    c = make_ctx(tiny.tiny_extraction(), load_referentiel(), Settings(), tiny.DEBUT, tiny.FIN)
    # events 20 (P03), 36 (P09), 40 (P01), 74 (P02); censored P06 at 30 (07-20 − 06-20),
    # P05 at 43 (droit ended 05-15: last entitled day 05-14 − 04-01)
    # S: 5/6 at 20, ·3/4 = 0.625 at 36, ·2/3 = 0.4167 at 40 → median 40
    df = frame(c, "delai_orientation_km_median_j").collect()
    assert df.select("valeur", "effectif").row(0) == (40.0, 6)
