"""The Parquet snapshot (data/snapshot.py): same figures as reading the source, rebuilt when the
source's fingerprint changes, written atomically, never read when corrupt, served when the source
cannot be reached (SQLite file gone, PostgreSQL down)."""
from __future__ import annotations

import dataclasses
import json
import socket
import sqlite3
import subprocess
import sys
import threading
from datetime import date

import pytest

from data import opening
from data import snapshot as snap
from data.opening import SourceUnreachable, open_extraction
from data.snapshot import ids as surrogate
from data.writer import write_extraction
from indicators.engine import compute_values, make_ctx
from tests.fixtures import tiny
from tests.helpers import ROOT
from tests.helpers.databases import PG_URL, db_url_or_skip, dedicated_database

DEBUT, FIN = date(2024, 1, 1), date(2024, 6, 30)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("DECLIK_CACHE", str(d))
    return d


@pytest.fixture
def source(tmp_path):
    p = tmp_path / "tiny.sqlite"
    write_extraction(f"sqlite:///{p}", tiny.tiny_tables())
    return p


def _settings(settings, path_or_url, **kw):
    url = path_or_url if isinstance(path_or_url, str) else f"sqlite:///{path_or_url}"
    return dataclasses.replace(settings.with_url(url), **kw)


def _values(op, territoire=None):
    terr = op.referentiel.parse_territoire(territoire) if territoire else None
    return compute_values(make_ctx(op.extraction, op.referentiel, op_settings(op), DEBUT, FIN, terr))


def op_settings(_op):
    from tests.helpers.config import test_settings

    return test_settings()


def _sdir(s):
    return snap.source_dir(snap.cache_root(s.cache_dossier), s.url, s.departement)


def test_in_memory_write_also_atomic(settings, cache, source):
    s = _settings(settings, source)
    first = open_extraction(s)
    typed = {t: first.extraction.frame(t) for t in first.extraction.available}
    with pytest.raises(RuntimeError):
        snap.write(_sdir(s), typed, {"autre": 1}, first.report, date_extraction=date(2030, 1, 1),
                   departement="41", source="x", url_shown="x", _crash_after="droit")
    assert snap.current(_sdir(s)).id == first.snapshot_id
    assert not [p for p in _sdir(s).iterdir() if p.name.startswith(".tmp-")]


def test_round_trip_same_values_and_report_as_the_source(settings, cache, source):
    s = _settings(settings, source)
    direct = open_extraction(dataclasses.replace(s, cache_actif=False))
    built = open_extraction(s)
    again = open_extraction(s)
    scanned = open_extraction(s, lazy=True)
    assert not direct.snapshot_id and not built.from_snapshot
    assert again.from_snapshot and again.snapshot_id == built.snapshot_id
    assert scanned.extraction.lazy and not again.extraction.lazy
    assert again.report.to_text() == direct.report.to_text()
    assert again.report.to_json() == direct.report.to_json()
    assert again.extraction.date_extraction == direct.extraction.date_extraction
    territories = [None] + [f"mdcs:{c}" for c in direct.referentiel.units("mdcs")["code"]]
    for terr in territories:
        expected = _values(direct, terr)
        assert _values(again, terr) == expected
        assert _values(scanned, terr) == expected
    assert tiny.mismatches(_values(again), tiny.EXPECTED) == {}
    # the manifest: fingerprint, date, row counts, report, contract and code versions
    m = json.loads((_sdir(s) / f"snap-{built.snapshot_id}" / snap.MANIFEST).read_text())
    assert m["date_extraction"] == direct.extraction.date_extraction.isoformat()
    assert m["contrat"] == snap.CONTRACT_VERSION and m["code"] == snap.CODE_VERSION
    assert {t: v["lignes"] for t, v in m["tables"].items()} == direct.report.row_counts
    assert m["empreinte"] == snap.fingerprint(s.url)


