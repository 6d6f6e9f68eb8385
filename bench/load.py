"""Many users at once (a benchmark, not a test): N concurrent sessions of the real app for a fixed
time — ``--client ws`` (the default): Streamlit's own websocket protocol, one websocket per user
(:mod:`bench.ws_client`, light: 20 sessions cost the machine little, so the figures are the
server's); ``--client playwright``: headless Chromium (/usr/bin/chromium, one browser context
per user, the charts drawn: the browsers share the server's cores) — each
doing what a user does — open a page, change the period, the territory, the comparison, go to
another page — and the re-render time of each action measured from the action to the end of the
script run (Streamlit's ``data-test-script-state``) and of the page's drawing.

Reported: p50 / p95 / max per kind of action (first opening of a page in a new session, page
change, filter change), errors (a Streamlit exception on the page, an action not rendered within
60 s, a browser error), and the server's resident memory over time (every 2 s; start, after the
first minute, maximum, end). The server is ``streamlit run app.py`` on a free port (the demo
extraction, its snapshot built first), or ``--url`` of a running one.

The server's CPU time per action (every thread, during the sessions) is reported beside the
times: the figure other work on the machine changes least.

Usage: ``python bench/load.py --sessions 1,5,10,20 --duree 120``; results in bench/RESULTS.md
(section « Many users »). ``--pause 2-8``: the think time between two actions (seconds, random);
``--trace``: print every action and the warm-up's timeline (:class:`Timeline`); ``--sans-ecrire``: a trial, nothing written; ``--archiver``: a
new series of runs, the figures in RESULTS.md kept under « Previous figures ». The output names
the slowest actions of each run (what, on which page, when).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import common  # noqa: E402 (run as a script: the project root first)

WORK = ROOT / "bench" / "work"
START, END = "<!-- charge:debut -->", "<!-- charge:fin -->"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = ["", "territoires", "parcours", "orientations", "allocataires", "actions", "freins",
         "qualite", "definitions", "budget", "jeunes", "equipes", "plan", "partenaires", "carte"]
TIMEOUT_MS = 60_000
FIRST_MS = int(os.environ.get("DECLIK_BENCH_FIRST_MS", 300_000))  # the warm-up visit's limit
SOAK_NOTE = (  # the soaks of 2026-12-04
    "**Soaks, 10 sessions** (`--sessions 10 --etiquette endurance --diag`). Before the memory "
    "bounds (row « endurance-avant », 01:38-01:51 UTC, 720 s, load 13): resident memory 568 MB "
    "after the first minute → 1 049 MB at 12 min (highest reading 1 074), objects the collector "
    "tracks 36 000 → 1,36 million; 1 251 actions, 0 errors. After (row « endurance », 02:01-02:12, "
    "600 s, load 7,6): ui.memo bounded in objects as well as in figures (its figures held 76 000-"
    "131 000 objects, ≤ 300 000) and a full collection every 20 s at most — the same growth: 535 MB "
    "after 1 min → 869 MB at 9 min (highest 962), objects alive after a full collection 42 000 → "
    "905 000 (garbage waiting for the collector: 1-4 % of the tracked objects). **Memory is not "
    "flat after warm-up: target not met.** What grows is alive, outside ui.memo and outside the "
    "st.cache_data caches (those hold 60 MB at 9 min, bounded by their max_entries): at 9 min "
    "693 000 lists, 11 000 branca elements and 4 300 folium CircleMarkers (folium maps, which "
    "nothing of the app keeps after a run), 4 700 plotly Scatter, 5 300 Periode, 4 300 "
    "WidgetMetadata (Streamlit's; widget ids name their page, so a session keeps the metadata of "
    "the widgets of every page it visited). One holder found (02:19): callbacks and `format_func` "
    "lambdas defined in a page hold that run's whole namespace as long as Streamlit keeps the "
    "widget's metadata — the Carte's st_folium callback kept every folium map; moved out of the "
    "pages (`ui/map_click.py`, a dict's `get`). A third 10-session soak after it (02:16-02:21, "
    "300 s, load 1,8: the machine quiet for once; not recorded in the table): 550 actions, 0 "
    "errors, p95 page 0,95 s, filter 1,17 s, first openings 3,0 s; objects alive after a full "
    "collection at 5 min 185 000 (488 000 before), resident memory 643 MB (724 MB before), no "
    "folium object left among the commonest types — still rising (3 000 WidgetMetadata, 3 300 "
    "Periode, plotly Scatter: the rest of the sessions' widget metadata), so flatness is still "
    "not shown."
)
NOTES: list[str] = [  # what was observed during the recorded runs (kept in RESULTS.md)
    '',
    "Recorded runs (2026-12-08, the machine to itself — no other work; the load average comes from the bench and the server): ws N = 1, 5, 10, 20 × 120 s at 01:08-01:17 UTC, playwright 1 session at 01:17-01:19, 20 sessions on 2 processes at 01:19-01:21, 20 sessions once the server was idle (`--repos`) at 01:21-01:24, the 20-session soak (ws, **10 minutes**, `--diag`) at 01:24-01:34, then main as it was at the session's start (7244a35, a worktree of it) with 20 ws sessions × 120 s at 01:35-01:37 for the side-by-side. **0 errors in every run**, every health probe answered (soak: 20, slowest 0,40 s), the server stopped on SIGTERM: no freeze. **This machine is slower than the one of the previous series**: main at 7244a35 measured on it gives the first chart 5,8-7,7 s (4,3-4,5 s on the previous machine) and 0,48 s of server CPU per action with 20 sessions (0,35 s): read the rows against each other, not against the previous series.",
    '',
    "Side by side on this machine, 20 ws sessions × 120 s, one process: this series' code 0,468 s of server CPU per action (338 actions), page / filter change p95 7,20 / 5,47 s, first openings p95 6,95 s; main at 7244a35 0,476 s (363 actions), 6,20 / 5,44 s, 5,22 s. **No gain per action at this level**: the views computed once (a level's frames shared by the Territoires table, maps, packs and unit cards; a unit's cards read from its level; months and days held; the Carte's map built once per view: −25 % of CPU over the filter changes of 13 pages in bench/profile_pages.py, −44 % for another unit of a computed level) are paid back by this session's secret statistique fixes (a unit's breakdowns masked as one level × category table, a hidden total counted as a hidden cell, a pack's unit figures following the level's pattern), and with random periods and units over 120 s few views come back to a level or a window already computed.",
    '',
    "Against the targets (all **not met** on one process on this machine): one user, real browser: first opening 3,31 s (the start-up warm-up computing the other pages meanwhile), filter change p95 1,84 s; 20 sessions: page / filter change p95 7,20 / 5,47 s on one process, 2,71 / 2,32 s on two (1,89 / 1,70 s on the previous machine); 20 first openings once the server is idle 1,78 s p95 on one process (< 2 s: met). Soak, 20 sessions × 10 minutes: 1 495 actions, 0 errors, p95 9,46 / 8,95 s (one process saturated: 0,54 s of CPU per action); resident memory 693-842 MB from minute 5 (st.cache_data reaching its 96 MiB budget only at minute 9): ten minutes are too short to call it flat or not — the 20-minute soak of the previous series was flat from minute 7 (747-814 MB) once the caches were full; the new bounded stores (level frames ≤ 1 024 per extraction, held months ≤ 32 MB, cross patterns in the same store) are in ui/cache.py's memory table.",
]

# A script run of the page is counted when the server says it finished (``script_finished``
# on the websocket, read here), not from the page's DOM: a fast run (the Journal des exports, the
# Qualité page: a few milliseconds) sends « running », its deltas and « finished » in one burst
# that the frontend renders in one batch, so that stApp's data-test-script-state never changes
# and a MutationObserver on it never saw the run (the one-session timeouts on /journal and
# /qualite, reproduced 2026-12-04: the page was drawn, the observer's count had not moved).
READY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null && app.dataset.testScriptState === 'notRunning'
         && document.querySelector('h1') !== null
         && [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'));
}"""
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


