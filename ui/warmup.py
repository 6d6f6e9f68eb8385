"""The warm-up: at the server's start, before anyone asks, the default view of every page is
computed — by the pages themselves, in a session of the server's own.

``streamlit run app.py`` finds ``app = st.App(...)`` in ``app.py`` (Streamlit's ASGI entry
point) and enters :func:`lifespan` once the runtime has started, before the first request. The
lifespan starts :func:`warm` on the server's event loop and returns at once (the health check
and the first browser are not delayed). :func:`warm` connects a session to the runtime whose
client discards what it is sent (:class:`_Sink`) and asks it to run each page of the menu in
turn, the home page (the Synthèse) first: the imports, the extraction's snapshot opened, then
each page's views computed with the page's own code, keys and caches — so a visitor's first
opening of any page finds its views computed and only renders.

- **Access.** The warm-up session is an anonymous visitor: no identity (no ``st.user``, no
  header). :func:`ui.access.gate` decides what it may see like for anybody: in the open modes
  (``demo``, ``ouvert``) the views every visitor gets; in the signed-in modes nothing (every run
  stops on the sign-in page) — only the snapshot is opened (:func:`ui.cache.live`, no scope). No
  view is ever computed with a scope wider than the one a visitor with no identity gets.
- **Low priority.** A visitor whose run started while the warm-up was opening the snapshot (a
  browser open at the server's start) computes the home page's views itself: the warm-up's run
  of the home page is then the last one, not a second rendering beside the visitor's first
  chart (:func:`arrived`). After the home page, the warm-up waits for the first visitor's run of it
  (at most :data:`FIRST_VISIT_S` seconds); then a page is asked only when no run is in progress
  and none of a visitor ended less than :data:`GAP_S` seconds ago (:func:`running` counts the
  runs of every session; the browser draws meanwhile): a visitor's run never waits for the
  warm-up's next page.
- **Fresh data.** A new snapshot (:class:`ui.cache.Live` switching) asks for the warm-up again
  (:func:`request`, in :data:`ui.cache.ON_SWITCH`): the caches are keyed by the snapshot id, so the new one's views are computed
  the same way.
- Outside ``streamlit run`` (AppTest, a bare import) nothing starts: :func:`request` does nothing.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

LOG = logging.getLogger("declik.warmup")
TIMEOUT_S = 300.0  # a page run of the warm-up that does not finish within this is given up
IDLE_POLL_S = 0.05
GAP_S = 2.0  # after a visitor's run, seconds without any run before the warm-up's next page
FIRST_VISIT_S = 10.0  # after the home page, the other pages wait this long for a first visitor

_LOCK = threading.Lock()
_RUNS = [0]  # script runs in progress in this process, every session's (the warm-up's too)
_LAST_END = [0.0]  # when a visitor's run (not the warm-up's) last ended (time.monotonic)
_WARM_SESSIONS: set[str] = set()  # the warm-up's session ids
_ARRIVED = [0.0]  # when a visitor's script run last started (time.monotonic): :func:`arrived`
_LOOP: list[asyncio.AbstractEventLoop | None] = [None]  # the server's event loop (lifespan)
_TASK: list[asyncio.Task | None] = [None]
_AGAIN = [False]  # a warm-up was asked for while one was running
STATUS: dict[str, Any] = {"runs": 0, "pages": [], "done": False, "started": None,
                          "seconds": None, "errors": [], "snapshot": None}  # the one opened


@contextlib.contextmanager
def running() -> Iterator[None]:
    """Around each page run (``app.py``): the warm-up waits while any run is in progress, and
    :data:`GAP_S` seconds after a visitor's (the browser draws it meanwhile)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    visitor = ctx is None or ctx.session_id not in _WARM_SESSIONS
    with _LOCK:
        _RUNS[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _RUNS[0] -= 1
            if visitor:
                _LAST_END[0] = time.monotonic()


def arrived() -> None:
    """First thing of a session's script run (``app.py``, before its imports): a visitor's run
    has started — the warm-up's own runs are not counted. :func:`warm` then leaves the home page
    to that run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or ctx.session_id not in _WARM_SESSIONS:
        _ARRIVED[0] = time.monotonic()


def busy() -> bool:
    """A run in progress, or a visitor's run ended less than :data:`GAP_S` seconds ago."""
    return _RUNS[0] > 0 or time.monotonic() - _LAST_END[0] < GAP_S


def page_paths() -> list[str]:
    """The pages to warm, in menu order, the home page first (its path is ``""``)."""
    from ui.pages_list import PAGES

    return ["" if p.default else p.url_path for p in sorted(PAGES, key=lambda p: not p.default)]


class _Sink:
    """The warm-up session's client (a :class:`streamlit.runtime.SessionClient`): it discards
    every message and notes the end of each run (a run that ends by asking for another, e.g.
    ``st.rerun``, is followed by that other one)."""

    def __init__(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        self.finished = asyncio.Event()
        self.exceptions = 0

    def write_forward_msg(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "script_finished" and msg.script_finished != self._early:
            self.finished.set()
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            self.exceptions += 1

    @property
    def client_context(self):
        return None  # no headers, no cookies: an anonymous visitor


async def _first_visit(since: float) -> None:
    """Until a visitor's run ended after ``since`` (the first visitor's Synthèse, drawn by the
    browser during :data:`GAP_S`), or :data:`FIRST_VISIT_S` seconds: the first chart is not
    drawn beside the warm-up of the other pages."""
    end = time.monotonic() + FIRST_VISIT_S
    while _LAST_END[0] < since and time.monotonic() < end:
        await asyncio.sleep(IDLE_POLL_S)


async def _idle() -> None:
    """Until no run is in progress (a visitor's goes first)."""
    while busy():
        await asyncio.sleep(IDLE_POLL_S)


async def warm(runtime, pages: list[str] | None = None, timeout: float = TIMEOUT_S) -> list[str]:
    """Run ``pages`` (default :func:`page_paths`) one after the other in a session of the
    runtime's own; returns the pages whose run finished. Must run on the runtime's event loop."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    pages = page_paths() if pages is None else pages
    t0 = time.monotonic()
    STATUS.update(runs=STATUS["runs"] + 1, pages=[], done=False, started=time.time(),
                  seconds=None, errors=[])
    await asyncio.to_thread(_open_snapshot)  # the signed-in modes' only warm-up
    sink = _Sink()
    sid = runtime.connect_session(sink, user_info={})
    _WARM_SESSIONS.add(sid)
    done: list[str] = []
    try:
        # a visitor's run started meanwhile (a browser open at the server's start): it computes
        # the home page's views itself; the warm-up's run of it beside would render them a
        # second time on the same interpreter lock, before the visitor's first chart — the
        # home page goes last (a visitor who opened another page), after that visitor's run
        visitor_first = bool(pages) and pages[0] == "" and _ARRIVED[0] >= t0 and _open_mode()
        if visitor_first:
            pages = [*pages[1:], pages[0]]
            await _first_visit(t0)
        for i, path in enumerate(pages):
            if i or visitor_first:
                await _idle()
            sink.finished.clear()
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_name = path
            runtime.handle_backmsg(sid, msg)
            try:
                await asyncio.wait_for(sink.finished.wait(), timeout)
            except TimeoutError:
                STATUS["errors"].append(f"/{path}: pas de fin en {timeout:.0f} s")
                break
            done.append(path)
            STATUS["pages"] = list(done)
            if i == 0 and not visitor_first:
                if not _open_mode():  # signed-in modes: every page stops at sign-in
                    break
                await _first_visit(time.monotonic())
    finally:
        runtime.close_session(sid)
        _WARM_SESSIONS.discard(sid)
    if sink.exceptions:
        STATUS["errors"].append(f"{sink.exceptions} exception(s) affichée(s)")
    STATUS.update(done=True, seconds=time.monotonic() - t0)
    LOG.info("warm-up: %d page(s) in %.1f s", len(done), STATUS["seconds"])
    return done


def _open_mode() -> bool:
    """Whether a visitor with no identity is let in (``demo``, ``ouvert``)."""
    from ui import access, cache

    try:
        return access.resolve_mode(cache.current_settings()).open
    except Exception:  # noqa: BLE001 - a configuration error: the pages show it
        return False


def _open_snapshot() -> None:
    """The modules every page draws with imported, and the snapshot opened (or built), outside
    any session: no ScriptRunContext here, which Streamlit's caches would log as a warning."""
    import pandas  # noqa: F401 - see app.py: imported whole before a run draws a chart
    import plotly.graph_objects  # noqa: F401

    from ui import cache

    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    if request not in cache.ON_SWITCH:
        cache.ON_SWITCH.append(request)  # a new snapshot: warm up again
    try:
        STATUS["snapshot"] = cache.live(cache.current_settings()).current.snapshot_id
    except Exception:  # noqa: BLE001 - the pages show why (a French message)
        return
    finally:
        quiet.setLevel(level)


async def _warm_forever(runtime) -> None:
    """:func:`warm`, then again as long as a new snapshot asked for it meanwhile."""
    while True:
        _AGAIN[0] = False
        try:
            await warm(runtime)
        except Exception as exc:  # noqa: BLE001 - never a traceback: the pages compute as before
            STATUS["errors"].append(f"{type(exc).__name__}: {exc}")
            LOG.warning("warm-up stopped: %s", exc)
        if not _AGAIN[0]:
            return


def _start() -> None:
    """On the event loop: start the warm-up, or ask for one more after the one running."""
    from streamlit.runtime import Runtime

    t = _TASK[0]
    if t is not None and not t.done():
        _AGAIN[0] = True
        return
    if not Runtime.exists():
        return
    _TASK[0] = asyncio.get_running_loop().create_task(_warm_forever(Runtime.instance()))


def request() -> bool:
    """Ask for a warm-up (a new snapshot), from any thread; False outside ``streamlit run``."""
    loop = _LOOP[0]
    if loop is None or loop.is_closed():
        return False
    loop.call_soon_threadsafe(_start)
    return True


@contextlib.asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """``st.App``'s lifespan hook: the runtime has started; the warm-up starts beside the
    server, which serves at once."""
    _LOOP[0] = asyncio.get_running_loop()
    _start()
    try:
        yield
    finally:
        _LOOP[0] = None
        t = _TASK[0]
        if t is not None and not t.done():
            t.cancel()
