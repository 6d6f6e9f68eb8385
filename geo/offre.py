"""The insertion offer on the maps (no streamlit here): the places of the optional table ``lieu``
as points by type, the access maps (share of personnes SDD living more than ``[offre]
distance_km`` from a place of a kind, :mod:`indicators.core.offre`) and the « territoires peu
pourvus » table that ranks the units of a level by that share.

Every figure goes through the map layer (:func:`geo.layers.build_layer`), hence through the
secret statistique of :mod:`indicators.secret`: a masked unit shows « secret statistique » and is
ranked nowhere. Names of places are data from the extraction: they are drawn as plain text
(escaped), never as HTML.
"""
from __future__ import annotations

import polars as pl
import shapely

from geo import geometry
from geo.layers import MapLayer, build_layer
from geo.places import plain, spread, tooltip_text  # noqa: F401  (re-exported)
from indicators.context import Ctx
from indicators.core.offre import GROUPES, SHORT, indicator_id, places
from indicators.labels import code_label
from indicators.views import Table

UNAVAILABLE = ("Lieux de l'offre d'insertion : non disponible (la table lieu est absente de "
               "l'extraction).")
# One colour per type of place (Okabe-Ito, colour-blind safe), dark outline on the maps.
TYPE_COLORS = {
    "mdcs": "#D55E00", "antenne_mdcs": "#E69F00", "france_travail": "#0072B2",
    "mission_locale": "#009E73", "cias_ccas": "#CC79A7", "point_numerique": "#56B4E9",
    "siae": "#F0E442", "organisme_formation": "#7F3C8D", "autre": "#7F7F7F",
}
TYPE_ORDER = tuple(TYPE_COLORS)


def available(ctx: Ctx) -> bool:
    return ctx.ext.has("lieu")


def places_table(ctx: Ctx) -> pl.DataFrame | None:
    """Every place with a position: ``id_lieu, type_lieu, type_libelle, groupe, nom,
    commune_insee, commune_nom, latitude, longitude, couleur``; ``None`` when ``lieu`` is absent."""
    if not available(ctx):
        return None
    names = ctx.ref.unit_names("commune")
    df = places(ctx).collect()
    return df.with_columns(
        pl.col("commune_insee").replace_strict(names, default="commune inconnue")
        .alias("commune_nom"),
        pl.col("type_lieu").map_elements(lambda t: code_label("type_lieu", t),
                                         return_dtype=pl.Utf8).alias("type_libelle"),
        pl.col("type_lieu").replace_strict(TYPE_COLORS, default=TYPE_COLORS["autre"])
        .alias("couleur"),
    ).sort(pl.col("type_lieu").replace_strict({t: i for i, t in enumerate(TYPE_ORDER)},
                                              default=len(TYPE_ORDER)), "nom")


def groupe_options() -> list[str]:
    return list(GROUPES)


def groupe_label(groupe: str) -> str:
    return SHORT[groupe]


def access_layer(ctx: Ctx, groupe: str, niveau: str, scheme: str = "quantiles") -> MapLayer:
    """The choropleth of the share of personnes SDD far from a place of ``groupe``."""
    return build_layer(ctx, indicator_id(groupe), niveau, scheme)


def _places_per_unit(layer: MapLayer, pts: pl.DataFrame | None, groupe: str) -> dict[str, int]:
    if pts is None:
        return {}
    p = pts.filter(pl.col("groupe") == groupe)
    if not p.height:
        return {}
    geo = geometry.level_geometries(layer.niveau, "moyen", layer.ref)
    tree = shapely.STRtree(geo.geometry.values)
    points = shapely.points(p["longitude"].to_numpy(), p["latitude"].to_numpy())
    pi, ui = tree.query(points, predicate="intersects")
    out: dict[str, int] = {}
    seen = set()
    for a, b in zip(pi.tolist(), ui.tolist(), strict=True):
        if a in seen:  # a point on a shared border counts once
            continue
        seen.add(a)
        code = geo["code"].values[b]
        out[code] = out.get(code, 0) + 1
    return out


def peu_pourvus(layer: MapLayer, pts: pl.DataFrame | None, groupe: str,
                distance_km: float) -> Table:
    """« Territoires peu pourvus »: every unit of the layer's level ranked by the share of its
    personnes SDD living more than ``distance_km`` from a place of ``groupe`` (largest first).
    Masked units (secret statistique) come last, without value or rank."""
    t = layer.table
    counts = _places_per_unit(layer, pts, groupe)
    km = f"{distance_km:g}".replace(".", ",")
    vis = t.filter(~pl.col("masque") & ~pl.col("sans_donnee")).sort(["valeur", "nom"],
                                                                     descending=[True, False])
    hid = t.filter(pl.col("masque") | pl.col("sans_donnee")).sort("nom")
    rows = vis.rows(named=True) + hid.rows(named=True)
    head_share = f"Part des personnes SDD à plus de {km} km"
    head_unit = layer.niveau_label
    disp = {
        "Rang": [str(i + 1) if i < vis.height else "–" for i in range(len(rows))],
        head_unit: [r["nom"] for r in rows],
        head_share: [r["texte"] for r in rows],
        "Personnes SDD (dénominateur)": [
            "–" if r["effectif"] is None else f"{int(r['effectif']):,}".replace(",", "\u202f")
            for r in rows],
        f"Lieux « {SHORT[groupe]} » dans le territoire": [str(counts.get(r["code"], 0))
                                                         for r in rows],
    }
    exp = {
        "Code": [r["code"] for r in rows], head_unit: disp[head_unit],
        f"{head_share} (%)": [None if r["valeur"] is None else r["valeur"] * 100 for r in rows],
        "Personnes SDD (dénominateur)": [r["effectif"] for r in rows],
        f"Lieux « {SHORT[groupe]} » dans le territoire": [counts.get(r["code"], 0)
                                                          for r in rows],
        "Secret statistique": [bool(r["masque"]) for r in rows],
    }
    note = (f"Distance à vol d'oiseau depuis le centroïde de la commune de résidence jusqu'au lieu "
            f"le plus proche (table lieu), seuil [offre] distance_km = {km} km. "
            f"Classement du plus au moins éloigné.")
    if layer.n_masked:
        note += (f" {layer.n_masked} unité(s) sous le seuil du secret statistique : non "
                 "classée(s), valeur non diffusée.")
    if layer.ref.partial_units(layer.niveau):
        note += " « (partie du département) » : seule la partie dans le département est comptée."
    return Table(pl.DataFrame(disp, schema={c: pl.Utf8 for c in disp}),
                 pl.DataFrame(exp, strict=False), note)


def territory_access(ctx: Ctx, groupe: str = "point_numerique", width: int = 520,
                     height: int = 560):
    """The Territoires fiche's access panel: the static map of the share far from a place of
    ``groupe`` at the territory's own level (outlined; the first level for the département),
    with the places, and the « territoires peu pourvus » table of that level; ``None`` when
    ``lieu`` is absent."""
    from geo import maps

    pts = places_table(ctx)
    if pts is None:
        return None
    niveau = maps.thumbnail_level(ctx)
    lay = access_layer(ctx, groupe, niveau)
    fig = maps.static_figure(lay, maps.selected_code(ctx, niveau), width=width, height=height,
                             places=pts.filter(pl.col("groupe") == groupe))
    return fig, peu_pourvus(lay, pts, groupe, ctx.settings.offre_distance_km)
