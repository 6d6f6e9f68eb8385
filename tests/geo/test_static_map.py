"""The static map exports to PNG offline (kaleido + the system Chromium), with its title, legend
and attribution; the Web-Mercator helpers place the labels where the map draws the points."""
from __future__ import annotations

import shutil
import struct

import pytest

from geo import maps, static_map
from tests.geo import tiny_map

CTX = tiny_map.ctx()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium absent (apt-get install chromium)")
def test_png_export_offline_has_the_expected_size():
    lay = maps.layer(CTX, "personnes_sdd", "canton")
    fig = static_map.build_figure(lay, width=900, height=700)
    png = static_map.to_png(fig)
    assert png_size(png) == (900, 700)
    assert len(png) > 30_000  # a drawn map, not a blank page


def test_figure_states_title_period_classes_source_and_attribution():
    lay = maps.layer(CTX, "taux_absenteisme", "mdcs")
    fig = static_map.build_figure(lay)
    title = fig.layout.title.text
    assert "Taux d'absentéisme" in title or lay.ind.label in title
    # every rendez-vous is dated 01/06/2024: the map, like the cards, is on the months its
    # source covers (indicators.coverage.window), and says so
    assert "Du 01/01/2024 au 30/06/2024" in title and "par MDCS" in title
    assert lay.note.startswith("Sur janvier-juin 2024 (dernier mois complet des rendez-vous")
    assert "Classes : " in fig.layout.legend.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "IGN Admin Express / INSEE" in notes and "Source" in notes
    assert {"Blois", "Vendôme", "Romorantin-Lanthenay"} <= {a.text.replace("<b>", "").replace(
        "</b>", "") for a in fig.layout.annotations}
    assert fig.layout.map.style == "white-bg"


def test_fit_zoom_and_paper_coordinates_are_consistent():
    bounds = (0.58, 47.19, 2.25, 48.13)
    zoom, center = static_map.fit_zoom(bounds, 700, 600, padding=0.0)
    x0, y0 = static_map.lonlat_to_paper(bounds[0], bounds[1], zoom, center, (700, 600), 1.0)
    x1, y1 = static_map.lonlat_to_paper(bounds[2], bounds[3], zoom, center, (700, 600), 1.0)
    # the binding dimension spans exactly the map; the other fits inside
    assert (x0 == pytest.approx(0.0) and x1 == pytest.approx(1.0)) or \
           (y0 == pytest.approx(0.0) and y1 == pytest.approx(1.0))
    assert -1e-9 <= x0 < x1 <= 1.0 + 1e-9 and -1e-9 <= y0 < y1 <= 1.0 + 1e-9
    xc, yc = static_map.lonlat_to_paper(center["lon"], center["lat"], zoom, center, (700, 600), 0.7)
    assert (xc, yc) == (pytest.approx(0.35), pytest.approx(0.5))


def test_thumbnail_is_small_and_outlines_the_territory():
    fig = maps.thumbnail_figure(tiny_map.ctx("mdcs:VEN"), "personnes_sdd")
    assert fig.layout.width <= 400
    orange = [t for t in fig.data if t.type == "scattermap" and t.line.color == "#D55E00"]
    assert len(orange) == 1
