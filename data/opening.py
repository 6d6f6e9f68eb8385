"""One entry point to open an extraction: create the demo if needed, read, type, validate.

``open_extraction`` never raises on a bad extraction: it returns the validation report, and
``extraction`` is ``None`` when a structural error makes it unusable.
"""
from __future__ import annotations

from dataclasses import dataclass

from data.load import Extraction, build_extraction, read_raw, type_tables
from data.referentiel import Referentiel, referentiel_of
from data.source import read_only_engine
from data.validation import Report, validate
from settings import Settings


@dataclass(frozen=True)
class Opened:
    extraction: Extraction | None
    report: Report
    referentiel: Referentiel

    @property
    def usable(self) -> bool:
        return self.extraction is not None


def ensure_demo(settings: Settings) -> None:
    """Generate the demo SQLite file when the default database is used and the file is missing."""
    if settings.uses_demo and not settings.demo_db.exists():
        from data.demo import generate

        generate(settings.demo_db, settings=settings)


def open_extraction(settings: Settings, url: str | None = None) -> Opened:
    settings = settings.with_url(url)
    ensure_demo(settings)
    ref = referentiel_of(settings)
    engine = read_only_engine(settings.url)
    try:
        raw = read_raw(engine)
    finally:
        engine.dispose()
    typed = type_tables(raw)
    report = validate(raw, typed, ref)
    ext = None if report.blocking else build_extraction(typed)
    return Opened(ext, report, ref)