class Runs:
    """The script runs of one page that finished (read from its websocket's ForwardMsg: a
    run stopped early for a rerun is not counted, its rerun is)."""

    SMALL = 4096  # « script finished » messages are a few dozen bytes: larger frames not parsed

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.n = 0
        self._msg = ForwardMsg
        self._early = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].enum_type \
            .values_by_name["FINISHED_EARLY_FOR_RERUN"].number
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, str) or len(payload) > self.SMALL:
            return
        m = self._msg()
        try:
            m.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not a ForwardMsg
            return
        if m.WhichOneof("type") == "script_finished" and m.script_finished != self._early:
            self.n += 1



def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB)."""
    total = 0.0
    pids = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                             text=True).stdout
        pids += [int(x) for x in out.split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def cpu_s(pid: int) -> float | None:
    """CPU time (user + system, every thread) the process has used so far (s)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


ARENAS = "2"  # glibc's malloc arenas of the server (README « Servir plus d'utilisateurs »)


def start_server(db_url: str | None, options: tuple[str, ...] = (),
                 diag: Path | None = None, port: int | None = None,
                 root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on ``port`` (default: a free one), not waited for
    (:func:`wait_healthy`): the browser starts meanwhile, as a user's would be open already.
    ``options``: Streamlit options ``name=value`` (an A/B of a setting); ``diag``: the file of
    :mod:`ui.diag`'s lines. The server runs with ``MALLOC_ARENA_MAX`` = :data:`ARENAS` unless
    the environment sets it. ``root``: the project served (default: this one; an A/B against
    another worktree of the repository)."""
    port = port or free_port()
    # served as the README says (scripts/demarrer.sh): two glibc arenas, not 8 per core
    env = {"MALLOC_ARENA_MAX": ARENAS, **os.environ, "PYTHONPATH": str(root)}
    if db_url:
        env["DECLIK_DB"] = db_url
    if diag is not None:
        env["DECLIK_DIAG"] = str(diag)
    cmd = [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.port",
           str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    for opt in options:
        name, _, value = opt.partition("=")
        cmd += [f"--{name}", value]
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


class Servers:
    """K ``streamlit run`` servers behind the bench's proxy (``--processus K``,
    :mod:`bench.proxy`: each connection to the next server in turn, a websocket — a session —
    stays on one), polled, measured and stopped as one: their CPU time and resident memory are
    the sums over the K processes (:meth:`cpu`, :meth:`rss`; :meth:`rss_each` per process)."""

    def __init__(self, procs: list[subprocess.Popen], urls: list[str],
                 proxy: subprocess.Popen) -> None:
        self.procs, self.urls, self.proxy = procs, urls, proxy
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """None while every server and the proxy run, else the code of one that stopped."""
        for p in (*self.procs, self.proxy):
            if p.poll() is not None:
                self.returncode = p.returncode
                return p.returncode
        return None

    def cpu(self) -> float | None:
        times = [cpu_s(p.pid) for p in self.procs]
        return None if None in times else sum(times)

    def rss_each(self) -> list[float]:
        return [tree_rss_mb(p.pid) for p in self.procs]

    def rss(self) -> float:
        return sum(self.rss_each())

    def terminate(self) -> None:
        for p in (self.proxy, *self.procs):
            p.terminate()

    def wait(self, timeout: float | None = None) -> int | None:
        end = None if timeout is None else time.monotonic() + timeout
        for p in (*self.procs, self.proxy):
            p.wait(None if end is None else max(0.1, end - time.monotonic()))
        return max(p.returncode or 0 for p in self.procs)

    def kill(self) -> None:
        for p in (self.proxy, *self.procs):
            if p.poll() is None:
                p.kill()


def start_servers(k: int, db_url: str | None, options: tuple[str, ...] = (),
                  diag: Path | None = None, port: int | None = None) -> tuple[Servers, str]:
    """``k`` servers (:func:`start_server`) on the ports after ``port`` (default: free ports)
    and the bench's proxy (:mod:`bench.proxy`) on ``port``: the sessions' address. ``diag``:
    each server writes its own file (``…-p1.jsonl``, ``…-p2.jsonl``)."""
    ports = [port + 1 + i if port else None for i in range(k)]
    started = [start_server(db_url, options, diag and diag.with_name(f"{diag.stem}-p{i + 1}"
                                                                     f"{diag.suffix}"), q)
               for i, q in enumerate(ports)]
    listen = port or free_port()
    backends = [u.rsplit("//", 1)[1] for _, u in started]
    proxy = subprocess.Popen([sys.executable, str(ROOT / "bench" / "proxy.py"), "--ecoute",
                              str(listen), *backends], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    return (Servers([p for p, _ in started], [u for _, u in started], proxy),
            f"http://127.0.0.1:{listen}")


async def until_idle(proc, quiet_s: float = 8.0, limit_s: float = 180.0) -> float:
    """``--repos``: wait until the server has used less than 0,05 s of CPU in ``quiet_s`` seconds
    — its start-up warm-up of every page (:mod:`ui.warmup`) done, as for users who come once the
    server has been up a while — at most ``limit_s``; returns the seconds waited."""
    t0 = time.monotonic()
    last, since = server_cpu(proc), time.monotonic()
    while time.monotonic() - t0 < limit_s:
        await asyncio.sleep(0.5)
        now = server_cpu(proc)
        if now is None or last is None:
            break
        if now - last >= 0.05:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            break
    return time.monotonic() - t0


def server_cpu(proc) -> float | None:
    """The server's CPU time so far (s): every server's, summed, for :class:`Servers`."""
    if proc is None:
        return None
    return proc.cpu() if isinstance(proc, Servers) else cpu_s(proc.pid)


def server_rss(proc) -> float:
    return proc.rss() if isinstance(proc, Servers) else tree_rss_mb(proc.pid)


async def wait_healthy(url: str, proc: subprocess.Popen | None, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"le serveur s'est arrêté (code {proc.returncode})")
        if await asyncio.to_thread(health_s, url, 2) is not None:
            return
        await asyncio.sleep(0.2)
    raise RuntimeError("le serveur ne répond pas")


@dataclass(frozen=True)
class Options:
    pause: tuple[float, float] = (2.0, 8.0)  # a user reads between two actions (s, random)
    trace: bool = False  # print every action
    options: tuple[str, ...] = ()  # Streamlit options name=value for the server started
    diag: bool = False  # the server writes ui.diag's lines (bench/work/diag-*.jsonl)
    client: str = "playwright"  # or "ws": Streamlit's websocket protocol (bench/ws_client.py)
    processes: int = 1  # servers behind the bench's proxy (bench/proxy.py), client ws only
    port: int | None = None  # the sessions' port (the proxy's; the servers on the next ones)
    settle: bool = False  # --repos: the sessions start once the server is idle (its warm-up done)


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {"ouverture": [], "page": [], "filtre": []}
        self.errors: list[str] = []
        self.first_chart: float | None = None
        self.first_chart_cpu: float | None = None  # the server's CPU time by then
        self.t0 = time.monotonic()
        self.slowest: list[tuple[float, str]] = []  # (seconds, what), the SLOWEST longest kept
        self.cpu0: float | None = None  # the server's CPU time when the sessions start (s)
        self.cpu1: float | None = None  # ... and when they end
        self.client_cpu: float | None = None  # the bench's own CPU time meanwhile (s)
        self.bytes = 0  # received by the sessions (ws client)

    def record(self, kind: str, seconds: float, what: str) -> None:
        self.times[kind].append(seconds)
        at = time.monotonic() - self.t0
        self.slowest.append((seconds, f"{kind} {what} (à {at:.0f} s)"))
        self.slowest = sorted(self.slowest, reverse=True)[:SLOWEST]


SLOWEST = 10  # slowest actions kept in the output


async def rendered(page, runs: Runs, n0: int) -> None:
    """Until a run started after ``n0`` finished on the server, then the page shows it: a title,
    every chart drawn (the frontend given two frames to render the last messages)."""
    end = time.monotonic() + TIMEOUT_MS / 1000
    while runs.n <= n0:
        if time.monotonic() > end:
            raise TimeoutError("aucune exécution du script terminée")
        await asyncio.sleep(0.02)
    await page.evaluate(FRAMES)
    await page.wait_for_function(READY, timeout=max(1.0, end - time.monotonic()) * 1000,
                                 polling=100)


async def exceptions(page) -> int:
    return await page.locator('[data-testid="stException"]').count()


# the menu's links but the current page's (clicking it would not run the script: no re-render)
OTHER_LINKS = """() => [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
  .map((a, i) => [a, i])
  .filter(([a]) => a.getAttribute('aria-current') !== 'page'
                   && new URL(a.href, location.href).pathname !== location.pathname)
  .map(([, i]) => i)"""


def slug_of(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]


async def user(browser, base: str, deadline: float, stats: Stats, seed: int,
               opts: Options) -> None:
    rnd = random.Random(seed)
    ctx = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = await ctx.new_page()
    runs = Runs(page)
    page.on("pageerror", lambda e: stats.errors.append(f"erreur navigateur : {e}"))

    async def act(kind: str, what: str, action) -> None:
        where = slug_of(page.url)
        t = time.perf_counter()
        try:
            n0 = runs.n
            t = time.perf_counter()
            await action()
            await rendered(page, runs, n0)
        except Exception as exc:  # noqa: BLE001 - a timeout is an error of the run
            stats.errors.append(f"{kind} : {type(exc).__name__}")
            if opts.trace:
                print(f"  session {seed} {kind} {what} sur {where} : {type(exc).__name__}",
                      flush=True)
            return
        dt = time.perf_counter() - t
        stats.record(kind, dt, f"{what}, session {seed}, sur {where}")
        if opts.trace:
            print(f"  session {seed} {kind} {what} sur {where} : {dt:.2f} s", flush=True)
        if await exceptions(page):
            text = await page.locator('[data-testid="stException"]').first.inner_text()
            stats.errors.append(f"{kind} : exception Streamlit affichée sur {slug_of(page.url)} "
                                f"({' '.join(text.split())[:160]})")

    async def open_page(slug: str) -> None:
        await page.goto(f"{base}/{slug}", wait_until="commit")

    async def pick_option(box) -> None:
        """Open a select box and pick another option. Streamlit's select box does not open on a
        click when it already has the focus (the previous pick left it there): then the arrow
        key opens it."""
        opts_ = page.locator('[role="option"][aria-selected="false"]')
        await box.click(timeout=10_000)
        try:
            await opts_.first.wait_for(timeout=1_500)
        except Exception:  # noqa: BLE001 - no list: the box had the focus
            await page.keyboard.press("ArrowDown")
            await opts_.first.wait_for(timeout=10_000)
        k = await opts_.count()
        pick = opts_.nth(rnd.randrange(k))
        text = (await pick.inner_text()).strip()
        await act("filtre", f"« {text} »", lambda: pick.click(timeout=10_000))

    async def step() -> None:
        choice = rnd.random()
        sb = page.locator('[data-testid="stSidebar"]')
        if choice < 0.35:  # another page of the menu (same session), never the current one
            others = await page.evaluate(OTHER_LINKS)
            if others:
                link = page.locator('[data-testid="stSidebarNav"] a').nth(rnd.choice(others))
                href = slug_of(await link.get_attribute("href") or "")
                await act("page", href, lambda link=link: link.click(timeout=10_000))
        elif choice < 0.6:  # period kind or comparison: radio buttons of the sidebar
            radios = sb.locator('[data-testid="stRadio"] label:has(input:not(:checked))')
            n = await radios.count()
            if n:
                target = radios.nth(rnd.randrange(n))
                text = (await target.inner_text()).strip()
                await act("filtre", f"« {text} »", lambda target=target: target.click(
                    timeout=10_000))
        else:  # a select box: year / quarter / month, level, unit
            boxes = sb.locator('[data-testid="stSelectbox"]')
            n = await boxes.count()
            if n:
                try:
                    await pick_option(boxes.nth(rnd.randrange(n)))
                except Exception as exc:  # noqa: BLE001
                    stats.errors.append(f"filtre : {type(exc).__name__}")
                    if opts.trace:
                        print(f"  session {seed} filtre (liste) : {type(exc).__name__}",
                              flush=True)
                    await page.keyboard.press("Escape")

    # first opening of a page in a new session
    first = rnd.choice(PAGES)
    await act("ouverture", f"/{first}", lambda: open_page(first))
    while time.monotonic() < deadline:
        try:
            await step()
        except Exception as exc:  # noqa: BLE001 - e.g. the page navigated under an evaluation
            stats.errors.append(f"navigateur : {type(exc).__name__}")
            if opts.trace:
                print(f"  session {seed} : {type(exc).__name__} {exc}", flush=True)
        await asyncio.sleep(rnd.uniform(*opts.pause))  # a user reads before the next action
    await ctx.close()


class Timeline:
    """``--trace``: when each step of the warm-up visit happened, seconds after ``streamlit
    run`` (the first time only), with the server's CPU time then: where the seconds to the first
    chart go."""

    def __init__(self, t0: float | None, proc: subprocess.Popen | None) -> None:
        self.t0 = time.monotonic() if t0 is None else t0
        self.proc = proc
        self.events: dict[str, tuple[float, float | None]] = {}

    def mark(self, what: str) -> None:
        if what not in self.events:
            self.events[what] = (time.monotonic() - self.t0,
                                 cpu_s(self.proc.pid) if self.proc is not None else None)

    def watch(self, page) -> None:
        """The websocket, the script's first delta and its end, plotly's JS chunk."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        def frame(payload) -> None:
            if isinstance(payload, str):
                return
            m = ForwardMsg()
            try:
                m.ParseFromString(payload)
            except Exception:  # noqa: BLE001 - not a ForwardMsg
                return
            kind = m.WhichOneof("type")
            if kind == "delta":
                self.mark("premier delta du script")
                if "plotly_chart" in str(m.delta.new_element.WhichOneof("type")):
                    self.mark("premier graphique plotly reçu")
                elif m.delta.new_element.WhichOneof("type") == "exception":
                    self.mark("exception affichée")
            elif kind == "script_finished":
                early = m.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
                self.mark("fin du script" + (" (arrêté pour une nouvelle exécution)" if early
                                             else " (script_finished)"))
            elif kind in ("page_not_found", "session_status_changed", "new_session"):
                self.mark(kind)

        def ws(w) -> None:
            self.mark("websocket ouvert")
            w.on("framereceived", frame)

        def plotly(event: str):
            return lambda r: "PlotlyChart" in r.url and self.mark(f"JS plotly : {event}")

        page.on("websocket", ws)
        page.on("request", plotly("requête"))
        page.on("response", plotly("réponse"))
        page.on("requestfinished", plotly("reçu en entier"))

    def print(self) -> None:
        for what, (t, cpu) in sorted(self.events.items(), key=lambda kv: kv[1][0]):
            c = "" if cpu is None else f" (CPU du serveur {cpu:.2f} s)"
            print(f"  {t:6.2f} s  {what}{c}", flush=True)


async def drive(base: str, n: int, duration: float, t_launch: float | None, opts: Options,
                proc: subprocess.Popen | None, up: threading.Event) -> Stats:
    from playwright.async_api import async_playwright

    stats = Stats()
    tl = Timeline(t_launch, proc)

    async def timed(what: str, aw):
        out = await aw
        tl.mark(what)
        return out
    async with async_playwright() as p:
        # the browser starts while the server does (a user's browser is open already)
        browser, _ = await asyncio.gather(
            timed("Chromium lancé", p.chromium.launch(executable_path=CHROMIUM, args=ARGS,
                                                      headless=True)),
            timed("santé du serveur OK", wait_healthy(base, proc)))
        # warm-up: one visit to the dashboard, timed from `streamlit run` to the first chart
        ctx = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        page = await ctx.new_page()
        runs = Runs(page)
        if opts.trace:
            tl.watch(page)
        try:
            await page.goto(f"{base}/", wait_until="commit")  # the Synthèse: default page ("")
            tl.mark("page : commit")
            await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=FIRST_MS)
        except Exception:
            if opts.trace:
                tl.print()  # where it stopped
                await page.screenshot(path=WORK / "premier-graphique-echec.png")
                print(f"  santé du serveur : {health_s(base, 5)}", flush=True)
            raise
        stats.first_chart = None if t_launch is None else time.monotonic() - t_launch
        stats.first_chart_cpu = cpu_s(proc.pid) if proc is not None else None
        tl.mark("premier graphique dessiné (.js-plotly-plot .main-svg)")
        await rendered(page, runs, 0)
        tl.mark("page rendue (tous les graphiques)")
        if opts.trace:
            tl.print()
        await ctx.close()
        up.set()
        stats.t0 = time.monotonic()
        stats.cpu0 = cpu_s(proc.pid) if proc is not None else None
        deadline = time.monotonic() + duration
        users = [user(browser, base, deadline, stats, i, opts) for i in range(n)]
        for r in await asyncio.gather(*users, return_exceptions=True):
            if isinstance(r, Exception):  # a session lost (its browser context): an error
                stats.errors.append(f"session perdue : {type(r).__name__}")
        stats.cpu1 = cpu_s(proc.pid) if proc is not None else None
        await browser.close()
    return stats


