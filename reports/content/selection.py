"""Which indicators and territory levels a pack holds: the key cards, the level below a
territory (read from the référentiel's levels), the PDI orientations of an indicator's fiches,
its profile breakdown."""
from __future__ import annotations

from data import niveaux
from indicators.registry import Indicator

# The Synthèse page's key cards (issue 3), in this order; absent ids are skipped.
KEY_IDS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties",
           "delai_orientation_median_j", "part_orientes_dans_delai", "taux_cer_valide",
           "taux_sorties_dynamiques")


def orientations_of(ind: Indicator) -> set[int]:
    """PDI orientations (1-4) of the fiches the indicator serves (registry ``fiches``)."""
    return set(ind.orientations)


def profile_dim(ind: Indicator) -> str | None:
    return next((x for x in ind.dims if x not in ("mois", "mois_suivi", *niveaux.ids())), None)
