"""Open an extraction read-only through SQLAlchemy (SQLite, PostgreSQL, MariaDB/MySQL).

SQLAlchemy (about 0,2 s to import) is imported by the functions that open a connection, not by
this module: a process that reopens a fresh snapshot never needs it (:func:`sqlite_database`
reads a SQLite URL without it)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def backend_name(url: str) -> str:
    """The database kind of a URL (``"sqlite"`` for ``sqlite+pysqlite:///…``), as SQLAlchemy's
    ``URL.get_backend_name`` says it, without importing SQLAlchemy; ``""`` when the text has no
    ``kind://`` part."""
    scheme, sep, _ = url.partition("://")
    return scheme.split("+", 1)[0] if sep else ""


def sqlite_database(url: str) -> str | None:
    """The ``database`` part of a SQLite URL, as SQLAlchemy's ``make_url`` reads it (percent
    escapes decoded, the ``?query`` left out): ``"x.db"`` for ``sqlite:///x.db``, ``"/a/x.db"``
    for ``sqlite:////a/x.db``, None for ``sqlite://`` (in memory). Only for SQLite URLs."""
    rest = url.partition("://")[2].split("?", 1)[0]
    if "/" not in rest:
        return None
    return unquote(rest.split("/", 1)[1])


def shown_url(url: str) -> str:
    """The URL as shown to users: the password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def read_only_engine(url: str) -> Engine:
    """An engine that cannot write: SQLite opened ``mode=ro``, PostgreSQL and MariaDB sessions
    set to read-only transactions. The application never writes to the extraction."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

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
