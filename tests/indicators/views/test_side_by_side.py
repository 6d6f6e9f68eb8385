"""Several indicators side by side: one column per indicator in the table."""
from __future__ import annotations

from datetime import date

from indicators import views
from indicators.registry import REGISTRY
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import DAY, tiny


def test_compare_puts_indicators_side_by_side():
    ids = ["foyers_beneficiaires", "entrees"]
    b = views.compare(ctx(tiny(), date(2024, 1, 1), DAY), ids, ("mdcs",))
    assert b.ok and set(b.data["indicateur"].to_list()) == set(ids)
    disp = b.table.display
    assert disp.columns[0] == "MDCS" and len(disp.columns) == 3
    assert all(REGISTRY[i].label in " ".join(disp.columns) for i in ids)
    blo = disp.filter(disp["MDCS"] == "Blois Agglomération").row(0)
    # 6 foyers, all entered in 2024, but masked: the département (9) minus Blois gives Vendôme
    assert blo[1:] == ("secret statistique", "secret statistique")
    assert b.masked_any  # Vendôme: 3


def test_compare_says_why_when_nothing_can_be_shown():
    b = views.compare(ctx(tiny(), date(2024, 1, 1), DAY), ["taux_absenteisme"], ("mdcs",))
    assert not b.ok and "table absente" in b.reason
