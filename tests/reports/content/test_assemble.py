"""The assembled pack: below the département level no count from 1 to seuil-1 survives anywhere
(cards, sentences, tables, chart data); the évaluation's sections follow the fiches actions; no
person-level row; the département by default."""
from __future__ import annotations

import re

import polars as pl

from data.plan import load_plan
from data.referentiel import Territoire
from indicators import engine
from indicators.registry import REGISTRY
from reports.content.cells import card_change
from reports.content.model import Chart
from tests.reports.content.packs import PERIODE
from tests.reports.fixtures import SMALL_COMMUNE

SMALL_INT = re.compile(r"^[1-4]$")


def test_small_commune_belongs_to_ven(opened):
    c = opened.referentiel.communes.filter(pl.col("code_insee") == SMALL_COMMUNE)
    assert c["mdcs_code"][0] == "VEN" and c["canton_code"][0] == "4109"


def _all_cells(pack):
    for t in pack.tables():
        for row in t.display_rows():
            yield t.titre, row


def test_no_small_count_below_departement(small_pack, opened, rep_settings):
    seuil = rep_settings.seuil_secret
    # the fixture really has small counts there (the test would be void otherwise)
    t = small_pack.meta.territoire
    if t.niveau == "commune":
        raw = engine.compute_values(engine.make_ctx(
            opened.extraction, opened.referentiel, rep_settings, PERIODE.debut, PERIODE.fin, t),
            ["foyers_beneficiaires"])
        assert 1 <= raw["foyers_beneficiaires"] < seuil
        card = next(c for c in small_pack.cards if c.id == "foyers_beneficiaires")
        assert card.text == f"< {seuil}" and card.value is None
    for c in small_pack.cards:
        for text in (c.text, c.comparison_text, card_change(c)[0]):
            assert not SMALL_INT.match(text.strip()), (c.id, text)
        if c.value is not None and REGISTRY[c.id].kind == "count":
            assert not 1 <= c.value < seuil
    for titre, row in _all_cells(small_pack):
        for cell in row:
            assert not SMALL_INT.match(cell.strip()), (titre, row)
    for s in small_pack.sentences:
        assert not re.search(r"\bà [1-4]\b", s), s
    for chart in small_pack.charts():
        if REGISTRY[chart.ind_id].kind != "count":
            continue
        for trace in chart.figure.data:
            if trace.type == "bar" and trace.y is not None:
                ys = [y for y in (trace.y if trace.orientation != "h" else trace.x) if y is not None]
                assert not any(1 <= y < seuil for y in ys), chart.titre
    assert any(f"< {seuil}" in cell for _, row in _all_cells(small_pack) for cell in row)


def test_evaluation_sections_follow_the_plan(small_pack):
    """Orientation → axe → fiche with the plan's titles; every chart sits under a fiche its
    indicator's registry entry names; every indicator of a criteria table measures that fiche."""
    plan = load_plan()
    assert [s.titre for s in small_pack.sections[:4]] == [
        f"Orientation {o.numero} — {o.titre}" for o in plan.orientations]
    charted = []
    for o, sec in zip(plan.orientations, small_pack.sections, strict=False):
        assert [a.titre for a in sec.sous_sections][:len(o.axes)] == [
            f"Axe {a.numero} — {a.titre}" for a in o.axes]
        for axe in sec.sous_sections:
            for fs in axe.sous_sections:
                fiche = next(f for f in plan.fiches.values() if f.libelle == fs.titre)
                for item in fs.items:
                    if isinstance(item, Chart):
                        assert fiche.id in REGISTRY[item.ind_id].fiches, (item.ind_id, fiche.id)
                        charted.append((item.ind_id, item.titre))
                    else:
                        assert set(item.indicateurs) <= {i.id for i in REGISTRY.values()
                                                         if fiche.id in i.fiches}
    assert len(charted) == len(set(charted)) > 5  # each indicator charted once
    assert small_pack.criteres is not None and small_pack.criteres.display.height == len(plan.criteres)


