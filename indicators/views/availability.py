"""Whether an indicator can be shown, the secret statistique applied to its frames, and a value
as the pages write it."""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from data.schema import TABLE_LABELS
from indicators.context import Ctx
from indicators.formatting import format_value
from indicators.labels import dim_nom
from indicators.registry import REGISTRY
from indicators.secret import applies, mask, masked_text

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


def value_text(ind_id: str, value, masked: bool, seuil: int, secondary: bool = False) -> str:
    """« 12 345 », « 45,3 % », « < 5 » for a count hidden because small, « secret
    statistique » otherwise (:func:`indicators.secret.masked_text`)."""
    ind = REGISTRY[ind_id]
    if masked:
        return masked_text(ind_id, seuil, secondary)
    if value is None:
        return "–"
    return format_value(value, ind.format)
