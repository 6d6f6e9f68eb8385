"""Équipes pluridisciplinaires, on a hand-built extraction (date_extraction 31/12/2024)."""
from datetime import date

import pytest

from tests.indicators.builders import extraction, foyer, framer, personne, value

D = date(2024, 12, 31)
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))


def s(i, p, d, motif="autre", presc="autre", passage=None, decision=None, notif=None):
    return {"id_saisine": i, "id_personne": p, "date_saisine": d, "motif": motif,
            "prescripteur": presc, "date_passage_ep": passage, "decision": decision,
            "date_notification": notif}


def make(with_ep=True):
    t = dict(foyer=[foyer("F1", "41269"), foyer("F2", "41018", "4102")],
             personne=[personne("P1", "F1"), personne("P2", "F2", "M")])
    if with_ep:
        t["ep_saisine"] = [
            # notif 39 days (Feb 2024 has 29 days), passage 29 days
            s("S1", "P1", "2024-02-01", "absence_rdv", "mdcs", "2024-03-01", "reduction", "2024-03-11"),
            s("S2", "P1", "2024-05-01", "absence_cer", "france_travail"),  # pending
            # notified before the saisine: out of the notification delay; passage 10 days
            s("S3", "P2", "2024-03-10", "reorientation", "mdcs", "2024-03-20", "reorientation",
              "2024-03-09"),
            s("S4", "P2", "2023-12-20", "absence_rdv", "mdcs", notif="2024-01-05"),  # before period
            # notified after date_extraction ("whenever it happened"): 306 days; passage 14 days
            s("S5", "P2", "2024-04-01", "non_respect_obligations", "mdcs", "2024-04-15", "maintien",
              "2025-02-01"),
            s("S6", "PX", "2024-06-01", decision="bidon", notif="2024-06-11"),  # broken key, 10 days
            s("S7", "PX", "2024-06-02", decision="suspension"),
        ]
    return extraction(D, **t)


EXT = make()


f = framer(EXT, Y2024)


def test_ep_saisines():
    assert f("ep_saisines")["valeur"][0] == 6  # S1 S2 S3 S5 S6 S7
    by = f("ep_saisines", ("motif",))
    assert value(by, motif="autre") == 2 and value(by, motif="absence_rdv") == 1
    dec = f("ep_saisines", ("decision",))
    assert dec.filter(dec["decision"].is_null())["valeur"][0] == 1  # S2 not decided yet
    assert "bidon" not in dec["decision"].drop_nulls().to_list()
    assert dec["valeur"].sum() == 5  # S6's unknown decision left out of this breakdown only
    assert f("ep_saisines", territoire="mdcs:BLO")["valeur"][0] == 2  # S3 S5
    assert value(f("ep_saisines", ("mdcs",)), mdcs="INCONNU") == 2  # S6 S7 broken keys


def test_ep_delai_notification_moyen():
    df = f("ep_delai_notification_moyen_j")
    # (39 + 306 + 10) / 3; S3 (notified before) and S4 (saisine in 2023) out
    assert df["valeur"][0] == pytest.approx(355 / 3)
    assert df["effectif"][0] == 3
    assert value(f("ep_delai_notification_moyen_j", ("mdcs",)), mdcs="VEN") == 39.0
    assert f("ep_delai_notification_moyen_j", period=(date(2024, 7, 1), date(2024, 12, 31)))[
        "valeur"][0] is None  # no saisine with a notification: null, never 0


def test_ep_personnes_multi_saisines():
    assert f("ep_personnes_multi_saisines")["valeur"][0] == 3  # P1 (S1 S2), P2 (S3 S5), PX (S6 S7)
    assert f("ep_personnes_multi_saisines", territoire="mdcs:BLO")["valeur"][0] == 1
    # May-December: P1 has S2 only, P2 none, PX both
    assert f("ep_personnes_multi_saisines", period=(date(2024, 5, 1), D))["valeur"][0] == 1
    assert f("ep_personnes_multi_saisines", ("sexe",)).filter(
        f("ep_personnes_multi_saisines", ("sexe",))["sexe"] == "M")["valeur"][0] == 1


def test_ep_decisions_and_passage():
    assert f("ep_decisions")["valeur"][0] == 4  # S1 S3 S5 S7 (S2 null, S6 unknown)
    assert value(f("ep_decisions", ("decision",)), decision="suspension") == 1
    assert f("ep_delai_passage_moyen_j")["valeur"][0] == pytest.approx((29 + 10 + 14) / 3)


def test_empty_and_absent():
    late = (date(2025, 3, 1), date(2025, 4, 1))
    assert f("ep_saisines", period=late)["valeur"][0] == 0
    assert f("ep_personnes_multi_saisines", period=late)["valeur"][0] == 0
    assert f("ep_delai_notification_moyen_j", period=late)["valeur"][0] is None
    no = make(with_ep=False)
    for ind in ("ep_saisines", "ep_delai_notification_moyen_j", "ep_personnes_multi_saisines"):
        assert f(ind, ext=no)["valeur"][0] is None
