"""Read the contract's tables into polars, once, with contract types.

``read_raw`` selects only the contract's columns of the tables that exist (SQLAlchemy Core, no
string-built SQL) and keeps the values as the driver returned them; ``type_tables`` casts them to
the contract's types without ever failing (an unreadable value becomes null and is reported by
:mod:`data.validation`, which compares the raw and typed frames).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from data.schema import BOOL, DATE, INT, NUM, REAL, TABLES, TEXT
from settings import environment_slow_read

if TYPE_CHECKING:  # SQLAlchemy is imported where a source is read (not to reopen a snapshot)
    from sqlalchemy.engine import Engine

POLARS_TYPES = {TEXT: pl.Utf8, DATE: pl.Date, INT: pl.Int64, NUM: pl.Float64, REAL: pl.Float64,
                BOOL: pl.Boolean}


@dataclass(frozen=True)
class RawExtraction:
    """Tables as read. ``missing_columns[table]`` lists contract columns absent from a present table."""

    tables: Mapping[str, pl.DataFrame]
    missing_tables: tuple[str, ...]
    missing_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class TableMapping(Mapping):
    """Read-only tables by name whose frame is made at each access from what ``_of`` holds for
    that name (a shared frame, a Parquet file…): a subclass says how, in ``__getitem__``."""

    def __init__(self, of: Mapping[str, object]) -> None:
        self._of = dict(of)

    def __iter__(self):
        return iter(self._of)

    def __len__(self) -> int:
        return len(self._of)

    def __contains__(self, name: object) -> bool:
        return name in self._of


class SharedTables(TableMapping):
    """The tables of an extraction shared by every session of the app: each access hands out
    the caller's own frame (``clone``, which copies no data), never the shared object itself.

    Converting one polars frame from several threads at once (``to_pandas``, ``to_arrow``: what
    Streamlit, plotly and pyarrow do with a frame) deadlocks the interpreter in polars 2.1
    (pola-rs/polars#27396); a frame nobody else holds cannot be converted concurrently."""

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self._of[name].clone()


@dataclass(frozen=True)
class Extraction:
    """A typed extraction: present tables only, contract columns and types.

    ``date_extraction`` is "today" for every indicator. The tables are in memory (``tables``)
    or, for a large snapshot, Parquet files (``files``) that every query scans lazily
    (:meth:`lf`): only the columns and rows a computation needs are read. ``snapshot_id``
    identifies the snapshot it comes from (:mod:`data.snapshot`; "" when read directly).
    ``derived`` / ``derived_files``: the tables a snapshot stores beside the contract's, in memory
    or scanned like the tables (:func:`data.snapshot.build`): what the indicators would
    otherwise compute from the tables in every process (record keys, persons with their
    territory)."""

    tables: Mapping[str, pl.DataFrame]
    date_extraction: date
    departement: str
    source: str
    files: Mapping[str, str] = field(default_factory=dict)
    snapshot_id: str = ""
    derived: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    derived_files: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.tables, SharedTables):
            object.__setattr__(self, "tables", SharedTables(self.tables))
        if not isinstance(self.derived, SharedTables):
            object.__setattr__(self, "derived", SharedTables(self.derived))

    def derived_lf(self, name: str) -> pl.LazyFrame | None:
        """The derived table ``name``, or None when the extraction has none of that name (read
        from the source, or a snapshot built for other settings)."""
        if name in self.derived_files:
            return pl.scan_parquet(self.derived_files[name])
        return self.derived[name].lazy() if name in self.derived else None

    def has(self, *names: str) -> bool:
        return all(n in self.tables or n in self.files for n in names)

    def lf(self, name: str) -> pl.LazyFrame:
        if name in self.files:
            return pl.scan_parquet(self.files[name])
        return self.tables[name].lazy()

    def frame(self, name: str) -> pl.DataFrame:
        """The whole table, the caller's own copy (read from the file for a scanned snapshot)."""
        if name in self.files:
            return pl.read_parquet(self.files[name])
        return self.tables[name]

    def height(self, name: str) -> int:
        if name in self.files:
            return int(self.lf(name).select(pl.len()).collect().item())
        return self.tables[name].height

    @property
    def lazy(self) -> bool:
        return bool(self.files)

    @property
    def available(self) -> tuple[str, ...]:
        return tuple(n for n in TABLES if self.has(n))


