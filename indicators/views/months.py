"""Month windows: the cards' trend window, which indicators come by month, the month in
progress, and the per-month frame of an indicator."""
from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

import polars as pl

from indicators import engine
from indicators.calendrier import add_months, month_end, month_start, month_starts
from indicators.context import Ctx, collect_frames
from indicators.coverage import indicator_end
from indicators.registry import REGISTRY
from indicators.secret import PARENT_LEVELS, per_extraction
from indicators.views.availability import departement_ctx, unavailable_reason


def spark_ctx(ctx: Ctx, months: int = 12) -> Ctx:
    """The ``months`` whole months ending with the month of ``fin`` (the cards' trend line)."""
    f = ctx.fin
    return replace(ctx, debut=add_months(month_start(f), -(months - 1)), fin_demande=f)


def by_month(ind_id: str) -> bool:
    """The indicator's monthly values come from its ``mois`` breakdown (events of the month);
    not for indicators whose value in a month depends on the window's end (registry
    ``window_dependent``: computed month by month)."""
    ind = REGISTRY[ind_id]
    return "mois" in ind.dims and not ind.window_dependent


def partial_month(ctx: Ctx) -> date | None:
    """First day of the month of ``fin`` when that month is not over (flows of a month cut short
    would read as a fall): such a month is left out of monthly flow charts."""
    f = ctx.fin
    return month_start(f) if f != month_end(f) else None


def monthly_frame(ctx: Ctx, ind_id: str, by: Sequence[str] = ()) -> pl.LazyFrame:
    """The indicator for each month of the window, column ``mois`` (first day of the month):
    :func:`monthly_frames` of one indicator."""
    return monthly_frames(ctx, [ind_id], by)[ind_id]


def monthly_frames(ctx: Ctx, ids: Sequence[str], by: Sequence[str] = ()) -> dict[str, pl.LazyFrame]:
    """``id →`` the indicator for each month of the window, column ``mois`` (first day of the
    month), unmasked.

    When the registry allows a breakdown by ``mois`` (flows, délais by month of entry, events by
    month), one pass grouped by month gives the same values as one computation per month and is
    much faster; stocks (no ``mois`` breakdown) are computed on each month's last day
    (:func:`indicators.engine.series_frames`).

    For an extraction held in memory the months and the days already computed are not computed
    again (:func:`held_months`, :func:`held_points`): a period's chart and its cards' trend lines,
    and every period whose months overlap, share them — the missing ones of all ``ids`` in one
    pass. A scanned extraction (national scale) computes its plans as they are, in bounded
    memory."""
    out: dict[str, pl.LazyFrame] = {}
    flows = {i: _flow_months(ctx, i) for i in ids if by_month(i) and not ctx.window_empty}
    whole = {i: m for i, m in flows.items() if not ctx.bounded and _whole_inside(ctx, m)}
    rows = held_months(ctx, whole, by)
    for i, starts in flows.items():
        lf = (rows[i].lazy() if i in rows else
              engine.frame(ctx, i, ("mois", *by)).filter(pl.col("mois").is_in(starts)))
        out[i] = lf if by else _all_months(lf, starts, REGISTRY[i].kind in ("count", "sum"))
    stocks = [i for i in ids if i not in flows]
    steps = engine.step_windows(ctx) if not ctx.bounded else []
    points = held_points(ctx, {i: [(d, f) for _, d, f in steps] for i in stocks} if steps else {},
                         by)
    for i in stocks:
        out[i] = (pl.concat([df.with_columns(pl.lit(s).alias("mois"))
                             for (s, _, _), df in zip(steps, points[i], strict=True)],
                            how="diagonal_relaxed").lazy()
                  if i in points else engine.series_frames(ctx, i, by))
    return {i: out[i] for i in ids}


def _flow_months(ctx: Ctx, ind_id: str) -> list[date]:
    """The months of a flow's chart: months not complete in the indicator's sources are left
    out (the month in progress, and the months after a source's last complete month:
    coverage.indicator_end), as the cards' like-for-like windows do."""
    cut = partial_month(ctx)
    end, _ = indicator_end(ctx.ext, ind_id)
    return [m for m in month_starts(ctx.debut, ctx.fin)
            if m != cut and (end is None or m <= end)] or month_starts(ctx.debut, ctx.fin)


def _whole_inside(ctx: Ctx, months: Sequence[date]) -> bool:
    """Every month is whole inside the window (a month cut by the window's ends has values of
    its own: computed as it is, never held)."""
    return bool(months) and all(m >= ctx.debut and month_end(m) <= ctx.fin for m in months)


