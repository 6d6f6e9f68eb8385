"""The tiny extraction written to SQLite, PostgreSQL and MariaDB (``data.writer``) and read back
through ``data.opening.open_extraction``: every core indicator equals its hand-computed value.

PostgreSQL and MariaDB use a dedicated database ``declik_tiny`` (created through an admin
connection when missing) so as not to clash with other tests; they are required when CI=true
(``db_url_or_skip``)."""
from __future__ import annotations

import pytest

from data.opening import open_extraction
from data.writer import write_extraction
from indicators.engine import compute_values, make_ctx
from tests.fixtures import tiny
from tests.helpers.databases import MARIA_URL, PG_URL, db_url_or_skip, dedicated_database

DB_NAME = "declik_tiny"


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tiny.sqlite'}"
    admin = db_url_or_skip(PG_URL if request.param == "postgresql" else MARIA_URL)
    return dedicated_database(admin, DB_NAME)


def _opened(settings, url: str, without: tuple = ()):
    write_extraction(url, tiny.tiny_tables(without))
    opened = open_extraction(settings.with_url(url))
    assert opened.usable, opened.report
    return opened


def _values(opened, settings, territoire: str | None = None, debut=tiny.DEBUT, fin=tiny.FIN):
    terr = opened.referentiel.parse_territoire(territoire) if territoire else None
    ctx = make_ctx(opened.extraction, opened.referentiel, settings, debut, fin, terr)
    return compute_values(ctx, list(tiny.EXPECTED))


def test_core_indicators_after_round_trip(settings, url):
    opened = _opened(settings, url)
    assert opened.extraction.date_extraction == tiny.DATE_EXTRACTION
    assert tiny.mismatches(_values(opened, settings), tiny.EXPECTED) == {}
    assert tiny.mismatches(_values(opened, settings, tiny.TERRITOIRE), tiny.EXPECTED_BLO) == {}
    empty = _values(opened, settings, debut=tiny.EMPTY_DEBUT, fin=tiny.EMPTY_FIN)
    assert tiny.mismatches(empty, tiny.EXPECTED_EMPTY) == {}


def test_optional_tables_missing_after_round_trip(settings, url):
    opened = _opened(settings, url, tiny.WITHOUT)
    assert not opened.extraction.has("cer") and not opened.extraction.has("plateforme_emploi")
    assert tiny.mismatches(_values(opened, settings), tiny.EXPECTED_WITHOUT) == {}
