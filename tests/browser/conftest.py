"""The headless-Chromium tests' fixture ``start_app``: ``streamlit run app.py`` on a free local
port (on the demo, or on the extraction at a given URL), stopped at the end of the test module.
Also ``server`` (the app on the demo) and ``browser_page`` (a Chromium page on it). The helpers
are in :mod:`tests.helpers.browser`."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.helpers.browser import ARGS, CHROMIUM, streamlit_app


@pytest.fixture(scope="module")
def start_app() -> Iterator[Callable[[str | None], str]]:
    """``start_app(db_url)`` → the base URL of a running app (skips without Chromium); every
    server started is stopped when the module's tests are over."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    with ExitStack() as stack:
        yield lambda db_url=None: stack.enter_context(streamlit_app(db_url))


@pytest.fixture(scope="module")
def server(start_app):
    """The app on the demo extraction (generated if missing)."""
    from data.opening import ensure_demo
    from tests.helpers.config import test_settings

    ensure_demo(test_settings())
    return start_app(None)


@pytest.fixture(scope="module")
def browser_page(server):
    """One headless Chromium page (French locale, 1440 × 1000) on :func:`server`."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        yield page
        browser.close()
