"""Blocks about the units below the pack's territory: a table and a chart per indicator, and
the key indicators side by side per unit."""
from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from data.referentiel import INCONNU, Referentiel
from indicators.coverage import undefined_note
from indicators.labels import code_label
from indicators.registry import REGISTRY
from indicators.views.tables import Table, rows_table
from reports import figures
from reports.content.cells import cell, effectif_cell, kind_of, row_cells, secret_note, value_text
from reports.content.compute import PackData
from reports.content.model import Chart, PackMeta


def _units_rows(i: str, d: PackData, ref: Referentiel, meta: PackMeta) -> tuple[str, list[dict]]:
    sub = ref.sub_level(meta.territoire.niveau)
    names = ref.unit_names(sub)
    df = d.units[i]
    rows = []
    for r in df.to_dicts():
        code = r.get(sub)
        if code == INCONNU and r.get("masque") is False and not r.get("valeur"):
            continue
        rows.append({**r, "nom": names.get(code, code_label(sub, code))})
    # every unit of the level inside the territory appears, even with no row (a count of 0)
    return sub, sorted(rows, key=lambda r: r["nom"])


def units_table(i: str, d: PackData, ref: Referentiel, meta: PackMeta,
                 rows: list[dict] | None = None) -> Table:
    ind = REGISTRY[i]
    sub, found = _units_rows(i, d, ref, meta)
    rows = found if rows is None else rows
    cols = [ref.libelle(sub), (ind.label, kind_of(ind))]
    with_eff = ind.kind != "count"
    if with_eff:
        cols.append(("Effectif (dénominateur)", "entier"))
    trows = []
    for r in rows:
        row = [r["nom"], cell(r, ind, meta.seuil)]
        if with_eff:
            row.append(effectif_cell(r, meta.seuil))
        trows.append(row)
    return rows_table(f"{ind.label} {_per(ref, sub, meta)}", cols, trows,
                      _join(secret_note(meta), undefined_note(row_cells(i, rows))), (i,))


def _per(ref: Referentiel, sub: str, meta: PackMeta) -> str:
    if sub == "canton" and meta.territoire.niveau == ref.premier_niveau:
        return "par canton (partie dans le territoire)"
    return f"par {ref.nom_niveau(sub)}"


def units_chart(i: str, d: PackData, ref: Referentiel, meta: PackMeta) -> Chart:
    ind = REGISTRY[i]
    sub, rows = _units_rows(i, d, ref, meta)
    cur = d.cur[i]
    ens_v = None if cur.get("masque") else cur.get("valeur")
    ens = (ens_v, f"{meta.territoire_label} : {value_text(cur, ind, meta.seuil)}") \
        if ind.kind not in ("count", "sum") else None
    vals = [None if r.get("masque") else r.get("valeur") for r in rows]
    fig = figures.units_figure([r["nom"] for r in rows], vals, [bool(r.get("masque")) for r in rows],
                               ind, ens)
    fig.update_layout(height=max(420, 60 + 34 * len(rows)))
    table = units_table(i, d, ref, meta, rows)
    return Chart(table.titre, fig, table, _join(table.note, d.window_notes((i,))), i)


def units_key_table(ids: Sequence[str], d: PackData, ref: Referentiel, meta: PackMeta,
                     titre: str) -> Table:
    sub = ref.sub_level(meta.territoire.niveau)
    names = ref.unit_names(sub)
    codes: list[str] = []
    for i in ids:
        codes += [c for c in d.units[i][sub].to_list() if c not in codes]
    cols = [ref.libelle(sub)] + [(REGISTRY[i].label, kind_of(REGISTRY[i])) for i in ids]
    rows = []
    shown = []  # (indicator, value, masked) of every cell: the « – » notes
    for code in sorted(codes, key=lambda c: names.get(c, code_label(sub, c))):
        row: list = [names.get(code, code_label(sub, code))]
        for i in ids:
            hit = d.units[i].filter(pl.col(sub) == code)
            r = hit.row(0, named=True) if hit.height else {
                "valeur": 0 if REGISTRY[i].kind == "count" else None}
            row.append(cell(r, REGISTRY[i], meta.seuil))
            shown += row_cells(i, [r])
        rows.append(row)
    row = [meta.territoire_label]
    for i in ids:
        row.append(cell(d.cur[i], REGISTRY[i], meta.seuil))
        shown += row_cells(i, [d.cur[i]])
    rows.append(row)
    return rows_table(titre, cols, rows, _join(secret_note(meta), d.window_notes(ids),
                                               undefined_note(shown, labelled=True)), ids)


def _join(*notes: str | None) -> str:
    return " ".join(n for n in notes if n)
