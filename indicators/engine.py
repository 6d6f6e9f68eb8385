"""Run registered indicators: null when a source table is absent, breakdowns checked against the
registry, monthly series, comparisons. This is the edge where LazyFrames are collected
(``pl.collect_all``, one pass for many indicators)."""
from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date

import polars as pl

import indicators.core  # noqa: F401  (registers the core indicators)
from data.load import Extraction
from data.referentiel import Referentiel, Territoire
from indicators import secret
from indicators.calendrier import month_end, month_starts, snap_to_months
from indicators.context import Ctx, collect_frames, collect_held
from indicators.registry import REGISTRY, Indicator, core_ids
from settings import Settings


def make_ctx(ext: Extraction, ref: Referentiel, settings: Settings, debut: date, fin: date,
             territoire: Territoire | None = None) -> Ctx:
    return Ctx(ext, ref, settings, debut, fin, territoire or Territoire("departement", ref.departement))


def _null_frame(ind: Indicator, by: Sequence[str]) -> pl.LazyFrame:
    if by:
        return pl.LazyFrame(schema={**{b: pl.Utf8 for b in by}, "valeur": pl.Float64,
                                    "effectif": pl.Int64})
    return pl.LazyFrame({"valeur": [None], "effectif": [None]},
                        schema={"valeur": pl.Float64, "effectif": pl.Int64})


def available(ext: Extraction, ind_id: str) -> bool:
    return ext.has(*REGISTRY[ind_id].tables)


def frame(ctx: Ctx, ind_id: str, by: Sequence[str] = ()) -> pl.LazyFrame:
    """The lazy result of one indicator, ``*by, valeur, effectif[, numerateur]``."""
    ind = REGISTRY[ind_id]
    bad = [b for b in by if b not in ind.allowed_by]
    if bad:
        raise ValueError(f"Ventilation {bad} non prévue pour l'indicateur {ind_id} "
                         f"(possibles : {', '.join(ind.allowed_by)}).")
    if not ctx.ext.has(*ind.tables):
        return _null_frame(ind, by)
    return ind.func(whole_months_below(ctx, by), tuple(by))


def whole_months_below(ctx: Ctx, by: Sequence[str] = ()) -> Ctx:
    """Below the département level (a sub-département territory or a breakdown by a territory
    level) the period is made of whole months (:func:`indicators.calendrier.snap_to_months`): two
    requests one day apart give the same figures, not the persons of that day."""
    if not secret.applies(ctx.territoire, by):
        return ctx
    debut, fin = snap_to_months(ctx.debut, ctx.fin_demande)
    if (debut, fin) == (ctx.debut, ctx.fin_demande):
        return ctx
    return ctx.for_period(debut, fin)


# id(extraction tables) → {(pairs, what the plans' shape depends on): Ctx.probed names}
_PROBED: dict[int, dict] = {}
_PROBED_MAX = 2048
_PROBED_LOCK = threading.Lock()


def _probed(ctx: Ctx, wanted: Sequence[tuple[str, Sequence[str]]]) -> tuple:
    """:meth:`Ctx.probed` of the plans of ``wanted`` (``(indicator, by)`` pairs), once per
    extraction and shape of context (the plans of another period or unit of the same level
    touch the same frames): the probe builds every plan only to see which frames they share,
    as long as building them again. A wrong guess would cost work, never a figure
    (:meth:`Ctx.materialized`)."""
    t = ctx.territoire
    pairs = tuple((i, tuple(by)) for i, by in wanted)
    snapped = tuple(whole_months_below(ctx, by) is ctx for by in dict.fromkeys(b for _, b in pairs))
    key = (pairs, t.is_departement, t.niveau, ctx.window_empty, snapped, ctx.settings,
           id(ctx.ref))
    with _PROBED_LOCK:
        store = secret.per_extraction(_PROBED, ctx.ext)
        names = store.get(key)
    if names is None:
        names = ctx.probed(lambda c: [frame(c, i, by) for i, by in pairs])
        with _PROBED_LOCK:
            while len(store) >= _PROBED_MAX:
                store.pop(next(iter(store)))
            store[key] = names
    return names


