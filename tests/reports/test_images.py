import io
from datetime import date

import plotly.graph_objects as go
import pytest
from PIL import Image

from reports import images

META = images.ExportMeta("Délai médian d'orientation", "année 2025", "MDCS Vendôme",
                         "Source : Conseil départemental de Loir-et-Cher", date(2026, 1, 15))


@pytest.fixture(scope="module")
def fig() -> go.Figure:
    return go.Figure(go.Bar(x=["janv.", "févr."], y=[40, 38]))


def test_decorate_burns_context_without_touching_the_original(fig):
    d = images.decorate(fig, META)
    assert "Délai médian d'orientation" in d.layout.title.text
    assert "MDCS Vendôme — année 2025" in d.layout.title.text
    assert any("données au 15/01/2026" in a.text for a in d.layout.annotations)
    assert fig.layout.title.text is None and not fig.layout.annotations


def test_png_print_size(fig, browser):
    png = images.export(fig, META, "png")
    im = Image.open(io.BytesIO(png))
    assert im.size == (2 * images.WIDTH, 2 * images.HEIGHT)  # 2000 × 1120
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_contains_title_and_source(fig, browser):
    svg = images.export(fig, META, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:300]
    assert f'width="{images.WIDTH}"' in svg and f'height="{images.HEIGHT}"' in svg
    for text in ("Délai médian d", "MDCS Vendôme — année 2025",
                 "Source : Conseil départemental de Loir-et-Cher", "15/01/2026"):
        assert text in svg.replace("&#39;", "'")


def test_pdf_export(fig, browser):
    pdf = images.export(fig, META, "pdf")
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Source" in text and "15/01/2026" in text


def test_file_name():
    assert images.file_name("Délai médian d'orientation — MDCS", "png") == \
        "delai_median_d_orientation_mdcs.png"


LONG = images.ExportMeta(
    "Part des bénéficiaires soumis aux droits et devoirs orientés dans le délai légal, par "
    "commune de résidence et par mois de la période",
    "du 01/01/2025 au 30/09/2025 (comparée à la même période de l'année précédente)",
    "Communauté d'agglomération Territoires Vendômois — arrondissement de Vendôme",
    "Source : Conseil départemental de Loir-et-Cher", date(2026, 1, 15))


def test_long_title_and_subtitle_are_wrapped_not_cut(fig, browser):
    d = images.decorate(fig, LONG)
    lines = d.layout.title.text.split("<br>")
    bold = [x for x in lines if x.startswith("<b>")]
    assert len(bold) == 2 and len(lines) == 4  # 2 title lines, 2 sub-title lines
    assert all(len(x) - len("<b></b>") <= (images.WIDTH - 20) / images.TITLE_CHAR_PX for x in bold)
    assert d.layout.margin.t >= 96 + 24 + 17  # room for the extra lines above the plot
    short = images.decorate(fig, META)
    assert short.layout.title.text.count("<br>") == 1 and short.layout.margin.t == 96
    # drawn: every word of the title is in the image
    svg = images.export(fig, LONG, "svg").decode("utf-8").replace("&#39;", "'")
    for word in ("Part des bénéficiaires", "mois de la période", "arrondissement de Vendôme"):
        assert word in svg
