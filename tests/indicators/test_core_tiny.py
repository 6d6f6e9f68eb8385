"""Every core indicator on the tiny hand-built extraction equals its hand-computed value
(tests/fixtures/tiny.py), for the département and for mdcs:BLO; absent tables give null; an empty
window gives counts 0 and null rates; a fin after date_extraction is clamped."""
from __future__ import annotations

from datetime import date

import pytest

from data.referentiel import load_referentiel
from indicators.engine import compute_values, frame, make_ctx
from indicators.registry import core_ids
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()


def ctx_for(debut: date, fin: date, territoire: str | None = None, without: tuple = ()):
    terr = REF.parse_territoire(territoire) if territoire else None
    return make_ctx(tiny.tiny_extraction(without), REF, Settings(), debut, fin, terr)


@pytest.fixture(scope="module")
def values():
    return {
        "dept": compute_values(ctx_for(tiny.DEBUT, tiny.FIN), list(tiny.EXPECTED)),
        "blo": compute_values(ctx_for(tiny.DEBUT, tiny.FIN, tiny.TERRITOIRE), list(tiny.EXPECTED_BLO)),
        "without": compute_values(ctx_for(tiny.DEBUT, tiny.FIN, without=tiny.WITHOUT),
                                  list(tiny.EXPECTED_WITHOUT)),
        "empty": compute_values(ctx_for(tiny.EMPTY_DEBUT, tiny.EMPTY_FIN), list(tiny.EXPECTED_EMPTY)),
        "clamped": compute_values(ctx_for(tiny.CLAMPED_DEBUT, tiny.CLAMPED_FIN),
                                  list(tiny.EXPECTED_CLAMPED)),
    }


def test_expected_covers_every_core_indicator():
    assert sorted(tiny.EXPECTED) == sorted(core_ids())
    assert sorted(tiny.EXPECTED_BLO) == sorted(tiny.EXPECTED)
    assert sorted(tiny.EXPECTED_EMPTY) == sorted(tiny.EXPECTED)


# case → hand-computed values: département, mdcs:BLO, optional tables missing (null), an empty
# window (counts 0, rates null, stocks at the extraction date), a fin after the extraction (clamped)
CASES = {"dept": tiny.EXPECTED, "blo": tiny.EXPECTED_BLO, "without": tiny.EXPECTED_WITHOUT,
         "empty": tiny.EXPECTED_EMPTY, "clamped": tiny.EXPECTED_CLAMPED}


@pytest.mark.parametrize("case,ind_id", [(c, i) for c, exp in CASES.items() for i in sorted(exp)])
def test_hand_computed_value(values, case, ind_id):
    expected = CASES[case][ind_id]
    assert tiny.same(values[case][ind_id], expected), (values[case][ind_id], expected)


def test_clamped_period_equals_period_ending_on_date_extraction():
    a = compute_values(ctx_for(tiny.CLAMPED_DEBUT, tiny.CLAMPED_FIN))
    b = compute_values(ctx_for(tiny.CLAMPED_DEBUT, tiny.DATE_EXTRACTION))
    assert tiny.mismatches(a, b) == {}


def test_drees_breakdown_of_taux_orientation():
    df = frame(ctx_for(tiny.DEBUT, tiny.FIN), "taux_orientation", ("anciennete_drees",)).collect()
    got = dict(zip(df["anciennete_drees"], df["valeur"], strict=True))
    assert got == pytest.approx(tiny.EXPECTED_DREES)
    assert dict(zip(df["anciennete_drees"], df["effectif"], strict=True)) == {
        "moins_6_mois": 5, "6_12_mois": 2, "plus_1_an": 1}


def test_blois_with_and_without_canton_code():
    # canton 4104: F1 (Blois with canton_code 4104) and F5 (Chailles); F2 (Blois, no canton) is
    # under "canton non déterminé"; F7 (Vendôme, canton_code 4102 ignored) in 4114
    c = ctx_for(tiny.DEBUT, tiny.FIN)
    df = frame(c, "foyers_beneficiaires", ("canton",)).collect()
    assert dict(zip(df["canton"], df["valeur"], strict=True)) == {"4104": 2, "ND": 1, "4114": 2, "4110": 1}
    assert compute_values(ctx_for(tiny.DEBUT, tiny.FIN, "canton:4104"),
                          ["foyers_beneficiaires", "delai_orientation_median_j"]) == {
        "foyers_beneficiaires": 2, "delai_orientation_median_j": 57.0}  # P01 40, P02 74


def test_unknown_commune_counts_in_departement_only():
    df = frame(ctx_for(tiny.DEBUT, tiny.FIN), "entrees", ("mdcs",)).collect()
    # D05 (F4, commune 41999) under INCONNU; the MDCS sum to the département total
    assert dict(zip(df["mdcs"], df["valeur"], strict=True)) == {"BLO": 3, "INCONNU": 1, "VEN": 1}
    assert df["valeur"].sum() == tiny.EXPECTED["entrees"]


def test_breakdown_values_are_consistent_with_total():
    c = ctx_for(tiny.DEBUT, tiny.FIN)
    df = frame(c, "part_orientes_dans_delai", ("sexe",)).collect()
    # F: P01 ✓, P03 ✓, P09 ✓ → 3/3; M: P02 ✗, P05 ✗ → 0/2
    assert df.sort("sexe").select("sexe", "numerateur", "effectif").rows() == [
        ("F", 3, 3), ("M", 0, 2)]
