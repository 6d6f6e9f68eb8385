"""Territoires: the chosen territory's profile (« fiche territoire ») beside the département, and
every unit of a level side by side."""
import streamlit as st

from geo import offre
from indicators.secret import rules_text
from ui import cache, frame, printable, widgets

view = frame.page("Territoires", "La fiche d'un territoire et la comparaison de tous les "
                  "territoires d'un même niveau.")
k = view.key
IDS = ("foyers_beneficiaires", "foyers_beneficiaires_pour_1000_hab", "personnes_sdd", "entrees",
       "sorties", "delai_orientation_median_j", "part_orientes_dans_delai", "taux_orientation",
       "taux_cer_valide", "taux_absenteisme", "taux_sorties_dynamiques")

st.subheader("Fiche territoire")
ref = cache.ctx_of(k).ref


def attachments_text(code: str) -> str:
    """« Blois appartient à : MDCS Blois Agglomération ; cantons Blois-1, … ; EPCI … »."""
    by_level: dict[str, list[str]] = {}
    for lib, _, name in ref.commune_attachments(code):
        by_level.setdefault(lib, []).append(name)
    parts = [f"{lib if len(ns) == 1 or lib in ('MDCS', 'EPCI') else lib + 's'} {', '.join(ns)}"
             for lib, ns in by_level.items()]
    return " ; ".join(parts)


if view.territoire.niveau == "commune":
    st.markdown(f"**{ref.label('commune', view.territoire.code)}** appartient à : "
                f"{attachments_text(view.territoire.code)}.")
# the commune finder is a search field: not in the printable version
if not printable.active():
    with st.expander(f"Trouver son canton, son {ref.nom_niveau(ref.premier_niveau)} et son EPCI à partir "
                     "d'une commune" if ref.premier_niveau != "mdcs"
                     else "Trouver son canton, sa MDCS et son EPCI à partir d'une commune",
                     icon=":material/search:"):
        names = ref.unit_names("commune")
        commune = st.selectbox("Commune", sorted(names, key=lambda c: names[c]), index=None,
                               format_func={c: f"{names[c]} ({c})" for c in names}.get,
                               key="territoires_commune",
                               placeholder="Tapez le nom d'une commune")
        if commune:
            st.markdown(f"**{names[commune]}** appartient à : {attachments_text(commune)}.")
            shared = [names[c] for c in sorted(ref.split_communes)]
            printable.hint("Choisissez ensuite le niveau et le territoire dans les filtres (à gauche). "
                           + (f"{' et '.join(shared)} "
                              f"{'sont partagées' if len(shared) > 1 else 'est partagée'} entre "
                              "plusieurs cantons." if shared else ""))
if view.territoire.is_departement:
    printable.hint("Choisissez un niveau et un territoire dans les filtres (à gauche) pour "
                   "afficher sa fiche à côté des valeurs du département.", info=True)
    widgets.key_cards(view, IDS[:4])
else:
    widgets.key_cards(view, IDS[:4])
    left, right = st.columns([3, 2])
    with left:
        t = cache.territory_profile(k, IDS)
        widgets.table_block(t, f"Fiche {view.territoire_label}", key="fiche")
    with right:
        widgets.map_panel(k, "foyers_beneficiaires", f"Carte {view.territoire_label}")

st.subheader("Accès à l'offre d'insertion")
_access = cache.territory_access(k)
if _access is None:
    widgets.unavailable(offre.UNAVAILABLE, "Accès à l'offre")
else:
    widgets.table_block(_access.by_type, f"Accès à l'offre par type de lieu {view.territoire_label}",
                        key="fiche_offre_types")
    widgets.chart_block(_access.figure, None, f"{_access.layer.title} et lieux de l'offre "
                        f"d'insertion", key="fiche_offre", territoire=view.departement_nom)
    widgets.table_block(_access.peu_pourvus, "Territoires peu pourvus en offre d'insertion par "
                        f"{ref.nom_niveau(_access.layer.niveau)}", key="fiche_peu_pourvus")

st.subheader("Comparaison des territoires")
s = k.settings
levels = [n for n in ref.level_ids if n != "departement"]
own = view.territoire.niveau if view.territoire.niveau in levels else levels[0]
niveau = st.segmented_control("Niveau comparé", levels, format_func=ref.libelle,
                              default=own, key="territoires_niveau") or own
t = cache.territory_comparison(k, IDS, niveau)
widgets.table_block(t, f"Comparaison par {ref.nom_niveau(niveau)}", key="comparaison")
if ref.partial_units(niveau):
    st.caption(f"« (partie du département) » : {ref.nom_niveau(niveau)} dont le pôle est hors du "
               "département ; "
               "seule sa partie dans le département est comptée.")
st.caption("Les cartes de ces indicateurs sont sur la page Carte. " + rules_text(s))
