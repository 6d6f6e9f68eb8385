"""The page frame: title, département, data freshness (« Données au 01/11/2026 — source … »),
the active filters, and — instead of a crash — the validation report when the extraction cannot be
used or opened."""
from __future__ import annotations

import streamlit as st

from charts.theme import source_text
from indicators.formatting import fr_date
from settings import SettingsError
from ui import access, cache, filters
from ui.safe import md

STATE = "_declik_frame"


def _ensure_router() -> None:
    """A fresh server whose first visitor opens a page's own URL (``/carte?territoire=…``, a
    pasted link) runs that page file alone, in Streamlit's legacy « pages/ directory » mode: no
    router, English file names in the menu, a narrow layout. Streamlit leaves that mode only when
    ``st.navigation`` runs, which the router never gets to do; so the frame leaves it and reruns
    the same page (same URL path, same hash) through ``app.py``."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - another Streamlit layout
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup() -> None:
    """Open the extraction (cached) and draw the filters; run by every page's frame."""
    _ensure_router()
    try:
        settings, op = cache.current_opened()
    except SettingsError as exc:  # unknown key, wrong type in config.toml
        st.session_state[STATE] = {"error": str(exc), "opened": None, "config_error": True}
        st.session_state.pop(filters.VIEW, None)
        return
    except Exception as exc:  # unreachable database, unreadable file: a French message
        access.gate(cache.current_settings())  # nothing, not even the error, before sign-in
        st.session_state[STATE] = {"error": str(exc), "opened": None}
        st.session_state.pop(filters.VIEW, None)
        return
    user = access.gate(settings, op.referentiel)  # stops the run without a usable identity
    st.session_state[STATE] = {"error": None, "opened": op, "settings": settings, "user": user}
    access.sidebar_identity(user)
    if op.extraction is None:
        st.session_state.pop(filters.VIEW, None)
        return
    ext = op.extraction
    filters.sidebar(op.referentiel, ext.date_extraction, settings,
                    source_text(ext.source, ext.date_extraction), user.scope)
    st.sidebar.caption(md(freshness(ext.date_extraction, ext.source, settings.uses_demo)))


def freshness(d, source: str, demo: bool = False) -> str:
    txt = f"Données au {fr_date(d)} — source : {source or 'non précisée'}"
    return txt + (" (extraction de démonstration)" if demo and "monstration" not in txt else "")


def page(title: str, intro: str | None = None, need_extraction: bool = True) -> filters.View | None:
    """Draw the page header and return the view; when the extraction is unusable, show why (the
    validation report) and stop the page, unless it can work without it."""
    setup()
    state = st.session_state.get(STATE) or {}
    op = state.get("opened")
    user = state.get("user") or access.current_user()
    if user is not None:
        access.banner(user)
    st.title(title)
    if state.get("config_error"):
        st.error(f"Configuration invalide : {state['error']}")
        st.stop()
    if state.get("error"):
        st.error("Impossible d'ouvrir l'extraction. Vérifiez l'URL de la base dans config.toml "
                 f"(section [base]).\n\nDétail : {md(state['error'])}")
        st.stop()
    if op is None:
        st.error("Extraction non chargée.")
        st.stop()
    view = filters.current()
    if op.extraction is None:
        st.error("L'extraction ne peut pas être utilisée : le rapport de validation "
                 + ("ci-dessous" if need_extraction else "de la page Qualité des données")
                 + " indique les erreurs de structure à corriger.")
        if need_extraction:
            show_report(op)
            st.stop()
        return None
    ext = op.extraction
    dep = op.referentiel.departement_nom
    refused = access.flash()
    if refused:
        st.warning(md(refused), icon=":material/block:")
    parts = [f"**{md(view.where)}**", md(view.when), f"comparaison : {md(view.comparison_label)}"]
    st.markdown(" · ".join(parts))
    st.caption(md(f"Département : {dep} ({op.referentiel.departement}) — "
                  + freshness(ext.date_extraction, ext.source, state["settings"].uses_demo)))
    if intro:
        st.caption(intro)  # the page's own text
    if op.report is not None and not op.report.ok:
        n = sum(f.severity == "erreur" for f in op.report.findings)
        st.warning(f"L'extraction comporte {n} erreur(s) de lignes : les lignes concernées sont "
                   "écartées des indicateurs qui les utilisent (voir la page Qualité des données).")
    return view


def show_report(op) -> None:
    from indicators.views import quality_tables

    t = quality_tables(op.report, op.extraction)
    st.dataframe(t["constats"].display, hide_index=True, width="stretch")
