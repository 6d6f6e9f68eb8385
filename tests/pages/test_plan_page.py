"""The Plan page computes a fiche's values when the fiche is opened: its first opening draws the
tree, the criteria measured and the context cards only; an opened fiche shows the whole plan's
table for it."""
from __future__ import annotations

import pytest

from tests.helpers.apptest import app, rerun
from ui import cache, filters

pytestmark = pytest.mark.slow  # the app in AppTest


def test_closed_fiches_are_not_computed_an_opened_one_shows_its_table(small_url):
    at = app(small_url, "pages/plan.py")
    assert not at.exception, [e.value for e in at.exception]
    assert "Critères d'évaluation mesurés" in [m.label for m in at.metric]
    assert len(at.dataframe) == 1  # the criteria table; no fiche's
    assert len(at.expander) > 40  # every fiche, closed
    at.session_state["plan_o1a1_PDI-1"] = True  # the user opens fiche PDI-1 (orientation 1, axe 1)
    rerun(at, small_url)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == 2
    view = at.session_state[filters.VIEW]
    t, _ = cache.plan_tables(view.key)["PDI-1"]
    shown = at.dataframe[0].value
    assert list(shown.columns) == t.display.columns
    assert shown.astype(str).values.tolist()[0][:5] == [str(x) for x in t.display.row(0)[:5]]
    assert any(b.label == "Télécharger la fiche (CSV)" for b in at.get("download_button"))
