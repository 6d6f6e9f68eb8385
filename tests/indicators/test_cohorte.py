"""People over time on the tiny extraction (tests/fixtures/tiny.py), by hand, with censoring.

Cohort of 01/01–30/06/2024 (extraction 20/07/2024): P01 and P02 (D02, opens 01/02), P03 (D03,
10/03), P05 (D05, 01/04 → 15/05), P06 (D06, 20/06), P09 (D08, 15/01).
Orientated at the end of month k (first orientation: P01 12/03, P02 15/04, P03 30/03, P09 20/02;
P05 and P06 none):
  k=0: 0/6; k=1 (P01 01/03, P02 01/03, P03 10/04, P05 01/05, P06 20/07, P09 15/02): P03 → 1/6;
  k=2: P06 censored (20/08 > 20/07); P01 01/04, P03 10/05, P09 15/03 → 3/5;
  k=3: + P02 (01/05) → 4/5; k=4: P05 censored (01/08) → 4/4; k=5: P03 censored → 3/3;
  k=6: only P09 (15/07) → 1/1; k=7: nobody observed.
Out of the RSA: P05's droit ends 15/05 → k=2 (01/06): 1/5.
In an action: k=0 P01 (PA01 until 28/02), P03 (PA03), P05 (PA05) → 3/6; k=1 P02 (PA02 from
01/03), P03, P05 → 3/6 (P01 between PA01 and PA08).
Time in the RSA (Kaplan-Meier): D05 ends after 44 days; D02 (170 d), D03 (132 d), D06 (30 d) and
D08 (187 d) are still open, censored at 20/07: at t = 44, 4 droits at risk → S = 0,75, the curve
never reaches 0,5 → no median (the naive median of ended droits would say 44 days).
Cohort of 2023: D01 (F1, 01/03 → 01/09/2023, 184 days) and D07 (F6, 01/09/2023 → 15/07/2024,
318 days) both ended → S(184) = 1/2 → median 184 days. D01 ended ≥ 6 months before the extraction
and F1 came back on 01/02/2024 (within 6 months) → returns within 6 months 1/1 = 100 %; no end is
12 months old → no 12-month figure.
"""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data.referentiel import load_referentiel
from indicators.core import cohorte
from indicators.engine import compute_values, frame, make_ctx
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()


def _ctx(debut=tiny.DEBUT, fin=tiny.FIN):
    return make_ctx(tiny.tiny_extraction(), REF, Settings(), debut, fin, None)


def _by_month(ind_id, ctx=None):
    df = frame(ctx or _ctx(), ind_id, ("mois_suivi",)).collect().sort("mois_suivi")
    return {r["mois_suivi"]: (r["numerateur"], r["_den"]) for r in df.iter_rows(named=True)}


def test_oriented_month_by_month_with_censoring():
    got = _by_month("cohorte_part_orientes")
    assert got == {0: (0, 6), 1: (1, 6), 2: (3, 5), 3: (4, 5), 4: (4, 4), 5: (3, 3), 6: (1, 1)}


def test_out_of_the_rsa_and_in_an_action():
    sortis = _by_month("cohorte_part_sortis")
    assert sortis[1] == (0, 6) and sortis[2] == (1, 5) and sortis[3] == (1, 5)
    action = _by_month("cohorte_part_en_action")
    assert action[0] == (3, 6) and action[1] == (3, 6)


def test_without_breakdown_month_12_nobody_observed_yet():
    v = compute_values(_ctx(), ["cohorte_part_orientes", "cohorte_sorties"])
    assert v["cohorte_part_orientes"] is None
    assert v["cohorte_sorties"] == 1
    m = frame(_ctx(), "cohorte_sorties", ("motif_fin",)).collect()
    assert m.select("motif_fin", "valeur").rows() == [("ressources_superieures", 1)]


def test_time_in_rsa_kaplan_meier_with_censoring():
    curve = cohorte.courbe_duree_rsa(_ctx()).collect()
    assert curve.select("t", "at_risk", "events", "censored").rows() == [
        (30, 5, 0, 1), (44, 4, 1, 0), (132, 3, 0, 1), (170, 2, 0, 1), (187, 1, 0, 1)]
    assert curve.filter(pl.col("t") == 44)["survival"][0] == pytest.approx(0.75)
    assert compute_values(_ctx(), ["duree_droit_km_median_j"])["duree_droit_km_median_j"] is None
    y23 = _ctx(date(2023, 1, 1), date(2023, 12, 31))
    assert compute_values(y23, ["duree_droit_km_median_j"])["duree_droit_km_median_j"] == 184


def test_returns_after_an_exit():
    y23 = _ctx(date(2023, 1, 1), date(2023, 12, 31))
    v = compute_values(y23, ["part_retours_6_mois", "part_retours_12_mois"])
    assert v["part_retours_6_mois"] == 1.0
    assert v["part_retours_12_mois"] is None
    assert compute_values(_ctx(), ["part_retours_6_mois"])["part_retours_6_mois"] is None


def test_time_in_rsa_curve_as_drawn():
    """The curve the page and the evaluation pack draw (share still in the RSA), at its fixed
    durations: 100 % until D05 ends (44 days), then 75 % (censoring keeps it there)."""
    from indicators import distributions
    km = distributions.km_duree_rsa(_ctx())
    assert km.ok
    assert km.data.select("jours", "part_au_rsa").rows()[:3] == [(0, 1.0), (30, 1.0),
                                                                  (44, pytest.approx(0.75))]
    col = km.table.display.columns[1]
    # 30, 91, 182 days; beyond the longest droit observed (187 days) the curve is not known
    assert km.table.display[col].to_list() == ["100,0\u202f%", "75,0\u202f%", "75,0\u202f%"] + ["–"] * 4
    # below the département: 6 droits < seuil_distribution → no curve, a French reason
    small = make_ctx(tiny.tiny_extraction(), REF, Settings(), tiny.DEBUT, tiny.FIN,
                     REF.parse_territoire("mdcs:BLO"))
    k2 = distributions.km_duree_rsa(small)
    assert not k2.ok and "secret statistique" in k2.reason


def test_time_in_rsa_below_departement_only_fixed_durations():
    """With a low seuil_distribution, below the département the curve has only the fixed
    durations of KM_DURATIONS_RSA (never one row per ended droit)."""
    import dataclasses

    from indicators import distributions
    from indicators.secret import KM_DURATIONS_RSA
    s = dataclasses.replace(Settings(), seuil_distribution=1, seuil_secret=1)
    ctx = make_ctx(tiny.tiny_extraction(), REF, s, tiny.DEBUT, tiny.FIN,
                   REF.parse_territoire("mdcs:BLO"))
    km = distributions.km_duree_rsa(ctx)
    assert km.ok, km.reason
    assert set(km.data["jours"].to_list()) <= {0, *KM_DURATIONS_RSA}
    assert 44 not in km.data["jours"].to_list()
