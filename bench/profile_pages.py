"""Server CPU of one user, page by page (a benchmark, not a test): every page of the dashboard
run in Streamlit's AppTest in this process, on the demo extraction (snapshot present), and the
CPU time (every thread: polars' pool included) of

- the process's start: importing what ``app.py`` imports, opening the extraction;
- the first opening of each page in a new session: ``cold`` (the first session of the process
  to open it), ``warm`` (a second new session: what every later user pays);
- filter changes on each page: the period (the previous year), the territory level (MDCS) and
  the unit (another MDCS) — each a view no session has computed yet.

``--isole``: each page in a process of its own (its cold opening then owes nothing to the pages
measured before it in the same process). ``--profil N``: the N costliest functions of each step
(cProfile of the script thread, timed by the process's CPU time), on stderr.

Usage: ``python bench/profile_pages.py [--pages synthese,carte] [--isole] [--profil 15]``;
``--enregistrer avant.json`` keeps the figures; ``--ecrire [--avant avant.json]`` writes the table
(« before → after ») to bench/RESULTS.md, section « Server CPU per page » (``--mesures
apres.json``: from figures kept, without measuring again). CPU time depends on
the others' load far less than wall time (a loaded machine still inflates it by 10-30 %: compare
figures measured at a similar load)."""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import common  # noqa: E402

START, END = "<!-- pages-cpu:debut -->", "<!-- pages-cpu:fin -->"

_PROFILE: list[cProfile.Profile | None] = [None]


