"""The pack's summary: key cards (value, previous period, change, target) and 3-5 sentences."""
from __future__ import annotations

from collections.abc import Sequence

from indicators import narrative
from indicators.formatting import format_value
from indicators.registry import REGISTRY
from reports.content.benchmarks import cible_text
from reports.content.cells import evolution, value_text
from reports.content.compute import PackData
from reports.content.model import Card, PackMeta
from settings import Settings


def key_cards(ids: Sequence[str], d: PackData, settings: Settings, meta: PackMeta) -> list[Card]:
    out = []
    for i in ids:
        ind = REGISTRY[i]
        cur, prev = d.cur[i], d.prev[i]
        v = None if cur.get("masque") else cur.get("valeur")
        if v is not None and ind.kind == "count":
            v = int(v)
        pv = None if prev.get("masque") else prev.get("valeur")
        evo, tendance = evolution(v, pv, ind)
        out.append(Card(i, ind.label, v, value_text(cur, ind, meta.seuil),
                        value_text(prev, ind, meta.seuil), evo, tendance,
                        cible_text(settings, ind), bool(cur.get("masque")), pv))
    return out


def summary_sentences(cards: Sequence[Card], meta: PackMeta, settings: Settings) -> list[str]:
    """3-5 plain sentences from the *masked* card values (a masked value says nothing): the
    dashboard's :func:`indicators.narrative.sentences` when present, then the national
    references."""
    cur = {c.ind_id: c.valeur for c in cards}
    prev = {c.ind_id: c.precedent_valeur for c in cards}
    out = list(narrative.sentences(cur, prev, meta.comparaison_mode, "", settings.objectifs))
    for c in cards:
        r = settings.reference(c.ind_id)
        if r is not None and c.valeur is not None and len(out) < 5:
            out.append(f"{REGISTRY[c.ind_id].label} : {c.texte}, contre "
                       f"{format_value(r.valeur, REGISTRY[c.ind_id].format)} en France "
                       f"({r.source}).")
    return out[:5] or ["Pas d'évolution calculable sur la période (valeurs absentes ou masquées)."]
