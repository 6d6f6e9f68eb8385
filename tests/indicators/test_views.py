"""What the pages show: masked cards and breakdowns with French labels, monthly series, the
« non disponible » reasons, CSV export, the dictionary, the parcours distributions."""
from __future__ import annotations

from datetime import date

import polars as pl

from indicators import distributions, engine, views
from tests.indicators.builders import ctx, droit, extraction, foyer, personne

DAY = date(2024, 12, 31)
VEN, BLO = "41269", "41029"  # Vendôme (MDCS VEN), Candé-sur-Beuvron (MDCS BLO)


def orient(i: str, p: str, day: str, accomp: str | None = None) -> dict:
    return {"id_orientation": i, "id_personne": p, "date_orientation": day,
            "type_orientation": "sociale", "organisme": "mdcs", "origine": "espace_rsa",
            "date_debut_accompagnement": accomp}


def tiny(**optional):
    """3 foyers in Vendôme, 6 in Candé-sur-Beuvron, all opened in 2024 (one per month)."""
    foyers = [foyer(f"v{i}", VEN) for i in range(3)] + [foyer(f"b{i}", BLO) for i in range(6)]
    ids = [f["id_foyer"] for f in foyers]
    return extraction(
        DAY, foyer=foyers, personne=[personne(f"p{f}", f) for f in ids],
        droit=[droit(f"d{f}", f, f"2024-{n + 1:02d}-05") for n, f in enumerate(ids)],
        orientation=[orient("o1", "pv0", "2024-01-20", "2024-02-01"),
                     orient("o2", "pb0", "2024-04-10")],
        **optional)


def test_breakdown_by_territory_is_masked_and_labelled():
    b = views.breakdown(ctx(tiny(), date(2024, 1, 1), DAY), "foyers_beneficiaires", ("mdcs",))
    rows = {r["mdcs"]: r for r in b.data.rows(named=True)}
    assert rows["BLO"]["valeur"] == 6 and not rows["BLO"]["masque"]
    assert rows["VEN"]["valeur"] is None and rows["VEN"]["masque"]  # 3 < 5
    assert rows["VEN"]["mdcs_libelle"] == "Vendôme"
    disp = b.table.display
    assert disp.columns[0] == "MDCS"
    assert disp.filter(pl.col("MDCS") == "Vendôme").row(0)[1] == "< 5"
    assert "Secret statistique" in b.table.note
    assert b.table.export.filter(pl.col("MDCS") == "Vendôme").row(0)[1] is None


def test_cards_at_a_small_territory_and_comparison():
    e = tiny()
    here = ctx(e, date(2024, 7, 1), DAY, "mdcs:BLO")
    before = ctx(e, date(2024, 1, 1), date(2024, 6, 30), "mdcs:BLO")
    c = {x.id: x for x in views.cards(here, before, ["foyers_beneficiaires", "entrees"])}
    f = c["foyers_beneficiaires"]
    assert f.text == "6" and f.value == 6
    # 3 BLO foyers on 30/06 (opened April-June): masked, so no change is computed either
    assert f.comparison is None and f.comparison_text == "< 5" and f.delta is None
    d = views.cards(here, ctx(e, date(2024, 7, 1), date(2024, 11, 30), "mdcs:BLO"),
                    ["foyers_beneficiaires"])[0]
    assert d.comparison == 6 and d.delta == 0 and d.delta_text is not None
    # BLO foyers open in April-September: 3 entries in July-September, 3 before → « < 5 »
    assert c["entrees"].text == "< 5" and c["entrees"].masked and c["entrees"].delta is None
    dep = views.cards(ctx(e, date(2024, 1, 1), DAY), None, ["entrees"])[0]
    assert dep.text == "9" and not dep.masked  # département: never masked


def test_unavailable_indicator_says_why():
    c = views.cards(ctx(tiny(), date(2024, 1, 1), DAY), None, ["taux_absenteisme", "pas_un_id"])
    assert c[0].text == "non disponible" and "rendez-vous" in c[0].reason
    assert not c[1].available and "pas_un_id" in c[1].reason
    b = views.breakdown(ctx(tiny(), date(2024, 1, 1), DAY), "entrees", ("type_frein",))
    assert not b.ok and "ventilation" in b.reason


def test_monthly_series_equals_month_by_month_and_skips_the_running_month():
    c = ctx(tiny(), date(2024, 1, 1), DAY)
    fast = views.monthly_frame(c, "entrees").collect().sort("mois")
    slow = engine.series_frames(c, "entrees").collect().sort("mois")
    assert fast["valeur"].to_list() == slow["valeur"].to_list() == [1] * 9 + [0] * 3
    cut = ctx(tiny(), date(2024, 1, 1), date(2024, 9, 10))
    s = views.series(cut, "entrees")
    assert s.data["mois"].max() == date(2024, 8, 1)  # September 2024 not over
    assert "hors septembre 2024" in s.window
    stock = views.series(cut, "foyers_beneficiaires")
    assert stock.data["mois"].max() == date(2024, 9, 1)  # a stock is read at fin


def test_csv_for_a_french_spreadsheet():
    t = views.Table(pl.DataFrame({"a": ["x"]}), pl.DataFrame({"Taux (%)": [45.3], "n": [3]}))
    raw = views.table_csv(t)
    assert raw.startswith("\ufeff".encode("utf-8"))
    assert raw.decode("utf-8-sig").splitlines() == ["Taux (%);n", "45,3;3"]


def test_definitions_are_searchable_without_accents():
    t = views.definitions("delai median orientation")
    assert "delai_orientation_median_j" in t.display["Identifiant"].to_list()
    assert all(t.display["Définition"].str.len_chars() > 20)
    assert views.definitions().display.height == len(views.REGISTRY)
    assert views.definitions("zzz introuvable").display.height == 0


def test_funnel_and_quantiles():
    e = tiny()
    f = distributions.parcours_funnel(ctx(e, date(2024, 1, 1), DAY))
    assert f.data["valeur"].to_list() == [9, 2, 1]  # no CER table: three stages
    assert "CER" in f.note
    q = distributions.delay_quantiles(ctx(e, date(2024, 1, 1), DAY), "mdcs")
    assert q.data.height == 0 and "2 territoire(s)" in q.note  # 1 délai each: hidden
    dep = distributions.delay_quantiles(ctx(e, date(2024, 1, 1), DAY), "departement")
    assert dep.data["mediane"].to_list() == [(15 + 5) / 2]  # 15 j (v0) and 5 j (b0)


def test_reference_lines_come_from_the_settings(settings):
    lines = views.reference_lines(settings, "delai_orientation_moyen_j")
    assert (42.0, "Objectif légal : 42 jours", "target") in lines
    assert any(k == "reference" and v == 79 and "DREES" in lab for v, lab, k in lines)


def test_card_changes_read_as_unchanged_when_they_round_to_zero():
    assert views._delta_text(-0.0004, "pourcentage") == "= 0,0\u202fpt"
    assert views._delta_text(0.6, "decimal") == "+0,6"
    assert views._delta_text(-3, "jours") == "\u22123\u202fj"
    assert views._delta_text(None, "entier") is None
