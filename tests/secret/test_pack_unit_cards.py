"""A unit's figure hidden by its level's complementary pattern (its page's card « secret
statistique », :attr:`indicators.views.Card.secondary`) stays hidden in every output of its
pack: the PDF, the PPTX, the DOCX, and its tables written as XLSX and CSV (the writers every
export goes through), as in the unit's Fiche territoire table (CSV, XLSX): the value never
written, the note saying why present; and across the packs of every unit of a level, the
département's exact figure minus the shown units' figures never gives back a count from 1 to
seuil − 1.

The extraction is the combined attack's (:mod:`tests.secret.combined`), perturbation off:
canton 4115 (Vineuil, 7 foyers, 7 persons SDD) is not small, but the Territoires table of the
cantons hides it so that cantons 4101 (1 foyer) and 4105 (2) cannot be worked out."""
from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from indicators import views
from indicators.coverage import labelled_note
from indicators.registry import REGISTRY
from indicators.secret import SECRET_LABEL
from indicators.views.key_cards import SPARK_SECRET_NOTE, secondary_note
from reports.content import assemble, build_pack
from reports.docx_pack import build_docx
from reports.pdf_pack import build_pdf
from reports.pptx_pack import build_pptx
from reports.tables import to_xlsx
from tests.indicators import builders as B
from tests.secret import adversary as A
from tests.secret import combined as C

UNIT = "canton:4115"
HIDDEN = ("foyers_beneficiaires", "personnes_sdd")  # hidden in complement at canton 4115
COUNTS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties")  # the key counts


def _settings(perturbation: bool = False):
    return dataclasses.replace(B.SETTINGS, perturbation=perturbation)


@pytest.fixture(scope="module")
def ext():
    return B.extraction(A.DAY, **C.rows())


def _pack(ext, terr: str | None, settings, kind: str = "comite"):
    t = B.REF.parse_territoire(terr) if terr else None
    return build_pack(ext, B.REF, settings, A.PERIODE, t, kind)


@pytest.fixture(scope="module")
def unit_pack(ext):
    return _pack(ext, UNIT, _settings())


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, "PNG")
    return buf.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


# ---- each format read back as (its whole text, its rows of cells) ------------------------------

def _pdf(pack) -> tuple[str, list[list[str]]]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "pack.pdf"
        p.write_bytes(build_pdf(pack, {id(c): _png() for c in pack.charts()}))
        text = subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True,
                              text=True, check=True).stdout
    lines = text.splitlines()
    labels = [REGISTRY[i].label for i in pack.definitions]
    rows = []
    for k, line in enumerate(lines):
        for label in labels:
            at = line.find(label)
            if at < 0:
                continue
            rest = line[at + len(label):]
            if rest.strip() and not any(o in rest for o in labels):  # a table's row
                rows.append([label, *[c.strip() for c in rest.split("  ") if c.strip()]])
            else:  # a key card: its value on the next written line, under its label
                below = next((x for x in lines[k + 1:] if x.strip()), "")
                rows.append([label, below[at:].split("  ")[0].strip()])
    return text, rows


def _pptx(pack) -> tuple[str, list[list[str]]]:
    texts, rows = [], []
    labels = {REGISTRY[i].label for i in pack.definitions}
    for slide in Presentation(io.BytesIO(build_pptx(pack, {id(c): _png() for c in
                                                           pack.charts()}))).slides:
        shown = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        texts += shown
        rows += [[t, shown[k + 1]] for k, t in enumerate(shown[:-1]) if t in labels]  # cards
        for sh in slide.shapes:
            if sh.has_table:
                rows += [[c.text for c in r.cells] for r in sh.table.rows]
                texts += [c.text for r in sh.table.rows for c in r.cells]
    return "\n".join(texts), rows


def _docx(pack) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(build_docx(pack, {id(c): _png() for c in pack.charts()})))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    return "\n".join([p.text for p in doc.paragraphs] + [c for r in rows for c in r]), rows


def _xlsx_of(tables) -> tuple[str, list[list[str]]]:
    wb = load_workbook(io.BytesIO(to_xlsx(tables)))
    rows = [["" if c.value is None else str(c.value) for c in r] for ws in wb.worksheets
            for r in ws.iter_rows()]
    return "\n".join(c for r in rows for c in r), rows


def _csv_of(tables) -> tuple[str, list[list[str]]]:
    rows = []
    for t in tables:
        rows += list(csv.reader(io.StringIO(views.table_csv(t).decode("utf-8-sig")),
                                delimiter=";"))
    return "\n".join(c for r in rows for c in r), rows


FORMATS = {"pdf": _pdf, "pptx": _pptx, "docx": _docx,
           "xlsx": lambda p: _xlsx_of(p.tables()), "csv": lambda p: _csv_of(p.tables())}


FIGURE = re.compile(r"^(−?\d[\d\s,]*(\s?%)?|< \d+|secret statistique|–)$")


def _cells_of(rows: list[list[str]], label: str) -> list[str]:
    """The figure of the period beside ``label`` in every row that starts with it and writes a
    figure there (a key card, the comparison table), not a heading or a definition."""
    return [x for r in rows if r and r[0].strip() == label and len(r) > 1
            for x in [_flat(r[1])] if FIGURE.match(x)]


