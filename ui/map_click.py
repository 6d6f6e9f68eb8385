"""The Carte page's click on a unit (``st_folium``'s callback), outside the page's module: a
callback defined in a page holds that run's whole namespace (its folium map, layers, figures) for
as long as Streamlit keeps the widget's metadata — a session keeps those of the widgets of every
page it visited (the memory of a 10-session soak, bench/RESULTS.md « Many users »). For the same
reason the pages' ``format_func`` are a dict's ``get``, not lambdas.

The map itself: :func:`prepared` turns a folium map into what ``st_folium`` sends to its
component (the map's script, header, links, the component's key made from the script), once per
view — ``st_folium`` renders the whole map three times at each call, its GeoJSON included
(0,05-0,15 s of CPU for the communes at every rerun, every click of any widget of the page) —
and :func:`show` sends it at each run, with the same callback as ``st_folium``'s."""
from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

import streamlit as st
import streamlit_folium

from access.scope import OUTSIDE, refused_unit
from indicators.formatting import upper_first
from ui import access, filters

if TYPE_CHECKING:
    import folium

MAP_KEY = "carte_folium"
RETURNED = ["last_active_drawing"]  # a click on a unit reruns the page, nothing else does
# the component st_folium calls: sent directly by :func:`show` (never through st_folium, whose
# reference :func:`prepared` replaces for the time of its call)
_COMPONENT = streamlit_folium._component_func
_PREPARE_LOCK = threading.Lock()
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


class _Sent(Exception):
    """What st_folium would have sent to its component (raised instead of sending it)."""


def _keep(**kwargs: Any) -> None:
    raise _Sent(kwargs)


def prepared(m: folium.Map, height: int) -> dict[str, Any]:
    """The arguments ``st_folium(m, key=MAP_KEY, height=height, use_container_width=True,
    returned_objects=RETURNED)`` passes to its component, without its callback: computed once
    for a view (the page caches them), sent by :func:`show` at every run. Taken from st_folium
    itself (its component replaced for the call, under a lock), not rebuilt here: the same
    script, links and key as st_folium's, whatever its version does."""
    with _PREPARE_LOCK:
        streamlit_folium._component_func = _keep
        try:
            streamlit_folium.st_folium(m, key=MAP_KEY, height=height, use_container_width=True,
                                       returned_objects=RETURNED)
        except _Sent as sent:
            args = sent.args[0]
        else:  # pragma: no cover - st_folium always calls its component
            raise RuntimeError("st_folium n'a pas appelé son composant")
        finally:
            streamlit_folium._component_func = _COMPONENT
    args.pop("on_change", None)
    return args


def _changed(component_key: str, niveau: str) -> None:
    """The component's callback: its value under :data:`MAP_KEY` (as st_folium's own callback
    puts it), then :func:`select_clicked`."""
    st.session_state[MAP_KEY] = st.session_state.get(component_key, {})
    select_clicked(niveau)


def show(args: dict[str, Any], niveau: str):
    """The map of :func:`prepared` on the page; a click on a unit selects it
    (:func:`select_clicked`)."""
    return _COMPONENT(**args, on_change=functools.partial(_changed, args["key"], niveau))
