"""The router: the navigation built from the page list (:mod:`ui.pages_list`), and whether the
page running now was reached through it.

A fresh server whose first visitor opens a page's own URL (``/carte?territoire=…``, a pasted
link) runs that page file alone (Streamlit's « pages/ directory » mode, which it leaves once
``st.navigation`` has run): no router, English file names in the menu, a narrow layout. The page
frame sees that the router did not run (:func:`active`), builds the navigation and reruns the
same page (same URL) through ``app.py``. Public Streamlit API only.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlparse

import streamlit as st

from ui.pages_list import PageSpec

_ACTIVE: ContextVar[bool] = ContextVar("declik_router_active", default=False)


def requested_path() -> str:
    """The page part of the browser's URL (``"carte"`` for ``…/carte?territoire=…``, ``""`` for
    the home page or when unknown, e.g. under AppTest)."""
    url = st.context.url
    if not url:
        return ""
    path = urlparse(url).path.strip("/")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    return path


def _not_found(asked: str, specs: list[PageSpec]):
    def page() -> None:
        st.title("Page introuvable")
        st.warning(f"L'adresse « /{asked} » ne correspond à aucune page du tableau de bord. "
                   "Choisissez une page ci-dessous ou dans le menu.", icon=":material/search_off:")
        for p in specs:
            st.page_link(p.path, label=p.title, icon=p.icon)
    return page


def navigation(by_section: dict[str, list[PageSpec]]):
    """``st.navigation`` of the pages, grouped by menu section; returns the page to run.

    Streamlit answers an unknown address with an English « Page not found » dialog and runs the
    home page; so an unknown address gets a hidden page of its own saying so in French, and the
    home page's own slug (``/synthese``) a hidden page running the home page."""
    nav, home, default_slug = {}, None, None
    for section, ps in by_section.items():
        nav[section] = []
        for p in ps:
            # the home page answers at « / »; its slug is kept free for the hidden alias below
            slug = f"{p.url_path}-accueil" if p.default else p.url_path
            pg = st.Page(p.path, title=p.title, icon=p.icon, url_path=slug, default=p.default)
            nav[section].append(pg)
            if p.default:
                home, default_slug = p, p.url_path
    specs = [p for ps in by_section.values() for p in ps]
    asked = requested_path()
    known = {p.url_path for p in specs if not p.default}
    if asked and asked not in known and nav:
        if asked == default_slug and home is not None:  # /synthese: the home page itself
            extra = st.Page(home.path, title=home.title, icon=home.icon, url_path=asked,
                            visibility="hidden")
        else:
            extra = st.Page(_not_found(asked, specs), title="Page introuvable", url_path=asked,
                            visibility="hidden")
        last = list(nav)[-1]
        nav[last] = [*nav[last], extra]
    return st.navigation(nav, expanded=True)  # every page listed: no English « View N more »


@contextmanager
def routing() -> Iterator[None]:
    """Around ``page.run()`` in ``app.py``: the page runs through the router."""
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active() -> bool:
    return _ACTIVE.get()


def ensure() -> None:
    """Called first by every page's frame: outside the router, build the navigation and rerun
    the same page through it (the URL keeps its path and query)."""
    if active():
        return
    from ui.pages_list import sections

    navigation(sections())
    st.rerun()
