import polars as pl

import indicators.engine  # noqa: F401  registers indicators
from indicators.secret import display_value, mask


def test_counts_between_1_and_seuil_minus_1_are_hidden_below_departement():
    df = pl.DataFrame({"canton": ["a", "b", "c", "d"], "valeur": [0, 1, 4, 5],
                       "effectif": [0, 1, 4, 5]})
    out = mask(df, "personnes_sdd", 5)
    assert out["valeur"].to_list() == [0, None, None, 5]
    assert out["effectif"].to_list() == [0, None, None, 5]
    assert out["masque"].to_list() == [False, True, True, False]
    assert display_value(None, True, "personnes_sdd", 5, str) == "< 5"


def test_counts_are_raw_at_departement_level():
    df = pl.DataFrame({"valeur": [3], "effectif": [3]})
    assert mask(df, "personnes_sdd", 5, below_departement=False)["valeur"].to_list() == [3]
