"""A tiny extraction for the map tests, with hand-known values.

date_extraction 2024-12-31, period 2024-01-01 → 2024-12-31. One person per foyer, every droit
opened 2024-03-01 and still open; each person has one rendez-vous in the period.

  commune                        canton  MDCS  foyers  rdv absent / all
  41269 Vendôme                  4114    VEN   12      3 / 12  → 25 %
  41001 Ambloy                   4106    VEN    9      1 / 9
  41194 Romorantin-Lanthenay     4110    ROM    3      2 / 3   → canton 4110 and MDCS ROM masked
  41018 Blois (canton_code 4102) 4102    BLO    7      1 / 7
  41059 Le Controis (4104)       4104    SUD   20      5 / 20  → 25 %

Orientation 20 days after the opening for everyone except Ambloy (50 days).
"""
from __future__ import annotations

from datetime import date

from settings import Settings
from tests.indicators import builders as B

# The map tests check that the drawn value is the library's: without the cell-key perturbation
# (tested in tests/secret), the library's raw value is what is drawn.
SETTINGS = Settings(perturbation=False)

DEBUT, FIN = date(2024, 1, 1), date(2024, 12, 31)
GROUPS = (("41269", None, 12, 3), ("41001", None, 9, 1), ("41194", None, 3, 2),
          ("41018", "4102", 7, 1), ("41059", "4104", 20, 5))


def rows() -> dict[str, list[dict]]:
    foy, per, dr, rdv, ori = [], [], [], [], []
    for commune, canton, n, absents in GROUPS:
        for i in range(n):
            f = f"F{commune}_{i:02d}"
            p = f"P{commune}_{i:02d}"
            foy.append(B.foyer(f, commune, canton))
            per.append(B.personne(p, f))
            dr.append(B.droit(f"D{commune}_{i:02d}", f, "2024-03-01"))
            rdv.append({"id_rdv": f"R{commune}_{i:02d}", "id_personne": p, "date_rdv": "2024-06-01",
                        "type_rdv": "referent", "statut": "absent" if i < absents else "honore"})
            ori.append({"id_orientation": f"O{commune}_{i:02d}", "id_personne": p,
                        "date_orientation": "2024-04-20" if commune == "41001" else "2024-03-21",
                        "type_orientation": "sociale", "organisme": "mdcs",
                        "origine": "espace_rsa", "date_debut_accompagnement": None})
    return {"foyer": foy, "personne": per, "droit": dr, "rendez_vous": rdv, "orientation": ori}


def extraction():
    return B.extraction(FIN, **rows())


def ctx(territoire: str | None = None):
    return B.ctx(extraction(), DEBUT, FIN, territoire, SETTINGS)
