"""How one value is written in a pack: masked text, table cell, change and its direction,
column kind, the secret statistique note."""
from __future__ import annotations

from indicators.formatting import NNBSP, format_value, fr_number
from indicators.registry import Indicator
from indicators.secret import masked_text, short_note
from indicators.views.key_cards import delta_text
from reports.content.model import PackMeta
from reports.tables import KIND_OF_FORMAT


def value_text(row: dict, ind: Indicator, seuil: int) -> str:
    if row.get("masque"):
        return masked_text(ind.id, seuil, bool(row.get("masque_secondaire")))
    return format_value(row.get("valeur"), ind.format)


def cell(row: dict, ind: Indicator, seuil: int):
    """A table cell: the raw value, or the masking text."""
    if row.get("masque"):
        return masked_text(ind.id, seuil, bool(row.get("masque_secondaire")))
    v = row.get("valeur")
    return int(v) if v is not None and ind.kind == "count" else v


def evolution(cur: float | None, prev: float | None, ind: Indicator) -> tuple[str, str]:
    if cur is None or prev is None:
        return "–", ""
    d = cur - prev
    # the cards' own change text: ratios keep their decimal (« −0,2 »), a change that rounds to
    # zero reads « = 0 » (never « +0 »)
    txt = delta_text(d, ind.format) or "–"
    if ind.kind in ("count", "sum") and prev:
        rel = 100 * d / prev
        txt += f" ({'+' if rel > 0 else '−' if rel < 0 else ''}{fr_number(abs(rel), 1)}{NNBSP}%)"
    if d == 0 or ind.better is None:
        return txt, "neutre"
    good = (d > 0) == (ind.better == "hausse")
    return txt, "favorable" if good else "defavorable"


def effectif_cell(row: dict, seuil: int):
    """The denominator column of a table: the (protected) units, or the masking text."""
    return masked_text(None, seuil, bool(row.get("masque_secondaire"))) if row.get("masque") \
        else row.get("effectif")


def kind_of(ind: Indicator):
    return KIND_OF_FORMAT.get(ind.format, "decimal")


def secret_note(meta: PackMeta) -> str:
    return short_note(meta.seuil)
