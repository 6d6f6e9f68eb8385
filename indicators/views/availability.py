"""Whether an indicator can be shown, the secret statistique applied to its frames, and a value
as the pages write it."""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

import polars as pl

from data.schema import TABLE_LABELS
from indicators import engine
from indicators.context import Ctx
from indicators.formatting import format_value
from indicators.labels import dim_nom
from indicators.registry import REGISTRY, TERRITORY_DIMS
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


def masked_frame(df: pl.DataFrame | pl.LazyFrame, ind_id: str, ctx: Ctx, by: Sequence[str],
                 groups: Sequence[Sequence[str]] | None = None) -> pl.DataFrame | pl.LazyFrame:
    """The secret statistique (:func:`indicators.secret.mask`) as the context requires it;
    ``groups``: parts whose total is shown elsewhere (complementary suppression)."""
    return mask(df, ind_id, ctx.settings, below_departement(ctx, by), groups=groups)


# id(extraction tables) → {key: (ref, value)}, dropped with the extraction: the level frames
# (:func:`level_frames`) and the département figures (:func:`level_and_departement`); a bounded
# number of entries per extraction (oldest dropped first). Shared by every session's thread:
# their readers only derive new frames from them (joins, ``rows``, ``to_list``), never convert
# them (``to_pandas``/``to_arrow``: pola-rs/polars#27396, see ui.cache.cached)
_LEVELS: dict[int, dict] = {}
_LEVELS_MAX = 1024  # a commune entry ~17 kB on the demo (11 indicators: 11-22 kB), MDCS < 1 kB
_LEVELS_LOCK = threading.Lock()
_PENDING: dict[tuple, threading.Event] = {}  # keys being computed (by another session's thread)


@dataclass(frozen=True)
class LevelFrames:
    """One indicator at one territorial level on one whole-month window, computed once for every
    output that shows the level (:func:`level_frames`)."""

    raw: pl.DataFrame  # the engine's frame by the level (private columns kept): never shown
    masked: pl.DataFrame  # :func:`indicators.secret.mask_units` of ``raw``: what may be shown
    pattern: pl.DataFrame  # ``niveau`` (text), ``masque``, ``masque_secondaire`` of ``masked``


def departement_ctx(ctx: Ctx) -> Ctx:
    """The same context at the département."""
    return ctx if ctx.territoire.is_departement else replace(
        ctx, territoire=replace(ctx.territoire, niveau="departement", code=ctx.ref.departement))


_dep = departement_ctx


def _shared(ctx: Ctx, keys: dict[str, tuple], compute) -> dict:
    """``id → value`` for ``keys`` (``id → key``) from the extraction's store; the missing ones
    computed by ``compute(ids) → {id: value}`` in one call, then stored. A key another thread is
    computing is waited for rather than computed twice (sessions opening the same view at once)."""
    out: dict = {}
    while True:
        with _LEVELS_LOCK:
            per_ext = per_extraction(_LEVELS, ctx.ext)
            wait = []
            for i, kk in keys.items():
                h = per_ext.get(kk)
                if h is not None and h[0] is ctx.ref:
                    out[i] = h[1]
                elif i not in out and kk in _PENDING:
                    wait.append(_PENDING[kk])
            todo = [i for i in keys if i not in out and keys[i] not in _PENDING]
            mine = {keys[i]: _PENDING.setdefault(keys[i], threading.Event()) for i in todo}
        if todo:
            break
        if not wait:
            return out
        for e in wait:  # the other thread stores or gives up: look again
            e.wait(60)
    try:
        done = compute(todo)
        with _LEVELS_LOCK:
            for i in todo:
                while len(per_ext) >= _LEVELS_MAX:
                    per_ext.pop(next(iter(per_ext)))
                per_ext[keys[i]] = (ctx.ref, done[i])
        out.update(done)
    finally:
        with _LEVELS_LOCK:
            for kk, e in mine.items():
                _PENDING.pop(kk, None)
                e.set()
    return _shared(ctx, keys, compute) if len(out) < len(keys) else out


