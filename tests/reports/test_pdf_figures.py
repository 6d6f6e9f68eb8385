"""The report packs' charts (comité PDF): a reference line's label is not printed over the data
labels, and the source line is never cut at the image's right edge."""
from __future__ import annotations

from datetime import date

from indicators import engine  # noqa: F401 (registers the catalogue)
from indicators.registry import REGISTRY
from reports import figures, images

SOURCE = ("Source : Conseil départemental de Loir-et-Cher, extraction « Démonstration Déclik — "
          "données synthétiques (Loir-et-Cher) ». Déclik insertion")


def _rate():
    return next(i for i in REGISTRY.values() if i.format == "pourcentage" and i.kind not in
                ("count", "sum"))


def test_reference_label_sits_above_the_plot_not_over_the_values():
    ind = _rate()
    mois = [date(2025, m, 1) for m in range(1, 13)]
    fig = figures.series_figure(mois, [0.48] * 12, ind, reference=(0.48, "France : 48,0 % (DREES 2023)"))
    labels = [a for a in fig.layout.annotations if "France" in (a.text or "")]
    assert labels, "the reference is labelled"
    for a in labels:  # in the top margin, in paper coordinates: never among the data labels
        assert a.yref == "paper" and a.y >= 1 and a.yanchor == "bottom"
    assert fig.layout.margin.t >= 80


def test_source_line_starts_at_the_image_edge_and_is_wrapped_not_cut():
    ind = _rate()
    fig = figures.units_figure(["Le Perche", "Montoire-sur-le-Loir", "Vendôme"], [0.3, 0.4, 0.5],
                               [False] * 3, ind)
    meta = images.ExportMeta("Part", "année 2025", "MDCS Vendôme", SOURCE, date(2026, 11, 1))
    d = images.decorate(fig, meta, title=False)
    src = next(a for a in d.layout.annotations if images.plain(a.text).startswith("Source"))
    width = d.layout.width or images.WIDTH
    left, right = d.layout.margin.l, d.layout.margin.r
    start = left + src.x * (width - left - right)  # pixels from the image's left edge
    assert 0 <= start <= 20
    for line in src.text.split("<br>"):
        assert start + len(images.plain(line)) * images.SOURCE_CHAR_PX <= width
    assert images.plain(src.text) == f"{SOURCE} — données au 01/11/2026"
