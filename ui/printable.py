"""The « version imprimable » of a page (``?impression=1``): the same page, with every chart and
map drawn as a static image (the PNG export path: :mod:`reports.images`, :mod:`geo.static_map`),
tabs laid out one after the other, and no sidebar, menu, button or selector (the CSS is in
:mod:`ui.theme`). The page header (territory, period, comparison, source and data date) is the
frame's own. Each page's frame shows a « Version imprimable » link to it."""
from __future__ import annotations

from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

PARAM = "impression"


def active() -> bool:
    """Whether this run draws the printable version."""
    return st.query_params.get(PARAM) == "1"


def keep(params: dict) -> dict:
    """The URL parameters ``params`` with the printable flag kept when it is set."""
    return {**params, PARAM: "1"} if active() else params


def link() -> None:
    """« Version imprimable » (opens the same page and filters in a new tab) or, in the printable
    version, the way back and how to print."""
    from ui import router

    q = {k: v for k, v in st.query_params.to_dict().items() if k != PARAM}
    path = "/" + router.requested_path()
    if active():
        st.caption("Version imprimable : utilisez « Imprimer » de votre navigateur (Ctrl+P).")
        st.link_button("Version interactive", f"{path}?{urlencode(q)}",
                       icon=":material/touch_app:")
    else:
        st.link_button("Version imprimable", f"{path}?{urlencode({**q, PARAM: '1'})}",
                       icon=":material/print:",
                       help="La page sans menu ni boutons, cartes et graphiques en images, "
                            "prête à imprimer")


def hint(text: str, info: bool = False) -> None:
    """An instruction for the interactive page (« Cliquez sur un territoire… », « Choisissez …
    dans les filtres ») — a caption, or an info box with ``info`` —, left out of the printable
    version, which has neither filters nor clicks. Every page's interactive hint goes through it."""
    if active():
        return
    from ui.safe import md

    if info:
        st.info(md(text), icon=":material/info:")
    else:
        st.caption(md(text))


@st.cache_data(show_spinner="Préparation de l'image…", max_entries=200)
def _png(fig_json: str, decorate: tuple[str, str, str, str, str | None] | None,
         width: int | None = None) -> bytes:
    """The PNG of a figure; ``width``: the width it is shown at (its layout drawn at that width,
    the height its own)."""
    import plotly.io as pio

    from reports import images

    images.keep_browser()
    fig = pio.from_json(fig_json)
    if decorate is None:
        return images.to_bytes(fig, "png", width=width)
    name, territoire, periode, pied, note = decorate
    meta = images.meta_from_screen(fig, name, territoire, periode, pied, note)
    return images.export(fig, meta, "png")


def image(fig: go.Figure, meta=None, width: int | None = None) -> None:
    """``fig`` as a PNG image; with ``meta`` (:class:`reports.images.ExportMeta`) the title,
    territory, period and source are written in it as in a downloaded image. Without ``meta``, a
    ``width`` draws the figure at the width it is shown (a card's trend line drawn 1 000 px wide
    and shrunk to 160 px had lines a third of a pixel thick: faint on paper)."""
    dec = ((meta.titre, meta.territoire, meta.periode, meta.pied, meta.note) if meta is not None
           else None)
    try:
        png = _png(fig.to_json(), dec, width if dec is None else None)
    except Exception:  # no Chromium for kaleido: say so, never a traceback
        st.info("Image non disponible dans la version imprimable : le navigateur qui dessine "
                "les images (Chromium) ne répond pas sur ce serveur.", icon=":material/info:")
        return
    st.image(png, width=width or "stretch")


def tabs(labels: list[str]):
    """``st.tabs`` on screen; in the printable version, one titled block per tab, one after
    the other (a printed page shows only the open tab)."""
    from ui.safe import md

    if not active():
        return st.tabs(labels)
    out = []
    for lab in labels:
        c = st.container()
        c.markdown(f"**{md(lab)}**")
        out.append(c)
    return out


def expander(label: str, expanded: bool = False, **kw):
    """``st.expander`` on screen; in the printable version its content laid out open under its
    bold label (a printed page shows nothing of a closed expander). ``label`` is Markdown, as
    ``st.expander``'s: the caller makes interpolated text inert."""
    if not active():
        return st.expander(label, expanded=expanded, **kw)
    c = st.container()
    c.markdown(f"**{label}**")
    return c


def table(display) -> None:
    """A table on paper: static, every column and row, headers wrapped (a scrolling grid would
    cut its columns at the page's edge)."""
    st.table(display, hide_index=True)
