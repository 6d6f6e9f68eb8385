"""register() refuses, at import time, what would make the registry contradict itself: a
malformed fiche or criterion id (their presence in the configured plan: unknown_in_plan), an
unknown target or one without a source, a duplicate short label,
a per-population variant of nothing, a taken map rank."""
from __future__ import annotations

import polars as pl
import pytest

from indicators import registry
from indicators.registry import REGISTRY, TARGETS, RegistryError, Target, register


def _fn(ctx, by=()):
    return pl.LazyFrame()


BASE = dict(label="Indicateur de test", definition="Un indicateur pour tester le registre.",
            unit="personnes", format="entier", better=None, kind="count", tables=("droit",),
            core=False)


@pytest.fixture
def scratch(monkeypatch):
    """A copy of the registry, so that a test registration leaves the real one untouched."""
    monkeypatch.setattr(registry, "REGISTRY", dict(REGISTRY))
    monkeypatch.setattr(registry, "TARGETS", dict(TARGETS))
    return registry


def test_a_valid_entry_is_registered_with_its_structured_fiches(scratch):
    scratch.register("test_ok", **BASE, short="Test court", criteres=("PDI-18.2",),
                     fiches=("PTI-4",))(_fn)
    ind = scratch.REGISTRY["test_ok"]
    assert ind.fiches == ("PTI-4", "PDI-18") and ind.criteres == ("PDI-18.2",)
    assert ind.orientations == (1,)
    assert "test_ok" not in REGISTRY


@pytest.mark.parametrize("kw, message", [
    (dict(fiches=("PDI 18",)), "fiche action mal écrite 'PDI 18'"),
    (dict(criteres=("PDI-1",)), "critère d'évaluation mal écrit 'PDI-1'"),
    (dict(target="delai_inconnu"), "objectif inconnu 'delai_inconnu'"),
    (dict(short="Personnes SDD"), "libellé court 'Personnes SDD' déjà pris par 'personnes_sdd'"),
    (dict(label="Personnes SDD"), "déjà pris"),  # the short label defaults to the label
    (dict(variant_of="inexistant"), "variante d'un indicateur inconnu"),
    (dict(carte=1), "rang de carte 1 déjà pris"),
    (dict(target_in_definition=True), "target_in_definition sans objectif"),
])
def test_each_refusal(scratch, kw, message):
    with pytest.raises(RegistryError, match=message):
        scratch.register("test_ko", **{**BASE, **kw})(_fn)
    assert "test_ko" not in scratch.REGISTRY


def test_ids_unknown_to_the_configured_plan_are_reported(scratch):
    """Fiches and criteria are checked against the configured plan (data.plan.plan_of), never
    at import time against one département's files: the shipped registry matches the 41 plan,
    an id that plan lacks is named, and with no plan configured there is nothing to check."""
    from data.plan import load_plan

    plan = load_plan()
    assert scratch.unknown_in_plan(plan) == []
    scratch.register("test_plan", **BASE, short="Test plan", fiches=("PDI-46",),
                     criteres=("PDI-1.9",))(_fn)
    assert scratch.unknown_in_plan(plan) == [
        "indicateur 'test_plan' : fiche action inconnue du plan 'PDI-46'",
        "indicateur 'test_plan' : critère d'évaluation inconnu du plan 'PDI-1.9'"]
    assert scratch.unknown_in_plan(None) == []
    ind = scratch.REGISTRY["test_plan"]
    assert ind.fiches_text(plan) == "PDI 1 — " + plan.fiches["PDI-1"].titre  # PDI-46: not in it
    assert ind.fiches_text(None) == "Aucun plan d'action configuré"
    assert ind.orientations_in(None) == ()


def test_a_target_without_source_is_refused(scratch):
    scratch.TARGETS["sans_source"] = Target("sans_source", "delai_contrat_j", "Délai sans source", " ")
    with pytest.raises(RegistryError, match="l'objectif 'sans_source' n'a pas de source"):
        scratch.register("test_ko", **BASE, target="sans_source")(_fn)


def test_a_duplicate_id_is_refused(scratch):
    with pytest.raises(RegistryError, match="registered twice"):
        scratch.register("personnes_sdd", **BASE)(_fn)


def test_register_is_the_module_function():
    assert register is registry.register


def test_every_target_has_a_source_and_a_setting(settings):
    for t in TARGETS.values():
        assert t.source.strip() and t.objet
        assert isinstance(getattr(settings.objectifs, t.setting), int)


def test_registry_facts_are_where_the_outputs_read_them():
    """The facts that used to be copied in views, maps and packs are registry fields."""
    assert registry.map_ids()[:2] == ["personnes_sdd", "personnes_sdd_pour_1000_hab"]
    assert registry.population_variant("personnes_sdd") == "personnes_sdd_pour_1000_hab"
    assert REGISTRY["part_freins_leves"].window_dependent
    assert REGISTRY["taux_cer_valide"].is_stock and not REGISTRY["entrees"].is_stock
    assert REGISTRY["delai_orientation_median_j"].short == "Délai médian d'orientation"
    shorts = [i.short for i in REGISTRY.values()]
    assert len(shorts) == len(set(shorts))
    for i in REGISTRY.values():
        assert set(c.split(".")[0] for c in i.criteres) <= set(i.fiches)