def test_time_in_rsa_curve_in_the_cohort_of_fiche_3(small_pack):
    """The Kaplan-Meier curve of the time in the RSA is drawn right after its median, under
    fiche 3 (cohorte de suivi du public); below the département only at the fixed durations."""
    from indicators.formatting import fr_number
    from indicators.secret import KM_DURATIONS_RSA
    found = []

    def walk(s):
        charts = [i for i in s.items if isinstance(i, Chart)]
        for n, item in enumerate(charts):
            if item.titre.startswith("Part des foyers entrants encore au RSA"):
                assert charts[n - 1].ind_id == "duree_droit_km_median_j"  # after the median's chart
                found.append((s.titre, item))
        for sub in s.sous_sections:
            walk(sub)
    for s in small_pack.sections:
        walk(s)
    if small_pack.meta.territoire.niveau == "mdcs":
        assert len(found) == 1
    for titre, chart in found:
        assert titre.startswith("PDI 3 ")
        assert [r[0] for r in chart.table.display_rows()] == [fr_number(m) for m in KM_DURATIONS_RSA]
        assert set(chart.figure.data[0].x) <= {0, *KM_DURATIONS_RSA}


def test_no_person_level_rows(small_pack):
    for t in small_pack.tables():
        assert not any("id_personne" in h or "id_foyer" in h for h in t.headers)
        assert t.display.height <= 400


def test_departement_territory_default(dep_pack):
    assert dep_pack.meta.territoire == Territoire("departement", "41")
    assert dep_pack.meta.territoire_label == "Loir-et-Cher (41)"


def test_comite_follows_the_plans_d_action_and_the_partners(dep_pack, opened, rep_settings):
    """The comité's « Suivi des plans d'action » (fiche 39): one table per orientation of the
    plan, against the period six months earlier; then one sheet per partner, equal to the
    library's sheets."""

    plan = load_plan()
    suivi = next(s for s in dep_pack.sections if s.titre == "Suivi des plans d'action")
    assert [t.titre for t in suivi.items] == [f"Orientation {o.numero} — {o.titre}"
                                             for o in plan.orientations]
    assert "six mois plus tôt, du 01/07/2024 au 30/06/2025" in suivi.intro
    assert suivi.items[0].headers[3].startswith("Six mois plus tôt")
    # the report fixture has no action table: no partner section
    assert not opened.extraction.has("action")
    assert "Fiches partenaires" not in [s.titre for s in dep_pack.sections]


def test_partner_section_is_the_librarys_sheets():
    from data.referentiel import load_referentiel
    from indicators import engine, views
    from reports.content.plan_blocks import partner_section
    from settings import Settings
    from tests.fixtures import tiny

    ctx = engine.make_ctx(tiny.tiny_extraction(), load_referentiel(), Settings(), tiny.DEBUT,
                          tiny.FIN, None)
    sheets = views.partner_sheets(ctx)
    sec = partner_section(sheets)
    assert [t.titre for t in sec.items] == ["Fiche partenaire — Auto-école sociale",
                                            "Fiche partenaire — Régie de quartier"]
    for t, sh in zip(sec.items, sheets, strict=True):
        assert t.display_rows() == [list(r) for r in sh.par_annee.display.iter_rows()]
        assert t.headers == sh.par_annee.display.columns



def test_partner_section_says_where_its_figures_are_counted():
    """Below the département the partner sheets mix actions counted where they take place and
    participants counted where they live: the section says so with the Actions page's sentence."""
    from data.referentiel import load_referentiel
    from indicators import engine, views
    from reports.content.plan_blocks import partner_section
    from settings import Settings
    from tests.fixtures import tiny

    ref = load_referentiel()
    ctx = engine.make_ctx(tiny.tiny_extraction(), ref, Settings(), tiny.DEBUT, tiny.FIN, None)
    sheets = views.partner_sheets(ctx)
    canton = ref.parse_territoire("canton:4104")
    sentence = views.where_counted(canton)
    assert sentence and sentence in partner_section(sheets, canton).intro
    dep = partner_section(sheets, ref.parse_territoire("departement:41")).intro
    assert "là où la personne habite" not in dep
