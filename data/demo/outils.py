"""Small vectorised helpers of the generator: days as integers, quotas, draws, months."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

EPOCH = date(1970, 1, 1)


def jour(d: date) -> int:
    """Days since 1970-01-01 (polars' Date representation)."""
    return (d - EPOCH).days


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    """An independent generator per module/stream, so that changing one module's draws leaves
    the others' unchanged."""
    return np.random.default_rng([seed, *stream])


def quotas(total: int, shares: Sequence[float]) -> np.ndarray:
    """Integer counts summing to ``total``, proportional to ``shares`` (largest remainder)."""
    w = np.asarray(shares, dtype=float)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(np.int64)
    rest = total - int(base.sum())
    if rest:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:rest]] += 1
    return base


def labels_by_quota(rng: np.random.Generator, total: int, labels: Sequence, shares: Sequence[float]) -> np.ndarray:
    """``total`` labels in exact proportions, shuffled."""
    out = np.repeat(np.asarray(labels, dtype=object), quotas(total, shares))
    return out[rng.permutation(total)]


def interp_dates(knots: Sequence[tuple[date, float]], days: np.ndarray) -> np.ndarray:
    """Piecewise-linear value at each day (constant beyond the knots)."""
    x = np.array([jour(d) for d, _ in knots], dtype=float)
    y = np.array([v for _, v in knots], dtype=float)
    return np.interp(days.astype(float), x, y)


def step_dates(knots: Sequence[tuple[date, float]], days: np.ndarray) -> np.ndarray:
    """Value in force at each day (the last knot on or before it)."""
    x = np.array([jour(d) for d, _ in knots], dtype=np.int64)
    y = np.array([v for _, v in knots], dtype=float)
    return y[np.clip(np.searchsorted(x, days, side="right") - 1, 0, len(y) - 1)]


# ---- months as integers: year * 12 + month - 1 ---------------------------------------------
def month_index(days: np.ndarray) -> np.ndarray:
    d = np.asarray(days, dtype="datetime64[D]")
    m = d.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return m


def month_start_day(months: np.ndarray) -> np.ndarray:
    """First day (days since epoch) of months given as months since 1970-01."""
    return np.asarray(months, dtype="datetime64[M]").astype("datetime64[D]").astype(np.int64)


def first_of_next_month(days: np.ndarray) -> np.ndarray:
    """The first day of the month after each day (a day already on the 1st stays)."""
    d = np.asarray(days, dtype=np.int64)
    m = month_index(d)
    start = month_start_day(m)
    return np.where(start == d, d, month_start_day(m + 1))


def seasonal_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray,
                  season: Sequence[float]) -> np.ndarray:
    """A day in ``[lo, hi]`` for each row, weighted by the month's seasonal factor (rejection)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    out = np.empty(lo.size, dtype=np.int64)
    todo = np.arange(lo.size)
    s = np.asarray(season, dtype=float) / max(season)
    while todo.size:
        d = lo[todo] + np.floor(rng.random(todo.size) * (hi[todo] - lo[todo] + 1)).astype(np.int64)
        month = (month_index(d) % 12).astype(np.int64)
        ok = rng.random(todo.size) < s[month]
        out[todo[ok]] = d[ok]
        todo = todo[~ok]
    return out
