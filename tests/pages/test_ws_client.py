"""The load bench's websocket client (:mod:`bench.ws_client`): against the real app on the demo,
one session opens a page, changes a filter as a user would and sees each run finish without an
exception; a rerun with nothing changed gets its large elements as references to the ones it
holds (the browser's forward-message cache). Without a server: what the client reads from the
messages (widgets, exceptions, unknown references)."""
from __future__ import annotations

import asyncio

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.ws_client import SIDEBAR, Run, Session
from tests.helpers.browser import streamlit_app


def _selectbox(wid: str, options: list[str], default: int, sidebar: bool = True,
               raw: str | None = None) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend([SIDEBAR if sidebar else 0, 3])
    box = msg.delta.new_element.selectbox
    box.id, box.label, box.default = wid, "Année", default
    box.options.extend(options)
    if raw is not None:
        box.raw_value, box.set_value = raw, True
    return msg


def test_reads_sidebar_widgets_and_exceptions():
    s = Session("http://127.0.0.1:1")
    run, seen = Run(), {}
    s._element(_selectbox("w1", ["2026", "2025"], 0), [SIDEBAR, 3], run, seen)
    s._element(_selectbox("w2", ["a", "b"], 1, sidebar=False), [0, 3], run, seen)
    s._element(_selectbox("w3", ["x", "y"], 0, raw="y"), [SIDEBAR, 4], run, seen)
    exc = ForwardMsg()
    exc.delta.new_element.exception.type = "KeyError"
    exc.delta.new_element.exception.message = "'territoire'"
    s._element(exc, [0, 5], run, seen)
    assert {w: (v.value, v.options) for w, v in seen.items()} == {
        "w1": ("2026", ["2026", "2025"]), "w3": ("y", ["x", "y"])}  # w2: not in the sidebar
    assert s.state == {"w3": "y"}  # set by the script: sent back as the browser would
    assert run.exceptions == ["KeyError: 'territoire'"]
    assert run.elements == {"selectbox": 3, "exception": 1}
    # the widget state a rerun sends: every value the session holds, and its cached hashes
    s.state["w1"] = "2025"
    s._cache["abc"] = (ForwardMsg(), 0)
    cs = s._client_state("h", "").rerun_script
    assert {w.id: w.string_value for w in cs.widget_states.widgets} == {"w1": "2025", "w3": "y"}
    assert list(cs.cached_message_hashes) == ["abc"] and cs.page_script_hash == "h"


@pytest.fixture(scope="module")
def server():
    """``streamlit run app.py`` on the demo (no browser needed)."""
    from data.opening import ensure_demo
    from tests.helpers.config import test_settings

    ensure_demo(test_settings())
    with streamlit_app(None) as url:
        yield url


def widget(s: Session, key: str):
    """The sidebar widget of the app's ``key`` (its id ends with it; the rest names the page)."""
    found = [w for w in s.filters() if w.id.endswith(f"-{key}")]
    assert len(found) == 1, (key, [w.id for w in s.filters()])
    return found[0]


@pytest.mark.slow
def test_session_against_the_app(server):
    async def scenario():
        async with Session(server) as s:
            first = await s.open("")  # the Synthèse (the default page)
            assert not first.exceptions and not first.errors
            assert first.elements.get("plotly_chart", 0) >= 4
            assert {"territoires", "carte", "plan"} <= set(s.pages)
            years = widget(s, "w_annee")
            again = await s.set(years.id, years.value)  # nothing changed: a plain rerun
            assert again.refs >= 1  # the large charts came as references to the held ones
            assert again.elements.get("plotly_chart") == first.elements["plotly_chart"]
            other = next(o for o in years.options if o != years.value)
            changed = await s.set(years.id, other)
            assert not changed.exceptions and not changed.errors
            assert widget(s, "w_annee").value == other
            page = await s.goto("territoires")
            assert not page.exceptions and s.page_path == "territoires"
            assert widget(s, "w_annee").value == other  # kept from page to page
            level = widget(s, "w_niveau")
            pick = next(o for o in level.options if o != level.value)
            moved = await s.set(level.id, pick)
            assert not moved.exceptions and not moved.errors
            assert any(w.label == pick for w in s.filters())  # the unit's box of that level
    asyncio.run(asyncio.wait_for(scenario(), 300))
