"""The recent months of a délai by month of entry (indicators.coverage.recent_from): hand-computed
boundaries, the series' column and table, and the same marking on the page's chart and in the
pack's figure and note."""
from __future__ import annotations

from datetime import date

import pytest

from charts import figures as F
from indicators import coverage, views
from indicators.coverage import RECENT_COLUMN, recent_from
from indicators.registry import REGISTRY
from reports import figures as R
from settings import Objectifs
from tests.indicators.builders import ctx, droit, extraction, foyer, orient, personne

OBJ = Objectifs()  # 42 days to orient, 30 to sign the CER


@pytest.mark.parametrize("ind_id,de,first", [
    # 60 days of observation: 01/11/2026 − 59 d = 03/09 → septembre is recent, août is complete
    # (its last entrant, 31/08, has 62 days)
    ("delai_orientation_moyen_j", date(2026, 11, 1), date(2026, 9, 1)),
    ("delai_orientation_median_j", date(2026, 10, 30), date(2026, 9, 1)),  # 31/08 + 60 = 30/10
    ("delai_orientation_median_j", date(2026, 10, 29), date(2026, 8, 1)),  # 31/08 has 59 days
    # a share within D days: recent while its last entrants have fewer than D days
    ("part_orientes_dans_delai", date(2026, 11, 1), date(2026, 9, 1)),  # 30/09 + 42 = 11/11
    ("part_orientes_dans_delai", date(2026, 11, 11), date(2026, 10, 1)),
    ("part_cer_dans_delai", date(2026, 11, 1), date(2026, 10, 1)),  # 30/09 + 30 = 30/10
])
def test_first_recent_month_by_hand(ind_id, de, first):
    assert recent_from(ind_id, de, OBJ) == first


def test_counts_and_stocks_have_no_recent_months():
    for i in ("entrees", "foyers_beneficiaires", "sorties"):
        assert i in REGISTRY and recent_from(i, date(2026, 11, 1), OBJ) is None


def _series():
    de = date(2024, 12, 31)
    n = 6
    e = extraction(de, foyer=[foyer(f"f{i}") for i in range(n)],
                   personne=[personne(f"p{i}", f"f{i}") for i in range(n)],
                   droit=[droit(f"d{i}", f"f{i}", f"2024-{m:02d}-05")
                          for i, m in enumerate((6, 7, 8, 9, 10, 11))],
                   orientation=[orient(f"o{i}", f"p{i}", f"2024-{m:02d}-25")
                                for i, m in enumerate((6, 7, 8, 9, 10, 11))])
    return views.series(ctx(e, date(2024, 1, 1), de), "delai_orientation_moyen_j")


def test_series_marks_the_recent_months_in_data_and_table():
    b = _series()
    recent = dict(zip(b.data["mois"].to_list(), b.data[RECENT_COLUMN].to_list(), strict=True))
    # 31/12/2024 − 59 d = 02/11: novembre is recent, octobre is complete (décembre, after the
    # droits' last complete month, is not drawn)
    assert recent[date(2024, 10, 1)] is False and recent[date(2024, 11, 1)] is True
    col = b.table.display["Mois récent (délais incomplets)"].to_list()
    assert col == ["oui" if recent[m] else "" for m in b.data["mois"].to_list()]
    assert b.table.export.width == b.table.display.width
    assert "Mois récents : délais encore incomplets (depuis novembre 2024)." in b.table.note


def test_page_chart_draws_recent_months_dotted_and_says_so():
    b = _series()
    fig = F.time_series(b.data, fmt="jours", title="t", source="Source : test")
    main, dotted = fig.data[0], fig.data[1]
    months = b.data["mois"].to_list()
    flags = b.data[RECENT_COLUMN].to_list()
    assert all(y is None for y, r in zip(main.y, flags, strict=True) if r)
    assert dotted.line.dash == "dot" and dotted.name.startswith("Mois récents")
    shown = [m for m, y in zip(months, dotted.y, strict=True) if y is not None]
    assert shown[0] == date(2024, 10, 1)  # drawn from the last complete month
    texts = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert coverage.recent_note(date(2024, 11, 1)) in texts


def test_pack_figure_marks_the_same_months():
    mois = [date(2026, m, 1) for m in range(1, 11)]
    vals = [30, 28, 33, 31, 29, 35, 27, 26, 19, 13]
    ind = REGISTRY["delai_orientation_moyen_j"]
    first = recent_from(ind.id, date(2026, 11, 1), OBJ)
    fig = R.series_figure(mois, vals, ind, recent_from=first)
    assert fig.data[0].y[-2:] == (None, None) and fig.data[0].y[-3] == 26
    dotted = fig.data[1]
    assert dotted.line.dash == "dot" and list(dotted.y[-3:]) == [26, 19, 13]
    assert any("Mois récents" in (a.text or "") for a in fig.layout.annotations)
