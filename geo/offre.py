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

from dataclasses import dataclass

import polars as pl
import shapely

from geo import geometry
from geo.layers import MapLayer, build_layer
from geo.places import plain, spread, tooltip_text  # noqa: F401  (re-exported)
from indicators.context import Ctx, python_map
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
        python_map(df["type_lieu"], lambda t: code_label("type_lieu", t), "type_libelle"),
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
        RANK: [str(i + 1) if i < vis.height else "–" for i in range(len(rows))],
        head_unit: [r["nom"] for r in rows],
        head_share: [r["texte"] for r in rows],
        DENOMINATOR: [_count_text(r["effectif"]) for r in rows],
        f"Lieux « {SHORT[groupe]} » dans le territoire": [str(counts.get(r["code"], 0))
                                                         for r in rows],
    }
    exp = {
        "Code": [r["code"] for r in rows], head_unit: disp[head_unit],
        f"{head_share} (%)": [None if r["valeur"] is None else r["valeur"] * 100 for r in rows],
        f"{DENOMINATOR} (dénominateur)": [r["effectif"] for r in rows],
        f"Lieux « {SHORT[groupe]} » dans le territoire": [counts.get(r["code"], 0)
                                                          for r in rows],
        "Secret statistique": [bool(r["masque"]) for r in rows],
    }
    note = (f"Distance à vol d'oiseau depuis le centroïde de la commune de résidence jusqu'au lieu "
            f"le plus proche, seuil de {km} km. "
            f"Classement du plus au moins éloigné. {DENOMINATOR_NOTE}")
    return _ranking_table(disp, exp, note, layer.n_masked, layer)


# the « territoires peu pourvus » tables, one kind of place (Carte) or all (Territoires, packs),
# read the same way: the rank, the unit, then the figures; the denominator under one short header
# (the every-kind table is wide), said in the note
RANK, DENOMINATOR = "Rang", "Personnes SDD"
DENOMINATOR_NOTE = f"« {DENOMINATOR} » : dénominateur des parts."


def _count_text(n) -> str:
    return "–" if n is None else f"{int(n):,}".replace(",", "\u202f")


def _ranking_table(disp: dict, exp: dict, note: str, n_hidden: int, layer: MapLayer) -> Table:
    """A « territoires peu pourvus » table: its note says what is unranked (secret statistique)
    and what is only partly in the département."""
    if n_hidden:
        note += (f" {n_hidden} unité(s) sous le seuil du secret statistique : non classée(s), "
                 "valeur non diffusée.")
    if layer.ref.partial_units(layer.niveau):
        note += " « (partie du département) » : seule la partie dans le département est comptée."
    return Table(pl.DataFrame(disp, schema={c: pl.Utf8 for c in disp}),
                 pl.DataFrame(exp, strict=False), note)


NEEDS_ID = "personnes_sdd_pour_1000_hab"  # the needs under the places (fiche and packs)
CENTROID_NOTE = ("Le point de départ est le centroïde de la commune de résidence : le référentiel "
                 "n'a pas de grille de population, donc pas de point pondéré par la population.")


def present_groupes(pts: pl.DataFrame | None) -> list[str]:
    """The measured kinds that have at least one place in the extraction, in menu order."""
    if pts is None:
        return []
    have = set(pts["groupe"].drop_nulls().to_list())
    return [g for g in GROUPES if g in have]


def access_layers(ctx: Ctx, niveau: str, groupes: list[str]) -> dict[str, MapLayer]:
    return {g: access_layer(ctx, g, niveau) for g in groupes}


def _km(distance_km: float) -> str:
    return f"{distance_km:g}".replace(".", ",")


