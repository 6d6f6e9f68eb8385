"""Column widths of the interactive tables (``st.dataframe``): every cell shown whole.

Streamlit's grid sizes a column on a sample of its cells and leaves out those more than twice as
wide as the average, as outliers: a column of « 0,0 % » with two « secret statistique » cells
was sized for « 0,0 % » and showed « secret statisti… ». The width is computed here from every
cell and the header instead, with the advance widths of the grid's font (Source Sans, 14 px,
regular; measured in Chromium with the font Streamlit ships, rounded up to half a pixel)."""
from __future__ import annotations

import math

import polars as pl

_ADVANCES = {  # px at 14 px → the characters of that width
    2.0: "\u202f", 3.0: " \xa0", 3.5: "',.:;ij|îï’·", 4.0: "IlÎÏ", 4.5: "!()-[]f{}",
    5.0: "/\\rt°", 6.0: "\"*?sz", 6.5: "cxç«»",
    7.0: "0123456789#$+<=>FJLY^_ekvy~éèêëÿ–€×", 7.5: "ESTVXagàâäÉÈÊË",
    8.0: "ACPRZ`bdhnopquôöùûüÀÂÇ", 8.5: "BK", 9.0: "&DG", 9.5: "HNOQUÔÖÙÛÜ", 10.5: "Mw",
    11.0: "Wæ", 11.5: "—", 12.0: "%@mœŒ", 13.5: "…",
}
WIDTH = {ch: w for w, chars in _ADVANCES.items() for ch in chars}
UNKNOWN = 12.0  # a character not measured: as wide as the widest letters
PADDING = 2 * 8 + 6  # the grid's cell padding on both sides, and a margin
# the grid's bounds for a column (its maximum for a given width; 500 px is its maximum for an
# automatic one, which cut the Qualité page's findings): a sentence scrolls sideways, whole
MIN_W, MAX_W = 50, 1000


def text_width(text: str) -> float:
    """The width in px of ``text`` in the grid's font."""
    return sum(WIDTH.get(ch, UNKNOWN) for ch in text)


def column_widths(display: pl.DataFrame) -> dict[str, int]:
    """For each column of a display frame (texts): the px width that shows its header and every
    one of its cells whole, within the grid's bounds."""
    out = {}
    for name in display.columns:
        cells = display[name].cast(pl.Utf8).drop_nulls().unique().to_list()
        w = max([text_width(str(name))] + [text_width(c) for c in cells])
        out[name] = max(MIN_W, min(MAX_W, math.ceil(w) + PADDING))
    return out
