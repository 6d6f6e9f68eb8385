"""Every page on an extraction held by PostgreSQL and by MariaDB (the same small synthetic
extraction as the interaction tests), in a database of its own: no exception, cards filled."""
from __future__ import annotations

import pytest

from tests.helpers.apptest import app
from tests.helpers.databases import MARIA_URL, PG_URL, db_url_or_skip, dedicated_database
from tests.pages import synthetic
from ui.pages_list import available_pages

pytestmark = [pytest.mark.db, pytest.mark.slow]  # the app in AppTest
DB_NAME = "declik_ui_pages"
PAGES = available_pages()


@pytest.fixture(scope="module", params=["postgresql", "mariadb"])
def server_url(request):
    url = dedicated_database(db_url_or_skip(PG_URL if request.param == "postgresql" else MARIA_URL),
                             DB_NAME)
    from data.writer import write_extraction

    write_extraction(url, synthetic.tables(n_foyers=500))
    return url


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_on_a_database_server(page, server_url):
    at = app(server_url, page.path)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    if page.url_path == "synthese":
        assert at.metric[0].value not in ("non disponible", "–")
