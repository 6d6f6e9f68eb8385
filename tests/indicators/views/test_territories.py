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
    # BLO's 6 foyers: hidden as the MDCS table hides them (complementary: 9 − 6 would give
    # Vendôme's 3); the département exact
    assert t.display.row(0)[1:] == ("secret statistique", "9")


def test_canton_rows_add_up_to_the_departement_with_the_undetermined_canton():
    """A foyer of Blois (split commune) without canton_code counts in « Canton non déterminé »:
    the rows of the cantons add up to the département, and the unit can be chosen."""
    from dataclasses import replace

    from tests.indicators.builders import REF, SETTINGS, droit, extraction, foyer

    exact = replace(SETTINGS, perturbation=False)  # the sums checked exactly: no cell-key noise
    ext = extraction(date(2024, 12, 31),
                     foyer=[foyer(f"F{i}", "41018" if i <= 5 else "41269") for i in range(1, 12)],
                     droit=[droit(f"D{i}", f"F{i}", "2024-01-01") for i in range(1, 12)])
    t = views.territory_comparison(ctx(ext, date(2024, 1, 1), date(2024, 12, 31), settings=exact),
                                   ["foyers_beneficiaires"], "canton")
    names = t.display["Territoire"].to_list()
    assert names[-2:] == ["Canton non déterminé", "Loir-et-Cher (département)"]
    values = t.export[t.export.columns[-1]].to_list()
    assert sum(values[:-1]) == values[-1] == 11  # 5 in Blois without canton + 6 in Vendôme
    assert values[-2] == 5
    assert REF.parse_territoire("canton:ND").code == "ND"
    nd = views.masked_values(ctx(ext, date(2024, 1, 1), date(2024, 12, 31), "canton:ND",
                                 settings=exact),
                             ["foyers_beneficiaires"])
    assert nd["foyers_beneficiaires"] == (5.0, False, False)
