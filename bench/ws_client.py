"""A Streamlit session without a browser: the app's own websocket protocol (``/_stcore/stream``,
the protobufs of :mod:`streamlit.proto`), as the browser speaks it, for the load bench
(:mod:`bench.load`, ``--client ws``) and its test.

- A session is one websocket (subprotocol ``streamlit``). A run is asked for by a ``BackMsg``
  whose ``rerun_script`` is a ``ClientState``: the page (``page_script_hash``, or ``page_name``
  — the URL's path — for the first opening) and the state of the widgets (``WidgetStates``).
  The server answers with ``ForwardMsg``: ``new_session``, ``navigation`` (the pages and their
  hashes), deltas (elements, blocks), then ``script_finished``. A run that the script ends by
  asking for another one (``st.rerun``, ``st.switch_page``) finishes ``FINISHED_EARLY_FOR_RERUN``
  and the next run follows on its own: an action ends at a ``script_finished`` that is not that.
- Widgets are read from the deltas as a browser reads them: a select box or a radio of the
  sidebar (``delta_path[0] == 1``) with its id (``$$ID-<hash>-w_annee``: the app keys them; the
  hash differs from page to page), its options and its value. Changing one = a rerun whose widget states carry the new value (a
  select box's or a radio's value is the text of the option, ``string_value``), with the values
  of every other widget the session has set.
- The forward-message cache, as the browser keeps it: a message the server marks
  ``metadata.cacheable`` (a large element: a chart) is kept by its ``hash`` and named in the next
  runs' ``cached_message_hashes``; the server then sends a ``ref_hash`` instead of the element.
  A kept message that no run used for ``MAX_AGE`` runs is dropped (Streamlit's
  ``global.maxCachedMessageAge``, 2).
- What goes wrong: an exception element (``st.exception``, a traceback shown by Streamlit), no
  ``script_finished`` within ``timeout`` seconds, the server closing the websocket, a
  ``ref_hash`` this session does not hold, a page not found.
"""
from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAX_AGE = 2  # runs a cached message is kept without being used (global.maxCachedMessageAge)
SIDEBAR = 1  # delta_path[0] of the sidebar's elements (0: the main area)
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


@dataclass
class Widget:
    id: str
    kind: str  # selectbox / radio
    label: str
    options: list[str]
    value: str | None


@dataclass
class Run:
    """What one action received: its time (from the request to ``script_finished``), the
    messages and bytes, the elements by kind, the exceptions shown and the run's outcome."""

    seconds: float = 0.0
    messages: int = 0
    bytes: int = 0
    refs: int = 0  # elements sent as a ref_hash (the session held them)
    elements: dict[str, int] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # not found, unknown ref_hash, compile error


