"""Rendez-vous: taux_absenteisme (core) and rendez_vous counts, on a hand-built extraction."""
from datetime import date

import pytest

from tests.indicators.builders import extraction, foyer, framer, personne, value

D = date(2024, 12, 31)
H1 = (date(2024, 1, 1), date(2024, 6, 30))


def rdv(i, p, d, t, s):
    return {"id_rdv": i, "id_personne": p, "date_rdv": d, "type_rdv": t, "statut": s}


def make(with_rdv=True):
    tables = dict(
        foyer=[foyer("F1", "41269"), foyer("F2", "41018", "4102"), foyer("F3", "41018"),
               foyer("F4", "99999")],
        personne=[personne("P1", "F1"), personne("P2", "F2", "M"), personne("P3", "F3"),
                   personne("P4", "F4", "M")],
    )
    if with_rdv:
        tables["rendez_vous"] = [
            rdv("R1", "P1", "2024-01-10", "referent", "honore"),
            rdv("R2", "P1", "2024-02-10", "referent", "absent"),
            rdv("R3", "P2", "2024-03-01", "espace_rsa", "excuse"),
            rdv("R4", "P2", "2024-03-02", "espace_rsa", "annule"),
            rdv("R5", "P3", "2024-04-01", "information_collective", "absent"),  # Blois, canton ND
            rdv("R6", "PX", "2024-05-01", "referent", "absent"),  # broken key
            rdv("R7", "P1", "2024-05-05", "referent", "bidon"),  # unknown statut
            rdv("R8", "P1", "2023-12-31", "referent", "absent"),  # before the period
            rdv("R9", "P4", "2024-07-01", "referent", "absent"),  # after the period
            rdv("R10", "P2", "2024-06-30", "zzz", "honore"),  # unknown type, last day
        ]
    return extraction(D, **tables)


EXT = make()


f = framer(EXT, H1)


def test_taux_absenteisme_departement():
    # known statuts in H1: R1 R2 R3 R4 R5 R6 R10 = 7; absent: R2 R5 R6 = 3 (R7 unknown statut out)
    df = f("taux_absenteisme")
    assert df["valeur"][0] == pytest.approx(3 / 7)
    assert df["_den"][0] == 7 and df["numerateur"][0] == 3
    assert df["effectif"][0] == 4  # distinct persons P1 P2 P3 PX (the unit of the secret)
    assert df["_num_u"][0] == 3 and df["_compl_u"][0] == 2  # absent: P1 P3 PX; not: P1 P2


def test_taux_absenteisme_by_type_drops_unknown_type():
    df = f("taux_absenteisme", ("type_rdv",))
    # referent: R1 R2 R6 → 2/3; espace_rsa: R3 R4 → 0/2; information_collective: R5 → 1/1; R10 'zzz' out
    assert value(df, type_rdv="referent") == pytest.approx(2 / 3)
    assert value(df, type_rdv="espace_rsa") == 0.0
    assert value(df, type_rdv="information_collective") == 1.0
    assert df["_den"].sum() == 6
    assert df["effectif"].sum() == 4  # referent P1 PX, espace_rsa P2, information_collective P3


def test_taux_absenteisme_territories():
    assert f("taux_absenteisme", territoire="mdcs:VEN")["valeur"][0] == pytest.approx(1 / 2)  # R1 R2
    assert f("taux_absenteisme", territoire="mdcs:BLO")["valeur"][0] == pytest.approx(1 / 4)  # R3 R4 R5 R10
    by = f("taux_absenteisme", ("canton",))
    assert value(by, canton="ND") == 1.0  # R5: Blois without canton_code
    assert value(by, canton="4102") == 0.0  # R3 R4 R10
    assert value(f("taux_absenteisme", ("mdcs",)), mdcs="INCONNU") == 1.0  # R6, broken key


def test_rendez_vous_counts():
    assert f("rendez_vous")["valeur"][0] == 8  # R1-R7 and R10
    by = f("rendez_vous", ("statut",))
    assert value(by, statut="absent") == 3 and value(by, statut="honore") == 2
    assert value(by, statut="excuse") == 1 and value(by, statut="annule") == 1
    assert "bidon" not in by["statut"].to_list()  # unknown code left out of the breakdown only
    by_m = f("rendez_vous", ("mois",))
    assert value(by_m, mois=date(2024, 3, 1)) == 2


def test_empty_periods():
    # no rendez-vous in 2022: count 0, rate null
    assert f("rendez_vous", period=(date(2022, 1, 1), date(2022, 12, 31)))["valeur"][0] == 0
    assert f("taux_absenteisme", period=(date(2022, 1, 1), date(2022, 12, 31)))["valeur"][0] is None
    # window after date_extraction: empty
    late = (date(2025, 2, 1), date(2025, 3, 1))
    assert f("rendez_vous", period=late)["valeur"][0] == 0
    assert f("taux_absenteisme", period=late)["valeur"][0] is None


def test_absent_table_is_null():
    ext = make(with_rdv=False)
    assert f("taux_absenteisme", ext=ext)["valeur"][0] is None
    assert f("rendez_vous", ext=ext)["valeur"][0] is None