def _all_months(lf: pl.LazyFrame, starts: Sequence[date], zero: bool) -> pl.LazyFrame:
    """One row per month of ``starts`` (a month without a row: 0 for counts and sums)."""
    months = pl.LazyFrame({"mois": starts}, schema={"mois": pl.Date})
    j = months.join(lf, on="mois", how="left")
    if zero:
        j = j.with_columns(pl.col("valeur").fill_null(0), pl.col("effectif").fill_null(0))
    return j


# ---- months and days already computed --------------------------------------------------------
# id(extraction tables) → {key: (référentiel, value)}, dropped with the extraction; bounded
# (oldest dropped first). Values are unmasked frames of a few rows: the masking is applied to
# each view's own window after slicing (:mod:`indicators.secret`, exactly as before).
_HELD: dict[int, dict] = {}
HELD_MAX = 4096  # entries: a month's or a day's rows (a unit's, or every unit of a level's)
HELD_MAX_BYTES = 32 * 2**20  # and their weight: a frame's data + ~6 kB of a polars frame's own
_FRAME_BYTES = 6000
_WEIGHT = ("_poids",)  # the store's total weight, under a key no entry has
_HELD_LOCK = threading.Lock()


def _held_key(ctx: Ctx, kind: str, ind_id: str, by: Sequence[str], *rest) -> tuple:
    return (kind, ind_id, tuple(by), ctx.territoire, ctx.settings, *rest)


def _read_held(ctx: Ctx, keys: Sequence[tuple]) -> list:
    with _HELD_LOCK:
        store = per_extraction(_HELD, ctx.ext)
        hits = [store.get(k) for k in keys]
    return [h[1] if h is not None and h[0] is ctx.ref else None for h in hits]


def _keep_held(ctx: Ctx, items: Mapping[tuple, pl.DataFrame]) -> None:
    """Store ``items``, the oldest entries dropped beyond :data:`HELD_MAX` entries or
    :data:`HELD_MAX_BYTES`."""
    with _HELD_LOCK:
        store = per_extraction(_HELD, ctx.ext)
        total = store.pop(_WEIGHT, 0)

        def drop(k):
            nonlocal total
            total -= store.pop(k)[2]
        for k, v in items.items():
            if k in store:
                drop(k)
            w = v.estimated_size() + _FRAME_BYTES
            while store and (len(store) >= HELD_MAX or total + w > HELD_MAX_BYTES):
                drop(next(iter(store)))
            store[k] = (ctx.ref, v, w)
            total += w
        store[_WEIGHT] = total


def _from_level(ctx: Ctx, ids: Iterable[str], by: Sequence[str], extra: tuple[str, ...]
                ) -> list[str]:
    """The indicators whose unit figures below the département are read from their level's
    frame (:func:`indicators.views.availability.own_frames`' rule: the same computation, rows,
    cell keys and private columns as the unit's own): a sub-département context in memory, no
    other breakdown, the level's breakdown allowed — not for communes (:data:`indicators.secret.
    PARENT_LEVELS`): their level is the département by commune, ~300 units, far dearer than one
    commune's own months, and a trend line has no level pattern to share it with."""
    t = ctx.territoire
    if t.is_departement or by or ctx.bounded or t.niveau in PARENT_LEVELS:
        return []
    dep = departement_ctx(ctx)
    return [i for i in ids if unavailable_reason(dep, i, (*extra, t.niveau)) is None]


def _unit_rows(df: pl.DataFrame, t) -> pl.DataFrame:
    """The rows of unit ``t`` of a frame by its level, without the level's column."""
    return df.filter(pl.col(t.niveau).cast(pl.Utf8) == t.code).drop(t.niveau)


