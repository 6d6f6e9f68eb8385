"""ui/memo.py: a figure is built once per process for the same inputs and shared; ui/memory.py:
the objects alive after a run that imported modules are frozen once, and a full collection runs
now and then (Streamlit's after every run is off)."""
from __future__ import annotations

import gc
import sys
import time
import types
import weakref

import polars as pl
import pytest

from charts import figures as F
from indicators.engine import REGISTRY
from tests.helpers.apptest import app, rerun
from tests.helpers.config import test_settings
from ui import memo, memory


def _series(v: float) -> pl.DataFrame:
    from datetime import date

    return pl.DataFrame({"mois": [date(2025, 1, 1), date(2025, 2, 1)], "valeur": [v, v + 1]})


def test_same_inputs_same_figure_built_once():
    calls = []

    def build(df, *, title):
        calls.append(title)
        return F.time_series(df, title=title, source="Source : test")

    a = memo.figure(build, _series(1.0), title="A")
    b = memo.figure(build, _series(1.0), title="A")  # equal frame, another object
    assert a is b and calls == ["A"]
    c = memo.figure(build, _series(2.0), title="A")  # other data
    d = memo.figure(build, _series(1.0), title="B")  # other argument
    assert c is not a and d is not a and calls == ["A", "A", "B"]
    assert list(c.data[0].y) == [2.0, 3.0]


def test_an_indicator_is_named_by_its_id_and_settings_by_their_digest():
    ind = REGISTRY["foyers_beneficiaires"]
    assert memo.digest(ind) == memo.digest(REGISTRY["foyers_beneficiaires"])
    assert memo.digest(ind) != memo.digest(REGISTRY["entrees"])
    s = test_settings()
    assert memo.digest(("k", s)) == memo.digest(("k", test_settings()))
    assert memo.digest(("k", s)) != memo.digest(("k", test_settings("sqlite:///autre.sqlite")))


def test_figure_for_is_keyed_by_the_key_alone():
    calls = []

    def build(x):
        calls.append(x)
        return {"x": x}

    assert memo.figure_for(("vue", 1), build, 10) is memo.figure_for(("vue", 1), build, 10)
    assert memo.figure_for(("vue", 2), build, 10) is not None
    assert calls == [10, 10]


def test_arguments_that_cannot_be_pickled_are_built_each_time():
    calls = []

    def build(f):
        calls.append(1)
        return object()

    lam = lambda: None  # noqa: E731 - a lambda does not pickle
    assert memo.figure(build, lam) is not memo.figure(build, lam)
    assert len(calls) == 2


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(memo, "MAX", 3)

    def build(i):
        return [i]

    first = memo.figure(build, -1)
    for i in range(5):
        memo.figure(build, i)
    assert memo.stats()["kept"] <= 3
    assert memo.figure(build, -1) is not first  # dropped, built again


def test_the_memo_is_bounded_in_objects_too(monkeypatch):
    """A heavy figure (a map: thousands of lists) takes the places of many light ones: the kept
    figures hold at most ``MAX_OBJECTS`` objects (:func:`ui.memo.weight`), the newest stays."""
    monkeypatch.setattr(memo, "_FIGURES", type(memo._FIGURES)())
    monkeypatch.setattr(memo, "_WEIGHT", [0, 0])
    monkeypatch.setattr(memo, "MAX_OBJECTS", 1000)

    def light(i):
        return {"x": [i], "y": [i]}  # 3 containers

    def heavy(n):
        return {"coords": [[k, k] for k in range(n)]}  # n + 2 containers

    assert memo.weight(light(0)) == 3 and memo.weight(heavy(10)) == 12
    shared = [1]
    assert memo.weight([shared, shared, {"a": shared}]) == 3  # each object once
    lights = [memo.figure(light, i) for i in range(50)]
    assert memo.stats()["kept"] == 50 and memo.stats()["objects"] == 150
    big = memo.figure(heavy, 900)
    st_ = memo.stats()
    assert st_["objects"] <= 1000 and st_["kept"] < 50
    assert memo.figure(heavy, 900) is big  # the newest is kept
    assert memo.figure(light, 0) is not lights[0]  # the oldest went
    too_big = memo.figure(heavy, 5000)  # heavier than the whole budget: kept alone
    assert memo.stats()["kept"] == 1 and memo.figure(heavy, 5000) is too_big


def test_a_full_collection_now_and_then(monkeypatch):
    """``runner.postScriptGC`` is off: the cycles the runs leave are freed by a full collection
    at the end of a run every ``COLLECT_S`` seconds at most, not at every run."""
    class Node:
        pass

    monkeypatch.setattr(memory, "COLLECT_S", 3600.0)
    monkeypatch.setattr(memory, "_COLLECTED", [time.monotonic()])
    assert memory.collect_now_and_then() is False  # collected less than an hour ago
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: reference counting never frees it
    alive = weakref.ref(a)
    del a, b
    monkeypatch.setattr(memory, "COLLECT_S", 0.0)
    assert memory.collect_now_and_then() is True
    assert alive() is None


def test_settle_freezes_once_per_new_modules():
    memory.settle()
    assert gc.get_freeze_count() > 0
    assert memory.settle() is False  # no new module: nothing done
    name = "declik_test_memory_module"
    sys.modules[name] = types.ModuleType(name)
    try:
        before = gc.get_freeze_count()
        holder = [[i] for i in range(100)]  # containers: tracked by the collector
        assert memory.settle() is True
        assert gc.get_freeze_count() >= before + len(holder)
    finally:
        del sys.modules[name]


@pytest.mark.slow
def test_a_rerun_draws_the_same_figures_without_building_them(small_url):
    at = app(small_url, "pages/parcours.py")
    assert not at.exception
    before = memo.stats()
    rerun(at, small_url)
    after = memo.stats()
    assert not at.exception
    assert after["built"] == before["built"]  # nothing rebuilt for the same view
    assert after["reused"] >= before["reused"] + 5  # the page's charts, reused


def test_memo_bounded_in_bytes(monkeypatch):
    """Figures of many numbers (a map's coordinates: floats, which :func:`ui.memo.weight` does
    not count) are bounded by their estimated bytes: 40 figures of ~330 kB each, a budget of
    1 MB, the kept ones hold ≤ 1 MB, the newest stays."""
    monkeypatch.setattr(memo, "_FIGURES", type(memo._FIGURES)())
    monkeypatch.setattr(memo, "_WEIGHT", [0, 0])
    monkeypatch.setattr(memo, "MAX_BYTES", 1_000_000)

    def coords(i):
        return {"x": [float(i) + k / 7 for k in range(10_000)]}  # 10 000 floats: ~320 kB

    assert 300_000 <= memo.size(coords(0)) <= 400_000
    assert memo.size([1.5, 1.5]) < memo.size([1.5, 2.5])  # a shared float counted once
    figs = [memo.figure(coords, i) for i in range(40)]
    st_ = memo.stats()
    assert st_["mo"] <= 1.0 and 1 <= st_["kept"] <= 3
    assert memo.figure(coords, 39) is figs[-1]
