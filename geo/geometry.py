"""Polygons of every territorial level, derived once from the commune layer of the référentiel.

The commune layer (``data/referentiel/communes_41.geojson``, IGN Admin Express via
gregoiredavid/france-geojson, already simplified with topology kept) is cut into *pieces*: every
whole commune, plus the parts of the two split communes (Blois 41018, Le Controis-en-Sologne 41059)
cut along the canton layer ``cantons_41_from_communes.geojson``, whose edges coincide with the
communes. The pieces form a coverage (no gap, no overlap). For a given level of detail the coverage
is simplified *as a whole* (``shapely.coverage_simplify``: shared borders are simplified once, so
no gap opens between neighbours), then pieces are dissolved into communes, cantons, MDCS, EPCI and
the département. Every level therefore shares exactly the same borders, and MDCS lines drawn over
communes or cantons fall on their edges.

Coordinates are WGS84 (EPSG:4326) lon/lat; areas are measured in Lambert-93 (EPSG:2154).
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Literal

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from data.referentiel import REF_DIR, load_referentiel

Detail = Literal["fin", "moyen", "vignette"]
LEVELS = ("commune", "canton", "mdcs", "epci", "departement")
WGS84, LAMBERT93 = "EPSG:4326", "EPSG:2154"

# Simplification tolerance (degrees, ~ square root of the triangle areas removed) per detail;
# "fin" keeps the source as is (it is already simplified by its author).
TOLERANCE: dict[str, float] = {"fin": 0.0, "moyen": 0.0015, "vignette": 0.004}
# Coordinates written to GeoJSON: 5 decimals ≈ 1 m, well under the source's own accuracy.
PRECISION = {"fin": 5, "moyen": 4, "vignette": 3}

# Chef-lieux shown on the maps: the prefecture and the two sub-prefectures.
CHEFS_LIEUX = (("41018", "Blois", "préfecture"), ("41269", "Vendôme", "sous-préfecture"),
               ("41194", "Romorantin-Lanthenay", "sous-préfecture"))


def default_detail(niveau: str) -> Detail:
    """The level of detail used for an interactive map of ``niveau``."""
    return "fin" if niveau == "commune" else "moyen"


@lru_cache(maxsize=2)
def communes_source(departement: str = "41") -> gpd.GeoDataFrame:
    """The commune polygons as shipped (``code_insee``, ``nom``, geometry), read once."""
    g = gpd.read_file(REF_DIR / f"communes_{departement}.geojson")
    return g[["code_insee", "nom", "geometry"]].sort_values("code_insee").reset_index(drop=True)


@lru_cache(maxsize=2)
def _canton_layer(departement: str = "41") -> gpd.GeoDataFrame:
    return gpd.read_file(REF_DIR / f"cantons_{departement}_from_communes.geojson")[
        ["canton_code", "geometry"]]


@lru_cache(maxsize=2)
def pieces(departement: str = "41") -> gpd.GeoDataFrame:
    """The finest coverage: ``code_insee``, ``canton``, ``mdcs``, ``epci``, geometry. A whole
    commune is one piece; a split commune is cut along the canton layer into pieces (one or more
    per canton it lies in).

    The pieces are the faces of the noded network made of every commune border plus the canton
    lines inside the split communes, so that every shared edge has the same vertices on both sides
    (a valid coverage, which ``coverage_simplify`` and ``coverage_union_all`` require); a plain
    intersection with the canton layer leaves vertex mismatches along Blois's cut lines."""
    ref = load_referentiel(departement)
    attrs = {r["code_insee"]: r for r in ref.communes.select(
        "code_insee", "cantons_2015", "mdcs_code", "epci_siren").iter_rows(named=True)}
    com = communes_source(departement)
    cantons = _canton_layer(departement)
    split = com[com["code_insee"].map(lambda c: len(attrs[c]["cantons_2015"]) > 1)]
    cut = shapely.intersection(shapely.union_all(cantons.geometry.boundary.values),
                               shapely.union_all(split.geometry.values))
    network = shapely.union_all([*com.geometry.boundary.values, cut], grid_size=1e-6)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(network)))
    inside = shapely.point_on_surface(faces)
    face_i, com_i = shapely.STRtree(com.geometry.values).query(inside, predicate="within")
    commune_of = dict(zip(face_i.tolist(), com["code_insee"].values[com_i].tolist(), strict=True))
    ctree = shapely.STRtree(cantons.geometry.values)
    rows = []
    for i, face in enumerate(faces):
        code = commune_of[i]
        a = attrs[code]
        canton = a["cantons_2015"][0]
        if len(a["cantons_2015"]) > 1:
            hits = ctree.query(inside[i], predicate="within")
            j = hits[0] if len(hits) else ctree.nearest(inside[i])
            canton = cantons["canton_code"].values[j]
        rows.append((code, canton, a["mdcs_code"], a["epci_siren"], face))
    cols = ["code_insee", "canton", "mdcs", "epci"]
    return gpd.GeoDataFrame([r[:4] for r in rows], columns=cols,
                            geometry=[r[4] for r in rows], crs=WGS84)