def test_scanned_snapshot_same_series_and_breakdowns_as_in_memory(settings, cache, source):
    """The scanned snapshot runs the engine in bounded memory (queries one after the other,
    streaming engine, a series' period-free frames computed once): same frames as in memory."""
    from indicators.engine import compute, series

    s = _settings(settings, source)
    mem, scanned = open_extraction(s), open_extraction(s, lazy=True)
    assert scanned.extraction.lazy and not mem.extraction.lazy

    def ctx(op, debut=DEBUT, fin=FIN, terr=None):
        t = op.referentiel.parse_territoire(terr) if terr else None
        return make_ctx(op.extraction, op.referentiel, op_settings(op), debut, fin, t)

    for ind, by in (("personnes_sdd", ("mdcs",)), ("entrees", ("mdcs",)),
                    ("foyers_beneficiaires", ("situation_familiale",)), ("taux_orientation", ())):
        got, want = series(ctx(scanned), ind, by), series(ctx(mem), ind, by)
        assert got.height and got.equals(want), ind
    # a series over a window not made of whole months, below the département (its months are
    # widened to whole months: the droits a scanned series keeps must cover them)
    # (D06 of Chailles, BLO, opens on 20/06 after a window ending on 10/06; D05 of an unknown
    # commune ends on 15/05 before a window starting on 20/05)
    for ind in ("personnes_sdd", "foyers_beneficiaires", "entrees", "sorties"):
        for terr, by in (("mdcs:BLO", ()), (None, ("canton",))):
            for debut in (date(2024, 1, 20), date(2024, 5, 20)):
                a = series(ctx(scanned, debut, date(2024, 6, 10), terr), ind, by)
                b = series(ctx(mem, debut, date(2024, 6, 10), terr), ind, by)
                assert a.height and a.equals(b), (ind, terr, debut)
    # a period not made of whole months, by territory (snapped to whole months below the
    # département), and a sub-département territory
    for terr, by in ((None, ("mdcs",)), ("mdcs:BLO", ())):
        got = compute(ctx(scanned, date(2024, 1, 10), date(2024, 5, 20), terr), by=by)
        want = compute(ctx(mem, date(2024, 1, 10), date(2024, 5, 20), terr), by=by)
        assert got.keys() == want.keys()
        for i in want:
            assert got[i].equals(want[i]), i


def test_the_snapshot_is_opened_without_reading_the_source(settings, cache, source, monkeypatch):
    s = _settings(settings, source)
    open_extraction(s)
    monkeypatch.setattr(opening, "read_source", lambda *a: pytest.fail("source read again"))
    assert open_extraction(s).from_snapshot


def test_fingerprint_change_detected_and_snapshot_rebuilt(settings, cache, source):
    s = _settings(settings, source)
    first = open_extraction(s)
    fp = snap.fingerprint(s.url)
    with sqlite3.connect(source) as c:  # same size, same second: only the content changes
        c.execute("UPDATE extraction SET date_extraction = '2024-07-02'")
    assert snap.fingerprint(s.url) != fp
    second = open_extraction(s)
    assert not second.from_snapshot and second.snapshot_id != first.snapshot_id
    assert second.extraction.date_extraction == date(2024, 7, 2)
    assert open_extraction(s).from_snapshot


def test_a_crash_while_writing_leaves_the_previous_snapshot(settings, cache, source, monkeypatch):
    s = _settings(settings, source)
    first = open_extraction(s)
    with sqlite3.connect(source) as c:
        c.execute("UPDATE extraction SET date_extraction = '2024-07-02'")
    real_write = snap._write_table

    def crashing(df, f):  # the process dies while writing the droit table
        if f.name == "droit.parquet":
            raise RuntimeError("arrêt simulé pendant l'écriture de l'instantané")
        return real_write(df, f)

    monkeypatch.setattr(snap, "_write_table", crashing)
    with pytest.raises(RuntimeError):
        open_extraction(s)
    sdir = _sdir(s)
    assert not [p for p in sdir.iterdir() if p.name.startswith(".tmp-")]
    cur = snap.current(sdir)
    assert cur is not None and cur.id == first.snapshot_id
    # the source unreachable right now: the previous snapshot, intact, is what is served
    source.rename(source.with_suffix(".gone"))
    served = open_extraction(s)
    assert served.snapshot_id == first.snapshot_id and served.unreachable
    assert served.extraction.date_extraction == first.extraction.date_extraction