def _level_values(ctx: Ctx, ids: Sequence[str], niveau: str, departement: bool) -> dict:
    """``("niveau", id) →`` :class:`LevelFrames`, and with ``departement`` ``("departement",
    id) →`` the département's raw figure on ``ctx``'s own window; the missing ones in one pass
    (:func:`engine.compute_pairs`)."""
    dep = _dep(ctx)
    w = engine.whole_months_below(dep, (niveau,))  # one computation per whole-month window
    keys = {("niveau", i): ("niveau", i, w.debut, w.fin, niveau, id(ctx.ref), ctx.settings)
            for i in ids if unavailable_reason(dep, i, (niveau,)) is None}
    if departement:  # the reference row: exact to the day (no secret at the département)
        keys |= {("departement", i): ("departement", i, dep.debut, dep.fin, id(ctx.ref),
                                      ctx.settings)
                 for i in ids if unavailable_reason(dep, i) is None}

    def compute(todo):
        wanted = [(i, (niveau,) if what == "niveau" else ()) for what, i in todo]
        out = {}
        for (what, i), df in zip(todo, engine.compute_pairs(dep, wanted), strict=True):
            if what == "niveau":
                m = mask_units(df, i, ctx.settings, ctx.ref, niveau)
                df = LevelFrames(df, m, m.select(pl.col(niveau).cast(pl.Utf8), "masque",
                                                 "masque_secondaire"))
            out[(what, i)] = df
        return out
    return _shared(ctx, keys, compute)


def level_frames(ctx: Ctx, ids: Sequence[str], niveau: str) -> dict[str, LevelFrames]:
    """``id →`` every unit of ``niveau`` for that indicator on ``ctx``'s window (the context's
    territory is ignored: the département is the group), raw and masked as the table of every
    unit of the level masks it (:func:`indicators.secret.mask_units`). Computed once per
    (extraction, indicator, whole-month window, level) — the missing ones in one pass — and
    read by every output of the level: the Territoires table, the maps, the packs' patterns and
    every unit's own cards (:func:`level_patterns`). An indicator without a breakdown by that
    level (or without its tables) has none."""
    return {i: v for (_, i), v in _level_values(ctx, ids, niveau, False).items()}


def level_and_departement(ctx: Ctx, ids: Sequence[str], niveau: str
                          ) -> tuple[dict[str, LevelFrames], dict[str, pl.DataFrame]]:
    """:func:`level_frames` and ``id →`` the département's raw figure on ``ctx``'s window (the
    reference row of the level's table and map), computed once per (extraction, indicator,
    window) — with the level's, in the same pass, when both are missing."""
    got = _level_values(ctx, ids, niveau, True)
    return ({i: v for (what, i), v in got.items() if what == "niveau"},
            {i: v for (what, i), v in got.items() if what == "departement"})


def level_patterns(ctx: Ctx, ids: Sequence[str], niveau: str) -> dict[str, pl.DataFrame]:
    """``id →`` the complementary pattern of the table of every unit of ``niveau`` for that
    indicator on ``ctx``'s window, the département as the group (the Territoires table's,
    :func:`level_frames`): columns ``niveau, masque, masque_secondaire``, shared by every unit
    of the level (their pages, cards, profiles, packs)."""
    return {i: f.pattern for i, f in level_frames(ctx, ids, niveau).items()}


def level_pattern(ctx: Ctx, ind_id: str, niveau: str) -> pl.DataFrame | None:
    """:func:`level_patterns` of one indicator (``None``: no breakdown by that level)."""
    return level_patterns(ctx, [ind_id], niveau).get(ind_id)


def own_frames(ctx: Ctx, ids: Sequence[str]) -> dict[str, pl.DataFrame]:
    """``id →`` the context's own raw figure (:func:`engine.compute`, one pass). Below the
    département, a unit's row of its level's frame (:func:`level_frames`, which its cards'
    masking needs anyway: the same window, rows, cell keys and private columns — the Territoires
    table's figure of that unit) when the level has one, so that the level computed once serves
    every unit of it; computed on its own otherwise (no breakdown by that level, or no row:
    nothing recorded there, where the unit's own frame has its zeros)."""
    t = ctx.territoire
    out: dict[str, pl.DataFrame] = {}
    if not t.is_departement:
        for i, lf in level_frames(ctx, ids, t.niveau).items():
            row = lf.raw.filter(pl.col(t.niveau).cast(pl.Utf8) == t.code)
            if row.height == 1:
                out[i] = row.drop(t.niveau)
    rest = [i for i in ids if i not in out]
    out.update(engine.compute(ctx, rest) if rest else {})
    return {i: out[i] for i in ids}


