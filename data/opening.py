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

from sqlalchemy.engine import make_url

from data import snapshot as snap
from data.load import Extraction, build_extraction, read_raw, type_tables
from data.referentiel import Referentiel, load_referentiel
from data.snapshot import SourceUnreachable
from data.source import read_only_engine
from data.validation import Report, validate
from settings import DEMO_DB, Settings

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
    if settings.uses_demo and not DEMO_DB.exists():
        from data.demo import generate

        generate(DEMO_DB)


def read_source(settings: Settings, ref: Referentiel):
    """Read, type and validate the source: ``(typed tables, report, extraction or None)``."""
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
    - ``lazy``: scan the snapshot's Parquet files instead of loading them (default: when they
      weigh more than ``[cache] memoire_max_mo``)."""
    settings = settings.with_url(url)
    ensure_demo(settings)
    ref = load_referentiel(settings.departement, settings.departement_nom)
    if not settings.cache_actif or (settings.url.startswith("sqlite")
                                    and snap.sqlite_path(settings.url) is None):
        _, report, ext = read_source(settings, ref)
        return Opened(ext, report, ref)
    sdir = snap.source_dir(snap.cache_root(settings.cache_dossier), settings.url,
                           settings.departement)
    mem = settings.cache_memoire_max_mo

    def served(s: snap.Snapshot, **extra) -> Opened:
        return Opened(s.extraction(lazy, mem), s.report(), ref, s.id, True, s.fingerprint, **extra)

    try:
        fp = snap.fingerprint(settings.url)
    except SourceUnreachable as exc:
        last = snap.current(sdir)
        if last is not None and allow_stale:
            return served(last, unreachable=str(exc))
        raise SourceUnreachable(f"source injoignable ({exc}) et aucun instantané disponible") \
            from exc
    last = snap.current(sdir)
    if last is not None and last.fingerprint == fp:
        return served(last)
    rej = snap.rejected(sdir)
    if rej is not None and rej[0] == fp:
        report = rej[1]
    else:
        with snap.build_lock(sdir):
            last = snap.current(sdir)  # another process may have built it meanwhile
            if last is not None and last.fingerprint == fp:
                return served(last)
            typed, report, ext = read_source(settings, ref)
            if ext is not None:
                s = snap.write(sdir, typed, fp, report, date_extraction=ext.date_extraction,
                               departement=ext.departement, source=ext.source,
                               url_shown=make_url(settings.url).render_as_string(
                                   hide_password=True))
                del typed
                if lazy or (lazy is None and s.size_bytes > mem * 1024 * 1024):
                    ext = s.extraction(True)
                else:
                    ext = Extraction(ext.tables, ext.date_extraction, ext.departement, ext.source,
                                     snapshot_id=s.id)
                return Opened(ext, report, ref, s.id, False, fp)
            snap.write_rejected(sdir, fp, report)
    if keep_previous and last is not None:
        return served(last, rejected=report)
    return Opened(None, report, ref, "", False, fp)
