"""The pack's content: key cards equal the library's values; below the département level no
count from 1 to seuil-1 survives anywhere (cards, sentences, tables, chart data)."""
from __future__ import annotations

import re

import pytest

from data.referentiel import Territoire
from indicators import engine
from indicators.registry import REGISTRY
from reports.content import KEY_IDS, build_pack, orientations_of
from reports.periode import parse_periode
from tests.reports.fixtures import SMALL_COMMUNE

PERIODE = parse_periode("2025")
SMALL_INT = re.compile(r"^[1-4]$")


@pytest.fixture(scope="module")
def dep_pack(opened, rep_settings):
    return build_pack(opened.extraction, opened.referentiel, rep_settings, PERIODE, None, "comite")


@pytest.fixture(scope="module", params=[f"commune:{SMALL_COMMUNE}", "canton:4109", "mdcs:VEN"])
def small_pack(request, opened, rep_settings):
    terr = opened.referentiel.parse_territoire(request.param)
    return build_pack(opened.extraction, opened.referentiel, rep_settings, PERIODE, terr,
                      "evaluation")


def test_small_commune_belongs_to_ven(opened):
    c = opened.referentiel.communes.filter(__import__("polars").col("code_insee") == SMALL_COMMUNE)
    assert c["mdcs_code"][0] == "VEN" and c["canton_code"][0] == "4109"


def test_key_cards_equal_library_values(dep_pack, opened, rep_settings):
    ctx = engine.make_ctx(opened.extraction, opened.referentiel, rep_settings, PERIODE.debut,
                          PERIODE.fin)
    expected = engine.compute_values(ctx, [c.ind_id for c in dep_pack.cards])
    assert [c.ind_id for c in dep_pack.cards] == [i for i in KEY_IDS if i in expected]
    assert len(dep_pack.cards) >= 6
    for c in dep_pack.cards:
        assert c.valeur == pytest.approx(expected[c.ind_id]), c.ind_id
    foyers = next(c for c in dep_pack.cards if c.ind_id == "foyers_beneficiaires")
    assert foyers.texte == f"{expected['foyers_beneficiaires']:,}".replace(",", "\u202f")


def test_previous_period_and_change(dep_pack, opened, rep_settings):
    prev = engine.make_ctx(opened.extraction, opened.referentiel, rep_settings,
                           *engine.previous_period(PERIODE.debut, PERIODE.fin))
    pv = engine.compute_values(prev, ["foyers_beneficiaires"])["foyers_beneficiaires"]
    card = next(c for c in dep_pack.cards if c.ind_id == "foyers_beneficiaires")
    assert card.precedent_valeur == pv
    assert card.evolution.startswith(("+", "−")) and str(abs(card.valeur - pv)) in card.evolution
    assert dep_pack.meta.comparaison.libelle == "année 2024"


def test_targets_and_references_shown(dep_pack):
    cards = {c.ind_id: c for c in dep_pack.cards}
    assert "42 j" in cards["delai_orientation_median_j"].cible
    assert "49,0" in cards["taux_cer_valide"].cible  # DREES reference of config.toml
    assert 3 <= len(dep_pack.sentences) <= 5


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
        card = next(c for c in small_pack.cards if c.ind_id == "foyers_beneficiaires")
        assert card.texte == f"< {seuil}" and card.valeur is None
    for c in small_pack.cards:
        for text in (c.texte, c.precedent, c.evolution):
            assert not SMALL_INT.match(text.strip()), (c.ind_id, text)
        if c.valeur is not None and REGISTRY[c.ind_id].kind == "count":
            assert not 1 <= c.valeur < seuil
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


def test_evaluation_sections_follow_fiche_action(small_pack):
    titles = [s.titre for s in small_pack.sections]
    assert titles == [f"Orientation {o} du PDI" for o in (1, 2, 3, 4)]
    for o, sec in enumerate(small_pack.sections, start=1):
        for sub in sec.sous_sections:
            ind = next(i for i in REGISTRY.values() if i.label == sub.titre)
            assert o in orientations_of(ind)


def test_orientations_of_parses_registry_texts():
    from dataclasses import replace

    base = REGISTRY["foyers_beneficiaires"]
    assert orientations_of(base) == {1}
    assert orientations_of(replace(base, fiche_action="Orientations 2 et 3 — parcours")) == {2, 3}
    assert orientations_of(replace(base, fiche_action="Hors PDI")) == set()


def test_no_person_level_rows(small_pack):
    for t in small_pack.tables():
        assert not any("id_personne" in h or "id_foyer" in h for h in t.headers)
        assert len(t.rows) <= 400


def test_departement_territory_default(dep_pack):
    assert dep_pack.meta.territoire == Territoire("departement", "41")
    assert dep_pack.meta.territoire_label == "Loir-et-Cher (41)"
