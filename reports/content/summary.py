"""The pack's summary: key cards (value, previous period, change, target) and 3-5 sentences."""
from __future__ import annotations

from collections.abc import Sequence

from indicators.formatting import format_value
from indicators.registry import REGISTRY
from reports.content.benchmarks import cible_text, targets
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
    try:
        from indicators import narrative

        out = list(narrative.sentences(cur, prev, meta.comparaison_mode, "", settings.objectifs))
    except ImportError:
        out = _own_sentences(cards, meta, settings)
    for c in cards:
        r = settings.reference(c.ind_id)
        if r is not None and c.valeur is not None and len(out) < 5:
            out.append(f"{REGISTRY[c.ind_id].label} : {c.texte}, contre "
                       f"{format_value(r.valeur, REGISTRY[c.ind_id].format)} en France "
                       f"({r.source}).")
    return out[:5] or ["Pas d'évolution calculable sur la période (valeurs absentes ou masquées)."]


def _own_sentences(cards: Sequence[Card], meta: PackMeta, settings: Settings) -> list[str]:
    changes = []
    for c in cards:
        ind = REGISTRY[c.ind_id]
        prev_raw = c.precedent_valeur
        if c.valeur is None or prev_raw is None or prev_raw == c.valeur:
            continue
        rel = abs(c.valeur - prev_raw) / (abs(prev_raw) or 1)
        if ind.format == "pourcentage":
            rel = abs(c.valeur - prev_raw) * 5  # 1 pt ≈ a 5 % change
        sens = "en hausse" if c.valeur > prev_raw else "en baisse"
        changes.append((rel, f"{ind.label} : {sens} de {c.evolution.lstrip('+−')} par rapport "
                             f"à {_prev_label(meta)}, à {c.texte}."))
    out = [s for _, s in sorted(changes, key=lambda t: -t[0])[:3]]
    tg = targets(settings)
    for c in cards:
        t = tg.get(c.ind_id)
        if c.valeur is not None and t and t[0] is not None:
            pos = "dans le" if c.valeur <= t[0] else "au-delà du"
            out.append(f"{REGISTRY[c.ind_id].label} : {c.texte}, {pos} {t[1][0].lower()}{t[1][1:]}.")
    return out


def _prev_label(meta: PackMeta) -> str:
    lab = meta.comparaison.libelle
    return f"l'{lab}" if lab.startswith("année") else (lab if lab.startswith("du ") else f"{lab}")
