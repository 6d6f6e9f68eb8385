"""Published Loir-et-Cher figures the demonstration reproduces, and the model's other parameters.

Sources: ``shared/referentiel/chiffres_publies_41.md`` (PDI-PTI 2019-2022). Every figure the demo
must tell is written here once; the other modules only read these constants.

Reconciling the published figures. The head-count at 31/12/2017 (9 294 allocataires + conjoints)
and the foyers bénéficiaires (7 228 in June 2016, 6 809 in June 2018) imply ~1.34 persons per
foyer, while the situation familiale table (20.1 % of couples) implies ~1.20: the published sources
do not count the same population (the head-count most likely includes suspended droits). A foyer
of the contract has one allocataire and, for couples only, one conjoint; so the demo places every
figure inside its tolerance rather than on its centre: persons at 98 % of the published count in
every cell, couples at 23.5 % (+1.7 points each), and foyers ~2.7 % above the published June
figures. See :data:`HEADCOUNT_FACTOR`, :data:`SITUATIONS_ANCRAGE`, :data:`STOCK_CIBLES`.
"""
from __future__ import annotations

from datetime import date

DEPARTEMENT = "41"
SOURCE = "Démonstration Déclik — données synthétiques (Loir-et-Cher)"
DEFAULT_SEED = 41_2017

DATE_DEBUT = date(2015, 1, 1)  # first day the demo tells
DATE_EXTRACTION = date(2026, 11, 1)
ANCRAGE = date(2017, 12, 31)  # the day of the published profile
DEBUT_RSA = date(2004, 1, 1)  # earliest opening of the long-term stock (RMI converted in 2009)

# RSA head-count (allocataires + conjoints) at 31/12/2017 by MDCS and 2015 canton.
EFFECTIFS_2017: tuple[tuple[str, str, int], ...] = (
    ("BLO", "4102", 1829), ("BLO", "4103", 766), ("BLO", "4104", 346), ("BLO", "4115", 347),
    ("BLO", "4108", 49),
    ("VEN", "4114", 771), ("VEN", "4109", 449), ("VEN", "4106", 330),
    ("NLC", "4101", 531), ("NLC", "4108", 188), ("NLC", "4105", 274),
    ("ROM", "4110", 1131), ("ROM", "4113", 447), ("ROM", "4112", 255), ("ROM", "4105", 69),
    ("SUD", "4111", 573), ("SUD", "4107", 548), ("SUD", "4112", 341), ("SUD", "4104", 50),
)
HEADCOUNT_FACTOR = 0.98  # persons generated per published person (see the module docstring)

FOYERS_JUIN_2016 = 7228
FOYERS_JUIN_2018 = 6809

# Situation familiale of the foyers at 31/12/2017: published shares, and the shares generated.
SITUATIONS_PUBLIEES = {
    "couple_avec_enfants": 16.6, "couple_sans_enfant": 3.5, "femme_seule_avec_enfants": 25.7,
    "homme_seul_avec_enfants": 3.0, "femme_seule_sans_enfant": 16.6, "homme_seul_sans_enfant": 34.6,
}
SITUATIONS_ANCRAGE = {
    "couple_avec_enfants": 18.3, "couple_sans_enfant": 5.2, "femme_seule_avec_enfants": 24.7,
    "homme_seul_avec_enfants": 2.5, "femme_seule_sans_enfant": 15.8, "homme_seul_sans_enfant": 33.5,
}
COUPLES = ("couple_avec_enfants", "couple_sans_enfant")
AVEC_ENFANTS = ("couple_avec_enfants", "femme_seule_avec_enfants", "homme_seul_avec_enfants")

