"""Comparisons: comparison periods, value vs comparison period, territory table with funnel."""
from datetime import date

import polars as pl
import pytest

from indicators.compare import (
    compare_frame,
    compare_value,
    comparison_ctx,
    territory_table,
)
from tests.indicators.builders import ctx, droit, extraction, foyer, personne


def rdv(i, p, d, s="honore"):
    return {"id_rdv": i, "id_personne": p, "date_rdv": d, "type_rdv": "referent", "statut": s}


def test_cut_period_and_values():
    ext = extraction(
        date(2024, 11, 1),
        foyer=[foyer("F1", "41269")], personne=[personne("P1", "F1")],
        rendez_vous=[rdv("R1", "P1", "2023-03-01", "absent"), rdv("R2", "P1", "2023-06-01"),
                     rdv("R3", "P1", "2023-12-15"),  # after 01/11/2023: outside the comparison
                     rdv("R4", "P1", "2024-02-01", "absent"), rdv("R5", "P1", "2024-05-01", "absent"),
                     rdv("R6", "P1", "2024-10-01")])
    c = ctx(ext, date(2024, 1, 1), date(2024, 12, 31))  # cut at 01/11/2024
    for mode in ("precedente", "n-1"):
        p = comparison_ctx(c, mode)
        assert (p.debut, p.fin) == (date(2023, 1, 1), date(2023, 11, 1))
    cmp = compare_value(c, "rendez_vous", "n-1")
    assert (cmp.valeur, cmp.valeur_comparaison, cmp.ecart) == (3, 2, 1)  # R4 R5 R6 vs R1 R2
    assert cmp.ecart_relatif == pytest.approx(0.5)
    assert (cmp.debut_comparaison, cmp.fin_comparaison) == (date(2023, 1, 1), date(2023, 11, 1))
    t = compare_value(c, "taux_absenteisme")
    assert t.valeur == pytest.approx(2 / 3) and t.valeur_comparaison == pytest.approx(1 / 2)
    assert t.ecart == pytest.approx(2 / 3 - 1 / 2) and t.ecart_relatif is None  # points for rates
    # a frame with a breakdown stays lazy
    lf = compare_frame(c, "rendez_vous", ("statut",), "n-1")
    assert isinstance(lf, pl.LazyFrame)
    df = lf.collect()
    assert df.filter(pl.col("statut") == "absent")["ecart"][0] == 1  # 2 vs 1
    assert df.filter(pl.col("statut") == "honore")["valeur_comparaison"][0] == 1  # R2
    # absent statut: R4 R5 (2024) vs R1 (2023); a group on one side only counts 0 on the other
    only_prev = compare_frame(c, "rendez_vous", ("statut",), "precedente").collect()
    assert only_prev.filter(pl.col("statut") == "honore")["valeur"][0] == 1  # R6


def funnel_extraction(with_rdv=True):
    # VEN 20 rdv / 18 absent (0.9), BLO 20 / 2 (0.1), NLC 4 / 2 (0.5): département 44 / 22 = 0.5
    foyers = [foyer("F1", "41269"), foyer("F2", "41018", "4102"), foyer("F3", "41173")]
    persons = [personne("P1", "F1"), personne("P2", "F2"), personne("P3", "F3")]
    rows = []
    for p, n, absent in (("P1", 20, 18), ("P2", 20, 2), ("P3", 4, 2)):
        rows += [rdv(f"{p}-{k}", p, "2024-03-01", "absent" if k < absent else "honore")
                 for k in range(n)]
    t = dict(foyer=foyers, personne=persons, droit=[droit("D1", "F1", "2020-01-01")])
    if with_rdv:
        t["rendez_vous"] = rows + [rdv("X", "PX", "2024-03-01")]  # broken key
    return extraction(date(2024, 12, 31), **t)


Y = (date(2024, 1, 1), date(2024, 12, 31))


def test_territory_table_rate_funnel():
    ext = funnel_extraction()
    # the broken-key rdv (honoré) joins the département: 45 rdv, 22 absent
    p0 = 22 / 45
    t = territory_table(ctx(ext, *Y, "mdcs:VEN"), "taux_absenteisme", "mdcs")  # territory ignored
    ven = t.filter(pl.col("code") == "VEN").row(0, named=True)
    assert ven["valeur"] == pytest.approx(0.9) and ven["valeur_departement"] == pytest.approx(p0)
    assert ven["ecart"] == pytest.approx(0.9 - p0)
    se = (p0 * (1 - p0) / 20) ** 0.5  # 0.11178
    assert ven["limite_haute_95"] == pytest.approx(p0 + 1.959964 * se)  # 0.7080
    assert ven["limite_haute_998"] == pytest.approx(p0 + 3.090232 * se)  # 0.8343
    assert ven["significatif"] is True and ven["alerte_95"] is True
    blo = t.filter(pl.col("code") == "BLO").row(0, named=True)
    assert blo["limite_basse_998"] == pytest.approx(p0 - 3.090232 * se)  # 0.1434 > 0.1
    assert blo["significatif"] is True
    nlc = t.filter(pl.col("code") == "NLC").row(0, named=True)
    # n = 4: 95 % limits p0 ± 0.4898 → [0, 0.9787]; 0.5 inside
    assert nlc["limite_basse_95"] == 0.0 and nlc["significatif"] is False
    # better = baisse: BLO 1st, NLC 2nd, VEN 3rd; ROM / SUD without rdv: null, unranked
    ranks = dict(zip(t["code"], t["rang"], strict=True))
    assert (ranks["BLO"], ranks["NLC"], ranks["VEN"]) == (1, 2, 3)
    rom = t.filter(pl.col("code") == "ROM").row(0, named=True)
    assert rom["valeur"] is None and rom["rang"] is None and rom["limite_basse_95"] is None
    inconnu = t.filter(pl.col("code") == "INCONNU").row(0, named=True)
    assert inconnu["nom"] == "Commune inconnue" and inconnu["rang"] is None
    assert inconnu["valeur"] == 0.0  # the honoured broken-key rdv


