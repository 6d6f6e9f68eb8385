"""What the server holds stays bounded: the sessions' widget metadata (ui/memory.py), glibc's
allocator read and trimmed, and the load bench's diagnostics (ui/diag.py) reading each holder."""
from __future__ import annotations

import json
from datetime import date

from streamlit.testing.v1 import AppTest

from ui import diag, memory

# A page whose select box gets other options at every run (a new widget id each time, as the
# period select box does when the period kind changes), and a keyed select box that stays.
SCRIPT = """
import streamlit as st
from ui import memory

n = st.session_state.get("n", 0) + 1
st.session_state["n"] = n
st.selectbox("Période", [f"{n}-{k}" for k in range(3)], format_func=lambda x: x.upper())
st.selectbox("Niveau", ["MDCS", "canton", "commune"], key="niveau")
st.button("Courbe", key=f"courbe-{n}")  # keyed afresh at every run (as a card's trend line)
if st.session_state.get("memoire", True):
    memory.drop_stale_widget_metadata()
ctx_meta = __import__("streamlit").runtime.scriptrunner_utils.script_run_context
ss = ctx_meta.get_script_run_ctx().session_state._state
st.session_state["n_meta"] = len(ss._new_widget_state.widget_metadata)
st.session_state["n_cles"] = len(ss._key_id_mapper._key_id_mapping)
st.session_state["n_ids"] = len(ss._key_id_mapper._id_key_mapping)
"""


def _runs(drop: bool, n: int) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["memoire"] = drop
    at.run()
    for _ in range(n - 1):
        at.run()
    return at


def test_widget_metadata_of_stale_widgets_is_dropped():
    """40 runs, 40 different period select boxes and 40 buttons keyed afresh: Streamlit alone
    keeps the metadata of all of them, and every key; dropped at the end of each run, no more
    than this run's and the last run's widgets."""
    kept = _runs(False, 40)
    assert not kept.exception
    assert kept.session_state["n_meta"] >= 80  # Streamlit's own behaviour: one per widget id
    assert kept.session_state["n_cles"] >= 40 and kept.session_state["n_ids"] >= 40
    at = _runs(True, 40)
    assert not at.exception
    assert at.session_state["n_meta"] <= 6  # the three widgets of this run, those of the last
    assert at.session_state["n_cles"] <= 4 and at.session_state["n_ids"] <= 4


def test_a_widget_drawn_again_keeps_its_value():
    at = _runs(True, 3)
    at.selectbox(key="niveau").select("commune").run()
    for _ in range(5):
        at.run()
    assert not at.exception
    assert at.selectbox(key="niveau").value == "commune"
    assert at.selectbox[0].value == f"{at.session_state['n']}-0"  # the new box: its default


def test_nothing_dropped_outside_a_run():
    assert memory.drop_stale_widget_metadata() == 0


def test_allocator_readings_and_trim():
    before = memory.allocator()
    assert before is not None and set(before) == {"tas", "mmap", "utilise", "libre"}
    assert all(v >= 0 for v in before.values())
    assert before["utilise"] <= before["tas"] + before["mmap"] + 0.1
    blocks = [bytearray(2000) for _ in range(20_000)]  # 40 MB in small blocks from the heap
    grown = memory.allocator()
    assert grown["utilise"] >= before["utilise"] + 30
    del blocks
    freed = memory.allocator()
    # freed: free inside the heap, or the heap's top given back already
    assert (freed["libre"] - grown["libre"]) + (grown["tas"] - freed["tas"]) >= 30
    memory.trim()
    trimmed = memory.allocator()
    assert trimmed["utilise"] <= grown["utilise"] - 30


def test_diag_snapshot_reads_every_holder():
    import polars as pl

    from ui import widgets

    widgets._sparkline.cache_clear()
    widgets._sparkline((date(2025, 1, 1), date(2025, 2, 1)), (3.0, 4.0), "nombre")
    frames = [pl.DataFrame({"x": list(range(1000))}) for _ in range(3)]
    line = diag.snapshot(12.4)
    json.dumps(line)  # a line of the file: JSON
    assert line["t_s"] == 12 and line["rss_mb"] > 0
    assert line["lru"]["ui.widgets._sparkline"] == 1
    assert line["polars"]["n"] >= 3 and line["polars"]["mo"] >= 3 * 8000 / 1e6 - 0.05
    assert set(line["suivis"]) == set(diag.WATCHED)
    assert line["malloc"]["utilise"] > 0 and line["pymalloc_blocs"] > 0
    assert isinstance(line["caches"], dict) and line["caches_mo"] >= 0
    del frames


def test_idle_compute_locks_are_dropped_and_the_cache_still_serves():
    """``st.cache_data`` keeps one compute lock per key ever computed: 60 keys, 60 locks;
    dropped by the collection of :func:`ui.memory.collect_now_and_then`, the values stay."""
    import streamlit as st
    from streamlit.runtime.caching.cache_data_api import get_data_cache_stats_provider

    calls = []

    @st.cache_data(max_entries=10)
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    for i in range(60):
        assert square(i) == i * i
    provider = get_data_cache_stats_provider()
    caches = [c for fc in provider._function_caches.values() for c in fc.values()
              if "square" in c.display_name]
    assert caches and sum(len(c._value_locks) for c in caches) >= 60
    assert memory.drop_idle_compute_locks() >= 60
    assert sum(len(c._value_locks) for c in caches) == 0
    assert square(59) == 59 * 59 and calls.count(59) == 1  # still cached
    assert square(0) == 0 and calls.count(0) == 2  # beyond max_entries: computed again


def test_tracemalloc_growth_names_the_lines_that_allocated():
    import tracemalloc

    tracemalloc.start(3)
    try:
        before = tracemalloc.take_snapshot()
        held = [bytearray(10_000) for _ in range(500)]  # 5 MB from this line
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    top = diag._growth(after, before)
    assert top and "test_memory_bounds.py:" in top[0] and top[0].startswith("+5.")
    assert len(held) == 500
