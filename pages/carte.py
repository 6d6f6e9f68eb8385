"""Carte: one indicator mapped at any configured level (MDCS or bassin d'emploi, canton, EPCI,
arrondissement, zone d'emploi, commune); a click on a unit makes it the dashboard's territory.
Below the map: the printable version (PNG), the comparison of every unit with the département
(difference, rank, significance), the funnel plot and the first level's trends."""
from dataclasses import replace as _replace

import polars as pl
import streamlit as st

from charts.funnel import funnel_figure, is_funnel_indicator
from charts.small_multiples import mdcs_small_multiples
from geo import maps, offre
from geo.classes import SCHEMES
from geo.layers import comparison_table, map_indicators
from indicators.registry import REGISTRY
from ui import access, cache, frame, map_click, printable, widgets
from ui.map_click import K_REFUS

K_IND, K_NIVEAU, K_SCHEME, K_PNG = "carte_indicateur", "carte_niveau", "carte_classes", "carte_png"
K_LIEUX, K_GROUPE = "carte_lieux", "carte_offre_type"
TRENDS = ("personnes_sdd", "foyers_beneficiaires", "delai_orientation_median_j")


@cache.cached(max_entries=200, spinner="Calcul de la carte…")
def _layer(ctx, ind_id: str, niveau: str, scheme: str):
    return maps.layer(ctx, ind_id, niveau, scheme)


def _scoped_layer(key: cache.Key, ind_id: str, niveau: str, scheme: str, scope):
    """The layer cut to the user's scope (the other units drawn without value, classes made on
    the scope's own values)."""
    lay = _layer(key, ind_id, niveau, scheme)
    return scope.filter_layer(lay) if scope is not None else lay


_places = cache.cached(max_entries=50)(offre.places_table)


@cache.cached(max_entries=100, spinner="Calcul de l'accès à l'offre…")
def _access(ctx, groupe: str, niveau: str, scheme: str):
    lay = offre.access_layer(ctx, groupe, niveau, scheme)
    return lay, offre.peu_pourvus(lay, offre.places_table(ctx), groupe,
                                  ctx.settings.offre_distance_km)


@st.cache_data(show_spinner="Préparation de l'image (quelques secondes)…", max_entries=20,
               hash_funcs=cache.HASH_FUNCS)
def _png(key: cache.Key, ind_id: str, niveau: str, scheme: str, selected: str | None,
         scope) -> bytes:
    from geo.static_map import to_png

    return to_png(maps.static_figure(_scoped_layer(key, ind_id, niveau, scheme, scope), selected),
                  scale=2)


@st.cache_data(show_spinner=False, max_entries=20, ttl=cache.TTL, hash_funcs=cache.HASH_FUNCS)
def _map(key: cache.Key, ind_id: str, niveau: str, scheme: str, selected: str | None, scope,
         places: bool) -> dict:
    """The interactive map of a view, built and rendered once (:func:`ui.map_click.prepared`):
    a rerun of the same view (any widget of the page) sends it again without rebuilding it."""
    lay = _scoped_layer(key, ind_id, niveau, scheme, scope)
    m = maps.interactive_map(lay, key.settings, selected, places=_places(key) if places else None)
    return map_click.prepared(m, 620)


view = frame.page("Carte", "Un indicateur par territoire.", hint="Cliquez sur un territoire pour "
                  "le choisir comme territoire du tableau de bord.")
k = view.key
settings = k.settings
ctx = cache.ctx_of(k)
ids = map_indicators(ctx.ext)
if not ids:
    widgets.unavailable("Aucun indicateur cartographiable dans cette extraction.", "Carte")
    st.stop()
ref = ctx.ref
scope = access.current_scope()
levels = [n for n in (scope.levels(ref.level_ids) if scope else ref.level_ids)
          if n != "departement"]
if st.session_state.get(K_NIVEAU) not in levels:
    st.session_state[K_NIVEAU] = view.territoire.niveau if view.territoire.niveau in levels \
        else levels[0]

c1, c3 = st.columns([2, 1])
ind_id = c1.selectbox("Indicateur", ids, format_func={i: REGISTRY[i].label for i in ids}.get, key=K_IND)
scheme = c3.selectbox("Classes", list(SCHEMES), format_func={s: v.capitalize() for s, v in SCHEMES.items()}.get,
                      key=K_SCHEME)
# the levels on a line of their own: six of them did not fit in a third of the page (« Zone
# d'emploi » and « Commune » were cut off)
niveau = st.segmented_control("Niveau", levels, format_func=ref.libelle, key=K_NIVEAU) or levels[0]
selected = view.territoire.code if view.territoire.niveau == niveau else None

try:
    lay = _scoped_layer(k, ind_id, niveau, scheme, scope)
except maps.MapUnavailable as exc:
    widgets.unavailable(str(exc), "Carte")
    st.stop()

st.subheader(f"{lay.title}, {lay.periode}")
pts = _places(k)
show_places = st.toggle("Afficher les lieux de l'offre d'insertion", value=pts is not None,
                        disabled=pts is None, key=K_LIEUX,
                        help="Un calque par type de lieu, à cocher dans la carte (bouton des calques, en "
                             "haut à gauche).")
if pts is None:
    st.caption(offre.UNAVAILABLE)
if printable.active():  # the printable version: the map as its PNG export (no WebGL, no tiles)
    st.image(_png(k, ind_id, niveau, scheme, selected, scope), width="stretch")  # titled
else:
    map_click.show(_map(cache.view_key(k), ind_id, niveau, scheme, selected, scope, show_places), niveau)
    # the page's warning is at its top, out of sight of a user clicking on the map: a toast too
    refus = st.session_state.pop(K_REFUS, None)
    if refus:
        st.toast(widgets.md(refus), icon=":material/block:", duration="long")
