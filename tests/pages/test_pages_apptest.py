"""Every page of the router's own page list runs on the demo, with the default filters and with a
territory chosen in the URL, and on an extraction without any optional table: no exception, the
headline elements present, the expected number of charts."""
from __future__ import annotations

import pytest

from tests.helpers.apptest import app, texts
from ui.pages_list import available_pages

pytestmark = pytest.mark.slow  # the app in AppTest

PAGES = available_pages()
# Charts expected at least on the demo (every table present); pages of other parts: no minimum.
MIN_CHARTS = {"synthese": 2, "allocataires": 7, "parcours": 5, "orientations": 7, "equipes": 4,
              "actions": 6, "freins": 3, "jeunes": 6, "budget": 3}
# At MDCS level some blocks have no data on the demo (e.g. actions run département-wide).
# Synthèse and Territoires: the thumbnail map of the chosen territory among its level's units.
MIN_CHARTS_TERRITORY = {"synthese": 2, "allocataires": 7, "parcours": 5, "orientations": 7,
                        "equipes": 4, "actions": 4, "freins": 3, "jeunes": 6, "budget": 2,
                        "territoires": 1}
# Pages that show no territory or period header (the Journal des exports lists every export).
UNFILTERED = {"journal"}
# Cards expected with a value on the demo (label → must not be « non disponible »).
CARDS = {"synthese": 8, "allocataires": 5, "parcours": 6, "orientations": 8, "equipes": 4,
         "actions": 8, "freins": 4, "jeunes": 5, "budget": 5, "territoires": 4}


@pytest.mark.parametrize("territoire", [None, "mdcs:BLO"], ids=["departement", "mdcs_BLO"])
@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_on_the_demo(page, territoire, demo_url):
    at = app(demo_url, page.path, {"territoire": territoire} if territoire else None)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    body = texts(at)
    for expected in page.headline:
        assert expected in body, f"« {expected} » absent de la page {page.title}"
    if page.url_path in UNFILTERED:  # the whole audit file: no territory or period header
        assert "MDCS Blois Agglomération" not in body
    elif territoire:
        assert "MDCS Blois Agglomération" in body
    else:
        assert "Loir-et-Cher" in body
    assert "Données au 01/11/2026" in body
    charts = at.get("plotly_chart")
    minimum = (MIN_CHARTS_TERRITORY if territoire else MIN_CHARTS).get(page.url_path, 0)
    assert len(charts) >= minimum, len(charts)
    n_cards = CARDS.get(page.url_path, 0)
    if n_cards:
        assert len(at.metric) >= n_cards
        shown = [m for m in at.metric if m.value != "non disponible"]
        assert len(shown) >= n_cards, [(m.label, m.value) for m in at.metric]


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_page_without_optional_tables(page, minimal_url):
    """Pages whose tables are absent say so; nothing crashes."""
    at = app(minimal_url, page.path)
    assert not at.exception, [e.value for e in at.exception]
    if page.url_path in ("equipes", "actions", "freins", "jeunes", "budget"):
        body = texts(at)
        assert "non disponible" in body


def test_titles_follow_the_page_list(demo_url):
    at = app(demo_url)
    assert at.title[0].value == next(p.title for p in PAGES if p.default)


def test_unusable_extraction_shows_the_validation_report(tmp_path):
    """A required table missing: every page shows the French report instead of crashing, and
    the Qualité page still works."""
    from data.writer import write_extraction
    from tests.pages import synthetic

    tables = synthetic.tables(n_foyers=50, optional=False)
    tables.pop("orientation")
    url = f"sqlite:///{tmp_path / 'cassee.sqlite'}"
    write_extraction(url, tables)
    for page in ("pages/synthese.py", "pages/parcours.py", "pages/qualite.py"):
        at = app(url, page)
        assert not at.exception, [e.value for e in at.exception]
        assert at.error and "ne peut pas être utilisée" in at.error[0].value
        assert any("orientation" in str(row) for df in at.dataframe for row in df.value.values)
        # the report can be downloaded (the table toolbar, with its English CSV button, is hidden)
        labels = [b.proto.label for b in at.get("download_button")]
        assert "Télécharger le tableau (CSV)" in labels, (page, labels)
    assert [m.value for m in at.metric][:1] == ["non"]  # Qualité: « Extraction utilisable : non »
