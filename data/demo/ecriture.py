"""Write the demo's tables to a SQLite file, fast: tables created from the contract
(:func:`data.writer.contract_metadata`, portable types), rows inserted with ``executemany``.

For ``echelle`` N > 1 the département is written once into temporary tables and copied N times
inside SQLite (``INSERT … SELECT``), every id column prefixed with ``Rkkk-`` so that ids stay
unique; ``extraction`` and ``lieu`` are written once.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from data.writer import contract_metadata

NOT_REPLICATED = ("extraction", "lieu")


def _rows(df: pl.DataFrame):
    conv = []
    for name, dtype in df.schema.items():
        if dtype == pl.Date:
            conv.append(pl.col(name).cast(pl.Utf8))
        elif dtype == pl.Boolean:
            conv.append(pl.col(name).cast(pl.Int64))
        else:
            conv.append(pl.col(name))
    return df.select(conv).iter_rows()


def _insert(conn: sqlite3.Connection, table: str, df: pl.DataFrame) -> None:
    cols = ", ".join(f'"{c}"' for c in df.columns)
    marks = ", ".join("?" for _ in df.columns)
    conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', _rows(df))


def write_sqlite(path: str | Path, tables: Mapping[str, pl.DataFrame], echelle: int = 1) -> None:
    """Write ``tables`` to a new SQLite file at ``path`` (replaced atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.partiel")  # one per process
    if tmp.exists():
        tmp.unlink()
    engine = sa.create_engine(f"sqlite:///{tmp}")
    contract_metadata(tables).create_all(engine)
    engine.dispose()
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA temp_store=FILE")
        with conn:
            for name, df in tables.items():
                if echelle == 1 or name in NOT_REPLICATED:
                    _insert(conn, name, df)
                    continue
                conn.execute(f'CREATE TEMP TABLE "base_{name}" AS SELECT * FROM main."{name}" WHERE 0')
                _insert(conn, f"base_{name}", df)
                sel = ", ".join(f'? || "{c}"' if c.startswith("id_") else f'"{c}"' for c in df.columns)
                n_ids = sum(c.startswith("id_") for c in df.columns)
                for k in range(1, echelle + 1):
                    conn.execute(f'INSERT INTO main."{name}" SELECT {sel} FROM temp."base_{name}"',
                                 (f"R{k:03d}-",) * n_ids)
                conn.execute(f'DROP TABLE temp."base_{name}"')
    finally:
        conn.close()
    os.replace(tmp, path)
