"""Documents read by everyone: every chart image of the DOCX and the PPTX has an alt text saying
what, where and when (not « image.png »); the DOCX has a table of contents; labels keep their
accents (one label source); no « +0 » change."""
from __future__ import annotations

import io

from docx import Document
from pptx import Presentation

from reports.content import build_pack
from reports.docx_pack import build_docx
from reports.pptx_pack import build_pptx
from tests.helpers.images import PNG
from tests.reports.content.packs import PERIODE


def _images(pack):
    return {id(c): PNG for c in pack.charts()}


def test_docx_alt_texts_toc_and_accents(opened, rep_settings):
    terr = opened.referentiel.parse_territoire("mdcs:VEN")
    pack = build_pack(opened.extraction, opened.referentiel, rep_settings, PERIODE, terr,
                      "evaluation")
    doc = Document(io.BytesIO(build_docx(pack, _images(pack))))
    prs = doc.inline_shapes
    assert len(prs) == len(pack.charts()) > 0
    for shape in prs:
        descr = shape._inline.docPr.get("descr")
        assert descr and descr.startswith("Graphique : ") and "MDCS Vendôme" in descr
    xml = doc.element.xml
    assert 'w:instr="TOC \\o' in xml and any(p.text == "Sommaire" for p in doc.paragraphs)
    assert "updateFields" in doc.settings.element.xml
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    for unaccented in ("Sante\n", "Transport mobilite", "\n+0\n", "\n−0\n"):
        assert unaccented not in text + "\n", unaccented


def test_pptx_pictures_are_named_and_described(dep_pack):
    prs = Presentation(io.BytesIO(build_pptx(dep_pack, _images(dep_pack))))
    pics = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pics) == len(dep_pack.charts()) > 0
    for p in pics:
        assert p.name != "image.png" and not p.name.startswith("Picture")
        descr = p._element.nvPicPr.cNvPr.get("descr")
        assert descr and descr.startswith("Graphique : ") and "Loir-et-Cher" in descr
