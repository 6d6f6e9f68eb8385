"""One indicator broken down by dimensions: masked, sorted, labelled in French, with its table."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from indicators import engine
from indicators.context import Ctx, python_map
from indicators.coverage import joined_notes, undefined_note
from indicators.formatting import fmt, fr_month, fr_number
from indicators.labels import code_label, dim_label, order_key
from indicators.registry import REGISTRY, TERRITORY_DIMS, Indicator
from indicators.secret import PARENT_LEVELS, SECRET_LABEL, mask, mask_units, short_note, with_pattern
from indicators.views.availability import (
    below_departement,
    level_pattern,
    own_total_hidden,
    unavailable_reason,
    unit_categories,
    value_text,
)
from indicators.views.tables import Table


@dataclass(frozen=True)
class Breakdown:
    """One indicator broken down by ``by``: ``data`` holds the code columns, a ``<dim>_libelle``
    column per breakdown, ``valeur`` (null where masked), ``effectif``, ``masque``."""

    ind_id: str
    by: tuple[str, ...]
    data: pl.DataFrame | None
    table: Table | None
    reason: str | None = None
    window: str | None = None  # the period actually shown when it differs from the filters'
    masked_any: bool = False

    @property
    def ok(self) -> bool:
        return self.data is not None and self.reason is None

    @property
    def indicator(self) -> Indicator | None:
        return REGISTRY.get(self.ind_id)

    @property
    def undefined_note(self) -> str | None:
        """The « – » note of its cells (the one its table carries), for what shows the data
        without the table: the exported image of its chart."""
        return None if self.data is None else _undefined(self.ind_id, self.data.rows(named=True))

    @property
    def empty(self) -> bool:
        return self.data is None or self.data.height == 0 or self.data["valeur"].is_null().all()

    @property
    def nothing_to_read(self) -> bool:
        """Nothing to draw: no value, or, beside masked values, only zeros (a monthly chart of
        three « 0 » and nine masked months reads as an empty line at zero)."""
        if self.empty:
            return True
        shown = self.data["valeur"].drop_nulls()
        return self.masked_any and bool((shown == 0).all())

    def empty_text(self, name: str) -> str:
        """What an output writes instead of an available breakdown with nothing to draw: every
        value hidden by the secret statistique (some masked, none shown) is not « aucune
        donnée » — the period's total may well be on a card above."""
        if self.masked_any:
            return (f"{name} : valeurs masquées ({SECRET_LABEL} : trop peu de personnes pour "
                    "afficher le détail sur la période et le territoire choisis).")
        return f"{name} : aucune donnée sur la période et le territoire choisis."


def _label_column(ctx: Ctx, df: pl.DataFrame, dim: str) -> pl.Series:
    if dim == "mois":
        return python_map(df["mois"], lambda d: fr_month(d) if d else "Non renseigné",
                          "mois_libelle")
    if dim in TERRITORY_DIMS:
        names = ctx.ref.unit_names(dim)
        return python_map(df[dim], lambda c: names.get(c) or code_label(dim, c), f"{dim}_libelle")
    return python_map(df[dim], lambda c: code_label(dim, c), f"{dim}_libelle", skip_nulls=False)


