"""The server freeze of several users (issue 12): one Streamlit script thread in polars
``DataFrame.to_pandas`` waiting in polars' thread pool while another waits in pyarrow's
``ConvertTableToPandas`` — two threads converting the SAME polars frame at once deadlocked the
whole interpreter (pola-rs/polars#27396). Frames held by the process-wide caches (the
extraction and the référentiel of ``ui.cache``) are the ones every session shares.

With the pinned polars 2.1.0 the upstream reproduction no longer hangs (0 in 20 runs), so a
test that only waits for a deadlock passes on the code before the fix too. This test checks the
cause instead: many threads do what the pages do with the cached frames (``to_pandas``,
``to_arrow``) while every conversion is watched; a conversion of a frame object that another
thread is converting at that moment is a *clash* — the condition of the deadlock, whatever the
polars version. The rule the caches follow: no frame held by a process-wide cache is handed out
(clones, pickled copies), so there is never a clash. The same run with that guard monkeypatched
away must show clashes: it proves the detector sees the sharing the guard prevents. A deadlock
all the same fails by timeout instead of hanging the suite."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import ROOT

SCRIPT = textwrap.dedent("""
    import json, os, sys, threading, time
    from collections import Counter
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    import polars as pl

    os.environ["DECLIK_DB"] = sys.argv[1]
    guarded = sys.argv[2] == "garde"

    # ---- the detector: who converts which frame object, right now ------------------------
    lock, busy, clashes = threading.Lock(), {}, []

    def watched(name, convert):
        def conversion(self, *args, **kwargs):
            me, key = threading.get_ident(), id(self)  # the frame is alive while converted
            with lock:
                users = busy.setdefault(key, Counter())
                if any(t != me for t in users):
                    clashes.append(f"{name} {self.shape}")
                users[me] += 1
            try:
                time.sleep(0.002)  # widen the window two conversions could overlap in
                return convert(self, *args, **kwargs)
            finally:
                with lock:
                    users[me] -= 1
                    if not users[me]:
                        del users[me]
        return conversion

    for name in ("to_pandas", "to_arrow"):
        setattr(pl.DataFrame, name, watched(name, getattr(pl.DataFrame, name)))

    from data import load, referentiel
    if not guarded:  # the guard monkeypatched away: the cached frames themselves are handed out
        load.SharedTables.__getitem__ = lambda self, name: self._of[name]
        del referentiel.Referentiel.__getattribute__
        referentiel.Referentiel.units = lambda self, n: self.__dict__.setdefault(
            "_units_memo", {}).setdefault(n, self._units(n))
    from ui import cache

    def work(i):
        settings, op = cache.current_opened()      # what every page's frame does
        ext, ref = op.extraction, op.referentiel
        for name in ("foyer", "droit", "personne"):
            ext.tables[name].to_pandas()          # st.dataframe / plotly / pyarrow conversions
            ext.tables[name].to_arrow()
        ref.communes.to_pandas()
        ref.cantons.to_arrow()
        ref.units("mdcs").to_pandas()
        key = cache.Key(settings, date(2025, 1, 1), date(2025, 12, 31), "departement:41",
                        None, None, "")
        for b in cache.breakdowns(key, (("foyers_beneficiaires", ("mdcs",)),)):
            b.data.to_pandas()
            b.table.display.to_arrow()
        return i

    with ThreadPoolExecutor(12) as pool:
        done = list(pool.map(work, range(48)))
    print(json.dumps({"done": len(done), "clashes": len(clashes),
                      "what": sorted(set(clashes))}))
""")


def run(url: str, mode: str) -> dict:
    try:
        r = subprocess.run([sys.executable, "-c", SCRIPT, url, mode], cwd=ROOT, timeout=300,
                           capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        if mode == "sans-garde":  # the shared frames froze the interpreter: the bug itself
            return {"done": 48, "clashes": 1, "what": ["to_pandas (gel)"]}
        pytest.fail("gel : des conversions simultanées de trames partagées bloquent l'interpréteur")
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_no_cached_frame_is_converted_by_two_threads_at_once(small_url):
    out = run(small_url, "garde")
    assert out["done"] == 48
    assert out["clashes"] == 0, f"trames partagées converties en même temps : {out['what']}"
    # the same threads without the guard: the shared frames clash (the detector works), or
    # freeze the interpreter (seen twice in a row on a loaded machine: the deadlock itself)
    bare = run(small_url, "sans-garde")
    assert bare["done"] == 48
    assert bare["clashes"] > 0, "sans la garde, le test devrait voir des conversions simultanées"
    assert any(w.startswith(("to_pandas", "to_arrow")) for w in bare["what"])


# Python functions still run inside polars queries (on its thread pool), each a way back to the
# freeze below; the cell keys of the secret statistique are computed there (blake2b, hashlib only)
KNOWN_UDFS = {("indicators/secret.py", "with_record_keys"), ("indicators/secret.py", "_value_key"),
              ("indicators/aggregate.py", "_finish")}


def test_no_new_python_function_inside_a_polars_query():
    """The second freeze (20 sessions, 2026-12-03, gdb): a script thread in polars
    ``DataFrame.to_pandas`` (by Streamlit) holding the interpreter lock while it waits for
    polars' thread pool, both pool threads inside a ``map_elements``/``map_batches`` Python
    function of another session's query, waiting for that lock. Frames are not shared there:
    the guard above does not prevent it. Labels are mapped in Python outside the engine
    (:func:`indicators.context.python_map`); no new Python function goes inside a query."""
    import ast

    found = set()

    def visit(node, where, path):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name, path)
                continue
            if (isinstance(child, ast.Attribute)
                    and child.attr in ("map_elements", "map_batches", "map_groups", "map_rows")):
                found.add((path, where))
            visit(child, where, path)

    for pkg in ("indicators", "data", "geo", "charts", "reports", "ui", "pages"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            visit(ast.parse(p.read_text(encoding="utf-8")), "<module>", str(p.relative_to(ROOT)))
    assert found - KNOWN_UDFS == set(), "fonction Python dans une requête polars"
    assert KNOWN_UDFS <= found  # an entry that went away is taken off the list
