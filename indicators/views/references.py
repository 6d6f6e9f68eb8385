"""Legal targets and national (DREES) references of an indicator, as every output shows them:
card badges, chart lines, pack tables and sentences all read :func:`target_of` and
:func:`national_of`, which read the indicator's registry entry (``target``, ``reference``) and the
values of the settings (``[objectifs]``, ``[[references]]``)."""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from indicators.formatting import fmt, format_value
from indicators.registry import REGISTRY, TARGETS


@dataclass(frozen=True)
class TargetValue:
    value: float  # in days
    label: str  # « Délai légal d'orientation »
    text: str  # « Délai légal d'orientation : 42 jours »
    source: str
    compared: bool  # the indicator's value is compared with it (False: it is in the definition)


@dataclass(frozen=True)
class NationalValue:
    value: float  # on the indicator's scale (fractions for rates)
    text: str  # « France : 79 jours (DREES 2023) »
    source: str
    annee: int


def target_of(settings, ind_id: str) -> TargetValue | None:
    ind = REGISTRY.get(ind_id)
    if ind is None or ind.target is None:
        return None
    t = TARGETS[ind.target]
    v = getattr(settings.objectifs, t.setting)
    return TargetValue(float(v), t.label, f"{t.label} : {v} jours", t.source,
                       not ind.target_in_definition)


def _shown(value: float, fmt_id: str) -> str:
    """A reference value: a délai spelled out (« 42 jours »), a rate in percent, else a whole
    number."""
    f = fmt(fmt_id)
    if f.sentence_unit[0]:
        return f.sentence(value)
    return f.value(value) if f.is_rate else format_value(value, "entier")


def national_of(settings, ind_id: str) -> NationalValue | None:
    ind = REGISTRY.get(ind_id)
    r = settings.reference(ind.reference) if ind is not None and ind.reference else None
    if r is None:
        return None
    return NationalValue(float(r.valeur), f"France : {_shown(r.valeur, ind.format)} (DREES {r.annee})",
                         r.source, r.annee)


def reference_lines(settings, ind_id: str) -> list[tuple[float, str, str]]:
    """``(value, label, kind)`` lines to draw beside an indicator: its legal target
    (``kind="target"``) and its national DREES value (``kind="reference"``), labelled with their
    source. Values are in the indicator's own unit (fractions for rates)."""
    out = []
    t = target_of(settings, ind_id)
    if t is not None and t.compared:
        out.append((t.value, t.text, "target"))
    n = national_of(settings, ind_id)
    if n is not None:
        out.append((n.value, n.text, "reference"))
    return out


def benchmark_text(settings, ind_id: str) -> str:
    """« Délai légal d'orientation : 42 jours ; France : 79 jours (DREES 2023) » (or "")."""
    parts = [x.text for x in (target_of(settings, ind_id), national_of(settings, ind_id)) if x]
    return " ; ".join(parts)


def drees_by_anciennete(settings) -> pl.DataFrame:
    """The DREES national shares oriented by ancienneté (« France »), keyed by the
    ``anciennete_drees`` codes of :func:`indicators.core.orientation.anciennete_drees_band`."""
    rows = []
    for code, ref_id in (("moins_6_mois", "taux_orientation_moins_6_mois"),
                         ("6_12_mois", "taux_orientation_6_12_mois"),
                         ("plus_1_an", "taux_orientation_plus_1_an")):
        r = settings.reference(ref_id)
        if r is not None:
            rows.append({"anciennete_drees": code, "valeur": r.valeur, "source": r.source})
    return pl.DataFrame(rows, schema={"anciennete_drees": pl.Utf8, "valeur": pl.Float64,
                                      "source": pl.Utf8})
