"""The app in Streamlit's AppTest, on an extraction given by its URL (``DECLIK_DB``, set with
``monkeypatch`` for the run only; the configuration is the tests' own, see tests/conftest.py).

Every AppTest of the process shares one registry of Streamlit's v2 components: AppTest scans the
metadata of every installed package for components at its first run (about 0.3-0.5 s of CPU, as
much as a whole cached page run), and the installed packages do not change during a test
session."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT


@lru_cache(maxsize=1)
def _components():
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def new_app(timeout: float = 300) -> AppTest:
    """A fresh AppTest of ``app.py`` (a new session), with the process's component registry."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if hasattr(at, "_bidi_component_manager"):  # else this Streamlit scans at each AppTest
        at._bidi_component_manager = _components()
    return at


def app(url: str, page: str | None = None, query: dict | None = None, timeout: float = 300,
        state: dict | None = None, config: str | None = None) -> AppTest:
    """Run ``app.py`` on the extraction ``url`` and open ``page`` (a path of the page list), with
    URL ``query`` parameters and ``session_state`` values set first (``config``: another
    config.toml for this run)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECLIK_DB", url)
        if config:
            mp.setenv("DECLIK_CONFIG", config)
        at = new_app(timeout)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        for k, v in (state or {}).items():
            at.session_state[k] = v
        if page:
            at.switch_page(page)
        at.run()
    return at


def rerun(at: AppTest, url: str) -> AppTest:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECLIK_DB", url)
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Every piece of text a reader sees at the top of a page (titles, cards, headers, notes)."""
    parts = [t.value for t in at.title] + [h.value for h in at.subheader]
    parts += [m.label for m in at.metric] + [m.value for m in at.markdown]
    parts += [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


ENGLISH = ("Error", "Traceback", "Exception", "Page not found", "Running the app",
           "Choose an option", "Ask Google", "Help for")


def page_failures(at: AppTest, page, where: str) -> list[str]:
    """What is wrong with one run of a page (a ``ui.pages_list.PageSpec``) for a reader: an
    exception, an error element, English error text, a spinner left, the page's headline absent
    (unless a warning explains why). Empty when the page is right."""
    if at.exception:
        return [f"{where} : exception {[e.value for e in at.exception][:1]}"]
    failures = []
    if at.error:
        failures.append(f"{where} : erreur {[e.value for e in at.error][:1]}")
    body = texts(at) + "\n".join(w.value for w in at.warning)
    english = [w for w in ENGLISH if w in body]
    if english:
        failures.append(f"{where} : texte anglais {english}")
    if at.get("spinner"):
        failures.append(f"{where} : chargement non terminé")
    if page.headline and not any(h in body for h in page.headline) and not at.warning:
        failures.append(f"{where} : titre attendu absent {page.headline}")
    return failures


def as_read(markdown: str) -> str:
    """Markdown source as a reader sees it: the backslash escapes and the invisible word joiners
    that ``ui.safe.md`` adds to interpolated text are not shown by the browser."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown)).replace("\u2060", "")


# In the printable version (``?impression=1``): no interactive chart or map, no closed expander
# (ui.printable.expander), no instruction for the interactive page (ui.printable.hint).
INTERACTIVE = ("plotly_chart", "deck_gl_json_chart", "arrow_vega_lite_chart", "component_instance",
               "bidi_component", "iframe", "expandable")
HINTS = ("Cliquez", "Choisissez", "Tapez", "Survolez")


def element_types(at: AppTest) -> set[str]:
    """The types of every element of the run's tree."""
    out: set[str] = set()

    def walk(node) -> None:
        out.add(getattr(node, "type", type(node).__name__))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return out


def hints(at: AppTest) -> list[str]:
    """The interactive instructions shown (captions, info boxes, markdown)."""
    shown = [c.value for c in at.caption] + [i.value for i in at.info] + [m.value for m in at.markdown]
    return [str(t) for t in shown if any(h in str(t) for h in HINTS)]


def printable_failures(at: AppTest, where: str) -> list[str]:
    """What is wrong with a printable run besides :func:`page_failures`: an interactive chart or
    map left, an interactive hint shown."""
    failures = []
    left = sorted(element_types(at) & set(INTERACTIVE))
    if left:
        failures.append(f"{where} : élément interactif {left}")
    shown = hints(at)
    if shown:
        failures.append(f"{where} : consigne interactive {shown[:1]}")
    return failures
