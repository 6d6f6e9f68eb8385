"""The one table of the project, as shown and as exported (pages, charts' data, packs), and the one
CSV writer.

``Table.display`` holds the French text of every cell; ``Table.export`` numbers rounded as on
screen (:meth:`indicators.formatting.Format.export`: rates in percent under a « (%) » header
(:meth:`~indicators.formatting.Format.header`), counts as integers), a masked cell empty; ``kinds``
names the format of its columns (a registry format, ``texte`` or ``date``), so that the XLSX writer
(:func:`reports.tables.to_xlsx`) stores a rate as a fraction with a percent number format and a
count as an integer, and documents right-align numbers. A pack's table carries its ``titre`` and
the registry ids it shows (``indicateurs``, for the definitions). :func:`rows_table` builds one
from rows of raw values or already masked texts (« < 5 », « secret statistique »): nothing here
decides the secret statistique, it only writes what it is given."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import polars as pl

from indicators.formatting import FORMATS, fr_date

TEXT_KINDS = ("texte", "date")  # column kinds besides the registry formats


@dataclass(frozen=True)
class Table:
    """A table as shown (French text) and as exported (numbers; masked cells empty)."""

    display: pl.DataFrame
    export: pl.DataFrame
    note: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # export column → registry format
    titre: str = ""
    indicateurs: tuple[str, ...] = ()  # registry ids shown (a pack's definitions)

    def titled(self, titre: str, indicateurs: Sequence[str] = (), **kw: Any) -> Table:
        """The same table under a title (a pack's block, an XLSX sheet)."""
        return replace(self, titre=titre, indicateurs=tuple(indicateurs) or self.indicateurs, **kw)

    @property
    def headers(self) -> list[str]:
        return list(self.display.columns)

    def display_rows(self) -> list[list[str]]:
        """Every cell as a person reads it (``12 345``, ``45,3 %``, ``31/12/2024``, « < 5 »)."""
        return [[cell_text(v) for v in r] for r in self.display.iter_rows()]

    def kind_of(self, export_column: str) -> str:
        """A column's format: declared, else read from its dtype."""
        if export_column in self.kinds:
            return self.kinds[export_column]
        dt = self.export.schema.get(export_column)
        if dt is None:
            return "texte"
        return ("entier" if dt.is_integer() else "decimal" if dt.is_float()
                else "date" if dt in (pl.Date, pl.Datetime) else "texte")

    def numeric(self) -> list[bool]:
        """Per displayed column: a number (right-aligned in documents)."""
        names = (self.export.columns if self.export.width == self.display.width
                 else self.display.columns)
        return [self.kind_of(n) != "texte" for n in names]

    def export_rows(self) -> list[list[Any]]:
        """The export's rows, a masked cell (empty in ``export``) carrying its display text
        (« < 5 », « secret statistique »), as every file writes it."""
        exp, disp = self.export, self.display
        if exp.width != disp.width:
            return [list(r) for r in exp.iter_rows()]
        return [[d if (e is None and isinstance(d, str) and d not in ("", "–")) else e
                 for e, d in zip(r_exp, r_disp, strict=False)]
                for r_exp, r_disp in zip(exp.iter_rows(), disp.iter_rows(), strict=False)]


def cell_text(value: Any, kind: str = "texte") -> str:
    """One cell as a person reads it, in its column's format (:data:`FORMATS`)."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, (date, datetime)):
        return fr_date(value)
    if kind in FORMATS and not isinstance(value, bool):
        return FORMATS[kind].value(value)
    return str(value)


def _export_column(values: list[Any], kind: str) -> tuple[list[Any], pl.DataType]:
    """A column's export cells and dtype: numbers rounded as on screen in its format (a masked
    text becomes empty: :meth:`Table.export_rows` gives it back), else the values as they are."""
    f = FORMATS.get(kind)
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if nums:
        out = [(f.export(v) if f else v) if isinstance(v, (int, float)) and not isinstance(v, bool)
               else None for v in values]
        whole = f.whole if f else all(isinstance(v, int) for v in nums)
        return out, pl.Int64 if whole else pl.Float64
    if kind == "date" or any(isinstance(v, (date, datetime)) for v in values):
        if all(v is None or isinstance(v, (date, datetime)) for v in values):
            return values, pl.Date
    return [None if v is None else v if isinstance(v, str) else cell_text(v, kind)
            for v in values], pl.Utf8


def rows_table(titre: str, columns: Sequence[tuple[str, str] | str], rows: Sequence[Sequence[Any]],
               note: str | None = "", indicateurs: Sequence[str] = ()) -> Table:
    """A :class:`Table` from rows of raw values or masking texts; ``columns``: ``(name, kind)``
    (kind: a registry format, ``texte`` or ``date``) or a bare name (``texte``)."""
    cols = [(c, "texte") if isinstance(c, str) else c for c in columns]
    names = [n for n, _ in cols]
    disp: dict[str, list[str]] = {}
    exp: dict[str, list[Any]] = {}
    schema: dict[str, pl.DataType] = {}
    kinds: dict[str, str] = {}
    for j, (name, kind) in enumerate(cols):
        values = [r[j] if j < len(r) else None for r in rows]
        disp[name] = [cell_text(v, kind) for v in values]
        head = FORMATS[kind].header(name) if kind in FORMATS else name
        exp[head], schema[head] = _export_column(values, kind)
        kinds[head] = kind
    if len(set(names)) != len(names) or len(set(exp)) != len(exp):
        raise ValueError(f"Colonnes en double dans le tableau « {titre} » : {names}")
    return Table(pl.DataFrame(disp, schema={n: pl.Utf8 for n in disp}),
                 pl.DataFrame(exp, schema=schema, strict=False), note or "", kinds, titre,
                 tuple(indicateurs))


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
    """CSV of a page's table (see :func:`write_csv`), its note (secret statistique, « – »,
    windows) after an empty line under it, as the XLSX writes it."""
    rows = table.export_rows()
    if table.note:
        rows = [*rows, [], [table.note]]
    return write_csv(table.export.columns, rows, entete)
