"""Tables for people: a small typed table model, French display, CSV for Excel France and XLSX.

A :class:`TableData` holds *already masked* values (a masked count is the text « < 5 », a masked
rate « secret statistique »): nothing here decides the secret statistique, it only writes what it
is given. CSV: UTF-8 with BOM, ``;`` separator, decimal comma, no thousands separator, so that
Excel in France reads numbers as numbers. XLSX: bold coloured header, French number formats
(thousands, percent, dd/mm/yyyy), frozen header, a « Définitions » sheet from the registry.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import polars as pl
from slugify import slugify

from data.plan import DEFAULT as DEFAULT_PLAN
from indicators.formatting import FORMATS, fr_date
from indicators.views.tables import Table, write_csv

Kind = Literal["texte", "entier", "pourcentage", "decimal", "jours", "euros", "date"]
# Registry ``format`` → column kind.
KIND_OF_FORMAT: dict[str, Kind] = {"entier": "entier", "pourcentage": "pourcentage",
                                   "jours": "jours", "euros": "euros", "decimal": "decimal"}
# Format codes are stored in Excel's invariant syntax; French Excel shows ``12 345,6``; one per
# registry format (indicators.formatting.FORMATS), and dates.
XLSX_FORMATS: dict[str, str] = {**{k: f.xlsx for k, f in FORMATS.items()}, "date": "dd/mm/yyyy"}


def slug(text: str, sep: str = "_") -> str:
    """The one file-name slug of the project (python-slugify: accents transliterated, not
    dropped): « Fiche MDCS Vendôme » → ``fiche_mdcs_vendome``."""
    return slugify(text or "", separator=sep, max_length=80, word_boundary=True) or "donnees"


def from_view(table: Table, titre: str = "") -> TableData:
    """A page's :class:`~indicators.views.Table` as a :class:`TableData` for the XLSX writer:
    a rate column (kind ``pourcentage``, exported in percent) back to a fraction so that Excel
    shows « 76,9 % » with a percent format, a count as an integer, masked cells as their text."""
    kinds = dict(table.kinds)
    for name, dt in table.export.schema.items():  # columns a view did not declare
        if name not in kinds:
            kinds[name] = ("entier" if dt.is_integer() else "decimal" if dt.is_float()
                           else "date" if dt in (pl.Date, pl.Datetime) else "texte")
    cols = [Column(n, kinds[n] if kinds[n] in KIND_OF_FORMAT or kinds[n] in ("date", "texte")
                   else "texte") for n in table.export.columns]
    rows = []
    for r in table.export_rows():
        out = []
        for v, c in zip(r, cols, strict=True):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if c.kind == "pourcentage":
                    v = v / 100
                elif c.kind == "entier":
                    v = int(round(v))
            out.append(v)
        rows.append(out)
    return TableData(titre, cols, rows, table.note or "")
HEADER_COLOUR = "#1F4E79"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "texte"


@dataclass
class TableData:
    """A titled table; ``rows`` hold raw Python values (or text for masked / special cells)."""
    titre: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    indicateurs: tuple[str, ...] = field(default=())  # registry ids shown (for the definitions)

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    def display_rows(self) -> list[list[str]]:
        """Every cell as French text (``12 345``, ``45,3 %``, ``31/12/2024``)."""
        return [[display(v, c.kind) for v, c in zip(r, self.columns, strict=False)] for r in self.rows]


def display(value: Any, kind: Kind) -> str:
    """One cell as a person reads it."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, (date, datetime)):
        return fr_date(value)
    if kind in FORMATS:  # the registry format's one way of writing a value
        return FORMATS[kind].value(float(value) if kind == "jours" else value)
    return str(value)


def from_frame(df: pl.DataFrame, titre: str = "", kinds: dict[str, Kind] | None = None,
               note: str = "") -> TableData:
    """A polars frame → :class:`TableData`; column kinds from ``kinds`` or the dtypes."""
    kinds = kinds or {}

    def guess(name: str, dt: pl.DataType) -> Kind:
        if name in kinds:
            return kinds[name]
        if dt.is_integer():
            return "entier"
        if dt.is_float():
            return "decimal"
        if dt in (pl.Date, pl.Datetime):
            return "date"
        return "texte"

    cols = [Column(n, guess(n, dt)) for n, dt in df.schema.items()]
    return TableData(titre, cols, [list(r) for r in df.iter_rows()], note)


