"""``python -m data.snapshot [--db URL] [--config PATH]``: build the Parquet snapshot ahead (the
nightly job after the extraction is dropped). Exit 0 when the snapshot is up to date, 1 when the
extraction is unusable, 2 when the source cannot be reached or the configuration is invalid.

A command line of its own module (not of :mod:`data.snapshot`): it opens through
:mod:`data.opening`, which uses the snapshot."""
from __future__ import annotations

import sys
import time

from data.command import Parser, add_source_arguments, parse_command
from data.opening import open_extraction
from indicators.formatting import fr_date, fr_number


def main(argv: list[str] | None = None) -> int:
    p = Parser(
        prog="python -m data.snapshot",
        description="Construit d'avance l'instantané Parquet de l'extraction (tâche nocturne) : "
                    "code 0 si l'instantané est à jour, 1 si l'extraction est inutilisable, 2 si "
                    "la source est injoignable.")
    add_source_arguments(p)
    args, settings = parse_command(p, argv)
    if settings is None:
        return 2
    t0 = time.perf_counter()
    try:
        op = open_extraction(settings, allow_stale=False)
    except Exception as exc:
        print(f"Source injoignable : {exc}", file=sys.stderr)
        return 2
    dt = time.perf_counter() - t0
    if not op.usable:
        print(op.report.to_text(), file=sys.stderr)
        print("Extraction inutilisable : aucun instantané écrit.", file=sys.stderr)
        return 1
    how = "instantané déjà à jour" if op.from_snapshot else "instantané écrit"
    print(f"{how} : {op.snapshot_id} — données au {fr_date(op.extraction.date_extraction)} "
          f"({fr_number(dt, 1)} s).")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
