"""Déclik insertion — Streamlit entry point: the router only.

The pages are declared once in :mod:`ui.pages_list`. Before any page, :func:`ui.access.gate` reads
who is signed in (or stops on a French page: sign-in, « accès non autorisé »); each page's frame
(:mod:`ui.frame`) opens the extraction (cached) and draws the global filters within the user's
scope."""
import streamlit as st

from ui import access, cache
from ui.pages_list import sections

st.set_page_config(page_title="Déclik insertion", page_icon=":material/insights:", layout="wide")

user = access.gate(cache.current_settings())
page = st.navigation({
    section: [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
              for p in specs]
    for section, specs in sections(user.role).items()
}, expanded=True)  # every page listed: no English « View N more » button
page.run()
