"""Key cards: value, comparison and its change, target and a 12-month trend line."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from indicators import engine
from indicators.calendrier import month_end, month_starts, snap_to_months
from indicators.context import Ctx, collect_frames
from indicators.coverage import Window, joined_notes, undefined_note, window
from indicators.formatting import format_delta
from indicators.registry import REGISTRY
from indicators.views.availability import (
    UNAVAILABLE,
    masked_frame,
    own_frames,
    unavailable_reason,
    unit_frames,
    value_text,
)
from indicators.views.months import by_month, held_points, monthly_frames, spark_ctx
from indicators.views.references import target_of


def card_label(ind_id: str) -> str:
    """The indicator's short label (its registry ``short``)."""
    ind = REGISTRY.get(ind_id)
    return ind.short if ind else ind_id


@dataclass(frozen=True)
class Card:
    id: str
    label: str
    text: str  # the value as shown
    value: float | None  # None when masked, undefined or unavailable
    comparison: float | None = None
    comparison_text: str | None = None
    delta: float | None = None  # value − comparison (fraction points for rates)
    delta_text: str | None = None
    unchanged: bool = False  # the change rounds to zero: shown « = 0 », no arrow, no colour
    better: str | None = None
    spark: tuple[float | None, ...] = ()
    spark_months: tuple[date, ...] = ()
    spark_masked: tuple[bool, ...] = ()  # per point: masked (secret) rather than not measurable
    masked: bool = False
    secondary: bool = False  # masked by complementary suppression (its level's pattern)
    spark_secret: bool = False  # no trend line: its points would be given back by difference
    available: bool = True
    reason: str | None = None
    definition: str = ""
    fmt: str = "entier"
    target_text: str | None = None
    note: str | None = None  # the like-for-like window when it differs from the filters'

    @property
    def delta_is_good(self) -> bool | None:
        if self.delta in (None, 0) or self.better is None:
            return None
        return (self.delta > 0) == (self.better == "hausse")


def _target_text(ind_id: str, ctx: Ctx) -> str | None:
    t = target_of(ctx.settings, ind_id)
    return t.text if t else None


Masked = dict  # id → (value or None, masked, masked by complementary suppression)


def masked_values(ctx: Ctx, ids: Sequence[str]) -> dict[str, tuple[float | None, bool, bool]]:
    """``id → (value, masked, secondary)`` of the available indicators (one pass:
    :func:`engine.compute`, the prepared frames they share computed once; below the
    département, the unit's row of its level's frame: :func:`~indicators.views.availability.
    own_frames`). Below the département, a unit's figure is hidden exactly where the table of
    every unit of its level hides it (:func:`~indicators.views.availability.unit_frames`: the
    level's one pattern)."""
    ok = [i for i in ids if unavailable_reason(ctx, i) is None]
    masked = unit_frames(own_frames(ctx, ok), ctx)
    return {i: _single(masked[i]) for i in ok}


def no_trend_below(ctx: Ctx) -> bool:
    """No trend line on a card below the département when the perturbation is off: its points
    are parts of the département's monthly totals, and every unit's page shows its own, so
    the département's exact line minus the other units' lines would give a hidden point back
    (the level's pattern is applied to the period's figure, not to each month)."""
    return not ctx.territoire.is_departement and not ctx.settings.perturbation


def own_point(ind_id: str, start: date, end: date, debut: date, fin: date) -> bool:
    """Whether a point of a trend line (or a month of a pack's series) computed on ``[start,
    end]`` is the card's own figure on ``[debut, fin]``: in whole months (as below the
    département, :func:`~indicators.calendrier.snap_to_months`), the same last day for a stock,
    the same window for a flow — the same cell, the same noise. A hidden card hides it too."""
    (s, e), (d, f) = snap_to_months(start, end), snap_to_months(debut, fin)
    return e == f and (REGISTRY[ind_id].is_stock or s == d)


def without_own_point(ind_id: str, ctx: Ctx, spark: tuple, months: tuple, flags: tuple
                      ) -> tuple[tuple, tuple]:
    """A hidden card's trend line (values, masked flags) with its own point (:func:`own_point`)
    hidden."""
    own = [own_point(ind_id, m, min(month_end(m), ctx.fin), ctx.debut, ctx.fin) for m in months]
    flags = flags if len(flags) == len(spark) else (False,) * len(spark)
    return (tuple(None if o else v for v, o in zip(spark, own, strict=True)),
            tuple(bool(f) or o for f, o in zip(flags, own, strict=True)))


SPARK_SECRET_NOTE = ("Pas de courbe de tendance sous le niveau département (secret statistique : "
                     "ses points se déduiraient des courbes du département et des autres "
                     "territoires).")


