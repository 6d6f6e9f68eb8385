"""How one value is written in a pack: masked text, table cell, change and its direction,
column kind, the secret statistique note — through the one path of every output
(:func:`indicators.secret.figure_text`, :class:`indicators.formatting.Format`)."""
from __future__ import annotations

from indicators.coverage import labelled_note
from indicators.formatting import NNBSP, fmt, fr_number
from indicators.registry import REGISTRY, Indicator
from indicators.secret import figure_text, masked_text, short_note
from indicators.views.key_cards import Card, delta_text
from reports.content.model import PackMeta


def value_text(row: dict, ind: Indicator, seuil: int) -> str:
    """A masked frame's row as any output writes it (value, « < 5 » or « secret statistique »)."""
    return figure_text(ind.id, row.get("valeur"), bool(row.get("masque")), seuil,
                       bool(row.get("masque_secondaire")))


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


def card_change(c: Card) -> tuple[str, str]:
    """A key card's change as a pack writes it (with the relative change of a count or a sum)
    and its direction (``favorable`` / ``defavorable`` / ``neutre``, ``""`` without one)."""
    return evolution(c.value, c.comparison, REGISTRY[c.id])


def card_row(c: Card) -> list[str]:
    """A key card as a row of the summary table: indicator, value, previous, change, target."""
    return [c.label, c.text, c.comparison_text or "–", card_change(c)[0], c.target_text or "–"]


def cards_note(cards) -> str | None:
    """The notes of a document's key cards (« – » undefined, other window), each labelled with
    its indicator: what the dashboard writes under each card, written under the cards."""
    return " ".join(labelled_note(c.id, c.note) for c in cards if c.note) or None


def row_cells(i: str, rows) -> list[tuple[str, object, bool]]:
    """``(indicator, value, masked)`` of a pack's masked rows (:func:`indicators.coverage.undefined_note`)."""
    return [(i, r.get("valeur"), bool(r.get("masque"))) for r in rows]


def card_change_line(c: Card) -> str:
    """The line under a card's value: « +12 (+3,4 %) vs 340 », or « précédent : < 5 »."""
    evo, prev = card_change(c)[0], c.comparison_text or "–"
    return f"{evo} vs {prev}" if evo != "–" else f"précédent : {prev}"


def effectif_cell(row: dict, seuil: int):
    """The denominator column of a table: the (protected) units, or the masking text."""
    return masked_text(None, seuil, bool(row.get("masque_secondaire"))) if row.get("masque") \
        else row.get("effectif")


def kind_of(ind: Indicator) -> str:
    """The column kind of an indicator's values: its registry format."""
    return fmt(ind.format).id


def secret_note(meta: PackMeta) -> str:
    return short_note(meta.seuil)
