"""The typed snapshot of an extraction: Parquet files plus a manifest, reopened in a fraction of
the time it takes to read, type and validate the SQL source.

Layout, under ``[cache] dossier`` (default ``data/cache``, gitignored; ``DECLIK_CACHE`` overrides
it) — one folder per source (a hash of its URL without password and of the département)::

    <dossier>/<source>/CURRENT            name of the snapshot in use (replaced atomically)
    <dossier>/<source>/snap-<id>/          manifest.json + one <table>.parquet per present table
    <dossier>/<source>/snap-<id>/derive/   derived tables (below), one <name>.parquet each
    <dossier>/<source>/rejected.json       the last extraction found unusable (fingerprint + report)
    <dossier>/<source>/.lock               held while a snapshot is being built (several processes)

**Fingerprint** (:func:`fingerprint`, cheap, no table is read):

- SQLite file: its size, modification time (ns), inode and the *file change counter* of the SQLite
  header (bytes 24-27, incremented by every write transaction), plus the same for a ``-wal`` file;
- any other database: one query on the source — the row count of every contract table present
  and the ``extraction`` table's content (``date_extraction``, ``departement``, ``source``) — and
  the tables and contract columns the source offers.

A snapshot is opened when its manifest's fingerprint equals the source's, its snapshot format,
contract version and *code version* (a hash of the loader, contract, validation and référentiel
files: a change to how an extraction is typed or validated rebuilds the snapshot) are today's, and
every file is there with the size and row count the manifest records (Parquet footer read). Any
other case — missing file, truncated file, unreadable manifest — rebuilds it: a corrupt or partial
snapshot is never read.

**Derived tables** (``derive``, given by :mod:`data.opening`: :func:`indicators.prepared.derive`)
are what the indicators would otherwise compute from the tables in every process that opens the
snapshot (the secret statistique's record keys, the persons with their territory). They are
computed from the snapshot's own files once it is validated, written in the same temporary
folder, recorded in the manifest (rows and size, checked like the tables) and renamed with it:
they exist exactly when the snapshot does, and a missing or damaged one makes the whole snapshot
invalid (rebuilt, never read). Their names say what they depend on (the key, the référentiel,
the code computing them): a snapshot lacking a name the settings want is rebuilt.

**Writing** is atomic: files go to a temporary folder (``.tmp-*``), then the folder is renamed
and ``CURRENT`` is replaced (``os.replace``); a crash at any point leaves the previous snapshot
in use. The previous snapshot is kept (sessions may still be reading it); older ones and stale
temporary folders are removed at the next build.

An extraction with a structural error is never snapshotted: its report is kept in
``rejected.json`` (same fingerprint → not re-read at every check) while the last valid snapshot
stays the one in use.

``python -m data.snapshot --db URL`` (:mod:`data.snapshot.__main__`) builds the snapshot ahead
(a nightly job after the Département's extraction): exit 0 when the snapshot is up to date, 1
when the extraction is unusable, 2 when the source cannot be read.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import polars as pl

from data.load import Extraction, TableMapping
from data.schema import TABLES
from data.snapshot import ids as surrogate
from data.source import backend_name, shown_url, sqlite_database
from settings import environment_cache_dir

FORMAT = 2  # 2: integer surrogate ids (data.snapshot.ids)
CONTRACT_VERSION = "1"
MANIFEST = "manifest.json"
DERIVED = "derive"
CURRENT = "CURRENT"
REJECTED = "rejected.json"
ROOT = Path(__file__).resolve().parents[2]


def _code_version() -> str:
    """Hash of the files that decide what a typed, validated extraction is."""
    h = hashlib.sha256()
    files = [ROOT / "data" / "load.py", ROOT / "data" / "schema.py", ROOT / "data" / "referentiel.py",
             Path(__file__).resolve(), Path(surrogate.__file__).resolve()]
    files += sorted((ROOT / "data" / "validation").glob("*.py"))
    files += sorted((ROOT / "data" / "referentiel").glob("*.csv"))
    for f in files:
        with contextlib.suppress(OSError):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


CODE_VERSION = _code_version()


class SourceUnreachable(Exception):
    """The source cannot be reached (database down, file gone): French message."""


# ---- fingerprint --------------------------------------------------------------------------------
def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None (not SQLite, or an in-memory database). Read without
    SQLAlchemy (:func:`data.source.sqlite_database`): reopening a fresh snapshot of a SQLite
    source never imports it."""
    if backend_name(url) != "sqlite":
        return None
    db = (sqlite_database(url) or "").removeprefix("file:").split("?", 1)[0]
    if not db or db == ":memory:":
        return None
    return Path(db).resolve()