def spark_steps(ind_id: str) -> int:
    """Months between two points of a card's trend line: every month for indicators with a
    ``mois`` breakdown (one pass), every quarter for stocks (one computation per point)."""
    return 1 if by_month(ind_id) else 3


def sparklines(ctx: Ctx, ids: Sequence[str], months: int = 12
               ) -> dict[str, tuple[tuple[float | None, ...], tuple[date, ...]]]:
    """``id → (values, months)``: the trend line of each card over the ``months`` months ending
    with the month of ``fin`` (masked values are None).

    All the cards in one pass, the stocks' points sharing one context per point (its prepared
    frames — foyers and persons with their territory, the stock of that day — the same plans for
    every stock of that day), not one context per card and per point: the Plan page's ~70 cards made ~150
    contexts rebuilding the same joins (5,0 → 2,8 s of CPU on the demo). A scanned extraction
    prepares the period-free frames once for the whole window, as monthly series do."""
    ok = [i for i in ids if unavailable_reason(ctx, i) is None]
    if no_trend_below(ctx):
        return {i: ((), (), ()) for i in ok}
    flows = [i for i in ok if spark_steps(i) == 1]
    stocks = [i for i in ok if spark_steps(i) != 1]
    sctx = spark_ctx(ctx, months)
    if ctx.bounded and stocks:
        sctx = sctx.materialized_period_free(lambda c: [engine.frame(c, i) for i in stocks])
    # stocks: the last day of every ``step``-th month, ending with ``fin``
    days = [(m, min(month_end(m), sctx.fin))
            for m in (month_starts(sctx.debut, sctx.fin)[::-1][::3][::-1] if stocks else [])]
    lazies = monthly_frames(sctx, flows)  # months already computed are not computed again
    if sctx.bounded:
        for i in stocks:
            lazies[i] = pl.concat([engine.frame(sctx.for_period(m, e), i).with_columns(
                pl.lit(m).alias("mois")) for m, e in days], how="diagonal_relaxed")
    else:  # nor days (held_points): the same quarter-ends for every period that has them
        held = held_points(sctx, {i: days for i in stocks})
        for i in stocks:
            lazies[i] = pl.concat([df.with_columns(pl.lit(m).alias("mois"))
                                   for (m, _), df in zip(days, held[i], strict=True)],
                                  how="diagonal_relaxed").lazy()
    frames = collect_frames(list(lazies.values()), ctx.bounded) if lazies else []
    out = {}
    for i, df in zip(lazies, frames, strict=True):
        # a flow's months add up to the card's period: complementary suppression over them
        d = masked_frame(df.sort("mois"), i, ctx, (), [[]] if spark_steps(i) == 1 else None)
        out[i] = (tuple(None if x is None else float(x) for x in d["valeur"].to_list()),
                  tuple(d["mois"].to_list()),
                  tuple(bool(x) for x in (d["masque"].to_list() if "masque" in d.columns
                                          else [False] * d.height)))
    return {i: out[i] for i in ok}


def assemble_cards(ctx: Ctx, ids: Sequence[str], cur: Masked, prev: Masked | None,
                   spark: dict | None = None, notes: dict[str, str] | None = None) -> list[Card]:
    """Cards from already computed parts (so that each part can be cached on its own key)."""
    seuil = ctx.settings.seuil_secret
    out = []
    for i in ids:
        ind = REGISTRY.get(i)
        if i not in cur:
            out.append(Card(i, card_label(i), UNAVAILABLE, None, available=False,
                            reason=unavailable_reason(ctx, i),
                            definition=(f"{ind.label} : {ind.definition}" if ind else ""),
                            fmt=ind.format if ind else "entier"))
            continue
        v, m, sec = cur[i]
        c, cm, csec = (prev or {}).get(i, (None, False, False))
        delta = (v - c) if (v is not None and c is not None) else None
        dtext, unchanged = delta_change(delta, ind.format)
        sp, months, *rest = (spark or {}).get(i, ((), ()))
        smask = rest[0] if rest else ()
        if m and len(sp) == len(months) and sp:  # hidden: its own point of the line with it
            sp, smask = without_own_point(i, ctx, sp, months, smask)
        out.append(Card(
            id=i, label=card_label(i), text=value_text(i, v, m, seuil, sec), value=v, comparison=c,
            comparison_text=(value_text(i, c, bool(cm), seuil, bool(csec))
                             if prev is not None and i in prev else None),
            delta=delta, delta_text=dtext, unchanged=unchanged, better=ind.better, spark=sp,
            spark_months=months, spark_masked=smask, masked=m, secondary=sec,
            spark_secret=spark is not None and no_trend_below(ctx),
            definition=f"{ind.label} : {ind.definition}", fmt=ind.format,
            target_text=_target_text(i, ctx),
            note=joined_notes((notes or {}).get(i), secondary_note(sec),
                              undefined_note([(i, v, m)]))))
    return out


