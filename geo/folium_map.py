"""The interactive choropleth (folium / Leaflet) of a :class:`~geo.layers.MapLayer`.

- classes coloured from light to dark blue, a French legend stating the class scheme;
- tooltips: the unit's name and its formatted value, « secret statistique » for a masked unit
  (grey, hatched; its value is not in the page at all: the features carry only ``code``, ``nom``
  and the display text);
- MDCS borders drawn over cantons, EPCI and communes, the département's outline, the prefecture
  (Blois) and sub-prefectures (Vendôme, Romorantin-Lanthenay) labelled;
- background tiles from ``settings.carte_fond`` ("aucun": none, the map stands on its own);
- Leaflet itself is embedded in the page (from the PyPI package ``XStatic-Leaflet``, Leaflet 1.9.3,
  BSD-2-Clause, installed by requirements.txt) instead of being fetched from a CDN, so that the map
  works on a network without internet.
"""
from __future__ import annotations

import base64
import html
from functools import lru_cache
from pathlib import Path

import branca.element
import folium
import polars as pl
from branca.element import Element, MacroElement
from jinja2 import Template
from xstatic.pkg import leaflet as xstatic_leaflet

from geo import geometry
from geo.classes import NO_DATA_COLOR, SECRET_COLOR
from geo.layers import NO_DATA_LABEL, MapLayer
from indicators.formatting import upper_first
from settings import Settings

ASSETS = Path(xstatic_leaflet.BASE_DIR)

class _Literal:
    """The template of a text without any Jinja syntax: it renders to that text, less one final
    newline (what Jinja does by default)."""

    __slots__ = ("text",)

    def __init__(self, source: str) -> None:
        self.text = source[:-1] if source.endswith("\n") else source

    def render(self, *args, **kwargs) -> str:
        return self.text


_JINJA = ("{{", "{%", "{#", "\r")  # Jinja syntax (and newlines Jinja would rewrite)


def _element_template(source):
    """branca compiles the text of every ``Element(text)`` as a Jinja template — among them each
    element's already rendered script when the map is rendered: the GeoJSON of every unit (up to
    600 kB at the commune level) lexed and compiled at each rerun of the Carte page, half of
    st_folium's time. A text without Jinja syntax gets :class:`_Literal` instead (same output:
    tests/geo/test_folium_map.py renders a map both ways); any other is compiled as before."""
    if isinstance(source, str) and not any(m in source for m in _JINJA):
        return _Literal(source)
    return Template(source)


# branca.element's own name for jinja2.Template, used by Element(text) (and when an element is
# unpickled); the class templates of branca and folium were compiled at their import
branca.element.Template = _element_template

HATCH_ID = "declik-hachures"
SECRET_FILL = f"url(#{HATCH_ID}) {SECRET_COLOR}"  # SVG paint with a grey fallback
MDCS_LINE = "#1b1b1b"
SELECTED_LINE = "#D55E00"
UNIT_LINE = "#ffffff"
LEGEND_WIDTH = 250  # px, with its padding

_CSS = """
<style>
.leaflet-container { background: #ffffff !important; font-family: "Source Sans Pro", Arial, sans-serif; }
.leaflet-interactive:focus { outline: none; }
.leaflet-tooltip { opacity: 1 !important; }  /* Leaflet's 0.9 let the legend show through */
.declik-label { font-size: 12px; font-weight: 700; color: #1b1b1b; white-space: nowrap;
  text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff,
               0 0 3px #fff; transform: translate(6px, -50%); pointer-events: none; }
.declik-label.prefecture { font-size: 13px; }
.declik-legend { background: rgba(255,255,255,0.94); padding: 8px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-size: 12px; line-height: 1.35; color: #262730;
  width: 230px; }
.declik-legend .titre { font-weight: 700; font-size: 13px; margin-bottom: 2px; }
.declik-legend .note { color: #555; font-size: 11px; margin-bottom: 4px; }
.declik-legend .ligne { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.declik-legend .case { width: 18px; height: 12px; border: 1px solid #999; flex: none; }
.declik-legend .trait { width: 18px; height: 0; border-top: 2.5px solid #1b1b1b; flex: none; }
.declik-legend .point { width: 8px; height: 8px; border-radius: 50%; background: #1b1b1b;
  margin: 0 5px; flex: none; }
.declik-legend .hachures { background: repeating-linear-gradient(45deg, #7a7a7a 0 1.5px,
  #d0d0d0 1.5px 5px); }
.declik-legend .source { color: #666; font-size: 10.5px; margin-top: 4px; }
</style>
"""


