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

import streamlit as st

from ui.pages_list import PageSpec

_ACTIVE: ContextVar[bool] = ContextVar("declik_router_active", default=False)


def navigation(by_section: dict[str, list[PageSpec]]):
    """``st.navigation`` of the pages, grouped by menu section; returns the page to run."""
    return st.navigation({
        section: [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path,
                          default=p.default) for p in specs]
        for section, specs in by_section.items()
    }, expanded=True)  # every page listed: no English « View N more » button


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
