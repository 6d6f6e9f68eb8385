"""The machinery shared by every check: a table's frame (typed and raw columns side by side),
row masks evaluated together in one vectorised pass, and findings built from them.

A :class:`Check` is a boolean polars expression true on the offending rows, the values to show
(evaluated on those rows only), and a function writing the French message from the row count
and the examples. No Python loop ever runs over rows.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

from data.schema import TABLES, TEXT
from data.validation.display import MAX_EXAMPLES, exemples, montrer
from data.validation.report import Finding

RAW = "__raw_"
BLANK = "__blank_"
EXAMPLE_SCAN = 100_000  # examples are the first distinct values among this many offending rows

# Column whose values identify a row in messages, for tables without a primary key.
ROW_ID = {"frein": "id_personne", "plateforme_emploi": "id_personne", "paiement": "id_foyer"}


def columns_of(typed: Mapping[str, pl.DataFrame], table: str) -> list[str]:
    """The columns of a typed table (without reading it when ``typed`` is a snapshot being built,
    :class:`data.snapshot.ParquetTables`)."""
    get = getattr(typed, "columns_of", None)
    return get(table) if get is not None else typed[table].columns


def column_frame(typed: Mapping[str, pl.DataFrame], table: str, columns: list[str]) -> pl.DataFrame:
    get = getattr(typed, "column_frame", None)
    return get(table, columns) if get is not None else typed[table].select(columns)


def raw(column: str) -> pl.Expr:
    return pl.col(RAW + column)


def row_id(table: str) -> str | None:
    spec = TABLES[table]
    return spec.pk or ROW_ID.get(table)



@dataclass(frozen=True)
class TableFrame:
    """One present table: typed contract columns, the raw ones (prefixed ``__raw_``) and, for raw
    text columns, a precomputed "blank" flag (``__blank_``) that many checks share.

    ``non_ascii`` and ``long_bytes`` list the text columns holding at least one non-ASCII value
    or one value over 1 000 bytes: the costlier checks (U+FFFD, length in characters) run only on
    those columns."""

    name: str
    df: pl.DataFrame
    present: frozenset[str]  # contract columns actually in the database table
    raw_types: dict
    non_ascii: frozenset[str] = frozenset()
    long_bytes: frozenset[str] = frozenset()

    @classmethod
    def build(cls, name: str, raw_df: pl.DataFrame, typed_df: pl.DataFrame) -> TableFrame:
        df = typed_df.hstack(raw_df.select(pl.all().name.prefix(RAW)).get_columns())
        kinds = {c.name: c.kind for c in TABLES[name].columns}
        texts = [c for c, t in raw_df.schema.items() if t == pl.Utf8]
        if texts:
            df = df.with_columns([(raw(c).str.strip_chars() == "").fill_null(True).alias(BLANK + c)
                                  if kinds[c] == TEXT else _blank_where_null(df, c)
                                  for c in texts])
        typed_texts = [c.name for c in TABLES[name].columns
                       if c.kind == TEXT and c.name in raw_df.columns]
        non_ascii: set[str] = set()
        long_bytes: set[str] = set()
        if typed_texts and df.height:
            flags = df.select(
                [(pl.col(c).str.len_bytes() != pl.col(c).str.len_chars()).any().alias("a" + c)
                 for c in typed_texts]
                + [(pl.col(c).str.len_bytes() > 1000).any().alias("l" + c) for c in typed_texts]
            ).row(0, named=True)
            non_ascii = {c for c in typed_texts if flags["a" + c]}
            long_bytes = {c for c in typed_texts if flags["l" + c]}
        return cls(name, df, frozenset(raw_df.columns), dict(raw_df.schema),
                   frozenset(non_ascii), frozenset(long_bytes))

    def has(self, *columns: str) -> bool:
        return all(c in self.present for c in columns)

    def blank(self, column: str) -> pl.Expr:
        """No value: NULL, or text made only of spaces (treated as NULL everywhere)."""
        if self.raw_types[column] == pl.Utf8:
            return pl.col(BLANK + column)
        return raw(column).is_null()

    def filled(self, column: str) -> pl.Expr:
        return ~self.blank(column)

    def kind(self, column: str) -> str:
        return TABLES[self.name].column(column).kind

    @property
    def height(self) -> int:
        return self.df.height


def _blank_where_null(df: pl.DataFrame, column: str) -> pl.Series:
    """Blank flag of a raw text column cast to a non-text type: a blank value always casts to
    null, so only the (usually few) rows whose typed value is null are looked at."""
    rows = df.select(pl.arg_where(pl.col(column).is_null()).alias("i"))["i"]
    values = df[RAW + column].gather(rows)
    blank = values.is_null() | (values.str.strip_chars() == "")
    return pl.repeat(False, df.height, dtype=pl.Boolean, eager=True).scatter(
        rows.filter(blank), True).alias(BLANK + column)


Message = Callable[[int, str], str]  # (row count, " (exemples : « a », « b »)") → message


@dataclass(frozen=True)
class Check:
    kind: str
    severity: str
    category: str
    column: str | None
    mask: pl.Expr  # true on offending rows
    shown: pl.Expr | None  # values to show, evaluated on offending rows
    message: Message
    shown_label: str = "exemples"


def run_checks(tf: TableFrame, checks: list[Check]) -> tuple[list[Finding], pl.Series | None]:
    """Evaluate every check of one table in a single pass; return the findings and the mask of
    rows with at least one row-level error (``None`` when there is none)."""
    if not checks or tf.height == 0:
        return [], None
    masks = [c.mask.fill_null(False) for c in checks]
    counts = tf.df.select([m.sum().alias(str(i)) for i, m in enumerate(masks)]).row(0)
    findings: list[Finding] = []
    row_level: list[pl.Expr] = []
    for check, mask, n in zip(checks, masks, counts, strict=True):
        if not n:
            continue
        shown: tuple[str, ...] = ()
        if check.shown is not None:
            vals = (tf.df.lazy().filter(mask).select(check.shown.alias("v")).head(EXAMPLE_SCAN)
                    .unique(maintain_order=True).head(MAX_EXAMPLES).collect()["v"].to_list())
            shown = tuple(montrer(v) for v in vals)
        findings.append(Finding(check.severity, check.category, tf.name, check.column,
                                check.message(int(n), exemples(shown, check.shown_label)),
                                shown, int(n), check.kind, check.message(int(n), "")))
        if check.category == "lignes":
            row_level.append(mask)
    union = tf.df.select(pl.any_horizontal(row_level).alias("m"))["m"] if row_level else None
    return findings, union


def finding_from_mask(tf: TableFrame, mask: pl.Series, check: Check) -> tuple[Finding | None, pl.Series]:
    """A finding for a mask computed outside :func:`run_checks` (e.g. after a sort)."""
    n = int(mask.sum() or 0)
    if not n:
        return None, mask
    shown: tuple[str, ...] = ()
    if check.shown is not None:
        vals = (tf.df.lazy().filter(pl.lit(mask)).select(check.shown.alias("v")).head(EXAMPLE_SCAN)
                .unique(maintain_order=True).head(MAX_EXAMPLES).collect()["v"].to_list())
        shown = tuple(montrer(v) for v in vals)
    return Finding(check.severity, check.category, tf.name, check.column,
                   check.message(n, exemples(shown, check.shown_label)), shown, n,
                   check.kind, check.message(n, "")), mask


def text_columns(tf: TableFrame) -> list[str]:
    return [c.name for c in TABLES[tf.name].columns if c.kind == TEXT and c.name in tf.present]