def test_territory_table_counts_and_absent_table():
    t = territory_table(ctx(funnel_extraction(), *Y), "rendez_vous", "mdcs")
    vals = dict(zip(t["code"], t["valeur"], strict=True))
    assert (vals["VEN"], vals["BLO"], vals["NLC"], vals["ROM"], vals["SUD"]) == (20, 20, 4, 0, 0)
    ranks = dict(zip(t["code"], t["rang"], strict=True))
    assert (ranks["VEN"], ranks["BLO"], ranks["NLC"], ranks["ROM"]) == (1, 1, 3, 4)  # ties share
    assert t["valeur_departement"][0] == 45
    assert t["significatif"].is_null().all()  # no funnel for counts
    assert t["ecart"].is_null().all()  # a unit's count is part of the total: no "écart"
    none = territory_table(ctx(funnel_extraction(False), *Y), "rendez_vous", "mdcs")
    assert none["valeur"].is_null().all() and none.height == 5


def test_territory_table_per_1000_funnel():
    t = territory_table(ctx(funnel_extraction(), *Y), "foyers_beneficiaires_pour_1000_hab", "mdcs")
    ven = t.filter(pl.col("code") == "VEN").row(0, named=True)
    assert ven["valeur"] == pytest.approx(1000 / 67_208)  # F1 only
    p0 = 1 / 328_543
    se = (p0 * (1 - p0) / 67_208) ** 0.5
    assert ven["limite_haute_95"] == pytest.approx(1000 * (p0 + 1.959964 * se))
    assert ven["significatif"] is False


def test_comparison_window_cut_periods():
    from indicators.calendrier import comparison_window

    d = date.fromisoformat
    # year 2024 seen on 01/11/2024 (a leap year: same calendar point, not same day count)
    assert comparison_window(d("2024-01-01"), d("2024-12-31"), d("2024-11-01")) == \
        (d("2023-01-01"), d("2023-11-01"))
    # Q1 2024 seen on 29/02/2024 → Q4 2023 cut at 29/11/2023
    assert comparison_window(d("2024-01-01"), d("2024-03-31"), d("2024-02-29")) == \
        (d("2023-10-01"), d("2023-11-29"))
    # free range cut: the effective length (10 days) just before
    assert comparison_window(d("2024-10-23"), d("2024-12-01"), d("2024-11-01")) == \
        (d("2024-10-13"), d("2024-10-22"))
    # empty window (debut after date_extraction): requested dates
    assert comparison_window(d("2025-01-01"), d("2025-12-31"), d("2024-11-01")) == \
        (d("2024-01-01"), d("2024-12-31"))


def test_territory_table_per_1000_unit_without_record_is_zero():
    t = territory_table(ctx(funnel_extraction(), *Y), "foyers_beneficiaires_pour_1000_hab", "mdcs")
    rom = t.filter(pl.col("code") == "ROM").row(0, named=True)
    assert rom["valeur"] == 0.0 and rom["rang"] is not None  # no foyer in ROM: 0 per 1 000


def test_compare_frame_group_on_one_side_only_counts_zero():
    only_2023 = {"id_rdv": "E1", "id_personne": "P1", "date_rdv": "2023-05-01",
                 "type_rdv": "espace_rsa", "statut": "honore"}
    ext = extraction(date(2024, 12, 31), foyer=[foyer("F1", "41269")],
                     personne=[personne("P1", "F1")],
                     rendez_vous=[only_2023, rdv("R1", "P1", "2024-05-01")])
    df = compare_frame(ctx(ext, *Y), "rendez_vous", ("type_rdv",)).collect()
    esp = df.filter(pl.col("type_rdv") == "espace_rsa").row(0, named=True)
    assert (esp["valeur"], esp["valeur_comparaison"], esp["ecart"]) == (0, 1, -1.0)
    ref = df.filter(pl.col("type_rdv") == "referent").row(0, named=True)
    assert (ref["valeur"], ref["valeur_comparaison"], ref["ecart_relatif"]) == (1, 0, None)