async def ws_user(base: str, deadline: float, stats: Stats, seed: int, opts: Options) -> None:
    """One user over Streamlit's websocket protocol (:mod:`bench.ws_client`): the same choices
    as :func:`user` (a page of the menu, a radio, a select box of the sidebar), the time of an
    action from the request to the run's ``script_finished`` (every delta received). A lost
    connection is an error and the user opens a new session."""
    from bench.ws_client import Session

    rnd = random.Random(seed)

    def note(kind: str, what: str, r) -> None:
        where = "/" + (sess.page_path or "")
        stats.record(kind, r.seconds, f"{what}, session {seed}, sur {where}")
        stats.bytes += r.bytes
        for e in r.exceptions:
            stats.errors.append(f"{kind} : exception Streamlit sur {where} ({e[:160]})")
        for e in r.errors:
            stats.errors.append(f"{kind} : {e} sur {where}")
        if opts.trace:
            print(f"  session {seed} {kind} {what} sur {where} : {r.seconds:.2f} s, "
                  f"{r.messages} messages, {r.bytes // 1000} ko", flush=True)

    async def attempt(kind: str, what: str, action) -> bool:
        try:
            note(kind, what, await action())
            return True
        except TimeoutError:
            stats.errors.append(f"{kind} : pas de fin de script en {TIMEOUT_MS // 1000} s")
        except Exception as exc:  # noqa: BLE001 - a disconnection is an error of the run
            stats.errors.append(f"{kind} : {type(exc).__name__} (connexion perdue)")
        if opts.trace:
            print(f"  session {seed} {kind} {what} : erreur {stats.errors[-1]}", flush=True)
        return False

    while time.monotonic() < deadline:
        sess = Session(base, timeout=TIMEOUT_MS / 1000)
        try:
            await sess.__aenter__()
        except Exception as exc:  # noqa: BLE001
            stats.errors.append(f"ouverture : {type(exc).__name__} (connexion refusée)")
            await asyncio.sleep(1)
            continue
        try:
            first = rnd.choice(PAGES)
            ok = await attempt("ouverture", f"/{first}", lambda first=first, sess=sess: sess.open(first))
            while ok and time.monotonic() < deadline:
                await asyncio.sleep(rnd.uniform(*opts.pause))  # a user reads
                if time.monotonic() >= deadline:
                    break
                act = sess.random_action(rnd)
                if act is not None:
                    ok = await attempt(*act)
        finally:
            await sess.close()


