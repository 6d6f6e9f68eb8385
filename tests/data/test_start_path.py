"""The start path of a process that finds its snapshot fresh: no SQL layer imported (SQLAlchemy
costs about 0,2 s of every start) nor pyarrow (0,1 s: the snapshot's footers are read by
polars, its decompressed size is in the manifest), and SQLite URLs read without SQLAlchemy
exactly as SQLAlchemy reads them."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from data.opening import open_extraction
from data.source import backend_name, shown_url, sqlite_database
from data.writer import write_extraction
from tests.fixtures import tiny
from tests.helpers import ROOT

URLS = [
    "sqlite:///demo.sqlite", "sqlite:////abs/dir/demo.sqlite", "sqlite://",
    "sqlite:///:memory:", "sqlite+pysqlite:///rel/x.db", "sqlite:///file:/a/b.db?mode=ro&uri=true",
    "sqlite:////a/b%20c/d.sqlite", "sqlite:////a/b.db?check_same_thread=false",
    "sqlite:///C:/Users/x.db",
]


@pytest.mark.parametrize("url", URLS)
def test_sqlite_urls_read_as_sqlalchemy_reads_them(url):
    u = make_url(url)
    assert backend_name(url) == u.get_backend_name() == "sqlite"
    assert sqlite_database(url) == u.database


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:secret@h:5432/db",
                                 "mysql+pymysql://u:secret@h/db", "mariadb://u@h/db"])
def test_other_backends_and_the_shown_url(url):
    assert backend_name(url) == make_url(url).get_backend_name() != "sqlite"
    assert "secret" not in shown_url(url)
    assert backend_name("demo.sqlite") == ""


CHILD = """
import sys
from data.opening import open_extraction
from tests.helpers.config import test_settings
op = open_extraction(test_settings().with_url(sys.argv[1]), keep_previous=True)
assert op.usable and op.from_snapshot, op
print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'connectorx', 'pymysql',
                                                       'psycopg', 'psycopg2', 'pyarrow'}))
"""


def test_reopening_a_fresh_snapshot_imports_no_sql_layer(tmp_path, settings, monkeypatch):
    """A new process finding the snapshot up to date never imports SQLAlchemy (it did, through
    data.opening, data.load, data.source and data.snapshot: ~0,2 s of every start), nor pyarrow
    (it read every file's footer and the decompressed sizes: 0,1 s)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("DECLIK_CACHE", str(cache))
    db = tmp_path / "tiny.sqlite"
    url = f"sqlite:///{db}"
    write_extraction(url, tiny.tiny_tables())
    first = open_extraction(settings.with_url(url))  # builds the snapshot (reads the source)
    assert first.usable and not first.from_snapshot
    env = {**os.environ, "DECLIK_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", CHILD, url], cwd=ROOT, capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]", r.stdout
