"""`streamlit run` → the dashboard's first chart drawn (a benchmark, not a test; issue 12's target
« < 3 s on the demo when the snapshot exists »), in the three situations a user can be in:

- ``ensemble``: Chromium launched at the same moment as the server (what ``bench/load.py
  --client playwright`` times: the browser's own start-up counted, both on the same 2 cores);
- ``ouvert``: the browser already open (launched and idle before ``streamlit run``), a first
  visit: nothing of the dashboard in its cache;
- ``habituel``: the browser already open and having visited the dashboard before (its HTTP cache
  holds Streamlit's front end and plotly's bundle — files with hashed names, cached by the
  browser), as for the staff who open it every day: primed by one visit to an earlier server on
  the same port, stopped before the measure.

Each measure starts a new ``streamlit run app.py`` (the demo, its snapshot built first: the same
server as :func:`bench.load.start_server`), opens ``/`` (the Synthèse) in a new page and waits
for the first plotly chart drawn (``.js-plotly-plot .main-svg``); the server's CPU time by then
is given beside. The situations are measured in turn, ``--repetitions`` times each (a noisy
machine shifts them alike). Results: printed, and the section « First chart » of
bench/RESULTS.md (``--sans-ecrire``: printed only).

Usage: ``python bench/first_chart.py --repetitions 3``; ``--trace``: the timeline of each visit;
``--comparer DOSSIER`` (repeatable): an A/B in one run against other copies of the project (e.g.
a worktree of main, its demo built), measured in turn with this one.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import common, load  # noqa: E402 (run as a script: the project root first)

START, END = "<!-- premier-graphique:debut -->", "<!-- premier-graphique:fin -->"
SITUATIONS = {
    "ensemble": "Chromium lancé en même temps que le serveur (premier accès)",
    "ouvert": "navigateur déjà ouvert, première visite (cache vide)",
    "habituel": "navigateur déjà ouvert, déjà venu sur le tableau de bord (cache du navigateur)",
}
SELECTOR = ".js-plotly-plot .main-svg"
LIMIT_MS = 120_000


def browser_cpu_s() -> float:
    """CPU time (user + system) used so far by every Chromium process this bench started (the
    browser, its renderers, GPU and network processes): the browser's share of the work."""
    import psutil

    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name().lower():
                t = child.cpu_times()
                total += t.user + t.system
        except psutil.Error:  # ended meanwhile
            pass
    return total


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except Exception:  # noqa: BLE001 - a server that ignores SIGTERM is killed
        proc.kill()


