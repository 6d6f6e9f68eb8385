"""One computation of a level per (extraction, window, level, indicator): the Territoires table,
the map, the packs' patterns and a unit's own cards read the same result
(:func:`indicators.views.availability.level_frames`) — the second consumer computes nothing of
the level again, and every output hides the same units."""
from __future__ import annotations

import threading
from datetime import date

import polars as pl
import pytest

from geo.layers import territory_values
from indicators import engine, views
from indicators.views import availability
from reports.content.compute import compute as pack_compute
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import BLO, DAY, VEN, tiny

IND = "foyers_beneficiaires"
START = date(2024, 1, 1)


@pytest.fixture
def level_calls(monkeypatch):
    """Every indicator computation of a whole level (the département's territory, a breakdown by
    a territorial level): ``[(indicator, level)]``, in call order."""
    calls: list[tuple[str, str]] = []
    inside = threading.local()  # in engine.compute_pairs (which builds each plan twice)
    real_frame, real_pairs = engine.frame, engine.compute_pairs

    def count(c, ind_id, by):
        if c.territoire.is_departement and tuple(by) in (("mdcs",), ("commune",)):
            calls.append((ind_id, by[0]))

    def frame(c, ind_id, by=()):
        if not getattr(inside, "on", False):
            count(c, ind_id, by)
        return real_frame(c, ind_id, by)

    def pairs(c, wanted):
        for i, by in wanted:
            count(c, i, by)
        inside.on = True
        try:
            return real_pairs(c, wanted)
        finally:
            inside.on = False
    monkeypatch.setattr(engine, "frame", frame)
    monkeypatch.setattr(engine, "compute_pairs", pairs)
    return calls


def _hidden_rows(t, level_names) -> set[str]:
    col = t.display.columns[-1]
    return {n for n, v in zip(t.display["Territoire"].to_list(), t.display[col].to_list(),
                              strict=True) if n in level_names and v in ("< 5", "secret statistique")}


def test_map_cards_and_pack_read_the_territoires_tables_level(level_calls):
    ext = tiny()
    c = ctx(ext, START, DAY)
    table = views.territory_comparison(c, [IND], "commune")
    first = list(level_calls)
    assert first == [(IND, "commune")]  # the table computed the level once
    m = territory_values(c, IND, "commune")
    views.masked_values(ctx(ext, START, DAY, f"commune:{VEN}"), [IND])
    views.masked_values(ctx(ext, START, DAY, f"commune:{BLO}"), [IND])
    canton = ctx(ext, START, DAY, "canton:4109")
    pack_compute(canton, canton, [IND], canton.settings, True, False)
    assert level_calls == first  # map, two units' cards, a canton's pack: nothing recomputed
    # the same units hidden by the table and the map (Vendôme's 3 foyers, and Candé-sur-Beuvron
    # by complementary suppression: 9 − 6 would give 3)
    names = set(m["nom"].to_list())
    hidden_map = set(m.filter(pl.col("masque"))["nom"].to_list())
    assert hidden_map == _hidden_rows(table, names) == {"Vendôme", "Candé-sur-Beuvron"}
    # and each unit's own card as the table
    for code in (VEN, BLO):
        v, masked, _ = views.masked_values(ctx(ext, START, DAY, f"commune:{code}"), [IND])[IND]
        assert masked and v is None


def test_another_window_or_level_is_computed_once_more(level_calls):
    ext = tiny()
    views.territory_comparison(ctx(ext, START, DAY), [IND], "mdcs")
    territory_values(ctx(ext, START, DAY), IND, "mdcs")
    assert level_calls == [(IND, "mdcs")]
    territory_values(ctx(ext, date(2024, 7, 1), DAY), IND, "mdcs")  # another period
    territory_values(ctx(ext, START, DAY), IND, "commune")  # another level
    assert level_calls == [(IND, "mdcs")] * 2 + [(IND, "commune")]
    # a day inside the same whole months: the same computation (the window is whole months)
    territory_values(ctx(ext, date(2024, 7, 3), date(2024, 12, 30)), IND, "mdcs")
    assert len(level_calls) == 3


def test_sessions_asking_at_once_share_one_computation(level_calls, monkeypatch):
    """Two threads opening the same level at the same time: the second waits for the first's
    result rather than computing it again."""
    ext = tiny()
    started, release = threading.Event(), threading.Event()
    real = engine.compute_pairs  # the counting one

    def slow(c, wanted):
        started.set()
        release.wait(10)
        return real(c, wanted)
    monkeypatch.setattr(engine, "compute_pairs", slow)
    out = []
    first = threading.Thread(target=lambda: out.append(
        availability.level_patterns(ctx(ext, START, DAY), [IND], "mdcs")))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: out.append(
        availability.level_patterns(ctx(ext, START, DAY), [IND], "mdcs")))
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the first thread's result
    release.set()
    first.join(10)
    second.join(10)
    assert level_calls == [(IND, "mdcs")]
    assert len(out) == 2 and out[0][IND].equals(out[1][IND])
