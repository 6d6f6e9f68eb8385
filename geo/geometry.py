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


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal part of an intersection result."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


@lru_cache(maxsize=2)
def pieces(departement: str = "41") -> gpd.GeoDataFrame:
    """The finest coverage: ``code_insee``, ``canton``, ``mdcs``, ``epci``, geometry. A whole
    commune is one piece; a split commune gives one piece per canton it lies in."""
    ref = load_referentiel(departement)
    attrs = ref.communes.select("code_insee", "canton_code", "cantons_2015", "mdcs_code",
                                "epci_siren")
    by_code = {r["code_insee"]: r for r in attrs.iter_rows(named=True)}
    cantons = _canton_layer(departement).set_index("canton_code").geometry
    rows = []
    for code, geom in zip(communes_source(departement)["code_insee"],
                          communes_source(departement).geometry):
        a = by_code[code]
        cs = a["cantons_2015"]
        if len(cs) == 1:
            rows.append((code, cs[0], a["mdcs_code"], a["epci_siren"], geom))
            continue
        for c in cs:
            part = _polygonal(shapely.intersection(geom, cantons[c]))
            if not part.is_empty:
                rows.append((code, c, a["mdcs_code"], a["epci_siren"], part))
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
    (a point inside each commune's polygon)."""
    g = communes_source(departement).set_index("code_insee").geometry
    rows = []
    for code, nom, statut in CHEFS_LIEUX:
        pt = g[code].point_on_surface() if hasattr(g[code], "point_on_surface") \
            else g[code].representative_point()
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
    for rec, geom in zip(records, gdf.geometry.values):
        props = {k: (None if isinstance(v, float) and v != v else _plain(v)) for k, v in rec.items()}
        feat = {"type": "Feature", "properties": props,
                "geometry": json.loads(shapely.to_geojson(_round(geom, decimals)))}
        if "code" in rec:
            feat["id"] = str(rec["code"])
        feats.append(feat)
    return {"type": "FeatureCollection", "features": feats}


def _plain(v):
    """numpy scalars → Python scalars for JSON."""
    return v.item() if hasattr(v, "item") else v


def geojson_size(niveau: str, detail: Detail | None = None) -> int:
    """Bytes of the compact GeoJSON of a level (code and nom only), as sent to a browser."""
    detail = detail or default_detail(niveau)
    gj = geojson(level_geometries(niveau, detail), ["code", "nom"], PRECISION[detail])
    return len(json.dumps(gj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