def access_by_type(layers: dict[str, MapLayer], pts: pl.DataFrame, selected: str | None,
                   where: str, distance_km: float) -> Table:
    """For each kind of place present: the share of personnes SDD of the territory (``selected``
    unit of the layers' level; ``None``: the département) living more than ``distance_km`` from
    one, beside the département's, and the number of places of that kind in the territory. The
    shares are the layers' own texts (secret statistique applied)."""
    km = _km(distance_km)
    share = f"Part des personnes SDD à plus de {km} km"
    disp: dict[str, list[str]] = {"Type de lieu": [], "Lieux dans le territoire": []}
    exp: dict[str, list] = {"Type de lieu": [], "Lieux dans le territoire": []}
    if selected is not None:
        disp[f"{share} — {where}"], exp[f"{share} — {where} (%)"] = [], []
    disp[f"{share} — département"], exp[f"{share} — département (%)"] = [], []
    for g, lay in layers.items():
        n_all = int((pts["groupe"] == g).sum())
        n = _places_per_unit(lay, pts, g).get(selected, 0) if selected is not None else n_all
        disp["Type de lieu"].append(SHORT[g])
        exp["Type de lieu"].append(SHORT[g])
        disp["Lieux dans le territoire"].append(str(n))
        exp["Lieux dans le territoire"].append(n)
        if selected is not None:
            row = lay.table.filter(pl.col("code") == selected)
            r = row.row(0, named=True) if row.height else None
            disp[f"{share} — {where}"].append(r["texte"] if r else "–")
            exp[f"{share} — {where} (%)"].append(
                None if r is None or r["valeur"] is None else r["valeur"] * 100)
        v = lay.valeur_departement
        disp[f"{share} — département"].append(lay.texte_departement)
        exp[f"{share} — département (%)"].append(None if v is None else v * 100)
    note = (f"Distance à vol d'oiseau jusqu'au lieu le plus proche de chaque type, seuil de "
            f"{km} km. {CENTROID_NOTE} Un type sans aucun lieu dans "
            "l'extraction n'est pas listé. MDCS et antennes comptent ensemble.")
    return Table(pl.DataFrame(disp, schema={c: pl.Utf8 for c in disp}),
                 pl.DataFrame(exp, strict=False), note)


def peu_pourvus_types(layers: dict[str, MapLayer], pts: pl.DataFrame, distance_km: float,
                      codes: set[str] | None = None) -> Table:
    """« Territoires peu pourvus », every kind of place at once: each unit of the layers' level
    (``codes``: only these) with the share of its personnes SDD living more than
    ``distance_km`` from a place of each kind, ranked by the number of kinds that are that far
    for the majority (more than 50 %) of them, then by name. A unit masked for any kind
    (secret statistique) comes last, without rank."""
    km = _km(distance_km)
    groupes = list(layers)
    first = layers[groupes[0]]
    base = first.table.select("code", "nom", "effectif")
    if codes is not None:
        base = base.filter(pl.col("code").is_in(sorted(codes)))
    per = {g: {r["code"]: r for r in lay.table.iter_rows(named=True)} for g, lay in layers.items()}
    counts = {g: _places_per_unit(lay, pts, g) for g, lay in layers.items()}
    rows = []
    for b in base.iter_rows(named=True):
        cells = [per[g].get(b["code"]) for g in groupes]
        hidden = any(c is None or c["masque"] or c["sans_donnee"] for c in cells)
        far = None if hidden else sum(1 for c in cells if c["valeur"] is not None
                                      and c["valeur"] > 0.5)
        # the denominator as the one-kind table of a kind that shows it (the same for all)
        shown = [c["effectif"] for c in cells if c is not None and not c["masque"]
                 and c["effectif"] is not None]
        rows.append((b, cells, hidden, far, shown[0] if shown else None))
    vis = sorted((r for r in rows if not r[2]), key=lambda r: (-r[3], r[0]["nom"]))
    hid = sorted((r for r in rows if r[2]), key=lambda r: r[0]["nom"])
    ordered = vis + hid
    head = first.niveau_label
    n_far = "Types de lieux à plus de " + km + " km pour la majorité"
    disp: dict[str, list[str]] = {  # short headers: the shares' words are in the title
        RANK: [str(i + 1) if i < len(vis) else "–" for i in range(len(ordered))],
        head: [r[0]["nom"] for r in ordered],
        "Types éloignés": ["–" if r[3] is None else str(r[3]) for r in ordered],
        DENOMINATOR: [_count_text(r[4]) for r in ordered]}
    exp: dict[str, list] = {"Code": [r[0]["code"] for r in ordered], head: disp[head],
                            n_far: [r[3] for r in ordered],
                            f"{DENOMINATOR} (dénominateur)": [r[4] for r in ordered]}
    for k, g in enumerate(groupes):
        disp[SHORT[g]] = [
            "–" if r[1][k] is None else r[1][k]["texte"] for r in ordered]
        exp[f"{SHORT[g]} : part à plus de {km} km (%)"] = [
            None if r[1][k] is None or r[1][k]["valeur"] is None else r[1][k]["valeur"] * 100
            for r in ordered]
        exp[f"{SHORT[g]} : lieux dans le territoire"] = [counts[g].get(r[0]["code"], 0)
                                                         for r in ordered]
    exp["Secret statistique"] = [r[2] for r in ordered]
    note = (f"Une colonne par type de lieu : part des personnes SDD vivant à plus de {km} km (à "
            f"vol d'oiseau) du lieu de ce type le plus proche. "
            f"{CENTROID_NOTE} « Types éloignés » : nombre de types de lieux à plus de {km} km "
            "pour plus de la moitié des personnes SDD de l'unité ; classement du plus grand au plus "
            f"petit nombre, puis par nom. {DENOMINATOR_NOTE}")
    return _ranking_table(disp, exp, note, len(hid), first)