def unit_frames(frames: dict[str, pl.DataFrame], ctx: Ctx) -> dict[str, pl.DataFrame]:
    """A sub-département unit's own figures (its page's cards, ``frames``: one frame per
    indicator) masked as the table of every unit of its level hides the unit
    (:func:`level_patterns`, :func:`indicators.secret.with_pattern`): the département's card
    minus the other units' cards gives nothing back that the table hides. At the département
    (or for an indicator without that level's breakdown), as :func:`masked_frame` masks them."""
    t = ctx.territoire
    patterns = {} if t.is_departement else level_patterns(ctx, list(frames), t.niveau)
    lazies = {}  # one pass for all: a few rows each, the same operations as on each frame
    for i, df in frames.items():
        p = patterns.get(i)
        lazies[i] = masked_frame(df.lazy(), i, ctx, ()) if p is None else with_pattern(
            df.lazy().with_columns(pl.lit(t.code, dtype=pl.Utf8).alias(t.niveau)), i,
            ctx.settings, p, t.niveau).drop(t.niveau)
    return dict(zip(lazies, pl.collect_all(list(lazies.values())), strict=True))


def _cross_dims(ctx: Ctx, ind_id: str, by: Sequence[str]) -> tuple[str, str] | None:
    """``(level, dimension)`` when a breakdown of ``ctx``'s territory by ``by`` is the unit's
    rows of its level × category table (:func:`cross_patterns`): a count or a sum
    (:func:`additive`: its categories add up to the unit's card and to the département's
    breakdown) of a sub-département unit of a level, by one category dimension (not a
    territory, not the months), the indicator broken down by both."""
    t = ctx.territoire
    if t.is_departement or len(by) != 1 or by[0] in TERRITORY_DIMS or by[0] == "mois":
        return None
    if t.niveau not in TERRITORY_DIMS or not additive(ind_id) or unavailable_reason(
            _dep(ctx), ind_id, (t.niveau, by[0])) is not None:
        return None
    return t.niveau, by[0]


def _grid(df: pl.DataFrame, niveau: str, dim: str, units: Sequence[str]) -> pl.DataFrame:
    """Every unit (of ``df`` and ``units``) × every category of ``df``: a pair absent from the
    engine's frame is a cell of 0 (the units' pages list no row for it: the adversary reads
    it as 0), which complementary suppression may have to hide too."""
    df = df.with_columns(pl.col(niveau).cast(pl.Utf8), pl.col(dim).cast(pl.Utf8))
    codes = pl.concat([df.select(niveau), pl.DataFrame({niveau: list(units)},
                                                       schema={niveau: pl.Utf8})]).unique()
    cells = codes.join(df.select(dim).unique(), how="cross")
    out = cells.join(df, on=[niveau, dim], how="left", nulls_equal=True)
    return out.with_columns(pl.col("valeur", "effectif").fill_null(0))


