"""Legal targets (config.toml ``[objectifs]``) and national references beside an indicator."""
from __future__ import annotations

from indicators.formatting import format_value
from indicators.registry import Indicator
from settings import Settings


def targets(settings: Settings) -> dict[str, tuple[float | None, str]]:
    """Legal targets of config.toml per indicator: (value on the indicator's scale or None, text)."""
    o = settings.objectifs
    return {
        "delai_orientation_moyen_j": (o.delai_orientation_j, f"cible légale {o.delai_orientation_j} j"),
        "delai_orientation_median_j": (o.delai_orientation_j, f"cible légale {o.delai_orientation_j} j"),
        "part_orientes_dans_delai": (None, f"délai cible {o.delai_orientation_j} j"),
        "delai_orientation_cer_median_j": (o.delai_contrat_j, f"cible légale {o.delai_contrat_j} j"),
        "part_cer_dans_delai": (None, f"délai cible {o.delai_contrat_j} j"),
        "ep_delai_notification_moyen_j": (o.delai_avis_ep_j, f"repère {o.delai_avis_ep_j} j (avis EP)"),
    }


def reference_of(settings: Settings, ind: Indicator) -> tuple[float, str] | None:
    r = settings.reference(ind.id)
    if r is None:
        return None
    return r.valeur, f"France {r.annee} : {format_value(r.valeur, ind.format)}"


def cible_text(settings: Settings, ind: Indicator) -> str:
    parts = []
    t = targets(settings).get(ind.id)
    if t:
        parts.append(t[1].capitalize())
    r = settings.reference(ind.id)
    if r is not None:
        parts.append(f"France : {format_value(r.valeur, ind.format)} ({r.source})")
    return " ; ".join(parts)
