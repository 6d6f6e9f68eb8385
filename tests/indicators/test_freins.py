"""Freins périphériques: prevalence among personnes SDD, share lifted, time to lift."""
from datetime import date

import pytest

from tests.indicators.builders import droit, extraction, foyer, framer, personne, value

D = date(2024, 12, 31)
H1 = (date(2024, 1, 1), date(2024, 6, 30))


def fr(p, t, diag, levee=None):
    return {"id_personne": p, "type_frein": t, "date_diagnostic": diag, "date_levee": levee}


def make(with_table=True):
    t = dict(
        foyer=[foyer("F1", "41269"), foyer("F2", "41018", "4102"), foyer("F3", "41018"),
               foyer("F5", "41269")],
        personne=[personne("P1", "F1"), personne("P1b", "F1", "M", role="conjoint"),
                   personne("P2", "F2", "M"), personne("P3", "F3"), personne("P5", "F5")],
        droit=[droit("D1", "F1", "2020-01-01"), droit("D2", "F2", "2023-01-01"),
               droit("D3", "F3", "2024-01-01", "2024-09-01"),
               droit("D5", "F5", "2019-01-01", "2023-01-01")],  # F5 no longer bénéficiaire
    )
    # personnes SDD at 30/06/2024: P1, P1b, P2, P3
    if with_table:
        t["frein"] = [
            fr("P1", "mobilite", "2024-02-01"),  # présent at fin
            fr("P1", "sante", "2023-06-01", "2024-06-30"),  # lifted on fin: no longer présent
            fr("P2", "mobilite", "2024-07-01"),  # diagnosed after fin
            fr("P2", "logement", "2023-01-01", "2024-08-01"),  # présent at fin
            fr("P3", "garde_enfants", "2024-03-01", "2024-04-11"),  # lifted in 41 days
            fr("P5", "mobilite", "2024-01-01"),  # not SDD
            fr("P1b", "bidon", "2024-01-15"),  # unknown type
            fr("PX", "mobilite", "2024-02-01"),  # broken key, not SDD
            fr("P2", "sante", "2024-05-01", "2024-04-01"),  # lifted before diagnosis: incoherent
            fr("P2", "numerique", "2024-06-01", "2024-12-31"),  # présent at fin; 213 days
        ]
    return extraction(D, **t)


EXT = make()


f = framer(EXT, H1)


def test_prevalence_any_and_by_type():
    df = f("prevalence_freins")
    assert df["valeur"][0] == pytest.approx(3 / 4)  # P1, P2, P1b (unknown type still a frein)
    by = f("prevalence_freins", ("type_frein",))
    assert by.height == 8 and set(by["effectif"].to_list()) == {4}
    assert value(by, type_frein="mobilite") == 0.25  # P1 (P5, PX not SDD; P2's is later)
    assert value(by, type_frein="logement") == 0.25
    assert value(by, type_frein="sante") == 0.0  # P1's lifted on fin, P2's incoherent (lifted 01/04)
    assert value(by, type_frein="garde_enfants") == 0.0


def test_part_frein_mobilite_territories():
    assert f("part_frein_mobilite")["valeur"][0] == 0.25
    assert f("part_frein_mobilite", territoire="mdcs:VEN")["valeur"][0] == 0.5  # P1 / P1 P1b
    assert f("part_frein_mobilite", territoire="mdcs:BLO")["valeur"][0] == 0.0  # P2 P3
    assert value(f("part_frein_mobilite", ("canton",)), canton="ND") == 0.0  # P3, Blois no canton


def test_part_freins_leves_and_delai():
    # diagnosed in H1, coherent: P1 mob, P3 garde (lifted 11/04), P5 mob, P1b bidon, PX mob, P2 num
    df = f("part_freins_leves")
    assert df["valeur"][0] == pytest.approx(1 / 6) and df["effectif"][0] == 6
    by = f("part_freins_leves", ("type_frein",))
    assert value(by, type_frein="mobilite") == 0.0 and value(by, type_frein="garde_enfants") == 1.0
    assert "bidon" not in by["type_frein"].to_list()
    # lifted on or before date_extraction: 41 and 213 days → median of an even count = 127
    assert f("delai_levee_median_j")["valeur"][0] == pytest.approx(127.0)


def test_empty_and_absent():
    late = (date(2025, 2, 1), date(2025, 3, 1))
    assert f("part_freins_leves", period=late)["valeur"][0] is None
    assert f("delai_levee_median_j", period=late)["valeur"][0] is None
    # prevalence is a stock, taken at date_extraction (31/12/2024): SDD P1, P1b, P2 (P3's droit
    # ended 01/09); P1 mobilité, P1b unknown type, P2 mobilité (diagnosed 01/07) → 3/3
    assert f("prevalence_freins", period=late)["valeur"][0] == pytest.approx(1.0)
    assert f("prevalence_freins", ext=make(False))["valeur"][0] is None
