"""Déclik insertion — point d'entrée Streamlit (routeur). Placeholder until the dashboard lands."""
import streamlit as st

st.set_page_config(page_title="Déclik insertion", layout="wide")
st.title("Déclik insertion")
st.write("Tableau de bord de la politique d'insertion du Loir-et-Cher.")
