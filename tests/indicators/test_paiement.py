"""RSA paid: montant_rsa_verse (core) and the mean per foyer-month."""
from datetime import date

import pytest

from tests.indicators.builders import extraction, foyer, framer, value

D = date(2024, 12, 31)
Q1 = (date(2024, 1, 1), date(2024, 3, 31))


def p(f, m, x):
    return {"id_foyer": f, "mois": m, "montant": x}


def make(with_table=True):
    t = dict(foyer=[foyer("F1", "41269"), foyer("F2", "41018", "4102"), foyer("F4", "99999")])
    if with_table:
        t["paiement"] = [
            p("F1", "2024-01-01", 500), p("F1", "2024-01-01", -20),  # regularisation, same month
            p("F1", "2024-02-01", 510), p("F2", "2024-01-01", 600.25), p("F4", "2024-02-01", 550),
            p("FX", "2024-03-01", 400),  # broken key: département only
            p("F1", "2023-12-01", 499), p("F2", "2024-04-01", 620),  # outside Q1
        ]
    return extraction(D, **t)


EXT = make()


f = framer(EXT, Q1)


def test_montant_verse():
    assert f("montant_rsa_verse")["valeur"][0] == pytest.approx(2540.25)
    by = f("montant_rsa_verse", ("mdcs",))
    assert value(by, mdcs="VEN") == pytest.approx(990) and value(by, mdcs="BLO") == pytest.approx(600.25)
    assert value(by, mdcs="INCONNU") == pytest.approx(950)  # F4 unknown commune + FX broken key
    m = f("montant_rsa_verse", ("mois",))
    assert value(m, mois=date(2024, 1, 1)) == pytest.approx(1080.25)
    assert f("montant_rsa_verse", territoire="canton:4102")["valeur"][0] == pytest.approx(600.25)
    # the month's first day must be in the period: 02/01-01/02 keeps only February
    assert f("montant_rsa_verse", period=(date(2024, 1, 2), date(2024, 2, 1)))["valeur"][0] == 1060


def test_moyenne_par_foyer_mois():
    # foyer-months: F1 Jan (480), F1 Feb, F2 Jan, F4 Feb, FX Mar → 2 540,25 / 5
    df = f("montant_moyen_par_foyer_mois")
    assert df["valeur"][0] == pytest.approx(508.05) and df["effectif"][0] == 4  # foyers F1 F2 F4 FX
    assert f("montant_moyen_par_foyer_mois", territoire="mdcs:VEN")["valeur"][0] == pytest.approx(495)
    assert f("foyers_payes")["valeur"][0] == 4


def test_empty_and_absent():
    y = (date(2022, 1, 1), date(2022, 12, 31))
    assert f("montant_rsa_verse", period=y)["valeur"][0] == 0
    assert f("montant_moyen_par_foyer_mois", period=y)["valeur"][0] is None
    assert f("montant_rsa_verse", ext=make(False))["valeur"][0] is None
