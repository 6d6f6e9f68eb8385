"""The plan is the configuration's ([plan] axes and fiches, files of data/pdi), not an import:
Loir-et-Cher's by default, none for the Loiret (config.45.toml); a bad file name is a French
error naming it. Without a plan the plan view, the evaluation document and the comité's « Suivi
des plans d'action » say so, and the rest is built."""
from __future__ import annotations

import dataclasses

import pytest

from data import plan as pdi
from data.referentiel import load_referentiel
from indicators import views
from indicators.engine import make_ctx
from reports.content import build_pack
from settings import ROOT, Settings, load_settings
from tests.fixtures import tiny

REF = load_referentiel()
NONE = dataclasses.replace(Settings(), plan_axes="", plan_fiches="")


def test_default_is_loir_et_cher_and_the_loiret_has_none():
    p = pdi.plan_of(Settings())
    assert p is pdi.load_plan() and len(p.fiches) == 59 and len(p.criteres) == 167
    assert pdi.plan_of(load_settings(ROOT / "config.45.toml")) is None
    assert pdi.plan_of(load_settings(ROOT / "config.toml")) is pdi.load_plan()


@pytest.mark.parametrize("axes, fiches, msg", [
    ("absent.csv", "pdi_41_2019_2022_fiches.csv", "« absent.csv »"),
    ("../../config.toml", "pdi_41_2019_2022_fiches.csv", "introuvable"),
    ("pdi_41_2019_2022_axes.csv", "", "ensemble"),
])
def test_bad_plan_files_are_refused_in_french(axes, fiches, msg):
    with pytest.raises(pdi.PlanError, match=msg):
        pdi.plan_of(dataclasses.replace(Settings(), plan_axes=axes, plan_fiches=fiches))


def _ctx(settings):
    return make_ctx(tiny.tiny_extraction(), REF, settings, tiny.DEBUT, tiny.FIN, None)


def test_plan_view_without_a_plan():
    ctx = _ctx(NONE)
    pv = views.plan_view(ctx, None, {c.id: c for c in views.cards(
        ctx, None, views.plan_card_ids(ctx), sparkline=False)})
    assert not pv.configured and pv.orientations == () and pv.total == 0
    assert pv.coverage_text.startswith("Aucun plan d'action départemental d'insertion n'est "
                                       "configuré")
    assert views.plan.coverage(ctx) == (0, 0)
    with_plan = _ctx(Settings())
    assert views.plan.coverage(with_plan)[1] == 167


def test_packs_without_a_plan_say_so_and_hold_the_rest():
    ev = build_pack(tiny.tiny_extraction(), REF, NONE, _periode(), None, "evaluation")
    assert ev.sections[0].titre == "Plan d'action départemental d'insertion"
    assert "Aucun plan d'action" in ev.sections[0].intro
    assert ev.criteres is None
    assert ev.sections[1].items and not any(s.titre.startswith("Orientation") for s in ev.sections)
    co = build_pack(tiny.tiny_extraction(), REF, NONE, _periode(), None, "comite")
    suivi = next(s for s in co.sections if s.titre == "Suivi des plans d'action")
    assert "Aucun plan d'action" in suivi.intro and not suivi.items
    assert co.sections[0].titre == "Indicateurs clés" and co.sections[0].items
    assert any(s.titre == "Fiches partenaires" for s in co.sections)


def _periode():
    from indicators.calendrier import from_dates
    return from_dates(tiny.DEBUT, tiny.FIN)
