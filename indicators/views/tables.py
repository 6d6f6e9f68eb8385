"""A table as shown and as exported, and its CSV for a French spreadsheet."""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Table:
    """A table as shown (French text) and as exported (numbers; masked cells empty)."""

    display: pl.DataFrame
    export: pl.DataFrame
    note: str | None = None


def table_csv(table: Table) -> bytes:
    """CSV for a French spreadsheet: ``;`` separator, decimal comma, UTF-8 with BOM."""
    text = table.export.write_csv(separator=";", decimal_comma=True)
    return ("\ufeff" + text).encode("utf-8")
