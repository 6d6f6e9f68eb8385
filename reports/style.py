"""The packs' shared look: colours (hex without #), tendance colours and labels."""
from __future__ import annotations

NAVY = "1F4E79"
GREY = "555555"
LIGHT = "EEF3F8"
BORDER = "BFCCDA"
TENDANCE = {"favorable": "1B7F3B", "defavorable": "B3261E", "neutre": GREY, "": GREY}
TENDANCE_LABEL = {"favorable": "évolution favorable", "defavorable": "évolution défavorable",
                  "neutre": "", "": ""}
MAX_ROWS_PER_SLIDE = 14


def rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)


def chunks(rows: list, size: int) -> list[list]:
    """Rows split in pages of ``size`` (at least one page, even empty)."""
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


CORE_MAX = 250  # DOCX / PPTX core properties hold at most 255 characters


def core_text(text: str, limit: int = CORE_MAX) -> str:
    """``text`` shortened (« … ») to fit a document's core property (title, subject)."""
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