@pytest.mark.parametrize("damage", ["truncate", "manifest", "missing", "current"])
def test_corrupt_or_partial_snapshot_is_rebuilt_never_read(settings, cache, source, damage):
    s = _settings(settings, source)
    first = open_extraction(s)
    d = _sdir(s) / f"snap-{first.snapshot_id}"
    if damage == "truncate":
        f = d / "droit.parquet"
        f.write_bytes(f.read_bytes()[:-40])
    elif damage == "manifest":
        (d / snap.MANIFEST).write_text("{pas du json", encoding="utf-8")
    elif damage == "missing":
        (d / "personne.parquet").unlink()
    else:
        (_sdir(s) / snap.CURRENT).write_text("snap-n-existe-pas", encoding="utf-8")
    assert snap.current(_sdir(s)) is None
    again = open_extraction(s)
    assert not again.from_snapshot
    assert tiny.mismatches(_values(again), tiny.EXPECTED) == {}
    assert open_extraction(s).from_snapshot


def _frames_with_keys(op, s, terr=None):
    """Every core frame, private columns (``_cle``: the cell keys) included."""
    from indicators.engine import compute

    t = op.referentiel.parse_territoire(terr) if terr else None
    return compute(make_ctx(op.extraction, op.referentiel, s, DEBUT, FIN, t))


def test_derived_tables_are_written_with_the_snapshot_and_give_the_same_frames(settings, cache,
                                                                                source):
    """The record keys and the persons with their territory are stored beside the tables
    (indicators.prepared), listed in the manifest, read instead of being recomputed, and give
    exactly the frames (cell keys included) of an extraction read from the source."""
    from indicators import prepared, secret
    from indicators.context import Ctx, territory_names

    s = _settings(settings, source)
    direct = open_extraction(dataclasses.replace(s, cache_actif=False))
    open_extraction(s)
    names = prepared.names(s, direct.referentiel, direct.extraction.available)
    assert secret.keys_name("id_personne", s.cle_secret) in names
    assert set(territory_names(direct.referentiel, s)) <= set(names)
    for lazy in (False, True):
        op = open_extraction(s, lazy=lazy)
        assert op.from_snapshot
        ext = op.extraction
        dictionaries = {surrogate.dictionary_name(c) for c in surrogate.ENCODED}
        assert {*ext.derived, *ext.derived_files} == set(names) | dictionaries
        keys = surrogate.decoded(ext.derived_lf(secret.keys_name("id_personne", s.cle_secret)),
                                 surrogate.dictionary(ext, "id_personne"), "id_personne").collect()
        assert dict(keys.iter_rows()) == {
            p: secret.record_key(p, "id_personne", s.cle_secret)
            for p in direct.extraction.frame("personne")["id_personne"]}
        ctx = Ctx(ext, op.referentiel, s, DEBUT, FIN)
        want = Ctx(direct.extraction, op.referentiel, s, DEBUT, FIN).personnes_base.collect()
        got = _decoded(ext, ctx.personnes_base).collect()
        assert "personnes_territoire" in ctx.personnes_base.explain() or not lazy
        assert got.sort("id_personne").equals(want.sort("id_personne"))
        for terr in (None, "mdcs:BLO", "commune:41269"):
            a, b = _frames_with_keys(op, s, terr), _frames_with_keys(direct, s, terr)
            for i in b:
                assert "_cle" not in b[i].columns or b[i]["_cle"].null_count() < b[i].height, i
                assert a[i].equals(b[i]), (terr, i)
    m = json.loads((_sdir(s) / f"snap-{op.snapshot_id}" / snap.MANIFEST).read_text())
    assert set(m["derives"]) == set(names) | dictionaries


