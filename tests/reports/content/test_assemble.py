"""The assembled pack: below the département level no count from 1 to seuil-1 survives anywhere
(cards, sentences, tables, chart data); the évaluation's sections follow the fiches actions; no
person-level row; the département by default."""
from __future__ import annotations

import re

import polars as pl

from data.referentiel import Territoire
from indicators import engine
from indicators.registry import REGISTRY
from reports.content import orientations_of
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


def test_no_person_level_rows(small_pack):
    for t in small_pack.tables():
        assert not any("id_personne" in h or "id_foyer" in h for h in t.headers)
        assert len(t.rows) <= 400


def test_departement_territory_default(dep_pack):
    assert dep_pack.meta.territoire == Territoire("departement", "41")
    assert dep_pack.meta.territoire_label == "Loir-et-Cher (41)"
