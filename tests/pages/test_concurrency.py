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
all the same fails by timeout instead of hanging the suite. The threads run views below the
département (cell keys computed) on MDCS, cantons and communes, as sessions do.

The second freeze (a Python function inside a polars query): ``VIEWS`` runs the views below
the département uncached (their queries, cell keys included, run each time) from 8 threads
while others convert the extraction's tables with ``to_pandas``; it must end within the timeout.
Checked by hand (2026-12-03): with a ``map_batches`` put back into the cell-key aggregation
(``python -c "$VIEWS" <url> udf 60``), it froze every time (timeout) — polars runs a Python
function of an aggregation on its pool, and ``to_pandas`` holds the interpreter lock while it
waits for that pool; as is, 5 s. A Python function in a ``with_columns`` runs on the calling
thread here and did not freeze: the scan of the code below refuses them all anyway."""
from __future__ import annotations

import json
import os
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
    guarded = sys.argv[2] != "sans-garde"
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 48

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
    if sys.argv[2] == "udf":  # a Python function put back inside every keyed query (a check by hand)
        from indicators import secret
        keyed = secret.with_record_keys
        secret.with_record_keys = lambda lf, col, cle, ext=None: keyed(lf, col, cle, ext).with_columns(
            pl.col(secret.RECORD_KEY_COL).map_batches(lambda s: s, return_dtype=pl.UInt64))
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
        # views below the département (cell keys computed), each thread its own territory
        units = ["departement:41"] + [f"{n}:{c}" for n in ("mdcs", "canton", "commune")
                                      for c in ref.units(n)["code"].head(4).to_list()]
        key = cache.Key(settings, date(2025, 1, 1), date(2025, 12, 31), units[i % len(units)],
                        None, None, "", op.snapshot_id)
        for b in [*cache.breakdowns(key, (("foyers_beneficiaires", ("mdcs",)),
                                          ("part_orientation_professionnelle", ("sexe",)))),
                  cache.series(key, "foyers_beneficiaires")]:
            if b.data is not None:
                b.data.to_pandas()
                b.table.display.to_arrow()
        return i

    with ThreadPoolExecutor(12) as pool:
        done = list(pool.map(work, range(runs)))
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


VIEWS = textwrap.dedent("""
    import json, os, sys
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    import polars as pl

    os.environ["DECLIK_DB"] = sys.argv[1]
    mode, runs = sys.argv[2], int(sys.argv[3])
    from indicators import secret, views
    if mode == "udf":  # a Python function put back into the cell-key aggregation (a check by hand)
        def cell_key_agg(col):
            first = pl.col(col).is_not_null() & pl.col(col).is_first_distinct()
            return pl.col(secret.RECORD_KEY_COL).filter(first).map_batches(
                lambda s: pl.Series([int(s.sum() or 0) % secret.KEY_MOD], dtype=pl.UInt64),
                return_dtype=pl.UInt64, returns_scalar=True).alias("_cle")
        secret.cell_key_agg = cell_key_agg
    from ui import cache

    settings, op = cache.current_opened()
    units = [f"{n}:{c}" for n in ("mdcs", "canton", "commune")
             for c in op.referentiel.units(n)["code"].head(4).to_list()]
    REQUESTS = (("foyers_beneficiaires", ("mdcs",)), ("part_orientation_professionnelle", ("sexe",)),
                ("personnes_sdd", ("tranche_age",)))

    def compute(i):  # uncached: the queries run each time
        key = cache.Key(settings, date(2025, 1, 1), date(2025, 12, 31), units[i % len(units)],
                        None, None, "", op.snapshot_id)
        for b in views.breakdowns(cache.ctx_of(key), REQUESTS):
            if b.data is not None:
                b.data.to_pandas()

    def convert(i):
        for name in ("foyer", "personne", "droit"):
            op.extraction.tables[name].to_pandas()  # each access: a clone of its own

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(compute if i % 2 else convert, i) for i in range(runs)]
        done = [f.result() for f in futures]
    print(json.dumps({"done": len(done)}))