def secondary_note(secondary: bool) -> str | None:
    """Why a card hidden by complementary suppression shows no figure (its own count may well
    be large)."""
    if not secondary:
        return None
    return ("Valeur masquée en complément (secret statistique) : le tableau de tous les "
            "territoires de ce niveau la masque aussi, sinon elle se déduirait du total du "
            "département et des autres territoires.")


def spark_caption(c: Card) -> str | None:
    """What a trend line drawn from part of its points says about the missing ones: masked
    months (secret statistique) apart from months without a value yet — e.g. a 12-month return
    share before any exit is 12 months old — which are « pas encore mesurables »."""
    if c.spark_secret:
        return SPARK_SECRET_NOTE
    shown = sum(v is not None for v in c.spark)
    if shown < 2 or shown == len(c.spark):
        return None
    flags = c.spark_masked if len(c.spark_masked) == len(c.spark) else (True,) * len(c.spark)
    masked = sum(v is None and f for v, f in zip(c.spark, flags, strict=True))
    empty = sum(v is None and not f for v, f in zip(c.spark, flags, strict=True))
    parts = []
    if masked:
        parts.append(f"{masked} masqué{'s' if masked > 1 else ''} (secret statistique)")
    if empty:
        parts.append(f"{empty} mois pas encore mesurable{'s' if empty > 1 else ''} (aucun cas "
                     "assez ancien pour être jugé, ou aucun effectif)")
    return f"Courbe : {shown} points sur {len(c.spark)} ; " + " ; ".join(parts) + "."


def delta_change(delta: float | None, fmt: str) -> tuple[str | None, bool]:
    """The card's change as shown, and whether it rounds to zero (then « = 0 », no sign);
    ratios with one decimal keep it (« +0,6 »)."""
    if delta is None:
        return None, False
    text = format_delta(delta, fmt)  # a ratio keeps its decimal (Format « decimal »)
    if not any(ch in "123456789" for ch in text):
        return "= " + text.lstrip("+\u2212"), True
    return text, False


def delta_text(delta: float | None, fmt: str) -> str | None:
    return delta_change(delta, fmt)[0]


def card_windows(ctx: Ctx, comp: Ctx | None, ids: Sequence[str]) -> dict[str, Window]:
    """The like-for-like windows of each card (:func:`indicators.coverage.window`)."""
    cd, cf = (comp.debut, comp.fin) if comp is not None else (None, None)
    return {i: window(ctx.ext, i, ctx.debut, ctx.fin, cd, cf, objectifs=ctx.settings.objectifs)
            for i in ids if i in REGISTRY}


def grouped_values(values_of, ctx: Ctx, windows: dict[str, Window], ids: Sequence[str]
                   ) -> tuple[Masked, Masked | None, dict[str, str]]:
    """Current and comparison values computed on each card's own windows, one call of
    ``values_of(ctx, ids)`` per distinct window (``values_of`` may be a cached function)."""
    cur: Masked = {}
    prev: Masked = {}
    groups: dict[tuple, list[str]] = {}
    for i in ids:
        w = windows.get(i)
        k = (w.debut, w.fin, w.comp_debut, w.comp_fin) if w else (ctx.debut, ctx.fin, None, None)
        groups.setdefault(k, []).append(i)
    for (d, f, cd, cf), g in groups.items():
        cur.update(values_of(replace(ctx, debut=d, fin_demande=f), tuple(g)))
        if cd is not None:
            prev.update(values_of(replace(ctx, debut=cd, fin_demande=cf), tuple(g)))
    notes = {i: w.note for i, w in windows.items() if w.note}
    return cur, prev if any(w.comp_debut for w in windows.values()) else None, notes


def cards(ctx: Ctx, comp: Ctx | None, ids: Sequence[str], sparkline: bool = True) -> list[Card]:
    """One card per indicator: value, comparison and its change (like for like: over the months
    both windows cover in the indicator's sources), a 12-month trend line; unavailable indicators
    give a card saying so."""
    cur, prev, notes = grouped_values(masked_values, ctx, card_windows(ctx, comp, ids), ids)
    spark = sparklines(ctx, ids) if sparkline else None
    return assemble_cards(ctx, ids, cur, prev, spark, notes)


def _single(df: pl.DataFrame) -> tuple[float | None, bool, bool]:
    if not df.height:
        return None, False, False
    v = df["valeur"][0]
    return ((None if v is None else float(v)), bool(df["masque"][0]),
            bool(df["masque_secondaire"][0]))


def values(ctx: Ctx, ids: Sequence[str]) -> dict[str, float | None]:
    """Masked raw values (None where masked, undefined or unavailable) — for the narrative."""
    mv = masked_values(ctx, ids)
    return {i: mv[i][0] if i in mv else None for i in ids}
