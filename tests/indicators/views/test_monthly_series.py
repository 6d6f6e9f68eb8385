"""Monthly series: a month in progress is left out of flows, a stock is read at ``fin``."""
from __future__ import annotations

from datetime import date

from indicators import views
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import tiny


def test_monthly_series_skips_the_running_month():
    cut = ctx(tiny(), date(2024, 1, 1), date(2024, 9, 10))
    s = views.series(cut, "entrees")
    assert s.data["mois"].max() == date(2024, 8, 1)  # September 2024 not over
    assert "hors septembre 2024" in s.window
    stock = views.series(cut, "foyers_beneficiaires")
    assert stock.data["mois"].max() == date(2024, 9, 1)  # a stock is read at fin