async def first_chart(ctx, port: int, launch_browser=None, trace: bool = False,
                      root: Path = ROOT) -> tuple[float, float | None, float]:
    """Start a server of ``root`` on ``port``, open ``/`` in a new page of ``ctx`` (or of the
    browser ``launch_browser()`` starts at the same moment), and return (seconds, server CPU)
    from ``streamlit run`` to the first chart drawn. ``trace``: print the timeline of that visit
    (:class:`bench.load.Timeline`: health, websocket, plotly's JS chunk, first plotly element
    received, chart drawn — each with the server's CPU time then)."""
    t0, b0 = time.monotonic(), browser_cpu_s()
    proc, url = load.start_server(None, port=port, root=root)
    tl = load.Timeline(t0, proc)
    try:
        if launch_browser is not None:
            browser, _ = await asyncio.gather(launch_browser(), load.wait_healthy(url, proc))
            ctx = await browser.new_context(viewport={"width": 1440, "height": 1000},
                                            locale="fr-FR")
        else:
            await load.wait_healthy(url, proc)
        tl.mark("santé du serveur OK")
        page = await ctx.new_page()
        if trace:
            tl.watch(page)
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Performance.enable")
        await page.goto(f"{url}/", wait_until="commit")
        tl.mark("page : commit")
        await page.wait_for_selector(SELECTOR, timeout=LIMIT_MS)
        seconds, cpu = time.monotonic() - t0, load.cpu_s(proc.pid)
        bcpu = browser_cpu_s() - b0
        if trace:
            tl.mark("premier graphique dessiné")
            tl.print()
            m = {x["name"]: x["value"] for x in
                 (await cdp.send("Performance.getMetrics"))["metrics"]}
            print("  fil principal de la page : " + ", ".join(
                f"{k.removesuffix('Duration')} {m.get(k, 0):.2f} s" for k in
                ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")),
                flush=True)
        await page.close()
        if launch_browser is not None:
            await browser.close()
        return seconds, cpu, bcpu
    finally:
        stop(proc)


# (situation, root) → runs: (seconds, server CPU, browser CPU)
Results = dict[tuple[str, str], list[tuple[float, float | None, float]]]


async def measure(reps: int, trace: bool = False, situations: list[str] | None = None,
                  roots: dict[str, Path] | None = None) -> Results:
    """Each situation in turn, ``reps`` times; with several ``roots`` (``--comparer``), each
    measure is taken for every root one after the other (the machine's load shifts them
    alike)."""
    from playwright.async_api import async_playwright

    roots = roots or {"": ROOT}
    chosen = [k for k in SITUATIONS if situations is None or k in situations]
    out: Results = {(k, r): [] for k in chosen for r in roots}
    async with async_playwright() as p:
        def launch():
            return p.chromium.launch(executable_path=load.CHROMIUM, args=load.ARGS, headless=True)

        with tempfile.TemporaryDirectory() as profile:
            # the regular visitor's browser: one profile (its HTTP cache) for the whole run
            regular = await p.chromium.launch_persistent_context(
                profile, executable_path=load.CHROMIUM, args=load.ARGS, headless=True,
                viewport={"width": 1440, "height": 1000}, locale="fr-FR")
            opened = await launch()
            port = load.free_port()
            for root in roots.values():  # the earlier visits that fill its cache
                await first_chart(regular, port, root=root)
            for r in range(reps):
                for k in chosen:
                    for name, root in roots.items():
                        if k == "ensemble":
                            res = await first_chart(None, load.free_port(), launch, trace, root)
                        elif k == "ouvert":
                            fresh = await opened.new_context(
                                viewport={"width": 1440, "height": 1000}, locale="fr-FR")
                            res = await first_chart(fresh, load.free_port(), trace=trace,
                                                    root=root)
                            await fresh.close()
                        else:
                            res = await first_chart(regular, port, trace=trace, root=root)
                        out[k, name].append(res)
                        print(f"  {r + 1}/{reps} {k}{' ' + name if name else ''} : "
                              f"{res[0]:.2f} s (CPU du serveur {res[1] or 0:.2f} s, du "
                              f"navigateur {res[2]:.2f} s), "
                              f"charge {os.getloadavg()[0]:.1f}", flush=True)
            await opened.close()
            await regular.close()
    return out


def section(out: Results, loads: list[float]) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = ["| situation | runs | `streamlit run` → first chart drawn: median (min-max) (s) | "
            "server CPU by then, median (min-max) (s) | browser CPU meanwhile, median (min-max) "
            "(s) |", "|---|---|---|---|---|"]

    def span(xs: list[float]) -> str:
        return (f"{common.fmt(statistics.median(xs), 2)} ({common.fmt(min(xs), 2)}-"
                f"{common.fmt(max(xs), 2)})" if xs else "–")

    for (k, name), runs in out.items():
        secs = [r[0] for r in runs]
        cpus = [r[1] for r in runs if r[1] is not None]
        bcpus = [r[2] for r in runs]
        label = SITUATIONS[k] + (f" — {name}" if name else "")
        rows.append(f"| {label} | {len(secs)} | {span(secs)} | {span(cpus)} | {span(bcpus)} |")
    return "\n".join([
        START, "## First chart after `streamlit run` (issue 12)", "",
        f"Measured {stamp} with `python bench/first_chart.py` on the demo (snapshot present; "
        f"load average {common.fmt(min(loads), 1)}-{common.fmt(max(loads), 1)} during the run). "
        "Each run starts a new `streamlit run app.py` and times it to the Synthèse's first "
        "plotly chart drawn in headless Chromium (software drawing, on the server's 2 cores); "
        "the three situations in turn. Target: < 3 s.", "", *rows, "", END])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--sans-ecrire", action="store_true", help="affiche sans écrire RESULTS.md")
    ap.add_argument("--trace", action="store_true",
                    help="affiche la chronologie de chaque mesure (santé, websocket, JS de "
                         "plotly, premier graphique reçu puis dessiné, CPU du serveur)")
    ap.add_argument("--situations", default=",".join(SITUATIONS),
                    help="les situations mesurées, séparées par des virgules (défaut : toutes)")
    ap.add_argument("--comparer", metavar="DOSSIER", action="append", default=[],
                    help="une autre copie du projet (ex. un worktree de main), mesurée à tour de "
                         "rôle avec celle-ci (A/B dans la même série) ; répétable")
    a = ap.parse_args()
    roots = {"": ROOT}
    if a.comparer:
        roots = {"ce projet": ROOT} | {f"référence ({Path(d).name})": Path(d) for d in a.comparer}
    from data.opening import open_extraction
    from settings import load_settings

    open_extraction(load_settings())  # the snapshot exists before the servers start
    loads = [os.getloadavg()[0]]
    out = asyncio.run(measure(a.repetitions, a.trace, a.situations.split(","), roots))
    loads.append(os.getloadavg()[0])
    md = section(out, loads)
    print(md)
    if not a.sans_ecrire:
        common.write_section(md, START, END)


if __name__ == "__main__":
    main()
