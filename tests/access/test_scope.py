"""The scope object: every unit of every level checked against the communes it holds, for every
MDCS, every canton and a few communes; département only for the whole-département roles."""
from __future__ import annotations

import polars as pl
import pytest

from access.scope import HorsPerimetre, build_scope, whole_scope
from data.referentiel import Territoire, load_referentiel
from indicators.views import Table


@pytest.fixture(scope="module")
def ref():
    return load_referentiel()


def communes_of(ref, niveau, code):
    c = ref.communes
    if niveau == "mdcs":
        return set(c.filter(pl.col("mdcs_code") == code)["code_insee"].to_list())
    if niveau == "epci":
        return set(c.filter(pl.col("epci_siren") == code)["code_insee"].to_list())
    if niveau == "canton":
        return set(c.filter(pl.col("cantons_2015").list.contains(code))["code_insee"].to_list())
    return {code}


def test_whole_roles_see_everything(ref):
    for role in ("direction", "agent_habilite"):
        s = whole_scope(ref, role)
        assert s.whole and s.allows(Territoire("departement", "41"))
        for n in ("mdcs", "canton", "epci", "commune"):
            assert s.codes(n) is None
            for code in ref.units(n)["code"].to_list():
                assert s.allows(Territoire(n, code))
        assert s.default() == Territoire("departement", "41")
        assert s.mdcs(ref) == ref.units("mdcs")["code"].to_list()


@pytest.mark.parametrize("niveau", ["mdcs", "canton"])
def test_every_unit_scope_holds_exactly_what_lies_in_it(ref, niveau):
    for code in ref.units(niveau)["code"].to_list():
        s = build_scope(ref, "mdcs" if niveau == "mdcs" else "elu", [Territoire(niveau, code)])
        assert not s.whole
        assert not s.allows(Territoire("departement", "41"))
        assert s.allows(Territoire(niveau, code))
        assert s.default() == Territoire(niveau, code)
        mine = communes_of(ref, niveau, code)
        if niveau == "canton":  # a split commune lies in a canton only with all its cantons
            cantons = dict(zip(ref.communes["code_insee"].to_list(),
                               ref.communes["cantons_2015"].to_list(), strict=True))
            mine = {c for c in mine if set(cantons[c]) <= {code}}
        assert s.units["commune"] == mine
        for n in ("mdcs", "canton", "epci", "commune"):
            for other in ref.units(n)["code"].to_list():
                inside = communes_of(ref, n, other)
                expected = (n == niveau and other == code) or (bool(inside) and inside <= mine)
                assert s.allows(Territoire(n, other)) == expected, (niveau, code, n, other)


def test_canton_4104_sees_its_communes_not_4102(ref):
    s = build_scope(ref, "elu", [Territoire("canton", "4104")])
    assert s.allows(Territoire("canton", "4104"))
    assert not s.allows(Territoire("canton", "4102"))
    assert not s.allows(Territoire("mdcs", "BLO"))
    assert not s.allows(Territoire("commune", "41018"))  # Blois is split between cantons
    assert len(s.units["commune"]) == 9
    with pytest.raises(HorsPerimetre, match="hors de votre périmètre"):
        s.check(Territoire("canton", "4102"))
    assert s.levels(("departement", "mdcs", "canton", "epci", "commune")) == ["canton", "commune"]
    assert s.mdcs(ref) == []


def test_mdcs_scope_lists_its_mdcs_for_the_zip(ref):
    s = build_scope(ref, "mdcs", [Territoire("mdcs", "BLO"), Territoire("mdcs", "VEN")])
    assert s.mdcs(ref) == ["BLO", "VEN"]
    assert s.allows(Territoire("canton", "4102")) and not s.allows(Territoire("mdcs", "SUD"))


def test_tables_and_frames_are_cut_to_the_scope(ref):
    s = build_scope(ref, "elu", [Territoire("canton", "4104")])
    codes = ref.units("canton")["code"].to_list() + ["41"]
    t = Table(pl.DataFrame({"Territoire": codes}), pl.DataFrame({"Code": codes, "v": range(len(codes))}))
    cut = s.filter_table(t, "canton")
    assert cut.export["Code"].to_list() == ["4104", "41"]
    assert cut.display["Territoire"].to_list() == ["4104", "41"]
    df = pl.DataFrame({"code": codes})
    assert s.filter(df, "canton")["code"].to_list() == ["4104"]
    # a table without codes cannot be cut: it is emptied, never shown whole
    t2 = Table(pl.DataFrame({"x": [1]}), pl.DataFrame({"x": [1]}))
    assert s.filter_table(t2, "canton").export.height == 0
