"""Every figure of a pack computed in one pass, masked below the département level."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from data.referentiel import Territoire
from indicators import engine
from indicators.calendrier import add_months, month_end, month_start, months_touched
from indicators.context import Ctx
from indicators.coverage import Window, labelled_note, window
from indicators.registry import REGISTRY
from indicators.secret import PARENT_LEVELS, mask, with_pattern
from indicators.views.availability import additive, level_patterns, unit_categories, unit_frames
from indicators.views.key_cards import no_trend_below, own_point
from reports.content.selection import profile_dim


@dataclass
class PackData:
    """Everything computed once for a pack (masked)."""
    cur: dict[str, dict]
    prev: dict[str, dict]
    series: dict[str, pl.DataFrame]
    units: dict[str, pl.DataFrame]
    profile: dict[str, tuple[str, pl.DataFrame]]
    step: str
    # each figure's like-for-like windows (indicators.coverage.window), as the dashboard's cards
    windows: dict[str, Window] = field(default_factory=dict)
    # no monthly line of the territory (below the département without perturbation: the cards'
    # trend line rule, indicators.views.key_cards.no_trend_below)
    no_trend: bool = False

    def note(self, ind_id: str) -> str | None:
        w = self.windows.get(ind_id)
        return w.note if w else None

    def window_notes(self, ids) -> str:
        """« <indicator> : sur janvier-août 2026, comparé à … » for the figures of ``ids``
        computed on a window other than the period's (a table's note)."""
        return " ".join(labelled_note(i, self.note(i)) for i in ids if self.note(i))

    def complete(self, ind_id: str) -> bool:
        """False: no complete month in the period (no comparison, no sentence about it)."""
        w = self.windows.get(ind_id)
        return w is None or w.complete


NO_VALUE = {"valeur": None, "effectif": None, "masque": False}


def _on(ctx: Ctx, debut, fin) -> Ctx:
    return ctx if (debut, fin) == (ctx.debut, ctx.fin) else replace(ctx, debut=debut, fin_demande=fin)


def _own_figure(df: pl.DataFrame, ind_id: str, ctx: Ctx) -> dict:
    """The territory's own figure masked as its page's card masks it: below the département, as
    the table of every unit of its level hides the unit (:func:`unit_frames`, the level's
    pattern) — else the département's exact card minus the other units' packs would give back
    what that table hides."""
    m = unit_frames({ind_id: df}, ctx)[ind_id]
    return m.row(0, named=True) if m.height else dict(NO_VALUE)


def _series_ctx(ctx: Ctx) -> tuple[Ctx, str]:
    """The window of the over-time charts: the period, or the 12 months ending with it when it is
    shorter than 3 months; by year beyond 36 months."""
    months = months_touched(ctx.debut, ctx.fin)
    if months < 3:
        return replace(ctx, debut=add_months(month_start(ctx.fin), -11)), "mois"
    return ctx, "annee" if months > 36 else "mois"


def _patterns(dep: Ctx, windows: dict[str, Window], sub: str) -> dict[str, pl.DataFrame]:
    """The whole level's pattern of each figure on its window (the Territoires table's, the
    maps', the units' cards: :func:`indicators.views.availability.level_patterns`, computed once
    for them all), the figures sharing a window in one pass."""
    same: dict[tuple, list[str]] = {}
    for i, w in windows.items():
        same.setdefault((w.debut, w.fin), []).append(i)
    out: dict[str, pl.DataFrame] = {}
    for (debut, fin), ids in same.items():
        out.update(level_patterns(_on(dep, debut, fin), ids, sub))
    return out


def compute(ctx: Ctx, prev: Ctx, ids: list[str], rules, below: bool,
             profiles: bool) -> PackData:
    """``rules``: the settings (or :class:`indicators.secret.Regles`; the whole level's patterns
    are those of ``ctx``'s settings, as every other output shows them). Parts shown with their
    total (the units under the territory, the months or years of the period, the categories of a
    profile) get the complementary suppression of :func:`indicators.secret.mask`."""
    sctx, step = _series_ctx(ctx)
    dep = replace(ctx, territoire=Territoire("departement", ctx.ref.departement))
    sub = ctx.ref.sub_level(ctx.territoire.niveau)
    lazy: list[pl.LazyFrame] = []
    keys: list[tuple[str, str]] = []
    windows = {i: window(ctx.ext, i, ctx.debut, ctx.fin, prev.debut, prev.fin,
                         objectifs=ctx.settings.objectifs) for i in ids}
    for i in ids:
        w = windows[i]
        cur = _on(ctx, w.debut, w.fin)  # the period's figures on the like-for-like window
        lazy += [engine.frame(cur, i), engine.series_frames(sctx, i, step=step)]
        keys += [("cur", i), ("series", i)]
        if w.comp_debut is not None:
            lazy.append(engine.frame(_on(prev, w.comp_debut, w.comp_fin), i))
            keys.append(("prev", i))
        if sub:
            lazy.append(engine.frame(cur, i, (sub,)))
            keys.append(("units", i))
        dim = profile_dim(REGISTRY[i]) if profiles else None
        if dim:
            lazy.append(engine.frame(cur, i, (dim,)))
            keys.append((f"profile:{dim}", i))
    frames = pl.collect_all(lazy)
    patterns = _patterns(dep, windows, sub) if sub in PARENT_LEVELS else {}
    d = PackData({}, {i: dict(NO_VALUE) for i in ids}, {}, {}, {}, step, windows,
                 no_trend_below(ctx))
    series = []
    for (what, i), df in zip(keys, frames, strict=False):
        w = windows[i]
        if what == "series":  # after the figure of the period: a hidden one hides its own step
            series.append((i, df))
        elif what == "cur":
            d.cur[i] = _own_figure(df, i, _on(ctx, w.debut, w.fin))
        elif what == "prev":
            d.prev[i] = _own_figure(df, i, _on(prev, w.comp_debut, w.comp_fin))
        elif what == "units":
            d.units[i] = (with_pattern(df, i, rules, patterns[i], sub) if i in patterns
                          else mask(df, i, rules, True, groups=[[]]))
        else:
            dim = what.split(":", 1)[1]
            # the territory's hidden figure is not given back by its categories
            crossed = unit_categories(_on(ctx, w.debut, w.fin), i, df, (dim,))
            d.profile[i] = (dim, crossed if crossed is not None else mask(
                df, i, rules, below, groups=[[]], hidden_total=below and additive(i)
                and bool(d.cur[i].get("masque"))))
    for i, df in series:
        d.series[i] = _series(mask(df.sort("mois"), i, rules, below, groups=[[]]), i, d,
                              sctx, step)
    return d


def _series(s: pl.DataFrame, i: str, d: PackData, sctx: Ctx, step: str) -> pl.DataFrame:
    """The masked series of ``i``, with no step shown where the territory's line is not drawn
    (:attr:`PackData.no_trend`), and without the step that is the period's own hidden figure
    (:func:`indicators.views.key_cards.own_point`: a stock's last month, a one-month flow's)."""
    w = d.windows[i]
    if d.no_trend:
        hide = pl.lit(True)
    elif d.cur[i].get("masque"):
        ends = [month_end(m) if step == "mois" else m.replace(month=12, day=31)
                for m in s["mois"].to_list()]
        hide = pl.Series([own_point(i, max(m, sctx.debut), min(e, sctx.fin), w.debut, w.fin)
                          for m, e in zip(s["mois"].to_list(), ends, strict=True)],
                         dtype=pl.Boolean)
    else:
        return s
    return s.with_columns(
        *[pl.when(hide).then(None).otherwise(pl.col(c)).alias(c) for c in ("valeur", "effectif")
          if c in s.columns],
        masque=pl.col("masque") | hide,
        # « secret statistique » where hidden for the line's sake, « < 5 » kept where small
        masque_secondaire=pl.lit(True) if d.no_trend else
        pl.col("masque_secondaire") | (hide & ~pl.col("masque")))
