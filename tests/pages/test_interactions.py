"""Interactions: changing the period and the territory in the sidebar changes the cards to the
library's values for that view; the filters go to the URL, survive a page change, and a pasted
URL reopens the same view."""
from __future__ import annotations

from datetime import date

import pytest

from data.opening import open_extraction
from indicators import views
from indicators.engine import compute_values, make_ctx
from indicators.formatting import format_value
from indicators.views.availability import value_text
from tests.helpers.apptest import app, as_read, rerun
from tests.helpers.config import test_settings

pytestmark = pytest.mark.slow  # the app in AppTest

FOYERS = "Foyers bénéficiaires du RSA"
ENTREES = "Entrées dans le RSA"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


IDS = ["foyers_beneficiaires", "entrees"]


def _ctx(url: str, debut: date, fin: date, territoire: str | None):
    op = open_extraction(test_settings(url))
    ref = op.referentiel
    t = ref.parse_territoire(territoire) if territoire else None
    return make_ctx(op.extraction, ref, test_settings(), debut, fin, t)


def library(url: str, debut: date, fin: date, territoire: str | None) -> dict:
    """The raw values (the département's figures are published as they are)."""
    return compute_values(_ctx(url, debut, fin, territoire), IDS)


def published(url: str, debut: date, fin: date, territoire: str | None) -> dict[str, str]:
    """What the library publishes for that view below the département (secret statistique:
    small counts hidden, counts perturbed), as a card shows it."""
    ctx = _ctx(url, debut, fin, territoire)
    mv = views.masked_values(ctx, IDS)
    return {i: value_text(i, mv[i][0], mv[i][1], ctx.settings.seuil_secret, mv[i][2])
            for i in IDS}


@pytest.fixture(scope="module")
def at(small_url):
    return app(small_url, "pages/synthese.py")


def test_default_view_is_the_year_of_the_extraction(at, small_url):
    assert not at.exception
    v = library(small_url, date(2026, 1, 1), date(2026, 11, 1), None)
    assert metric(at, FOYERS) == format_value(v["foyers_beneficiaires"], "entier")
    assert metric(at, ENTREES) == format_value(v["entrees"], "entier")
    assert at.query_params["periode"] == ["2026"] or at.query_params["periode"] == "2026"


def test_change_period_and_territory(at, small_url):
    at.selectbox(key="w_annee").set_value("2025")
    rerun(at, small_url)
    at.selectbox(key="w_niveau").set_value("mdcs")
    rerun(at, small_url)
    at.selectbox(key="w_unite").set_value("VEN")
    rerun(at, small_url)
    assert not at.exception, [e.value for e in at.exception]
    # below the département the secret applies (small counts hidden, counts perturbed)
    p = published(small_url, date(2025, 1, 1), date(2025, 12, 31), "mdcs:VEN")
    assert metric(at, FOYERS) == p["foyers_beneficiaires"]
    assert metric(at, ENTREES) == p["entrees"]
    raw = library(small_url, date(2025, 1, 1), date(2025, 12, 31), "mdcs:VEN")
    assert abs(int(p["foyers_beneficiaires"].replace("\u202f", "")) - raw["foyers_beneficiaires"]) <= 5
    qp = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert qp["periode"] == "2025" and qp["territoire"] == "mdcs:VEN"


def test_quarter_and_comparison(at, small_url):
    at.radio(key="w_periode").set_value("trimestre")
    rerun(at, small_url)
    at.selectbox(key="w_trimestre").set_value("2026-T2")
    at.radio(key="w_comparaison").set_value("precedente")
    rerun(at, small_url)
    assert not at.exception
    p = published(small_url, date(2026, 4, 1), date(2026, 6, 30), "mdcs:VEN")
    assert metric(at, ENTREES) == p["entrees"]
    body = " ".join(m.value for m in at.markdown)
    assert "2e trimestre 2026" in body and "1er trimestre 2026" in body


def test_filters_survive_a_page_change(at, small_url):
    at.switch_page("pages/allocataires.py")
    rerun(at, small_url)
    assert not at.exception
    assert at.selectbox(key="w_unite").value == "VEN"
    assert at.selectbox(key="w_trimestre").value == "2026-T2"
    assert "MDCS Vendôme" in " ".join(m.value for m in at.markdown)


def test_a_pasted_link_opens_the_same_view(small_url):
    at = app(small_url, "pages/allocataires.py",
             {"periode": "2025-03", "territoire": "canton:4114", "comparaison": "precedente"})
    assert not at.exception
    assert at.radio(key="w_periode").value == "mois"
    assert at.selectbox(key="w_mois").value == "2025-03"
    assert at.selectbox(key="w_niveau").value == "canton"
    assert at.selectbox(key="w_unite").value == "4114"
    assert at.radio(key="w_comparaison").value == "precedente"
    p = published(small_url, date(2025, 3, 1), date(2025, 3, 31), "canton:4114")
    assert metric(at, ENTREES) == p["entrees"]


