"""Open an extraction read-only through SQLAlchemy (SQLite, PostgreSQL, MariaDB/MySQL)."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url


def read_only_engine(url: str) -> Engine:
    """An engine that cannot write: SQLite opened ``mode=ro``, PostgreSQL and MariaDB sessions
    set to read-only transactions. The application never writes to the extraction."""
    u = make_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        db = u.database or ""
        if db and db != ":memory:" and not db.startswith("file:"):
            path = Path(db).resolve()
            if not path.exists():
                raise FileNotFoundError(f"Base SQLite introuvable : {path}")
            return sa.create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        return sa.create_engine(url)
    if backend == "postgresql":
        engine = sa.create_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})
        return engine
    if backend in ("mysql", "mariadb"):
        engine = sa.create_engine(url)

        @sa.event.listens_for(engine, "connect")
        def _read_only(dbapi_conn, _record):  # pragma: no cover - exercised on MariaDB
            cur = dbapi_conn.cursor()
            cur.execute("SET SESSION TRANSACTION READ ONLY")
            cur.close()

        return engine
    return sa.create_engine(url)
