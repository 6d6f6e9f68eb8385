"""Définitions: the indicator dictionary generated from the registry, searchable."""
import streamlit as st

from indicators.views import definitions
from ui import frame, widgets

frame.page("Définitions des indicateurs", "Chaque indicateur du tableau de bord : sa définition, "
           "son unité, ses tables sources et la fiche action du PDI qu'il sert.",
           need_extraction=False)
q = st.text_input("Rechercher", placeholder="ex. délai, CER, France Travail, FAJD…",
                  key="definitions_q")
t = definitions(q)
st.caption(f"{t.display.height} indicateur(s).")
widgets.table_block(t, "Dictionnaire des indicateurs", key="definitions")
