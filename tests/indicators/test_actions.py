"""Actions d'insertion: participants, sorties, outcome rates, places and budgets."""
from datetime import date

import pytest

from tests.indicators.builders import extraction, foyer, framer, personne, value

D = date(2024, 12, 31)
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))


def a(i, cat, annee, territoire="departement", commune=None, places=None, prevu=None,
      realise=None, fiche=None, orient=1, axe=1):
    return {"id_action": i, "libelle": i, "fiche_action": fiche, "orientation_pdi": orient,
            "axe_pdi": axe, "categorie": cat, "porteur": "x", "territoire": territoire,
            "commune_insee": commune, "annee": annee, "places_prevues": places,
            "budget_prevu": prevu, "budget_realise": realise}


def q(i, p, act, entree, sortie=None, res=None):
    return {"id_participation": i, "id_personne": p, "id_action": act, "date_entree": entree,
            "date_sortie": sortie, "resultat": res}


ACTIONS = [
    a("A1", "iae", 2024, "mdcs:VEN", places=10, prevu=10000, realise=9000, fiche=5, orient=4, axe=12),
    a("A2", "formation", 2024, "departement", "41018", places=5, prevu=5000),  # Blois: canton ND
    a("A3", "mobilite", 2023, "mdcs:BLO", places=8, prevu=2000, realise=2500),
    a("A4", "bidon", 2024, prevu=1000, realise=1000),  # unknown categorie
    a("A5", "sante", 2022, "mdcs:XXX", places=3),  # unknown territory key: département only
]
PARTS = [
    q("Q1", "P1", "A1", "2023-11-01", "2024-02-15", "cdi"),  # emploi durable
    q("Q2", "P1", "A2", "2024-03-01", "2024-06-30", "interim"),  # transition
    q("Q3", "P2", "A1", "2024-01-10", "2024-05-01", "demenagement"),  # neutralisée
    q("Q4", "P3", "A2", "2024-02-01", "2024-09-01", "abandon"),  # autre sortie
    q("Q5", "P3", "A1", "2024-10-01"),  # in progress
    q("Q6", "PX", "A1", "2024-01-01", "2024-03-01", None),  # broken key, NULL resultat
    q("Q7", "P2", "A2", "2024-02-01", "2024-04-01", "bidon"),  # unknown resultat
    q("Q8", "P4", "A3", "2023-01-01", "2023-12-31", "formation_qualifiante"),  # before 2024
    q("Q9", "P4", "A1", "2024-06-01", "2024-12-01", "formation_qualifiante"),  # sortie positive
]


def make(actions=True, participations=True):
    t = dict(foyer=[foyer("F1", "41269"), foyer("F2", "41018", "4102"), foyer("F3", "41018"),
                    foyer("F4", "99999")],
             personne=[personne("P1", "F1"), personne("P2", "F2", "M"), personne("P3", "F3"),
                        personne("P4", "F4", "M")])
    if actions:
        t["action"] = ACTIONS
    if participations:
        t["participation"] = PARTS
    return extraction(D, **t)


EXT = make()


f = framer(EXT, Y2024)


def test_participants():
    assert f("participants_actions")["valeur"][0] == 5  # P1 P2 P3 P4 PX (Q8 ended 2023)
    by = f("participants_actions", ("mdcs",))
    assert value(by, mdcs="VEN") == 1 and value(by, mdcs="BLO") == 2
    assert value(by, mdcs="INCONNU") == 2  # P4 (unknown commune) and PX (broken key)
    cat = f("participants_actions", ("categorie",))
    assert value(cat, categorie="iae") == 5 and value(cat, categorie="formation") == 3
    # July 2024: Q4 (P3, until September), Q5 (P3), Q9 (P4)
    assert f("participants_actions", period=(date(2024, 7, 1), date(2024, 7, 31)))["valeur"][0] == 2


def test_sorties_and_classes():
    assert f("sorties_actions")["valeur"][0] == 7  # Q1 Q2 Q3 Q4 Q6 Q7 Q9
    cl = f("sorties_actions", ("classe_resultat",))
    assert value(cl, classe_resultat="non_renseigne") == 2  # Q6 NULL, Q7 unknown
    for c in ("emploi_durable", "emploi_transition", "sortie_positive", "neutralisee", "autre_sortie"):
        assert value(cl, classe_resultat=c) == 1
    assert f("sorties_actions", territoire="mdcs:BLO")["valeur"][0] == 3  # Q3 Q4 Q7


