"""The warm-up at the server's start (:mod:`ui.warmup`): ``app.py``'s ``st.App`` served in this
process (Starlette's TestClient runs its lifespan: the runtime starts, then the warm-up), the
warm-up's session opens every page, then a visitor's new session (a websocket, as a browser)
opens every page and computes nothing: each view was computed before it asked.

Also: a new snapshot asks for the warm-up again, and the warm-up runs as an anonymous visitor —
in a signed-in mode it computes no view at all (no scope wider than a visitor's)."""
from __future__ import annotations

import importlib.util
import time

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.helpers import ROOT

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


def _app_module():
    """``app.py`` imported as ``streamlit run`` imports it (not as ``__main__``)."""
    spec = importlib.util.spec_from_file_location("declik_app_under_test", ROOT / "app.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _served(monkeypatch, url: str, config: str | None = None):
    from starlette.testclient import TestClient
    from streamlit import runtime

    from ui import warmup

    monkeypatch.setattr(warmup, "FIRST_VISIT_S", 0.0)  # no visitor is coming before the test's
    monkeypatch.setenv("DECLIK_DB", url)
    if config:
        monkeypatch.setenv("DECLIK_CONFIG", config)
    client = TestClient(_app_module().app)
    return client, runtime


def _wait_done(status, timeout: float = 240) -> None:
    end = time.monotonic() + timeout
    while not status["done"]:
        assert time.monotonic() < end, f"warm-up not finished: {status}"
        time.sleep(0.1)


def _open(ws, path: str) -> tuple[list[str], int]:
    """A visitor's first opening of ``path`` on websocket ``ws``: the exceptions shown and the
    number of elements received."""
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = path
    ws.send_bytes(msg.SerializeToString())
    shown, elements = [], 0
    while True:
        m = ForwardMsg()
        m.ParseFromString(ws.receive_bytes())
        kind = m.WhichOneof("type")
        if kind == "delta" and m.delta.WhichOneof("type") == "new_element":
            elements += 1
            if m.delta.new_element.WhichOneof("type") == "exception":
                shown.append(m.delta.new_element.exception.message)
        if kind == "script_finished" and m.script_finished != EARLY:
            return shown, elements


@pytest.fixture
def fresh_caches():
    """Empty Streamlit caches (other tests of the process filled them) and no runtime left."""
    import streamlit as st
    from streamlit.runtime import Runtime

    from ui import cache, warmup

    st.cache_data.clear()
    st.cache_resource.clear()
    cache.COMPUTED.clear()
    warmup.STATUS.update(runs=0, pages=[], done=False, errors=[])
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    Runtime._instance = None


def test_warmup_computes_every_page_before_a_visitor_asks(monkeypatch, small_url, fresh_caches):
    from ui import cache, warmup

    client, _ = _served(monkeypatch, small_url)
    with client:
        _wait_done(warmup.STATUS)
        assert warmup.STATUS["errors"] == []
        assert warmup.STATUS["pages"] == warmup.page_paths()  # every page, the home page first
        assert warmup.page_paths()[0] == "" and len(warmup.page_paths()) == 17
        computed = dict(cache.COMPUTED)
        # the Synthèse's key cards, series and map; the other pages' own views
        for name in (".masked_values", ".sparklines", ".series", "ui.cache._thumbnail",
                     ".delay_quantiles", ".partner_sheets"):
            assert sum(n for k, n in computed.items() if k.endswith(name)) > 0, (name, computed)
        with client.websocket_connect("/_stcore/stream", subprotocols=["streamlit"]) as ws:
            for path in warmup.page_paths():
                shown, elements = _open(ws, path)
                assert shown == [] and elements >= 5, (path, shown, elements)  # the page drawn
        # a visitor's first opening of every page computed nothing: it only rendered
        assert dict(cache.COMPUTED) == computed


def test_a_new_snapshot_asks_for_the_warmup_again(monkeypatch):
    import dataclasses

    from ui import cache, warmup

    asked = []
    monkeypatch.setattr(warmup, "request", lambda: asked.append(True) or True)
    monkeypatch.setattr(cache, "ON_SWITCH", [])
    monkeypatch.setattr(cache, "current_settings", lambda: None)
    monkeypatch.setattr(cache, "live", lambda settings: None)
    warmup._open_snapshot()  # what the warm-up does first: it registers itself
    assert cache.ON_SWITCH == [warmup.request]
    lv = object.__new__(cache.Live)  # no extraction opened: only the switch is under test
    lv._lock = __import__("threading").Lock()

    @dataclasses.dataclass(frozen=True)
    class Op:
        snapshot_id: str
        unreachable: str | None = None

    lv.current = Op("a")
    lv._by_id = {"a": lv.current}
    lv._set(dataclasses.replace(lv.current, unreachable="source injoignable"))  # same snapshot
    assert asked == []
    lv._set(Op("b"))  # a new snapshot: its views are computed again, before the sessions ask
    assert asked == [True] and lv.current.snapshot_id == "b"


def test_request_outside_a_server_does_nothing():
    from ui import warmup

    assert warmup._LOOP[0] is None and warmup.request() is False


def test_signed_in_mode_warmup_computes_no_view(monkeypatch, small_url, tmp_path, fresh_caches):
    """``[acces] mode = "entete"``: the warm-up's session sends no identity header, its run
    stops at the gate (« accès non autorisé », or « accès non configuré » here: no
    ``server.address``) — only the snapshot is opened, no view computed for anybody."""
    from tests.fixtures.access import config_with
    from ui import cache, warmup

    cfg = config_with("entete", tmp_path, acces__entete='"X-Remote-User"')
    client, _ = _served(monkeypatch, small_url, cfg)
    with client:
        _wait_done(warmup.STATUS)
        assert warmup.STATUS["pages"] == [""]  # the home page's run, stopped at the gate
        assert cache.COMPUTED == {}
        assert cache.live(cache.current_settings()).current.extraction is not None


def test_the_warmup_gives_way_to_a_visitors_run(monkeypatch):
    """While a visitor's run is in progress, and ``GAP_S`` seconds after it ends (the browser
    draws it), the warm-up asks for no page."""
    from ui import warmup

    monkeypatch.setattr(warmup, "_LAST_END", [0.0])
    monkeypatch.setattr(warmup, "GAP_S", 0.3)
    assert not warmup.busy()
    with warmup.running():  # outside a session: counted as a visitor's run
        assert warmup.busy()
    assert warmup.busy()  # just ended: the browser is drawing
    time.sleep(0.35)
    assert not warmup.busy()


def test_a_visitor_at_the_start_draws_the_home_page_alone(monkeypatch, small_url, fresh_caches):
    """A visitor's run started while the warm-up opened the snapshot (a browser open at the
    server's start): the warm-up does not render the home page beside that run (a second
    rendering on the same interpreter lock, before the visitor's first chart) — it warms the
    other pages, then the home page last (for a visitor who had opened another page)."""
    from ui import warmup

    opened = warmup._open_snapshot

    def snapshot_then_a_visitor():
        opened()
        warmup.arrived()  # outside a session: counted as a visitor's run

    monkeypatch.setattr(warmup, "_open_snapshot", snapshot_then_a_visitor)
    client, _ = _served(monkeypatch, small_url)
    with client:
        _wait_done(warmup.STATUS)
        assert warmup.STATUS["errors"] == []
        assert warmup.STATUS["pages"] == [*warmup.page_paths()[1:], ""]