async def drive_ws(base: str, n: int, duration: float, t_launch: float | None, opts: Options,
                   proc: subprocess.Popen | None, up: threading.Event) -> Stats:
    """:func:`drive` with :func:`ws_user`: the warm-up is one session opening the Synthèse
    (``streamlit run`` → its ``script_finished``, every chart sent)."""
    from bench.ws_client import Session

    stats = Stats()
    await wait_healthy(base, proc)

    async def warm(url: str) -> None:
        async with Session(url, timeout=300) as s:
            await s.open("")  # the Synthèse: the default page (its own path is "")
    # each server of --processus warmed up by its own address (the proxy would pick for us)
    urls = proc.urls if isinstance(proc, Servers) else [base]
    await asyncio.gather(*(wait_healthy(u, None) for u in urls))
    await asyncio.gather(*(warm(u) for u in urls))
    stats.first_chart = None if t_launch is None else time.monotonic() - t_launch
    stats.first_chart_cpu = server_cpu(proc)
    if opts.settle:
        waited = await until_idle(proc)
        print(f"  serveur au repos après {waited:.1f} s (CPU {server_cpu(proc) or 0:.2f} s)",
              flush=True)
    up.set()
    stats.t0 = time.monotonic()
    stats.cpu0 = server_cpu(proc)
    c0 = time.process_time()
    deadline = time.monotonic() + duration
    users = [ws_user(base, deadline, stats, i, opts) for i in range(n)]
    for r in await asyncio.gather(*users, return_exceptions=True):
        if isinstance(r, Exception):
            stats.errors.append(f"session perdue : {type(r).__name__}")
    stats.cpu1 = server_cpu(proc)
    stats.client_cpu = time.process_time() - c0
    return stats


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def health_s(url: str, timeout: float = 10) -> float | None:
    """Seconds the server takes to answer ``/_stcore/health`` (None: no answer in ``timeout``)."""
    import urllib.request

    t = time.monotonic()
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as r:
            return time.monotonic() - t if r.status == 200 else None
    except OSError:
        return None


