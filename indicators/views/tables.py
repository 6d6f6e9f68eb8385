"""A table as shown and as exported, and the one CSV writer of the project (pages and packs).

``Table.export`` holds numbers rounded as on screen (:meth:`indicators.formatting.Format.export`:
rates in percent under a « (%) » header, counts as integers) and ``kinds`` names the registry
format of its value columns, so that the XLSX writer (:func:`reports.tables.from_view`) stores a
rate as a fraction with a percent number format and a count as an integer."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import polars as pl

from indicators.formatting import fr_date


@dataclass(frozen=True)
class Table:
    """A table as shown (French text) and as exported (numbers; masked cells empty)."""

    display: pl.DataFrame
    export: pl.DataFrame
    note: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # export column → registry format

    def export_rows(self) -> list[list[Any]]:
        """The export's rows, a masked cell (empty in ``export``) carrying its display text
        (« < 5 », « secret statistique »), as every file writes it."""
        exp, disp = self.export, self.display
        if exp.width != disp.width:
            return [list(r) for r in exp.iter_rows()]
        return [[d if (e is None and isinstance(d, str) and d not in ("", "–")) else e
                 for e, d in zip(r_exp, r_disp, strict=False)]
                for r_exp, r_disp in zip(exp.iter_rows(), disp.iter_rows(), strict=False)]


def csv_cell(value: Any) -> str:
    """One CSV cell for Excel France: decimal comma, no thousands separator, dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (date, datetime)):
        return fr_date(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 6)).replace(".", ",")
    return str(value)


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]],
              entete: Sequence[str] = ()) -> bytes:
    """The CSV writer: UTF-8 with BOM, ``;``, decimal comma; ``entete`` lines (title,
    territory — period, source and data date) first, then an empty line, then the table."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for line in entete:
        w.writerow([line])
    if entete:
        w.writerow([])
    w.writerow(list(headers))
    for r in rows:
        w.writerow([c if isinstance(c, str) else csv_cell(c) for c in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def table_csv(table: Table, entete: Sequence[str] = ()) -> bytes:
    """CSV of a page's table (see :func:`write_csv`)."""
    return write_csv(table.export.columns, table.export_rows(), entete)
