"""Territory tables: every unit of a level beside the département (masked per unit), and a
territory's profile beside the département's."""
from __future__ import annotations

from datetime import date

from indicators import views
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import DAY, tiny


def test_territory_comparison_masks_each_unit_but_not_the_departement():
    t = views.territory_comparison(ctx(tiny(), date(2024, 1, 1), DAY), ["foyers_beneficiaires"],
                                   "mdcs")
    shown = dict(zip(t.display["Territoire"].to_list(), t.display[t.display.columns[-1]].to_list(),
                     strict=True))
    # Vendôme (3 foyers) is masked; Blois too (complementary suppression: 9 − 6 would give 3)
    assert shown == {"Blois Agglomération": "secret statistique", "Vendôme": "< 5",
                     "Nord-Loire – Pays de Chambord": "0", "Romorantin-Lanthenay": "0",
                     "Sud-Loire": "0", "Loir-et-Cher (département)": "9"}
    exported = dict(zip(t.export["Code"].to_list(), t.export[t.export.columns[-1]].to_list(),
                        strict=True))
    assert exported["VEN"] is None and exported["BLO"] is None and exported["41"] == 9


def test_territory_profile_beside_the_departement():
    t = views.territory_profile(ctx(tiny(), date(2024, 1, 1), DAY, "mdcs:BLO"),
                                ["foyers_beneficiaires"])
    assert t.display.columns[1:] == ["Blois Agglomération", "Loir-et-Cher (département)"]
    assert t.display.row(0)[1:] == ("6", "9")
