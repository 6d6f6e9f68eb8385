"""Every registered indicator's raw frame (private columns — the secret statistique's cell keys
``_cle``, ``_den``, ``_num_u``, ``_compl_u`` — included), dumped to compare two versions of the
code on one extraction, in memory or scanned (issue 12, scale: the snapshot's integer ids must
give exactly the frames of the text ids).

    .venv/bin/python bench/frames_dump.py dump DIR --db sqlite:///FILE [--scan] [--cache DIR]
    .venv/bin/python bench/frames_dump.py compare DIR_A DIR_B

``dump`` opens the extraction through :func:`data.opening.open_extraction` (the snapshot of the
``--cache`` folder, built if missing), then for the periods 2025 and 2025-T3 computes every
indicator (core or not) for the département and every MDCS, the first cantons and communes,
by no breakdown, by MDCS and by commune (where allowed); for the département also by each of
its allowed non-territory breakdowns; and the monthly series of four indicators by MDCS. Each
frame is written as its sorted rows (one JSON line per case) in ``DIR/frames.jsonl.gz``.
``compare`` prints the cases that differ (exit 1 if any). A benchmark tool, not a test: run it
niced.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path.cwd()  # the worktree whose code is dumped
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PERIODS = {"2025": (date(2025, 1, 1), date(2025, 12, 31)),
           "2025-T3": (date(2025, 7, 1), date(2025, 9, 30))}
SERIES = ("personnes_sdd", "entrees", "taux_cer_valide", "montant_rsa_verse")


def _rows(df) -> list:
    cols = sorted(df.columns)
    df = df.select(cols)
    return [cols, sorted((list(r) for r in df.iter_rows()), key=repr)]


def dump(out: Path, db: str, scan: bool, cache: str | None) -> None:
    if cache:
        os.environ["DECLIK_CACHE"] = cache
    from data.opening import open_extraction
    from indicators.engine import compute, make_ctx, series
    from indicators.registry import REGISTRY
    from settings import load_settings

    s = load_settings().with_url(db)
    t0, c0 = time.perf_counter(), time.process_time()
    op = open_extraction(s, lazy=scan)
    ext, ref = op.extraction, op.referentiel
    print(f"opened (snapshot {op.snapshot_id or '-'}, scanned {ext.lazy}) "
          f"{time.process_time() - c0:.1f} s CPU", file=sys.stderr)
    units = [None] + [f"mdcs:{c}" for c in ref.units("mdcs")["code"]]
    units += [f"canton:{c}" for c in ref.units("canton")["code"][:2]]
    units += [f"commune:{c}" for c in ref.units("commune")["code"][:2]]
    ids = list(REGISTRY)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with gzip.open(out / "frames.jsonl.gz", "wt", encoding="utf-8") as f:
        def write(case: str, df) -> None:
            nonlocal n
            f.write(json.dumps({"case": case, "rows": _rows(df)}, default=repr) + "\n")
            n += 1

        for label, (d, fi) in PERIODS.items():
            for unit in units:
                ctx = make_ctx(ext, ref, s, d, fi, ref.parse_territoire(unit) if unit else None)
                bys: list[tuple[str, ...]] = [(), ("mdcs",), ("commune",)]
                if unit is None:
                    bys += [(b,) for b in dict.fromkeys(
                        b for i in ids for b in REGISTRY[i].allowed_by) if (b,) not in bys]
                for by in bys:
                    some = [i for i in ids if all(b in REGISTRY[i].allowed_by for b in by)]
                    for i, df in compute(ctx, some, by).items():
                        write(f"{label} {unit or 'departement'} {i} by={','.join(by)}", df)
            print(f"  {label}: {n} frames, {time.process_time() - c0:.0f} s CPU", file=sys.stderr)
        ctx = make_ctx(ext, ref, s, *PERIODS["2025"])
        for i in SERIES:
            write(f"series {i} by=mdcs", series(ctx, i, ("mdcs",)))
    print(f"{n} frames in {out / 'frames.jsonl.gz'} ({time.perf_counter() - t0:.0f} s wall, "
          f"{time.process_time() - c0:.0f} s CPU)")


def _read(d: Path) -> dict[str, str]:
    with gzip.open(d / "frames.jsonl.gz", "rt", encoding="utf-8") as f:
        return {(o := json.loads(line))["case"]: json.dumps(o["rows"]) for line in f}


def _close(x, y) -> bool:
    """Same value, a float allowed to differ in its last bits (a sum in another order: the
    in-memory and the scanned engines already differ so, ``bench/RESULTS.md``)."""
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-9)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_close(u, v) for u, v in zip(x, y, strict=True))
    return x == y


def compare(a: Path, b: Path) -> int:
    da, db = _read(a), _read(b)
    inexact = sorted(c for c in set(da) & set(db) if da[c] != db[c])
    diff = [c for c in inexact if not _close(json.loads(da[c]), json.loads(db[c]))]
    missing = sorted(set(da) ^ set(db))
    print(f"{len(da)} frames in {a}, {len(db)} in {b}; {len(diff)} differ, "
          f"{len(inexact) - len(diff)} differ only in a float's last bits (relative 1e-12), "
          f"{len(missing)} in one only")
    for c in diff[:20]:
        print("  differs:", c)
    for c in missing[:20]:
        print("  in one only:", c)
    return 1 if diff or missing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("dir", type=Path)
    d.add_argument("--db", required=True)
    d.add_argument("--scan", action="store_true")
    d.add_argument("--cache")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.dir, args.db, args.scan, args.cache)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
