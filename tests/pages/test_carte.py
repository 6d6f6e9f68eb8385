"""AppTest of the Carte page at each level, on a small synthetic extraction (every table), plus a
territory chosen in the URL and an extraction without the optional tables."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers.apptest import app
from tests.pages import synthetic

pytestmark = pytest.mark.slow
LEVELS = ("mdcs", "canton", "epci", "commune")


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    return synthetic.write(tmp_path_factory.mktemp("carte") / "carte.sqlite", n_foyers=900)


@pytest.fixture(scope="module")
def db_url_minimal(tmp_path_factory) -> str:
    return synthetic.write(tmp_path_factory.mktemp("carte_min") / "min.sqlite", optional=False,
                           n_foyers=300)


def run_carte(url: str, **state) -> AppTest:
    query = state.pop("query", {})
    return app(url, "pages/carte.py", query, timeout=180, state=state)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [s.value for s in at.subheader] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("niveau", LEVELS)
def test_carte_page_at_each_level(db_url, niveau):
    at = run_carte(db_url, carte_niveau=niveau, carte_indicateur="personnes_sdd")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Carte"]
    body = texts(at)
    assert "Personnes soumises aux droits et devoirs par" in body
    assert "Classes : " in body
    assert "Comparaison avec le département" in body
    assert "Évolution par MDCS" in body
    assert len(at.dataframe) >= 1  # the comparison table


@pytest.mark.parametrize("ind_id", ["taux_absenteisme", "personnes_sdd_pour_1000_hab",
                                    "delai_orientation_median_j"])
def test_carte_page_rates_show_the_funnel(db_url, ind_id):
    at = run_carte(db_url, carte_niveau="canton", carte_indicateur=ind_id)
    assert not at.exception, [e.value for e in at.exception]
    body = texts(at)
    funnel = "Écarts significatifs (graphique en entonnoir)" in body
    assert funnel == (ind_id != "delai_orientation_median_j")  # no funnel for a median


def test_territory_from_the_url_is_outlined_and_offers_its_fiche(db_url):
    at = run_carte(db_url, carte_niveau="mdcs", query={"territoire": "mdcs:VEN"})
    assert not at.exception, [e.value for e in at.exception]
    assert "Territoire choisi : **MDCS Vendôme**" in texts(at)
    assert any(b.label == "Ouvrir sa fiche territoire" for b in at.button)


def test_carte_page_without_optional_tables(db_url_minimal):
    at = run_carte(db_url_minimal, carte_niveau="canton")
    assert not at.exception, [e.value for e in at.exception]
    labels = at.selectbox(key="carte_indicateur").options
    assert "Personnes soumises aux droits et devoirs" in labels
    assert not any("absentéisme" in o for o in labels)  # rendez_vous absent: not offered
