"""The pack's summary: key cards (value, previous period, change, target) and 3-5 sentences."""
from __future__ import annotations

from collections.abc import Collection, Sequence

from indicators import narrative
from indicators.coverage import joined_notes, undefined_note
from indicators.formatting import format_value
from indicators.registry import REGISTRY
from indicators.views.key_cards import Card, delta_change, secondary_note
from reports.content.benchmarks import cible_text
from reports.content.cells import value_text
from reports.content.compute import PackData
from reports.content.model import PackMeta
from settings import Settings


def key_cards(ids: Sequence[str], d: PackData, settings: Settings, meta: PackMeta) -> list[Card]:
    """The dashboard's :class:`~indicators.views.Card` of each key indicator, from the pack's
    masked figures, under the indicator's full label (a document has room for it)."""
    out = []
    for i in ids:
        ind = REGISTRY[i]
        cur, prev = d.cur[i], d.prev[i]
        v = None if cur.get("masque") else cur.get("valeur")
        if v is not None and ind.kind == "count":
            v = int(v)
        pv = None if prev.get("masque") else prev.get("valeur")
        delta = v - pv if v is not None and pv is not None else None
        dtext, unchanged = delta_change(delta, ind.format)
        sec = bool(cur.get("masque_secondaire"))
        out.append(Card(i, ind.label, value_text(cur, ind, meta.seuil), v, comparison=pv,
                        comparison_text=value_text(prev, ind, meta.seuil), delta=delta,
                        delta_text=dtext, unchanged=unchanged, better=ind.better,
                        masked=bool(cur.get("masque")), secondary=sec,
                        definition=f"{ind.label} : {ind.definition}", fmt=ind.format,
                        target_text=cible_text(settings, ind),
                        note=joined_notes(d.note(i), secondary_note(sec), undefined_note(
                            [(i, cur.get("valeur"), bool(cur.get("masque")))]))))
    return out


def summary_sentences(cards: Sequence[Card], meta: PackMeta, settings: Settings,
                      incomplete: Collection[str] = ()) -> list[str]:
    """3-5 plain sentences from the *masked* card values (a masked value says nothing): the
    dashboard's :func:`indicators.narrative.sentences` when present, then the national
    references. ``incomplete``: figures without a complete month in the period (no sentence, as
    on the dashboard)."""
    cards = [c for c in cards if c.id not in incomplete]
    cur = {c.id: c.value for c in cards}
    prev = {c.id: c.comparison for c in cards}
    out = list(narrative.sentences(cur, prev, meta.comparaison_mode, "", settings.objectifs))
    for c in cards:
        r = settings.reference(c.id)
        if r is not None and c.value is not None and len(out) < 5:
            out.append(f"{REGISTRY[c.id].label} : {c.text}, contre "
                       f"{format_value(r.valeur, REGISTRY[c.id].format)} en France "
                       f"({r.source}).")
    return out[:5] or ["Pas d'évolution calculable sur la période (valeurs absentes ou masquées)."]
