"""The headless-Chromium tests' fixture ``start_app``: ``streamlit run app.py`` on a free local
port (on the demo, or on the extraction at a given URL), stopped at the end of the test module.
The helpers are in :mod:`tests.helpers.browser`."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.helpers.browser import CHROMIUM, streamlit_app


@pytest.fixture(scope="module")
def start_app() -> Iterator[Callable[[str | None], str]]:
    """``start_app(db_url)`` → the base URL of a running app (skips without Chromium); every
    server started is stopped when the module's tests are over."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    with ExitStack() as stack:
        yield lambda db_url=None: stack.enter_context(streamlit_app(db_url))
