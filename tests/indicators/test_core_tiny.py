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


@pytest.mark.parametrize("ind_id", sorted(tiny.EXPECTED))
def test_departement(values, ind_id):
    assert tiny.same(values["dept"][ind_id], tiny.EXPECTED[ind_id]), \
        (values["dept"][ind_id], tiny.EXPECTED[ind_id])


@pytest.mark.parametrize("ind_id", sorted(tiny.EXPECTED_BLO))
def test_territoire_mdcs_blo(values, ind_id):
    assert tiny.same(values["blo"][ind_id], tiny.EXPECTED_BLO[ind_id]), \
        (values["blo"][ind_id], tiny.EXPECTED_BLO[ind_id])


@pytest.mark.parametrize("ind_id", sorted(tiny.EXPECTED_WITHOUT))
def test_optional_tables_missing(values, ind_id):
    assert tiny.same(values["without"][ind_id], tiny.EXPECTED_WITHOUT[ind_id]), \
        (values["without"][ind_id], tiny.EXPECTED_WITHOUT[ind_id])


@pytest.mark.parametrize("ind_id", sorted(tiny.EXPECTED_EMPTY))
def test_empty_window_counts_zero_rates_null_stocks_at_extraction(values, ind_id):
    assert tiny.same(values["empty"][ind_id], tiny.EXPECTED_EMPTY[ind_id]), \
        (values["empty"][ind_id], tiny.EXPECTED_EMPTY[ind_id])


@pytest.mark.parametrize("ind_id", sorted(tiny.EXPECTED_CLAMPED))
def test_fin_after_extraction_is_clamped(values, ind_id):
    assert tiny.same(values["clamped"][ind_id], tiny.EXPECTED_CLAMPED[ind_id]), \
        (values["clamped"][ind_id], tiny.EXPECTED_CLAMPED[ind_id])


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
