"""Entry points of the map module for pages and exports (no streamlit here).

- :func:`layer` — the masked values, classes and texts of one indicator at one level;
- :func:`interactive_map` — the folium map; :func:`static_figure` — the plotly map (export, print);
- :func:`thumbnail_figure` — a small plotly map for the Synthèse and Territoires pages.

An indicator that is not registered, or whose source tables are absent from the extraction,
raises :class:`MapUnavailable` with a French message (pages show it instead of the map).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from geo import static_map
from geo.classes import Scheme
from geo.layers import MapLayer, build_layer, map_indicators
from indicators.context import Ctx
from indicators.registry import REGISTRY
from settings import Settings

if TYPE_CHECKING:  # folium (and pandas behind it) is imported by the interactive map only
    import folium

__all__ = ["MapUnavailable", "layer", "interactive_map", "static_figure", "thumbnail_figure",
           "thumbnail", "thumbnail_level", "map_indicators"]


class MapUnavailable(ValueError):
    """The indicator cannot be mapped here (French message)."""


def check(ctx: Ctx, ind_id: str, niveau: str) -> None:
    if ind_id not in REGISTRY:
        raise MapUnavailable(f"Indicateur « {ind_id} » non disponible dans cette version.")
    if niveau not in ctx.ref.niveaux:
        raise MapUnavailable(f"Niveau territorial inconnu : « {niveau} ».")
    ind = REGISTRY[ind_id]
    missing = [t for t in ind.tables if not ctx.ext.has(t)]
    if missing:
        raise MapUnavailable(f"{ind.label} : non disponible dans cette extraction (table absente : "
                             f"{', '.join(missing)}).")


def layer(ctx: Ctx, ind_id: str, niveau: str, scheme: Scheme = "quantiles", k: int = 5) -> MapLayer:
    check(ctx, ind_id, niveau)
    return build_layer(ctx, ind_id, niveau, scheme, k)


def selected_code(ctx: Ctx, niveau: str) -> str | None:
    """The context's territory when it is a unit of ``niveau`` (outlined on the maps)."""
    t = ctx.territoire
    return t.code if t.niveau == niveau and not t.is_departement else None


def interactive_map(lay: MapLayer, settings: Settings, selected: str | None = None,
                    height: int = 620, places=None) -> folium.Map:
    """The folium map; ``places`` (:func:`geo.offre.places_table`) drawn as toggled points."""
    from geo import folium_map

    return folium_map.build_map(lay, settings, selected, height, places=places)


def static_figure(lay: MapLayer, selected: str | None = None, width: int = 1000,
                  height: int = 760, places=None) -> go.Figure:
    return static_map.build_figure(lay, width, height, selected=selected, places=places)


def thumbnail_figure(ctx: Ctx, ind_id: str, niveau: str | None = None, scheme: Scheme = "quantiles",
                     width: int = 380, height: int = 440) -> go.Figure:
    """A small plotly map (coarse borders, legend below) of ``ind_id`` by ``niveau``; the
    context's territory is outlined when it is a unit of that level."""
    return thumbnail(ctx, ind_id, niveau, scheme, width, height)[0]


def thumbnail_level(ctx: Ctx) -> str:
    """The level a thumbnail is drawn at: the territory's own level (so that it is outlined
    among its neighbours), the level below for the département (its first level)."""
    t = ctx.territoire
    return ctx.ref.sub_level("departement") if t.is_departement else t.niveau


def thumbnail(ctx: Ctx, ind_id: str, niveau: str | None = None, scheme: Scheme = "quantiles",
              width: int = 380, height: int = 440) -> tuple[go.Figure, MapLayer]:
    """The thumbnail figure and the layer it draws (for its data table); ``niveau`` defaults to
    the département's first level."""
    niveau = niveau or ctx.ref.premier_niveau
    lay = layer(ctx, ind_id, niveau, scheme, k=4)
    return (static_map.build_figure(lay, width, height, thumbnail=True,
                                    selected=selected_code(ctx, niveau)), lay)
