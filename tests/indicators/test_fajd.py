"""FAJD: aides accordées, montants, demandes; territory from the aide's own commune."""
from datetime import date

import pytest

from tests.indicators.builders import extraction, framer, value

D = date(2024, 12, 31)
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))


def j(i, dem, dec, commune, sexe, age, nature, proc, decision, montant):
    return {"id_aide": i, "date_demande": dem, "date_decision": dec, "commune_insee": commune,
            "sexe": sexe, "age": age, "nature": nature, "procedure": proc, "decision": decision,
            "montant": montant}


ROWS = [
    j("J1", "2024-01-05", "2024-01-20", "41269", "F", 19, "alimentaire", "urgence", "accordee", 150.50),
    # asked in 2023, granted in 2024; Blois has several cantons and aides carry none: canton ND
    j("J2", "2023-12-20", "2024-01-03", "41018", "M", 22, "logement", "commission", "accordee", 300),
    j("J3", "2024-11-20", "2025-01-10", "41269", "F", 24, "transport_mobilite", "delegation",
      "accordee", 200),  # decided after the period
    j("J4", "2024-03-01", "2024-03-15", "41269", "M", 25, "formation", "commission", "refusee", None),
    j("J5", "2024-04-01", "2024-04-02", "99999", "F", 30, "sante", "urgence", "accordee", None),
    j("J6", "2024-05-01", None, "41194", "F", 18, "bidon", "urgence", None, None),
]


def make(with_table=True):
    return extraction(D, **({"aide_fajd": ROWS} if with_table else {}))


EXT = make()


f = framer(EXT, Y2024)


def test_aides_accordees():
    assert f("fajd_aides_accordees")["valeur"][0] == 3  # J1 J2 J5 (decided in 2024)
    by = f("fajd_aides_accordees", ("mdcs",))
    assert value(by, mdcs="VEN") == 1 and value(by, mdcs="BLO") == 1 and value(by, mdcs="INCONNU") == 1
    cant = f("fajd_aides_accordees", ("canton",))
    assert value(cant, canton="4114") == 1 and value(cant, canton="ND") == 1
    age = f("fajd_aides_accordees", ("tranche_age_jeune",))
    # J1 19 → 18_20, J2 22 → 21_22; J5 (age 30, a row error) out of the age breakdown only
    assert value(age, tranche_age_jeune="18_20") == 1 and value(age, tranche_age_jeune="21_22") == 1
    assert age["valeur"].sum() == 2
    assert f("fajd_aides_accordees", territoire="commune:41269")["valeur"][0] == 1


def test_montants():
    assert f("fajd_montant")["valeur"][0] == pytest.approx(450.50)  # 150,50 + 300 + (J5 none)
    assert value(f("fajd_montant", ("mdcs",)), mdcs="VEN") == pytest.approx(150.50)
    assert f("fajd_montant_moyen")["valeur"][0] == pytest.approx(225.25)  # J5 has no montant


def test_demandes_and_taux_accord():
    assert f("fajd_demandes")["valeur"][0] == 5  # J1 J3 J4 J5 J6 (J2 asked in 2023)
    nat = f("fajd_demandes", ("nature",))
    assert nat["valeur"].sum() == 4 and "bidon" not in nat["nature"].to_list()
    dec = f("fajd_demandes", ("decision",))
    assert value(dec, decision="accordee") == 3 and value(dec, decision="refusee") == 1
    assert dec.filter(dec["decision"].is_null())["valeur"][0] == 1
    assert f("fajd_taux_accord")["valeur"][0] == pytest.approx(3 / 4)  # J1 J3 J5 / J1 J3 J4 J5


def test_empty_and_absent():
    y = (date(2022, 1, 1), date(2022, 12, 31))
    assert f("fajd_aides_accordees", period=y)["valeur"][0] == 0
    assert f("fajd_montant", period=y)["valeur"][0] == 0
    assert f("fajd_montant_moyen", period=y)["valeur"][0] is None
    no = make(False)
    assert f("fajd_aides_accordees", ext=no)["valeur"][0] is None
    assert f("fajd_montant", ext=no)["valeur"][0] is None
