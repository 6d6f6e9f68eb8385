"""Drawing helpers for the places of the offer (no streamlit, no map building here, so that both
map builders can use them): names made inert as plain text, and display positions.

Names of places are data from the extraction: they are drawn as plain text (escaped), never as
HTML."""
from __future__ import annotations

import html

import polars as pl


def plain(text: str) -> str:
    """A text from the extraction made inert inside folium's HTML/JS templates: HTML-escaped,
    the characters of a JavaScript template literal (backquote, ``$``, backslash) too, and the
    braces — branca compiles each element's rendered script as a Jinja template again, so that
    « {{ 7*7 }} » in a place's name was shown « 49 » and « {% x %} » took the map down."""
    return (html.escape(str(text), quote=True).replace("`", "&#96;").replace("$", "&#36;")
            .replace("\\", "&#92;").replace("{", "&#123;").replace("}", "&#125;"))


def spread(places: pl.DataFrame, radius_deg: float = 0.004) -> pl.DataFrame:
    """Positions for drawing: places at the same point (several places of a commune without
    coordinates) are spread on a small circle (~400 m) so that each stays visible and can be
    pointed at; distances are always computed from the true positions."""
    import math

    key = pl.concat_str([pl.col("latitude").round(6).cast(pl.Utf8), pl.lit(","),
                         pl.col("longitude").round(6).cast(pl.Utf8)])
    p = places.with_columns(key.alias("_k"))
    p = p.with_columns(pl.int_range(pl.len()).over("_k").alias("_i"),
                       pl.len().over("_k").alias("_n"))
    ang = pl.col("_i") * (2 * math.pi) / pl.col("_n")
    many = pl.col("_n") > 1
    return p.with_columns(
        pl.when(many).then(pl.col("latitude") + radius_deg * ang.sin())
        .otherwise(pl.col("latitude")).alias("latitude"),
        pl.when(many).then(pl.col("longitude") + 1.5 * radius_deg * ang.cos())
        .otherwise(pl.col("longitude")).alias("longitude")).drop("_k", "_i", "_n")


def tooltip_text(row: dict) -> str:
    """« name — commune (type) » as plain text."""
    return f"{row['nom']} — {row['commune_nom']} ({row['type_libelle']})"
