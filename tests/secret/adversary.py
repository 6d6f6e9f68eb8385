"""A small extraction built in code with the eight situations of issue 9 (one per attack).

date_extraction 2026-01-31; the attacked period is 2025. Communes of canton 4114 (Vendôme), all
in MDCS VEN and one EPCI, plus Cellettes (41031):

  Vendôme 41269      32 foyers entered in 2025: 5 a month January-June, 2 in August (attack 5);
                     every person oriented 10 to 41 days after (enough for Kaplan-Meier, 32 ≥ 11)
  Areines 41003      3 foyers in the stock since 2024 (attack 4: the masked unit of the canton)
  Azé 41010          8 foyers in the stock since 2024
  Mazangé 41131      5 entrants of 1 Feb 2025 oriented after 8, 16, 27, 33, 37 days (attacks 1-2)
  Saint-Ouen 41226   7 persons SDD, 1 oriented (attack 7: a rate of 1 out of 7)

and, elsewhere: Boisseau 41019 (canton 4101), 1 foyer paid 548 € every month of 2025 (attack 3:
6 576 € a year); Dhuizon 41074, 2 persons, 5 saisines of the EP (3 + 2) notified after 40-70
days (attack 8); Cellettes 41031, 6 foyers entered in 2025, one more on 31/12/2025 (attack 6).
"""
from __future__ import annotations

import hashlib
from datetime import date, timedelta

from data.referentiel import load_referentiel
from indicators.calendrier import year
from tests.indicators import builders as B

DAY = date(2026, 1, 31)
DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)
PERIODE = year(2025, DAY)
MAZANGE_DELAIS = (8, 16, 27, 33, 37)
MESLAY_MONTHLY = 548.0
BOISSEAU, DHUIZON = "41019", "41074"
REF = load_referentiel()


def _d(x: date) -> str:
    return x.isoformat()


def rows() -> dict[str, list[dict]]:
    foy, per, dr, ori, pay, ep = [], [], [], [], [], []

    def add(commune: str, fid: str, opened: date, oriented_after: int | None = None, n_pers: int = 1):
        foy.append(B.foyer(fid, commune))
        dr.append(B.droit(f"D{fid}", fid, _d(opened)))
        for k in range(n_pers):
            pid = f"P{fid}_{k}"
            per.append(B.personne(pid, fid, sexe="F" if k % 2 == 0 else "M",
                                  role="allocataire" if k == 0 else "conjoint"))
            if oriented_after is not None:
                ori.append({"id_orientation": f"O{pid}", "id_personne": pid,
                            "date_orientation": _d(opened + timedelta(days=oriented_after)),
                            "type_orientation": "sociale", "organisme": "mdcs",
                            "origine": "espace_rsa", "date_debut_accompagnement": None})

    n = 0
    for month in range(1, 7):  # Vendôme: 5 entrants a month, January to June
        for _ in range(5):
            add("41269", f"V{n:02d}", date(2025, month, 3), 10 + n)
            n += 1
    for _ in range(2):  # … and 2 in August
        add("41269", f"V{n:02d}", date(2025, 8, 3), 10 + n)
        n += 1
    for i in range(3):
        add("41003", f"AR{i}", date(2024, 5, 1))
    for i in range(8):
        add("41010", f"AZ{i}", date(2024, 5, 1))
    for i, d in enumerate(MAZANGE_DELAIS):
        add("41131", f"MZ{i}", date(2025, 2, 1), d)
    add(BOISSEAU, "ME0", date(2024, 1, 1))
    for m in range(1, 13):
        pay.append({"id_foyer": "ME0", "mois": date(2025, m, 1), "montant": MESLAY_MONTHLY})
    for i in range(7):
        add("41226", f"SO{i}", date(2024, 3, 1), 20 if i == 0 else None)
    for i in range(2):
        add(DHUIZON, f"SA{i}", date(2024, 3, 1))
    for k, (p, d, notif) in enumerate([("PSA0_0", "2025-03-01", 40), ("PSA0_0", "2025-05-01", 50),
                                        ("PSA0_0", "2025-09-01", 60), ("PSA1_0", "2025-04-01", 70),
                                        ("PSA1_0", "2025-10-01", 48)]):
        sd = date.fromisoformat(d)
        ep.append({"id_saisine": f"S{k}", "id_personne": p, "date_saisine": sd,
                   "motif": "absence_rdv", "prescripteur": "mdcs", "date_passage_ep": None,
                   "decision": None, "date_notification": sd + timedelta(days=notif)})
    for i in range(6):
        add("41031", f"CE{i}", date(2025, 3 + i, 10))
    add("41031", "CE_last", date(2025, 12, 31))
    return {"foyer": foy, "personne": per, "droit": dr, "orientation": ori, "paiement": pay,
            "ep_saisine": ep}


def extraction():
    return B.extraction(DAY, **rows())


def ctx(ext, territoire: str | None = None, debut: date = DEBUT, fin: date = FIN, settings=None):
    return B.ctx(ext, debut, fin, territoire, settings or B.SETTINGS)


def documented_native_key(parts: list[int | None], col: str, cle: str = "cle-de-test") -> int:
    """:func:`indicators.secret.native_key` written out by hand: ``x`` = the first 8 bytes of
    ``blake2b("<col>:", key=<MAC key>)``; for each part, ``x = mix(x xor part)`` (a part as its
    64 bits, null as −1; ``mix``: splitmix64's finaliser); the key = the high 32 bits."""
    mk = hashlib.blake2b(cle.encode(), digest_size=32).digest()
    x = int.from_bytes(hashlib.blake2b(f"{col}:".encode(), key=mk, digest_size=8).digest(), "big")
    m64 = 2**64 - 1
    for p in parts:
        x ^= (-1 if p is None else p) & m64
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & m64
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & m64
        x ^= x >> 31
    return x >> 32
