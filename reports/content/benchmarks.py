"""Legal targets and national references beside an indicator in the packs: the registry's
``target`` / ``reference`` read through :mod:`indicators.views.references` (the same texts as the
dashboard)."""
from __future__ import annotations

from indicators.registry import REGISTRY, Indicator
from indicators.views.references import benchmark_text, national_of, target_of
from settings import Settings


def targets(settings: Settings) -> dict[str, tuple[float | None, str]]:
    """Legal targets per indicator: (value on the indicator's scale, or None when the target is
    the délai of the definition, text)."""
    out = {}
    for i in REGISTRY:
        t = target_of(settings, i)
        if t is not None:
            out[i] = (t.value if t.compared else None, t.text)
    return out


def reference_of(settings: Settings, ind: Indicator) -> tuple[float, str] | None:
    n = national_of(settings, ind.id)
    return (n.value, n.text) if n else None


def cible_text(settings: Settings, ind: Indicator) -> str:
    return benchmark_text(settings, ind.id)
