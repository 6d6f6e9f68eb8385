"""Whether an indicator can be shown, the secret statistique applied to its frames, and a value
as the pages write it."""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from data.schema import TABLE_LABELS
from indicators import engine
from indicators.context import Ctx
from indicators.formatting import format_value
from indicators.labels import dim_nom
from indicators.registry import REGISTRY
from indicators.secret import (
    applies,
    mask,
    mask_units,
    masked_text,
    per_extraction,
    with_pattern,
)

UNAVAILABLE = "non disponible"


def unavailable_reason(ctx: Ctx, ind_id: str, by: Sequence[str] = ()) -> str | None:
    """Why an indicator (with this breakdown) cannot be shown, in French; ``None`` when it can."""
    ind = REGISTRY.get(ind_id)
    if ind is None:
        return f"Indicateur « {ind_id} » non disponible dans cette version."
    bad = [b for b in by if b not in ind.allowed_by]
    if bad:
        return (f"{ind.label} : ventilation par {', '.join(dim_nom(b, ctx.ref) for b in bad)} "
                f"non disponible.")
    missing = [t for t in ind.tables if not ctx.ext.has(t)]
    if missing:
        return (f"{ind.label} : non disponible dans cette extraction (table absente : "
                f"{', '.join(TABLE_LABELS.get(t, t) for t in missing)}).")
    return None


def below_departement(ctx: Ctx, by: Sequence[str] = ()) -> bool:
    """The secret applies: a sub-département territory, or a breakdown by a territory level
    (:func:`indicators.secret.applies`)."""
    return applies(ctx.territoire, by)


def masked_frame(df: pl.DataFrame, ind_id: str, ctx: Ctx, by: Sequence[str],
                 groups: Sequence[Sequence[str]] | None = None) -> pl.DataFrame:
    """The secret statistique (:func:`indicators.secret.mask`) as the context requires it;
    ``groups``: parts whose total is shown elsewhere (complementary suppression)."""
    return mask(df, ind_id, ctx.settings, below_departement(ctx, by), groups=groups)


# id(extraction tables) → {(indicator, window, level, id(ref), settings): (ref, pattern)}, dropped with
# the extraction; a bounded number of patterns per extraction (oldest dropped first)
_PATTERNS: dict[int, dict] = {}
_PATTERNS_MAX = 1024  # a commune pattern: a few kB
_PATTERNS_LOCK = threading.Lock()


def level_patterns(ctx: Ctx, ids: Sequence[str], niveau: str) -> dict[str, pl.DataFrame]:
    """``id →`` the complementary pattern of the table of every unit of ``niveau`` for that
    indicator on ``ctx``'s window, the département as the group (the Territoires table's,
    :func:`indicators.secret.mask_units`): columns ``niveau, masque, masque_secondaire``.
    Computed once per (extraction, indicator, whole-month window, level) — the missing ones in
    one pass of :func:`engine.compute` — and shared by every unit of the level (their pages,
    cards, profiles, packs). An indicator without a breakdown by that level (no such table)
    has none."""
    dep = ctx if ctx.territoire.is_departement else replace(
        ctx, territoire=replace(ctx.territoire, niveau="departement", code=ctx.ref.departement))
    ok = [i for i in ids if unavailable_reason(dep, i, (niveau,)) is None]
    w = engine.whole_months_below(dep, (niveau,))  # one pattern per whole-month window

    def key(i):
        return (i, w.debut, w.fin, niveau, id(ctx.ref), ctx.settings)
    with _PATTERNS_LOCK:
        per_ext = per_extraction(_PATTERNS, ctx.ext)
        hits = {i: per_ext.get(key(i)) for i in ok}
    out = {i: h[1] for i, h in hits.items()
           if h is not None and h[0] is ctx.ref}
    todo = [i for i in ok if i not in out]
    frames = engine.compute(dep, todo, (niveau,)) if todo else {}
    for i in todo:
        out[i] = mask_units(frames[i], i, ctx.settings, ctx.ref, niveau).select(
            pl.col(niveau).cast(pl.Utf8), "masque", "masque_secondaire")
    with _PATTERNS_LOCK:
        for i in todo:
            while len(per_ext) >= _PATTERNS_MAX:
                per_ext.pop(next(iter(per_ext)))
            per_ext[key(i)] = (ctx.ref, out[i])
    return out


def level_pattern(ctx: Ctx, ind_id: str, niveau: str) -> pl.DataFrame | None:
    """:func:`level_patterns` of one indicator (``None``: no breakdown by that level)."""
    return level_patterns(ctx, [ind_id], niveau).get(ind_id)


def unit_frames(frames: dict[str, pl.DataFrame], ctx: Ctx) -> dict[str, pl.DataFrame]:
    """A sub-département unit's own figures (its page's cards, ``frames``: one frame per
    indicator) masked as the table of every unit of its level hides the unit
    (:func:`level_patterns`, :func:`indicators.secret.with_pattern`): the département's card
    minus the other units' cards gives nothing back that the table hides. At the département
    (or for an indicator without that level's breakdown), as :func:`masked_frame` masks them."""
    t = ctx.territoire
    patterns = {} if t.is_departement else level_patterns(ctx, list(frames), t.niveau)
    out = {}
    for i, df in frames.items():
        p = patterns.get(i)
        out[i] = masked_frame(df, i, ctx, ()) if p is None else with_pattern(
            df.with_columns(pl.lit(t.code, dtype=pl.Utf8).alias(t.niveau)), i, ctx.settings, p,
            t.niveau).drop(t.niveau)
    return out


def value_text(ind_id: str, value, masked: bool, seuil: int, secondary: bool = False) -> str:
    """« 12 345 », « 45,3 % », « < 5 » for a count hidden because small, « secret
    statistique » otherwise (:func:`indicators.secret.masked_text`)."""
    ind = REGISTRY[ind_id]
    if masked:
        return masked_text(ind_id, seuil, secondary)
    if value is None:
        return "–"
    return format_value(value, ind.format)