def test_rates():
    # denominator: Q1 Q2 Q4 Q9 (Q3 neutralisée, Q6/Q7 no known resultat); dynamic: Q1 Q2 Q9
    df = f("taux_sorties_dynamiques")
    assert df["valeur"][0] == pytest.approx(0.75) and df["_den"][0] == 4
    assert df["effectif"][0] == 3  # distinct persons behind the 4 exits (the unit of the secret)
    assert f("taux_emploi_durable")["valeur"][0] == pytest.approx(0.25)
    assert f("taux_sorties_dynamiques", territoire="mdcs:BLO")["valeur"][0] == 0.0  # Q4 only
    assert f("taux_sorties_dynamiques", territoire="mdcs:VEN")["valeur"][0] == 1.0  # Q1 Q2
    assert f("taux_emploi_durable", territoire="mdcs:VEN")["valeur"][0] == 0.5
    cat = f("taux_sorties_dynamiques", ("categorie",))
    assert value(cat, categorie="iae") == 1.0  # Q1 Q9 (Q3 neutralisée, Q6 NULL)
    assert value(cat, categorie="formation") == 0.5  # Q2 Q4 (Q7 unknown)


def test_empty_windows():
    july = (date(2024, 7, 1), date(2024, 7, 31))
    assert f("sorties_actions", period=july)["valeur"][0] == 0
    assert f("taux_sorties_dynamiques", period=july)["valeur"][0] is None
    late = (date(2025, 6, 1), date(2025, 6, 30))
    assert f("participants_actions", period=late)["valeur"][0] == 0
    assert f("taux_emploi_durable", period=late)["valeur"][0] is None
    assert f("places_prevues", period=late)["valeur"][0] == 0


def test_places_and_budgets():
    assert f("places_prevues")["valeur"][0] == 15  # A1 10 + A2 5 (A4 none)
    # June 2023 - March 2024 touches 2023 and 2024: + A3 8
    assert f("places_prevues", period=(date(2023, 6, 1), date(2024, 3, 31)))["valeur"][0] == 23
    assert f("budget_prevu")["valeur"][0] == 16000  # 10 000 + 5 000 + 1 000
    assert f("budget_realise")["valeur"][0] == 10000  # 9 000 + (A2 null) + 1 000
    by = f("budget_realise", ("mdcs",))
    assert value(by, mdcs="VEN") == 9000 and value(by, mdcs="BLO") == 0
    assert value(by, mdcs="INCONNU") == 1000  # A4, département-wide
    cat = f("budget_realise", ("categorie",))
    assert value(cat, categorie="iae") == 9000 and "bidon" not in cat["categorie"].to_list()
    assert value(f("places_prevues", ("canton",)), canton="ND") == 5  # A2 in Blois, no canton
    assert f("nombre_actions")["valeur"][0] == 3
    y22 = f("places_prevues", ("mdcs",), period=(date(2022, 1, 1), date(2022, 12, 31)))
    assert y22["mdcs"].to_list() == ["INCONNU"] and y22["valeur"][0] == 3


def test_cout_par_sortie_dynamique():
    # budget réalisé of 2024 actions 10 000; their sorties dynamiques in 2024: Q1 Q9 (A1), Q2 (A2)
    df = f("cout_par_sortie_dynamique")
    # 3 sorties (the value divides by them) of 2 distinct persons (P1 twice): effectif 2
    assert df["valeur"][0] == pytest.approx(10000 / 3) and df["effectif"][0] == 2
    cat = f("cout_par_sortie_dynamique", ("categorie",))
    assert value(cat, categorie="iae") == 4500  # 9 000 / 2
    assert value(cat, categorie="formation") is None  # no budget réalisé known
    assert f("cout_par_sortie_dynamique", territoire="mdcs:VEN")["valeur"][0] == 4500
    assert f("cout_par_sortie_dynamique", period=(date(2024, 7, 1), date(2024, 7, 31)))[
        "valeur"][0] is None  # no sortie dynamique


def test_absent_tables_null():
    for ext in (make(participations=False), make(actions=False)):
        for ind in ("participants_actions", "sorties_actions", "taux_sorties_dynamiques",
                    "taux_emploi_durable", "budget_realise"):
            assert f(ind, ext=ext)["valeur"][0] is None
