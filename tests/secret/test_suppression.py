"""Complementary suppression, computed by hand (indicators.secret.complementary)."""
from __future__ import annotations

import polars as pl

import indicators.engine  # noqa: F401  (registers the indicators)
from indicators.secret import Regles, complementary, complementary_frame, mask

S = 5


def test_a_group_with_one_masked_cell_hides_the_smallest_other():
    # total 40 shown: 40 − (10 + 7 + 20) would give the 3 back → hide 7 too
    assert complementary([10, 3, 7, 20], [False, True, False, False], [[0, 1, 2, 3]], S) == \
        [False, True, True, False]


def test_two_masked_cells_summing_to_less_than_seuil_hide_a_third():
    # 1 + 2 = 3 < 5 would be given by the total → hide the smallest other cell (6): 9 ≥ 5
    assert complementary([10, 1, 2, 20, 6], [False, True, True, False, False], [[0, 1, 2, 3, 4]],
                         S) == [False, True, True, False, True]


def test_two_masked_cells_holding_seuil_units_are_enough():
    assert complementary([10, 2, 3, 20], [False, True, True, False], [[0, 1, 2, 3]], S) == \
        [False, True, True, False]


def test_nested_levels_communes_in_cantons_in_the_departement():
    # canton X = {a, b}, canton Y = {c, d}, département = all. b (3) masked: canton X would give
    # it back → a hidden too; département: a + b = 13 hidden, fine; Y untouched
    groups = [[0, 1], [2, 3], [0, 1, 2, 3]]
    assert complementary([10, 3, 8, 9], [False, True, False, False], groups, S) == \
        [False, True, True, False][:0] + [True, True, False, False]


def test_nested_levels_each_canton_needs_its_own_second_cell():
    # a (2) and c (3) masked: together 5 for the département, but each canton alone would give
    # its small commune back → b and d hidden too
    groups = [[0, 1], [2, 3], [0, 1, 2, 3]]
    assert complementary([2, 12, 3, 15], [True, False, True, False], groups, S) == [True] * 4


def test_time_hierarchy_months_quarters_and_year():
    # two quarters of three months, and the half-year; April (2) masked
    months = [10, 15, 12, 2, 11, 6]
    groups = [[0, 1, 2], [3, 4, 5], [0, 1, 2, 3, 4, 5]]
    out = complementary(months, [False, False, False, True, False, False], groups, S)
    assert out == [False, False, False, True, False, True]  # June (6) hides with April: 8


def test_a_zero_cell_is_taken_only_when_nothing_else_is_left():
    assert complementary([0, 3, 9], [False, True, False], [[0, 1, 2]], S) == [False, True, True]
    assert complementary([0, 3], [False, True], [[0, 1]], S) == [True, True]


def test_a_hidden_total_protects_its_group():
    assert complementary([1, 2], [True, False], [[0, 1]], S, known=[False]) == [True, False]


def test_frame_groups_by_columns_and_flags_secondary_cells():
    df = pl.DataFrame({"canton": ["X", "X", "Y", "Y"], "valeur": [10, 3, 8, 9],
                       "effectif": [10, 3, 8, 9], "masque": [False, True, False, False]})
    out = complementary_frame(df, [["canton"]], S)
    assert out["masque"].to_list() == [True, True, False, False]
    assert out["masque_secondaire"].to_list() == [True, False, False, False]


def test_mask_applies_primary_then_complementary_and_hides_both():
    df = pl.DataFrame({"mois": [1, 2, 3], "valeur": [10, 2, 7], "effectif": [10, 2, 7]})
    out = mask(df, "entrees", Regles(seuil=S, perturbation=False), True, groups=[[]])
    assert out["valeur"].to_list() == [10, None, None]
    assert out["masque_secondaire"].to_list() == [False, False, True]


def test_the_pattern_does_not_depend_on_the_order_of_the_rows():
    """Months of a series in any order (a join gives them so): May (3 units) is hidden, and of
    the two next smallest months, June and July (6 units each), the same one is hidden too
    whatever the order — two patterns of one table would give each other's hidden cells back.
    The frame keeps its own order."""
    import random
    from datetime import date

    months = [date(2025, m, 1) for m in range(1, 9)]
    units = [20, 15, 30, 12, 3, 6, 6, 40]
    df = pl.DataFrame({"mois": months, "valeur": [u * 100.0 for u in units], "effectif": units,
                       "masque": [u < S for u in units]})
    patterns = set()
    for seed in range(8):
        rows = list(range(df.height))
        random.Random(seed).shuffle(rows)
        shuffled = df[rows]
        out = complementary_frame(shuffled, [[]], S, kind="sum")
        assert out["mois"].to_list() == shuffled["mois"].to_list()  # its own order kept
        patterns.add(tuple(out.sort("mois")["masque"].to_list()))
    assert patterns == {(False, False, False, False, True, True, False, False)}


# ---- a level × category table: both margins public (indicators.views.availability.cross_patterns)

def _cross(values, hidden_total=(False, False, False)):
    """Units X, Y, Z × categories F, M; ``hidden_total``: each unit's card hidden elsewhere."""
    df = pl.DataFrame({"u": ["X", "X", "Y", "Y", "Z", "Z"], "c": ["F", "M"] * 3,
                       "valeur": values, "effectif": values,
                       "t": [h for h in hidden_total for _ in "FM"]})
    df = df.with_columns(((pl.col("valeur") >= 1) & (pl.col("valeur") < S)).alias("masque"))
    return complementary_frame(df, [["u"], ["c"]], S, hidden_totals="t", exact_totals=True)


def test_a_small_cell_is_hidden_with_a_cell_of_its_unit_and_of_its_category():
    # X·M = 3: X·F with it (X's card), then Y·M (the département's M), and Y·F for Y's card
    out = _cross([10, 3, 20, 8, 30, 9])
    assert out["masque"].to_list() == [True, True, True, True, False, False]


def test_a_hidden_card_counts_as_a_hidden_cell_of_its_units_row():
    # nothing small, but X's card is hidden: X·F, then a cell of F, of that unit, of M… hidden
    out = _cross([10, 10, 20, 8, 30, 9], hidden_total=(True, False, False))
    assert out["masque"].to_list() == [True, False, True, True, True, True]


def test_a_small_exact_margin_is_not_taken_as_hidden():
    # the département shows M = 3 exactly: the zeros of M (no row on Y's and Z's pages) are
    # hidden with X·M, or M − 0 − 0 gives X·M back
    out = _cross([10, 3, 20, 0, 30, 0])
    assert out.filter(pl.col("c") == "M")["masque"].all()
    plain = complementary_frame(_cross([10, 3, 20, 0, 30, 0]).with_columns(
        ((pl.col("valeur") >= 1) & (pl.col("valeur") < S)).alias("masque")), [["u"], ["c"]], S)
    assert not plain.filter(pl.col("c") == "M")["masque"].all()  # M taken as hidden: Z·M shown
