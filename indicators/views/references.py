"""Legal targets and national (DREES) references drawn beside an indicator."""
from __future__ import annotations

import polars as pl

from indicators.formatting import format_value, fr_number
from indicators.registry import REGISTRY

# National references (config.toml [[references]]) and legal targets ([objectifs]) per indicator.
REFERENCE_OF = {"delai_orientation_moyen_j": "delai_orientation_moyen_j",
                "taux_orientation": "taux_orientation", "taux_cer_valide": "taux_cer_valide",
                "part_orientations_france_travail": "part_france_travail",
                "delai_orientation_cer_median_j": "delai_orientation_cer_median_j"}
TARGET_OF = {"delai_orientation_moyen_j": ("delai_orientation_j", "Objectif légal"),
             "delai_orientation_median_j": ("delai_orientation_j", "Objectif légal"),
             "delai_orientation_km_median_j": ("delai_orientation_j", "Objectif légal"),
             "delai_orientation_cer_median_j": ("delai_contrat_j", "Délai légal du contrat"),
             "ep_delai_notification_moyen_j": ("delai_avis_ep_j", "Délai d'avis de l'EP"),
             "ep_delai_passage_moyen_j": ("delai_avis_ep_j", "Délai d'avis de l'EP")}


def reference_lines(settings, ind_id: str) -> list[tuple[float, str, str]]:
    """``(value, label, kind)`` lines to draw beside an indicator: its legal target
    (``kind="target"``) and its national DREES value (``kind="reference"``), labelled with their
    source. Values are in the indicator's own unit (fractions for rates)."""
    out = []
    t = TARGET_OF.get(ind_id)
    if t:
        v = getattr(settings.objectifs, t[0])
        out.append((float(v), f"{t[1]} : {v} jours", "target"))
    r = settings.reference(REFERENCE_OF.get(ind_id, "")) if ind_id in REFERENCE_OF else None
    if r is not None:
        fmt = REGISTRY[ind_id].format if ind_id in REGISTRY else "entier"
        shown = format_value(r.valeur, "pourcentage" if fmt == "pourcentage" else "entier")
        if fmt == "jours":
            shown = f"{fr_number(r.valeur)} jours"
        out.append((float(r.valeur), f"France : {shown} (DREES {r.annee})", "reference"))
    return out


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
