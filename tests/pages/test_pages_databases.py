"""Every page on an extraction held by PostgreSQL and by MariaDB (the same small synthetic
extraction as the interaction tests), in a database of its own: no exception, cards filled."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.conftest import MARIA_URL, PG_URL, db_url_or_skip
from tests.pages import synthetic
from tests.pages.conftest import app
from ui.pages_list import available_pages

pytestmark = pytest.mark.db
DB_NAME = "declik_ui_pages"
PAGES = available_pages()


def dedicated_database(admin_url: str) -> str:
    u = make_url(admin_url)
    eng = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            if u.get_backend_name() == "postgresql":
                if not c.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": DB_NAME}).first():
                    c.exec_driver_sql(f"CREATE DATABASE {DB_NAME}")
            else:
                c.exec_driver_sql(f"CREATE DATABASE IF NOT EXISTS {DB_NAME} "
                                  "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        eng.dispose()
    return u.set(database=DB_NAME).render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["postgresql", "mariadb"])
def server_url(request):
    url = dedicated_database(db_url_or_skip(PG_URL if request.param == "postgresql" else MARIA_URL))
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