def read_raw(engine: Engine, only: tuple[str, ...] | None = None) -> RawExtraction:
    """Read the contract's tables (``only``: a subset, e.g. for benchmarks)."""
    import sqlalchemy as sa

    insp = sa.inspect(engine)
    existing = {name.lower(): name for name in insp.get_table_names()}
    tables: dict[str, pl.DataFrame] = {}
    missing_tables: list[str] = []
    missing_columns: dict[str, tuple[str, ...]] = {}
    with engine.connect() as conn:
        for name, spec in TABLES.items():
            if only is not None and name not in only:
                continue
            real = existing.get(name)
            if real is None:
                missing_tables.append(name)
                continue
            present = {c["name"].lower(): c["name"] for c in insp.get_columns(real)}
            cols = [c for c in spec.column_names if c in present]
            absent = tuple(c for c in spec.column_names if c not in present)
            if absent:
                missing_columns[name] = absent
            tbl = sa.table(real, *[sa.column(present[c]) for c in cols])
            stmt = sa.select(*[tbl.c[present[c]].label(c) for c in cols])
            fast = _fetch_fast(engine, tbl, present, cols)
            tables[name] = fast if fast is not None else _fetch_frame(conn, stmt, cols)
    return RawExtraction(tables, tuple(missing_tables), missing_columns)


def _connectorx_uri(engine: Engine) -> str | None:
    """connectorx URI for the engine's database, or None when it cannot be used."""
    u = engine.url
    backend = u.get_backend_name()
    if backend == "sqlite":
        db = (u.database or "").removeprefix("file:").split("?", 1)[0]
        return f"sqlite://{db}" if db.startswith("/") else None
    if backend == "postgresql":
        return u.set(drivername="postgresql").render_as_string(hide_password=False)
    if backend in ("mysql", "mariadb"):
        return u.set(drivername="mysql").render_as_string(hide_password=False)
    return None


def _fetch_fast(engine: Engine, tbl, present: dict[str, str], cols: list[str]) -> pl.DataFrame | None:
    """Fast path: every column read as text through connectorx (Arrow, no Python objects), so
    that casting and validation see exactly what the database holds. Returns None (and the
    caller uses the DBAPI path) when the read fails, e.g. on text that is not valid UTF-8."""
    uri = _connectorx_uri(engine)
    if uri is None or environment_slow_read():
        return None
    import sqlalchemy as sa

    stmt = sa.select(*[sa.cast(tbl.c[present[c]], sa.String()).label(c) for c in cols])
    sql = str(stmt.compile(dialect=engine.dialect))
    try:
        df = pl.read_database_uri(sql, uri, engine="connectorx")
    except Exception:
        return None
    if df.columns != cols:
        return None
    return df.with_columns(pl.col(c).cast(pl.Utf8) for c in cols)


def _fetch_frame(conn, stmt, cols: list[str], batch: int = 250_000) -> pl.DataFrame:
    """Run a compiled Core SELECT on the DBAPI cursor (much faster than SQLAlchemy rows for
    millions of rows) and build one raw column per contract column.

    Text that is not valid UTF-8 never stops the reading: SQLite text is then re-read decoded
    with U+FFFD replacement characters, and bytes returned by a driver are decoded the same way
    (:mod:`data.validation` reports them as a warning)."""
    sql = str(stmt.compile(dialect=conn.dialect))
    dbapi = conn.connection.dbapi_connection
    try:
        parts = _fetch_parts(dbapi, sql, len(cols), batch)
    except Exception as exc:
        if conn.dialect.name != "sqlite" or "decode" not in str(exc).lower():
            raise
        previous = dbapi.text_factory
        dbapi.text_factory = _decode_lenient
        try:
            parts = _fetch_parts(dbapi, sql, len(cols), batch)
        finally:
            dbapi.text_factory = previous
    return pl.DataFrame({c: _raw_series(c, parts[i]) for i, c in enumerate(cols)})


