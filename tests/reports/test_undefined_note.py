"""The note under a « – » (a figure neither masked nor defined: nothing to measure), in every
output: the page's card, the tables' CSV and XLSX, the packs' PDF, PPTX and DOCX (key cards,
tables, charts' notes). One rule (:func:`indicators.coverage.undefined_note`) and one text per
indicator (:attr:`indicators.registry.Indicator.undefined_text`, its ``undefined`` when given).

Swept on the tiny extraction (:mod:`tests.fixtures.tiny`) at every level: every card that is
« – » says its indicator's text; ``cout_par_sortie_dynamique`` (the registry's own ``undefined``:
no dynamic exit) is « – » in canton 4114, commune Vendôme and MDCS VEN and defined for the
département, where nothing is said."""
from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from data.referentiel import Territoire, load_referentiel
from indicators import views
from indicators.calendrier import from_dates
from indicators.coverage import labelled_note
from indicators.engine import make_ctx
from indicators.registry import REGISTRY
from reports.content import assemble, build_pack
from reports.docx_pack import build_docx
from reports.pdf_pack import build_pdf
from reports.pptx_pack import build_pptx
from reports.tables import to_xlsx
from settings import Settings
from tests.fixtures import tiny

REF = load_referentiel()
COUT = "cout_par_sortie_dynamique"
LEVELS = (None, "canton:4114", "commune:41269", "mdcs:VEN")
BELOW = LEVELS[1:]


@pytest.fixture(scope="module")
def ext():
    return tiny.tiny_extraction()


def _terr(t: str | None) -> Territoire:
    return REF.parse_territoire(t) if t else Territoire("departement", REF.departement)


def _ctx(ext, t: str | None):
    return make_ctx(ext, REF, Settings(), tiny.DEBUT, tiny.FIN, _terr(t))


@pytest.fixture(scope="module")
def all_cards(ext):
    return {t: views.cards(_ctx(ext, t), None, list(REGISTRY), sparkline=False) for t in LEVELS}


def _undefined(c) -> bool:
    return c.available and c.value is None and not c.masked


def test_the_registry_s_own_undefined_is_swept():
    assert REGISTRY[COUT].undefined and REGISTRY[COUT].undefined_text == REGISTRY[COUT].undefined
    assert [i for i, ind in REGISTRY.items() if ind.undefined] == [COUT]


@pytest.mark.parametrize("terr", LEVELS)
def test_every_undefined_card_says_why_and_no_other_does(all_cards, terr):
    cards = all_cards[terr]
    und = [c for c in cards if _undefined(c)]
    assert und, terr  # the sweep has cases at every level
    assert (COUT in {c.id for c in und}) == (terr in BELOW)
    for c in cards:
        text = REGISTRY[c.id].undefined_text
        if _undefined(c):
            assert c.text == "–" and text in (c.note or ""), (terr, c.id)
        else:
            assert text not in (c.note or ""), (terr, c.id)


# ---- tables: the Territoires table and a breakdown, CSV and XLSX --------------------------------

def _csv(t) -> str:
    return views.table_csv(t).decode("utf-8-sig")


def _xlsx(t) -> str:
    """The table's sheet (the definitions sheet holds every definition, « undefined » included)."""
    ws = load_workbook(io.BytesIO(to_xlsx(t.titled("t")))).worksheets[0]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


TABLE_WRITERS = {"page": lambda t: t.note or "", "csv": _csv, "xlsx": _xlsx}


@pytest.mark.parametrize("fmt", list(TABLE_WRITERS))
@pytest.mark.parametrize("niveau", ["canton", "commune", "mdcs"])
def test_the_territoires_table_says_why_a_unit_is_undefined(ext, niveau, fmt):
    """The units of the level without any dynamic exit are « – »: the table, its CSV and XLSX
    carry the indicator's labelled text; a table without « – » carries none."""
    t = views.territory_comparison(_ctx(ext, None), [COUT, "foyers_beneficiaires"], niveau)
    col = t.display[REGISTRY[COUT].label].to_list()
    assert "–" in col
    out = TABLE_WRITERS[fmt](t)
    assert f"{REGISTRY[COUT].label} : {REGISTRY[COUT].undefined_text[0].lower()}" in out, fmt
    plain = views.territory_comparison(_ctx(ext, None), ["foyers_beneficiaires"], niveau)
    assert "–" not in plain.display[REGISTRY["foyers_beneficiaires"].label].to_list()
    assert "Non défini" not in TABLE_WRITERS[fmt](plain)


@pytest.mark.parametrize("fmt", list(TABLE_WRITERS))
@pytest.mark.parametrize("dim", ["categorie", "id_action"])
def test_a_breakdown_with_an_undefined_cell_says_why(ext, dim, fmt):
    """The département's cost by category and by action: A02 (Mobilité) has no dynamic exit,
    « – » with its reason; A01 48 000 € (hand-computed in tests.fixtures.tiny)."""
    b = views.breakdown(_ctx(ext, None), COUT, (dim,))
    rows = b.table.display_rows()
    assert [r[1] for r in rows] == ["48\u202f000\u202f€", "–"]
    assert REGISTRY[COUT].undefined_text in TABLE_WRITERS[fmt](b.table), (dim, fmt)
    defined = views.breakdown(_ctx(ext, None), "budget_realise", (dim,))
    assert "–" not in [r[1] for r in defined.table.display_rows()]
    assert "Non défini" not in TABLE_WRITERS[fmt](defined.table)


