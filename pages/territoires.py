"""Territoires: the chosen territory's profile (« fiche territoire ») beside the département, and
every unit of a level side by side."""
import streamlit as st

from ui import cache, frame, widgets

view = frame.page("Territoires", "La fiche d'un territoire et la comparaison de tous les "
                  "territoires d'un même niveau.")
k = view.key
IDS = ("foyers_beneficiaires", "foyers_beneficiaires_pour_1000_hab", "personnes_sdd", "entrees",
       "sorties", "delai_orientation_median_j", "part_orientes_dans_delai", "taux_orientation",
       "taux_cer_valide", "taux_absenteisme", "taux_sorties_dynamiques")

st.subheader("Fiche territoire")
if view.is_departement:
    st.info("Choisissez un niveau et un territoire dans les filtres (à gauche) pour afficher sa "
            "fiche à côté des valeurs du département.", icon=":material/info:")
    widgets.cards(cache.cards(k, IDS[:4]), view.comparaison.label)
else:
    widgets.cards(cache.cards(k, IDS[:4]), view.comparaison.label)
    left, right = st.columns([3, 2])
    with left:
        t = cache.territory_profile(k, IDS)
        widgets.table_block(t, f"Fiche {view.where}", key="fiche")
    with right:
        widgets.map_panel(k, "foyers_beneficiaires", f"Carte {view.where}")

st.subheader("Comparaison des territoires")
s = k.settings
ref = cache.ctx_of(k).ref
levels = [n for n in ref.level_ids if n != "departement"]
own = view.territoire.niveau if view.territoire.niveau in levels else levels[0]
niveau = st.segmented_control("Niveau comparé", levels, format_func=ref.libelle,
                              default=own, key="territoires_niveau") or own
t = cache.territory_comparison(k, IDS, niveau)
widgets.table_block(t, f"Comparaison par {ref.nom_niveau(niveau)}", key="comparaison")
if ref.partial_units(niveau):
    st.caption("« (partie du département) » : zone d'emploi dont le pôle est hors du département ; "
               "seule sa partie dans le département est comptée.")
st.caption("Les cartes de ces indicateurs sont sur la page Carte. Secret statistique : sous le "
           f"niveau département, un effectif de 1 à {s.seuil_secret - 1} est affiché « < "
           f"{s.seuil_secret} » et un taux calculé sur moins de {s.seuil_secret} personnes n'est pas "
           "affiché.")