def _sorted(df: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    if not by or not df.height:
        return df
    rows = df.rows(named=True)
    rows.sort(key=lambda r: tuple(order_key(b, r[b]) if b != "mois" else (0, 0, str(r[b]))
                                  for b in by))
    return pl.DataFrame(rows, schema=df.schema)


def complementary_groups(by: Sequence[str]) -> list[list[str]]:
    """The groups whose totals are shown elsewhere: for one dimension, all its categories (their
    total is the card above, or the period for months); for several, the categories of each
    dimension within each combination of the others."""
    by = list(by)
    if len(by) <= 1:
        return [[]]
    return [[o for o in by if o != d] for d in by]


def decorate(ctx: Ctx, ind_id: str, df: pl.DataFrame, by: Sequence[str],
              window: str | None = None) -> Breakdown:
    below = below_departement(ctx, by)
    if below and len(by) == 1 and by[0] in PARENT_LEVELS:
        if ctx.territoire.is_departement:
            df = mask_units(df, ind_id, ctx.settings, ctx.ref, by[0])
        else:  # the units inside a territory hide what the whole level's table hides
            df = with_pattern(df, ind_id, ctx.settings, level_pattern(ctx, ind_id, by[0]), by[0])
    elif (crossed := unit_categories(ctx, ind_id, df, by)) is not None:
        df = crossed  # the unit's rows of its level × category table
    else:  # a unit's hidden card is not given back by its categories
        df = mask(df, ind_id, ctx.settings, below, groups=complementary_groups(by),
                  hidden_total=below and not any(b in TERRITORY_DIMS for b in by)
                  and own_total_hidden(ctx, ind_id))
    for b in by:
        if df.schema.get(b) not in (pl.Date, pl.Utf8):
            if b != "mois":
                df = df.with_columns(pl.col(b).cast(pl.Utf8))
    df = _sorted(df, by)
    df = df.with_columns([_label_column(ctx, df, b) for b in by]) if df.height else df.with_columns(
        [pl.lit(None, dtype=pl.Utf8).alias(f"{b}_libelle") for b in by])
    return Breakdown(ind_id, tuple(by), df, breakdown_table(ctx, ind_id, df, by), None, window,
                     bool(df["masque"].any()) if df.height else False)


def breakdown(ctx: Ctx, ind_id: str, by: Sequence[str]) -> Breakdown:
    """The indicator broken down by ``by`` (masked, labelled), or why it cannot be."""
    reason = unavailable_reason(ctx, ind_id, by)
    if reason:
        return Breakdown(ind_id, tuple(by), None, None, reason)
    return decorate(ctx, ind_id, engine.frame(ctx, ind_id, by).collect(), by)


def breakdowns(ctx: Ctx, requests: Sequence[tuple[str, Sequence[str]]]) -> list[Breakdown]:
    """Several breakdowns collected in one pass."""
    todo = [(i, tuple(b)) for i, b in requests if unavailable_reason(ctx, i, b) is None]
    frames = dict(zip(todo, pl.collect_all([engine.frame(ctx, i, b) for i, b in todo]), strict=False)) if todo else {}
    out = []
    for i, b in requests:
        key = (i, tuple(b))
        if key in frames:
            out.append(decorate(ctx, i, frames[key], key[1]))
        else:
            out.append(Breakdown(i, tuple(b), None, None, unavailable_reason(ctx, i, b)))
    return out


def _undefined(ind_id: str, rows: Sequence[dict]) -> str | None:
    """:func:`indicators.coverage.undefined_note` of a breakdown's rows (of several indicators
    side by side: each row's ``indicateur``)."""
    return undefined_note((r.get("indicateur") or ind_id, r["valeur"], bool(r.get("masque")))
                          for r in rows)


def breakdown_table(ctx: Ctx, ind_id: str, df: pl.DataFrame, by: Sequence[str]) -> Table:
    """French table of a masked breakdown: one column per dimension, then the value (and the
    denominator for rates and means)."""
    ind = REGISTRY[ind_id]
    seuil = ctx.settings.seuil_secret
    disp: dict[str, list] = {}
    exp: dict[str, list] = {}
    rows = df.rows(named=True)
    for b in by:
        head = dim_label(b, ctx.ref)
        disp[head] = [r.get(f"{b}_libelle") or "" for r in rows]
        exp[head] = disp[head]
    head = f"{ind.label} ({ind.unit})" if ind.unit not in ("%",) else ind.label
    disp[head] = [value_text(ind_id, r["valeur"], bool(r.get("masque")), seuil,
                             bool(r.get("masque_secondaire"))) for r in rows]
    f = fmt(ind.format)
    exp_head = f.header(head)
    exp[exp_head] = [f.export(r["valeur"]) for r in rows]
    if ind.kind in ("rate", "mean", "median"):
        disp["Effectif (dénominateur)"] = [
            "" if r.get("effectif") is None else fr_number(r["effectif"]) for r in rows]
        exp["Effectif (dénominateur)"] = [r.get("effectif") for r in rows]
    kinds = {exp_head: ind.format, "Effectif (dénominateur)": "entier", "Numérateur": "entier"}
    if ind.kind == "rate" and "numerateur" in df.columns and not below_departement(ctx, by):
        # below the département no numerator is given (with its denominator, a rate's numerator
        # is the count of persons the secret protects)
        disp["Numérateur"] = ["" if r.get("numerateur") is None else fr_number(r["numerateur"])
                              for r in rows]
        exp["Numérateur"] = [r.get("numerateur") for r in rows]
    note = joined_notes(short_note(seuil) if any(r.get("masque") for r in rows) else None,
                        _undefined(ind_id, rows))
    # explicit dtypes: an empty breakdown (no action in a canton) must keep text keys and numeric
    # values, or joining it with another indicator's table fails (null vs str keys)
    exp_schema = {k: pl.Utf8 if i < len(by) else pl.Float64 if i == len(by) else pl.Int64
                  for i, k in enumerate(exp)}
    if f.whole:
        exp_schema[exp_head] = pl.Int64
    return Table(pl.DataFrame(disp, schema={k: pl.Utf8 for k in disp}),
                 pl.DataFrame(exp, schema=exp_schema, strict=False), note,
                 {k: v for k, v in kinds.items() if k in exp})