# ---- packs: PDF, PPTX, DOCX -------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "pack.pdf"
        p.write_bytes(data)
        return subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True,
                              check=True).stdout


def _pptx_text(data: bytes) -> str:
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                out.append(sh.text_frame.text)
            if sh.has_table:
                out += [c.text for r in sh.table.rows for c in r.cells]
    return "\n".join(out)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])


DOCUMENTS = {"pdf": (build_pdf, _pdf_text), "pptx": (build_pptx, _pptx_text),
             "docx": (build_docx, _docx_text)}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def packs(ext):
    mp = pytest.MonkeyPatch()
    mp.setattr(assemble, "KEY_IDS", ("foyers_beneficiaires", COUT))
    try:
        periode = from_dates(tiny.DEBUT, tiny.FIN)
        return {t: build_pack(ext, REF, Settings(), periode, _terr(t), "comite") for t in LEVELS}
    finally:
        mp.undo()


@pytest.mark.parametrize("fmt", list(DOCUMENTS))
@pytest.mark.parametrize("terr", LEVELS)
def test_a_pack_s_undefined_key_card_says_why_in_every_format(packs, terr, fmt):
    pack = packs[terr]
    card = next(c for c in pack.cards if c.id == COUT)
    build, read = DOCUMENTS[fmt]
    text = _flat(read(build(pack, {id(c): _png() for c in pack.charts()})))
    # the note, labelled with its indicator (the annex's definitions also hold the bare text)
    said = _flat(labelled_note(COUT, REGISTRY[COUT].undefined_text))
    if terr in BELOW:
        assert card.text == "–" and REGISTRY[COUT].undefined_text in card.note
        assert said in text, (terr, fmt)
    else:  # defined for the département: its card says nothing; a table of its units may
        assert card.value is not None and card.note is None
        for t in pack.tables():
            if REGISTRY[COUT].undefined_text[1:] in (t.note or ""):
                assert any("–" in r for r in t.display_rows()), t.titre


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, "PNG")
    return buf.getvalue()


# ---- the exported image of a breakdown's chart ----------------------------------------------

@pytest.mark.parametrize("dim", ["categorie", "id_action"])
def test_a_breakdown_chart_image_says_why_a_bar_is_undefined(ext, dim):
    """The image downloaded from a breakdown's chart (PNG, SVG, PDF: one decoration,
    :func:`reports.images.decorate`) carries the « – » note its table carries, once, after the
    figure's own note; a defined breakdown's image says nothing of it."""
    from charts import figures as F
    from reports import images

    text = REGISTRY[COUT].undefined_text
    b = views.breakdown(_ctx(ext, None), COUT, (dim,))
    assert b.undefined_note == text and text in b.table.note
    fig = F.bars(b.data, category=f"{dim}_libelle", fmt=REGISTRY[COUT].format,
                 title="Coût par sortie dynamique", source="Source : démonstration")
    meta = images.meta_from_screen(fig, "Coût", "Loir-et-Cher", "année 2025", "Source : x",
                                   b.undefined_note)

    def source_line(f) -> str:
        return next(a.text for a in f.layout.annotations if "Source" in a.text)

    line = source_line(images.decorate(fig, meta))
    assert line.count(text[:40]) == 1, line
    twice = images.decorate(images.decorate(fig, meta), meta)  # never written twice
    assert source_line(twice).count(text[:40]) == 1
    defined = views.breakdown(_ctx(ext, None), "budget_realise", (dim,))
    assert defined.undefined_note is None
    plain_fig = F.bars(defined.data, category=f"{dim}_libelle", fmt="euros", title="Budget",
                       source="Source : démonstration")
    plain_meta = images.meta_from_screen(plain_fig, "Budget", "Loir-et-Cher", "année 2025",
                                         "Source : x", defined.undefined_note)
    assert "Non défini" not in source_line(images.decorate(plain_fig, plain_meta))


def test_the_dashboard_passes_a_breakdown_s_note_to_its_image(ext, monkeypatch):
    """ui.widgets.breakdown_block hands the breakdown's « – » note to the chart's exports: the
    printable page's image (and the download buttons, same ExportMeta) carries it."""
    from charts import figures as F
    from ui import printable, widgets

    b = views.breakdown(_ctx(ext, None), COUT, ("categorie",))
    drawn = []
    monkeypatch.setattr(printable, "active", lambda: True)
    monkeypatch.setattr(printable, "image", lambda fig, meta=None, width=None: drawn.append(meta))
    monkeypatch.setattr(widgets.st, "caption", lambda *a, **k: None)
    widgets.breakdown_block(b, lambda b: F.bars(b.data, category="categorie_libelle",
                                                 fmt="euros", title="Coût", source="Source : x"),
                            "Coût par sortie dynamique")
    assert [m.note for m in drawn] == [REGISTRY[COUT].undefined_text]
