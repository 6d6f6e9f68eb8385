"""Polygons of every territorial level, derived once from the commune layer of the référentiel.

The commune layer (the référentiel's configured file, e.g. ``data/referentiel/communes_41.geojson``,
IGN Admin Express via gregoiredavid/france-geojson, already simplified with topology kept) is cut
into *pieces*: every whole commune, plus the parts of the split communes (those with several
``cantons_2015`` in the référentiel: Blois and Le Controis-en-Sologne in 41, Orléans in 45) cut
along the configured canton layer, whose edges coincide with the communes. The pieces form a coverage (no gap, no overlap). For a given level of detail the coverage
is simplified *as a whole* (``shapely.coverage_simplify``: shared borders are simplified once, so
no gap opens between neighbours), then pieces are dissolved into the units of every configured level
(communes, cantons, MDCS or bassins d'emploi, EPCI, arrondissements, zones d'emploi) and the
département. Every level therefore shares exactly the same borders, and first-level lines drawn
over communes or cantons fall on their edges. Every function takes the
:class:`~data.referentiel.Referentiel` (default: Loir-et-Cher's).

Coordinates are WGS84 (EPSG:4326) lon/lat; areas are measured in Lambert-93 (EPSG:2154).
"""
from __future__ import annotations

import json
import weakref
from functools import lru_cache
from typing import Literal

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from data.referentiel import Referentiel, load_referentiel

Detail = Literal["fin", "moyen", "vignette"]
WGS84, LAMBERT93 = "EPSG:4326", "EPSG:2154"

# Simplification tolerance (degrees, ~ square root of the triangle areas removed) per detail;
# "fin" keeps the source as is (it is already simplified by its author).
TOLERANCE: dict[str, float] = {"fin": 0.0, "moyen": 0.0015, "vignette": 0.004}
# Coordinates written to GeoJSON: 5 decimals ≈ 1 m, well under the source's own accuracy.
PRECISION = {"fin": 5, "moyen": 4, "vignette": 3}



# The geometry caches below key on the Referentiel, hashed by identity. A copy of it — every
# result unpickled from Streamlit's data cache (a map layer) carries its own — would miss them
# all and compute the polygons again (about a second of CPU per map drawn, and one more set of
# polygons held by the caches): a copy is mapped to the first instance seen with the same content.
_BY_CONTENT: dict[tuple, Referentiel] = {}
_CANONICAL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _content(ref: Referentiel) -> tuple:
    return (ref.departement, str(ref.ref_dir), ref.contours_communes, ref.contours_cantons,
            tuple(ref.niveaux), ref.communes.hash_rows().sum(), ref.cantons.hash_rows().sum(),
            tuple((k, f.hash_rows().sum()) for k, f in ref.unit_files.items()))


def _r(ref: Referentiel | None) -> Referentiel:
    if ref is None:
        return load_referentiel()
    same = _CANONICAL.get(ref)
    if same is None:
        same = _BY_CONTENT.setdefault(_content(ref), ref)
        _CANONICAL[ref] = same
    return same


def default_detail(niveau: str) -> Detail:
    """The level of detail used for an interactive map of ``niveau``."""
    return "fin" if niveau == "commune" else "moyen"


def communes_source(ref: Referentiel | None = None) -> gpd.GeoDataFrame:
    """The commune polygons as shipped (``code_insee``, ``nom``, geometry), read once."""
    return _communes_source(_r(ref))


@lru_cache(maxsize=4)
def _communes_source(ref: Referentiel) -> gpd.GeoDataFrame:
    g = gpd.read_file(ref.communes_geojson)
    return g[["code_insee", "nom", "geometry"]].sort_values("code_insee").reset_index(drop=True)


@lru_cache(maxsize=4)
def _canton_layer(ref: Referentiel) -> gpd.GeoDataFrame:
    return gpd.read_file(ref.cantons_geojson)[["canton_code", "geometry"]]


def pieces(ref: Referentiel | None = None) -> gpd.GeoDataFrame:
    """The finest coverage: ``code_insee``, ``canton``, one column per other level, geometry. A whole
    commune is one piece; a split commune is cut along the canton layer into pieces (one or more
    per canton it lies in).

    The pieces are the faces of the noded network made of every commune border plus the canton
    lines inside the split communes, so that every shared edge has the same vertices on both sides
    (a valid coverage, which ``coverage_simplify`` and ``coverage_union_all`` require); a plain
    intersection with the canton layer leaves vertex mismatches along Blois's cut lines."""
    return _pieces(_r(ref))


