"""Files of tables for people: the XLSX writer of every table (:class:`indicators.views.Table`,
pages and packs alike) and the project's file-name slug; the CSV writer is
:func:`indicators.views.tables.table_csv`.

XLSX: bold coloured header, French number formats (thousands, percent, dd/mm/yyyy) from
:class:`indicators.formatting.Format`, frozen header, a « Définitions » sheet from the registry.
A rate (exported in percent) is stored as a fraction under a percent format, so that Excel shows
« 76,9 % »; a masked cell holds its text (« < 5 », « secret statistique »).
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from slugify import slugify

from data.plan import DEFAULT as DEFAULT_PLAN
from indicators.formatting import FORMATS
from indicators.views.tables import Table

# Format codes are stored in Excel's invariant syntax; French Excel shows ``12 345,6``; one per
# registry format (indicators.formatting.FORMATS), and dates.
XLSX_FORMATS: dict[str, str] = {**{k: f.xlsx for k, f in FORMATS.items()}, "date": "dd/mm/yyyy"}
HEADER_COLOUR = "#1F4E79"


def slug(text: str, sep: str = "_") -> str:
    """The one file-name slug of the project (python-slugify: accents transliterated, not
    dropped): « Fiche MDCS Vendôme » → ``fiche_mdcs_vendome``."""
    return slugify(text or "", separator=sep, max_length=80, word_boundary=True) or "donnees"


def _xlsx_rows(table: Table) -> tuple[list[str], list[list]]:
    """The kinds of the export's columns and its rows as XLSX cells: a rate back to a fraction
    (percent number format), a count as an integer, masked cells as their text."""
    kinds = [table.kind_of(n) for n in table.export.columns]
    rows = []
    for r in table.export_rows():
        out = []
        for v, k in zip(r, kinds, strict=True):
            f = FORMATS.get(k)
            if f is not None and isinstance(v, (int, float)) and not isinstance(v, bool):
                v = v / f.scale if f.is_rate else int(round(v)) if f.whole else v
            out.append(v)
        rows.append(out)
    return kinds, rows


def _sheet_name(title: str, used: set[str]) -> str:
    # Excel refuses a sheet name that starts or ends with an apostrophe (« … Prioriser l' »)
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28].strip().strip("'").strip() \
        or "Tableau"
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


def to_xlsx(tables: Table | Sequence[Table], definitions: Iterable[str] | None = None,
            entete: Sequence[str] = ()) -> bytes:
    """One sheet per table (``entete`` lines above it: title, period, territory, source), then a
    « Définitions » sheet of the indicators ``definitions`` (default: the tables' indicators, or
    the whole registry when none is named)."""
    import xlsxwriter

    tables = [tables] if isinstance(tables, Table) else list(tables)
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
        kinds, rows = _xlsx_rows(t)
        shown = t.display_rows() if t.display.width == t.export.width else None
        for j, name in enumerate(t.export.columns):
            ws.write(r0, j, name, head)
            width = max([len(name)] + [len(r[j]) for r in (shown or [])[:200]])
            ws.set_column(j, j, min(max(10, width + 2), 60))
        for i, row in enumerate(rows, start=r0 + 1):
            for j, (v, k) in enumerate(zip(row, kinds, strict=False)):
                if v is None:
                    ws.write_blank(i, j, None)
                elif isinstance(v, str):
                    ws.write_string(i, j, v, right if k != "texte" else None)
                elif isinstance(v, (date, datetime)):
                    ws.write_datetime(i, j, datetime(v.year, v.month, v.day), num["date"])
                elif isinstance(v, bool):
                    ws.write_string(i, j, "oui" if v else "non")
                elif isinstance(v, (int, float)):
                    ws.write_number(i, j, v, num.get(k))
                else:
                    ws.write(i, j, str(v))
        ws.freeze_panes(r0 + 1, 0)
        if t.note:
            ws.write(r0 + len(rows) + 2, 0, t.note, small)
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
