"""Shared test set-up: the project root on sys.path, settings, and database URLs for the
multi-database tests (PostgreSQL / MariaDB must answer when CI=true; elsewhere they skip)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from settings import load_settings  # noqa: E402

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


@pytest.fixture(scope="session")
def settings():
    return load_settings()