@lru_cache(maxsize=8)
def simplified_pieces(detail: Detail = "fin", departement: str = "41") -> gpd.GeoDataFrame:
    """:func:`pieces` with the whole coverage simplified at once (borders stay shared)."""
    p = pieces(departement)
    tol = TOLERANCE[detail]
    if tol <= 0:
        return p
    geoms = shapely.coverage_simplify(p.geometry.values, tol, simplify_boundary=True)
    return p.set_geometry(gpd.GeoSeries(geoms, crs=WGS84, index=p.index))


def _dissolve(p: gpd.GeoDataFrame, key: str) -> dict[str, shapely.Geometry]:
    out = {}
    for k, grp in p.groupby(key, sort=True):
        geoms = grp.geometry.values
        out[k] = geoms[0] if len(geoms) == 1 else shapely.coverage_union_all(geoms)
    return out


@lru_cache(maxsize=32)
def level_geometries(niveau: str, detail: Detail | None = None,
                     departement: str = "41") -> gpd.GeoDataFrame:
    """One polygon per unit of ``niveau``: ``code``, ``nom``, ``population``, geometry (WGS84).
    Units are those of :meth:`Referentiel.units`, in the same order."""
    if niveau not in LEVELS:
        raise ValueError(f"Niveau territorial inconnu : « {niveau} ».")
    detail = detail or default_detail(niveau)
    p = simplified_pieces(detail, departement)
    key = {"commune": "code_insee", "canton": "canton", "mdcs": "mdcs", "epci": "epci"}.get(niveau)
    if key is None:
        geoms = {departement: shapely.coverage_union_all(p.geometry.values)}
    else:
        geoms = _dissolve(p, key)
    units = load_referentiel(departement).units(niveau)
    missing = set(units["code"].to_list()) - set(geoms)
    if missing:
        raise ValueError(f"Unités sans polygone au niveau {niveau} : {sorted(missing)}")
    return gpd.GeoDataFrame(units.to_pandas(), geometry=[geoms[c] for c in units["code"]],
                            crs=WGS84)


def departement_outline(detail: Detail = "moyen", departement: str = "41") -> shapely.Geometry:
    """The département's outer boundary (a line)."""
    return level_geometries("departement", detail, departement).geometry.iloc[0].boundary


@lru_cache(maxsize=8)
def mdcs_boundaries(detail: Detail = "moyen", departement: str = "41") -> shapely.Geometry:
    """The MDCS borders as lines (inner borders and outline), to draw over finer units."""
    g = level_geometries("mdcs", detail, departement)
    return shapely.line_merge(shapely.union_all(g.geometry.boundary.values))


@lru_cache(maxsize=2)
def chefs_lieux(departement: str = "41") -> pl.DataFrame:
    """``code``, ``nom``, ``statut``, ``lon``, ``lat`` of the prefecture and sub-prefectures
    (the commune polygon's centroid, or a point inside it)."""
    g = communes_source(departement).set_index("code_insee").geometry
    rows = []
    for code, nom, statut in CHEFS_LIEUX:
        pt = g[code].centroid
        if not g[code].contains(pt):
            pt = g[code].representative_point()
        rows.append({"code": code, "nom": nom, "statut": statut, "lon": pt.x, "lat": pt.y})
    return pl.DataFrame(rows)


def bounds(departement: str = "41") -> tuple[float, float, float, float]:
    """``(minlon, minlat, maxlon, maxlat)`` of the département."""
    return tuple(level_geometries("departement", "vignette", departement).total_bounds)


def _round(geom: shapely.Geometry, decimals: int) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def geojson(gdf: gpd.GeoDataFrame, properties: list[str], decimals: int = 5) -> dict:
    """A compact GeoJSON FeatureCollection of ``gdf`` (coordinates rounded to ``decimals``),
    with ``id`` = the ``code`` column when present."""
    feats = []
    cols = [c for c in properties if c in gdf.columns]
    records = gdf[cols].to_dict("records")
    for rec, geom in zip(records, gdf.geometry.values, strict=True):
        props = {k: (None if isinstance(v, float) and v != v else _plain(v)) for k, v in rec.items()}
        feat = {"type": "Feature", "properties": props,
                "geometry": json.loads(shapely.to_geojson(_round(geom, decimals)))}
        if "code" in rec:
            feat["id"] = str(rec["code"])
        feats.append(feat)
    return {"type": "FeatureCollection", "features": feats}


def geojson_geometry(geom: shapely.Geometry, decimals: int = 4) -> dict:
    """One geometry (e.g. border lines) as a one-feature FeatureCollection."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {},
         "geometry": json.loads(shapely.to_geojson(_round(geom, decimals)))}]}


def _plain(v):
    """numpy scalars → Python scalars for JSON."""
    return v.item() if hasattr(v, "item") else v


def geojson_size(niveau: str, detail: Detail | None = None) -> int:
    """Bytes of the compact GeoJSON of a level (code and nom only), as sent to a browser."""
    detail = detail or default_detail(niveau)
    gj = geojson(level_geometries(niveau, detail), ["code", "nom"], PRECISION[detail])
    return len(json.dumps(gj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
