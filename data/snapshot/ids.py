"""Integer surrogate ids in the snapshot: the text ids of the extraction's persons, foyers, droits
and other records (``"P0000001"``…) are stored as ``UInt32`` codes, so that every join,
group-by and distinct count of the indicators hashes integers instead of strings (national scale,
``bench/RESULTS.md``: 23 million payments joined on ``id_foyer``, 6 million persons).

- One **dictionary** per id column (:data:`ENCODED`), over every table holding the column (a
  record whose person is missing from ``personne`` keeps its own code): the derived table
  ``ids_<column>`` of the snapshot (columns ``<column>``: the code, ``texte``: the id).
- The codes are the **ranks** of the ids in code-point order (the order polars sorts text in):
  a sort, a minimum or a comparison of two ids (``id_orientation`` breaks ties between
  orientations of the same day) gives the same order on the codes as on the text, so every
  figure is the same.
- Nothing outside the indicators reads an encoded column; ``id_action`` (a breakdown of the
  indicators, shown), ``id_aide`` and ``id_lieu`` stay text. The secret statistique's record
  keys are hashed from the text ids (:func:`indicators.secret.compute_key_table` reads the
  dictionary): the same keys as an extraction read from the source.
"""
from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from data.schema import TABLES

# the id columns stored as codes (a pk or a foreign key of the contract, never displayed)
ENCODED = ("id_foyer", "id_personne", "id_droit", "id_orientation", "id_cer", "id_rdv",
           "id_saisine", "id_participation")
CODE = pl.UInt32
TEXT = "texte"


def dictionary_name(col: str) -> str:
    """Name of the derived table holding the dictionary of ``col``."""
    return f"ids_{col}"


def dictionary(ext, col: str) -> pl.LazyFrame | None:
    """The dictionary (``col``: code, ``texte``: id) of an extraction whose ``col`` is encoded,
    else None (an extraction read from the source: text ids)."""
    return ext.derived_lf(dictionary_name(col)) if col in ENCODED else None


def encode(folder: Path, derived: Path) -> None:
    """Rewrite the tables ``<table>.parquet`` of ``folder`` (a snapshot being written) with
    their :data:`ENCODED` columns as codes, same rows in the same order, and write each
    column's dictionary in ``derived``. One table at a time in memory."""
    files = {t: folder / f"{t}.parquet" for t in TABLES if (folder / f"{t}.parquet").exists()}
    derived.mkdir(exist_ok=True)
    dicts: dict[str, pl.DataFrame] = {}
    for col in ENCODED:
        holders = [f for t, f in files.items() if col in TABLES[t].column_names]
        if not holders:
            continue
        ids = (pl.concat([pl.scan_parquet(f).select(pl.col(col).cast(pl.Utf8).alias(TEXT))
                          for f in holders])
               .drop_nulls().unique().collect(engine="streaming").sort(TEXT))
        d = ids.select(pl.int_range(pl.len(), dtype=CODE).alias(col), TEXT)
        out = derived / f"{dictionary_name(col)}.parquet"
        d.write_parquet(out, compression="zstd", compression_level=1, statistics=True)
        with open(out, "rb+") as fh:
            os.fsync(fh.fileno())
        dicts[col] = d
    for t, f in files.items():
        cols = [c for c in TABLES[t].column_names if c in dicts]
        if not cols:
            continue
        df = pl.read_parquet(f)
        for c in cols:
            m = dicts[c].rename({c: "__code", TEXT: c})
            df = (df.with_columns(pl.col(c).cast(pl.Utf8))
                  .join(m, on=c, how="left", maintain_order="left")
                  .with_columns(pl.col("__code").alias(c)).drop("__code"))
        tmp = f.with_name(f".{f.name}.codes")
        df.select(TABLES[t].column_names).write_parquet(tmp, compression="zstd",
                                                        compression_level=1, statistics=True)
        del df
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(f)


def decoded(lf: pl.LazyFrame, dic: pl.LazyFrame | None, col: str) -> pl.LazyFrame:
    """``lf`` with its ``col`` as text again (``dic``: the column's :func:`dictionary`, None
    for text ids): tests and tools comparing with an extraction read from the source."""
    if dic is None:
        return lf
    names = lf.collect_schema().names()
    return (lf.join(dic.rename({col: "__code", TEXT: "__texte"}), left_on=col,
                    right_on="__code", how="left", maintain_order="left")
            .with_columns(pl.col("__texte").alias(col)).select(names))
