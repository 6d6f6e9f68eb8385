"""The Carte page's folium map built once per view (:func:`ui.map_click.prepared`): a rerun of the
same view sends the same component arguments without building or rendering the map again; those
arguments are st_folium's own; a click still selects the unit."""
from __future__ import annotations

from datetime import date

import pytest
import streamlit_folium

from data.opening import open_extraction
from geo import maps
from geo.classes import SCHEMES
from indicators.engine import make_ctx
from settings import load_settings
from tests.helpers.apptest import app, rerun
from tests.pages import synthetic
from ui import map_click

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    return synthetic.write(tmp_path_factory.mktemp("carte_rerun") / "carte.sqlite", n_foyers=300)


@pytest.fixture(scope="module")
def demo_map():
    s = load_settings()
    op = open_extraction(s)
    ctx = make_ctx(op.extraction, op.referentiel, s, date(2025, 1, 1), date(2025, 12, 31))
    return lambda: maps.interactive_map(maps.layer(ctx, "foyers_beneficiaires", "canton"), s)


def test_prepared_arguments_are_st_folium_s_own(demo_map, monkeypatch):
    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.append(kw))
    streamlit_folium.st_folium(demo_map(), key=map_click.MAP_KEY, height=620,
                               use_container_width=True, returned_objects=map_click.RETURNED)
    monkeypatch.undo()
    ours = map_click.prepared(demo_map(), 620)
    theirs = {k: v for k, v in sent[0].items() if k != "on_change"}
    assert ours == theirs
    assert len(ours["script"]) > 10_000  # the map's units
    assert streamlit_folium._component_func is map_click._COMPONENT  # put back


def test_the_component_s_callback_selects_the_clicked_unit(monkeypatch):
    class FakeSt:
        session_state: dict = {}
    monkeypatch.setattr(map_click, "st", FakeSt)
    picked = []
    monkeypatch.setattr(map_click, "select_clicked", lambda niveau: picked.append(
        (niveau, FakeSt.session_state[map_click.MAP_KEY])))
    calls = []
    monkeypatch.setattr(map_click, "_COMPONENT", lambda **kw: calls.append(kw))
    map_click.show({"key": "h123", "script": "…"}, "canton")
    click = {"last_active_drawing": {"properties": {"code": "4109"}}}
    FakeSt.session_state["h123"] = click  # what the component's click stores under its key
    calls[0]["on_change"]()
    assert picked == [("canton", click)]
    assert calls[0]["script"] == "…" and calls[0]["key"] == "h123"


def test_a_rerun_of_the_same_view_does_not_rebuild_the_map(db_url, monkeypatch):
    built, sent = [], []
    real_build, real_component = maps.interactive_map, map_click._COMPONENT
    monkeypatch.setattr(maps, "interactive_map", lambda *a, **kw: built.append(a[1:]) or
                        real_build(*a, **kw))
    monkeypatch.setattr(map_click, "_COMPONENT", lambda **kw: sent.append(kw) or
                        real_component(**kw))
    at = app(db_url, "pages/carte.py", timeout=180, state={"carte_niveau": "canton"})
    assert not at.exception, [e.value for e in at.exception]
    assert len(built) == 1 and len(sent) == 1
    rerun(at, db_url)
    assert not at.exception, [e.value for e in at.exception]
    assert len(built) == 1 and len(sent) == 2  # sent again, not rebuilt
    assert sent[1]["script"] == sent[0]["script"] and sent[1]["key"] == sent[0]["key"]
    at.selectbox(key="carte_classes").set_value(list(SCHEMES)[1])  # another view: built again
    rerun(at, db_url)
    assert not at.exception, [e.value for e in at.exception]
    assert len(built) == 2 and sent[2]["script"] != sent[0]["script"]
