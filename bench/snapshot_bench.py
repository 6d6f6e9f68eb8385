"""Snapshot benchmark (a benchmark, not a test): load from SQL vs open the Parquet snapshot, and
the indicators on it, side by side with the figures measured before the snapshot existed.

For each scale (demo, ``--echelle 10``, ``--echelle 200``; files made by ``python -m data.demo``
under bench/work/, as bench/run_bench.py does), each step runs in a fresh subprocess whose
resident memory is watched (killed above ``--limite-go``, 10 GB by default: the machine is
shared) and whose peak is reported:

- ``sql``: read + type + validate from SQLite, no snapshot (what every process did before);
- ``build``: the same, plus writing the snapshot (``python -m data.snapshot``'s work);
- ``open``: open the snapshot (in memory below ``[cache] memoire_max_mo``, else scanned), then
  all 25 core indicators for the département and for one MDCS (median of the repetitions) and
  the monthly series by MDCS (personnes SDD and entrées, 2025);
- ``scan``: the same with the snapshot always scanned lazily (``pl.scan_parquet``), and a check
  that every value equals the in-memory one;
- ``cli``: wall time of ``python -m indicators compute`` on the demo once the snapshot exists.

Usage: ``python bench/snapshot_bench.py [--echelles 1,10] [--repetitions 3]``; results in
bench/RESULTS.md (section « Snapshot »), previous figures beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import fmt, median_time, write_section  # noqa: E402 (run as a script: the project root first)

WORK = ROOT / "bench" / "work"
DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)
START, END = "<!-- snapshot:debut -->", "<!-- snapshot:fin -->"
LABELS = {1: "demo (41)", 10: "×10 (large département)", 200: "×200 (France)"}
# Measured before the snapshot (bench/RESULTS.md of 2026-11-23: load = read + type + validate).
BEFORE = {1: {"sql": 2.353, "core": 0.083, "mdcs": 0.171, "series": 0.188, "peak": 520},
          10: {"sql": 18.289, "core": 0.365, "mdcs": 0.754, "series": 1.031, "peak": 2607},
          200: {"sql": 170.939, "core": 7.909, "mdcs": 18.537, "series": 41.530, "peak": 18471}}


# ---- one step, in its own process -------------------------------------------------------------
def step(name: str, db: str, cache: str, reps: int) -> dict:
    import dataclasses

    os.environ["DECLIK_CACHE"] = cache
    from data.opening import open_extraction
    from data.referentiel import Territoire
    from indicators.engine import compute_values, make_ctx, series
    from settings import load_settings

    s = load_settings().with_url(f"sqlite:///{db}")
    out: dict = {}
    t = time.perf_counter()
    if name == "sql":
        op = open_extraction(dataclasses.replace(s, cache_actif=False))
        out["t"] = time.perf_counter() - t
        out["rows"] = sum(op.report.row_counts.values())
    elif name == "build":
        op = open_extraction(s)
        out["t"] = time.perf_counter() - t
        out["octets"] = sum(p.stat().st_size for p in Path(cache).rglob("*.parquet"))
    else:
        lazy = True if name == "scan" else None
        op = open_extraction(s, lazy=lazy)
        out["t"] = time.perf_counter() - t
        assert op.from_snapshot, "the snapshot should exist"
        out["lazy"] = op.extraction.lazy
        ext, ref = op.extraction, op.referentiel
        mdcs = Territoire("mdcs", "BLO")
        out["core"], v_dep = median_time(
            lambda: compute_values(make_ctx(ext, ref, s, DEBUT, FIN)), reps)
        out["mdcs"], v_mdcs = median_time(
            lambda: compute_values(make_ctx(ext, ref, s, DEBUT, FIN, mdcs)), reps)
        ctx = make_ctx(ext, ref, s, DEBUT, FIN)
        out["series"], ser = median_time(
            lambda: (series(ctx, "personnes_sdd", ("mdcs",)), series(ctx, "entrees", ("mdcs",))),
            max(1, reps // 2))
        out["values"] = {"dep": v_dep, "mdcs": v_mdcs,
                         "series": [f.sort(f.columns).to_dicts() for f in ser]}
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ---- the runner -------------------------------------------------------------------------------
def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_step(name: str, db: Path, cache: Path, reps: int, limit_mb: float) -> dict:
    cmd = [sys.executable, __file__, "--_etape", name, str(db), str(cache), str(reps)]
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = {"at": None}

    def watch():
        while p.poll() is None:
            m = rss_mb(p.pid)
            if m > limit_mb:
                killed["at"] = m
                p.kill()
                return
            time.sleep(0.25)

    threading.Thread(target=watch, daemon=True).start()
    stdout, stderr = p.communicate()
    if killed["at"] is not None:
        return {"aborted_mb": killed["at"]}
    if p.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{stderr[-3000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


def cli_wall(db: Path, cache: Path) -> float:
    cmd = [sys.executable, "-m", "indicators", "compute", "--db", f"sqlite:///{db}",
           "--debut", "2025-01-01", "--fin", "2025-12-31"]
    env = {**os.environ, "DECLIK_CACHE": str(cache)}
    return median_time(lambda: subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True), 3)[0]


def ensure_db(echelle: int) -> Path:
    if echelle == 1:
        from data.opening import ensure_demo
        from settings import DEMO_DB, load_settings

        ensure_demo(load_settings())
        return DEMO_DB
    from bench.run_bench import ensure_db as make

    return make(echelle)[0]


def measure(echelle: int, reps: int, limit_mb: float, skip_sql: bool) -> dict:
    db = ensure_db(echelle)
    cache = Path(tempfile.mkdtemp(prefix="declik-bench-"))
    try:
        r: dict = {"echelle": echelle, "load_avg": None}
        r["sql"] = None if skip_sql else run_step("sql", db, cache, reps, limit_mb)
        r["build"] = run_step("build", db, cache, reps, limit_mb)
        if "aborted_mb" in r["build"]:
            return r
        r["open"] = run_step("open", db, cache, reps, limit_mb)
        r["scan"] = run_step("scan", db, cache, reps, limit_mb)
        same = ("values" in r["open"] and "values" in r["scan"]
                and r["open"]["values"] == r["scan"]["values"])
        r["same_values"] = same
        for k in ("open", "scan"):
            r[k].pop("values", None)
        if echelle == 1:
            r["cli"] = cli_wall(db, cache)
        r["load_avg"] = os.getloadavg()[0]
        return r
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def table(results: dict) -> str:
    head = ("| scale | load from SQL (s) before → now | build snapshot (s) | open snapshot (s) "
            "| snapshot size (MB) | all core indicators, département (s) before → in memory / "
            "scanned | same, one MDCS (s) | monthly series by MDCS (s) | peak memory (MB) before → "
            "SQL / build / in memory / scanned | same values | load avg |")
    lines = [head, "|" + "---|" * 11]
    for e in sorted(results, key=int):
        r, b = results[e], BEFORE.get(int(e), {})
        if "aborted_mb" in (r.get("build") or {}):
            lines.append(f"| {LABELS.get(int(e), e)} | {fmt(b.get('sql'))} → not run | aborted "
                         f"above {fmt(r['build']['aborted_mb'], 0)} MB | | | | | | | | |")
            continue
        sql, bu, op, sc = r.get("sql") or {}, r["build"], r["open"], r["scan"]
        if "aborted_mb" in op or "aborted_mb" in sc:
            # the build finished but opening / computing went over the memory limit
            lines.append(
                f"| {LABELS.get(int(e), e)} | {fmt(b.get('sql'))} → not run | {fmt(bu['t'])} "
                f"| aborted above {fmt(op.get('aborted_mb') or sc.get('aborted_mb'), 0)} MB "
                f"| {fmt(bu['octets'] / 1e6, 1)} | {fmt(b.get('core'))} → aborted "
                f"| {fmt(b.get('mdcs'))} → aborted | {fmt(b.get('series'))} → aborted "
                f"| {fmt(b.get('peak'), 0)} → – / {fmt(bu.get('peak_mb'), 0)} / aborted / aborted "
                f"| – | {fmt(r.get('load_avg'), 1)} |")
            continue

        def pk(x):
            return fmt(x.get("peak_mb"), 0) if x else "–"

        lines.append(
            f"| {LABELS.get(int(e), e)} | {fmt(b.get('sql'))} → {fmt(sql.get('t'))} "
            f"| {fmt(bu['t'])} | {fmt(op['t'])} ({'scanned' if op['lazy'] else 'in memory'}) "
            f"| {fmt(bu['octets'] / 1e6, 1)} "
            f"| {fmt(b.get('core'))} → {fmt(op['core'])} / {fmt(sc['core'])} "
            f"| {fmt(b.get('mdcs'))} → {fmt(op['mdcs'])} / {fmt(sc['mdcs'])} "
            f"| {fmt(b.get('series'))} → {fmt(op['series'])} / {fmt(sc['series'])} "
            f"| {fmt(b.get('peak'), 0)} → {pk(sql)} / {pk(bu)} / {pk(op)} / {pk(sc)} "
            f"| {'yes' if r.get('same_values') else 'NO'} | {fmt(r.get('load_avg'), 1)} |")
    return "\n".join(lines)


def write_results(results: dict, reps: int) -> str:
    cli = next((r["cli"] for r in results.values() if r.get("cli")), None)
    md = "\n".join([
        START,
        "## Snapshot (issue 12): load from SQL vs open the Parquet snapshot",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on the shared 2-core "
        f"machine (other engineers' tests running: see the load average), medians of {reps} "
        "runs, each step in a fresh process. Period 2025-01-01 → 2025-12-31, MDCS = BLO. "
        "Produced by `python bench/snapshot_bench.py`. « before » = the figures above, measured "
        "on an idle machine before the snapshot existed.",
        "",
        table(results),
        "",
        f"`python -m indicators compute` on the demo, snapshot present: {fmt(cli, 2)} s wall "
        "(median of 3, imports included; target < 1,5 s)." if cli else "",
        "",
        "- « in memory »: the snapshot's tables are read into memory (below `[cache] "
        "memoire_max_mo`, 1 024 MB of Parquet by default); « scanned »: every query scans the "
        "Parquet files (`pl.scan_parquet`), only the columns and rows it needs are read.",
        "- « same values »: the 25 core indicators (département and MDCS) and the monthly series "
        "are identical, in memory and scanned; the tests prove they equal reading the source.",
        "- Peak memory: `ru_maxrss` of each step's process (SQL load, snapshot build, open + "
        "indicators). A step whose memory goes over the limit is killed and reported as aborted.",
        END,
    ])
    return write_section(md, START, END)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--echelles", default="1,10")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--limite-go", type=float, default=10.0)
    ap.add_argument("--sans-sql", default="200", help="échelles sans l'étape SQL seule")
    ap.add_argument("--_etape", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._etape:
        name, db, cache, reps = args._etape
        print(json.dumps(step(name, db, cache, int(reps)), default=str))
        return
    store = WORK / "snapshot_results.json"
    WORK.mkdir(parents=True, exist_ok=True)
    results = json.loads(store.read_text()) if store.exists() else {}
    skip = {int(x) for x in args.sans_sql.split(",") if x}
    for e in [int(x) for x in args.echelles.split(",")]:
        r = measure(e, args.repetitions if e < 100 else 1, args.limite_go * 1024, e in skip)
        results[str(e)] = r
        print(LABELS.get(e, e), json.dumps(r, indent=1, default=str), flush=True)
        store.write_text(json.dumps(results, default=str))
    print(write_results(results, args.repetitions))


if __name__ == "__main__":
    main()
