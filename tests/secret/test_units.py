"""Every indicator declares its statistical unit, and ``effectif`` counts distinct units."""
from __future__ import annotations

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