def test_a_bad_link_falls_back_with_a_warning(small_url):
    at = app(small_url, "pages/synthese.py", {"periode": "n'importe", "territoire": "mdcs:XXX"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Période" in warnings and "XXX" in warnings
    assert "Loir-et-Cher" in " ".join(m.value for m in at.markdown)


def test_a_future_period_in_a_link_says_so_at_the_top(small_url):
    """?periode=2030: a French warning at the top of the page (above the filters' summary), and
    the default period instead of an empty « du 01/01/2030 au … » window."""
    at = app(small_url, "pages/synthese.py", {"periode": "2030"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("2030" in w and "commence après la date des données" in w for w in warnings), warnings
    assert at.query_params["periode"] != ["2030"] and at.query_params["periode"] != "2030"
    assert "2030" not in at.markdown[0].value


def test_rapports_offers_a_built_file_only_for_its_own_request(small_url):
    """A file built for canton 4104 is not offered once MDCS Sud-Loire is shown."""
    built = ("declik_comite_2025_canton-4104.pptx", b"x", "application/octet-stream",
             ("one", "2025", "canton:4104", "n-1", "comite", "pptx"))
    for territoire, offered in (("canton:4104", True), ("mdcs:SUD", False)):
        at = app(small_url, "pages/rapports.py", {"periode": "2025", "territoire": territoire},
                 state={"_rapports_result": built})
        assert not at.exception, [e.value for e in at.exception]
        assert bool(at.success) is offered, territoire
        if not offered:
            assert "préparez-le à nouveau" in " ".join(i.value for i in at.info)


def test_rapports_built_file_is_withdrawn_when_the_territory_changes(small_url, monkeypatch):
    """The real flow: « Préparer le document » for canton 4104 offers its file; choosing MDCS
    Sud-Loire in the filters withdraws it (and says why); going back does not bring it back.
    The pack builder is replaced by a fast one that records what it was asked (the packs have
    their own tests): the page, its session and its request key are the real ones. AppTest runs
    a switched-to page file directly, and the page frame then reruns it through the router
    (ui.router.ensure), which drops a button's click: the rerun is skipped here."""
    from reports import build
    from ui import router

    monkeypatch.setattr(router, "ensure", lambda: None)

    asked = []

    def build_file(ext, ref, settings, periode, territoire, kind, fmt, mode, qui=None):
        asked.append((periode.code, territoire.key, kind, fmt))
        return f"declik_{kind}_{periode.code}_{territoire.key.replace(':', '-')}.{fmt}", b"pack"
    monkeypatch.setattr(build, "build_file", build_file)
    at = app(small_url, "pages/rapports.py", {"periode": "2025", "territoire": "canton:4104"})
    assert not at.exception, [e.value for e in at.exception]
    next(b for b in at.button if b.label == "Préparer le document").click()
    rerun(at, small_url)
    assert not at.exception, [e.value for e in at.exception]
    assert asked == [("2025", "canton:4104", "comite", "pptx")]
    assert "declik_comite_2025_canton-4104.pptx prêt" in as_read(at.success[0].value)
    assert [d for d in at.get("download_button") if d.proto.label == "Télécharger"]
    at.selectbox(key="w_niveau").set_value("mdcs")
    rerun(at, small_url)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success  # the first run with other filters withdraws it and says so once
    assert not [d for d in at.get("download_button") if d.proto.label == "Télécharger"]
    assert "declik_comite_2025_canton-4104.pptx" in as_read(" ".join(i.value for i in at.info))
    at.selectbox(key="w_unite").set_value("SUD")
    rerun(at, small_url)
    assert not at.exception, [e.value for e in at.exception]
    assert "Sud-Loire" in " ".join(m.value for m in at.markdown)
    assert not at.success
    assert not [d for d in at.get("download_button") if d.proto.label == "Télécharger"]
    at.selectbox(key="w_niveau").set_value("canton")
    rerun(at, small_url)
    at.selectbox(key="w_unite").set_value("4104")
    rerun(at, small_url)
    assert not at.success  # withdrawn for good: prepared again on request only
    assert len(asked) == 1


def test_a_commune_page_says_its_canton_mdcs_and_epci_and_the_finder_works(small_url):
    at = app(small_url, "pages/territoires.py", {"territoire": "commune:41269", "periode": "2025"})
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(m.value for m in at.markdown)
    assert "Vendôme** appartient à : MDCS Vendôme ; Canton Vendôme ; EPCI CA Territoires Vendômois" in said
    finder = at.selectbox(key="territoires_commune")
    finder.set_value("41018")
    rerun(at, small_url)
    said = " ".join(m.value for m in at.markdown)
    assert "Blois** appartient à : MDCS Blois Agglomération ; Cantons Blois-1, Blois-2, Blois-3" in said