def compute(ctx: Ctx, ids: Iterable[str] | None = None, by: Sequence[str] = ()) -> dict[str, pl.DataFrame]:
    ids = list(ids) if ids is not None else core_ids()
    return dict(zip(ids, compute_pairs(ctx, [(i, tuple(by)) for i in ids]), strict=True))


def compute_pairs(ctx: Ctx, wanted: Sequence[tuple[str, Sequence[str]]]) -> list[pl.DataFrame]:
    """The frames of ``wanted`` (``(indicator, by)`` pairs: several breakdowns at once, a level
    and the département) in one pass, the prepared frames that several indicators share
    computed once (one indicator's breakdowns: one ``collect_all``, its common sub-plans shared
    by polars — on the demo a level and the département 0,006 s instead of 0,014)."""
    if len({i for i, _ in wanted}) > 1 and ctx.ext.has("foyer", "personne", "droit"):
        ctx = ctx.materialized(names=_probed(ctx, wanted))
        return collect_held([frame(ctx, i, by) for i, by in wanted], ctx.bounded)
    return collect_frames([frame(ctx, i, by) for i, by in wanted], ctx.bounded)


def compute_values(ctx: Ctx, ids: Iterable[str] | None = None) -> dict[str, float | int | None]:
    """Raw value of each indicator (no breakdown): the CLI's and the cards' numbers."""
    out = {}
    for i, df in compute(ctx, ids).items():
        v = df["valeur"][0] if df.height else None
        if v is not None and REGISTRY[i].kind == "count":
            v = int(v)
        out[i] = v
    return out


def series_frames(ctx: Ctx, ind_id: str, by: Sequence[str] = (), step: str = "mois") -> pl.LazyFrame:
    """The indicator computed on each month (or year, ``step="annee"``) of ``[debut, fin]``;
    stocks are taken on the last day of each step. Column ``mois`` holds the step's first day.

    For a scanned extraction (:attr:`Ctx.bounded`) the foyers and persons with their territory
    are computed once for all the steps and the steps are collected here, a few at a time
    (:func:`indicators.context.collect_held`): a lazy concat of the steps holds every step's
    intermediate frames at once (×200: several GB)."""
    starts = month_starts(ctx.debut, ctx.fin)
    if ctx.bounded and len(starts) > 1:
        # probed on the window the months are snapped into below the département (the frames
        # their contexts build on), then given to this window's context
        wide = whole_months_below(ctx, by)
        ctx = wide.materialized_period_free(lambda c: frame(c, ind_id, by)).for_period(
            ctx.debut, ctx.fin_demande)
    parts = [frame(ctx.for_period(d, f), ind_id, by).with_columns(pl.lit(s).alias("mois"))
             for s, d, f in step_windows(ctx, step)]
    if not parts:
        return frame(ctx, ind_id, by).with_columns(pl.lit(None, dtype=pl.Date).alias("mois")).head(0)
    if ctx.bounded:  # a few steps at a time, on the period-free frames held above
        parts = [df.lazy() for df in (collect_held(parts, True) if len(starts) > 1
                                      else collect_frames(parts, True))]
    return pl.concat(parts, how="diagonal_relaxed")


def step_windows(ctx: Ctx, step: str = "mois") -> list[tuple[date, date, date]]:
    """``(first day of the step, debut, fin)`` of each step (month, or year: ``step="annee"``)
    of ``[debut, fin]``, cut to the window: where :func:`series_frames` computes its values."""
    starts = month_starts(ctx.debut, ctx.fin)
    if step == "annee":
        starts = sorted({date(m.year, 1, 1) for m in starts})
    return [(s, max(s, ctx.debut), min(month_end(s) if step == "mois" else date(s.year, 12, 31),
                                       ctx.fin)) for s in starts]


def series(ctx: Ctx, ind_id: str, by: Sequence[str] = (), step: str = "mois") -> pl.DataFrame:
    return series_frames(ctx, ind_id, by, step).collect()
