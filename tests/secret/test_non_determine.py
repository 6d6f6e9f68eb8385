"""The records no canton holds (Blois / Le Controis-en-Sologne without ``canton_code``: the
« Canton non déterminé ») are part of the canton level's total. A small « non déterminé » is
hidden, and the canton hidden beside it to protect it must be hidden on the Carte too: a map
masked without the « non déterminé » row showed that canton, and the département minus the
shown cantons gave the small count back (seen on the demo: Vineuil, participants 2025)."""
from __future__ import annotations

from datetime import date

import polars as pl

from geo.layers import build_layer, comparison_table, territory_values
from indicators import views
from tests.indicators import builders as B

DAY = date(2026, 1, 31)
DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)
# canton code → number of foyers in the stock (communes wholly in one canton)
CANTONS = {"4114": ("41269", 40), "4101": ("41019", 30), "4106": ("41149", 25)}
ND = 3  # foyers of Blois without canton: fewer than the threshold (5)


def _extraction():
    foy, per, dr = [], [], []
    n = 0
    for commune, k in CANTONS.values():
        for _ in range(k):
            foy.append(B.foyer(f"F{n}", commune))
            per.append(B.personne(f"P{n}", f"F{n}"))
            dr.append(B.droit(f"D{n}", f"F{n}", "2024-05-01"))
            n += 1
    for i in range(ND):
        foy.append(B.foyer(f"ND{i}", "41018"))
        per.append(B.personne(f"PND{i}", f"ND{i}"))
        dr.append(B.droit(f"DND{i}", f"ND{i}", "2024-05-01"))
    return B.extraction(DAY, foyer=foy, personne=per, droit=dr)


def _ctx():
    return B.ctx(_extraction(), DEBUT, FIN, None, B.SETTINGS)


def test_map_and_territoires_hide_the_same_cantons():
    ctx = _ctx()
    ind = "foyers_beneficiaires"
    t = views.territory_comparison(ctx, [ind], "canton")
    shown = dict(zip(t.display["Territoire"].to_list(), t.display[t.display.columns[-1]].to_list(),
                     strict=True))
    assert shown["Canton non déterminé"] == "< 5"
    hidden_terr = {n for n, v in shown.items() if v in ("< 5", "secret statistique")}
    assert len(hidden_terr) >= 2  # the « non déterminé » and one canton to protect it
    m = territory_values(ctx, ind, "canton")
    hidden_map = set(m.filter(pl.col("masque"))["nom"].to_list())
    assert hidden_map == hidden_terr - {"Canton non déterminé"}
    # nothing to subtract: the département minus the cantons shown on the map is no small count
    dep = m["valeur_departement"][0]
    rest = dep - m.filter(~pl.col("masque"))["valeur"].sum()
    assert rest >= B.SETTINGS.seuil_secret


def test_carte_comparison_lists_the_non_determine_row_last():
    layer = build_layer(_ctx(), "foyers_beneficiaires", "canton")
    assert "Canton non déterminé" not in layer.table["nom"].to_list()  # not drawn
    table = comparison_table(layer)
    names = table.display[table.display.columns[0]].to_list()
    assert names[-1] == "Canton non déterminé"
    row = table.display.row(len(names) - 1, named=True)
    assert row["Valeur"] == "secret statistique" and row["Rang"] == "–"
    assert table.export["Secret statistique"].to_list()[-1] is True
    # the ranks are those of the shown, drawn cantons only
    ranks = table.export["Rang"].to_list()
    assert len([r for r in ranks if r is not None]) == int((~layer.table["masque"]).sum())


def test_an_elus_map_has_no_non_determine_row():
    """The records no canton holds are outside every restricted scope: an elected official's
    scoped map lists no « Canton non déterminé » row (it would give a count outside the scope) and
    its comparison table ends with the scope's own cantons."""
    from access.scope import build_scope
    from data.referentiel import Territoire

    ctx = _ctx()
    layer = build_layer(ctx, "foyers_beneficiaires", "canton")
    assert layer.extra is not None and layer.extra.height == 1  # the département's map lists it
    scope = build_scope(ctx.ref, "elu", [Territoire("canton", "4114")])
    mine = scope.filter_layer(layer)
    assert mine.extra is None
    names = comparison_table(mine).display.to_series(0).to_list()
    assert "Canton non déterminé" not in names
    assert set(mine.table.filter(pl.col("valeur").is_not_null())["code"].to_list()) <= {"4114"}