def needs_layer(ctx: Ctx, niveau: str, fallback: str) -> MapLayer:
    """The choropleth of needs under the places (personnes SDD per 1 000 inhabitants); the
    access layer of ``fallback`` when the needs cannot be computed on this extraction."""
    from geo import maps

    try:
        return maps.layer(ctx, NEEDS_ID, niveau)
    except maps.MapUnavailable:
        return access_layer(ctx, fallback, niveau)


def units_within(ctx: Ctx, niveau: str) -> set[str] | None:
    """The codes of ``niveau`` having a commune in the context's territory; ``None`` for the
    département (every unit)."""
    t = ctx.territoire
    if t.is_departement:
        return None
    ref = ctx.ref
    c = ref.communes
    col_t, col_n = ref.niveau(t.niveau).colonne_code, ref.niveau(niveau).colonne_code
    if t.niveau == "canton":
        inside = c.filter(pl.col("cantons_2015").list.contains(t.code) | (pl.col(col_t) == t.code))
    else:
        inside = c.filter(pl.col(col_t) == t.code)
    if niveau == "canton":
        return set(inside["canton_code"].to_list()) | set(inside["cantons_2015"].explode().to_list())
    return set(inside[col_n].drop_nulls().to_list())


@dataclass(frozen=True)
class Access:
    """The access panel of a territory (fiche, packs): the map of needs with every place by
    type, the shares by kind for the territory, and « territoires peu pourvus » by unit."""

    figure: object
    by_type: Table
    peu_pourvus: Table
    layer: MapLayer
    groupes: tuple[str, ...]


def access_panel(ctx: Ctx, niveau: str, restrict: bool = False, width: int = 1000,
                 height: int = 760) -> Access | None:
    """``niveau``: the level of the map and of the ranking; ``restrict``: rank only the units of
    that level inside the context's territory (a pack of a canton ranks its communes). ``None``
    when ``lieu`` is absent or has no measured place."""
    from geo import maps

    pts = places_table(ctx)
    groupes = present_groupes(pts)
    if pts is None or not groupes:
        return None
    layers = access_layers(ctx, niveau, groupes)
    own = ctx.territoire.niveau
    if ctx.territoire.is_departement or own == niveau:
        by_layers, sel = layers, maps.selected_code(ctx, niveau)
    else:  # the territory's own shares come from its own level
        by_layers, sel = access_layers(ctx, own, groupes), ctx.territoire.code
    where = ctx.ref.label(own, ctx.territoire.code) if sel is not None else ""
    by_type = access_by_type(by_layers, pts, sel, where, ctx.settings.offre_distance_km)
    ranking = peu_pourvus_types(layers, pts, ctx.settings.offre_distance_km,
                                units_within(ctx, niveau) if restrict else None)
    lay = needs_layer(ctx, niveau, groupes[0])
    fig = maps.static_figure(lay, maps.selected_code(ctx, niveau), width=width, height=height,
                             places=pts)
    return Access(fig, by_type, ranking, lay, tuple(groupes))


def territory_access(ctx: Ctx, width: int = 1000, height: int = 720) -> Access | None:
    """The Territoires fiche's access panel at the territory's own level (outlined among its
    neighbours; the first level for the département); ``None`` when ``lieu`` is absent."""
    from geo import maps

    return access_panel(ctx, maps.thumbnail_level(ctx), width=width, height=height)
