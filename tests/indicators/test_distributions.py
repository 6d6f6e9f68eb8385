"""The parcours distributions: the funnel's stages and the délais' quantiles (masked)."""
from __future__ import annotations

from datetime import date

from indicators import distributions
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import DAY, tiny


def test_funnel_and_quantiles():
    e = tiny()
    f = distributions.parcours_funnel(ctx(e, date(2024, 1, 1), DAY))
    assert f.data["valeur"].to_list() == [9, 2, 1]  # no CER table: three stages
    assert "CER" in f.note
    q = distributions.delay_quantiles(ctx(e, date(2024, 1, 1), DAY), "mdcs")
    assert q.data.height == 0 and "2 territoire(s)" in q.note  # 1 délai each: hidden
    dep = distributions.delay_quantiles(ctx(e, date(2024, 1, 1), DAY), "departement")
    assert dep.data["mediane"].to_list() == [(15 + 5) / 2]  # 15 j (v0) and 5 j (b0)
