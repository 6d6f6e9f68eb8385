"""Blocks about indicators over time: the comparison table, the evolution chart, the profile
table by the indicator's first breakdown."""
from __future__ import annotations

from collections.abc import Sequence

from indicators.coverage import (
    joined_notes,
    labelled_note,
    recent_from,
    recent_note,
    undefined_note,
)
from indicators.formatting import fr_month_short, upper_first
from indicators.labels import code_label as dim_code_label
from indicators.labels import dim_label
from indicators.registry import REGISTRY
from indicators.secret import SECRET_LABEL, masked_text
from indicators.views.key_cards import SPARK_SECRET_NOTE, secondary_note
from indicators.views.tables import Table, rows_table
from reports import figures
from reports.content.benchmarks import cible_text, reference_of, targets
from reports.content.cells import cell, effectif_cell, evolution, kind_of, row_cells, value_text
from reports.content.compute import PackData
from reports.content.model import Chart, PackMeta
from settings import Settings


def comparison_table(ids: Sequence[str], d: PackData, settings: Settings, meta: PackMeta,
                      titre: str) -> Table:
    # pre-formatted text; the value columns are typed "decimal" to be right-aligned
    cols = ["Indicateur", (upper_first(meta.periode.libelle), "decimal"),
            (upper_first(meta.comparaison.libelle), "decimal"), ("Évolution", "decimal"),
            "Cible / référence"]
    rows = []
    for i in ids:
        ind = REGISTRY[i]
        cur, prev = d.cur[i], d.prev[i]
        v = None if cur.get("masque") else cur.get("valeur")
        pv = None if prev.get("masque") else prev.get("valeur")
        rows.append([ind.label, value_text(cur, ind, meta.seuil), value_text(prev, ind, meta.seuil),
                     evolution(v, pv, ind)[0], cible_text(settings, ind) or "–"])
    # the windows that differ from the period's (a source that stops earlier, recent délais)
    undefined = undefined_note([c for i in ids for c in row_cells(i, (d.cur[i], d.prev[i]))],
                               labelled=True)
    # a figure hidden in complement (its level's pattern): why, as under its card
    secondary = " ".join(labelled_note(i, secondary_note(True)) for i in ids
                         if d.cur[i].get("masque_secondaire") or d.prev[i].get("masque_secondaire"))
    return rows_table(titre, cols, rows,
                      note=joined_notes(d.window_notes(ids), secondary, undefined) or "",
                      indicateurs=ids)


def series_chart(i: str, d: PackData, settings: Settings, meta: PackMeta) -> Chart:
    ind = REGISTRY[i]
    s = d.series[i]
    mois = s["mois"].to_list()
    rows = s.to_dicts()
    vals = [None if r.get("masque") else r.get("valeur") for r in rows]
    t = targets(settings).get(i)
    recent = recent_from(i, meta.date_extraction, settings.objectifs)
    fig = figures.series_figure(mois, vals, ind, cible=(t[0], t[1]) if t and t[0] else None,
                                reference=reference_of(settings, ind), step=d.step,
                                masques=[bool(r.get("masque")) for r in rows],
                                masked_text=(SECRET_LABEL if d.no_trend
                                             else masked_text(i, meta.seuil)),
                                recent_from=recent)
    first = "Mois" if d.step == "mois" else "Année"
    table = rows_table(f"{ind.label} — évolution", [first, (ind.label, kind_of(ind))],
                       [[fr_month_short(m) if d.step == "mois" else str(m.year),
                         cell(r, ind, meta.seuil)] for m, r in zip(mois, rows, strict=False)],
                       indicateurs=(i,))
    n_masked = sum(bool(r.get("masque")) for r in rows)
    note = (SPARK_SECRET_NOTE if d.no_trend else
            f"{n_masked} valeur(s) non affichée(s) : secret statistique (moins de {meta.seuil})."
            if n_masked else "")
    if d.step == "mois" and recent is not None and any(m >= recent for m in mois):
        said = recent_note(recent)
        note = " ".join(p for p in (note, f"{said[0].upper()}{said[1:]}.") if p)
    note = joined_notes(note, undefined_note(row_cells(i, rows))) or ""
    when = "par mois" if d.step == "mois" else "par année"
    return Chart(f"{ind.label} — évolution {when}", fig, table.titled(table.titre, note=note), note,
                 i)


def profile_table(i: str, d: PackData, meta: PackMeta) -> Table | None:
    if i not in d.profile:
        return None
    ind = REGISTRY[i]
    dim, df = d.profile[i]
    if not df.height:
        return None
    cols = [dim_label(dim), (ind.label, kind_of(ind))]
    with_eff = ind.kind != "count"
    if with_eff:
        cols.append(("Effectif (dénominateur)", "entier"))
    rows = []
    for r in df.to_dicts():
        row = [dim_code_label(dim, r.get(dim)), cell(r, ind, meta.seuil)]
        if with_eff:
            row.append(effectif_cell(r, meta.seuil))
        rows.append(row)
    return rows_table(f"{ind.label} par {dim_label(dim).lower()}", cols, rows,
                      note=undefined_note(row_cells(i, df.to_dicts())) or "", indicateurs=(i,))