# ---- CSV --------------------------------------------------------------------------------------
def _csv_cell(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (date, datetime)):
        return fr_date(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if kind in FORMATS:  # rounded as on screen: a rate in percent, a count as an integer
        value = FORMATS[kind].export(value)
    if isinstance(value, float):
        if value.is_integer() and kind in ("entier", "euros"):
            return str(int(value))
        return repr(round(value, 6)).replace(".", ",")
    return str(value)


def csv_headers(t: TableData) -> list[str]:
    return [f"{c.name} (%)" if c.kind == "pourcentage" else c.name for c in t.columns]


def to_csv(t: TableData, entete: Sequence[str] = ()) -> bytes:
    """CSV for Excel France (:func:`indicators.views.tables.write_csv`); rates written in percent
    (``45,3``) under a header suffixed « (%) »."""
    return write_csv(csv_headers(t), [[_csv_cell(v, c.kind) for v, c in zip(r, t.columns, strict=False)]
                                      for r in t.rows], entete)


# ---- XLSX -------------------------------------------------------------------------------------
def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28].strip() or "Tableau"
    name, i = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {i}"
        i += 1
    used.add(name.lower())
    return name


def definitions_rows(ids: Iterable[str] | None = None, plan=DEFAULT_PLAN) -> list[list[str]]:
    """``[label, définition, unité, tables sources, fiche action]`` of the registry's indicators
    (the fiches of ``plan``: the configured one; ``None``: no plan configured)."""
    from indicators.engine import REGISTRY  # registers the indicators

    chosen = list(ids) if ids else list(REGISTRY)
    out = []
    for i in chosen:
        ind = REGISTRY.get(i)
        if ind is not None:
            out.append([ind.label, ind.definition, ind.unit, ", ".join(ind.tables),
                        ind.fiches_text(plan)])
    return out


def to_xlsx(tables: TableData | Sequence[TableData], definitions: Iterable[str] | None = None,
            entete: Sequence[str] = ()) -> bytes:
    """One sheet per table (``entete`` lines above it: title, period, territory, source), then a
    « Définitions » sheet of the indicators ``definitions`` (default: the tables' indicators, or
    the whole registry when none is named)."""
    import xlsxwriter

    tables = [tables] if isinstance(tables, TableData) else list(tables)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "default_date_format": "dd/mm/yyyy"})
    head = wb.add_format({"bold": True, "font_color": "white", "bg_color": HEADER_COLOUR,
                          "text_wrap": True, "valign": "top", "border": 1})
    title_fmt = wb.add_format({"bold": True, "font_size": 13})
    small = wb.add_format({"italic": True, "font_color": "#555555"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    right = wb.add_format({"align": "right"})
    num = {k: wb.add_format({"num_format": f}) for k, f in XLSX_FORMATS.items()}
    used: set[str] = {"définitions"}
    for t in tables:
        ws = wb.add_worksheet(_sheet_name(t.titre, used))
        r0 = 0
        if t.titre:
            ws.write(r0, 0, t.titre, title_fmt)
            r0 += 1
        for line in entete:
            ws.write(r0, 0, line, small)
            r0 += 1
        if r0:
            r0 += 1
        for j, c in enumerate(t.columns):
            ws.write(r0, j, c.name, head)
            width = max([len(c.name)] + [len(display(r[j], c.kind)) for r in t.rows[:200]])
            ws.set_column(j, j, min(max(10, width + 2), 60))
        for i, row in enumerate(t.rows, start=r0 + 1):
            for j, (v, c) in enumerate(zip(row, t.columns, strict=False)):
                if v is None:
                    ws.write_blank(i, j, None)
                elif isinstance(v, str):
                    ws.write_string(i, j, v, right if c.kind != "texte" else None)
                elif isinstance(v, (date, datetime)):
                    ws.write_datetime(i, j, datetime(v.year, v.month, v.day), num["date"])
                elif isinstance(v, bool):
                    ws.write_string(i, j, "oui" if v else "non")
                elif isinstance(v, (int, float)):
                    ws.write_number(i, j, v, num.get(c.kind))
                else:
                    ws.write(i, j, str(v))
        ws.freeze_panes(r0 + 1, 0)
        if t.note:
            ws.write(r0 + len(t.rows) + 2, 0, t.note, small)
    ids = list(definitions) if definitions is not None else \
        list(dict.fromkeys(i for t in tables for i in t.indicateurs))
    ws = wb.add_worksheet("Définitions")
    heads = ["Indicateur", "Définition", "Unité", "Tables sources", "Fiche action du PDI"]
    for j, (h, w) in enumerate(zip(heads, (38, 80, 12, 24, 50), strict=False)):
        ws.write(0, j, h, head)
        ws.set_column(j, j, w, wrap)
    for i, row in enumerate(definitions_rows(ids or None), start=1):
        ws.write_row(i, 0, row, wrap)
    ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()
