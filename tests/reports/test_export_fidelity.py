"""An exported chart says exactly what the screen says: the title, the territory, the period and
the source line with its data date, read back from the decorated figure and from the SVG text."""
from __future__ import annotations

from datetime import date

import polars as pl

from charts import figures as F
from reports import images

SCREEN_TITLE = "Foyers bénéficiaires du RSA en fin de mois — MDCS Vendôme — 2025"
SCREEN_SOURCE = "Source : Démonstration Déclik, données au 01/11/2026"


def _fig():
    df = pl.DataFrame({"mois": [date(2025, m, 1) for m in range(1, 13)],
                       "valeur": [800.0 + m for m in range(12)], "masque": [False] * 12})
    return F.time_series(df, title=SCREEN_TITLE, source=SCREEN_SOURCE)


def _meta(fig):
    # what the widget passes: the download's short name and the filters' view
    return images.meta_from_screen(fig, "Foyers bénéficiaires par mois", "MDCS Vendôme", "2025",
                                   "Source : Déclik insertion")


def test_meta_is_read_from_the_screen_figure():
    m = _meta(_fig())
    assert (m.titre, m.territoire, m.periode) == (
        "Foyers bénéficiaires du RSA en fin de mois", "MDCS Vendôme", "2025")
    assert m.pied == SCREEN_SOURCE


def test_decorated_layout_carries_title_territory_period_source():
    fig = _fig()
    d = images.decorate(fig, _meta(fig))
    title = images.plain(d.layout.title.text)
    assert title == "Foyers bénéficiaires du RSA en fin de mois MDCS Vendôme — 2025"
    sources = [images.plain(a.text) for a in d.layout.annotations
               if images.plain(a.text).startswith("Source")]
    assert len(sources) == 1 and sources[0].startswith(SCREEN_SOURCE)
    assert "axe vertical ne partant pas de zéro" in sources[0]  # the screen's note is kept


def test_svg_text_is_the_screen_text(browser):
    fig = _fig()
    svg = images.export(fig, _meta(fig), "svg").decode("utf-8")
    text = images.plain(svg)
    for expected in ("Foyers bénéficiaires du RSA en fin de mois", "MDCS Vendôme — 2025",
                     "Source : Démonstration Déclik, données au 01/11/2026"):
        assert expected in text, expected
    assert "Foyers bénéficiaires par mois" not in text and "Source : Déclik insertion" not in text
