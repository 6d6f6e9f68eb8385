"""The Loiret's demo: Loir-et-Cher's model with the Loiret's own behaviour parameters and action
porteurs (:data:`PORTEURS`), scaled and placed on the Loiret's communes, calibrated
on what the Département published (rapport d'activité / PDI of the Loiret):

- 14 293 foyers bénéficiaires of the RSA in September 2017, « soit 28 485 personnes couvertes »
  (allocataires, conjoints and children);
- 87,9 M€ of RSA paid in 2017.

Loir-et-Cher's demo has 7 368 foyers in September 2017, 15 421 persons covered (2,09 per foyer)
and 47,7 M€ paid in 2017 (6 478 € per foyer). The Loiret's figures give 1,99 persons per foyer
and 6 150 € per foyer: the counts are scaled by k = 14 293 / 7 368, children are slightly fewer
(:data:`ENFANTS_PROBA`) and the montant 3,5 % lower (:data:`FACTEUR_MONTANT`). A test recomputes
the three figures through the indicator library (±3 %).

Where the foyers live: the published head-count by territory is not available for the Loiret;
the cells are the (bassin d'emploi × canton) pairs of the référentiel, each with persons in
proportion to population^1.15 (RSA is more urban), Orléans split between its five cantons by the
estimate of ``population_communes_partagees.csv``.
"""
from __future__ import annotations

from datetime import date

PUBLIE_FOYERS_SEPT_2017 = 14293
PUBLIE_PERSONNES_COUVERTES_SEPT_2017 = 28485
PUBLIE_RSA_2017_EUROS = 87.9e6
DATE_PUBLIEE = date(2017, 9, 30)

# Loir-et-Cher's demo at the same date (measured; see the module docstring).
FOYERS_41_SEPT_2017 = 7368
SCALE = PUBLIE_FOYERS_SEPT_2017 / FOYERS_41_SEPT_2017
PERSONS_PER_PUBLISHED_41 = 9294  # Loir-et-Cher's published head-count behind its anchor stock
URBAN_EXPONENT_45 = 1.15


# The Loiret's own behaviour (plausible, not published figures): orientation slower to improve
# than in Loir-et-Cher (no espace RSA; an orientation platform from 2020), France Travail a larger
# share of first orientations (the Orléans metropolis), more CCAS, fewer SISE.
# mean délai d'orientation of entrants (days) by opening date (year, month): 190 days in 2004 …
_DELAIS = {(2004, 1): 190.0, (2015, 1): 160.0, (2016, 1): 140.0, (2017, 1): 120.0,
           (2018, 1): 100.0, (2020, 1): 70.0, (2021, 6): 50.0, (2026, 11): 38.0}
DELAI_ORIENTATION = tuple((date(y, m, 1), v) for (y, m), v in _DELAIS.items())
DEBUT_PLATEFORME_ORIENTATION = date(2020, 1, 1)
PART_JAMAIS_ORIENTES = 0.06
# shares of the organismes of a first orientation (same keys as Loir-et-Cher's)
ORGANISMES = dict(france_travail=0.36, mdcs=0.25, cias_ccas=0.11, sise=0.10, mission_locale=0.05,
                  prestataire=0.10, autre=0.03)
FAJD_NATURES = {"alimentaire": 0.42, "transport_mobilite": 0.26, "logement": 0.14,
                "formation": 0.08, "sante": 0.04, "autre": 0.06}
