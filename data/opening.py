"""One entry point to open an extraction: the snapshot when it is up to date, else read, type,
validate (and write the snapshot).

``open_extraction`` never raises on a bad extraction: it returns the validation report, and
``extraction`` is ``None`` when a structural error makes it unusable. Every entry point — the
app, ``python -m indicators check|compute``, ``python -m reports build``, ``python -m
data.snapshot`` — goes through it, so that all of them reopen the same typed snapshot
(:mod:`data.snapshot`) as long as the source's fingerprint has not changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from data import snapshot as snap
from data.load import Extraction, build_extraction, read_raw, type_tables
from data.referentiel import Referentiel, referentiel_of
from data.snapshot import SourceUnreachable
from data.source import shown_url
from data.validation import Report, validate
from indicators import prepared
from settings import Settings

__all__ = ["Opened", "SourceUnreachable", "ensure_demo", "open_extraction", "read_source"]


@dataclass(frozen=True)
class Opened:
    extraction: Extraction | None
    report: Report
    referentiel: Referentiel
    snapshot_id: str = ""  # "" when no snapshot is involved (cache off, in-memory database)
    from_snapshot: bool = False  # reopened from the snapshot (the source was not read)
    fingerprint: dict | None = None
    # the source could not be reached: the last snapshot is served (message of the failure)
    unreachable: str | None = None
    # the source's new extraction is unusable: its report, while the previous snapshot is served
    rejected: Report | None = None

    @property
    def usable(self) -> bool:
        return self.extraction is not None


def ensure_demo(settings: Settings) -> None:
    """Generate the demo SQLite file when the default database is used and the file is missing."""
    if settings.uses_demo and not settings.demo_db.exists():
        from data.demo import generate

        generate(settings.demo_db, settings=settings)


def read_source(settings: Settings, ref: Referentiel):
    """Read, type and validate the source: ``(typed tables, report, extraction or None)``."""
    from data.source import read_only_engine

    engine = read_only_engine(settings.url)
    try:
        raw = read_raw(engine)
    finally:
        engine.dispose()
    typed = type_tables(raw)
    report = validate(raw, typed, ref)
    ext = None if report.blocking else build_extraction(typed)
    return typed, report, ext


def open_extraction(settings: Settings, url: str | None = None, *, keep_previous: bool = False,
                    allow_stale: bool = True, lazy: bool | None = None) -> Opened:
    """The extraction of ``settings`` (or ``url``).

    - ``keep_previous`` (the app): when the source's new extraction is unusable, serve the
      previous snapshot and give the new report in :attr:`Opened.rejected`;
    - ``allow_stale``: when the source cannot be reached, serve the last snapshot
      (:attr:`Opened.unreachable` says why); without a snapshot, :class:`SourceUnreachable`;
    - ``lazy``: scan the snapshot's Parquet files instead of loading them (default: when the
      tables would take more than ``[cache] memoire_max_mo`` once decompressed)."""
    settings = settings.with_url(url)
    ensure_demo(settings)
    ref = referentiel_of(settings)
    if not settings.cache_actif or (settings.url.startswith("sqlite")
                                    and snap.sqlite_path(settings.url) is None):
        _, report, ext = read_source(settings, ref)
        return Opened(ext, report, ref)
    sdir = snap.source_dir(snap.cache_root(settings.cache_dossier), settings.url,
                           settings.departement)
    mem = settings.cache_memoire_max_mo

    def served(s: snap.Snapshot, **extra) -> Opened:
        return Opened(s.extraction(lazy, mem), s.report(), ref, s.id, True, s.fingerprint, **extra)

    def up_to_date(s: snap.Snapshot | None) -> bool:
        # the source unchanged, and the derived tables of these settings there (another
        # secret key or référentiel: rebuilt with them)
        return (s is not None and s.fingerprint == fp
                and s.has_derived(prepared.names(settings, ref, s.manifest["tables"])))

    try:
        fp = snap.fingerprint(settings.url)
    except SourceUnreachable as exc:
        last = snap.current(sdir)
        if last is not None and allow_stale:
            return served(last, unreachable=str(exc))
        raise SourceUnreachable(f"source injoignable ({exc}) et aucun instantané disponible") \
            from exc
    last = snap.current(sdir)
    if up_to_date(last):
        return served(last)
    rej = snap.rejected(sdir)
    if rej is not None and rej[0] == fp:
        report = rej[1]
    else:
        with snap.build_lock(sdir):
            last = snap.current(sdir)  # another process may have built it meanwhile
            if up_to_date(last):
                return served(last)
            # table by table, in bounded memory (the snapshot is built on disk, then opened)
            built, report = snap.build(sdir, settings.url, ref, fp, url_shown=shown_url(settings.url),
                derive=lambda ext: prepared.derive(settings, ref, ext))
            if built is not None:
                return Opened(built.extraction(lazy, mem), report, ref, built.id, False, fp)
            snap.write_rejected(sdir, fp, report)
    if keep_previous and last is not None:
        return served(last, rejected=report)
    return Opened(None, report, ref, "", False, fp)
