"""Polygons of every level: counts, coverage of the département (no gap, no overlap, area check in
Lambert-93), one polygon per unit of the référentiel, split communes, compact GeoJSON."""
from __future__ import annotations

import json

import pytest
import shapely

from data.referentiel import load_referentiel
from geo import geometry as G

REF = load_referentiel()
EXPECTED = {"commune": 267, "canton": 15, "mdcs": 5, "epci": 12, "departement": 1}


def area_km2(gdf) -> list[float]:
    return (gdf.to_crs(G.LAMBERT93).area / 1e6).tolist()


@pytest.mark.parametrize("niveau,n", EXPECTED.items())
def test_unit_counts_and_codes_match_the_referentiel(niveau, n):
    g = G.level_geometries(niveau)
    assert len(g) == n
    assert g["code"].tolist() == REF.units(niveau)["code"].to_list()
    assert g.geometry.is_valid.all()
    assert not g.geometry.is_empty.any()


def test_every_commune_of_the_referentiel_has_its_polygon():
    g = G.level_geometries("commune", "fin")
    assert set(g["code"]) == set(REF.communes["code_insee"].to_list())
    # "fin" keeps the source polygons, commune by commune (the split communes are re-assembled
    # from their pieces, snapped to the source's 1e-6° grid: differences of a few m² only)
    src = G.communes_source().set_index("code_insee")
    for code, geom in zip(g["code"], g.geometry, strict=True):
        ref = src.geometry[code]
        assert geom.symmetric_difference(ref).area / ref.area < 1e-5, code


@pytest.mark.parametrize("detail", ["fin", "moyen", "vignette"])
@pytest.mark.parametrize("niveau", ["commune", "canton", "mdcs", "epci"])
def test_units_cover_the_departement_without_gap_or_overlap(niveau, detail):
    g = G.level_geometries(niveau, detail)
    dep = G.level_geometries("departement", detail).to_crs(G.LAMBERT93).geometry.iloc[0]
    areas = area_km2(g)
    union = shapely.union_all(g.to_crs(G.LAMBERT93).geometry.values)
    # no overlap: the areas add up to the area of their union; no gap: the union is the
    # département, a single polygon without hole
    assert sum(areas) == pytest.approx(union.area / 1e6, abs=0.01)
    assert union.symmetric_difference(dep).area / 1e6 < 0.01
    assert dep.geom_type == "Polygon" and len(dep.interiors) == 0
    assert shapely.coverage_is_valid(g.geometry.values)


def test_departement_area_is_the_sources():
    # README of the référentiel: the union of the communes is ~6 412 km² in Lambert-93
    (a,) = area_km2(G.level_geometries("departement", "fin"))
    assert a == pytest.approx(6411.78, abs=0.05)
    # simplification moves borders, not the total area (< 0.1 %)
    (b,) = area_km2(G.level_geometries("departement", "moyen"))
    assert abs(b - a) / a < 1e-3


def test_mdcs_areas_sum_to_the_departement():
    m = area_km2(G.level_geometries("mdcs", "fin"))
    (d,) = area_km2(G.level_geometries("departement", "fin"))
    assert len(m) == 5 and sum(m) == pytest.approx(d, rel=1e-6)


def test_split_communes_follow_the_canton_layer():
    cantons = G.level_geometries("canton", "fin").set_index("code").to_crs(G.LAMBERT93)
    layer = G._canton_layer(REF).set_index("canton_code").to_crs(G.LAMBERT93)
    for code in cantons.index:  # same polygons as cantons_41_from_communes.geojson
        a, b = cantons.geometry[code], layer.geometry[code]
        assert a.symmetric_difference(b).area / b.area < 1e-4, code
    # Blois-1 is a part of Blois only; Le Controis-en-Sologne lies in Blois-3 and Montrichard
    blois = G.level_geometries("commune", "fin").set_index("code").to_crs(G.LAMBERT93).geometry
    assert cantons.geometry["4102"].difference(blois["41018"]).area < 1.0
    pieces = G.pieces()
    assert sorted(pieces[pieces.code_insee == "41059"].canton.unique()) == ["4104", "4107"]
    assert sorted(pieces[pieces.code_insee == "41018"].canton.unique()) == [
        "4102", "4103", "4104", "4115"]


def test_mdcs_assignment_of_the_split_cantons():
    # Le Controis-en-Sologne (in canton Blois-3) belongs to MDCS Sud-Loire, Blois to BLO
    mdcs = G.level_geometries("mdcs", "fin").set_index("code").geometry
    com = G.level_geometries("commune", "fin").set_index("code").geometry
    assert mdcs["SUD"].contains(com["41059"].representative_point())
    assert mdcs["BLO"].contains(com["41018"].representative_point())


def test_mdcs_borders_lie_on_commune_borders():
    lines = G.first_level_boundaries("moyen")
    communes = shapely.union_all(G.level_geometries("commune", "moyen").boundary.values)
    assert lines.difference(communes.buffer(1e-7)).length < 1e-9


def test_geojson_of_the_267_communes_is_under_1_mb():
    size = G.geojson_size("commune")
    assert size < 1_000_000
    gj = G.geojson(G.level_geometries("commune", "vignette"), ["code", "nom"], 3)
    assert len(gj["features"]) == 267
    assert json.dumps(gj)  # serialisable (no numpy scalar left)
    assert {f["id"] for f in gj["features"]} == set(REF.communes["code_insee"].to_list())


def test_lighter_details_are_lighter():
    sizes = [G.geojson_size("commune", d) for d in ("fin", "moyen", "vignette")]
    assert sizes[0] > sizes[1] > sizes[2]


def test_chefs_lieux_inside_their_commune():
    com = G.level_geometries("commune", "fin").set_index("code").geometry
    cl = G.chefs_lieux()
    assert cl["nom"].to_list() == ["Blois", "Vendôme", "Romorantin-Lanthenay"]
    for r in cl.iter_rows(named=True):
        assert com[r["code"]].contains(shapely.Point(r["lon"], r["lat"]))


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        G.level_geometries("region")


def test_a_copy_of_the_referentiel_hits_the_geometry_caches():
    """A map layer unpickled from Streamlit's data cache carries a copy of the référentiel: its
    polygons are the ones already computed, not a new set (a second of CPU per map)."""
    import pickle

    from data.referentiel import load_referentiel
    from geo import geometry

    ref = load_referentiel()
    copy = pickle.loads(pickle.dumps(ref))
    assert copy is not ref
    assert geometry.level_geometries("canton", "moyen", copy) is \
        geometry.level_geometries("canton", "moyen", ref)