def _patch_profiler() -> None:
    """cProfile of the script thread of every AppTest run (the script runs in a thread of its
    own): the profile of the step in progress, if any."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    orig = LocalScriptRunner._run_script_thread

    def run(self) -> None:
        prof = _PROFILE[0]
        if prof is None:
            return orig(self)
        prof.enable()
        try:
            return orig(self)
        finally:
            prof.disable()
    LocalScriptRunner._run_script_thread = run


class Step:
    """CPU time of a block (process, every thread), and its profile when asked."""

    def __init__(self, profile: int) -> None:
        self.profile = profile
        self.cpu = 0.0
        self.top = ""

    def __enter__(self):
        _PROFILE[0] = cProfile.Profile(time.process_time) if self.profile else None
        self._c = time.process_time()
        return self

    def __exit__(self, *exc):
        self.cpu = time.process_time() - self._c
        prof, _PROFILE[0] = _PROFILE[0], None
        if prof is not None:
            out = io.StringIO()
            st = pstats.Stats(prof, stream=out)
            st.sort_stats("cumulative").print_stats(self.profile)
            self.top = out.getvalue()
        return False


def new_session(page: str):
    from tests.helpers.apptest import new_app

    at = new_app(timeout=600)
    at.switch_page(page)
    return at


def run_checked(at, what: str) -> list[str]:
    at.run()
    return [f"{what} : {e.value}"[:300] for e in at.exception]


def change(at, key: str, pick) -> str | None:
    """Pick ``pick(labels, current index)`` (an index) in the select box ``key``; returns the
    label picked, None when the page has no such box or nothing to pick."""
    try:
        box = at.selectbox(key=key)
    except KeyError:
        return None
    labels = list(box.options)
    i = pick(labels, box.index)
    if i is None:
        return None
    # AppTest's select_index sets the *label* as the value, and a format_func that is a dict's
    # ``get`` (ui.filters) has no text for a label: the value is the code behind the label
    texts = getattr(box.format_func, "__self__", None)
    codes = {str(v): c for c, v in texts.items()} if isinstance(texts, dict) else {}
    box.set_value(codes.get(labels[i], labels[i]))
    return labels[i]


def measure(spec, profile: int) -> dict:
    from ui import filters

    row: dict = {"page": spec.url_path, "erreurs": []}
    prof_txt = []
    for label in ("cold", "warm"):
        at = new_session(spec.path)
        with Step(profile if label == "cold" else 0) as s:
            row["erreurs"] += run_checked(at, f"{label}")
        row[label] = s.cpu
        if s.top:
            prof_txt.append(f"--- {spec.url_path} : première ouverture (cold) {s.cpu:.2f} s\n{s.top}")
    # filter changes in the last session
    steps = (
        ("periode", filters.widget_key(filters.K_ANNEE),
         lambda labels, cur: 1 if len(labels) > 1 and cur == 0 else 0),
        ("niveau", filters.widget_key(filters.K_NIVEAU),
         lambda labels, cur: labels.index("MDCS") if "MDCS" in labels else None),
        ("unite", filters.widget_key(filters.K_UNITE),
         lambda labels, cur: len(labels) - 1 if len(labels) > 1 and cur != len(labels) - 1
         else None),
    )
    for name, key, pick in steps:
        picked = change(at, key, pick)
        if picked is None:
            row[name] = None
            continue
        with Step(profile) as s:
            row["erreurs"] += run_checked(at, name)
        row[name] = s.cpu
        if s.top:
            prof_txt.append(f"--- {spec.url_path} : changement {name} {s.cpu:.2f} s\n{s.top}")
    # the same view again (a rerun with nothing changed: what every widget click costs)
    with Step(profile) as s:
        row["erreurs"] += run_checked(at, "rerun")
    row["rerun"] = s.cpu
    if s.top:
        prof_txt.append(f"--- {spec.url_path} : rerun {s.cpu:.2f} s\n{s.top}")
    if prof_txt:  # on stderr: stdout carries the figures (--json)
        print("\n".join(prof_txt), file=sys.stderr)
    return row


COLS = ("cold", "warm", "periode", "niveau", "unite", "rerun")


def line(r: dict) -> str:
    return (f"{r['page']:14} " + "  ".join(f"{k} {r[k]:.2f}" if r[k] is not None else f"{k} –"
                                          for k in COLS)
            + (f"  ERREURS {r['erreurs']}" if r["erreurs"] else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="", help="url_path des pages, séparés par des virgules "
                    "(défaut : toutes, dans l'ordre du menu)")
    ap.add_argument("--profil", type=int, default=0, help="nombre de fonctions du profil par étape")
    ap.add_argument("--isole", action="store_true",
                    help="chaque page dans un processus à elle (ouverture à froid sans les autres)")
    ap.add_argument("--enregistrer", type=Path, help="écrit les mesures (JSON) dans ce fichier")
    ap.add_argument("--avant", type=Path, help="mesures JSON d'avant (--enregistrer) : le "
                    "tableau écrit donne « avant → après »")
    ap.add_argument("--ecrire", action="store_true", help="écrit le tableau dans bench/RESULTS.md")
    ap.add_argument("--mesures", type=Path, help="ne mesure pas : reprend ces mesures JSON "
                    "(--enregistrer) pour --ecrire")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--etiquette", default="", help="précision sur la mesure (ex. la version)")
    args = ap.parse_args()

    os.environ.setdefault("DECLIK_CONFIG", str(ROOT / "config.toml"))
    if args.mesures:
        run = json.loads(args.mesures.read_text(encoding="utf-8"))
    else:
        run = isolated(args) if args.isole else in_process(args)
    if args.json:
        print(json.dumps(run))
        return
    print(f"imports : streamlit {run['start'][0]:.2f} s, ce qu'importe app.py "
          f"{run['start'][1]:.2f} s ; ouverture de l'extraction {run['start'][2]:.2f} s ; "
          f"charge {run['load'][0]:.1f} → {run['load'][1]:.1f}")
    if args.enregistrer:
        args.enregistrer.write_text(json.dumps(run, indent=1), encoding="utf-8")
    if args.ecrire:
        before = json.loads(args.avant.read_text(encoding="utf-8")) if args.avant else None
        print(write(run, before, args.etiquette))


def in_process(args) -> dict:
    """Every page in this process, in menu order."""
    load0 = os.getloadavg()[0]
    c0 = time.process_time()
    import streamlit  # noqa: F401
    c_st = time.process_time() - c0
    from ui import access, cache, router, theme  # noqa: F401  (what app.py imports)
    c_imp = time.process_time() - c0
    c1 = time.process_time()
    cache.live(cache.current_settings())  # the extraction opened (its snapshot), once
    c_open = time.process_time() - c1

    _patch_profiler()
    from ui.pages_list import PAGES

    wanted = [p for p in args.pages.split(",") if p]
    rows = []
    for spec in (p for p in PAGES if not wanted or p.url_path in wanted):
        r = measure(spec, args.profil)
        if not args.json:
            print(line(r), flush=True)
        rows.append(r)
    return {"rows": rows, "start": [c_st, c_imp, c_open], "isole": False,
            "load": [load0, os.getloadavg()[0]], "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def isolated(args) -> dict:
    """Each page measured by a process of its own (this script with ``--pages`` that page)."""
    import subprocess

    from ui.pages_list import PAGES

    wanted = [p for p in args.pages.split(",") if p]
    load0 = os.getloadavg()[0]
    rows, starts = [], []
    for spec in (p for p in PAGES if not wanted or p.url_path in wanted):
        cmd = [sys.executable, __file__, "--pages", spec.url_path, "--json",
               "--profil", str(args.profil)]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=os.environ)
        got = json.loads(out.stdout.strip().splitlines()[-1])
        rows += got["rows"]
        starts.append(got["start"])
        if not args.json:
            print(line(got["rows"][0]), flush=True)
    start = [sorted(x[i] for x in starts)[len(starts) // 2] for i in range(3)]
    return {"rows": rows, "start": start, "isole": True, "load": [load0, os.getloadavg()[0]],
            "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def write(run: dict, before: dict | None, label: str) -> str:
    """The section « Server CPU per page » of bench/RESULTS.md (``before``: each cell « before →
    after »)."""
    f = common.fmt
    prev = {r["page"]: r for r in (before or {}).get("rows", [])}

    def cell(r: dict, k: str) -> str:
        b = prev.get(r["page"], {}).get(k)
        return f"{f(b, 2)} → {f(r[k], 2)}" if before is not None else f(r[k], 2)

    def start(i: int) -> str:
        now = f(run["start"][i], 2)
        return f"{f(before['start'][i], 2)} → {now}" if before is not None else now

    how = ("each page in a process of its own (`--isole`): its cold opening owes nothing to the "
           "pages measured before it" if run["isole"] else "every page in one process, in menu "
           "order (a page's cold opening reuses the views the pages before it computed)")
    when = (f"before: {before['at']}, load average {f(before['load'][0], 1)}; after: "
            if before is not None else "")
    lines = [START, "## Server CPU per page (one user, AppTest)", "",
             f"Measured with `python bench/profile_pages.py` ({when}{run['at']}, load average "
             f"{f(run['load'][0], 1)}{', ' + label if label else ''}) on the demo, snapshot "
             f"present, {how}: CPU seconds of the process (every thread, the figure the others' "
             "load changes least — a loaded machine still inflates it by 10-30 %). Cold: the "
             "first session to open the page; warm: a second new session (what every later user "
             "pays); then in that session the period (previous year), the level (MDCS), the unit "
             "(another MDCS) — each a view no session computed before — and a rerun with nothing "
             f"changed. Process start: Streamlit imported {start(0)} s, everything app.py "
             f"imports {start(1)} s, the extraction opened (snapshot) {start(2)} s.", "",
             "| page | first opening cold | first opening warm | period | level | unit | rerun |",
             "|---|---|---|---|---|---|---|"]
    for r in run["rows"]:
        lines.append(f"| {r['page']} | " + " | ".join(cell(r, k) for k in COLS) + " |")
    lines.append(END)
    return common.write_section("\n".join(lines), START, END)


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