@lru_cache(maxsize=4)
def _data_url(name: str, mime: str) -> str:
    raw = (ASSETS / name).read_bytes()
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


@lru_cache(maxsize=1)
def _leaflet_css() -> str:
    """Leaflet's stylesheet as a data URL, its images (the layers control's icon, the marker)
    inlined: a data URL has no folder for ``url(images/…)`` to point into, and the control
    was an empty white box."""
    css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
    for png in sorted((ASSETS / "images").glob("*.png")):
        css = css.replace(f"url(images/{png.name})", f"url({_data_url('images/' + png.name, 'image/png')})")
    return f"data:text/css;base64,{base64.b64encode(css.encode('utf-8')).decode('ascii')}"


def use_embedded_leaflet(m: folium.Map) -> None:
    """Serve Leaflet from the project (data URLs) instead of the CDN, and drop the CDN assets
    the map does not use (jQuery, Bootstrap, Font Awesome)."""
    m.default_js = [("leaflet", _data_url("leaflet.js", "text/javascript"))]
    m.default_css = [("leaflet_css", _leaflet_css())]


# Leaflet's control corners (the legend, the zoom) have z-index 1000: the tooltips go above them.
TOOLTIP_Z = 1100


class _Overlay(MacroElement):
    """The legend (a Leaflet control) and the SVG hatching pattern, as one script."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  function addHatch() {
    var svg = map.getPanes().overlayPane.querySelector('svg');
    if (!svg || svg.querySelector('#{{ this.hatch_id }}')) { return; }
    var ns = 'http://www.w3.org/2000/svg';
    var defs = document.createElementNS(ns, 'defs');
    var p = document.createElementNS(ns, 'pattern');
    p.setAttribute('id', '{{ this.hatch_id }}');
    p.setAttribute('patternUnits', 'userSpaceOnUse');
    p.setAttribute('width', '6'); p.setAttribute('height', '6');
    p.setAttribute('patternTransform', 'rotate(45)');
    var r = document.createElementNS(ns, 'rect');
    r.setAttribute('width', '6'); r.setAttribute('height', '6'); r.setAttribute('fill', '#d0d0d0');
    var l = document.createElementNS(ns, 'line');
    l.setAttribute('x1', '0'); l.setAttribute('y1', '0'); l.setAttribute('x2', '0');
    l.setAttribute('y2', '6'); l.setAttribute('stroke', '#7a7a7a'); l.setAttribute('stroke-width', '2');
    p.appendChild(r); p.appendChild(l); defs.appendChild(p);
    svg.insertBefore(defs, svg.firstChild);
  }
  addHatch();
  map.on('layeradd', addHatch);
  // Leaflet focuses the map on a mouse press (keyboard navigation); the browser then scrolls
  // the dashboard page to show the whole map, so that under a map partly below the window the
  // release lands on another unit and the click selects nothing. Focus without scrolling.
  var box = map.getContainer(), focusBox = box.focus.bind(box);
  box.focus = function() { focusBox({preventScroll: true}); };
  if (map.zoomControl) {  // Leaflet's own tooltips are English: « Zoom in », « Zoom out »
    map.removeControl(map.zoomControl);
    map.zoomControl = L.control.zoom({zoomInTitle: 'Zoom avant', zoomOutTitle: 'Zoom arrière'})
      .addTo(map);
  }
  L.control.scale({imperial: false}).addTo(map);
  if (map.attributionControl) {
    map.attributionControl.setPrefix('Leaflet');
    map.attributionControl.addAttribution({{ this.attribution|tojson }});
  }
  // Leaflet draws its tooltips inside the map pane, which sits under the controls: a unit's
  // tooltip near the legend slid under it (« Commune : » then nothing). The tooltip pane is moved
  // into the map's container, above the controls, and follows the map pane when the map moves.
  var tips = map.getPane('tooltipPane');
  if (tips && tips.parentNode !== map.getContainer()) {
    map.getContainer().appendChild(tips);
    tips.style.zIndex = {{ this.tooltip_z }};
    var followMap = function() {
      L.DomUtil.setPosition(tips, map.containerPointToLayerPoint([0, 0]).multiplyBy(-1));
    };
    map.on('move zoom viewreset zoomend moveend resize', followMap);
    followMap();
  }
  {% if this.legend_html %}
  var legend = L.control({position: '{{ this.position }}'});
  legend.onAdd = function() {
    var div = L.DomUtil.create('div', 'declik-legend');
    div.innerHTML = {{ this.legend_html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo(map);
  {% endif %}
})();
{% endmacro %}
""")

    def __init__(self, legend_html: str, position: str = "topright"):
        super().__init__()
        self._name = "DeclikOverlay"
        self.legend_html = legend_html
        self.position = position
        self.hatch_id = HATCH_ID
        self.attribution = "Contours : IGN Admin Express / INSEE"
        self.tooltip_z = TOOLTIP_Z


