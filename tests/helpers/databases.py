"""PostgreSQL and MariaDB for the multi-database tests: they must answer when CI=true; elsewhere
the tests skip. ``DECLIK_TEST_PG`` / ``DECLIK_TEST_MARIADB`` name other servers."""
from __future__ import annotations

import os

import pytest

PG_URL = os.environ.get("DECLIK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MARIA_URL = os.environ.get("DECLIK_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def server_answers(url: str) -> bool:
    import sqlalchemy as sa

    try:
        eng = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with eng.connect() as c:
            c.exec_driver_sql("SELECT 1")
        eng.dispose()
        return True
    except Exception:
        return False


def db_url_or_skip(url: str) -> str:
    """Return ``url`` if its server answers; fail in CI, skip elsewhere."""
    if server_answers(url):
        return url
    if IN_CI:
        pytest.fail(f"CI=true mais le serveur {url.split('@')[-1]} ne répond pas")
    pytest.skip(f"serveur {url.split('@')[-1]} injoignable")


def dedicated_database(admin_url: str, name: str) -> str:
    """Create the database ``name`` on the server of ``admin_url`` if missing (PostgreSQL or
    MariaDB, utf8mb4 there); return its URL, so that a test module writes in a database of its own."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    u = make_url(admin_url)
    eng = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            if u.get_backend_name() == "postgresql":
                # one CREATE DATABASE at a time on the server (two test processes copying
                # template1 at once: « source database "template1" is being accessed by other
                # users »); the lock goes with the connection
                c.exec_driver_sql("SELECT pg_advisory_lock(4141)")
                exists = c.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                   {"n": name}).first()
                if not exists:
                    c.exec_driver_sql(f'CREATE DATABASE "{name}"')
            else:
                c.exec_driver_sql(f"CREATE DATABASE IF NOT EXISTS `{name}` "
                                  "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        eng.dispose()
    return u.set(database=name).render_as_string(hide_password=False)
