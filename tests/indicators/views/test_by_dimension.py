"""Breakdowns: masked below the département, labelled in French, or why they cannot be shown."""
from __future__ import annotations

from datetime import date

import polars as pl

from indicators import views
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import DAY, tiny


def test_breakdown_by_territory_is_masked_and_labelled():
    b = views.breakdown(ctx(tiny(), date(2024, 1, 1), DAY), "foyers_beneficiaires", ("mdcs",))
    rows = {r["mdcs"]: r for r in b.data.rows(named=True)}
    # VEN: 3 < 5; BLO (6) is masked too: the département (9) minus BLO would give VEN back
    assert rows["BLO"]["valeur"] is None and rows["BLO"]["masque_secondaire"]
    assert rows["VEN"]["valeur"] is None and rows["VEN"]["masque"]
    assert rows["VEN"]["mdcs_libelle"] == "Vendôme"
    disp = b.table.display
    assert disp.columns[0] == "MDCS"
    assert disp.filter(pl.col("MDCS") == "Vendôme").row(0)[1] == "< 5"
    assert disp.filter(pl.col("MDCS") == "Blois Agglomération").row(0)[1] == "secret statistique"
    assert "Secret statistique" in b.table.note
    assert b.table.export.filter(pl.col("MDCS") == "Vendôme").row(0)[1] is None


def test_unavailable_breakdown_says_why():
    b = views.breakdown(ctx(tiny(), date(2024, 1, 1), DAY), "entrees", ("type_frein",))
    assert not b.ok and "ventilation" in b.reason