def _fetch_parts(dbapi, sql: str, n: int, batch: int) -> list[list]:
    cur = dbapi.cursor()
    try:
        cur.execute(sql)
        parts: list[list] = [[] for _ in range(n)]
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            for i, values in enumerate(zip(*rows, strict=True)):
                parts[i].extend(values)
    finally:
        cur.close()
    return parts


_BYTES = {bytes, bytearray, memoryview}


def _decode_lenient(value) -> str:
    return bytes(value).decode("utf-8", errors="replace")


def _raw_series(name: str, values: list) -> pl.Series:
    kinds = set(map(type, values)) - {type(None)}
    if kinds & _BYTES:  # raw bytes from the driver (BLOB, bytea): text, never silently null
        values = [_decode_lenient(v) if type(v) in _BYTES else v for v in values]
        kinds = (kinds - _BYTES) | {str}
    return pl.Series(name, values, dtype=_dtype_of_kinds(kinds), strict=False)


def _dtype_of_kinds(kinds: set) -> pl.DataType:
    if not kinds:
        return pl.Utf8
    if len(kinds) == 1:
        (k,) = kinds
        import datetime as dt
        import decimal

        mapping = {int: pl.Int64, float: pl.Float64, bool: pl.Boolean, dt.date: pl.Date,
                   dt.datetime: pl.Datetime, decimal.Decimal: pl.Float64, str: pl.Utf8}
        return mapping.get(k, pl.Utf8)
    if kinds <= {int, float}:
        return pl.Float64
    return pl.Utf8


def cast_expr(name: str, kind: str, dtype: pl.DataType) -> pl.Expr:
    """Cast one raw column to its contract type; unreadable values become null."""
    col = pl.col(name)
    if kind == DATE:
        if dtype == pl.Date:
            return col
        if dtype == pl.Datetime:
            return col.dt.date()
        return col.cast(pl.Utf8).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    if kind == TEXT:
        if dtype == pl.Float64:  # e.g. a numeric-looking code read as a number
            return col.cast(pl.Int64, strict=False).cast(pl.Utf8)
        return col.cast(pl.Utf8)
    if kind == BOOL:
        if dtype == pl.Utf8:
            low = col.str.to_lowercase().str.strip_chars()
            return (pl.when(low.is_in(["1", "true", "t", "vrai", "oui"])).then(True)
                    .when(low.is_in(["0", "false", "f", "faux", "non"])).then(False)
                    .otherwise(None))
        return col.cast(pl.Boolean, strict=False)
    if kind == INT:
        f = col.str.strip_chars().cast(pl.Float64, strict=False) if dtype == pl.Utf8 else \
            col.cast(pl.Float64, strict=False)
        # a non-whole number is unreadable as an integer (never silently truncated)
        return pl.when(f == f.floor()).then(f.cast(pl.Int64, strict=False)).otherwise(None)
    target = POLARS_TYPES[kind]
    if dtype == pl.Utf8:
        return col.str.strip_chars().str.replace(",", ".").cast(target, strict=False)
    return col.cast(target, strict=False)


def type_tables(raw: RawExtraction) -> dict[str, pl.DataFrame]:
    """Contract-typed copy of every present table (absent columns are added as nulls)."""
    out: dict[str, pl.DataFrame] = {}
    for name, df in raw.tables.items():
        spec = TABLES[name]
        exprs = []
        for c in spec.columns:
            if c.name in df.columns:
                exprs.append(cast_expr(c.name, c.kind, df.schema[c.name]).alias(c.name))
            else:
                exprs.append(pl.lit(None, dtype=POLARS_TYPES[c.kind]).alias(c.name))
        out[name] = df.select(exprs)
    return out


def build_extraction(typed: Mapping[str, pl.DataFrame]) -> Extraction:
    ext = typed["extraction"]
    row = ext.row(0, named=True) if ext.height else {}
    d = row.get("date_extraction") or date.today()
    return Extraction(dict(typed), d, str(row.get("departement") or ""), str(row.get("source") or ""))
