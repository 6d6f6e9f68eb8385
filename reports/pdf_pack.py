"""The packs as PDF (reportlab), images from kaleido.

- comité de suivi: landscape A4 "slides" — a title page, the summary (key cards and sentences),
  one chart or one table per page, the definitions annex;
- évaluation du PDI: portrait A4 document — title page, summary, per orientation its comparison
  table then per indicator its definition, chart and tables, the methodology and definitions
  annexes.
Every page carries the source line, the data date and its number. Text uses DejaVu Sans (the
French narrow no-break space of the number formats needs a Unicode font).
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from indicators.formatting import fr_date, upper_first
from indicators.views import Card
from indicators.views import Table as DataTable
from reports.content import Chart, Pack, Section
from reports.content.cells import card_change, card_change_line, card_row, cards_note
from reports.style import BORDER, GREY, LIGHT, MAX_ROWS_PER_SLIDE, NAVY, TENDANCE, chunks
from reports.tables import definitions_rows

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed, else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for d in FONT_DIRS:
        reg, bold = Path(d) / "DejaVuSans.ttf", Path(d) / "DejaVuSans-Bold.ttf"
        if reg.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(reg)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            from reportlab.pdfbase.pdfmetrics import registerFontFamily

            registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                               italic="DejaVuSans", boldItalic="DejaVuSans-Bold")
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _jpeg(png: bytes) -> bytes:
    """PNG → JPEG (quality 92, no chroma subsampling: text stays sharp). reportlab embeds a JPEG
    as is, whereas it re-compresses a PNG pixel by pixel (seconds per page on a loaded machine)."""
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=92, subsampling=0)
    return out.getvalue()


def _c(hex_: str) -> colors.Color:
    return colors.HexColor(f"#{hex_}")


def _widths(headers: Sequence[str]) -> list[float] | None:
    """Column fractions of the standard tables (the comparison table has its own)."""
    if len(headers) == 5 and headers[-1] == "Cible / référence":
        return [0.3, 0.13, 0.13, 0.16, 0.28]
    if len(headers) == 6 and headers[0] == "Critère d'évaluation":  # a fiche's criteria
        return [0.27, 0.23, 0.1, 0.1, 0.1, 0.2]
    if len(headers) == 5 and headers[0] == "Fiche" and headers[1] == "Indicateur":  # suivi
        return [0.1, 0.42, 0.14, 0.2, 0.14]
    return None


def _numeric(t: DataTable) -> list[bool]:
    return t.numeric()


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Styles:
    def __init__(self, scale: float = 1.0):
        reg, bold = fonts()
        self.reg, self.bold = reg, bold

        def st(name, size, font=reg, colour="222222", lead=1.25, **kw):
            return ParagraphStyle(name, fontName=font, fontSize=size * scale,
                                  leading=size * scale * lead, textColor=_c(colour), **kw)
        self.body = st("body", 10)
        self.small = st("small", 8, colour=GREY)
        self.cell = st("cell", 8.5)
        self.cell_r = st("cellr", 8.5, alignment=TA_RIGHT)
        self.head = st("head", 8.5, bold, "FFFFFF")
        self.h0 = st("h0", 26, bold, NAVY, spaceAfter=12)
        self.h1 = st("h1", 17, bold, NAVY, spaceBefore=6, spaceAfter=8)
        self.h2 = st("h2", 13, bold, NAVY, spaceBefore=10, spaceAfter=4)
        self.h3 = st("h3", 10.5, bold, NAVY, spaceBefore=6, spaceAfter=3)
        self.sub = st("sub", 15, colour=NAVY, spaceAfter=6)
        self.card_label = st("cl", 8.5, colour=GREY)
        self.card_value = st("cv", 18, bold, NAVY, lead=1.1)
        self.card_evo = st("ce", 8.5)
        self.bullet = st("bullet", 10.5, leftIndent=12, bulletIndent=0, spaceAfter=3)
        self.center = st("center", 10, alignment=TA_CENTER)


class _Builder:
    def __init__(self, pack: Pack, images: dict[int, bytes]):
        self.pack, self.images = pack, images
        self.slides = pack.meta.kind == "comite"
        self.page = landscape(A4) if self.slides else A4
        self.margin = 1.5 * cm if self.slides else 2 * cm
        self.width = self.page[0] - 2 * self.margin
        self.height = self.page[1] - 2 * self.margin - 1 * cm
        self.s = _Styles()
        self.story: list[Flowable] = []

    # ---- primitives -------------------------------------------------------------------------
    def p(self, text: str, style=None) -> Paragraph:
        return Paragraph(_esc(text), style or self.s.body)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float] | None = None,
              numeric: Sequence[bool] | None = None) -> Table:
        s = self.s
        n = len(headers)
        numeric = numeric if numeric is not None else [j > 0 for j in range(n)]
        data = [[Paragraph(_esc(h), s.head) for h in headers]]
        data += [[Paragraph(_esc(v), s.cell_r if numeric[j] else s.cell) for j, v in enumerate(r)]
                 for r in rows]
        widths = widths or _widths(headers)
        if widths is None:
            first = 0.34 if n > 2 else 1 / n
            widths = [first] + [(1 - first) / max(1, n - 1)] * (n - 1)
        t = Table(data, colWidths=[self.width * f for f in widths], repeatRows=1)
        style = [("BACKGROUND", (0, 0), (-1, 0), _c(NAVY)),
                 ("GRID", (0, 0), (-1, -1), 0.4, _c(BORDER)),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        style += [("BACKGROUND", (0, i), (-1, i), _c(LIGHT)) for i in range(2, len(data), 2)]
        t.setStyle(TableStyle(style))
        return t

    def image(self, c: Chart, max_h: float) -> Image:
        fw, fh = (c.figure.layout.width or 1000), (c.figure.layout.height or 560)
        w = self.width if not self.slides else min(self.width, max_h * fw / fh)
        h = w * fh / fw
        if h > max_h:
            h, w = max_h, max_h * fw / fh
        return Image(io.BytesIO(_jpeg(self.images[id(c)])), width=w, height=h)

    def on_page(self, canvas, doc) -> None:
        m = self.pack.meta
        reg, bold = fonts()
        canvas.saveState()
        canvas.setFillColor(_c(NAVY))
        canvas.rect(0, self.page[1] - 0.25 * cm, self.page[0], 0.25 * cm, stroke=0, fill=1)
        canvas.setFillColor(_c(GREY))
        text = f"{m.source_line} — données au {fr_date(m.date_extraction)}"
        room = self.page[0] - 2 * self.margin - 1.2 * cm  # the page number's place
        size = 7.5
        while size > 5.5 and canvas.stringWidth(text, reg, size) > room:
            size -= 0.5
        while canvas.stringWidth(text, reg, size) > room and len(text) > 20:
            text = text[:-2] + "…"
        canvas.setFont(reg, size)
        canvas.drawString(self.margin, 0.9 * cm, text)
        canvas.setFont(reg, 7.5)
        canvas.drawRightString(self.page[0] - self.margin, 0.9 * cm, str(doc.page))
        canvas.restoreState()

    # ---- blocks ---------------------------------------------------------------------------------
    def title_page(self) -> None:
        m, s = self.pack.meta, self.s
        self.story += [Spacer(1, self.height * (0.22 if self.slides else 0.3)),
                       Paragraph(_esc(m.titre), s.h0),
                       self.p(f"{m.territoire_label} — {m.periode.libelle}", s.sub),
                       self.p(f"Comparaison : {m.comparaison.libelle}", s.body),
                       Spacer(1, 2 * cm),
                       self.p(f"{m.conseil} — Direction de "
                              f"l'insertion"),
                       self.p(f"Données au {fr_date(m.date_extraction)} (extraction « {m.source} »)"),
                       self.p(f"Document produit par Déclik insertion le {fr_date(m.genere_le)}",
                              s.small),
                       PageBreak()]

    def cards(self, cards: Sequence[Card]) -> Table:
        s = self.s
        per_row = 4
        cells = []
        for c in cards[:8]:
            evo = card_change_line(c)
            evo_style = ParagraphStyle("e", parent=s.card_evo,
                                       textColor=_c(TENDANCE[card_change(c)[1]]))
            cells.append([Paragraph(_esc(c.label), s.card_label), Paragraph(_esc(c.text), s.card_value),
                          Paragraph(_esc(evo), evo_style)])
        while len(cells) % per_row:
            cells.append("")
        rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
        t = Table(rows, colWidths=[self.width / per_row] * per_row)
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, _c(BORDER)),
                               ("INNERGRID", (0, 0), (-1, -1), 3, colors.white),
                               ("BACKGROUND", (0, 0), (-1, -1), _c(LIGHT)),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return t

    def summary(self) -> None:
        s, m = self.s, self.pack.meta
        self.story += [Paragraph("Synthèse", s.h1),
                       self.p(f"Indicateurs clés — {m.territoire_label}, {m.periode.libelle} ; "
                              f"comparaison : {m.comparaison.libelle}.", s.small),
                       Spacer(1, 6), self.cards(self.pack.cards)]
        if cards_note(self.pack.cards):
            self.story += [Spacer(1, 4), self.p(cards_note(self.pack.cards), s.small)]
        self.story += [Spacer(1, 12), Paragraph("À retenir", s.h2)]
        self.story += [Paragraph(_esc(x), s.bullet, bulletText="•") for x in self.pack.sentences]
        if not self.slides:
            rows = [card_row(c) for c in self.pack.cards]
            self.story += [Spacer(1, 10), self.table(
                ["Indicateur", upper_first(m.periode.libelle), upper_first(m.comparaison.libelle),
                 "Évolution", "Cible / référence"], rows, [0.3, 0.14, 0.14, 0.16, 0.26],
                [False, True, True, True, False])]
        self.story.append(PageBreak())

    def slide_item(self, item) -> None:
        s = self.s
        if isinstance(item, Chart):
            self.story += [Paragraph(_esc(item.titre), s.h1),
                           self.image(item, self.height - 2.2 * cm)]
            if item.note:
                self.story.append(self.p(item.note, s.small))
            self.story.append(PageBreak())
            return
        pages = chunks(item.display_rows(), MAX_ROWS_PER_SLIDE)
        for k, part in enumerate(pages):
            titre = item.titre + (f" ({k + 1}/{len(pages)})" if len(pages) > 1 else "")
            self.story += [Paragraph(_esc(titre), s.h1),
                           self.table(item.headers, part, numeric=_numeric(item))]
            if item.note:
                self.story += [Spacer(1, 6), self.p(item.note, s.small)]
            self.story.append(PageBreak())

    def doc_item(self, item) -> None:
        s = self.s
        if isinstance(item, Chart):
            block = [Paragraph(_esc(item.titre), s.h3), self.image(item, self.height * 0.55)]
            if item.note:
                block.append(self.p(item.note, s.small))
            self.story += [KeepTogether(block), Spacer(1, 6)]
        else:
            block = [Paragraph(_esc(item.titre), s.h3),
                     self.table(item.headers, item.display_rows(), numeric=_numeric(item))]
            if item.note:
                block.append(self.p(item.note, s.small))
            self.story += ([KeepTogether(block)] if item.display.height <= 25 else block)
            self.story.append(Spacer(1, 8))

    def section(self, sec: Section, level: int = 1) -> None:
        s = self.s
        if self.slides:
            if level == 1 and sec.intro:
                self.story += [Paragraph(_esc(sec.titre), s.h1), self.p(sec.intro), PageBreak()]
            for item in sec.items:
                self.slide_item(item)
        else:
            style = {1: s.h1, 2: s.h2}.get(level, s.h3)
            head: list[Flowable] = [Paragraph(_esc(sec.titre), style)]
            if sec.intro:
                head.append(self.p(sec.intro, s.body if level == 1 else s.small))
            items = list(sec.items)
            if level > 1 and items and isinstance(items[0], DataTable) and items[0].display.height <= 25:
                # a heading never ends a page: it stays with its first (short) table
                first = items.pop(0)
                block = head + [Paragraph(_esc(first.titre), s.h3),
                                self.table(first.headers, first.display_rows(), numeric=_numeric(first))]
                if first.note:
                    block.append(self.p(first.note, s.small))
                self.story += [KeepTogether(block), Spacer(1, 8)]
            elif level > 1 and items and isinstance(items[0], Chart):
                # a heading never ends a page: it stays with its first chart
                first = items.pop(0)
                block = head + [Paragraph(_esc(first.titre), s.h3),
                                self.image(first, self.height * 0.55)]
                if first.note:
                    block.append(self.p(first.note, s.small))
                self.story += [KeepTogether(block), Spacer(1, 6)]
            else:
                self.story += head
            for item in items:
                self.doc_item(item)
            if level == 1 and not sec.sous_sections:
                self.story.append(PageBreak())
        for sub in sec.sous_sections:
            self.section(sub, level + 1)
        if level == 1 and sec.sous_sections and not self.slides:
            self.story.append(PageBreak())

    def annexes(self) -> None:
        s = self.s
        self.story.append(Paragraph("Annexe — méthodologie", s.h1))
        for titre, texte in self.pack.methodologie:
            self.story += [Paragraph(_esc(titre), s.h3), self.p(texte)]
        if self.pack.criteres is not None:
            t = self.pack.criteres
            self.story += [PageBreak(), Paragraph("Annexe — critères d'évaluation du PDI-PTI et leur "
                                                  "mesure", s.h1), self.p(t.note),
                           self.table(t.headers, t.display_rows(), [0.2, 0.08, 0.32, 0.07, 0.33],
                                      [False] * 5)]
        self.story += [PageBreak(), Paragraph("Annexe — définitions des indicateurs", s.h1)]
        rows = [[r[0], r[1], r[2], r[4]] for r in definitions_rows(self.pack.definitions, self.pack.plan)]
        self.story.append(self.table(["Indicateur", "Définition", "Unité", "Fiche action du PDI"],
                                     rows, [0.22, 0.46, 0.08, 0.24], [False] * 4))

    def build(self) -> bytes:
        self.title_page()
        if self.pack.cards:  # the partner sheets have no key cards
            self.summary()
        for sec in self.pack.sections:
            self.section(sec)
        self.annexes()
        out = io.BytesIO()
        m = self.pack.meta
        doc = SimpleDocTemplate(out, pagesize=self.page, leftMargin=self.margin,
                                rightMargin=self.margin, topMargin=self.margin,
                                bottomMargin=self.margin + 0.5 * cm,
                                title=f"{m.titre} — {m.territoire_label} — {m.periode.libelle}",
                                author="Déclik insertion", subject=m.source_line, lang="fr-FR")
        doc.build(self.story, onFirstPage=self.on_page, onLaterPages=self.on_page)
        return out.getvalue()


def build_pdf(pack: Pack, images: dict[int, bytes] | None = None) -> bytes:
    images = images if images is not None else pack.chart_images("png")
    return _Builder(pack, images).build()