def legend_html(layer: MapLayer, first_drawn: bool, labels: bool = True) -> str:
    """The legend's HTML (French): title, period, class scheme, classes, secret, sources."""
    e = html.escape
    rows = [f'<div class="titre">{e(layer.ind.label)}</div>',
            f'<div class="note">{e(layer.niveau_label)} — {e(layer.periode)}<br>'
            f'Classes : {e(layer.classes.description)}</div>']
    for label, color in zip(layer.classes.labels, layer.classes.colors, strict=True):
        rows.append(f'<div class="ligne"><span class="case" style="background:{color}"></span>'
                    f'{e(label)}</div>')
    if layer.n_masked:
        rows.append(f'<div class="ligne"><span class="case hachures"></span>Secret statistique '
                    f'(moins de {layer.seuil})</div>')
    if layer.n_no_data:
        rows.append(f'<div class="ligne"><span class="case" style="background:{NO_DATA_COLOR}">'
                    f'</span>Aucune donnée</div>')
    if layer.table.height < layer.ref.units(layer.niveau).height and layer.absent != NO_DATA_LABEL:
        rows.append(f'<div class="ligne"><span class="case" style="background:{NO_DATA_COLOR}">'
                    f'</span>{e(upper_first(layer.absent))}</div>')
    if first_drawn:
        rows.append(f'<div class="ligne"><span class="trait"></span>Limite de '
                    f'{e(layer.ref.nom_niveau(layer.ref.premier_niveau))}</div>')
    if labels:
        rows.append('<div class="ligne"><span class="point"></span>Préfecture, sous-préfectures</div>')
    rows.append(f'<div class="note">Ensemble du département : '
                f'{e(layer.texte_departement)}</div>')
    rows.append(f'<div class="source">{e(layer.source)}</div>')
    return "".join(rows)


def _fill(row: dict) -> tuple[str, float]:
    if row["masque"]:
        return SECRET_FILL, 0.9
    if row["couleur"] is None:
        return NO_DATA_COLOR, 0.9
    return row["couleur"], 0.85


def features(layer: MapLayer, detail: geometry.Detail | None = None) -> dict:
    """The layer's GeoJSON: geometry plus ``code``, ``nom``, ``texte`` only (no raw value)."""
    detail = detail or geometry.default_detail(layer.niveau)
    geo = geometry.level_geometries(layer.niveau, detail, layer.ref)
    texts = dict(zip(layer.table["code"].to_list(), layer.table["texte"].to_list(), strict=True))
    g = geo[["code", "nom", "geometry"]].copy()
    g["texte"] = [texts.get(c, layer.absent) for c in g["code"]]
    return geometry.geojson(g, ["code", "nom", "texte"], geometry.PRECISION[detail])