# The actions' porteurs in the Loiret (fictitious structures named after real Loiret towns and
# places of the référentiel: Gien, Montargis, Orléans, Pithiviers, the Gâtinais, the Loing); a
# catalogue entry local to a 41 MDCS goes to the bassin of the same rank (Blois → Gien, Vendôme
# → Montargis, Romorantin → Orléans, Sud-Loire → Pithiviers, Nord-Loir-et-Cher → Gien).
PORTEURS = {
    "Association Tremplin Emploi 41": "Association Tremplin Emploi 45",
    "Conseil départemental de Loir-et-Cher (Job41)":
        "Conseil départemental du Loiret (plateforme emploi)",
    "Réseau Parrains Solidaires": "Parrainage Emploi Orléanais",
    "Chantiers Verts du Loir-et-Cher": "Chantiers Verts du Loiret",
    "Recyclerie du Blaisois": "Recyclerie du Giennois",
    "Bâtir Ensemble Vendômois": "Bâtir Ensemble Montargois",
    "Association Services Emploi 41": "Association Services Emploi 45",
    "Organisme de formation Val de Loire": "Centre de formation Orléans Loire",
    "Centre social des Provinces": "Centre social de Gien",
    "Garage solidaire Mobilité 41": "Garage solidaire Mobilité 45",
    "Auto-école sociale de Sologne": "Auto-école sociale d'Orléans",
    "Auto-école sociale du Perche": "Auto-école sociale du Gâtinais",
    "Crèches Petits Pas": "Crèches Petits Pas du Giennois",
    "Familles Rurales 41": "Garde d'enfants solidaire 45",
    "Réseau Santé Précarité 41": "Réseau Santé Précarité 45",
    "Point Écoute Blois": "Point Écoute Gien",
    "Habitat et Insertion 41": "Habitat et Insertion 45",
    "Centres sociaux de Loir-et-Cher": "Centres sociaux du Loiret",
    "Épicerie solidaire de Blois": "Épicerie solidaire de Gien",
    "Jardins du Loir": "Jardins du Loing",
    "ECOPIA": "Couveuse d'activités du Pithiverais",
    "Maison des associations": "Maison des associations de Gien",
    "Boutique de gestion Centre": "Boutique de gestion Orléanais",
    "Union départementale des CCAS": "Union des CCAS du Loiret",
}
LIBELLES = {"Job41 — mise en relation avec les employeurs":
            "Plateforme emploi du Loiret — mise en relation avec les employeurs"}


def _cells(ref, total: int) -> tuple[tuple[str, str, int], ...]:
    """(bassin d'emploi, canton, persons) for every pair of the référentiel, summing to ``total``."""
    import polars as pl

    col = ref.niveau(ref.premier_niveau).colonne_code
    c = ref.communes
    whole = c.filter(pl.col("cantons_2015").list.len() == 1).select(
        pl.col(col).alias("u"), pl.col("cantons_2015").list.first().alias("k"), "population")
    parts = ref.split_population.join(c.select("code_insee", pl.col(col).alias("u")),
                                      on="code_insee").select(
        "u", pl.col("canton_code").alias("k"), pl.col("population_estimee").alias("population"))
    w = (pl.concat([whole, parts])
         .with_columns((pl.col("population").cast(pl.Float64).clip(1) ** URBAN_EXPONENT_45)
                       .alias("w"))
         .group_by("u", "k").agg(pl.col("w").sum()).sort("u", "k"))
    share = w["w"] / w["w"].sum()
    persons = (share * total).round().cast(pl.Int64).to_list()
    return tuple((u, k, int(p)) for (u, k), p in zip(w.select("u", "k").rows(), persons,
                                                       strict=True))


def constants(ref, base: dict) -> dict:
    """The Loiret's values of :data:`data.demo.calibration.REPLACEABLE`."""
    if ref is None:
        raise ValueError("la démonstration du Loiret a besoin de son référentiel")
    k = SCALE
    return {
        "DEPARTEMENT": "45",
        "SOURCE": "Démonstration Déclik — données synthétiques (Loiret)",
        "EFFECTIFS_2017": _cells(ref, int(round(PERSONS_PER_PUBLISHED_41 * k))),
        "FOYERS_JUIN_2016": int(round(base["FOYERS_JUIN_2016"] * k)),
        "FOYERS_JUIN_2018": int(round(base["FOYERS_JUIN_2018"] * k)),
        "STOCK_JUIN_2016": int(round(base["STOCK_JUIN_2016"] * k)),
        "STOCK_CIBLES": tuple((d, int(round(v * k))) for d, v in base["STOCK_CIBLES"]),
        "ENTREES_MENSUELLES_2015_2017": tuple(int(round(v * k))
                                              for v in base["ENTREES_MENSUELLES_2015_2017"]),
        "FAJD_DEMANDES": {y: int(round(v * k)) for y, v in base["FAJD_DEMANDES"].items()},
        "JOB41_INSCRIPTIONS": {y: int(round(v * k)) for y, v in base["JOB41_INSCRIPTIONS"].items()},
        "ENFANTS_PROBA": (0.55, 0.29, 0.11, 0.04, 0.01),
        "FACTEUR_MONTANT": 0.965,
        "RIPPLE": base["RIPPLE"] * k,
        "DE_DEPARTEMENT": "du Loiret",
        "PLATEFORME": "plateforme_emploi_45",
        "PORTEURS": PORTEURS,
        "LIBELLES": LIBELLES,
        "DELAI_ORIENTATION": DELAI_ORIENTATION,
        "DEBUT_ESPACES_RSA": DEBUT_PLATEFORME_ORIENTATION,
        "PART_JAMAIS_ORIENTES": PART_JAMAIS_ORIENTES,
        "ORGANISMES": ORGANISMES,
        "FAJD_NATURES": FAJD_NATURES,
    }