""")


@pytest.mark.slow
def test_views_and_conversions_from_many_threads_finish(small_url):
    """Views computed (cell keys below the département) and frames converted by many threads at
    once: the run ends — a Python function inside a query froze it (module doc)."""
    env = {**os.environ, "POLARS_MAX_THREADS": "2"}  # the pool of the 2-core servers
    try:
        r = subprocess.run([sys.executable, "-c", VIEWS, small_url, "vues", "60"], cwd=ROOT,
                           timeout=180, capture_output=True, text=True, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("gel : vues et conversions simultanées bloquent l'interpréteur")
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout.strip().splitlines()[-1]) == {"done": 60}


# A Python function inside a polars query (on its thread pool): the way to the second freeze
PYTHON_IN_QUERY = ("map_elements", "map_batches", "map_groups", "map_rows", "rolling_map",
                   "fold", "reduce", "cum_fold", "cum_reduce", "register_io_source",
                   "scan_pyarrow_dataset", "sink_batches")


def python_in_queries() -> set[tuple[str, str, int]]:
    """(file, function, line) of every use of :data:`PYTHON_IN_QUERY` in the app's packages."""
    import ast

    found = set()

    def visit(node, where, path):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name, path)
                continue
            if isinstance(child, ast.Attribute) and child.attr in PYTHON_IN_QUERY:
                found.add((path, where, child.lineno))
            if isinstance(child, ast.ImportFrom) and any(a.name in PYTHON_IN_QUERY
                                                         for a in child.names):
                found.add((path, where, child.lineno))
            visit(child, where, path)

    for pkg in ("indicators", "data", "geo", "charts", "reports", "ui", "pages", "access"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            visit(ast.parse(p.read_text(encoding="utf-8")), "<module>", str(p.relative_to(ROOT)))
    for p in sorted(ROOT.glob("*.py")):
        visit(ast.parse(p.read_text(encoding="utf-8")), "<module>", p.name)
    return found


def test_no_python_function_inside_a_polars_query():
    """The second freeze (20 sessions, 2026-12-03, gdb): a script thread in polars
    ``DataFrame.to_pandas`` (by Streamlit) holding the interpreter lock while it waits for
    polars' thread pool, both pool threads inside a ``map_elements``/``map_batches`` Python
    function of another session's query, waiting for that lock. Frames are not shared there:
    the guard above does not prevent it. Labels are mapped in Python outside the engine
    (:func:`indicators.context.python_map`), the cell keys of the secret statistique hashed
    outside it (:mod:`indicators.secret`): no Python function in any query, none allowed."""
    assert python_in_queries() == set(), "fonction Python dans une requête polars"


def test_the_scan_sees_a_python_function_in_a_query(tmp_path, monkeypatch):
    """The scan is not blind: a ``map_batches`` in a module of the app is found."""
    import tests.pages.test_concurrency as me

    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "x.py").write_text(
        "import polars as pl\n\ndef f(lf):\n    return lf.with_columns(pl.col('a').map_batches("
        "lambda s: s))\n\ndef g():\n    return pl.fold(0, lambda a, b: a + b, [])\n")
    monkeypatch.setattr(me, "ROOT", tmp_path)
    assert python_in_queries() == {("indicators/x.py", "f", 4), ("indicators/x.py", "g", 7)}



# ---- caches: bounded, and shared by the sessions --------------------------------------------

CACHE_DECORATORS = ("cache_data", "cache_resource")


def cache_decorators() -> dict[tuple[str, str], tuple[set[str], int]]:
    """(file, function) → (keywords, parameters of the cached function) of every
    ``st.cache_data``/``st.cache_resource`` of the app's code: as a decorator (the function it
    decorates) or called inside a function (:func:`ui.cache.cached`: that function's name, the
    parameters unknown, -1)."""
    import ast

    out = {}
    files = [p for pkg in ("ui", "pages", "indicators", "data", "geo", "charts", "reports",
                           "access") for p in sorted((ROOT / pkg).rglob("*.py"))]
    for p in files + sorted(ROOT.glob("*.py")):
        path = str(p.relative_to(ROOT))
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            decorators = set()
            for d in node.decorator_list:
                f = d.func if isinstance(d, ast.Call) else d
                if isinstance(f, ast.Attribute) and f.attr in CACHE_DECORATORS:
                    kws = {k.arg for k in d.keywords} if isinstance(d, ast.Call) else set()
                    a = node.args
                    out[(path, node.name)] = (kws, len(a.args) + len(a.kwonlyargs) + bool(a.vararg))
                    decorators.add(id(d))
            for c in ast.walk(node):
                if (isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                        and c.func.attr in CACHE_DECORATORS and id(c) not in decorators
                        and not any(c in ast.walk(d) for d in node.decorator_list)):
                    out[(path, node.name)] = ({k.arg for k in c.keywords}, -1)
    return out


