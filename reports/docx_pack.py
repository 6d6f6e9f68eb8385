"""The PDI evaluation document (DOCX): a title page, a summary (key cards, automatic sentences),
per PDI orientation the indicators of its fiches actions (comparison table with the previous
period and the targets, then per indicator its definition, chart and tables), and the annexes
(methodology, indicator definitions). Any :class:`~reports.content.Pack` renders the same way."""
from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from indicators.formatting import fr_date, upper_first
from indicators.views import Table
from reports.content import Chart, Pack, Section
from reports.content.cells import card_row, cards_note
from reports.content.model import alt_text
from reports.style import GREY, LIGHT, NAVY, core_text
from reports.tables import definitions_rows

TEXT_WIDTH_CM = 16.0


def _shade(cell, hex_: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _field(paragraph, instr: str) -> None:
    """A Word field (``PAGE``) in ``paragraph``."""
    run = paragraph.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        run._r.append(el)


class _Doc:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.doc = Document()
        sec = self.doc.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(sec, side, Cm(2.5))
        sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
        st = self.doc.styles["Normal"]
        st.font.name, st.font.size = "Calibri", Pt(10.5)
        for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12), ("Title", 28)):
            self.doc.styles[name].font.color.rgb = RGBColor.from_string(NAVY)
            self.doc.styles[name].font.size = Pt(size)
        m = pack.meta
        cp = self.doc.core_properties
        cp.title = core_text(f"{m.titre} — {m.territoire_label} — {m.periode.libelle}")
        cp.author = "Déclik insertion"
        cp.subject = core_text(m.source_line)  # the whole source stays in the text
        foot = sec.footer.paragraphs[0]
        foot.text = f"{m.source_line} — données au {fr_date(m.date_extraction)} — page "
        for r in foot.runs:
            r.font.size, r.font.color.rgb = Pt(8), RGBColor.from_string(GREY)
        _field(foot, "PAGE")

    def para(self, text: str, size: float | None = None, italic: bool = False, colour: str | None = None,
             bold: bool = False, align=None):
        p = self.doc.add_paragraph()
        r = p.add_run(text)
        r.italic, r.bold = italic, bold
        if size:
            r.font.size = Pt(size)
        if colour:
            r.font.color.rgb = RGBColor.from_string(colour)
        if align is not None:
            p.alignment = align
        return p

    def title_page(self) -> None:
        m = self.pack.meta
        for _ in range(5):
            self.doc.add_paragraph()
        self.doc.add_heading(m.titre, level=0)
        self.para(f"{m.territoire_label} — {m.periode.libelle}", 16, colour=NAVY)
        self.para(f"Comparaison : {m.comparaison.libelle}", 12, colour=GREY)
        for _ in range(3):
            self.doc.add_paragraph()
        self.para(f"{m.conseil} — Direction de l'insertion", 11)
        self.para(f"Données au {fr_date(m.date_extraction)} (extraction « {m.source} »)", 11)
        self.para(f"Document produit par Déclik insertion le {fr_date(m.genere_le)}", 11,
                  colour=GREY)
        self.page_break()

    def contents(self) -> None:
        """A table of contents (Word field, filled when the document is opened: the settings ask
        Word to update the fields) on its own page."""
        self.doc.add_heading("Sommaire", level=1)
        p = self.doc.add_paragraph()
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = ("Le sommaire se met à jour à l'ouverture du document (sinon : clic droit, "
                  "« Mettre à jour les champs »).")
        r.append(t)
        fld.append(r)
        p._p.append(fld)  # noqa: SLF001 (python-docx has no field API)
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        self.doc.settings.element.append(upd)
        self.page_break()

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
              widths_cm: Sequence[float] | None = None, size: float = 9,
              numeric: Sequence[bool] | None = None) -> None:
        numeric = numeric if numeric is not None else [j > 0 for j in range(len(headers))]
        if widths_cm is None and len(headers) == 5 and headers[-1] == "Cible / référence":
            widths_cm = [4.8, 2.1, 2.1, 2.6, 4.4]
        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths_cm = widths_cm or ([TEXT_WIDTH_CM * 0.34] + [TEXT_WIDTH_CM * 0.66 / max(1, len(headers) - 1)]
                                  * (len(headers) - 1) if len(headers) > 2
                                  else [TEXT_WIDTH_CM / len(headers)] * len(headers))
        hdr = t.rows[0]
        _repeat_header(hdr)
        for j, h in enumerate(headers):
            c = hdr.cells[j]
            c.text = ""
            r = c.paragraphs[0].add_run(h)
            r.bold, r.font.size = True, Pt(size)
            r.font.color.rgb = RGBColor.from_string("FFFFFF")
            _shade(c, NAVY)
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for j, v in enumerate(row):
                p = cells[j].paragraphs[0]
                r = p.add_run(v)
                r.font.size = Pt(size)
                if numeric[j]:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if i % 2:
                    _shade(cells[j], LIGHT)
        for row in t.rows:
            for j, w in enumerate(widths_cm):
                row.cells[j].width = Cm(w)
        self.doc.add_paragraph()

    def data_table(self, t: Table) -> None:
        self.para(t.titre, 10, bold=True, colour=NAVY)
        self.table(t.headers, t.display_rows(), numeric=t.numeric())
        if t.note:
            self.para(t.note, 8, italic=True, colour=GREY)

    def chart(self, c: Chart, png: bytes) -> None:
        self.para(c.titre, 10, bold=True, colour=NAVY)
        fw, fh = (c.figure.layout.width or 1000), (c.figure.layout.height or 560)
        width = TEXT_WIDTH_CM if fh / fw < 1 else TEXT_WIDTH_CM * 0.8
        pic = self.doc.add_picture(io.BytesIO(png), width=Cm(width))
        doc_pr = pic._inline.docPr  # noqa: SLF001 (python-docx has no alt-text API)
        doc_pr.set("descr", alt_text(c, self.pack.meta))
        doc_pr.set("title", c.titre)
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if c.note:
            self.para(c.note, 8, italic=True, colour=GREY)

    def summary(self) -> None:
        self.doc.add_heading("Synthèse", level=1)
        m = self.pack.meta
        self.para(f"Indicateurs clés — {m.territoire_label}, {m.periode.libelle} ; comparaison : "
                  f"{m.comparaison.libelle}.", 10, colour=GREY)
        rows = [card_row(c) for c in self.pack.cards]
        self.table(["Indicateur", upper_first(m.periode.libelle), upper_first(m.comparaison.libelle),
                    "Évolution", "Cible / référence"], rows, [5.0, 2.4, 2.4, 2.6, 3.6],
                   numeric=[False, True, True, True, False])
        if cards_note(self.pack.cards):
            self.para(cards_note(self.pack.cards), 8, italic=True, colour=GREY)
        self.doc.add_heading("À retenir", level=2)
        for s in self.pack.sentences:
            self.doc.add_paragraph(s, style="List Bullet")
        self.page_break()

    def section(self, s: Section, images: dict[int, bytes], level: int = 1) -> None:
        self.doc.add_heading(s.titre, level=min(level, 3))
        if s.intro:
            self.para(s.intro, 10, italic=level > 1, colour=GREY if level > 1 else None)
        s.each_item(lambda c: self.chart(c, images[id(c)]), self.data_table)
        for sub in s.sous_sections:
            self.section(sub, images, level + 1)
        if level == 1:
            self.page_break()

    def annexes(self) -> None:
        self.doc.add_heading("Annexe 1 — Méthodologie", level=1)
        for titre, texte in self.pack.methodologie:
            self.doc.add_heading(titre, level=2)
            self.para(texte)
        self.page_break()
        n = 2
        if self.pack.criteres is not None:
            self.doc.add_heading("Annexe 2 — Critères d'évaluation du PDI-PTI et leur mesure", level=1)
            self.para(self.pack.criteres.note, 10, colour=GREY)
            self.table(self.pack.criteres.headers, self.pack.criteres.display_rows(),
                       [3.4, 1.4, 5.0, 1.2, 5.0], size=7.5, numeric=[False] * 5)
            self.page_break()
            n = 3
        self.doc.add_heading(f"Annexe {n} — Définitions des indicateurs", level=1)
        rows = [[r[0], r[1], r[2], r[4]] for r in definitions_rows(self.pack.definitions, self.pack.plan)]
        self.table(["Indicateur", "Définition", "Unité", "Fiche action du PDI"], rows,
                   [3.6, 7.4, 1.6, 3.4], size=8, numeric=[False] * 4)


def build_docx(pack: Pack, images: dict[int, bytes] | None = None) -> bytes:
    images = images if images is not None else pack.chart_images("png")
    d = _Doc(pack)
    d.title_page()
    d.contents()
    d.summary()
    for s in pack.sections:
        d.section(s, images)
    d.annexes()
    out = io.BytesIO()
    d.doc.save(out)
    return out.getvalue()
