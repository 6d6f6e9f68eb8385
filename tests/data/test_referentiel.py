import pytest

from data.referentiel import UnknownTerritory, load_referentiel


def test_referentiel_counts_and_population():
    ref = load_referentiel()
    assert ref.communes.height == 267
    assert ref.units("canton").height == 15
    assert ref.units("mdcs").height == 5
    assert ref.units("epci").height == 12
    assert ref.units("departement")["population"][0] == 328543
    # canton populations include the estimated fractions of the two split communes
    assert ref.units("canton")["population"].sum() == 328543
    mdcs = dict(ref.units("mdcs").select("code", "population").iter_rows())
    assert mdcs == {"BLO": 91991, "VEN": 67208, "NLC": 59555, "ROM": 62917, "SUD": 46872}



def test_unit_names():
    ref = load_referentiel()
    names = ref.unit_names("mdcs")
    assert set(names) == {"BLO", "VEN", "NLC", "ROM", "SUD"} and names["VEN"] == "Vendôme"
    assert ref.unit_names("commune")["41269"] == "Vendôme"
    assert len(ref.unit_names("canton")) == 15

def test_split_communes():
    assert load_referentiel().split_communes == {"41018": ["4102", "4103", "4104", "4115"],
                                                "41059": ["4104", "4107"]}


def test_territory_keys():
    ref = load_referentiel()
    assert ref.parse_territoire("mdcs:BLO").code == "BLO"
    assert ref.parse_territoire(None).key == "departement:41"
    for bad, needle in [("canton:9999", "9999"), ("departement:45", "45"), ("pays:FR", "invalide")]:
        with pytest.raises(UnknownTerritory, match=needle):
            ref.parse_territoire(bad)
    assert "Agglopolys" in ref.label("epci", "200030385") and "''" not in ref.label("epci", "200030385")