def test_every_cache_is_bounded():
    """Memory flat after warm-up: every Streamlit cache of the app has ``max_entries`` (a
    function without parameters holds one entry at most); the views' caches — every
    ``cache_data`` of :mod:`ui.cache`, keyed by a view's :class:`ui.cache.Key` (which names
    the snapshot), and its :func:`ui.cache.cached` decorator — a ``ttl`` too, so the entries of
    a replaced snapshot age out. The process-wide memos beside them are bounded as well."""
    import inspect

    from data import referentiel
    from indicators import coverage
    from ui import cache, hashing

    found = cache_decorators()
    assert ("ui/cache.py", "cached") in found and ("ui/cache.py", "live") in found
    unbounded = [k for k, (kws, n) in found.items() if "max_entries" not in kws and n != 0]
    assert unbounded == [], f"caches sans max_entries : {unbounded}"
    keyed = [("ui/cache.py", "cached"), ("ui/cache.py", "_quality"), ("ui/cache.py", "plan"),
             ("ui/cache.py", "plan_tables")]
    assert [k for k in keyed if "ttl" not in found[k][0]] == [], "caches de vues sans ttl"
    sig = inspect.signature(cache.cached).parameters
    assert sig["max_entries"].default and sig["ttl"].default == cache.TTL
    assert referentiel.load_referentiel.cache_info().maxsize is not None
    assert coverage._ENDS_MAX and hashing._MAX


def test_no_full_collection_after_each_run():
    """A rerun does not pay a full garbage collection of the whole process (Streamlit's
    ``runner.postScriptGC``, on by default: 0,19 s of server CPU per rerun of views already
    computed once the caches are full, 0,06 s without — bench/RESULTS.md « Many users »):
    off in the app's own Streamlit configuration, which ``streamlit run`` reads from the
    project's root."""
    import tomllib

    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["runner"]["postScriptGC"] is False
    out = subprocess.run([sys.executable, "-c", "from streamlit import config; "
                          "print(config.get_option('runner.postScriptGC'))"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr[-500:]


def test_a_view_computed_for_one_session_is_reused_by_another(small_url):
    """Session A opens a page; session B, a new session with the same filters but another
    comparison, opens it too: nothing is computed again (:data:`ui.cache.COMPUTED`, the cache
    misses of every cached view). A third session on another territory computes (the count
    sees computations)."""
    from tests.helpers.apptest import app
    from ui import cache

    query = {"territoire": "mdcs:BLO", "periode": "2025"}
    a = app(small_url, "pages/allocataires.py", {**query, "comparaison": "n-1"})
    assert not a.exception
    after_a = dict(cache.COMPUTED)
    assert sum(after_a.values()) > 0
    b = app(small_url, "pages/allocataires.py", {**query, "comparaison": "precedente"})
    assert not b.exception
    assert [m.value for m in b.metric] == [m.value for m in a.metric]
    new = {k: v - after_a.get(k, 0) for k, v in cache.COMPUTED.items() if v != after_a.get(k, 0)}
    # only the comparison period's own values (another window) may be new
    assert set(new) <= {"indicators.views.key_cards.masked_values"}, new
    before_c = sum(cache.COMPUTED.values())
    c = app(small_url, "pages/allocataires.py", {"territoire": "mdcs:VEN", "periode": "2025"})
    assert not c.exception and sum(cache.COMPUTED.values()) > before_c


def test_a_view_asked_by_several_sessions_at_once_is_computed_once(minimal_url):
    """Four sessions ask for the same view at the same moment (one not computed yet): one
    computes it, the others wait for it and get it (Streamlit's lock per cached value), and the
    comparison, which a view does not depend on, does not tell them apart."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from tests.helpers.config import test_settings
    from ui import cache

    calls, lock = [], threading.Lock()

    @cache.cached()
    def slow_view(ctx, what: str):
        with lock:
            calls.append(what)
        time.sleep(0.5)
        return (what, ctx.territoire.key)

    base = cache.Key(test_settings(minimal_url), date(2025, 1, 1), date(2025, 12, 31),
                     "departement:41", None, None, "")
    keys = [base, base._replace(comp_debut=date(2024, 1, 1), comp_fin=date(2024, 12, 31),
                                mode="n-1"), base, base._replace(mode="precedente")]
    cache.ctx_of(base)  # the extraction opened first: only the view is timed
    with ThreadPoolExecutor(4) as pool:
        out = list(pool.map(lambda k: slow_view(k, "vue"), keys))
    assert out == [("vue", "departement:41")] * 4
    assert calls == ["vue"]
