"""Text from a URL or an extraction, shown through Streamlit's Markdown elements as plain text.

``st.markdown``, ``st.caption``, ``st.warning``… interpret Markdown: a link, an image (fetched by
the browser), bold, LaTeX between ``$``. :func:`md` backslash-escapes every character that opens
an inline construct (CommonMark lets any ASCII punctuation be escaped) and a block marker at the
start, and puts a word joiner (invisible) after a URL scheme's ``:``, inside ``www.`` and after
``@``: GitHub-flavoured Markdown finds its autolinks in the text *after* the escapes are removed,
so a backslash would not stop them. The text reads the same and nothing is interpreted. Newlines become spaces (no block structure)."""
from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]()!<>#|~$^{}&\"'])")
WJ = "\u2060"  # word joiner: invisible, breaks the autolink patterns (applied after parsing)
_SCHEME = re.compile(r"(?i)([a-z][a-z0-9+.-]*):(?=//)")
_WWW = re.compile(r"(?i)\b(www)\.")
_LEAD = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def md(text: object) -> str:
    """``text`` made inert for Markdown (and for the HTML Streamlit would strip)."""
    s = str(text if text is not None else "")
    s = re.sub(r"[\r\n\t]+", " ", s)
    s = _INLINE.sub(r"\\\1", s)
    s = _SCHEME.sub(lambda m: m[1] + ":" + WJ, s)
    s = _WWW.sub(lambda m: m[1] + WJ + ".", s)
    s = s.replace("@", "@" + WJ)
    return _LEAD.sub(lambda m: m[1] + "\\" + m[2], s)
