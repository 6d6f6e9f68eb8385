"""Shared test set-up: the project root on sys.path, the tests' own configuration for the whole
session (``DECLIK_CONFIG`` → ``tests/helpers/config.toml``, never the shipped config.toml),
snapshots in a folder of this run, the ``settings`` fixture, and the ``slow`` marker on every
browser test. Helpers live in :mod:`tests.helpers`.

The suite runs on two processes (pytest-xdist, ``-n 2 --dist loadfile`` in pytest.ini): the
controlling process generates the two demos before the workers start (so they never write the
same file), and each test file stays on one worker (its module-scoped fixtures, servers and
databases are built once and never by two processes at once). ``--dist loadgroup`` is not used:
with pytest 9 xdist 3.8 cannot rename the tests it groups (``Item._nodeid`` is gone), so groups
are silently ignored. ``-n 0`` runs the suite in one process."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.helpers.config import TEST_CONFIG, test_settings  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _test_environment():
    """For every test and every command or server a test starts (they inherit it): the tests'
    configuration, and snapshots of the many test extractions in a folder of this run (never
    data/cache). ``DECLIK_DB`` is left unset: a test sets it with ``monkeypatch``."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DECLIK_CONFIG", str(TEST_CONFIG))
        mp.delenv("DECLIK_DB", raising=False)
        mp.setenv("DECLIK_CACHE", tempfile.mkdtemp(prefix="declik-cache-"))
        yield


def pytest_configure(config):
    if hasattr(config, "workerinput"):  # an xdist worker: the controller made the demos
        return
    from data.opening import ensure_demo
    from settings import load_settings
    from tests.helpers.config import CONFIGS

    for path in CONFIGS.values():
        ensure_demo(load_settings(path))


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def settings():
    return test_settings()
