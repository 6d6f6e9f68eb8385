"""Plateforme emploi: cumulative registered persons, CVs, propositions, registrations."""
from datetime import date

import pytest

from tests.indicators.builders import extraction, foyer, framer, personne, value

D = date(2024, 12, 31)
H1 = (date(2024, 1, 1), date(2024, 6, 30))


def r(p, d, cv, nb, plateforme="job41"):
    return {"id_personne": p, "plateforme": plateforme, "date_inscription": d, "cv_depose": cv,
            "nb_propositions": nb}


def make(with_table=True):
    t = dict(foyer=[foyer("F1", "41269"), foyer("F2", "41018", "4102"), foyer("F4", "99999")],
             personne=[personne("P1", "F1"), personne("P2", "F2", "M"), personne("P3", "F2"),
                        personne("P4", "F4", "M")])
    if with_table:
        t["plateforme_emploi"] = [
            r("P1", "2023-05-01", True, 3),
            r("P1", "2024-03-01", False, 1, "autre_plateforme"),  # same person, 2nd platform
            r("P2", "2024-06-01", False, 0),
            r("P3", "2024-07-15", True, 2),
            r("PX", "2024-01-01", None, 4),  # broken key, CV unknown
            r("P4", "2025-01-10", True, 5),  # after date_extraction
        ]
    return extraction(D, **t)


EXT = make()


f = framer(EXT, H1)


def test_inscrits_cumulative_each_person_once():
    assert f("inscrits_plateforme")["valeur"][0] == 3  # P1 (twice), P2, PX on or before 30/06
    by = f("inscrits_plateforme", ("mdcs",))
    assert value(by, mdcs="VEN") == 1 and value(by, mdcs="BLO") == 1 and value(by, mdcs="INCONNU") == 1
    pf = f("inscrits_plateforme", ("plateforme",))
    assert value(pf, plateforme="job41") == 3 and value(pf, plateforme="autre_plateforme") == 1
    assert f("inscrits_plateforme", territoire="mdcs:BLO")["valeur"][0] == 1


def test_inscrits_stock_at_fin_and_clamp():
    assert f("inscrits_plateforme", period=(date(2024, 1, 1), D))["valeur"][0] == 4  # + P3
    # fin after date_extraction: clamped, P4 (2025) still out
    assert f("inscrits_plateforme", period=(date(2024, 1, 1), date(2025, 12, 31)))["valeur"][0] == 4
    # empty window after date_extraction: the stock is that of date_extraction
    assert f("inscrits_plateforme", period=(date(2025, 2, 1), date(2025, 3, 1)))["valeur"][0] == 4
    assert f("inscrits_plateforme", period=(date(2022, 1, 1), date(2022, 12, 31)))["valeur"][0] == 0


def test_cv_propositions_registrations():
    assert f("cv_deposes")["valeur"][0] == 1  # P1 only (PX unknown CV counts as not deposited)
    assert f("part_inscrits_cv")["valeur"][0] == pytest.approx(1 / 3)
    assert f("propositions_emploi")["valeur"][0] == 8  # 3 + 1 + 0 + 4
    assert f("inscriptions_plateforme")["valeur"][0] == 3  # 01/01 PX, 01/03 P1, 01/06 P2
    m = f("inscriptions_plateforme", ("mois",))
    assert value(m, mois=date(2024, 3, 1)) == 1 and m.height == 3
    assert f("inscriptions_plateforme", period=(date(2025, 2, 1), date(2025, 3, 1)))["valeur"][0] == 0
    assert f("part_inscrits_cv", period=(date(2022, 1, 1), date(2022, 12, 31)))["valeur"][0] is None


def test_part_cv_territory_filter():
    assert f("part_inscrits_cv", territoire="mdcs:VEN")["valeur"][0] == 1.0  # P1
    assert f("part_inscrits_cv", territoire="mdcs:BLO")["valeur"][0] == 0.0  # P2


def test_absent_table_null():
    assert f("inscrits_plateforme", ext=make(False))["valeur"][0] is None
