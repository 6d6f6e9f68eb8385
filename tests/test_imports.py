"""The import graph of the project's own modules (read from the source, top-level and lazy
imports alike): no cycle between modules, and the layers' direction — indicators and data never
depend on the display packages, charts never on geo (the funnel's limits come from
indicators.compare), nothing but the ui edge and the pages on ui."""
from __future__ import annotations

import ast

from tests.helpers import ROOT

PACKAGES = ("app", "bench", "charts", "data", "geo", "indicators", "pages", "reports", "settings",
            "ui")


def _modules() -> dict[str, set[str]]:
    files = {}
    for p in ROOT.rglob("*.py"):
        rel = p.relative_to(ROOT)
        if rel.parts[0] not in PACKAGES and rel.stem not in PACKAGES:
            continue
        name = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        files[name] = p
    graph = {}
    for name, p in files.items():
        out = set()
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Import):
                out |= {a.name for a in n.names}
            elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
                subs = {f"{n.module}.{a.name}" for a in n.names} & files.keys()
                # ``from pkg import submodule`` depends on the submodule; otherwise on the module
                out |= subs if len(subs) == len(n.names) else subs | {n.module}
        graph[name] = {o for o in out if o in files and o != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _package_edges(graph) -> set[tuple[str, str]]:
    return {(a.split(".")[0], b.split(".")[0]) for a, bs in graph.items() for b in bs
            if a.split(".")[0] != b.split(".")[0]}


def test_no_import_cycle_between_modules():
    assert _cycles(_modules()) == []


def test_layers():
    edges = _package_edges(_modules())
    forbidden = {("charts", "geo")} | {(low, high) for low in ("indicators", "data", "charts",
                                                               "geo", "reports", "settings")
                                        for high in ("ui", "pages", "app")}
    forbidden |= {(low, high) for low in ("indicators", "data", "settings")
                  for high in ("charts", "geo", "reports")}
    assert sorted(edges & forbidden) == []


def test_tests_share_helpers_through_modules_not_conftest_or_test_files():
    bad = []
    for p in (ROOT / "tests").rglob("*.py"):
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("tests"):
                last = n.module.rsplit(".", 1)[-1]
                if last == "conftest" or last.startswith("test_"):
                    bad.append(f"{p.relative_to(ROOT)}: from {n.module}")
    assert bad == []


def _imported(modules: str, watched: tuple[str, ...]) -> list[str]:
    import subprocess
    import sys

    code = (f"import sys; import {modules}; "
            f"print(sorted(m for m in {watched!r} if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_app_s_start_imports_no_map_library():
    """What every page imports before its first chart — the router, the access gate, the page
    frame, the widgets and the caches — imports no map library: geopandas (with pandas and
    pyproj), folium, mapclassify (scipy, scikit-learn, matplotlib) cost seconds of CPU at import
    and come with the first map drawn. The maps' own modules import neither folium (the
    interactive map only) nor mapclassify (the Jenks classes only)."""
    heavy = ("geopandas", "pandas", "pyproj", "folium", "mapclassify", "scipy", "sklearn",
             "matplotlib", "streamlit_folium")
    assert _imported("ui.access, ui.router, ui.theme, ui.pages_list, ui.frame, ui.widgets, "
                     "ui.filters, ui.cache", heavy) == "[]"
    assert _imported("geo.maps, geo.static_map, geo.offre", heavy[3:]) == "[]"