def held_months(ctx: Ctx, wanted: Mapping[str, Sequence[date]], by: Sequence[str] = ()
                ) -> dict[str, pl.DataFrame]:
    """``id →`` the rows of ``engine.frame(…, ("mois", *by))`` for the months ``wanted[id]``
    (whole months inside ``ctx``'s window), unmasked: each (extraction, indicator, breakdown,
    territory, settings, month) computed once — the months not yet computed of every indicator
    in one pass (:func:`indicators.context.collect_frames`), on the window from the first to
    the last of them (a month's value does not depend on the window around it: :func:`by_month`)."""
    if not wanted:
        return {}
    level = _from_level(ctx, wanted, by, ("mois",))
    if level:  # a unit's months: its rows of its level's (held) months
        t = ctx.territoire
        rows = held_months(departement_ctx(ctx), {i: wanted[i] for i in level}, (t.niveau,))
        rest = held_months(ctx, {i: m for i, m in wanted.items() if i not in level}, by)
        return {i: rest[i] if i in rest else _unit_rows(rows[i], t) for i in wanted}
    keys = {i: [_held_key(ctx, "mois", i, by, m) for m in months] for i, months in wanted.items()}
    got = {i: _read_held(ctx, ks) for i, ks in keys.items()}
    todo = {i: [m for m, h in zip(wanted[i], got[i], strict=True) if h is None] for i in wanted}
    todo = {i: ms for i, ms in todo.items() if ms}
    lazies = [engine.frame(ctx.for_period(min(ms), month_end(max(ms))), i, ("mois", *by))
              .filter(pl.col("mois").is_in(ms)) for i, ms in todo.items()]
    for (i, ms), df in zip(todo.items(), collect_frames(lazies, ctx.bounded), strict=True):
        parts = df.partition_by("mois", as_dict=True, maintain_order=True)
        per_month = {m: parts.get((m,), df.head(0)) for m in ms}
        _keep_held(ctx, {_held_key(ctx, "mois", i, by, m): part for m, part in per_month.items()})
        got[i] = [per_month[m] if h is None else h for m, h in zip(wanted[i], got[i], strict=True)]
    return {i: pl.concat(parts, how="vertical") for i, parts in got.items()}


def held_points(ctx: Ctx, wanted: Mapping[str, Sequence[tuple[date, date]]],
                by: Sequence[str] = (), own: bool = False) -> dict[str, list[pl.DataFrame]]:
    """``id →`` ``engine.frame(ctx.for_period(debut, fin), id, by)`` collected for each window
    of ``wanted[id]`` (a stock on a day, the window ending on it), unmasked: each (extraction,
    indicator, breakdown, territory, settings, window) computed once — a monthly chart's
    month-ends and the cards' quarterly trend points are the same days for every period whose
    months include them; the missing ones of every indicator in one pass. A unit's day is its
    row of its level's day when it has one there (``own``: the unit's own computation)."""
    level = [] if own else _from_level(ctx, wanted, by, ())
    if level:
        t = ctx.territoire
        rows = held_points(departement_ctx(ctx), {i: wanted[i] for i in level}, (t.niveau,))
        out = {i: [_unit_rows(df, t) for df in rows[i]] for i in level}
        # the unit's own computation where its level has no row for it (nothing recorded)
        fallback = {i: [w for n, w in enumerate(ws) if i not in out or out[i][n].height != 1]
                for i, ws in wanted.items()}
        computed = held_points(ctx, {i: ws for i, ws in fallback.items() if ws}, by, own=True)
        for i, ws in wanted.items():
            mine = dict(zip(fallback[i], computed.get(i, []), strict=True))
            out[i] = [mine[w] if w in mine else out[i][n] for n, w in enumerate(ws)]
        return out
    got: dict[str, list] = {}
    todo: dict[str, list[int]] = {}
    for i, windows in wanted.items():
        keys = [_held_key(ctx, "jour", i, by, d, f) for d, f in windows]
        got[i] = _read_held(ctx, keys)
        todo[i] = [n for n, h in enumerate(got[i]) if h is None]
    todo = {i: ns for i, ns in todo.items() if ns}

    def plan(i: str, n: int) -> pl.LazyFrame:
        return engine.frame(ctx.for_period(*wanted[i][n]), i, by)
    try:  # one query per indicator, its days stacked (as a series of days is), then split
        stacked = collect_frames([pl.concat([plan(i, n).with_columns(pl.lit(n).alias(_DAY))
                                             for n in ns], how="vertical")
                                  for i, ns in todo.items()], ctx.bounded)
        frames = {(i, n): part.drop(_DAY) for (i, ns), df in zip(todo.items(), stacked, strict=True)
                  for n, part in zip(ns, _split(df, ns), strict=True)}
    except pl.exceptions.PolarsError:  # days of different schemas (a typed null): one by one
        pairs = [(i, n) for i, ns in todo.items() for n in ns]
        frames = dict(zip(pairs, collect_frames([plan(i, n) for i, n in pairs], ctx.bounded),
                          strict=True))
    for (i, n), df in frames.items():
        got[i][n] = df
    _keep_held(ctx, {_held_key(ctx, "jour", i, by, *wanted[i][n]): df
                     for (i, n), df in frames.items()})
    return got


_DAY = "_jour_calcule"  # the index of a day in a stacked query (:func:`held_points`)


def _split(df: pl.DataFrame, ns: Sequence[int]) -> list[pl.DataFrame]:
    """The rows of each day ``ns`` of a stacked frame (a day without rows: none)."""
    parts = df.partition_by(_DAY, as_dict=True, maintain_order=True)
    return [parts.get((n,), df.head(0)) for n in ns]