def cross_patterns(ctx: Ctx, ids: Sequence[str], niveau: str, dim: str
                   ) -> dict[str, pl.DataFrame]:
    """``id →`` the complementary pattern of the table of every unit of ``niveau`` × every
    category of ``dim`` for that count or sum on ``ctx``'s whole-month window (the context's
    territory is ignored): columns ``niveau, dim`` (text), ``masque``, ``masque_secondaire``,
    a row for every pair (0 where the engine has none: :func:`_grid`). Its margins are public —
    each category's département figure (the département's page, exact) and each unit's
    figure (its card; a unit whose card the level's pattern hides, :func:`level_patterns`,
    counts that total as a hidden cell) — so the table is masked with complementary
    suppression over both (:func:`indicators.secret.mask`, groups ``[[niveau], [dim]]``): the
    département's breakdown minus the other units' shown cells gives no unit's hidden cell
    back. Computed once per (extraction, indicator, whole-month window, level, dimension), in
    the store of :func:`level_frames`, and read by every unit's breakdown by ``dim`` (pages,
    packs' profiles: :func:`unit_categories`)."""
    dep = _dep(ctx)
    w = engine.whole_months_below(dep, (niveau,))
    ids = [i for i in ids if additive(i) and unavailable_reason(dep, i, (niveau, dim)) is None]
    totals = level_patterns(ctx, ids, niveau)
    keys = {i: ("croise", i, w.debut, w.fin, niveau, dim, id(ctx.ref), ctx.settings) for i in ids}

    def compute(todo):
        out = {}
        for i, df in zip(todo, engine.compute_pairs(dep, [(i, (niveau, dim)) for i in todo]),
                         strict=True):
            hid = totals[i].select(niveau, pl.col("masque").alias("_total_masque"))
            df = _grid(df, niveau, dim, hid[niveau].to_list()).join(hid, on=niveau, how="left")
            m = mask(df, i, ctx.settings, True, groups=[[niveau], [dim]],
                     hidden_totals="_total_masque", exact_totals=True)
            out[i] = m.select(niveau, dim, "masque", "masque_secondaire")
        return out
    return _shared(ctx, keys, compute)


def unit_categories(ctx: Ctx, ind_id: str, df: pl.DataFrame, by: Sequence[str]
                    ) -> pl.DataFrame | None:
    """A unit's breakdown ``df`` of a count or a sum by one category dimension (its own
    figures) masked as its level × category table hides the unit's rows
    (:func:`cross_patterns`, :func:`indicators.secret.with_pattern`), with a row « 0 » hidden
    for each category the unit has none of that the table hides; ``None`` when the breakdown
    is not such a table's rows (the département, a territory level, the months, several
    dimensions, a rate or a mean: their categories do not add up, :func:`decorate` masks them
    on their own)."""
    cross = _cross_dims(ctx, ind_id, by)
    if cross is None:
        return None
    niveau, dim = cross
    p = cross_patterns(ctx, [ind_id], niveau, dim).get(ind_id)
    if p is None:
        return None
    p = p.filter(pl.col(niveau) == ctx.territoire.code).drop(niveau)
    own = df.with_columns(pl.col(dim).cast(pl.Utf8))
    absent = p.filter("masque").join(own.select(dim), on=dim, how="anti", nulls_equal=True)
    if absent.height:
        zeros = absent.select(dim, pl.lit(0, dtype=own.schema["valeur"]).alias("valeur"),
                              pl.lit(0, dtype=pl.Int64).alias("effectif"))
        own = pl.concat([own, zeros], how="diagonal_relaxed")
    return with_pattern(own, ind_id, ctx.settings, p, dim)


def additive(ind_id: str) -> bool:
    """A count or a sum (not per inhabitants): the figure adds up from its parts."""
    ind = REGISTRY[ind_id]
    return ind.kind in ("count", "sum") and not ind.per_population


def own_total_hidden(ctx: Ctx, ind_id: str) -> bool:
    """Whether the territory's own figure of ``ind_id`` (its card, :func:`unit_frames`) is
    hidden while its parts add up to it: its breakdowns then count it as a hidden cell
    (:func:`indicators.secret.mask`'s ``hidden_total``), else a card hidden in complement
    would come back as the sum of its categories. Never at the département."""
    if ctx.territoire.is_departement or not additive(ind_id):
        return False
    own = unit_frames(own_frames(ctx, [ind_id]), ctx)[ind_id]
    return bool(own.height and own["masque"][0])


def value_text(ind_id: str, value, masked: bool, seuil: int, secondary: bool = False) -> str:
    """« 12 345 », « 45,3 % », « < 5 » for a count hidden because small, « secret
    statistique » otherwise (:func:`indicators.secret.masked_text`)."""
    ind = REGISTRY[ind_id]
    if masked:
        return masked_text(ind_id, seuil, secondary)
    if value is None:
        return "–"
    return format_value(value, ind.format)