def _decoded(ext, lf):
    """``lf`` with every encoded id column as text again (its dictionary)."""
    for c in surrogate.ENCODED:
        if c in lf.collect_schema().names():
            lf = surrogate.decoded(lf, surrogate.dictionary(ext, c), c)
    return lf


@pytest.mark.parametrize("lazy", [False, True])
def test_ids_are_stored_as_integer_codes_in_text_order_and_decode_to_the_source(
        settings, cache, source, lazy):
    """The snapshot's id columns are UInt32 codes (data.snapshot.ids): ranks of the text ids in
    code-point order, one dictionary per column over every table (an orphan person of a CER has
    a code too), and every table decodes to exactly the source's rows, in the same order."""
    import polars as pl

    s = _settings(settings, source)
    direct = open_extraction(dataclasses.replace(s, cache_actif=False))
    op = open_extraction(s, lazy=lazy)
    ext = op.extraction
    for c in surrogate.ENCODED:
        d = surrogate.dictionary(ext, c).collect()
        assert d[c].dtype == surrogate.CODE and d[c].to_list() == list(range(d.height)), c
        assert d[surrogate.TEXT].to_list() == sorted(d[surrogate.TEXT].to_list()), c
        texts = {v for t in direct.extraction.available
                 if c in direct.extraction.frame(t).columns
                 for v in direct.extraction.frame(t)[c].drop_nulls()}
        assert set(d[surrogate.TEXT]) == texts, c
    coded = 0
    for t in direct.extraction.available:
        want = direct.extraction.frame(t)
        got = ext.lf(t).collect()
        coded += sum(got.schema[c] == surrogate.CODE for c in surrogate.ENCODED if c in want.columns)
        assert _decoded(ext, got.lazy()).collect().equals(want), t
        assert got.columns == want.columns and all(
            got.schema[c] == want.schema[c] for c in want.columns if c not in surrogate.ENCODED), t
    assert coded >= 12
    # the order of two ids is the order of their codes (ties broken by id_orientation)
    o = ext.lf("orientation").select("id_orientation").collect()["id_orientation"]
    o_text = direct.extraction.frame("orientation")["id_orientation"]
    assert pl.Series(o_text).arg_sort().to_list() == o.arg_sort().to_list()


