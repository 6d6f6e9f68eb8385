"""Synthèse: the key cards, what changed most in plain French, the trend and a thumbnail map."""
import streamlit as st

from ui import cache, frame, widgets

CARDS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties",
         "delai_orientation_median_j", "part_orientes_dans_delai", "taux_cer_valide",
         "taux_sorties_dynamiques")

view = frame.page("Synthèse", "Les chiffres clefs de la politique d'insertion, leur évolution et "
                  "ce qui a le plus changé.", cards=CARDS)

left, right = st.columns([3, 2])
with left:
    st.subheader("Ce qui a changé")
    lines = cache.sentences(view.key, CARDS, view.territoire_label)
    if lines:
        st.markdown("\n".join(f"- {s}" for s in lines))
    else:
        st.info("Pas assez de données comparables pour commenter l'évolution.")
    widgets.monthly(view, cache.series(view.key, "foyers_beneficiaires"),
                    "Foyers bénéficiaires du RSA en fin de mois", "Foyers bénéficiaires par mois",
                    height=340)
with right:
    st.subheader("Carte")
    widgets.map_panel(view.key, "foyers_beneficiaires", "Carte des foyers bénéficiaires")
