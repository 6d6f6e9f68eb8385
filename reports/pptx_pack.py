"""The comité de suivi deck (PPTX, 16:9): a title slide, a summary slide (key cards and automatic
sentences), one chart or one table per slide, an annex of indicator definitions. Every slide
carries the source line, the data date and the slide number."""
from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from indicators.formatting import fr_date
from indicators.views import Card, Table
from reports.content import Chart, Pack, Section
from reports.content.cells import card_change, card_change_line, cards_note
from reports.content.model import alt_text
from reports.style import BORDER, GREY, LIGHT, MAX_ROWS_PER_SLIDE, NAVY, TENDANCE, chunks, core_text
from reports.tables import definitions_rows

W, H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)


def _rgb(h: str) -> RGBColor:
    return RGBColor.from_string(h)


class _Deck:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = W, H
        self.blank = self.prs.slide_layouts[6]
        m = pack.meta
        cp = self.prs.core_properties
        cp.title = core_text(f"{m.titre} — {m.territoire_label} — {m.periode.libelle}")
        cp.author = "Déclik insertion"
        cp.subject = core_text(m.source_line)  # the whole source stays in the text

    # ---- primitives --------------------------------------------------------------------------
    def text(self, slide, x, y, w, h, text: str, size: int = 14, bold: bool = False,
             colour: str = "222222", align=PP_ALIGN.LEFT):
        tb = slide.shapes.add_textbox(x, y, w, h)
        tf = tb.text_frame
        tf.word_wrap = True
        for k, line in enumerate(text.split("\n")):
            p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
            p.alignment = align
            r = p.add_run()
            r.text = line
            r.font.size, r.font.bold, r.font.color.rgb = Pt(size), bold, _rgb(colour)
        return tb

    def slide(self, titre: str):
        s = self.prs.slides.add_slide(self.blank)
        bar = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, W, Inches(0.12))
        bar.fill.solid()
        bar.fill.fore_color.rgb = _rgb(NAVY)
        bar.line.fill.background()
        self.text(s, MARGIN, Inches(0.25), W - 2 * MARGIN, Inches(0.8), titre,
                  26 if len(titre) <= 55 else 20, True, NAVY)
        n = len(self.prs.slides)
        m = self.pack.meta
        foot = f"{m.source_line} — données au {fr_date(m.date_extraction)}"
        self.text(s, MARGIN, H - Inches(0.45), W - Inches(2), Inches(0.35), foot,
                  10 if len(foot) <= 150 else 8, colour=GREY)
        num = self.text(s, W - Inches(1.3), H - Inches(0.45), Inches(0.8), Inches(0.35), str(n),
                        10, colour=GREY, align=PP_ALIGN.RIGHT)
        num.name = "Numéro de diapositive"
        return s

    # ---- slides ------------------------------------------------------------------------------
    def title_slide(self) -> None:
        m = self.pack.meta
        s = self.prs.slides.add_slide(self.blank)
        band = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.1), W, Inches(2.6))
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(NAVY)
        band.line.fill.background()
        self.text(s, MARGIN, Inches(2.35), W - 2 * MARGIN, Inches(1), m.titre, 34, True, "FFFFFF")
        self.text(s, MARGIN, Inches(3.45), W - 2 * MARGIN, Inches(0.9),
                  f"{m.territoire_label} — {m.periode.libelle}", 24, colour="FFFFFF")
        self.text(s, MARGIN, Inches(5.2), W - 2 * MARGIN, Inches(1.2),
                  f"{m.conseil} — Direction de l'insertion\n"
                  f"Données au {fr_date(m.date_extraction)} (extraction « {m.source} ») ; "
                  f"comparaison : {m.comparaison.libelle}\n"
                  f"Document produit par Déclik insertion le {fr_date(m.genere_le)}", 14,
                  colour=GREY)

    def summary_slide(self, cards: Sequence[Card], sentences: Sequence[str]) -> None:
        s = self.slide("Synthèse")
        per_row = 4
        cw, ch, gap = Inches(2.95), Inches(1.55), Inches(0.16)
        for k, c in enumerate(cards[:8]):
            x = MARGIN + (k % per_row) * (cw + gap)
            y = Inches(1.15) + (k // per_row) * (ch + gap)
            box = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, cw, ch)
            box.adjustments[0] = 0.08
            box.fill.solid()
            box.fill.fore_color.rgb = _rgb(LIGHT)
            box.line.color.rgb = _rgb(BORDER)
            self.text(s, x + Inches(0.1), y + Inches(0.05), cw - Inches(0.2), Inches(0.5),
                      c.label, 11, colour=GREY)
            self.text(s, x + Inches(0.1), y + Inches(0.5), cw - Inches(0.2), Inches(0.5),
                      c.text, 24, True, NAVY)
            self.text(s, x + Inches(0.1), y + Inches(1.05), cw - Inches(0.2), Inches(0.4),
                      card_change_line(c), 10, colour=TENDANCE[card_change(c)[1]])
        y0 = Inches(1.15) + 2 * (ch + gap) + Inches(0.1)
        self.text(s, MARGIN, y0, W - 2 * MARGIN, Inches(0.4), "À retenir", 16, True, NAVY)
        self.text(s, MARGIN, y0 + Inches(0.4), W - 2 * MARGIN, H - y0 - Inches(1),
                  "\n".join(f"• {x}" for x in sentences), 13)
        if cards_note(cards):
            self.text(s, MARGIN, H - Inches(0.9), W - 2 * MARGIN, Inches(0.4), cards_note(cards),
                      10, colour=GREY)

    def table_slides(self, t: Table) -> None:
        rows = t.display_rows()
        pages = chunks(rows, MAX_ROWS_PER_SLIDE)
        for k, part in enumerate(pages):
            titre = t.titre + (f" ({k + 1}/{len(pages)})" if len(pages) > 1 else "")
            s = self.slide(titre)
            self.table(s, t.headers, part, Inches(1.15), first_wide=True,
                       numeric=t.numeric())
            if t.note:
                self.text(s, MARGIN, H - Inches(0.95), W - 2 * MARGIN, Inches(0.45), t.note, 10,
                          colour=GREY)

    def table(self, s, headers: list[str], rows: list[list[str]], top, first_wide: bool = False,
              widths: Sequence[float] | None = None, size: int = 12,
              numeric: Sequence[bool] | None = None) -> None:
        n_rows, n_cols = len(rows) + 1, len(headers)
        numeric = numeric if numeric is not None else [j > 0 for j in range(n_cols)]
        if widths is None and n_cols == 5 and headers[-1] == "Cible / référence":
            widths = [0.3, 0.13, 0.13, 0.16, 0.28]
        width = W - 2 * MARGIN
        shape = s.shapes.add_table(n_rows, n_cols, MARGIN, top, width, Inches(0.4) * n_rows)
        tbl = shape.table
        if widths is None:
            first = 0.34 if first_wide and n_cols > 2 else 1 / n_cols
            rest = (1 - first) / max(1, n_cols - 1)
            widths = [first] + [rest] * (n_cols - 1)
        for j, f in enumerate(widths):
            tbl.columns[j].width = Emu(int(width * f))
        for j, h in enumerate(headers):
            self._cell(tbl.cell(0, j), h, size, True, "FFFFFF", NAVY)
        for i, r in enumerate(rows, start=1):
            for j, v in enumerate(r):
                self._cell(tbl.cell(i, j), v, size, False, "222222",
                           LIGHT if i % 2 == 0 else "FFFFFF",
                           PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT)

    @staticmethod
    def _cell(cell, text: str, size: int, bold: bool, colour: str, fill: str,
              align=PP_ALIGN.LEFT) -> None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)
        tf = cell.text_frame
        tf.word_wrap = True
        p = tf.paragraphs[0]
        p.alignment = align
        r = p.add_run()
        r.text = text
        r.font.size, r.font.bold, r.font.color.rgb = Pt(size), bold, _rgb(colour)

    def chart_slide(self, c: Chart, png: bytes) -> None:
        s = self.slide(c.titre)
        top, bottom = Inches(1.05), H - Inches(1.0)
        fw, fh = (c.figure.layout.width or 1000), (c.figure.layout.height or 560)
        max_w, max_h = W - 2 * MARGIN, bottom - top
        w = min(max_w, int(max_h * fw / fh))
        h = int(w * fh / fw)
        pic = s.shapes.add_picture(io.BytesIO(png), int((W - w) / 2), top, w, h)
        pic.name = c.titre[:80]  # not « image.png »
        pic._element.nvPicPr.cNvPr.set("descr", alt_text(c, self.pack.meta))  # noqa: SLF001
        if c.note:
            self.text(s, MARGIN, H - Inches(0.9), W - 2 * MARGIN, Inches(0.4), c.note, 10,
                      colour=GREY)

    def section_slide(self, titre: str, intro: str) -> None:
        s = self.slide(titre)
        if intro:
            self.text(s, MARGIN, Inches(1.3), W - 2 * MARGIN, Inches(4), intro, 16)

    def annex(self) -> None:
        rows = [[r[0], r[1], r[2]] for r in definitions_rows(self.pack.definitions, self.pack.plan)]
        pages = chunks(rows, 5)
        for k, part in enumerate(pages):
            s = self.slide(f"Annexe — définitions des indicateurs ({k + 1}/{len(pages)})")
            self.table(s, ["Indicateur", "Définition", "Unité"], part, Inches(1.1),
                       widths=[0.26, 0.64, 0.10], size=11, numeric=[False] * 3)
        meth = self.pack.methodologie
        s = self.slide("Annexe — méthode et secret statistique")
        body = "\n".join(f"{t} : {x}" for t, x in meth)
        self.text(s, MARGIN, Inches(1.1), W - 2 * MARGIN, H - Inches(1.8), body, 12)


def _walk(deck: _Deck, sec: Section, images: dict[int, bytes], depth: int = 0) -> None:
    if depth == 0 and sec.intro:
        deck.section_slide(sec.titre, sec.intro)
    sec.each_item(lambda c: deck.chart_slide(c, images[id(c)]), deck.table_slides)
    for sub in sec.sous_sections:
        _walk(deck, sub, images, depth + 1)


def build_pptx(pack: Pack, images: dict[int, bytes] | None = None) -> bytes:
    """The deck as bytes; ``images`` (from :meth:`Pack.chart_images`) is computed when absent."""
    images = images if images is not None else pack.chart_images("png")
    deck = _Deck(pack)
    deck.title_slide()
    deck.summary_slide(pack.cards, pack.sentences)
    for sec in pack.sections:
        _walk(deck, sec, images)
    deck.annex()
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()