@lru_cache(maxsize=4)
def _pieces(ref: Referentiel) -> gpd.GeoDataFrame:
    levels = ref.column_levels
    attrs = {r["code_insee"]: r for r in ref.communes.select(
        "code_insee", "cantons_2015",
        *[pl.col(ref.niveau(n).colonne_code).alias(n) for n in levels]).iter_rows(named=True)}
    com = _communes_source(ref)
    cantons = _canton_layer(ref)
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
        rows.append((code, canton, *[a[n] for n in levels], face))
    cols = ["code_insee", "canton", *levels]
    return gpd.GeoDataFrame([r[:-1] for r in rows], columns=cols,
                            geometry=[r[-1] for r in rows], crs=WGS84)


def simplified_pieces(detail: Detail = "fin", ref: Referentiel | None = None) -> gpd.GeoDataFrame:
    """:func:`pieces` with the whole coverage simplified at once (borders stay shared)."""
    return _simplified_pieces(detail, _r(ref))


@lru_cache(maxsize=16)
def _simplified_pieces(detail: Detail, ref: Referentiel) -> gpd.GeoDataFrame:
    p = _pieces(ref)
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


def level_geometries(niveau: str, detail: Detail | None = None,
                     ref: Referentiel | None = None) -> gpd.GeoDataFrame:
    """One polygon per unit of ``niveau``: ``code``, ``nom``, ``population``, geometry (WGS84).
    Units are those of :meth:`Referentiel.units`, in the same order."""
    ref = _r(ref)
    if niveau not in ref.niveaux:
        raise ValueError(f"Niveau territorial inconnu : « {niveau} ».")
    return _level_geometries(niveau, detail or default_detail(niveau), ref)


@lru_cache(maxsize=64)
def _level_geometries(niveau: str, detail: Detail, ref: Referentiel) -> gpd.GeoDataFrame:
    p = _simplified_pieces(detail, ref)
    if niveau == "departement":
        geoms = {ref.departement: shapely.coverage_union_all(p.geometry.values)}
    else:
        geoms = _dissolve(p, "code_insee" if niveau == "commune" else niveau)
    units = ref.units(niveau)
    missing = set(units["code"].to_list()) - set(geoms)
    if missing:
        raise ValueError(f"Unités sans polygone au niveau {niveau} : {sorted(missing)}")
    return gpd.GeoDataFrame(units.to_pandas(), geometry=[geoms[c] for c in units["code"]],
                            crs=WGS84)


def departement_outline(detail: Detail = "moyen", ref: Referentiel | None = None) -> shapely.Geometry:
    """The département's outer boundary (a line)."""
    return level_geometries("departement", detail, ref).geometry.iloc[0].boundary


def first_level_boundaries(detail: Detail = "moyen",
                           ref: Referentiel | None = None) -> shapely.Geometry:
    """The borders of the département's first level (MDCS in 41, bassins d'emploi in 45) as
    lines (inner borders and outline), to draw over finer units."""
    return _first_level_boundaries(detail, _r(ref))


@lru_cache(maxsize=8)
def _first_level_boundaries(detail: Detail, ref: Referentiel) -> shapely.Geometry:
    g = _level_geometries(ref.premier_niveau, detail, ref)
    return shapely.line_merge(shapely.union_all(g.geometry.boundary.values))


def draws_first_level(ref: Referentiel, niveau: str) -> bool:
    """Whether the first level's borders are drawn over a map of ``niveau`` (finer levels)."""
    return niveau not in ("departement", ref.premier_niveau)


def chefs_lieux(ref: Referentiel | None = None) -> pl.DataFrame:
    """``code``, ``nom``, ``statut``, ``lon``, ``lat`` of the préfecture and sous-préfectures
    (:meth:`Referentiel.chefs_lieux`; the commune polygon's centroid, or a point inside it)."""
    return _chefs_lieux(_r(ref))


@lru_cache(maxsize=4)
def _chefs_lieux(ref: Referentiel) -> pl.DataFrame:
    g = _communes_source(ref).set_index("code_insee").geometry
    rows = []
    for code, nom, statut in ref.chefs_lieux().iter_rows():
        pt = g[code].centroid
        if not g[code].contains(pt):
            pt = g[code].representative_point()
        rows.append({"code": code, "nom": nom, "statut": statut, "lon": pt.x, "lat": pt.y})
    return pl.DataFrame(rows)


def bounds(ref: Referentiel | None = None) -> tuple[float, float, float, float]:
    """``(minlon, minlat, maxlon, maxlat)`` of the département."""
    return tuple(level_geometries("departement", "vignette", ref).total_bounds)


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


def geojson_size(niveau: str, detail: Detail | None = None, ref: Referentiel | None = None) -> int:
    """Bytes of the compact GeoJSON of a level (code and nom only), as sent to a browser."""
    detail = detail or default_detail(niveau)
    gj = geojson(level_geometries(niveau, detail, ref), ["code", "nom"], PRECISION[detail])
    return len(json.dumps(gj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
