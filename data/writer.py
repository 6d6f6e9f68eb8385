"""Write an extraction (a dict of polars DataFrames with contract columns) to a database.

Used only by the demo generator, the benchmarks and the tests, which create extractions; the
application itself opens extractions read-only (:mod:`data.source`). Tables are created from the
contract (:mod:`data.schema`) with portable types, then filled in batches.
"""
from __future__ import annotations

from collections.abc import Mapping

import polars as pl
import sqlalchemy as sa

from data.schema import BOOL, DATE, INT, NUM, REAL, TABLES, TEXT

SA_TYPES = {TEXT: sa.String(1000), DATE: sa.Date(), INT: sa.Integer(), NUM: sa.Numeric(12, 2),
            REAL: sa.Float(), BOOL: sa.Boolean()}


def contract_metadata(tables: Mapping[str, pl.DataFrame]) -> sa.MetaData:
    md = sa.MetaData()
    for name, df in tables.items():
        spec = TABLES.get(name)
        cols = []
        for c in df.columns:
            kind = spec.column(c).kind if spec and c in spec.column_names else TEXT
            typ = SA_TYPES[kind]
            if kind == TEXT and spec is not None and c == spec.pk:
                typ = sa.String(64)
            cols.append(sa.Column(c, typ))
        sa.Table(name, md, *cols)
    return md


def write_extraction(url_or_engine: str | sa.Engine, tables: Mapping[str, pl.DataFrame],
                     replace: bool = True, batch: int = 50_000) -> None:
    """Create (dropping first when ``replace``) and fill every table of ``tables``.

    Values are written as given (a test may write a deliberately wrong value as text)."""
    engine = sa.create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    md = contract_metadata(tables)
    with engine.begin() as conn:
        if replace:
            existing = set(sa.inspect(conn).get_table_names())
            for name in TABLES:
                if name in existing:
                    conn.execute(sa.text(f'DROP TABLE {conn.dialect.identifier_preparer.quote(name)}'))
        md.create_all(conn)
        for name, df in tables.items():
            t = md.tables[name]
            rows = df.to_dicts()
            for i in range(0, len(rows), batch):
                if rows[i:i + batch]:
                    conn.execute(t.insert(), rows[i:i + batch])