class Session:
    """One user's session of the app at ``base`` (``http://127.0.0.1:port``)."""

    def __init__(self, base: str, timeout: float = 60.0) -> None:
        self.url = base.replace("http://", "ws://").replace("https://", "wss://").rstrip("/") \
            + "/_stcore/stream"
        self.timeout = timeout
        self.ws = None
        self.pages: dict[str, str] = {}  # url path → page_script_hash (the menu)
        self.page_hash = ""  # the page shown
        self.page_path = ""
        self.widgets: dict[str, Widget] = {}  # the sidebar's select boxes and radios shown
        self.state: dict[str, str] = {}  # widget id → the value this session set
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash → (message, run last used)
        self._runs = 0

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    # ---- actions ------------------------------------------------------------------------------
    async def open(self, path: str = "") -> Run:
        """The first opening of the page at ``path`` (``""``: the default page)."""
        return await self._rerun(page_name=path.strip("/"))

    async def goto(self, path: str) -> Run:
        """Another page of the menu (``path`` as in :attr:`pages`)."""
        return await self._rerun(page_hash=self.pages[path])

    async def set(self, widget_id: str, value: str) -> Run:
        """Pick ``value`` in the select box or radio ``widget_id``."""
        self.state[widget_id] = value
        return await self._rerun(page_hash=self.page_hash)

    def filters(self) -> list[Widget]:
        """The sidebar's select boxes and radios of the page shown, with more than one option."""
        return [w for w in self.widgets.values() if len(w.options) > 1]

    def random_action(self, rnd: random.Random):
        """What a user does next: another page (35 %), a radio (25 %) or a select box (40 %) —
        ``(kind, what, coroutine function)``, as the Playwright client chooses."""
        choice = rnd.random()
        others = sorted(p for p, h in self.pages.items() if h != self.page_hash)
        radios = [w for w in self.filters() if w.kind == "radio"]
        boxes = [w for w in self.filters() if w.kind == "selectbox"]
        if choice < 0.35 and others:
            p = rnd.choice(others)
            return "page", f"/{p}", lambda: self.goto(p)
        pool = radios if (choice < 0.6 and radios) or not boxes else boxes
        if not pool:
            return None
        w = rnd.choice(pool)
        value = rnd.choice([o for o in w.options if o != w.value] or w.options)
        return "filtre", f"« {w.label} » = « {value} »", lambda: self.set(w.id, value)

    # ---- protocol -----------------------------------------------------------------------------
    def _client_state(self, page_hash: str, page_name: str) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = ""
        cs.page_script_hash = page_hash
        cs.page_name = page_name
        cs.context_info.timezone = "Europe/Paris"
        cs.context_info.locale = "fr-FR"
        for wid, value in self.state.items():
            ws = cs.widget_states.widgets.add()
            ws.id = wid
            ws.string_value = value
        cs.cached_message_hashes.extend(self._cache)
        return msg

    async def _rerun(self, page_hash: str = "", page_name: str = "") -> Run:
        if self.ws is None:
            raise RuntimeError("session non connectée")
        run = Run()
        t = time.perf_counter()
        await self.ws.send(self._client_state(page_hash, page_name).SerializeToString())
        self._runs += 1
        seen: dict[str, Widget] = {}
        while True:
            left = self.timeout - (time.perf_counter() - t)
            if left <= 0:
                raise TimeoutError
            raw = await asyncio.wait_for(self.ws.recv(), left)
            run.messages += 1
            run.bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                held = self._cache.get(msg.ref_hash)
                if held is None:
                    run.errors.append(f"ref_hash inconnu {msg.ref_hash}")
                    continue
                run.refs += 1
                path = list(msg.metadata.delta_path)
                msg = held[0]
                self._cache[msg.hash] = (msg, self._runs)
                kind = msg.WhichOneof("type")
                self._element(msg, path, run, seen)
            elif kind == "delta":
                if msg.metadata.cacheable and msg.hash:
                    self._cache[msg.hash] = (msg, self._runs)
                self._element(msg, list(msg.metadata.delta_path), run, seen)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "page_not_found":
                run.errors.append(f"page introuvable : {msg.page_not_found.page_name}")
            elif kind == "script_finished":
                if msg.script_finished == EARLY:  # the script asked for another run: it follows
                    seen = {}
                    continue
                if msg.script_finished == COMPILE_ERROR:
                    run.errors.append("erreur de compilation du script")
                break
        run.seconds = time.perf_counter() - t
        self.widgets = seen
        # a widget's id names its page: the browser sends the state of the widgets it shows
        self.state = {w: v for w, v in self.state.items() if w in seen}
        self.page_path = next((p for p, h in self.pages.items() if h == self.page_hash), "")
        self._cache = {h: (m, r) for h, (m, r) in self._cache.items() if self._runs - r < MAX_AGE}
        return run

    def _element(self, msg: ForwardMsg, path: list[int], run: Run, seen: dict[str, Widget]) -> None:
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        run.elements[kind] = run.elements.get(kind, 0) + 1
        if kind == "exception":
            run.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:200])
        elif kind in ("selectbox", "radio") and path and path[0] == SIDEBAR:
            w = getattr(el, kind)
            options = list(w.options)
            if w.set_value:  # the script set the value (or reset it): the browser shows it
                value = w.raw_value if w.HasField("raw_value") else None
                if value is not None:
                    self.state[w.id] = value
                else:
                    self.state.pop(w.id, None)
            else:
                value = self.state.get(w.id)
            if value is None and w.HasField("default") and 0 <= w.default < len(options):
                value = options[w.default]
            seen[w.id] = Widget(w.id, kind, w.label, options, value)