def _file_stamp(p: Path) -> dict:
    st = p.stat()
    with p.open("rb") as fh:
        header = fh.read(100)
    counter = int.from_bytes(header[24:28], "big") if len(header) >= 28 else None
    return {"taille": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino,
            "compteur": counter}


def fingerprint(url: str) -> dict:
    """The source's fingerprint (see the module docstring). Raises :class:`SourceUnreachable`."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise SourceUnreachable(f"base SQLite introuvable : {path}")
        fp = {"type": "sqlite", "fichier": _file_stamp(path)}
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            st = wal.stat()
            fp["wal"] = {"taille": st.st_size, "mtime_ns": st.st_mtime_ns}
        return fp
    from data.source import read_only_engine

    try:
        engine = read_only_engine(url)
        try:
            return _db_fingerprint(engine)
        finally:
            engine.dispose()
    except SourceUnreachable:
        raise
    except Exception as exc:
        raise SourceUnreachable(_short(exc)) from exc


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def _db_fingerprint(engine) -> dict:
    import sqlalchemy as sa

    insp = sa.inspect(engine)
    existing = {n.lower(): n for n in insp.get_table_names()}
    offered = {}
    for name, spec in TABLES.items():
        real = existing.get(name)
        if real is None:
            continue
        cols = {c["name"].lower() for c in insp.get_columns(real)}
        offered[name] = sorted(c for c in spec.column_names if c in cols)
    counts = [sa.select(sa.func.count()).select_from(sa.table(existing[n])).scalar_subquery().label(n)
              for n in offered]
    with engine.connect() as conn:
        row = conn.execute(sa.select(*counts)).one() if counts else ()
        ext_rows: list = []
        if "extraction" in offered and offered["extraction"]:
            real = existing["extraction"]
            tbl = sa.table(real, *[sa.column(c) for c in offered["extraction"]])
            ext_rows = [[str(v) for v in r] for r in conn.execute(
                sa.select(*[tbl.c[c] for c in offered["extraction"]]).limit(5))]
        stamps = _table_stamps(conn, engine.dialect.name, [existing[n] for n in offered])
    return {"type": engine.dialect.name, "tables": offered,
            "lignes": dict(zip(offered, [int(v) for v in row], strict=True)),
            "extraction": ext_rows, "marques": stamps}


def _table_stamps(conn, dialect: str, names: list[str]) -> dict:
    """What the server says of each table without reading it: a table dropped and created again,
    or truncated, gets a new identity; rows written are counted by the server's statistics
    (PostgreSQL ``pg_stat_user_tables``, which may lag by under a second; MariaDB's update time).
    Best effort: a catalogue the read-only account cannot see is left out."""
    if not names:
        return {}
    import sqlalchemy as sa

    try:
        if dialect == "postgresql":
            q = sa.text(
                "SELECT c.relname, c.oid::bigint, c.relfilenode::bigint, "
                "COALESCE(s.n_tup_ins, 0) + COALESCE(s.n_tup_upd, 0) + COALESCE(s.n_tup_del, 0) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
                "WHERE n.nspname = current_schema() AND c.relname IN :names"
            ).bindparams(sa.bindparam("names", expanding=True))
            return {r[0]: [int(r[1]), int(r[2]), int(r[3])]
                    for r in conn.execute(q, {"names": names})}
        if dialect in ("mysql", "mariadb"):
            q = sa.text(
                "SELECT TABLE_NAME, CREATE_TIME, UPDATE_TIME FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN :names"
            ).bindparams(sa.bindparam("names", expanding=True))
            out = {r[0]: [str(r[1]), str(r[2])] for r in conn.execute(q, {"names": names})}
            for view in ("INNODB_SYS_TABLES", "INNODB_TABLES"):  # MariaDB, MySQL 8
                try:
                    q = sa.text(f"SELECT NAME, TABLE_ID FROM information_schema.{view} "
                                "WHERE NAME LIKE CONCAT(DATABASE(), '/%')")
                    with conn.begin_nested():
                        ids = {str(r[0]).split("/", 1)[1]: int(r[1]) for r in conn.execute(q)}
                    for n in out:
                        out[n].append(ids.get(n))
                    break
                except Exception:
                    continue
            return out
    except Exception:
        return {}
    return {}


# ---- where snapshots live -----------------------------------------------------------------------
def cache_root(dossier: str) -> Path:
    d = environment_cache_dir() or dossier or "data/cache"
    p = Path(d)
    return p if p.is_absolute() else ROOT / p


def source_dir(root: Path, url: str, departement: str) -> Path:
    path = sqlite_path(url)
    ident = f"sqlite:{path}" if path is not None else shown_url(url)
    return root / hashlib.sha256(f"{ident}|{departement}".encode()).hexdigest()[:16]


# ---- the report, to and from JSON ---------------------------------------------------------------
def report_to_json(report) -> dict:
    return {
        "findings": [{**asdict(f), "examples": list(f.examples)} for f in report.findings],
        "missing_optional": list(report.missing_optional),
        "row_counts": dict(report.row_counts),
        "set_aside": dict(report.set_aside),
        "coverage": {t: {"column": c.column, "debut": c.debut.isoformat() if c.debut else None,
                         "fin": c.fin.isoformat() if c.fin else None}
                     for t, c in report.coverage.items()},
        "unavailable_reasons": dict(report.unavailable_reasons),
    }


def report_from_json(d: dict):
    from data.validation.report import Coverage, Finding, Report

    def _d(s):
        return date.fromisoformat(s) if s else None

    return Report(
        findings=tuple(Finding(**{**f, "examples": tuple(f["examples"])}) for f in d["findings"]),
        missing_optional=tuple(d["missing_optional"]),
        row_counts=dict(d["row_counts"]),
        set_aside=dict(d["set_aside"]),
        coverage={t: Coverage(c["column"], _d(c["debut"]), _d(c["fin"]))
                  for t, c in d["coverage"].items()},
        unavailable_reasons=dict(d["unavailable_reasons"]),
    )


# ---- one snapshot -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    """A snapshot found valid on disk."""

    path: Path
    manifest: dict

    @property
    def id(self) -> str:
        return self.manifest["id"]

    @property
    def fingerprint(self) -> dict:
        return self.manifest["empreinte"]

    @property
    def date_extraction(self) -> date:
        return date.fromisoformat(self.manifest["date_extraction"])

    @property
    def size_bytes(self) -> int:
        return sum(t["octets"] for t in self.manifest["tables"].values())

    @property
    def memory_bytes(self) -> int:
        """What the tables take once decompressed (Parquet metadata: uncompressed size of every
        row group; polars needs about twice that). The Parquet files themselves are ~10 times
        smaller (×200: 416 MB of files, ~4,7 GB of frames): the file size says nothing of the
        memory an in-memory extraction takes."""
        recorded = [t.get("memoire") for t in self.manifest["tables"].values()]
        if all(isinstance(x, int) for x in recorded):  # written by the build (no pyarrow here)
            return sum(recorded)
        return sum(_decompressed_bytes(Path(f)) for f in self.files().values())

    def report(self):
        return report_from_json(self.manifest["rapport"])

    def files(self) -> dict[str, str]:
        return {t: str(self.path / f"{t}.parquet") for t in self.manifest["tables"]}

    def derived_files(self) -> dict[str, str]:
        return {n: str(self.path / DERIVED / f"{n}.parquet") for n in self.manifest.get("derives", {})}

    def has_derived(self, names) -> bool:
        """Whether the snapshot holds every derived table of ``names``."""
        return set(names) <= set(self.manifest.get("derives", {}))

    def extraction(self, lazy: bool | None = None, memory_max_mb: int = 1024):
        """The :class:`data.load.Extraction` of this snapshot: tables read into memory, or, when
        ``lazy`` (default: the tables would take more than ``memory_max_mb`` once decompressed,
        :attr:`memory_bytes`), scanned from the files by every query (``pl.scan_parquet``), so
        that only the columns and rows a computation needs are ever in memory (and the engine
        collects in bounded memory: :func:`indicators.context.collect_frames`)."""
        m = self.manifest
        if lazy is None:
            lazy = self.memory_bytes > memory_max_mb * 1024 * 1024
        files, dfiles = self.files(), self.derived_files()
        if lazy:
            tables: dict[str, pl.DataFrame] = {}
            derived: dict[str, pl.DataFrame] = {}
        else:
            tables = {t: pl.read_parquet(f) for t, f in files.items()}
            derived = {n: pl.read_parquet(f) for n, f in dfiles.items()}
            files, dfiles = {}, {}
        return Extraction(tables, date.fromisoformat(m["date_extraction"]), m["departement"],
                          m["source"], files=files, snapshot_id=m["id"], derived=derived,
                          derived_files=dfiles)


def _check(path: Path, root_key: str | None = None) -> Snapshot | None:
    """The snapshot in ``path`` if complete and readable by this code, else None. Each file's
    footer is read by polars (row count, column names): pyarrow, 0,1 s to import, is not needed
    to reopen a snapshot."""
    try:
        m = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if (m.get("format") != FORMAT or m.get("contrat") != CONTRACT_VERSION
                or m.get("code") != CODE_VERSION):
            return None
        for t, info in m["tables"].items():
            f = path / f"{t}.parquet"
            if t not in TABLES or f.stat().st_size != info["octets"]:
                return None
            if _footer(f) != (info["lignes"], list(TABLES[t].column_names)):
                return None
        for n, info in m.get("derives", {}).items():
            f = path / DERIVED / f"{n}.parquet"
            if f.stat().st_size != info["octets"]:
                return None
            if _footer(f) != (info["lignes"], list(info["colonnes"])):
                return None
        return Snapshot(path, m)
    except Exception:
        return None


def _footer(f: Path) -> tuple[int, list[str]]:
    """Row count and column names of a Parquet file, from its footer (no row read)."""
    names = list(pl.read_parquet_schema(f))
    return pl.scan_parquet(f).select(pl.len()).collect().item(), names


def _decompressed_bytes(f: Path) -> int:
    """What a Parquet file's row groups take decompressed (its metadata)."""
    import pyarrow.parquet as pq

    md = pq.read_metadata(f)
    return sum(md.row_group(i).total_byte_size for i in range(md.num_row_groups))


def current(sdir: Path) -> Snapshot | None:
    """The snapshot in use for a source, if valid."""
    try:
        name = (sdir / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not name.startswith("snap-") or "/" in name:
        return None
    found = _check(sdir / name)
    if found is None:  # corrupt, partial or written by another version: never read, rebuilt
        discard(sdir / name)
    return found


def rejected(sdir: Path) -> tuple[dict, object] | None:
    """(fingerprint, report) of the last extraction found unusable, if any."""
    try:
        d = json.loads((sdir / REJECTED).read_text(encoding="utf-8"))
        if d.get("code") != CODE_VERSION:
            return None
        return d["empreinte"], report_from_json(d["rapport"])
    except Exception:
        return None


@contextlib.contextmanager
def build_lock(sdir: Path) -> Iterator[None]:
    """Held while reading the source and writing its snapshot: two processes (the app and a
    command, several app processes) never build the same snapshot at once."""
    sdir.mkdir(parents=True, exist_ok=True)
    with open(sdir / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(p: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace_text(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    _fsync_dir(target.parent)


def snapshot_id(fp: dict, d: date) -> str:
    digest = hashlib.sha256(json.dumps(fp, sort_keys=True).encode()).hexdigest()[:10]
    return f"{d:%Y%m%d}-{digest}-{CODE_VERSION[:6]}"


def write(sdir: Path, tables: Mapping[str, pl.DataFrame], fp: dict, report, *,
          date_extraction: date, departement: str, source: str, url_shown: str,
          derive: Derive | None = None, _crash_after: str | None = None) -> Snapshot:
    """Write the snapshot of a valid extraction held in memory and make it the one in use
    (atomically). ``_crash_after`` (tests only) raises after writing that table."""
    tmp = _new_tmp(sdir, fp, date_extraction)
    try:
        for name in TABLES:
            if name not in tables:
                continue
            _write_table(tables[name], tmp / f"{name}.parquet")
            if _crash_after == name:
                raise RuntimeError("arrêt simulé pendant l'écriture de l'instantané")
        surrogate.encode(tmp, tmp / DERIVED)
        _write_derived(tmp, derive, date_extraction, departement, source)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return _finish(sdir, tmp, fp, report, date_extraction=date_extraction,
                   departement=departement, source=source, url_shown=url_shown)


def _new_tmp(sdir: Path, fp: dict, d: date | None) -> Path:
    sdir.mkdir(parents=True, exist_ok=True)
    tmp = sdir / f".tmp-{snapshot_id(fp, d or date(1, 1, 1))}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    return tmp


def _write_table(df: pl.DataFrame | pl.LazyFrame, f: Path) -> None:
    if isinstance(df, pl.LazyFrame):  # a derived table: computed in bounded memory
        df.sink_parquet(f, compression="zstd", compression_level=1, statistics=True)
    else:
        df.write_parquet(f, compression="zstd", compression_level=1, statistics=True)
    with open(f, "rb+") as fh:
        os.fsync(fh.fileno())


# What :func:`build` and :func:`write` derive from the snapshot's tables (``derive(extraction)``:
# lazy frames by name), see the module docstring.
Derive = Callable[[Extraction], Mapping[str, pl.LazyFrame]]


def _write_derived(tmp: Path, derive: Derive | None, date_extraction: date, departement: str,
                   source: str) -> None:
    """The derived tables of the snapshot being written in ``tmp``, computed from its files."""
    if derive is None:
        return
    files = {t: str(tmp / f"{t}.parquet") for t in TABLES if (tmp / f"{t}.parquet").exists()}
    (tmp / DERIVED).mkdir(exist_ok=True)
    dictionaries = {p.stem: str(p) for p in (tmp / DERIVED).glob("*.parquet")}  # the ids'
    ext = Extraction({}, date_extraction, departement, source, files=files,
                     derived_files=dictionaries)
    for name, lf in derive(ext).items():
        _write_table(lf, tmp / DERIVED / f"{name}.parquet")


def _finish(sdir: Path, tmp: Path, fp: dict, report, *, date_extraction: date, departement: str,
            source: str, url_shown: str) -> Snapshot:
    """Manifest last, then rename the folder and replace ``CURRENT``: the snapshot exists
    completely or not at all."""
    import pyarrow.parquet as pq

    sid = snapshot_id(fp, date_extraction)
    try:
        info = {}
        for name in TABLES:
            f = tmp / f"{name}.parquet"
            if f.exists():
                info[name] = {"lignes": pq.read_metadata(f).num_rows, "octets": f.stat().st_size,
                              "memoire": _decompressed_bytes(f)}
        derived = {}
        for f in sorted((tmp / DERIVED).glob("*.parquet")):
            meta = pq.read_metadata(f)
            derived[f.stem] = {"lignes": meta.num_rows, "octets": f.stat().st_size,
                               "colonnes": meta.schema.names}
        _fsync_dir(tmp / DERIVED)
        manifest = {
            "format": FORMAT, "id": sid, "contrat": CONTRACT_VERSION, "code": CODE_VERSION,
            "cree_le": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "source_url": url_shown,
            "empreinte": fp, "date_extraction": date_extraction.isoformat(),
            "departement": departement, "source": source, "tables": info, "derives": derived,
            "rapport": report_to_json(report),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
        _fsync_dir(tmp)
        final = sdir / f"snap-{sid}"
        if final.exists():  # same source rebuilt (e.g. after a corrupt snapshot)
            shutil.rmtree(final, ignore_errors=True)
        os.rename(tmp, final)
        _fsync_dir(sdir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    previous = None
    with contextlib.suppress(OSError):
        previous = (sdir / CURRENT).read_text(encoding="utf-8").strip()
    _replace_text(sdir / CURRENT, final.name)
    with contextlib.suppress(OSError):
        (sdir / REJECTED).unlink()
    _cleanup(sdir, keep={final.name, previous or ""})
    return Snapshot(final, manifest)


class ParquetTables(TableMapping):
    """Tables kept in Parquet files while a snapshot is built: a table is read when asked for,
    a column alone when only it is needed (validation's key checks), and dropped after use."""

    def __init__(self, files: Mapping[str, Path]) -> None:
        super().__init__(files)
        self.files = self._of

    def __getitem__(self, name: str) -> pl.DataFrame:
        return pl.read_parquet(self.files[name])

    def columns_of(self, name: str) -> list[str]:
        import pyarrow.parquet as pq

        return pq.read_schema(self.files[name]).names

    def column_frame(self, name: str, columns: list[str]) -> pl.DataFrame:
        return pl.read_parquet(self.files[name], columns=columns)

    def height(self, name: str) -> int:
        import pyarrow.parquet as pq

        return pq.read_metadata(self.files[name]).num_rows


def build(sdir: Path, url: str, ref, fp: dict, url_shown: str, derive: Derive | None = None):
    """Read, type and validate the source **one table at a time** and write its snapshot, in
    bounded memory: each table is read, typed and written to Parquet (its raw values too, in a
    scratch folder) before the next is read; validation then reads back one table at a time (and
    only the key columns of the tables it refers to); the derived tables (``derive``) are then
    computed from the typed files. Returns ``(snapshot or None, report)``: None when the
    extraction is unusable (nothing is written but ``rejected.json``)."""
    from data.load import RawExtraction, read_raw, type_tables
    from data.source import read_only_engine
    from data.validation import validate

    tmp = _new_tmp(sdir, fp, None)
    scratch = tmp / ".brut"
    scratch.mkdir()
    try:
        missing_tables: list[str] = []
        missing_columns: dict[str, tuple[str, ...]] = {}
        typed_files: dict[str, Path] = {}
        raw_files: dict[str, Path] = {}
        engine = read_only_engine(url)
        try:
            for name in TABLES:
                raw = read_raw(engine, only=(name,))
                missing_tables += raw.missing_tables
                missing_columns.update(raw.missing_columns)
                if name not in raw.tables:
                    continue
                typed = type_tables(raw)[name]
                typed_files[name] = tmp / f"{name}.parquet"
                _write_table(typed, typed_files[name])
                raw_files[name] = scratch / f"{name}.parquet"
                raw.tables[name].write_parquet(raw_files[name], compression="lz4")
                del raw, typed
        finally:
            engine.dispose()
        typed_m = ParquetTables(typed_files)
        raw_m = RawExtraction(ParquetTables(raw_files), tuple(missing_tables), missing_columns)
        report = validate(raw_m, typed_m, ref)
        shutil.rmtree(scratch, ignore_errors=True)
        if report.blocking:
            shutil.rmtree(tmp, ignore_errors=True)
            return None, report
        ext = typed_m["extraction"]
        row = ext.row(0, named=True) if ext.height else {}
        d = row.get("date_extraction") or date.today()
        surrogate.encode(tmp, tmp / DERIVED)
        _write_derived(tmp, derive, d, str(row.get("departement") or ""),
                       str(row.get("source") or ""))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return _finish(sdir, tmp, fp, report, date_extraction=d,
                   departement=str(row.get("departement") or ""),
                   source=str(row.get("source") or ""), url_shown=url_shown), report


def write_rejected(sdir: Path, fp: dict, report) -> None:
    sdir.mkdir(parents=True, exist_ok=True)
    _replace_text(sdir / REJECTED, json.dumps(
        {"code": CODE_VERSION, "empreinte": fp, "rapport": report_to_json(report)},
        ensure_ascii=False))


def _cleanup(sdir: Path, keep: set[str]) -> None:
    """Remove snapshots other than ``keep`` and temporary folders older than an hour."""
    now = time.time()
    for p in sdir.iterdir():
        if p.name in keep or not p.is_dir():
            continue
        if p.name.startswith("snap-") or (p.name.startswith(".tmp-")
                                           and now - p.stat().st_mtime > 3600):
            shutil.rmtree(p, ignore_errors=True)


def discard(path: Path) -> None:
    """Remove an invalid snapshot so that it is never read again."""
    shutil.rmtree(path, ignore_errors=True)
