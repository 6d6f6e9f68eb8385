"""The plan page's tree and coverage on the tiny extraction, computed by hand.

Criteria measured on the tiny extraction (every table present; actions A01 → fiche 3, A02 → fiche
7, which have no criterion measured per fiche):
  PDI-1.1 (rendez-vous, absentéisme), PDI-1.2 (délais d'orientation), PDI-1.3 (délai → CER),
  PDI-1.4 (plateforme), PDI-2.1/2.2/2.3 (EP), PDI-3.3 (entrées / sorties), PDI-5.1 (orientations),
  PDI-5.2 (personnes avec un frein; the per-fiche emploi durable is not: no action on fiche 5),
  PDI-22.1 (freins levés), PDI-43.1 (all actions), PTI-1.1, PTI-1.2, PTI-2.1, PTI-2.2 → 16 of 167.
Without ``cer`` and ``plateforme_emploi``: PDI-1.3 and PDI-1.4 go → 14.
With A01 moved to fiche 18 (ECOPIA): PDI-18.2 (participants of A01 overlapping the period: PA01
P01 and PA02 P02 → 2; PA06 ended in 2023, PA09 starts in July) and PDI-18.4 (exits of A01 in the
period: PA01 on 28/02 → 1) and PDI-18.3 (length of that participation: 01/11/2023 → 28/02/2024 =
30 + 31 + 31 + 27 = 119 days) are measured → 19.
"""
from __future__ import annotations

import polars as pl

from data.load import build_extraction
from data.referentiel import load_referentiel
from indicators import views
from indicators.engine import make_ctx
from indicators.views import plan as P
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()
HAND_MEASURED = {"PDI-1.1", "PDI-1.2", "PDI-1.3", "PDI-1.4", "PDI-2.1", "PDI-2.2", "PDI-2.3",
                 "PDI-3.3", "PDI-5.1", "PDI-5.2", "PDI-22.1", "PDI-43.1", "PTI-1.1", "PTI-1.2",
                 "PTI-2.1", "PTI-2.2"}


def _ctx(ext):
    return make_ctx(ext, REF, Settings(), tiny.DEBUT, tiny.FIN, None)


def _view(ctx):
    cards = {c.id: c for c in views.cards(ctx, None, P.plan_card_ids(ctx), sparkline=False)}
    return P.plan_view(ctx, None, cards)


def _measured(pv):
    return {c.critere.id for fv in pv.fiches.values() for c in fv.criteres if c.measured}


def test_tree_follows_the_plan():
    pv = _view(_ctx(tiny.tiny_extraction()))
    assert [o.orientation.numero for o in pv.orientations] == [1, 2, 3, 4]
    o2 = pv.orientations[1]
    assert [a.axe.numero for a in o2.axes] == [6, 7, 8, 9]
    axe6 = o2.axes[0]
    assert [(f.fiche.id, f.secondaire) for f in axe6.fiches] == [("PDI-1", True), ("PDI-2", True)]
    # the same fiche under both orientations carries the same measures
    o1_pdi1 = next(f for f in pv.orientations[0].axes[0].fiches if f.fiche.id == "PDI-1")
    assert o1_pdi1.criteres == axe6.fiches[0].criteres
    assert [f.fiche.id for f in pv.orientations[0].sans_axe] == ["PTI-11"]
    assert len(pv.fiches) == 59


def test_coverage_by_hand():
    ctx = _ctx(tiny.tiny_extraction())
    pv = _view(ctx)
    assert _measured(pv) == HAND_MEASURED
    assert (pv.measured, pv.total) == (16, 167) == P.coverage(ctx)
    assert pv.coverage_text == "16 critères d'évaluation sur 167 mesurés par l'extraction"
    c = pv.fiches["PDI-3"].criteres[1]  # « Nombre de divergences et réconciliations traitées »
    assert not c.measured and "journaux des flux" in c.critere.besoin
    rows = P.fiche_rows(pv.fiches["PDI-3"])
    assert rows[1]["Indicateur"] == views.NOT_MEASURED
    assert rows[1]["Mesure"].startswith("Données nécessaires : les journaux des flux")