@pytest.mark.parametrize("damage", ["truncate", "missing", "manifest_entry"])
def test_a_damaged_derived_table_makes_the_snapshot_rebuilt(settings, cache, source, damage):
    s = _settings(settings, source)
    first = open_extraction(s)
    d = _sdir(s) / f"snap-{first.snapshot_id}"
    f = sorted((d / snap.DERIVED).glob("personnes_territoire_*.parquet"))[0]
    if damage == "truncate":
        f.write_bytes(f.read_bytes()[:-40])
    elif damage == "missing":
        f.unlink()
    else:  # a manifest that lists a derived table the folder does not hold
        m = json.loads((d / snap.MANIFEST).read_text())
        m["derives"]["cles_id_personne_000000000000"] = m["derives"][f.stem]
        (d / snap.MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    assert snap.current(_sdir(s)) is None
    again = open_extraction(s)
    assert not again.from_snapshot
    assert f.name in {p.name for p in (_sdir(s) / f"snap-{again.snapshot_id}" / snap.DERIVED).iterdir()}
    assert tiny.mismatches(_values(again), tiny.EXPECTED) == {}
    assert open_extraction(s).from_snapshot


def test_another_secret_key_rebuilds_the_snapshot_with_its_record_keys(settings, cache, source):
    """A snapshot holds the record keys of the key it was built with: settings with another key
    never read them (another name) — the snapshot is rebuilt with theirs, same noisy figures as
    hashing them."""
    from indicators import secret

    s = _settings(settings, source)
    first = open_extraction(s)
    other = dataclasses.replace(s, cle_secret="une-autre-cle")
    assert secret.keys_name("id_personne", other.cle_secret) not in first.extraction.derived
    second = open_extraction(other)
    assert not second.from_snapshot
    assert secret.keys_name("id_personne", other.cle_secret) in second.extraction.derived
    direct = open_extraction(dataclasses.replace(other, cache_actif=False))
    for terr in (None, "mdcs:VEN"):
        a, b = _frames_with_keys(second, other, terr), _frames_with_keys(direct, other, terr)
        assert all(a[i].equals(b[i]) for i in b)
    assert open_extraction(other).from_snapshot


def test_invalid_new_extraction_keeps_the_previous_snapshot_for_the_app(settings, cache, source,
                                                                         monkeypatch):
    s = _settings(settings, source)
    first = open_extraction(s)
    with sqlite3.connect(source) as c:
        c.execute("DROP TABLE personne")
    assert not open_extraction(s).usable  # a command sees the new, unusable extraction
    app = open_extraction(s, keep_previous=True)
    assert app.usable and app.snapshot_id == first.snapshot_id
    assert app.rejected is not None and app.rejected.blocking
    assert "personne" in app.rejected.to_text()
    # the rejected report is kept: the unusable source is not read at every check
    monkeypatch.setattr(opening, "read_source", lambda *a: pytest.fail("source read again"))
    assert open_extraction(s, keep_previous=True).rejected.blocking


def test_source_gone_without_snapshot_is_a_french_error(settings, cache, tmp_path):
    s = _settings(settings, tmp_path / "absente.sqlite")
    with pytest.raises(SourceUnreachable, match="aucun instantané"):
        open_extraction(s)


def test_cli_builds_ahead_then_finds_it_up_to_date(cache, source, tmp_path):
    url = f"sqlite:///{source}"
    cmd = [sys.executable, "-m", "data.snapshot", "--db", url]
    env = {"DECLIK_CACHE": str(cache), "PATH": "/usr/bin:/bin"}
    r1 = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    r2 = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert r1.returncode == 0 and "instantané écrit" in r1.stdout, r1.stderr
    assert r2.returncode == 0 and "déjà à jour" in r2.stdout
    with sqlite3.connect(source) as c:
        c.execute("DROP TABLE foyer")
    r3 = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert r3.returncode == 1 and "inutilisable" in r3.stderr and "Traceback" not in r3.stderr
    source.unlink()
    r4 = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert r4.returncode == 2 and "injoignable" in r4.stderr and "Traceback" not in r4.stderr


# ---- PostgreSQL down after a snapshot exists ----------------------------------------------------
class Relay:
    """A TCP relay on a free port to the PostgreSQL server: stopping it is « PostgreSQL down »
    for a URL that does not change."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.alive = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.alive:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self.alive = False
        try:  # unblocks accept(): the port refuses connections from now on
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        for c in self.conns:
            try:
                c.close()
            except OSError:
                pass


@pytest.mark.db
def test_postgresql_unreachable_after_a_snapshot_serves_it_with_its_date(settings, cache):
    import time

    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    url = dedicated_database(db_url_or_skip(PG_URL), "declik_snapshot")
    eng = sa.create_engine(url)
    write_extraction(eng, tiny.tiny_tables())
    eng.dispose()  # the writer's statistics reach pg_stat_user_tables when its session ends
    fp, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline and fp != (fp := snap.fingerprint(url)):
        time.sleep(0.3)
    u = make_url(url)
    relay = Relay(u.host or "127.0.0.1", u.port or 5432)
    try:
        via = u.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
        s = dataclasses.replace(settings.with_url(via))
        built = open_extraction(s)
        assert built.usable and not built.from_snapshot and built.snapshot_id
        assert open_extraction(s).from_snapshot  # fingerprint query only
    finally:
        relay.stop()
    down = open_extraction(s)
    assert down.usable and down.snapshot_id == built.snapshot_id
    assert down.unreachable
    assert tiny.mismatches(_values(down), tiny.EXPECTED) == {}
    with pytest.raises(SourceUnreachable):
        open_extraction(s, allow_stale=False)
