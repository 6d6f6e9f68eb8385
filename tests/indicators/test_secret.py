import polars as pl

import indicators.engine  # noqa: F401  registers indicators
from indicators.secret import Regles, display_value, mask

RAW = Regles(seuil=5, perturbation=False)


def test_counts_between_1_and_seuil_minus_1_are_hidden_below_departement():
    df = pl.DataFrame({"canton": ["a", "b", "c", "d"], "valeur": [0, 1, 4, 5],
                       "effectif": [0, 1, 4, 5]})
    out = mask(df, "personnes_sdd", RAW)
    assert out["valeur"].to_list() == [0, None, None, 5]
    assert out["effectif"].to_list() == [0, None, None, 5]
    assert out["masque"].to_list() == [False, True, True, False]
    assert display_value(None, True, "personnes_sdd", 5, str) == "< 5"


def test_counts_are_raw_at_departement_level():
    df = pl.DataFrame({"valeur": [3], "effectif": [3]})
    assert mask(df, "personnes_sdd", 5, below_departement=False)["valeur"].to_list() == [3]


def test_a_count_of_events_is_judged_on_its_distinct_persons():
    df = pl.DataFrame({"valeur": [5, 9], "effectif": [2, 9]})  # 5 saisines of 2 persons
    assert mask(df, "ep_saisines", RAW)["masque"].to_list() == [True, False]


def test_a_rate_is_hidden_when_its_numerator_or_complement_is_small():
    df = pl.DataFrame({"valeur": [1 / 7, 6 / 7, 3 / 6, 5 / 10], "numerateur": [1, 6, 3, 5],
                       "effectif": [7, 7, 6, 10], "_den": [7, 7, 6, 10]})
    out = mask(df, "taux_orientation", RAW)
    assert out["masque"].to_list() == [True, True, True, False]
    assert out["numerateur"].to_list() == [None] * 4  # never a numerator below the département


def test_a_median_needs_seuil_distribution_units():
    df = pl.DataFrame({"valeur": [27.0, 30.0], "effectif": [10, 11]})
    assert mask(df, "delai_orientation_median_j", RAW)["masque"].to_list() == [True, False]


def test_perturbation_is_the_same_for_the_same_cell_key_and_never_below_seuil():
    df = pl.DataFrame({"valeur": [5, 40, 40], "effectif": [5, 40, 40],
                       "_cle": [123, 987654321, 987654321]}, schema_overrides={"_cle": pl.UInt64})
    out = mask(df, "personnes_sdd", Regles(seuil=5))
    v = out["valeur"].to_list()
    assert v[1] == v[2] and abs(v[1] - 40) <= 2 and v[0] >= 5
    assert "_cle" not in out.columns
