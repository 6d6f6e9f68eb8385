"""Several indicators side by side: monthly series on one chart, or the same breakdown."""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators.context import Ctx
from indicators.registry import REGISTRY
from indicators.views.availability import UNAVAILABLE
from indicators.views.by_dimension import Breakdown, breakdowns
from indicators.views.monthly_series import series
from indicators.views.tables import Table


def _stack(parts: list[tuple[str, Breakdown]], by: tuple[str, ...]) -> Breakdown:
    """Concatenate breakdowns of several indicators (same format) with an ``indicateur_libelle``
    column; the table puts them side by side."""
    ok = [(i, b) for i, b in parts if b.ok]
    if not ok:
        reasons = " ".join(b.reason or "" for _, b in parts)
        return Breakdown(parts[0][0] if parts else "", by, None, None, reasons or UNAVAILABLE)
    frames = []
    for i, b in ok:
        frames.append(b.data.select(*by, *[f"{d}_libelle" for d in by], "valeur", "masque")
                      .with_columns(pl.lit(i).alias("indicateur"),
                                    pl.lit(REGISTRY[i].label).alias("indicateur_libelle")))
    data = pl.concat(frames, how="vertical_relaxed")
    disp = None
    exp = None
    for _, b in ok:
        t = b.table
        keys = t.display.columns[:len(by)]  # the breakdown's own headers (the level as configured)
        vcol_d = [c for c in t.display.columns if c not in keys and c not in (
            "Effectif (dénominateur)", "Numérateur")][0]
        vcol_e = [c for c in t.export.columns if c not in keys and c not in (
            "Effectif (dénominateur)", "Numérateur")][0]
        d = t.display.select(*keys, vcol_d)
        e = t.export.select(*keys, vcol_e)
        disp = d if disp is None else disp.join(d, on=keys, how="full", coalesce=True)
        exp = e if exp is None else exp.join(e, on=keys, how="full", coalesce=True)
    notes = [b.table.note for _, b in ok if b.table and b.table.note]
    missing = [b.reason for _, b in parts if not b.ok and b.reason]
    note = " ".join(dict.fromkeys(notes + missing)) or None
    window = next((b.window for _, b in ok if b.window), None)
    return Breakdown(ok[0][0], by, data, Table(disp.fill_null("–"), exp, note), None, window,
                     any(b.masked_any for _, b in ok))


def series_many(ctx: Ctx, ids: Sequence[str], min_months: int = 12) -> Breakdown:
    """Monthly series of several indicators on one chart (column ``indicateur_libelle``)."""
    return _stack([(i, series(ctx, i, (), min_months)) for i in ids], ("mois",))


def compare(ctx: Ctx, ids: Sequence[str], by: Sequence[str]) -> Breakdown:
    """Several indicators broken down by the same dimension (e.g. places prévues and
    participants by catégorie)."""
    bs = breakdowns(ctx, [(i, tuple(by)) for i in ids])
    return _stack(list(zip(ids, bs, strict=False)), tuple(by))
