"""The vectorised overlap check of droit periods against a brute-force pairwise comparison."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from data.load import RawExtraction, type_tables
from data.validation.checks import TableFrame
from data.validation.rows import overlapping_droits


def brute_force(df: pl.DataFrame) -> set[int]:
    rows = df.to_dicts()
    out = set()
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            if i == j or a["id_foyer"] != b["id_foyer"]:
                continue
            if any(r["date_fin"] is not None and r["date_fin"] <= r["date_ouverture"] for r in (a, b)):
                continue
            end_a = a["date_fin"] or date.max
            end_b = b["date_fin"] or date.max
            if a["date_ouverture"] < end_b and b["date_ouverture"] < end_a:
                out.add(i)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_overlaps_match_a_pairwise_comparison(seed):
    rng = np.random.default_rng(seed)
    n = 300
    start = date(2015, 1, 1)
    opening = [start + timedelta(days=int(x)) for x in rng.integers(0, 2000, n)]
    length = rng.integers(-5, 400, n)
    fin = [None if rng.random() < 0.15 else o + timedelta(days=int(k)) for o, k in zip(opening, length, strict=True)]
    df = pl.DataFrame({"id_droit": [f"D{i}" for i in range(n)],
                       "id_foyer": [f"F{x}" for x in rng.integers(0, 60, n)],
                       "date_ouverture": opening, "date_fin": fin,
                       "motif_fin": [None if f is None else "autre" for f in fin]},
                      schema_overrides={"date_fin": pl.Date})
    raw = RawExtraction({"droit": df}, (), {})
    tf = TableFrame.build("droit", df, type_tables(raw)["droit"])
    finding, mask = overlapping_droits(tf)
    expected = brute_force(df)
    got = set() if mask is None else set(np.flatnonzero(mask.to_numpy()).tolist())
    assert got == expected
    if expected:
        assert finding.count == len(expected)
        n_foyers = df[sorted(expected)]["id_foyer"].n_unique()
        assert f"({n_foyers} foyers)" in finding.message
