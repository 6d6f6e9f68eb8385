"""The Carte page's click on a unit (``st_folium``'s callback), outside the page's module: a
callback defined in a page holds that run's whole namespace (its folium map, layers, figures) for
as long as Streamlit keeps the widget's metadata — a session keeps those of the widgets of every
page it visited (the memory of a 10-session soak, bench/RESULTS.md « Many users »). For the same
reason the pages' ``format_func`` are a dict's ``get``, not lambdas."""
from __future__ import annotations

import streamlit as st

from access.scope import OUTSIDE, refused_unit
from indicators.formatting import upper_first
from ui import access, filters

MAP_KEY = "carte_folium"
K_REFUS = "carte_clic_refuse"  # the refusal of the last click, shown where the user looks


def select_clicked(niveau: str) -> None:
    """st_folium callback (runs before the next run): the clicked unit becomes the territory of
    the dashboard's filters (the sidebar then writes it to the URL). Both the stored filter value
    and the sidebar widget's own state are set, as the widget's state wins when it exists."""
    out = st.session_state.get(MAP_KEY) or {}
    feat = out.get("last_active_drawing") or {}
    code = (feat.get("properties") or {}).get("code")
    if not code:
        return
    scope = access.current_scope()
    t = filters.Territoire(niveau, str(code))
    if scope is not None and not scope.allows(t):  # a click outside the scope: refused
        access.refuse(t, scope)
        # short: a toast longer than three lines is cut, with an English « view more »
        st.session_state[K_REFUS] = f"{upper_first(refused_unit(t, scope))} : {OUTSIDE}."
        return
    widget_key = getattr(filters, "widget_key", None)
    for k, v in ((filters.K_NIVEAU, niveau), (filters.K_UNITE, code)):
        st.session_state[k] = v
        if widget_key is not None:
            st.session_state[widget_key(k)] = v
