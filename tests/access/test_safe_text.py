"""Text from a URL or an extraction is inert in Streamlit's Markdown: no link, no image, no bold,
no LaTeX, no autolink, no block marker (checked by rendering with the same Markdown rules the
browser uses is the browser test; here the escaping itself)."""
from __future__ import annotations

import re

import pytest

from charts.theme import plotly_text
from ui.safe import md

ATTACKS = [
    "[Session expirée : cliquez ici](https://evil.example/login)",
    "commune:![x](http://127.0.0.1:8799/track.png)",
    "**gras** _it_ `code` $x^2$ ~~barré~~",
    "<img src=x onerror=alert(1)> <b>b</b>",
    "www.evil.example https://evil.example mailto:a@evil.example",
    "- item\n# titre\n> cite\n1. un",
    "\\[x\\](y)",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_no_markdown_construct_survives(text):
    out = md(text)
    # every opener is escaped: no unescaped [ ] ( ) ! * _ ` $ < > ~ # remains
    unescaped = re.findall(r"(?<!\\)(?:\\\\)*([\[\]()!*_`$<>~#])", out)
    assert not unescaped, (text, out)
    assert not re.search(r"(?<!\\)://", out) and "www." not in out.lower()
    assert "\n" not in out
    assert not re.match(r"^\s*([-+=>]|\d+[.)])", out)


def test_plain_french_text_is_kept_readable():
    assert md("Loir-et-Cher, données au 01/11/2026 — 45,3 %") == \
        "Loir-et-Cher, données au 01/11/2026 — 45,3 %"


def test_plotly_text_escapes_pseudo_html():
    assert plotly_text('<a href="https://evil">x</a> & <br>') == \
        '&lt;a href="https://evil"&gt;x&lt;/a&gt; &amp; &lt;br&gt;'