def test_coverage_without_cer_and_plateforme():
    pv = _view(_ctx(tiny.tiny_extraction(tiny.WITHOUT)))
    assert _measured(pv) == HAND_MEASURED - {"PDI-1.3", "PDI-1.4"}
    assert pv.measured == 14


def test_action_criteria_are_read_on_the_fiches_own_actions():
    tables = tiny.tiny_tables()
    tables["action"] = tables["action"].with_columns(
        pl.when(pl.col("id_action") == "A01").then(18).otherwise(pl.col("fiche_action"))
        .alias("fiche_action"))
    pv = _view(_ctx(build_extraction(tables)))
    assert _measured(pv) == HAND_MEASURED | {"PDI-18.2", "PDI-18.3", "PDI-18.4"}
    fv = pv.fiches["PDI-18"]
    part = fv.criteres[1].measures
    assert [(m.id, m.text, m.perimetre) for m in part] == [
        ("participants_actions", "2", "actions de la fiche")]
    assert [(m.id, m.text) for m in fv.criteres[3].measures] == [("sorties_actions", "1")]
    assert [m.id for m in fv.criteres[2].measures] == ["duree_participation_moyenne_j"]
    assert fv.criteres[2].measures[0].text.startswith("119")


def test_values_under_criteria_are_the_cards():
    ctx = _ctx(tiny.tiny_extraction())
    pv = _view(ctx)
    m = {x.id: x for x in pv.fiches["PDI-1"].criteres[1].measures}
    # délai moyen d'orientation of the entrants: (40 + 74 + 20 + 36) / 4 = 42,5 d
    assert m["delai_orientation_moyen_j"].text == views.cards(ctx, None, ["delai_orientation_moyen_j"],
                                                              sparkline=False)[0].text
    assert m["delai_orientation_moyen_j"].repere.startswith("Délai légal d'orientation : 42 jours")
    t = views.criteria_table(pv)
    assert t.display.height == 167
    assert t.display.filter(pl.col("Mesuré") == "oui").height == 16


def test_the_outline_measures_the_same_criteria_without_any_value():
    """The Plan page's outline (``fiches=()``): same tree, same criteria measured and same
    indicators under them as the whole plan, and not one value; one fiche valued
    (``fiches=(fid,)``) has exactly the whole plan's measures, comparison included."""
    ext = tiny.tiny_extraction()
    ctx = _ctx(ext)
    comp = make_ctx(ext, REF, Settings(), tiny.DEBUT.replace(year=tiny.DEBUT.year - 1),
                    tiny.FIN.replace(year=tiny.FIN.year - 1), None)
    all_cards = {c.id: c for c in views.cards(ctx, comp, P.plan_card_ids(ctx), sparkline=False)}
    whole = P.plan_view(ctx, comp, all_cards)
    ctx_cards = {c.id: c for c in views.cards(ctx, comp, P.context_card_ids(ctx), sparkline=False)}
    outline = P.plan_view(ctx, comp, ctx_cards, fiches=())
    assert _measured(outline) == _measured(whole) == HAND_MEASURED
    assert (outline.measured, outline.total) == (whole.measured, whole.total)
    assert outline.contexte == whole.contexte
    for fid, fv in whole.fiches.items():
        ofv = outline.fiches[fid]
        assert [[m.id for m in c.measures] for c in ofv.criteres] == \
               [[m.id for m in c.measures] for c in fv.criteres]
        assert [m.label for c in ofv.criteres for m in c.measures] == \
               [m.label for c in fv.criteres for m in c.measures]
        assert all(m.value is None and m.text == "" for c in ofv.criteres for m in c.measures)
    assert views.criteria_table(outline).display.equals(views.criteria_table(whole).display)
    for fid in ("PDI-1", "PDI-5", "PDI-43", "PTI-1", "PDI-3"):
        cs = {c.id: c for c in views.cards(ctx, comp, P.fiche_card_ids(ctx, fid), sparkline=False)}
        one = P.plan_view(ctx, comp, cs, fiches=(fid,)).fiches[fid]
        assert one == whole.fiches[fid], fid
        assert views.fiche_table(one).display.equals(views.fiche_table(whole.fiches[fid]).display)
