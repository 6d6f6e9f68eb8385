"""Territory tables: every unit of a level beside the département, a territory's profile."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from data.referentiel import SPECIAL_LABELS
from indicators.context import Ctx
from indicators.coverage import labelled_note, measured, undefined_note
from indicators.formatting import fmt, fr_number
from indicators.registry import REGISTRY
from indicators.views.availability import (
    level_and_departement,
    unavailable_reason,
    value_text,
)
from indicators.views.by_dimension import Breakdown
from indicators.views.key_cards import cards
from indicators.views.tables import Table


def territory_comparison(ctx: Ctx, ids: Sequence[str], niveau: str) -> Breakdown | Table:
    """Every unit of ``niveau`` side by side with the département, for ``ids`` (masked)."""
    dep = replace(ctx, territoire=replace(ctx.territoire, niveau="departement",
                                          code=ctx.ref.departement))
    ok = [i for i in ids if unavailable_reason(dep, i, (niveau,)) is None]
    on = {i: measured(dep, i) for i in ok}  # each figure on its cards' window (recent délais…)
    windows: dict[tuple, list[str]] = {}
    for i in ok:
        windows.setdefault((on[i][0].debut, on[i][0].fin_demande), []).append(i)
    level, totals = {}, {}  # the level's one computation (maps, packs and cards read it too)
    for same in windows.values():
        got = level_and_departement(on[same[0]][0], same, niveau)
        level.update(got[0])
        totals.update(got[1])
    units = ctx.ref.units(niveau)
    seuil = ctx.settings.seuil_secret
    base = units.select("code", "nom", pl.col("population").cast(pl.Int64))
    # records no unit holds (canton « non déterminé » of the split communes, unknown commune)
    # are listed after the units so that the rows add up to the département
    known = set(base["code"].to_list())
    extra = sorted({c for i in ok for c in level[i].raw[niveau].cast(pl.Utf8).to_list()
                    if c is not None and c not in known and c in SPECIAL_LABELS})
    if extra:
        base = pl.concat([base, pl.DataFrame({"code": extra, "nom": [SPECIAL_LABELS[c] for c in extra],
                                              "population": [None] * len(extra)},
                                             schema=base.schema)])
    disp = {"Territoire": base["nom"].to_list() + [f"{ctx.ref.departement_nom} (département)"],
            "Population": [fr_number(p) if p is not None else "–" for p in base["population"].to_list()]
            + [fr_number(int(base["population"].sum()))]}
    exp = {"Code": base["code"].to_list() + [ctx.ref.departement],
           "Territoire": disp["Territoire"],
           "Population": base["population"].to_list() + [int(base["population"].sum())]}
    kinds: dict[str, str] = {"Population": "entier"}
    shown = []  # (indicator, value, masked) of every cell: the « – » notes
    for i in ok:
        ind = REGISTRY[i]
        by_unit = level[i].masked
        total = totals[i]
        lookup = {r[niveau]: r for r in by_unit.rows(named=True)}
        vals, masked, second = [], [], []
        for code in base["code"].to_list():
            r = lookup.get(code)
            if r is None:
                vals.append(0.0 if ind.kind in ("count", "sum") else None)
                masked.append(False)
                second.append(False)
            else:
                vals.append(r["valeur"])
                masked.append(bool(r["masque"]))
                second.append(bool(r.get("masque_secondaire")))
        tv = total["valeur"][0] if total.height else None
        vals.append(tv)
        masked.append(False)
        second.append(False)
        disp[ind.label] = [value_text(i, v, m, seuil, s2)
                           for v, m, s2 in zip(vals, masked, second, strict=False)]
        shown += [(i, v, m) for v, m in zip(vals, masked, strict=True)]
        f = fmt(ind.format)
        col = f.header(ind.label)
        exp[col] = [f.export(v) for v in vals]
        kinds[col] = ind.format
    missing = [i for i in ids if i not in ok]
    notes = [labelled_note(i, on[i][1].note) for i in ok if on[i][1].note]
    notes += [unavailable_reason(dep, i, (niveau,)) or "" for i in missing]
    notes.append(undefined_note(shown, labelled=True) or "")
    note = " ".join(n for n in notes if n) or None
    return Table(pl.DataFrame(disp, schema={k: pl.Utf8 for k in disp}),
                 pl.DataFrame(exp, strict=False), note, kinds)


def territory_profile(ctx: Ctx, ids: Sequence[str]) -> Table:
    """The territory's value of each indicator beside the département's."""
    dep = replace(ctx, territoire=replace(ctx.territoire, niveau="departement",
                                          code=ctx.ref.departement))
    here = cards(ctx, None, ids, sparkline=False)
    there = cards(dep, None, ids, sparkline=False)
    name = ctx.ref.label(ctx.territoire.niveau, ctx.territoire.code)
    disp = {"Indicateur": [REGISTRY[c.id].label if c.id in REGISTRY else c.label for c in here],
            name: [c.text for c in here],
            f"{ctx.ref.departement_nom} (département)": [c.text for c in there]}
    exp = {"Indicateur": disp["Indicateur"],
           name: [c.value for c in here], "Département": [c.value for c in there]}
    note = " ".join(labelled_note(c.id, c.note) for c in here if c.note) or None
    return Table(pl.DataFrame(disp), pl.DataFrame(exp, strict=False), note)

