"""A table's CSV export opens in a French spreadsheet."""
from __future__ import annotations

import polars as pl

from indicators import views


def test_csv_for_a_french_spreadsheet():
    t = views.Table(pl.DataFrame({"a": ["x"]}), pl.DataFrame({"Taux (%)": [45.3], "n": [3]}))
    raw = views.table_csv(t)
    assert raw.startswith("\ufeff".encode("utf-8"))
    assert raw.decode("utf-8-sig").splitlines() == ["Taux (%);n", "45,3;3"]
