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

Usage: ``python bench/first_chart.py --repetitions 3``.
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


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except Exception:  # noqa: BLE001 - a server that ignores SIGTERM is killed
        proc.kill()


async def first_chart(ctx, port: int, launch_browser=None) -> tuple[float, float | None]:
    """Start a server on ``port``, open ``/`` in a new page of ``ctx`` (or of the browser
    ``launch_browser()`` starts at the same moment), and return (seconds, server CPU) from
    ``streamlit run`` to the first chart drawn."""
    t0 = time.monotonic()
    proc, url = load.start_server(None, port=port)
    try:
        if launch_browser is not None:
            browser, _ = await asyncio.gather(launch_browser(), load.wait_healthy(url, proc))
            ctx = await browser.new_context(viewport={"width": 1440, "height": 1000},
                                            locale="fr-FR")
        else:
            await load.wait_healthy(url, proc)
        page = await ctx.new_page()
        await page.goto(f"{url}/", wait_until="commit")
        await page.wait_for_selector(SELECTOR, timeout=LIMIT_MS)
        seconds, cpu = time.monotonic() - t0, load.cpu_s(proc.pid)
        await page.close()
        if launch_browser is not None:
            await browser.close()
        return seconds, cpu
    finally:
        stop(proc)


async def measure(reps: int) -> dict[str, list[tuple[float, float | None]]]:
    from playwright.async_api import async_playwright

    out: dict[str, list[tuple[float, float | None]]] = {k: [] for k in SITUATIONS}
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
            await first_chart(regular, port)  # the earlier visit that fills its cache
            for r in range(reps):
                for k in SITUATIONS:
                    if k == "ensemble":
                        res = await first_chart(None, load.free_port(), launch)
                    elif k == "ouvert":
                        fresh = await opened.new_context(
                            viewport={"width": 1440, "height": 1000}, locale="fr-FR")
                        res = await first_chart(fresh, load.free_port())
                        await fresh.close()
                    else:
                        res = await first_chart(regular, port)
                    out[k].append(res)
                    print(f"  {r + 1}/{reps} {k} : {res[0]:.2f} s (CPU du serveur "
                          f"{res[1] or 0:.2f} s), charge {os.getloadavg()[0]:.1f}", flush=True)
            await opened.close()
            await regular.close()
    return out


def section(out: dict, loads: list[float]) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = ["| situation | runs | `streamlit run` → first chart drawn: median (min-max) (s) | "
            "server CPU by then, median (s) |", "|---|---|---|---|"]
    for k, label in SITUATIONS.items():
        secs = [s for s, _ in out[k]]
        cpus = [c for _, c in out[k] if c is not None]
        rows.append(f"| {label} | {len(secs)} | {common.fmt(statistics.median(secs), 2)} "
                    f"({common.fmt(min(secs), 2)}-{common.fmt(max(secs), 2)}) | "
                    f"{common.fmt(statistics.median(cpus), 2) if cpus else '–'} |")
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
    a = ap.parse_args()
    from data.opening import open_extraction
    from settings import load_settings

    open_extraction(load_settings())  # the snapshot exists before the servers start
    loads = [os.getloadavg()[0]]
    out = asyncio.run(measure(a.repetitions))
    loads.append(os.getloadavg()[0])
    md = section(out, loads)
    print(md)
    if not a.sans_ecrire:
        common.write_section(md, START, END)


if __name__ == "__main__":
    main()