def run(n: int, duration: float, url: str | None, db_url: str | None,
        opts: Options = Options()) -> dict:
    proc, t_launch, diag = None, None, None
    if url is None:
        t_launch = time.monotonic()
        diag = WORK / f"diag-{n}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl" if opts.diag else None
        if opts.processes > 1:
            proc, url = start_servers(opts.processes, db_url, opts.options, diag, opts.port)
        else:
            proc, url = start_server(db_url, opts.options, diag, opts.port)
    mem: list[tuple[float, float]] = []
    loads: list[float] = []
    health: list[float | None] = []
    stop, up = threading.Event(), threading.Event()  # up: the warm-up visit was rendered
    each: list[list[float]] = []  # --processus: every server's memory at the last sample
    t0 = time.monotonic()

    def sample():
        k = 0
        while not stop.is_set():
            if proc is not None:
                mem.append((time.monotonic() - t0, server_rss(proc)))
            loads.append(os.getloadavg()[0])
            if up.is_set():
                if k % 15 == 0:  # every 30 s: does the server still answer (a freeze would not)?
                    health.append(health_s(url))
                k += 1
            stop.wait(2)

    threading.Thread(target=sample, daemon=True).start()
    try:
        driver = drive_ws if opts.client == "ws" else drive
        stats = asyncio.run(driver(url, n, duration, t_launch, opts, proc, up))
        alive = proc is None or proc.poll() is None
        if isinstance(proc, Servers):
            each.append(proc.rss_each())
    finally:
        stop.set()
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                stats_note = "SIGTERM ignoré"
            else:
                stats_note = ""
    out = {"sessions": n, "duree_s": duration, "serveur_vivant": alive,
           "premier_graphique_s": stats.first_chart, "pause_s": list(opts.pause),
           "premier_graphique_cpu_s": stats.first_chart_cpu,
           "arret": stats_note if proc is not None else "", "erreurs": len(stats.errors),
           "erreurs_detail": sorted(set(stats.errors))[:10], "load_avg": os.getloadavg()[0],
           "charge": {"min": min(loads, default=None), "max": max(loads, default=None),
                      "moyenne": sum(loads) / len(loads) if loads else None},
           "sante": {"sondages": len(health), "sans_reponse": sum(h is None for h in health),
                     "max_s": max((h for h in health if h is not None), default=None)}}
    n_actions = sum(len(xs) for xs in stats.times.values())
    cpu = (stats.cpu1 - stats.cpu0) if stats.cpu0 is not None and stats.cpu1 is not None else None
    out.update({"client": opts.client, "cpu_serveur_s": cpu, "actions": n_actions,
                "cpu_serveur_par_action_s": cpu / n_actions if cpu is not None and n_actions else None,
                "cpu_client_s": stats.client_cpu,
                "octets_par_action": stats.bytes / n_actions if stats.bytes and n_actions else None})
    if opts.options:
        out["options"] = list(opts.options)
    if isinstance(proc, Servers):
        out["processus"] = len(proc.procs)
        out["memoire_par_processus_fin_mb"] = [round(m) for m in each[-1]] if each else None
    if diag is not None and diag.exists():
        lines = [json.loads(x) for x in diag.read_text().splitlines() if x.strip()]
        out["diag"] = {"fichier": str(diag.relative_to(ROOT)), "dernier": lines[-1] if lines else None,
                       "serie": [(d.get("t_s"), d.get("rss_mb"), d.get("gc_suivis"), d.get("caches_mo"),
                                  (d.get("memo") or {}).get("kept")) for d in lines if "t_s" in d]}
        out["diag"]["plateau"] = plateau([(t, rss) for t, rss, *_ in out["diag"]["serie"]])
    out["plus_lentes"] = [f"{common.fmt(t, 2)} s : {what}" for t, what in stats.slowest]
    for k, xs in stats.times.items():
        out[k] = {"n": len(xs), "p50": pct(xs, 0.5), "p95": pct(xs, 0.95),
                  "max": max(xs) if xs else None}
    if mem:
        warm = [m for t, m in mem if t >= 60] or [m for _, m in mem]
        out["memoire_mb"] = {"debut": mem[0][1], "apres_1_min": warm[0], "max": max(m for _, m in mem),
                             "fin": mem[-1][1],
                             "serie": [(round(t), round(m)) for t, m in mem[:: max(1, len(mem) // 30)]]}
    return out


FLAT = 0.05  # memory flat after warm-up: every later reading within ±5 % of their middle


def plateau(series: list[tuple[float, float]], flat: float = FLAT) -> dict | None:
    """The memory after warm-up of ``series`` (seconds, MB; one reading a minute, ui/diag's):
    the warm-up ends at the first reading from which every later one lies within ±``flat`` of
    the middle of their range (at least the last half of the run left to judge); returned with
    that range and the slope of a least-squares line through those readings (MB per 10 min).
    None with fewer than 6 readings. ``flat`` False when no such minute leaves half of the run
    (the range then from the middle of the run on)."""
    pts = [(t, m) for t, m in series if t is not None and m is not None]
    if len(pts) < 6:
        return None
    last_start = len(pts) - max(3, len(pts) // 2)
    start, ok = len(pts) // 2, False
    for i in range(last_start + 1):
        ms = [m for _, m in pts[i:]]
        lo, hi = min(ms), max(ms)
        if hi - lo <= flat * (hi + lo):  # (hi - lo) / 2 ≤ flat × (hi + lo) / 2
            start, ok = i, True
            break
    rest = pts[start:]
    ts, ms = [t for t, _ in rest], [m for _, m in rest]
    tm, mm = sum(ts) / len(ts), sum(ms) / len(ms)
    var = sum((t - tm) ** 2 for t in ts)
    slope = sum((t - tm) * (m - mm) for t, m in rest) / var * 600 if var else 0.0
    return {"depuis_s": rest[0][0], "min": min(ms), "max": max(ms), "pente_10min": slope,
            "plat": ok, "ecart": (max(ms) - min(ms)) / (max(ms) + min(ms))}


def plateau_text(p: dict | None) -> str:
    """« after warm-up (from minute 7): 812-866 MB (±3,2 %), slope +4 MB / 10 min »."""
    if p is None:
        return "too short to tell"
    head = (f"after warm-up (from minute {fmt(p['depuis_s'] / 60, 0)})" if p["plat"] else
            f"**not flat within ±{fmt(FLAT * 100, 0)} %**; from minute "
            f"{fmt(p['depuis_s'] / 60, 0)}")
    return (f"{head}: {fmt(p['min'], 0)}-{fmt(p['max'], 0)} MB (±{fmt(p['ecart'] * 100, 1)} %), "
            f"slope {'+' if p['pente_10min'] >= 0 else '−'}{fmt(abs(p['pente_10min']), 0)} MB "
            "/ 10 min")


def order(label: str) -> tuple[int, str]:
    """Results sorted by number of sessions, then label (``20``, ``20-endurance``)."""
    n, _, rest = label.partition("-")
    return int(n), rest


def fmt(x, d: int = 2) -> str:
    return common.fmt(x, d)


def _pause_text(results: dict) -> str:
    pauses = sorted({tuple(r.get("pause_s") or (0.5, 2.0)) for r in results.values()})
    return " or ".join(f"{fmt(a, 1)}-{fmt(b, 1)} s" for a, b in pauses)


def write_results(results: dict) -> str:
    rows = ["| sessions | client | duration (s) | `streamlit run` → first chart (s) | first opening p50 / p95 / max (s) | page change p50 / p95 / "
            "max (s) | filter change p50 / p95 / max (s) | actions | errors | server CPU per action (s) | server memory MB: "
            "start / after 1 min / max / end | load avg: mean (min-max) during the run |", "|" + "---|" * 12]
    for n in sorted(results, key=order):
        r = results[n]

        def three(k, r=r):
            x = r.get(k) or {}
            return f"{fmt(x.get('p50'))} / {fmt(x.get('p95'))} / {fmt(x.get('max'))}"

        m = r.get("memoire_mb") or {}
        acts = sum((r.get(k) or {}).get("n", 0) for k in ("ouverture", "page", "filtre"))
        la = r.get("charge") or {}
        load = (f"{fmt(la['moyenne'], 1)} ({fmt(la['min'], 1)}-{fmt(la['max'], 1)})"
                if la.get("moyenne") is not None else fmt(r.get("load_avg"), 1))
        cpu = r.get("premier_graphique_cpu_s")
        first = fmt(r.get("premier_graphique_s")) + (f" ({fmt(cpu)} CPU)" if cpu is not None else "")
        tag = order(n)[1].replace("ws", "").strip("-")
        if r.get("processus"):
            tag = tag.replace(f"{r['processus']}proc", "").strip("-")
        client = r.get("client", "playwright") + (f", {r['processus']} processes"
                                                  if r.get("processus") else "")
        rows.append(f"| {order(n)[0]}{f' ({tag})' if tag else ''} | {client} | {fmt(r['duree_s'], 0)} | {first} "
                    f"| {three('ouverture')} | {three('page')} | "
                    f"{three('filtre')} | {acts} | {r['erreurs']} | "
                    f"{fmt(r.get('cpu_serveur_par_action_s'), 3)} | {fmt(m.get('debut'), 0)} / "
                    f"{fmt(m.get('apres_1_min'), 0)} / {fmt(m.get('max'), 0)} / "
                    f"{fmt(m.get('fin'), 0)} | {load} |")
    details = [f"- {n} sessions: {', '.join(results[n]['erreurs_detail'])}"
               for n in sorted(results, key=order) if results[n]["erreurs_detail"]]
    slow = [f"- {n} sessions: " + " ; ".join(results[n]["plus_lentes"][:5])
            for n in sorted(results, key=order) if results[n].get("plus_lentes")]
    series = [f"- {n} sessions, server memory (MB) every ~{max(1, int(r['duree_s'] // 30))} s: "
              + ", ".join(f"{t} s: {m}" for t, m in r["memoire_mb"]["serie"])
              for n, r in sorted(results.items(), key=lambda kv: order(kv[0]))
              if r.get("duree_s", 0) >= 600 and r.get("memoire_mb")]
    diags = [f"- {n}: " + ", ".join(f"{t} s: {fmt(rss, 0)} MB / {fmt(objs, 0)} objects / "
                                    f"{fmt(cmo, 1)} MB / {kept}" for t, rss, objs, cmo, kept in r["diag"]["serie"])
             + f". Resident memory {plateau_text(plateau([(t, m) for t, m, *_ in r['diag']['serie']]))}"
             for n, r in sorted(results.items(), key=lambda kv: order(kv[0]))
             if (r.get("diag") or {}).get("serie") and r.get("duree_s", 0) >= 300]
    health = [f"- {n} sessions: health check every 30 s, {r['sante']['sondages']} probes, "
              f"{r['sante']['sans_reponse']} unanswered, slowest {fmt(r['sante']['max_s'])} s"
              for n, r in sorted(results.items(), key=lambda kv: order(kv[0])) if r.get("sante")]
    md = "\n".join([
        START, "## Many users (issue 12): concurrent sessions of the real app", "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `python bench/load.py` "
        "on the demo (snapshot present). Each of N sessions opens a page then, until the end, "
        "changes page (menu, never the current page), period kind / comparison (radio) or "
        f"period / level / unit (select box), {_pause_text(results)} apart (random). Client `ws`: "
        "Streamlit's websocket protocol (`bench/ws_client.py`, one websocket per session, the "
        "browser's forward-message cache kept), an action timed from its request to the run's "
        "`script_finished`, every delta received (the charts are not drawn: the server's share "
        "alone); `streamlit run` → first chart is then the Synthèse's run received whole. Client "
        "`playwright`: N headless Chromium contexts in one browser, an action timed to the end of "
        "the script run with every chart drawn, the browsers on the same 2 cores as the server. "
        "Server CPU per action: the server's CPU time (every thread) during the sessions divided "
        "by the actions done — the figure the others' load changes least. The machine is shared "
        "with other engineers' work (load average column): a row whose load is well above 2 is "
        "pessimistic.", "",
        *rows, "",
        *(["Errors:", *details, ""] if details else []),
        *(["Slowest actions of each run:", *slow, ""] if slow else []),
        *(["Server still answering (`/_stcore/health`) during the runs:", *health, ""]
          if health else []),
        *(["Memory over time of the long runs:", *series, ""] if series else []),
        *(["What the server held, every minute (`--diag`, ui/diag.py): resident memory / objects the "
           "garbage collector tracks, alive after a full collection / bytes in the st.cache_data "
           "caches / figures kept by ui.memo:", *diags, ""] if diags else []),
        "Targets: one user, first opening < 2 s and filter change < 1 s (p95); 20 sessions, "
        "p95 < 2 s, 0 errors, memory flat after warm-up. A row whose load average is well above "
        "2 (the number of cores) measures the machine's saturation, not the app: rerun it on an "
        "idle machine.", *NOTES, "", _previous(), END])
    return common.write_section(md, START, END)


def _section() -> str:
    text = common.RESULTS.read_text(encoding="utf-8") if common.RESULTS.exists() else ""
    if START in text and END in text:
        return text[text.index(START) + len(START):text.index(END)]
    return ""


def _previous() -> str:
    """The figures of earlier series of runs, kept as they were written (:func:`archive`)."""
    sec = _section()
    if PREV_START in sec and PREV_END in sec:
        return sec[sec.index(PREV_START):sec.index(PREV_END) + len(PREV_END)]
    return ""


def archive(store: Path) -> None:
    """Start a new series of runs: the section as it stands goes, whole, under « Previous
    figures » (newest first), and the runs' store is set aside."""
    sec = _section()
    old = _previous()
    current = sec.replace(old, "").strip()
    if current:
        current = current.replace("## Many users (issue 12): concurrent sessions of the real app",
                                  "### Previous figures")
        inner = old[len(PREV_START):-len(PREV_END)].strip() if old else ""
        block = "\n".join([PREV_START, current, *([""] if inner else []), inner, PREV_END])
        common.write_section("\n".join([START, block, END]), START, END)
    if store.exists():
        store.rename(store.with_suffix(f".{time.strftime('%Y%m%d-%H%M%S')}.json"))


PREV_START, PREV_END = "<!-- charge:precedent:debut -->", "<!-- charge:precedent:fin -->"


def pause_range(text: str) -> tuple[float, float]:
    """« 2-8 » → (2.0, 8.0); « 3 » → (3.0, 3.0)."""
    a, _, b = text.replace(",", ".").partition("-")
    lo, hi = float(a), float(b or a)
    if lo < 0 or hi < lo:
        raise argparse.ArgumentTypeError(f"pause invalide : « {text} » (ex. 2-8)")
    return lo, hi


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", default="1,5,10,20")
    ap.add_argument("--duree", type=float, default=120, help="secondes par mesure")
    ap.add_argument("--url", help="un serveur déjà lancé (sinon streamlit run sur un port libre)")
    ap.add_argument("--db", help="URL de l'extraction (défaut : la démo)")
    ap.add_argument("--etiquette", default="", help="suffixe de la ligne des résultats, ex. "
                    "endurance (une mesure longue à côté des courtes)")
    ap.add_argument("--pause", type=pause_range, default=(2.0, 8.0),
                    help="temps de lecture entre deux actions, en secondes, tiré au hasard "
                         "(défaut : 2-8)")
    ap.add_argument("--trace", action="store_true", help="affiche chaque action et son temps")
    ap.add_argument("--option", action="append", default=[], metavar="NOM=VALEUR",
                    help="option de Streamlit du serveur lancé, ex. runner.postScriptGC=true "
                         "(une comparaison A/B)")
    ap.add_argument("--diag", action="store_true",
                    help="le serveur écrit chaque minute ce qu'il tient (ui/diag.py : mémoire, "
                         "objets suivis par le ramasse-miettes, caches) dans bench/work/")
    ap.add_argument("--client", choices=("ws", "playwright"), default="ws",
                    help="ws : le protocole websocket de Streamlit (léger : 20 sessions ne "
                         "chargent pas la machine) ; playwright : Chromium, une page par "
                         "utilisateur (mesure aussi le dessin des graphiques)")
    ap.add_argument("--repos", action="store_true",
                    help="client ws : les sessions commencent quand le serveur est au repos (son "
                         "préchauffage de toutes les pages fini), et non dès la première visite")
    ap.add_argument("--processus", type=int, default=1, metavar="K",
                    help="K serveurs streamlit run derrière le proxy du banc (bench/proxy.py : "
                         "chaque connexion au serveur suivant, une session reste sur le sien) ; "
                         "client ws seulement")
    ap.add_argument("--port", type=int, help="port des sessions (avec --processus : celui du "
                    "proxy, les serveurs sur les suivants ; défaut : des ports libres)")
    ap.add_argument("--sans-ecrire", action="store_true",
                    help="n'écrit ni bench/RESULTS.md ni le relevé des mesures (essai)")
    ap.add_argument("--archiver", action="store_true",
                    help="commence une nouvelle série : la section actuelle de RESULTS.md passe "
                         "sous « Previous figures », le relevé des mesures est mis de côté")
    args = ap.parse_args()
    if args.processus < 1 or (args.processus > 1 and (args.client != "ws" or args.url)):
        ap.error("--processus : un entier ≥ 1, avec --client ws et sans --url")
    from data.opening import open_extraction
    from settings import load_settings

    WORK.mkdir(parents=True, exist_ok=True)
    store = WORK / "load_results.json"
    if args.archiver:
        archive(store)
    open_extraction(load_settings().with_url(args.db))  # the snapshot exists before the server
    results = json.loads(store.read_text()) if store.exists() else {}
    opts = Options(pause=args.pause, trace=args.trace, client=args.client,
                   options=tuple(args.option), diag=args.diag, processes=args.processus,
                   port=args.port, settle=args.repos)
    for n in [int(x) for x in args.sessions.split(",")]:
        r = run(n, args.duree, args.url, args.db, opts)
        label = "-".join([str(n), *(["ws"] if args.client == "ws" else []),
                          *([f"{args.processus}proc"] if args.processus > 1 else []),
                          *([args.etiquette] if args.etiquette else [])])
        results[label] = r
        print(json.dumps({k: v for k, v in r.items() if k != "memoire_mb"}, indent=1,
                         ensure_ascii=False), flush=True)
        if not args.sans_ecrire:
            store.write_text(json.dumps(results))
    if not args.sans_ecrire:
        print(write_results(results))


if __name__ == "__main__":
    main()
