"""The static (printable, exportable) version of a map: a plotly ``Choroplethmap`` on a white
background with the project's own GeoJSON — no tiles, no topojson from a CDN, so it renders and
exports (kaleido, PNG/SVG/PDF) without network.

Same classes and colours as the interactive map: one trace per class, so that the legend lists the
classes with their French labels; masked units form a grey « Secret statistique » trace whose
features carry only their name (no value is in the figure: every trace's ``z`` is a constant).
Title, period, class scheme, source and the « IGN Admin Express / INSEE » attribution are written
on the figure.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go
import shapely

from charts.theme import plotly_text, wrap_label
from geo import geometry
from geo.classes import NO_DATA_COLOR, SECRET_COLOR
from geo.layers import MapLayer

ATTRIBUTION = "Contours : IGN Admin Express / INSEE"
FONT = "Source Sans Pro, Arial, sans-serif"
TILE = 512  # MapLibre's world size in pixels at zoom 0


def fit_zoom(bounds: tuple[float, float, float, float], width_px: float, height_px: float,
             padding: float = 0.06) -> tuple[float, dict]:
    """Web-Mercator zoom and centre that fit ``bounds`` (lon/lat) in a map of that pixel size."""
    minx, miny, maxx, maxy = bounds

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    w = width_px * (1 - 2 * padding)
    h = height_px * (1 - 2 * padding)
    zx = math.log2(w * 360 / (TILE * (maxx - minx)))
    zy = math.log2(h * 2 * math.pi / (TILE * (merc(maxy) - merc(miny))))
    yc = (merc(miny) + merc(maxy)) / 2
    lat_c = math.degrees(2 * math.atan(math.exp(yc)) - math.pi / 2)
    return min(zx, zy), {"lon": (minx + maxx) / 2, "lat": lat_c}


def lonlat_to_paper(lon: float, lat: float, zoom: float, center: dict,
                    map_px: tuple[float, float], map_w: float) -> tuple[float, float]:
    """Paper coordinates of a point of a map whose domain is ``x ∈ [0, map_w]``, ``y ∈ [0, 1]``
    (Web Mercator at ``zoom`` around ``center``; ``map_px`` = the map's size in pixels)."""
    world = TILE * 2 ** zoom

    def xy(lo: float, la: float) -> tuple[float, float]:
        m = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return lo / 360 * world, m / (2 * math.pi) * world

    x, y = xy(lon, lat)
    xc, yc = xy(center["lon"], center["lat"])
    return map_w * (0.5 + (x - xc) / map_px[0]), 0.5 + (y - yc) / map_px[1]


def _lines(geom: shapely.Geometry, decimals: int = 4) -> tuple[list, list]:
    """lon, lat lists of every line of ``geom`` separated by ``None`` (one Scattermap trace)."""
    lon: list = []
    lat: list = []
    for part in shapely.get_parts(shapely.line_merge(geom) if geom.geom_type != "LineString"
                                  else geom):
        xy = shapely.get_coordinates(part)
        lon += [round(float(x), decimals) for x in xy[:, 0]] + [None]
        lat += [round(float(y), decimals) for y in xy[:, 1]] + [None]
    return lon, lat


def _class_trace(gj: dict, codes: list[str], names: list[str], texts: list[str], color: str,
                 name: str, line_width: float, hover: bool, legendrank: int) -> go.Choroplethmap:
    sub = {"type": "FeatureCollection",
           "features": [f for f in gj["features"] if f["id"] in set(codes)]}
    return go.Choroplethmap(
        geojson=sub, locations=codes, z=[1] * len(codes), featureidkey="id",
        colorscale=[[0, color], [1, color]], showscale=False, showlegend=True, name=name,
        legendrank=legendrank, marker=dict(line=dict(color="white", width=line_width), opacity=1),
        customdata=[[n, t] for n, t in zip(names, texts, strict=True)],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>" if hover
        else None, hoverinfo=None if hover else "skip")


def build_figure(layer: MapLayer, width: int = 1000, height: int = 760, thumbnail: bool = False,
                 selected: str | None = None, places=None) -> go.Figure:
    """The static map of ``layer``. ``thumbnail``: small, no title or source, coarse borders.
    ``places`` (:func:`geo.offre.places_table`): the places of the offer as points, one legend
    entry per type (names in the hover text, plain text)."""
    detail = "vignette" if thumbnail else "moyen"
    ref = layer.ref
    geo = geometry.level_geometries(layer.niveau, detail, ref)
    gj = geometry.geojson(geo, ["code"], geometry.PRECISION[detail])
    t = layer.table
    codes, names = t["code"].to_list(), t["nom"].to_list()
    texts, masked = t["texte"].to_list(), t["masque"].to_list()
    colors = t["couleur"].to_list()
    line_w = 0.4 if layer.niveau == "commune" else 0.8
    fig = go.Figure()
    for rank, (label, color) in enumerate(zip(layer.classes.labels, layer.classes.colors, strict=True)):
        idx = [i for i, c in enumerate(colors) if c == color and not masked[i]]
        if idx:
            fig.add_trace(_class_trace(gj, [codes[i] for i in idx], [names[i] for i in idx],
                                       [texts[i] for i in idx], color, label, line_w, True, rank))
    groups = ((f"Secret statistique (moins de {layer.seuil})", SECRET_COLOR,
               [i for i, m in enumerate(masked) if m]),
              ("Aucune donnée", NO_DATA_COLOR,
               [i for i, (m, c) in enumerate(zip(masked, colors, strict=True)) if not m and c is None]))
    for k, (label, color, idx) in enumerate(groups):
        if idx:
            fig.add_trace(_class_trace(gj, [codes[i] for i in idx], [names[i] for i in idx],
                                       [texts[i] for i in idx], color, label, line_w, True,
                                       100 + k))
    if geometry.draws_first_level(ref, layer.niveau):
        lon, lat = _lines(geometry.first_level_boundaries(detail, ref))
        fig.add_trace(go.Scattermap(lon=lon, lat=lat, mode="lines",
                                    name=f"Limite de {ref.nom_niveau(ref.premier_niveau)}",
                                    line=dict(color="#1b1b1b", width=2.2 if not thumbnail else 1.2),
                                    hoverinfo="skip", showlegend=not thumbnail, legendrank=200))
    if layer.niveau != "departement":
        lon, lat = _lines(geometry.departement_outline(detail, ref))
        fig.add_trace(go.Scattermap(lon=lon, lat=lat, mode="lines", showlegend=False,
                                    line=dict(color="#1b1b1b", width=1.6 if not thumbnail else 1),
                                    hoverinfo="skip"))
    if selected and selected in codes:
        sel = geo[geo["code"] == selected].geometry.iloc[0].boundary
        lon, lat = _lines(sel)
        fig.add_trace(go.Scattermap(lon=lon, lat=lat, mode="lines", showlegend=False,
                                    line=dict(color="#D55E00", width=3), hoverinfo="skip"))
    if places is not None and places.height:
        from geo.places import spread

        for (_, label), grp in spread(places).group_by(["type_lieu", "type_libelle"], maintain_order=True):
            fig.add_trace(go.Scattermap(
                lon=grp["longitude"].to_list(), lat=grp["latitude"].to_list(), mode="markers",
                marker=dict(size=9 if not thumbnail else 6, color=grp["couleur"][0]),
                name=f"{label} ({grp.height})", legendrank=150,
                text=[f"{n} — {c}" for n, c in zip(grp["nom"], grp["commune_nom"], strict=True)],
                hovertemplate="%{text}<extra></extra>"))
    map_w = 0.70 if not thumbnail else 1.0
    top, bottom, side = (95, 60, 10) if not thumbnail else (44, 84, 4)
    map_px = ((width - 2 * side) * map_w, height - top - bottom)
    zoom, center = fit_zoom(geometry.bounds(ref), *map_px)
    chefs = geometry.chefs_lieux(ref)
    fig.add_trace(go.Scattermap(
        lon=chefs["lon"].to_list(), lat=chefs["lat"].to_list(), mode="markers",
        text=chefs["nom"].to_list(), marker=dict(size=8 if not thumbnail else 5, color="#1b1b1b"),
        name="Préfecture, sous-préfectures", showlegend=not thumbnail, legendrank=201,
        hovertemplate="%{text}<extra></extra>"))
    if thumbnail and len(geo) <= 6:  # a few units (the MDCS): their names on the thumbnail
        pts = geo.geometry.representative_point()
        dark = set(layer.classes.colors[-2:])  # white names on the two darkest classes
        colour_of = dict(zip(codes, colors, strict=False))
        on_dark = [colour_of.get(c) in dark for c in geo["code"].to_list()]
        for want, ink in ((False, "#111111"), (True, "#FFFFFF")):
            k = [i for i, d in enumerate(on_dark) if d is want]
            if k:
                fig.add_trace(go.Scattermap(
                    lon=[pts.x.iloc[i] for i in k], lat=[pts.y.iloc[i] for i in k], mode="text",
                    text=[geo["nom"].iloc[i] for i in k], textfont=dict(size=10, color=ink),
                    showlegend=False, hoverinfo="skip"))
    if not thumbnail:  # names as annotations: a white box keeps them readable on dark classes
        for r in chefs.iter_rows(named=True):
            x, y = lonlat_to_paper(r["lon"], r["lat"], zoom, center, map_px, map_w)
            pref = r["statut"] == "préfecture"
            fig.add_annotation(text=f"<b>{r['nom']}</b>" if pref else r["nom"], x=x, y=y,
                               xref="paper", yref="paper", xanchor="left", yanchor="middle",
                               xshift=6, showarrow=False, bgcolor="rgba(255,255,255,0.82)",
                               borderpad=1, font=dict(size=13 if pref else 12, color="#111111"))

    fig.update_layout(
        map=dict(style="white-bg", center=center, zoom=zoom, domain=dict(x=[0, map_w], y=[0, 1])),
        width=width, height=height, font=dict(family=FONT, size=13, color="#262730"),
        margin=dict(l=side, r=side, t=top, b=bottom), paper_bgcolor="white", separators=", ",
        showlegend=not thumbnail,
        legend=dict(x=map_w + 0.01, xanchor="left", y=0.98, yanchor="top", traceorder="normal",
                    title=dict(text=f"<b>{wrap_label(layer.ind.label, 34)}</b><br>"
                                    f"<span style='font-size:11px'>Classes : "
                                    f"{wrap_label(layer.classes.description, 40)}</span>"),
                    font=dict(size=12), itemclick=False, itemdoubleclick=False),
    )
    if thumbnail:
        for tr in fig.data:  # border lines and points stay out of the small legend
            if isinstance(tr, go.Scattermap):
                tr.showlegend = False
        fig.update_layout(
            showlegend=True,
            title=dict(text=wrap_label(f"{layer.ind.label} par {layer.niveau_nom}", 48).split("<br>")[0],
                       x=0.01, xanchor="left", y=0.985, yref="container", yanchor="top",
                       font=dict(size=13)),
            legend=dict(orientation="h", x=0, xanchor="left", y=-0.01, yanchor="top",
                        font=dict(size=11), title=None))
        fig.add_annotation(text=layer.periode, xref="paper", yref="paper", x=0, y=1,
                           xanchor="left", yanchor="bottom", yshift=4, showarrow=False,
                           font=dict(size=11, color="#555555"))
    else:
        fig.update_layout(title=dict(
            text=f"{layer.title}<br><span style='font-size:13px;color:#555'>"
                 f"{layer.periode[:1].upper()}{layer.periode[1:]} — ensemble du département : "
                 f"{layer.texte_departement}</span>",
            x=0.01, xanchor="left", y=0.975, yanchor="top", font=dict(size=18)))
        src = layer.source if ATTRIBUTION.split(": ")[1] in layer.source \
            else f"{layer.source} ; {ATTRIBUTION}"
        fig.add_annotation(text=plotly_text(src), xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 8,
                           xanchor="left", yanchor="bottom", showarrow=False,
                           font=dict(size=11, color="#555555"))
    return fig


def to_png(fig: go.Figure, scale: float = 1.0) -> bytes:
    """PNG bytes through kaleido (the system Chromium; no network needed)."""
    return fig.to_image(format="png", scale=scale)
