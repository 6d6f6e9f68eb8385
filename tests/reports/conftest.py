"""Shared fixtures of the report tests: a small code-built extraction in SQLite, settings whose
audit file lives in the test's temporary directory, the opened extraction."""
from __future__ import annotations

import pytest

from tests.reports.fixtures import build_tables


@pytest.fixture(scope="session")
def rep_db(tmp_path_factory) -> str:
    from data.writer import write_extraction

    path = tmp_path_factory.mktemp("reports") / "rep.sqlite"
    url = f"sqlite:///{path}"
    write_extraction(url, build_tables())
    return url


@pytest.fixture(scope="session")
def rep_config(tmp_path_factory, rep_db) -> str:
    """A copy of the tests' config.toml whose audit file is in a temporary directory."""
    from tests.helpers.config import TEST_CONFIG

    d = tmp_path_factory.mktemp("cfg")
    text = TEST_CONFIG.read_text(encoding="utf-8").replace(
        'fichier = "logs/exports_audit.jsonl"', f'fichier = "{d / "audit.jsonl"}"')
    p = d / "config.toml"
    p.write_text(text, encoding="utf-8")
    return str(p)


@pytest.fixture(scope="session")
def rep_settings(rep_config, rep_db):
    from settings import load_settings

    return load_settings(rep_config).with_url(rep_db)


@pytest.fixture(scope="session")
def opened(rep_settings):
    from data.opening import open_extraction

    o = open_extraction(rep_settings)
    assert o.usable, o.report.to_text()
    return o


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every image test of the session."""
    from reports import images

    with images.session():
        yield


