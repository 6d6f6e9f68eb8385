"""Every indicator declares its statistical unit, and ``effectif`` counts distinct units."""
from __future__ import annotations

from datetime import date

import pytest

import indicators.engine  # noqa: F401  (registers the indicators)
from indicators.engine import frame
from indicators.registry import REGISTRY, UNIT_KEYS
from tests.secret import adversary as A


@pytest.mark.parametrize("ind_id", sorted(REGISTRY))
def test_every_indicator_declares_its_statistical_unit(ind_id):
    assert REGISTRY[ind_id].unite_stat in UNIT_KEYS


def test_effectif_counts_distinct_persons_not_events():
    ext = A.extraction()
    df = frame(A.ctx(ext, f"commune:{A.DHUIZON}"), "ep_saisines").collect()
    assert df.select("valeur", "effectif").row(0) == (5, 2)  # 5 saisines, 2 persons
    df = frame(A.ctx(ext, f"commune:{A.BOISSEAU}"), "montant_rsa_verse").collect()
    assert df.select("valeur", "effectif").row(0) == (12 * A.MESLAY_MONTHLY, 1)  # 12 payments, 1 foyer


def _reentry_ext():
    """Foyer f1 (person p1) opens a droit on 1 Jan 2024 that ends on 11 Jan, and a new one on
    21 Jan (oriented 31 Jan); foyer f2 (p2) opens one on 1 Jan, oriented on 21 Jan."""
    from tests.indicators.builders import droit, extraction, foyer, orient, personne

    return extraction(
        date(2024, 3, 1), foyer=[foyer("f1"), foyer("f2")],
        personne=[personne("p1", "f1"), personne("p2", "f2")],
        droit=[droit("d1", "f1", "2024-01-01", "2024-01-11"), droit("d1b", "f1", "2024-01-21"),
               droit("d2", "f2", "2024-01-01")],
        orientation=[orient("o1", "p1", "2024-01-31"), orient("o2", "p2", "2024-01-21")])


def test_kaplan_meier_medians_count_distinct_persons_and_foyers():
    """Three entrants (droit openings) of two persons, three droits of two foyers: the medians'
    ``effectif`` is 2 (persons; foyers), not 3 rows."""
    from tests.indicators.builders import ctx

    c = ctx(_reentry_ext(), date(2024, 1, 1), date(2024, 1, 31))
    orient_df = frame(c, "delai_orientation_km_median_j").collect()
    assert orient_df["effectif"].to_list() == [2]
    rsa = frame(c, "duree_droit_km_median_j").collect()
    assert rsa["effectif"].to_list() == [2]
    # the values are unchanged: entrants d1 (censored at 9: ended 11 Jan), d1b (oriented at 10),
    # d2 (oriented at 20): S = 1, 1/2 at 10 → median 10; droits d1 ended at 10, d1b and d2
    # still open (censored at 40 and 60): S = 2/3 never ≤ 1/2 → no median
    assert orient_df["valeur"].to_list() == [10.0]
    assert rsa["valeur"].to_list() == [None]
