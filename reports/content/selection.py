"""Which indicators and territory levels a pack holds: the key cards, the level below a
territory (read from the référentiel's levels), the PDI orientations named by an indicator's fiche action, its profile breakdown."""
from __future__ import annotations

import re

from data import niveaux
from indicators.registry import Indicator

# The Synthèse page's key cards (issue 3), in this order; absent ids are skipped.
KEY_IDS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties",
           "delai_orientation_median_j", "part_orientes_dans_delai", "taux_cer_valide",
           "taux_sorties_dynamiques")
_ORIENT_RE = re.compile(r"Orientations?\s+([1-4](?:\s*(?:,|et|&|/)\s*[1-4])*)", re.IGNORECASE)


def orientations_of(ind: Indicator) -> set[int]:
    """PDI orientations (1-4) named in the indicator's ``fiche_action`` text."""
    out: set[int] = set()
    for m in _ORIENT_RE.finditer(ind.fiche_action or ""):
        out.update(int(d) for d in re.findall(r"[1-4]", m[1]))
    return out


def profile_dim(ind: Indicator) -> str | None:
    return next((x for x in ind.dims if x not in ("mois", *niveaux.ids())), None)
