"""Déclik insertion — Streamlit entry point: the router only.

The pages are declared once in :mod:`ui.pages_list` and routed by :mod:`ui.router`. Before any
page, :func:`ui.access.gate` reads who is signed in (or stops on a French page: sign-in, « accès
non autorisé »); each page's frame (:mod:`ui.frame`) opens the extraction (cached) and draws the
global filters within the user's scope."""
import streamlit as st

from settings import SettingsError
from ui import access, cache, memory, router, theme
from ui.pages_list import sections

st.set_page_config(page_title="Déclik insertion", page_icon=":material/insights:", layout="wide")

theme.page_head()  # lang="fr" and the print stylesheet
try:
    settings = cache.current_settings()
except SettingsError:  # the page frame shows the French message (and no figure)
    settings = None
role = access.gate(settings, router=True).role if settings is not None else None
page = router.navigation(sections(role))
try:
    with router.routing():
        page.run()
finally:  # also after st.stop() / st.rerun(): the modules the run imported are frozen once
    memory.settle()