# Ancienneté at 31/12/2017 (share, first and last opening month of the band).
ANCIENNETE_2017: tuple[tuple[str, float, date, date], ...] = (
    ("moins_3_mois", 8.0, date(2017, 10, 1), date(2017, 12, 31)),
    ("3_6_mois", 5.0, date(2017, 7, 1), date(2017, 9, 30)),
    ("6_12_mois", 9.0, date(2017, 1, 1), date(2017, 6, 30)),
    ("1_2_ans", 13.0, date(2016, 1, 1), date(2016, 12, 31)),
    ("2_3_ans", 10.0, date(2015, 1, 1), date(2015, 12, 31)),
    ("3_4_ans", 8.0, date(2014, 1, 1), date(2014, 12, 31)),
    ("4_5_ans", 7.0, date(2013, 1, 1), date(2013, 12, 31)),
    ("plus_5_ans", 40.0, DEBUT_RSA, date(2012, 12, 31)),
)
# Annual exit probability after 31/12/2017 by ancienneté band (≈ 22 % leave within a year).
SORTIE_ANNUELLE_ANCRAGE = {
    "moins_3_mois": 0.45, "3_6_mois": 0.40, "6_12_mois": 0.35, "1_2_ans": 0.26, "2_3_ans": 0.22,
    "3_4_ans": 0.20, "4_5_ans": 0.18, "plus_5_ans": 0.14,
}

# Allocataires' age at 31/12/2017: 53 % under 40, a quarter 50 and over.
AGES_2017: tuple[tuple[int, int, float], ...] = (
    (20, 24, 6.0), (25, 29, 16.0), (30, 39, 31.0), (40, 49, 22.0), (50, 59, 19.0), (60, 64, 6.0),
)
# Age of a new entrant's allocataire at the opening.
AGES_ENTREE: tuple[tuple[int, int, float], ...] = (
    (20, 24, 9.0), (25, 29, 24.0), (30, 39, 30.0), (40, 49, 19.0), (50, 59, 14.0), (60, 64, 4.0),
)

# Stock of foyers bénéficiaires (end of month): anchors of the trajectory. The 2016 and 2018
# points sit ~2.7 % above the published figures (module docstring); afterwards slight changes.
STOCK_JUIN_2016 = 7420
STOCK_CIBLES: tuple[tuple[date, int], ...] = (
    (date(2018, 6, 30), 7000), (date(2019, 6, 30), 6940), (date(2020, 3, 31), 6900),
    (date(2020, 12, 31), 7260), (date(2021, 12, 31), 7060), (date(2022, 12, 31), 6890),
    (date(2024, 6, 30), 6800), (date(2026, 10, 31), 6870),
)
# Entries per month before 2018 (new and returning foyers), before seasonality.
ENTREES_MENSUELLES_2015_2017 = (150, 150, 165)
SAISONNALITE = (1.05, 0.95, 1.0, 0.95, 0.9, 0.85, 0.9, 0.85, 1.15, 1.2, 1.1, 1.1)
PART_RETOURS = 0.28  # share of exits followed by a return
DUREE_MIN_J = 62  # shortest droit period

# Mean délai d'orientation of entrants (days) by opening date: ~4 months in 2015, ~2 in 2018,
# under 42 days from 2019 (espaces RSA from October 2018).
DELAI_ORIENTATION: tuple[tuple[date, float], ...] = (
    (date(2004, 1, 1), 180.0), (date(2015, 1, 1), 150.0), (date(2016, 1, 1), 128.0),
    (date(2017, 1, 1), 104.0), (date(2018, 1, 1), 80.0), (date(2018, 10, 1), 52.0),
    (date(2019, 6, 1), 35.0), (date(2026, 11, 1), 28.0),
)
DEBUT_ESPACES_RSA = date(2018, 10, 1)
PART_JAMAIS_ORIENTES = 0.04

# Organisme of a first orientation (share) and its type; France Travail 25-30 %.
ORGANISMES = {
    "france_travail": 0.30, "mdcs": 0.30, "cias_ccas": 0.08, "sise": 0.16, "mission_locale": 0.04,
    "prestataire": 0.09, "autre": 0.03,
}
TYPE_DE_ORGANISME = {
    "france_travail": "professionnelle", "mdcs": "sociale", "cias_ccas": "sociale",
    "sise": "socio_professionnelle", "mission_locale": "socio_professionnelle",
    "prestataire": "socio_professionnelle", "autre": "sociale",
}