notes = [f"Classes : {lay.classes.description}."] + ([lay.note] if lay.note else [])
if lay.n_masked:
    notes.append(f"{lay.n_masked} territoire(s) hachuré(s) : secret statistique (moins de "
                 f"{lay.seuil}), valeur non diffusée.")
if lay.n_no_data:
    notes.append(f"{lay.n_no_data} territoire(s) sans donnée.")
st.caption(" ".join(notes) + " " + lay.source + ".")
b1, b2 = st.columns(2)
if not view.territoire.is_departement:
    b1.caption(f"Territoire choisi : **{widgets.md(view.territoire_label)}**")
    if b1.button("Ouvrir sa fiche territoire", icon=":material/location_city:", key="carte_fiche"):
        st.switch_page("pages/territoires.py")
with b2:
    if st.button("Préparer la carte imprimable (PNG)", icon=":material/image:", key="carte_prep"):
        st.session_state[K_PNG] = (k, ind_id, niveau, scheme, selected)
    if st.session_state.get(K_PNG) == (k, ind_id, niveau, scheme, selected):
        png_name = f"carte_{ind_id}_{niveau}.png"
        args = (k, ind_id, niveau, scheme, selected, scope)
        st.download_button("Télécharger la carte (PNG)",
                           widgets.audited(lambda: _png(*args), "carte", "png", png_name,
                                           what=ind_id),
                           file_name=png_name, mime="image/png", icon=":material/download:",
                           on_click="ignore", key="carte_dl_png")

st.subheader("Comparaison avec le département")
widgets.table_block(comparison_table(lay), f"Comparaison {lay.ind.label} par {lay.niveau_label}",
                    key="carte_comparaison")

if is_funnel_indicator(lay.ind):
    st.subheader("Écarts significatifs (graphique en entonnoir)")
    fig = widgets.figure(funnel_figure, lay.table, lay.ind,
                         title=f"{lay.ind.label} selon la taille du territoire "
                         f"— {lay.niveau_label} — {lay.periode}", source=view.source_line,
                         niveau_label=lay.niveau_nom)
    widgets.chart_block(fig, comparison_table(lay), f"Entonnoir {lay.ind.label}",
                        key="carte_entonnoir", territoire=view.departement_nom)
    st.caption("Un territoire n'est signalé que si son taux sort des limites de contrôle, qui "
               "s'élargissent quand l'effectif diminue : un petit territoire n'est pas signalé "
               "pour un écart dû au hasard.")

st.subheader("Accès à l'offre d'insertion")
if pts is None:
    widgets.unavailable(offre.UNAVAILABLE, "Accès à l'offre")
else:
    km = f"{settings.offre_distance_km:g}".replace(".", ",")
    groupe = st.selectbox("Type de lieu", offre.groupe_options(), format_func=offre.groupe_label,
                          key=K_GROUPE)
    try:
        alay, table = _access(k, groupe, niveau, scheme)
        if scope is not None and not scope.whole:  # only the user's units, classes on them
            alay = scope.filter_layer(alay)
            table = scope.filter_table(table, niveau) if hasattr(table, "export") else table
    except maps.MapUnavailable as exc:
        widgets.unavailable(str(exc), "Accès à l'offre")
    else:
        st.caption(f"Part des personnes soumises aux droits et devoirs vivant à plus de {km} km (à "
                   f"vol d'oiseau, depuis le centroïde de leur commune) du lieu « "
                   f"{offre.groupe_label(groupe)} » le plus proche, {alay.periode}.")
        fig = widgets.figure_for(
            (cache.view_key(k), groupe, niveau, scheme, selected, scope),
            maps.static_figure, alay, selected, width=1000, height=700,
            places=pts.filter(pts["groupe"] == groupe))
        # every unit of the département drawn: the image says the département, not the filters'
        # territory (« Canton Blois-3 — 2025 » under a map of the 15 cantons)
        widgets.chart_block(fig, None, f"Accès à l'offre {offre.groupe_label(groupe)}",
                            key="carte_offre", territoire=view.departement_nom)
        widgets.table_block(table, f"Territoires peu pourvus {offre.groupe_label(groupe)} par "
                            f"{ref.nom_niveau(niveau)}", key="carte_peu_pourvus")

first = ref.premier_niveau
par = f"par {ref.nom_niveau(first)}"
st.subheader(f"Évolution {par}")
dep_key = cache.departement_key(k)
first_codes = scope.codes(first) if scope is not None else None
if first_codes is not None and not first_codes:
    st.caption(f"Votre périmètre ne comprend aucune {ref.nom_niveau(first)} entière.")
    st.stop()
tabs = printable.tabs([REGISTRY[i].label for i in TRENDS if i in REGISTRY])
for tab, i in zip(tabs, [i for i in TRENDS if i in REGISTRY], strict=True):
    with tab:
        b = cache.series(dep_key, i, (first,))
        if first_codes is not None and b.ok and b.data is not None and first in b.data.columns:
            b = _replace(b, data=b.data.filter(pl.col(first).is_in(sorted(first_codes))),
                         table=scope.filter_table(b.table, first) if b.table else b.table)
        widgets.breakdown_block(b, lambda b, i=i: widgets.figure(
            mdcs_small_multiples, b.data, REGISTRY[i],
            title=f"{REGISTRY[i].label} {par} — {view.departement_nom} — "
            f"{b.window or view.periode.label}", source=view.source_line, niveau=first),
            f"{REGISTRY[i].label} {par}", territoire=view.departement_nom)