def test_the_unit_s_card_is_hidden_in_complement_on_its_page_and_in_its_pack(ext, unit_pack):
    """The dashboard hides the two counts of canton 4115 in complement; the pack's cards are
    the page's cards: the same text, no value, the same note."""
    page = {c.id: c for c in views.cards(A.ctx(ext, UNIT, settings=_settings()), None,
                                         list(COUNTS), sparkline=False)}
    assert {i for i, c in page.items() if c.secondary} == set(HIDDEN)
    pack = {c.id: c for c in unit_pack.cards}
    for i in HIDDEN:
        c = pack[i]
        assert (c.text, c.value, c.masked, c.secondary) == (SECRET_LABEL, None, True, True), i
        assert secondary_note(True) in (c.note or ""), i
    for i in COUNTS:  # every count as the page shows it
        assert (pack[i].text, pack[i].value) == (page[i].text, page[i].value), i


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_card_hidden_in_complement_is_hidden_in_every_format_with_its_note(unit_pack, fmt):
    """Every row of the document that starts with the indicator (its key card, the comparison
    table) writes « secret statistique » for the period, never the count; the unit's own line
    of its units table neither; the note under the cards (or the table) says why."""
    text, rows = FORMATS[fmt](unit_pack)
    flat = _flat(text)
    for i in HIDDEN:
        label = REGISTRY[i].label
        cells = _cells_of(rows, label)
        assert cells, (fmt, i)  # the format writes the indicator
        assert set(cells) == {SECRET_LABEL}, (fmt, i, cells)
        assert _flat(labelled_note(i, secondary_note(True))) in flat, (fmt, i)
    # the table of the key counts by commune ends with the canton's own line
    name = unit_pack.meta.territoire_label
    own = [r for r in rows if r and r[0].strip() == name and len(r) == 1 + len(COUNTS)]
    if fmt != "pdf":  # (pdftotext's layout wraps that table's headers: read in the others)
        assert own, fmt
    for r in own:
        assert [_flat(x) for x in r[1:3]] == [SECRET_LABEL] * 2, (fmt, r)
    # the summary's sentences read the masked cards: nothing about a hidden count
    for s in unit_pack.sentences:
        for i in HIDDEN:
            assert REGISTRY[i].label.lower() not in s.lower(), s


def test_no_monthly_line_of_the_unit_without_perturbation(unit_pack):
    """Without noise, the unit's monthly points would come back as the département's series
    minus the other units' (and the last month of a stock is the period's figure): the pack of
    a unit draws no monthly value, and says why (the cards' trend line rule)."""
    charts = [c for c in unit_pack.charts() if c.titre.endswith("évolution par mois")]
    assert charts
    for c in charts:
        cells = [r[1] for r in c.table.display_rows()]
        assert all(x in (SECRET_LABEL, "–") for x in cells), (c.titre, cells)
        assert SPARK_SECRET_NOTE in c.note, c.titre


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_unit_s_fiche_territoire_table_hides_it_with_its_note(ext, fmt):
    """The Fiche territoire (the unit's figures beside the département's), exported as the
    page exports it: « secret statistique », the note, no count."""
    t = views.territory_profile(A.ctx(ext, UNIT, settings=_settings()), list(COUNTS))
    text, rows = (_xlsx_of if fmt == "xlsx" else _csv_of)([t])
    for i in HIDDEN:
        assert set(_cells_of(rows, REGISTRY[i].label)) == {SECRET_LABEL}, (fmt, i)
        assert _flat(labelled_note(i, secondary_note(True))) in _flat(text), (fmt, i)


# ---- the packs of every unit of a level, against the département's ------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("niveau", "perturbation"), [("canton", False), ("canton", True),
                                                      ("mdcs", False), ("epci", False)])
def test_the_packs_of_every_unit_of_a_level_give_nothing_back(ext, niveau, perturbation,
                                                               monkeypatch):
    """Every unit's pack writes its key counts as its page's cards (hidden exactly where the
    level's Territoires table hides the unit), and without perturbation the département's
    pack minus the shown units' packs never gives a count of 1 to seuil − 1, for the period
    and for the comparison period."""
    monkeypatch.setattr(assemble, "KEY_IDS", COUNTS)
    settings = _settings(perturbation)
    t = views.territory_comparison(A.ctx(ext, settings=settings), list(COUNTS), niveau)
    codes = t.export["Code"].to_list()[:-1]
    dep = {c.id: c for c in _pack(ext, None, settings).cards}
    packs = {code: {c.id: c for c in _pack(ext, f"{niveau}:{code}", settings).cards}
             for code in codes}
    if not perturbation:
        for i in COUNTS:
            for part in ("value", "comparison"):
                total = getattr(dep[i], part)
                shown = sum(getattr(packs[c][i], part) or 0 for c in codes)
                diff = total - shown
                assert not (1 <= diff < settings.seuil_secret), (niveau, i, part, diff)
    hidden_somewhere = False
    for code in codes:
        page = views.cards(A.ctx(ext, f"{niveau}:{code}", settings=settings), None,
                           list(COUNTS), sparkline=False)
        for c in page:
            p = packs[code][c.id]
            assert (p.text, p.value, p.masked, p.secondary) == \
                (c.text, c.value, c.masked, c.secondary), (niveau, code, c.id)
            hidden_somewhere |= c.secondary
    assert hidden_somewhere, niveau  # the sweep meets units hidden in complement