# RSA montant forfaitaire for one person (euros), by date of revaluation.
MONTANT_FORFAITAIRE: tuple[tuple[date, float], ...] = (
    (date(2014, 9, 1), 509.30), (date(2015, 9, 1), 524.16), (date(2016, 4, 1), 524.68),
    (date(2016, 9, 1), 535.17), (date(2017, 4, 1), 536.78), (date(2017, 9, 1), 545.48),
    (date(2018, 4, 1), 550.93), (date(2019, 4, 1), 559.74), (date(2020, 4, 1), 564.78),
    (date(2021, 4, 1), 565.34), (date(2022, 4, 1), 575.52), (date(2022, 7, 1), 598.54),
    (date(2023, 4, 1), 607.75), (date(2024, 4, 1), 635.71), (date(2025, 4, 1), 646.52),
    (date(2026, 4, 1), 651.69),
)

# FAJD applications per year: -33 % from 2015 to 2018, then roughly stable.
FAJD_DEMANDES = {2015: 960, 2016: 860, 2017: 760, 2018: 640, 2019: 615, 2020: 690, 2021: 630,
                 2022: 605, 2023: 590, 2024: 585, 2025: 575, 2026: 480}
FAJD_NATURES = {"alimentaire": 0.46, "transport_mobilite": 0.22, "logement": 0.12,
                "formation": 0.09, "sante": 0.05, "autre": 0.06}

# Job41 registrations per year (from January 2017): > 1 500 CV by 2018, ~400 proposals.
JOB41_INSCRIPTIONS = {2017: 1050, 2018: 780, 2019: 520, 2020: 430, 2021: 440, 2022: 420,
                      2023: 410, 2024: 400, 2025: 390, 2026: 320}

# Number of children of a foyer with children (1 to 5), and the share of the household's
# montant that resources leave to pay (1.0 = the 41 calibration).
ENFANTS_PROBA = (0.45, 0.32, 0.15, 0.06, 0.02)
FACTEUR_MONTANT = 1.0
RIPPLE = 185.0  # amplitude (foyers) of the seasonal ripple of the stock
DE_DEPARTEMENT = "de Loir-et-Cher"  # « Conseil départemental de Loir-et-Cher »
# Porteurs and titles of the actions of data.demo.actions.CATALOGUE, replaced in another
# département's demo (its own towns and networks); empty here: the catalogue's own.
PLATEFORME = "job41"  # code of the département's job platform (table inscription_plateforme)
PORTEURS: dict[str, str] = {}
LIBELLES: dict[str, str] = {}

# The constants a département's own calibration may replace (:func:`activate`).
REPLACEABLE = ("DEPARTEMENT", "SOURCE", "EFFECTIFS_2017", "FOYERS_JUIN_2016",
               "FOYERS_JUIN_2018", "STOCK_JUIN_2016", "STOCK_CIBLES", "ENTREES_MENSUELLES_2015_2017",
               "FAJD_DEMANDES", "JOB41_INSCRIPTIONS", "ENFANTS_PROBA", "FACTEUR_MONTANT", "RIPPLE",
               "DE_DEPARTEMENT", "PLATEFORME", "PORTEURS", "LIBELLES", "DELAI_ORIENTATION", "DEBUT_ESPACES_RSA",
               "PART_JAMAIS_ORIENTES", "ORGANISMES", "FAJD_NATURES")
_LOIR_ET_CHER = {k: globals()[k] for k in REPLACEABLE}


def activate(departement: str, ref=None) -> None:
    """Make the module's constants those of ``departement``'s demo: Loir-et-Cher's (above), or
    the Loiret's (:mod:`data.demo.calibration_45`, built from its référentiel ``ref``). The demo
    modules read ``cal.X`` at call time; :func:`data.demo.generate` activates then restores."""
    g = globals()
    g.update(_LOIR_ET_CHER)
    if departement == "41":
        return
    if departement != "45":
        raise ValueError(f"Pas de démonstration calibrée pour le département {departement} "
                         "(disponibles : 41, 45).")
    from data.demo import calibration_45

    g.update(calibration_45.constants(ref, _LOIR_ET_CHER))
