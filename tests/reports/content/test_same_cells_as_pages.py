"""A pack's table and the page's table of the same block give the same masked cells and the same
texts: the comité pack of a canton, per commune, against the page's breakdown by commune
(:func:`indicators.views.breakdown`, the « Territoires » / indicator pages' table)."""
from __future__ import annotations

import pytest

from indicators import engine, views
from indicators.registry import REGISTRY
from reports.content import build_pack
from tests.reports.content.packs import PERIODE

CANTON = "canton:4109"  # holds the fixture's 3-foyer commune: masked and secondary cells


@pytest.fixture(scope="module")
def canton_pack(opened, rep_settings):
    terr = opened.referentiel.parse_territoire(CANTON)
    return build_pack(opened.extraction, opened.referentiel, rep_settings, PERIODE, terr, "comite")


def test_pack_units_table_equals_the_pages_breakdown(canton_pack, opened, rep_settings):
    ref = opened.referentiel
    ctx = engine.make_ctx(opened.extraction, ref, rep_settings, PERIODE.debut, PERIODE.fin,
                          ref.parse_territoire(CANTON))
    charts = [c for c in canton_pack.charts() if c.titre.endswith("par commune")]
    assert charts, "the canton pack charts its indicators per commune"
    masked_seen = 0
    for ch in charts:
        page = views.breakdown(ctx, ch.ind_id, ("commune",))
        assert page.ok, page.reason
        shown = dict(zip(page.data["commune_libelle"].to_list(),
                         page.table.display[page.table.headers[1]].to_list(), strict=True))
        pack = {r[0]: r[1] for r in ch.table.display_rows()}
        assert pack == shown, ch.ind_id  # same units, same texts (values and masking texts)
        hidden_page = set(page.data.filter(page.data["masque"])["commune_libelle"].to_list())
        hidden_pack = {n for n, t in pack.items() if t in (f"< {rep_settings.seuil_secret}",
                                                          "secret statistique")}
        assert hidden_pack == hidden_page, ch.ind_id
        masked_seen += len(hidden_page)
        # the exports hold the same cells: the CSV / XLSX rows are the table's export rows
        assert [r[0] for r in ch.table.export_rows()] == list(pack)
        assert REGISTRY[ch.ind_id].label in ch.table.headers[1]
    assert masked_seen, "the fixture's small commune is masked somewhere"


def test_pack_key_cards_are_the_dashboards_cards(canton_pack):
    assert all(isinstance(c, views.Card) for c in canton_pack.cards)
    assert all(c.id in REGISTRY and c.label == REGISTRY[c.id].label for c in canton_pack.cards)
