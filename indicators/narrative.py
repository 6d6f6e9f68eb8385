"""A few sentences in plain French saying what changed most between the period and its
comparison: « Le délai médian d'orientation des entrants a baissé de 12 jours en un an, à 38 jours. »

Pure Python over indicator values (already masked: a masked or undefined value says nothing).
Changes are ranked by their size relative to a meaningful step per kind of indicator (1 % of a
count or amount, 1 point of a rate, 1 day of a délai); changes below half a step read as stable.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from indicators.formatting import fmt, fr_number
from indicators.registry import REGISTRY, TARGETS

VOWELS = "aeiouyéèêàâîïôûh"
FEMININE_HEADS = {"part", "proportion", "moyenne", "médiane", "durée"}


@dataclass(frozen=True)
class Change:
    id: str
    score: float  # size of the change in "steps"
    sentence: str


def subject(ind_id: str) -> str:
    """« Le nombre de foyers bénéficiaires du RSA », « La part des entrants … », « Le délai … »."""
    ind = REGISTRY[ind_id]
    label = ind.label[0].lower() + ind.label[1:]
    head = label.split(" ")[0]
    if ind.kind in ("count",) and head not in ("nombre",):
        return f"Le nombre {'d’' if label[0] in VOWELS else 'de '}{label}".replace("’", "'")
    if head in FEMININE_HEADS:
        return f"La {label}"
    if head[0] in VOWELS:
        return f"L'{label}"
    return f"Le {label}"


def _feminine(subj: str) -> bool:
    return subj.startswith("La ") or (subj.startswith("L'") and subj.split(" ")[0][2:] in FEMININE_HEADS)


def _value(ind_id: str, v: float) -> str:
    return fmt(REGISTRY[ind_id].format).sentence(v)


def change(ind_id: str, cur: float, prev: float, phrase: str) -> Change:
    """The sentence for one indicator and the size of its change."""
    ind = REGISTRY[ind_id]
    subj = subject(ind_id)
    if fmt(ind.format).is_rate:
        d = (cur - prev) * 100
        score = abs(d)
        amount = f"{fr_number(abs(d), 1)} point{'s' if abs(d) >= 2 else ''}"
    elif fmt(ind.format).sentence_unit[0]:  # délais: the change in whole days
        d = round(cur) - round(prev)
        score = abs(d) if prev is None or abs(prev) < 1 else 100 * abs(d) / abs(prev) / 2
        score = max(score, abs(d) / 2)
        amount = fmt(ind.format).sentence(abs(d))
    else:
        d = cur - prev
        if prev:
            rel = 100 * d / abs(prev)
            score = abs(rel)
            amount = f"{fr_number(abs(rel), 1)} %"
        else:
            score, amount = (abs(d) > 0) * 1.0, fr_number(abs(d))
    at = _value(ind_id, cur)
    if score < 0.5 or d == 0:
        stable = "restée stable" if _feminine(subj) else "resté stable"
        return Change(ind_id, 0.0, f"{subj} est {stable} {phrase}, à {at}.")
    verb = "a augmenté" if d > 0 else "a baissé"
    return Change(ind_id, score, f"{subj} {verb} de {amount} {phrase}, à {at}.")


def target_sentence(ind_id: str, cur: float, objectifs) -> str | None:
    """How a délai stands against its legal target (the registry entry's ``target``)."""
    ind = REGISTRY.get(ind_id)
    if objectifs is None or ind is None or ind.target is None or ind.target_in_definition:
        return None
    t = TARGETS[ind.target]
    target = getattr(objectifs, t.setting)
    what = t.objet
    kind = "médian" if ind.kind == "median" else "moyen"
    if round(cur) <= target:  # a median or mean under the target: not every person within it
        return (f"Le délai {kind} ({fr_number(round(cur))} jours) est inférieur à l'objectif légal "
                f"de {target} jours pour {what}.")
    return (f"Le délai {kind} dépasse de {fr_number(round(cur) - target)} jours l'objectif légal "
            f"de {target} jours pour {what}.")


def sentences(current: Mapping[str, float | None], previous: Mapping[str, float | None],
              mode: str = "n-1", where: str = "", objectifs=None, max_sentences: int = 5,
              min_sentences: int = 3) -> list[str]:
    """3 to 5 sentences: the largest changes first, then the délai against its legal target;
    when fewer changes are known, the levels themselves."""
    phrase = "en un an" if mode == "n-1" else "par rapport à la période précédente"
    changes: list[Change] = []
    for i, v in current.items():
        p = previous.get(i)
        if i in REGISTRY and v is not None and p is not None:
            changes.append(change(i, float(v), float(p), phrase))
    changes.sort(key=lambda c: -c.score)
    out = [c.sentence for c in changes if c.score > 0][: max_sentences - 1]
    for i in ("delai_orientation_median_j", "delai_orientation_moyen_j"):
        v = current.get(i)
        if v is not None:
            t = target_sentence(i, float(v), objectifs)
            if t:
                out.append(t)
            break
    if len(out) < min_sentences:
        out += [c.sentence for c in changes if c.score == 0][: min_sentences - len(out)]
    if len(out) < min_sentences:
        known = [i for i, v in current.items() if v is not None and i in REGISTRY
                 and not any(c.id == i for c in changes)]
        for i in known[: min_sentences - len(out)]:
            out.append(f"{subject(i)} s'établit à {_value(i, float(current[i]))}"
                       f"{' ' + where if where else ''}.")
    return out[:max_sentences]
