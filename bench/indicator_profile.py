"""CPU time of each core indicator on a snapshot (a benchmark tool, not a test): where the time of
``bench/snapshot_bench.py``'s « all core indicators » goes, indicator by indicator.

    .venv/bin/python bench/indicator_profile.py --db sqlite:///FILE --cache DIR [--scan]
        [--mdcs BLO] [--series]

Opens the extraction as :mod:`data.opening` does (the snapshot of ``--cache``), then, for the
département and for one MDCS, period 2025: the materialisation of the shared frames
(:meth:`indicators.context.Ctx.materialized`, what :func:`indicators.engine.compute` does
first) and each core indicator collected alone on them, the whole batch as the engine runs it;
with ``--series``, the two monthly series by MDCS of the snapshot benchmark. Each figure is the
CPU time of the process (every thread: on a shared machine the figure the others' load changes
least) and its wall time; the load average is printed beside them.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)


def timed(fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.process_time() - c, time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--dossier", help="dossier snap-* ouvert tel quel, sans contrôle de version "
                                      "(un instantané bâti par une version du code qui ne "
                                      "diffère que par des fichiers hachés dans sa version)")
    ap.add_argument("--scan", action="store_true")
    ap.add_argument("--mdcs", default="BLO")
    ap.add_argument("--series", action="store_true")
    ap.add_argument("--seul", default="", help="indicateurs à mesurer (virgules ; défaut : tous)")
    args = ap.parse_args()
    os.environ["DECLIK_CACHE"] = args.cache
    from data.opening import open_extraction
    from data.referentiel import Territoire
    from indicators.context import collect_frames
    from indicators.engine import compute, frame, make_ctx, series
    from indicators.registry import core_ids
    from settings import load_settings

    s = load_settings().with_url(args.db)
    if args.dossier:
        import json

        from data.referentiel import referentiel_of
        from data.snapshot import MANIFEST, Snapshot

        d = Path(args.dossier)
        snap = Snapshot(d, json.loads((d / MANIFEST).read_text(encoding="utf-8")))
        c, w, ext = timed(lambda: snap.extraction(lazy=True if args.scan else None))
        ref = referentiel_of(s)
    else:
        c, w, op = timed(lambda: open_extraction(s, lazy=args.scan or None))
        ext, ref = op.extraction, op.referentiel
    print(f"open: {c:.2f} s CPU, {w:.2f} s wall (scanned {ext.lazy}), "
          f"load {os.getloadavg()[0]:.1f}")
    ids = [i for i in core_ids() if not args.seul or i in args.seul.split(",")]
    for terr in (None, Territoire("mdcs", args.mdcs)):
        ctx = make_ctx(ext, ref, s, DEBUT, FIN, terr)
        label = "département" if terr is None else f"MDCS {args.mdcs}"
        c, w, m = timed(lambda ctx=ctx: ctx.materialized(lambda x: [frame(x, i) for i in ids]))
        print(f"\n{label}: materialisation {c:.2f} s CPU, {w:.2f} s wall")
        rows = []
        for i in ids:
            c, w, _ = timed(lambda i=i, m=m: collect_frames([frame(m, i)], m.bounded))
            rows.append((c, w, i))
        for c, w, i in sorted(rows, reverse=True):
            print(f"  {i:38s} {c:6.2f} s CPU {w:6.2f} s wall")
        print(f"  sum of the indicators: {sum(r[0] for r in rows):.2f} s CPU")
        c, w, _ = timed(lambda ctx=ctx: compute(ctx, ids))
        print(f"  whole batch (engine.compute): {c:.2f} s CPU, {w:.2f} s wall, "
              f"load {os.getloadavg()[0]:.1f}")
    if args.series:
        ctx = make_ctx(ext, ref, s, DEBUT, FIN)
        for i in ("personnes_sdd", "entrees"):
            c, w, _ = timed(lambda i=i: series(ctx, i, ("mdcs",)))
            print(f"series {i} by mdcs: {c:.2f} s CPU, {w:.2f} s wall")
    print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
