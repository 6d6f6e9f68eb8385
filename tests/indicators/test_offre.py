"""Access to the insertion offer on the tiny extraction: distances computed by hand (haversine
written again here) for two communes and one place, shares of personnes SDD far from a place,
``lieu`` absent, and names from the extraction drawn as plain text on the map."""
from __future__ import annotations

import math
from dataclasses import replace

import polars as pl
import pytest

import indicators.core  # noqa: F401  (registers every indicator)
from data.referentiel import load_referentiel
from indicators import engine
from indicators.core.offre import commune_distances, indicator_id
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()
# tiny's lieu: L1 MDCS at (47.586, 1.335) in Blois; L2 point numérique in Vendôme, no coordinates.
L1 = (47.586, 1.335)


def ctx(without=(), distance_km: float = 15.0):
    s = replace(Settings(), offre_distance_km=distance_km)
    return engine.make_ctx(tiny.tiny_extraction(without), REF, s, tiny.DEBUT, tiny.FIN)


def by_hand(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (km), written out: 2R·asin(√(sin²(Δφ/2) + cosφ1·cosφ2·sin²(Δλ/2)))."""
    (la1, lo1), (la2, lo2) = a, b
    f1, f2 = math.radians(la1), math.radians(la2)
    h = (math.sin((f2 - f1) / 2) ** 2
         + math.cos(f1) * math.cos(f2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def point(code: str) -> tuple[float, float]:
    r = REF.commune_points().filter(pl.col("code_insee") == code).row(0, named=True)
    return r["latitude"], r["longitude"]


def test_commune_points_are_inside_their_commune():
    import shapely

    from geo.geometry import communes_source

    g = communes_source(REF).set_index("code_insee").geometry
    for code in ("41269", "41194", "41018"):
        lat, lon = point(code)
        assert g[code].contains(shapely.Point(lon, lat))


def test_distances_by_hand_two_communes_one_place():
    d = commune_distances(ctx()).collect()
    got = {(r["commune"], r["groupe"]): r["distance_km"] for r in d.iter_rows(named=True)}
    for code in ("41269", "41194"):  # Vendôme, Romorantin-Lanthenay → the MDCS of Blois
        assert got[(code, "mdcs")] == pytest.approx(by_hand(point(code), L1), abs=1e-6)
    assert 27 < got[("41269", "mdcs")] < 34  # Vendôme is ~30 km from Blois
    assert 38 < got[("41194", "mdcs")] < 45  # Romorantin ~41 km
    assert got[("41269", "point_numerique")] == pytest.approx(0.0, abs=1e-9)  # its own centroid
    assert set(d["groupe"]) == {"mdcs", "point_numerique"}  # kinds with no place: no distance
    assert d.height == 2 * REF.communes.height


def test_share_of_personnes_sdd_far_from_a_place():
    # personnes SDD at 30/06/2024: Blois 3 (F1 2, F2 1), Chailles 41032 1, Vendôme 2 (F3, F7),
    # Romorantin 2 (F6); F4's commune is unknown (no SDD person there anyway).
    c = ctx()
    v = engine.compute_values(c, [indicator_id("mdcs"), indicator_id("point_numerique"),
                                  indicator_id("france_travail")])
    assert v[indicator_id("mdcs")] == pytest.approx(4 / 8)  # Vendôme 2 + Romorantin 2 > 15 km
    assert v[indicator_id("point_numerique")] == pytest.approx(6 / 8)  # all but Vendôme's 2
    assert v[indicator_id("france_travail")] is None  # no France Travail place: no figure
    far = engine.compute_values(ctx(distance_km=35.0), [indicator_id("mdcs")])
    assert far[indicator_id("mdcs")] == pytest.approx(2 / 8)  # only Romorantin beyond 35 km


def test_share_by_mdcs_and_canton():
    df = engine.frame(ctx(), indicator_id("mdcs"), ("mdcs",)).collect()
    vals = dict(zip(df["mdcs"], df["valeur"], strict=True))
    assert vals["VEN"] == 1.0 and vals["ROM"] == 1.0 and vals["BLO"] == 0.0


def test_lieu_absent_is_not_available():
    c = ctx(without=("lieu",))
    assert not engine.available(c.ext, indicator_id("mdcs"))
    v = engine.compute_values(c, [indicator_id("mdcs"), "personnes_sdd"])
    assert v[indicator_id("mdcs")] is None and v["personnes_sdd"] == 8  # the rest works
    from geo import offre

    assert offre.places_table(c) is None
    assert "non disponible" in offre.UNAVAILABLE


def test_place_names_are_plain_text_on_the_map():
    from geo import maps, offre

    t = tiny.tiny_tables()
    t["lieu"] = t["lieu"].with_columns(pl.lit("<img src=x onerror=alert(1)> `${x}`").alias("nom"))
    from data.load import build_extraction

    c = engine.make_ctx(build_extraction(t), REF, Settings(), tiny.DEBUT, tiny.FIN)
    pts = offre.places_table(c)
    lay = maps.layer(c, "personnes_sdd", "mdcs")
    html = maps.interactive_map(lay, Settings(), places=pts).get_root().render()
    assert "<img src=x" not in html and "${x}" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Point num\\u00e9rique public (1)" in html  # one toggled layer per type, its count