def build_map(layer: MapLayer, settings: Settings, selected: str | None = None,
              height: int = 620, labels: bool = True, embed_leaflet: bool = True,
              places: pl.DataFrame | None = None) -> folium.Map:
    """The folium map of ``layer``; ``selected`` (a unit code) is outlined. ``places``
    (:func:`geo.offre.places_table`) are drawn over it as points, one layer per type that the
    map's control (top left, under the zoom) toggles, with the name and commune as a plain-text tooltip."""
    ref = layer.ref
    minx, miny, maxx, maxy = geometry.bounds(ref)
    fond = (settings.carte_fond or "aucun").strip()
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=8, tiles=None,
                   height=height, control_scale=False, min_zoom=7, max_zoom=14,
                   zoom_snap=0.25, zoom_delta=0.5)
    if embed_leaflet:
        use_embedded_leaflet(m)
    if fond.lower() != "aucun":
        folium.TileLayer(tiles=fond, attr=settings.carte_attribution or " ", name="Fond de carte",
                         control=False).add_to(m)
    m.get_root().header.add_child(Element(_CSS))
    rows = {r["code"]: r for r in layer.table.iter_rows(named=True)}

    def style(feature: dict) -> dict:
        code = feature["properties"]["code"]
        fill, opacity = _fill(rows[code]) if code in rows else (NO_DATA_COLOR, 0.9)
        sel = code == selected
        return {"fillColor": fill, "fillOpacity": opacity,
                "color": SELECTED_LINE if sel else UNIT_LINE,
                "weight": 3.5 if sel else (0.6 if layer.niveau == "commune" else 1.2)}

    folium.GeoJson(
        features(layer), name=layer.ind.label, style_function=style,
        highlight_function=lambda f: {"weight": 3, "color": "#333333"},
        tooltip=folium.GeoJsonTooltip(
            fields=["nom", "texte"], aliases=[f"{layer.niveau_label} :", f"{layer.ind.label} :"],
            sticky=True, labels=True),
        control=False,
    ).add_to(m)

    first_drawn = geometry.draws_first_level(ref, layer.niveau)
    detail = geometry.default_detail(layer.niveau)
    if first_drawn:
        lines = geometry.first_level_boundaries(detail, ref)
        folium.GeoJson(geometry.geojson_geometry(lines), name=ref.libelle(ref.premier_niveau),
                       control=False,
                       style_function=lambda f: {"color": MDCS_LINE, "weight": 2.5, "opacity": 0.9},
                       interactive=False).add_to(m)
    if layer.niveau != "departement":
        outline = geometry.departement_outline(detail, ref)
        folium.GeoJson(geometry.geojson_geometry(outline), name="Département", control=False,
                       style_function=lambda f: {"color": MDCS_LINE, "weight": 2, "opacity": 1},
                       interactive=False).add_to(m)
    if labels:
        for r in geometry.chefs_lieux(ref).iter_rows(named=True):
            pref = r["statut"] == "préfecture"
            folium.CircleMarker([r["lat"], r["lon"]], radius=4 if pref else 3, color="#ffffff",
                                weight=1.5, fill=True, fill_color="#1b1b1b", fill_opacity=1,
                                interactive=False).add_to(m)
            folium.Marker([r["lat"], r["lon"]], interactive=False, icon=folium.DivIcon(
                html=f'<div class="declik-label{" prefecture" if pref else ""}">'
                     f'{html.escape(r["nom"])}</div>',
                icon_size=(0, 0), icon_anchor=(0, 0), class_name="declik-label-icon")).add_to(m)
    if places is not None and places.height:
        add_places(m, places)
    _Overlay(legend_html(layer, first_drawn, labels)).add_to(m)
    # room on the right for the legend (top right), so that it does not hide the département
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding_top_left=(10, 10),
                 padding_bottom_right=(LEGEND_WIDTH + 20, 10))
    return m


def add_places(m: folium.Map, places: pl.DataFrame) -> None:
    """One toggled layer per type of place (« Mission locale (4) »), circle markers in the type's
    colour; tooltips are plain text (:func:`geo.places.plain`), never HTML from the extraction."""
    from geo.places import plain, spread, tooltip_text

    for (_, label), grp in spread(places).group_by(["type_lieu", "type_libelle"],
                                                   maintain_order=True):
        fg = folium.FeatureGroup(name=plain(f"{label} ({grp.height})"), show=True)
        for r in grp.iter_rows(named=True):
            folium.CircleMarker(
                [r["latitude"], r["longitude"]], radius=5, color="#1b1b1b", weight=1,
                fill=True, fill_color=r["couleur"], fill_opacity=0.95,
                tooltip=folium.Tooltip(plain(tooltip_text(r)), sticky=False)).add_to(fg)
        fg.add_to(m)
    folium.LayerControl(position="topleft", collapsed=True).add_to(m)


def map_html(m: folium.Map) -> str:
    """The map as a standalone HTML page."""
    return m.get_root().render()
