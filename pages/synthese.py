"""Synthèse: the key cards, what changed most in plain French, the trend and a thumbnail map."""
import streamlit as st

from charts import figures as F
from ui import cache, frame, widgets

CARDS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties",
         "delai_orientation_median_j", "part_orientes_dans_delai", "taux_cer_valide",
         "taux_sorties_dynamiques")

view = frame.page("Synthèse", "Les chiffres clefs de la politique d'insertion, leur évolution et "
                  "ce qui a le plus changé.")
widgets.key_cards(view, CARDS)

left, right = st.columns([3, 2])
with left:
    st.subheader("Ce qui a changé")
    lines = cache.sentences(view.key, CARDS, view.where)
    if lines:
        st.markdown("\n".join(f"- {s}" for s in lines))
    else:
        st.info("Pas assez de données comparables pour commenter l'évolution.")
    b = cache.series(view.key, "foyers_beneficiaires")
    widgets.breakdown_block(b, lambda b: F.time_series(
        b.data, title=view.title("Foyers bénéficiaires du RSA en fin de mois", b.window),
        source=view.source_line, fmt="entier", height=340), "Foyers bénéficiaires par mois")
with right:
    st.subheader("Carte")
    widgets.map_panel(view.key, "foyers_beneficiaires", "Carte des foyers bénéficiaires")
