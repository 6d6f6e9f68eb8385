"""Server CPU of one user, page by page (a benchmark, not a test): every page of the dashboard
run in Streamlit's AppTest in this process, on the demo extraction (snapshot present), and the
CPU time (every thread: polars' pool included) of

- the process's start: importing what ``app.py`` imports, opening the extraction;
- the first opening of each page in a new session: ``cold`` (the first session of the process
  to open it), ``warm`` (a second new session: what every later user pays);
- filter changes on each page: the period (the previous year), the territory level (MDCS) and
  the unit (another MDCS) — each a view no session has computed yet.

``--profil N``: the N costliest functions (cumulative CPU of the script thread, cProfile) of each
step. Usage: ``python bench/profile_pages.py [--pages synthese,carte] [--profil 15]``;
``--ecrire``: the table goes to bench/RESULTS.md (section « Server CPU per page »).
Machine load does not change CPU time much, unlike wall time (a loaded machine still adds cache
misses: compare figures measured at a similar load)."""
from __future__ import annotations

import argparse
import cProfile
import io
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
    box.select_index(i)
    return labels[i]


def measure(spec, profile: int, verbose: bool) -> dict:
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
    row["profil"] = "\n".join(prof_txt)
    if verbose:
        print(f"{spec.url_path:14} cold {row['cold']:.2f}  warm {row['warm']:.2f}  "
              + "  ".join(f"{k} {row[k]:.2f}" if row[k] is not None else f"{k} –"
                          for k in ("periode", "niveau", "unite", "rerun"))
              + (f"  ERREURS {row['erreurs']}" if row["erreurs"] else ""), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="", help="url_path des pages, séparés par des virgules "
                    "(défaut : toutes, dans l'ordre du menu)")
    ap.add_argument("--profil", type=int, default=0, help="nombre de fonctions du profil par étape")
    ap.add_argument("--ecrire", action="store_true", help="écrit le tableau dans bench/RESULTS.md")
    ap.add_argument("--etiquette", default="", help="libellé de la colonne (ex. « après »)")
    args = ap.parse_args()

    os.environ.setdefault("DECLIK_CONFIG", str(ROOT / "config.toml"))
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
    specs = [p for p in PAGES if not wanted or p.url_path in wanted]
    load0 = os.getloadavg()[0]
    rows = [measure(p, args.profil, verbose=True) for p in specs]
    print(f"imports : streamlit {c_st:.2f} s, ce qu'importe app.py {c_imp:.2f} s ; "
          f"ouverture de l'extraction {c_open:.2f} s ; charge {load0:.1f} → {os.getloadavg()[0]:.1f}")
    for r in rows:
        if r["profil"]:
            print(r["profil"])
    if args.ecrire:
        write(rows, c_st, c_imp, c_open, load0, args.etiquette)


def write(rows: list[dict], c_st: float, c_imp: float, c_open: float, load0: float,
          label: str) -> None:
    f = common.fmt
    lines = [START, "## Server CPU per page (one user, AppTest)", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
             "`python bench/profile_pages.py --ecrire` on the demo (snapshot present), load "
             f"average {f(load0, 1)} {label}: CPU seconds of the process (every thread). Cold: the "
             "first session of the process to open the page; warm: a second new session; then "
             "the period (previous year), the level (MDCS), the unit (another MDCS), a rerun "
             f"with nothing changed. Imports: Streamlit {f(c_st, 2)} s, everything app.py "
             f"imports {f(c_imp, 2)} s, opening the extraction (snapshot) {f(c_open, 2)} s.", "",
             "| page | first opening cold | first opening warm | period | level | unit | rerun |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['page']} | " + " | ".join(
            f(r[k], 2) for k in ("cold", "warm", "periode", "niveau", "unite", "rerun")) + " |")
    lines.append(END)
    common.write_section("\n".join(lines), START, END)


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
