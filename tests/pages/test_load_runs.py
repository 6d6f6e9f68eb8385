"""The Playwright client of the load bench counts a page's script runs from the server's
« script finished » messages on the page's websocket (:class:`bench.load.Runs`), not from the
DOM: a run of a few milliseconds (Journal des exports, Qualité) arrives in one burst that the
frontend renders in one batch, so that ``data-test-script-state`` never changes — the bench
waited 60 s for a page already drawn (the one-session timeouts on /journal)."""
from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import Runs


class FakeSocket:
    def __init__(self) -> None:
        self.listeners = []

    def on(self, event, cb) -> None:
        assert event == "framereceived"
        self.listeners.append(cb)

    def receive(self, payload) -> None:
        for cb in self.listeners:
            cb(payload)


class FakePage:
    def __init__(self) -> None:
        self.on_websocket = None

    def on(self, event, cb) -> None:
        assert event == "websocket"
        self.on_websocket = cb


def _finished(status: str) -> bytes:
    m = ForwardMsg()
    m.script_finished = ForwardMsg.ScriptFinishedStatus.Value(status)
    return m.SerializeToString()


def test_runs_counted_from_the_websocket_even_in_one_burst():
    page = FakePage()
    runs = Runs(page)
    ws = FakeSocket()
    page.on_websocket(ws)
    started = ForwardMsg()
    started.new_session.page_script_hash = "journal"
    # the whole of a fast run at once: new session, its deltas, finished
    ws.receive(started.SerializeToString())
    ws.receive(_finished("FINISHED_SUCCESSFULLY"))
    assert runs.n == 1
    ws.receive(_finished("FINISHED_EARLY_FOR_RERUN"))  # stopped for a rerun: its rerun counts
    ws.receive("texte")  # not a ForwardMsg
    ws.receive(b"\xff\xfe pas un message")
    assert runs.n == 1
    ws.receive(_finished("FINISHED_SUCCESSFULLY"))
    assert runs.n == 2


def test_the_soak_report_finds_the_end_of_warm_up():
    """bench.load.plateau: the first minute from which every later reading lies within ±5 % of
    their range's middle, that range and the slope (hand-computed)."""
    from bench.load import plateau, plateau_text

    rising = [500, 600, 700, 790, 800, 810, 800, 820, 810, 800]  # MB, one reading a minute
    p = plateau([(60 * i, m) for i, m in enumerate(rising)])
    assert p["plat"] and p["depuis_s"] == 180 and (p["min"], p["max"]) == (790, 820)
    assert abs(p["ecart"] - 15 / 805) < 1e-9
    assert "from minute 3" in plateau_text(p) and "790-820 MB" in plateau_text(p)
    line = plateau([(60 * i, 500 + 20 * i) for i in range(12)])  # +200 MB / 10 min, never flat
    assert not line["plat"] and abs(line["pente_10min"] - 200) < 1e-9
    assert (line["depuis_s"], line["min"], line["max"]) == (360, 620, 720)  # the last half
    assert "not flat" in plateau_text(line)
    assert plateau([(0, 1), (60, 2)]) is None


def test_the_first_chart_section_gives_each_situation_s_median_the_french_way():
    """bench/first_chart.py's RESULTS section: one row per situation, the median and range of
    its runs and the server's CPU, French decimals (hand-computed: median of 3,1 / 2,9 / 4,0)."""
    from bench import first_chart

    out = {("ensemble", None): [(5.25, 2.7, 4.0), (5.5, 2.8, 4.5), (6.0, 3.0, 5.0)],
           ("ouvert", None): [(3.1, 2.1, 3.0), (2.9, 2.0, 2.5), (4.0, 2.2, 3.5)],
           ("habituel", None): [(2.5, 1.9, 1.0), (2.4, None, 1.5), (2.6, 2.0, 2.0)],
           ("habituel", "main"): [(3.5, 2.9, 2.0), (3.4, 3.0, 2.5), (3.6, 3.1, 3.0)]}
    md = first_chart.section(out, [0.4, 1.2])
    rows = {r.split(" | ")[0].lstrip("| "): r for r in md.splitlines() if r.startswith("| ")}
    assert rows[first_chart.SITUATIONS["ouvert"]].endswith(
        "| 3 | 3,10 (2,90-4,00) | 2,10 (2,00-2,20) | 3,00 (2,50-3,50) |")
    assert "| 3 | 5,50 (5,25-6,00) | 2,80 (2,70-3,00) |" in rows[first_chart.SITUATIONS["ensemble"]]
    # a run without the server's CPU counts in the times, not in the CPU's median
    assert "| 3 | 2,50 (2,40-2,60) | 1,95 (1,90-2,00) | 1,50 (1,00-2,00) |" in rows[
        first_chart.SITUATIONS["habituel"]]
    # another copy measured in the same run (--comparer): its own row, named
    assert "| 3 | 3,50 (3,40-3,60) |" in rows[first_chart.SITUATIONS["habituel"] + " — main"]
    assert md.startswith(first_chart.START) and md.endswith(first_chart.END)
    assert "load average 0,4-1,2" in md


def test_the_sessions_wait_until_the_server_is_idle():
    """``--repos``: :func:`bench.load.until_idle` waits while the server uses CPU (here a process
    busy for 1,5 s, then asleep) and returns once it has been quiet; bounded by its limit."""
    import asyncio
    import subprocess
    import sys

    from bench import load

    busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 1.5: pass\n" \
           "time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-c", busy])
    try:
        waited = asyncio.run(load.until_idle(proc, quiet_s=1.0, limit_s=20.0))
        assert 1.5 <= waited < 20.0
        assert asyncio.run(load.until_idle(proc, quiet_s=0.5, limit_s=0.2)) < 2.0  # the limit
    finally:
        proc.kill()
        proc.wait()
