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


def test_a_breakdown_whose_values_are_all_masked_says_so():
    """Both MDCS are hidden (VEN 3 < 5, BLO by complementary suppression): nothing can be drawn,
    and the reason is the secret statistique, not « aucune donnée »."""
    b = views.breakdown(ctx(tiny(), date(2024, 1, 1), DAY), "foyers_beneficiaires", ("mdcs",))
    assert b.empty and b.masked_any
    said = b.empty_text("Foyers par MDCS")
    assert said.startswith("Foyers par MDCS : valeurs masquées (secret statistique")
    assert "aucune donnée" not in said
    # an empty breakdown with nothing masked is « aucune donnée »
    none = views.breakdown(ctx(tiny(), date(2030, 1, 1), date(2030, 12, 31)), "entrees", ("mdcs",))
    assert none.empty and not none.masked_any
    assert none.empty_text("Entrées") == "Entrées : aucune donnée sur la période et le territoire choisis."



def test_zeros_beside_masked_values_are_nothing_to_read():
    """Three months at 0 and the others masked: the chart would be a flat line at zero; it says
    the values are masked instead. Zeros alone (nothing masked) are data."""
    from dataclasses import replace

    b = views.breakdown(ctx(tiny(), date(2024, 1, 1), DAY), "foyers_beneficiaires", ("mdcs",))
    data = pl.DataFrame({"mdcs": ["BLO", "VEN", "SUD"], "valeur": [None, None, 0.0],
                         "masque": [True, True, False]})
    masked = replace(b, data=data, masked_any=True)
    assert not masked.empty and masked.nothing_to_read
    assert "valeurs masquées" in masked.empty_text("Foyers")
    zeros = replace(b, data=data.with_columns(pl.lit(0.0).alias("valeur"), pl.lit(False).alias("masque")),
                    masked_any=False)
    assert not zeros.nothing_to_read
    some = replace(b, data=data.with_columns(pl.Series("valeur", [None, 3.0, 0.0])), masked_any=True)
    assert not some.nothing_to_read
