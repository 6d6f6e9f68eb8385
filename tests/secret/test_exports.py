"""Every export format, read back as an adversary would (issue 9: « screens, chart data, CSV/XLSX,
PNG/SVG/PDF, PPTX/DOCX/PDF packs, the per-MDCS zip all count »): for a commune and a canton of
the extraction of :mod:`tests.secret.adversary`, each file is rendered through the code the
dashboard and the CLI use, its text extracted (openpyxl, SVG ``<text>``, python-pptx,
python-docx, pdftotext) and searched for a small count (a cell that is 1 to seuil − 1) and for
the individual values the extraction holds (one foyer's yearly RSA, the five délais of Mazangé).

Charts are checked as SVG (their text is extractable; the PNG put into a pack is the same
decorated figure); the packs are then rendered with a placeholder picture for each chart so that
the browser runs once per chart, not once per format."""
from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation

from charts import figures as F
from indicators import distributions, views
from reports import images
from reports.content import build_pack
from reports.content.model import Pack
from reports.docx_pack import build_docx
from reports.pdf_pack import build_pdf
from reports.pptx_pack import build_pptx
from tests.secret import adversary as A

pytestmark = pytest.mark.slow

SEUIL = 5
# a count of 1 to seuil − 1 (a signed « +3 » is a change between two perturbed figures)
SMALL = re.compile(r"^[1-4]$")
MASKS = ("< 5", "secret statistique", "–", "")
NUMBER = re.compile(r"^[+−-]?[\d\u202f\u00a0 ]+(,\d+)?([ \u202f\u00a0]?([%€j]|pt))?$")
COUNTS = ["foyers_beneficiaires", "personnes_sdd", "entrees", "ep_saisines", "foyers_payes"]
TERRS = ("commune:41226", "canton:4114")
# individual values of the extraction: Boisseau's foyer (12 × 548 €), Mazangé's five délais
LEAKS = ("6\u202f576", "6 576", "6576", "548\u202f€", "548 €", "11,2", "35,4")


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


@pytest.fixture(scope="module")
def ext():
    return A.extraction()


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    d = tmp_path_factory.mktemp("audit")
    return dataclasses.replace(A.B.SETTINGS, audit_fichier=str(d / "audit.jsonl"))


def _dep(text: str) -> bool:
    """A row of the département (exact, no secret) or a whole-département total."""
    return "département" in text or "Loir-et-Cher" in text


def assert_clean_cells(rows: list[list[str]], where: str) -> None:
    for r in rows:
        if r and _dep(" ".join(r[:1])):
            continue
        bad = [x for x in r if SMALL.match(x.strip())]
        assert not bad, (where, r)


def assert_no_leak(text: str, where: str) -> None:
    for leak in LEAKS:
        assert leak not in text, (where, leak)


def svg_text(svg: bytes) -> list[str]:
    """The texts of an SVG chart, axis tick labels left out (a scale, not a figure)."""
    body = re.sub(r'<g class="[xy]\d*tick">.*?</g>', "", svg.decode("utf-8"), flags=re.S)
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", body, re.S)]


# ---- page exports: CSV, XLSX and chart images through the dashboard's download code -----------
@pytest.mark.parametrize("terr", TERRS)
def test_page_tables_and_charts(ext, terr, monkeypatch):
    from ui import widgets

    c = A.ctx(ext, terr)
    tables, figs = [], []
    for i in COUNTS:
        tables.append((f"{i} par mois", views.series(c, i).table))
        b = views.breakdown(c, i, ("sexe",))
        if b.table is not None:
            tables.append((f"{i} par sexe", b.table))
    s = views.series(c, "personnes_sdd")
    figs.append(F.time_series(s.data, fmt="entier", title="personnes", source="s"))
    b = views.breakdown(c, "ep_saisines", ("sexe",))
    figs.append(F.bars(b.data, category="sexe_libelle", title="saisines", source="s"))
    if terr.startswith("canton"):
        b = views.breakdown(c, "foyers_beneficiaires", ("commune",))
        tables.append(("communes", b.table))
        figs.append(F.bars(b.data, category="commune_libelle", title="communes", source="s"))
        q = distributions.delay_quantiles(c, "commune")
        tables.append(("délais", q.table))
        figs.append(F.quantile_boxes(q.data, title="délais", source="s"))
    funnel = distributions.parcours_funnel(c)
    if funnel.ok:
        tables.append(("entonnoir", funnel.table))
        figs.append(F.funnel(funnel.data, title="entonnoir", source="s"))
    for name, t in tables:
        csv = widgets._csv_bytes(t, name).decode("utf-8-sig")
        assert_no_leak(csv, name)
        assert_clean_cells([line.split(";") for line in csv.splitlines()[1:]], f"{name} CSV")
        wb = load_workbook(io.BytesIO(widgets._xlsx_bytes(t, name)))
        ws = wb.worksheets[0]
        cells = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(values_only=True)]
        assert_clean_cells(cells, f"{name} XLSX")
        nums = [v for row in ws.iter_rows(values_only=True) if not _dep(str(row[0]))
                for v in row if isinstance(v, int | float) and not isinstance(v, bool)]
        assert not [v for v in nums if 1 <= v < SEUIL and float(v).is_integer()], (name, nums)
    monkeypatch.setattr(images, "keep_browser", lambda: None)  # the test's own browser session
    meta = dataclasses.make_dataclass("M", ["territoire", "periode", "pied", "note"])(
        terr, "Année 2025", "Source : test", None)
    with images.session():
        svgs = [widgets._image_bytes(fig, str(fig.layout.title.text), "svg", meta) for fig in figs]
    for fig, svg in zip(figs, svgs, strict=True):
        texts = svg_text(svg)
        assert_clean_cells([[t] for t in texts], f"SVG {fig.layout.title.text}")
        assert_no_leak(" ".join(texts), "SVG")


