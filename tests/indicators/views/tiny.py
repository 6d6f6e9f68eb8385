"""A tiny extraction for the views' tests: 9 foyers opened in 2024 (one per month), 3 in Vendôme
(MDCS VEN) and 6 in Candé-sur-Beuvron (MDCS BLO), two orientations."""
from __future__ import annotations

from datetime import date

from tests.indicators.builders import droit, extraction, foyer, personne

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
