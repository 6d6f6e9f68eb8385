"""Déclik insertion — Streamlit entry point: the router only.

The pages are declared once in :mod:`ui.pages_list` and routed by :mod:`ui.router`; each page's
frame (:mod:`ui.frame`) opens the extraction (cached) and draws the global filters."""
import streamlit as st

from ui import router, theme
from ui.pages_list import sections

st.set_page_config(page_title="Déclik insertion", page_icon=":material/insights:", layout="wide")

theme.page_head()  # lang="fr" and the print stylesheet
page = router.navigation(sections())
with router.routing():
    page.run()