# ---- packs: PPTX, DOCX, PDF, and the per-MDCS zip -----------------------------------------------
def pptx_rows(data: bytes) -> tuple[list[list[str]], str]:
    prs = Presentation(io.BytesIO(data))
    rows, text = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                for r in shape.table.rows:
                    rows.append([c.text for c in r.cells])
            if shape.has_text_frame and shape.name != "Numéro de diapositive":
                text.append(shape.text_frame.text)
                rows.append([p.text for p in shape.text_frame.paragraphs])
    return rows, "\n".join(text + [" ".join(r) for r in rows])


def docx_rows(data: bytes) -> tuple[list[list[str]], str]:
    doc = Document(io.BytesIO(data))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    paras = [p.text for p in doc.paragraphs]
    return rows + [[p] for p in paras], "\n".join(paras + [" ".join(r) for r in rows])


def pdf_text(data: bytes) -> list[str]:
    """The text of each page (pdftotext -layout), the page number line removed."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.pdf"
        p.write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True,
                             text=True, check=True).stdout
    return out.split("\f")


def pdf_rows(data: bytes, labels: set[str] = frozenset()) -> tuple[list[list[str]], str]:
    """The table rows of the PDF as laid out (cells: runs of text two spaces apart). A line is
    taken as a table row when its first cell is a row label of the pack's tables (``labels``:
    « août 2025 », a commune, an indicator), or when it has three cells or more, more than half of them
    after the first figures or masks; wrapped prose and wrapped codes (« PDI-2. » / « 1 ») are
    not, and the last line of a page (its footer and number) is left out."""
    rows = []
    for page in pdf_text(data):
        lines = [x for x in page.splitlines() if x.strip()]
        for line in lines[:-1] if lines else []:
            cells = [x for x in re.split(r"\s{2,}", line.strip()) if x]
            figures = [x for x in cells[1:] if NUMBER.match(x) or x in MASKS]
            if (len(cells) > 1 and cells[0] in labels) or (
                    len(cells) > 2 and 2 * len(figures) > len(cells) - 1):
                rows.append(cells)
    return rows, "\n".join("\n".join(p.splitlines()) for p in pdf_text(data))


READERS = {"pptx": pptx_rows, "docx": docx_rows, "pdf": pdf_rows}
BUILDERS = {"pptx": build_pptx, "docx": build_docx, "pdf": build_pdf}


@pytest.fixture(scope="module")
def packs(ext):
    return {(terr, kind): build_pack(ext, A.REF, A.B.SETTINGS, A.PERIODE,
                                     A.REF.parse_territoire(terr), kind) for terr, kind in PACKS}


# a commune's comité pack, a canton's evaluation pack (its tables per commune); the Boisseau and
# canton 4101 evaluation packs (one foyer's RSA) are read in test_adversary
PACKS = [("commune:41226", "comite"), ("canton:4114", "evaluation")]


@pytest.mark.parametrize("key", PACKS)
def test_packs_in_every_format(packs, key):
    pack = packs[key]
    with images.session():
        svgs = pack.chart_images("svg")  # the charts the pack draws, as text
    for svg in svgs.values():
        texts = svg_text(svg)
        assert_clean_cells([[t] for t in texts], f"{key} chart")
        assert_no_leak(" ".join(texts), f"{key} chart")
    placeholders = {k: PNG for k in svgs}
    labels = {str(r[0]) for t in pack.tables() for r in t.display_rows() if r}
    for fmt, reader in READERS.items():  # the builders reports.build.render calls
        data = BUILDERS[fmt](pack, placeholders)
        rows, text = reader(data, labels) if fmt == "pdf" else reader(data)
        assert rows, (key, fmt)
        assert_clean_cells(rows, f"{key} {fmt}")
        assert_no_leak(text, f"{key} {fmt}")


def test_zip_per_mdcs(ext, settings, monkeypatch):
    from reports.batch import build_zip_mdcs

    monkeypatch.setattr(Pack, "chart_images", lambda self, fmt="png": {
        id(c): PNG for c in self.charts()})
    name, data = build_zip_mdcs(ext, A.REF, settings, A.PERIODE, "comite", "pptx", mdcs=["VEN"])
    z = zipfile.ZipFile(io.BytesIO(data))
    assert len(z.namelist()) == 1
    rows, text = pptx_rows(z.read(z.namelist()[0]))
    assert_clean_cells(rows, "zip VEN")
    assert_no_leak(text, "zip VEN")
    # the canton's communes are in the MDCS pack: the small ones are hidden
    assert "Areines" not in text or "< 5" in text or "secret statistique" in text
