"""Insertion actions of the PDI (one row per action and year) and the persons' participations,
with outcomes that depend on the category (IAE and accompagnement vers l'emploi lead to jobs more
often than lien social)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from data.demo import calibration as cal
from data.demo.droits import D_EXT
from data.demo.outils import jour
from data.demo.parcours import ORGS, Orientations, PersonPeriods
from data.demo.population import Population
from data.demo.territoire import Territoire
from data.plan import load_plan
from data.schema import CLASSES_RESULTAT

MDCS_TOWN = {"BLO": "41018", "VEN": "41269", "ROM": "41194", "SUD": "41151", "NLC": "41136"}
ALL = "departement"
# libelle, categorie, fiche_action (number of a PDI fiche of the 2019-2022 plan, data/pdi), axe_pdi
# (the fiche's axe in the plan; checked by a test), porteur, territoire (ALL, a MDCS code or "*" for
# one action per MDCS), first year
CATALOGUE: tuple[tuple[str, str, int | None, int, str, str, int], ...] = (
    ("Accompagnement global vers l'emploi", "accompagnement_emploi", 7, 1, "France Travail", ALL, 2015),
    ("Coaching emploi des allocataires du RSA", "accompagnement_emploi", 5, 1,
     "Association Tremplin Emploi 41", "*", 2015),
    ("Job41 — mise en relation avec les employeurs", "accompagnement_emploi", 8, 1,
     "Conseil départemental de Loir-et-Cher (Job41)", ALL, 2017),
    ("Parrainage vers l'emploi", "accompagnement_emploi", 12, 2, "Réseau Parrains Solidaires", ALL, 2016),
    ("Chantier d'insertion espaces verts", "iae", 20, 4, "Chantiers Verts du Loir-et-Cher", "*", 2015),
    ("Recyclerie — atelier chantier d'insertion", "iae", 20, 4, "Recyclerie du Blaisois", "BLO", 2015),
    ("Entreprise d'insertion bâtiment", "iae", 20, 4, "Bâtir Ensemble Vendômois", "VEN", 2015),
    ("Association intermédiaire — mises à disposition", "iae", 20, 4,
     "Association Services Emploi 41", ALL, 2015),
    ("Lutte contre l'illettrisme — savoirs de base", "formation", 30, 9,
     "Organisme de formation Val de Loire", ALL, 2015),
    ("Formation préqualifiante métiers du soin et de l'aide", "formation", 15, 3,
     "Organisme de formation Val de Loire", "BLO", 2016),
    ("Français langue d'insertion", "formation", 30, 9, "Centre social des Provinces", "BLO", 2015),
    ("Garage solidaire — réparation et location de véhicules", "mobilite", 26, 9,
     "Garage solidaire Mobilité 41", ALL, 2019),
    ("Auto-école sociale", "mobilite", 26, 9, "Auto-école sociale de Sologne", "ROM", 2015),
    ("Auto-école sociale", "mobilite", 26, 9, "Auto-école sociale du Perche", "VEN", 2016),
    ("Bourse reprise d'emploi et de formation (BREF)", "mobilite", 21, 5,
     "Conseil départemental de Loir-et-Cher", ALL, 2015),
    ("Places de crèche à vocation d'insertion professionnelle", "garde_enfants", 22, 5,
     "Crèches Petits Pas", "BLO", 2017),
    ("Garde d'enfants en horaires atypiques", "garde_enfants", 22, 5, "Familles Rurales 41", ALL, 2016),
    ("Points numériques — ateliers d'inclusion numérique", "numerique", 37, 11,
     "Conseil départemental de Loir-et-Cher", "*", 2019),
    ("Accompagnement santé — bilans et accès aux soins", "sante", 27, 9, "Réseau Santé Précarité 41",
     ALL, 2015),
    ("Soutien psychologique des allocataires", "sante", 27, 9, "Point Écoute Blois", "BLO", 2018),
    ("Accompagnement social lié au logement", "logement", 25, 9, "Habitat et Insertion 41", ALL, 2015),
    ("Parcours emploi compétences — cofinancement", "contrat_aide", 7, 1,
     "Conseil départemental de Loir-et-Cher", ALL, 2015),
    ("Ateliers collectifs de remobilisation", "lien_social", 24, 8, "Centres sociaux de Loir-et-Cher",
     "*", 2015),
    ("Épicerie sociale et ateliers cuisine", "lien_social", 29, 9, "Épicerie solidaire de Blois", "BLO", 2015),
    ("Jardins partagés d'insertion", "lien_social", 29, 9, "Jardins du Loir", "VEN", 2016),
    ("Accompagnement à la création d'activité", "autre", 18, 4, "ECOPIA", ALL, 2015),
    ("Bénévolat et engagement citoyen", "lien_social", None, 13, "Maison des associations", "NLC", 2017),
    ("Accueil, évaluation et diagnostic d'employabilité", "autre", 9, 1,
     "Conseil départemental de Loir-et-Cher", "*", 2015),
    ("Accompagnement des travailleurs indépendants", "accompagnement_emploi", 19, 4,
     "Boutique de gestion Centre", ALL, 2015),
    ("Ateliers budget et accès aux droits", "autre", 29, 9, "Union départementale des CCAS", ALL, 2015),
    ("Clauses sociales dans les marchés publics", "accompagnement_emploi", 14, 2,
     "Conseil départemental de Loir-et-Cher", ALL, 2015),
    ("Bilan et orientation vers la formation", "formation", 17, 3, "Organisme de formation Val de Loire",
     ALL, 2015),
)
PLACES = {"accompagnement_emploi": (30, 90), "iae": (12, 40), "formation": (10, 25),
          "mobilite": (15, 50), "garde_enfants": (6, 20), "numerique": (15, 45), "sante": (15, 40),
          "logement": (15, 40), "contrat_aide": (20, 60), "lien_social": (10, 30), "autre": (10, 30)}
COST_PER_PLACE = {"accompagnement_emploi": 1500, "iae": 6000, "formation": 2800, "mobilite": 550,
                  "garde_enfants": 1200, "numerique": 350, "sante": 800, "logement": 1300,
                  "contrat_aide": 7000, "lien_social": 600, "autre": 900}
DURATION_MEAN = {"accompagnement_emploi": 180, "iae": 240, "formation": 120, "mobilite": 70,
                 "garde_enfants": 160, "numerique": 45, "sante": 120, "logement": 150,
                 "contrat_aide": 270, "lien_social": 170, "autre": 90}
# outcome class probabilities: emploi_durable, emploi_transition, sortie_positive, neutralisee, autre
OUTCOMES = {
    "iae": (.18, .25, .17, .08, .32), "accompagnement_emploi": (.20, .25, .12, .06, .37),
    "contrat_aide": (.22, .30, .10, .06, .32), "formation": (.08, .17, .35, .07, .33),
    "mobilite": (.12, .22, .10, .06, .50), "numerique": (.05, .10, .15, .05, .65),
    "garde_enfants": (.08, .15, .12, .07, .58), "sante": (.03, .07, .10, .20, .60),
    "logement": (.04, .08, .08, .10, .70), "lien_social": (.02, .05, .10, .08, .75),
    "autre": (.05, .10, .10, .08, .67),
}
CODE_P = {"emploi_durable": (.45, .45, .10), "emploi_transition": (.45, .35, .20),
          "sortie_positive": (.45, .35, .20), "neutralisee": (.4, .6), "autre_sortie": (.4, .45, .15)}
PRO_CATEGORIES = {"accompagnement_emploi", "iae", "contrat_aide", "formation"}


def orientation_of_axe(axe: int) -> int:
    """The orientation of an axe, as in the plan (O1 axes 1-5, O2 6-9, O3 10-11, O4 12-14)."""
    return load_plan().axe(axe).orientation


@dataclass
class Actions:
    rows: list[dict]  # action rows (contract columns but id as int index)
    part_person: np.ndarray
    part_action: np.ndarray
    part_entree: np.ndarray
    part_sortie: np.ndarray  # -1 while in progress
    part_resultat: np.ndarray  # object, None while in progress


def _instances(rng: np.random.Generator, towns: dict[str, str] | None = None,
               niveau: str = "mdcs") -> list[dict]:
    """The yearly actions; ``towns``: first-level unit → its main town (Loir-et-Cher's MDCS by
    default); a catalogue entry local to a 41 MDCS goes to the unit of the same rank elsewhere."""
    towns = towns or MDCS_TOWN
    units = list(towns)
    rows = []
    for year in range(2015, 2027):
        for lib, cat, fiche, axe, porteur, terr, first in CATALOGUE:
            if year < first:
                continue
            local_of = (units if terr == "*" else [terr] if terr == ALL
                        else [units[list(MDCS_TOWN).index(terr) % len(units)]])
            for m in local_of:
                if rng.random() > 0.93:  # not every action is renewed every year
                    continue
                lo, hi = PLACES[cat]
                places = int(rng.integers(lo, hi + 1))
                prevu = round(places * COST_PER_PLACE[cat] * rng.uniform(0.8, 1.2), -2)
                realise = None if year >= 2026 else round(prevu * rng.uniform(0.72, 1.05), 2)
                local = m != ALL
                own = cal.LIBELLES.get(lib, lib)  # the département's own titles and porteurs
                rows.append({
                    "libelle": f"{own} — {m}" if terr == "*" else own,
                    "fiche_action": fiche, "orientation_pdi": orientation_of_axe(axe), "axe_pdi": axe,
                    "categorie": cat, "porteur": cal.PORTEURS.get(porteur, porteur).replace(
                        "de Loir-et-Cher", cal.DE_DEPARTEMENT),
                    "territoire": f"{niveau}:{m}" if local else ALL,
                    "commune_insee": towns[m] if local else None, "annee": year,
                    "places_prevues": places, "budget_prevu": float(prevu),
                    "budget_realise": realise, "_mdcs": m if local else None,
                })
    return rows


def build_actions(rng: np.random.Generator, pop: Population, terr: Territoire,
                  pp: PersonPeriods, ori: Orientations, towns: dict[str, str] | None = None,
                  niveau: str = "mdcs") -> Actions:
    rows = _instances(rng, towns, niveau)
    mdcs = terr.mdcs[pop.foyer_unit[pop.pers_foyer[ori.person]]]
    pro = np.isin(np.array(ORGS)[ori.org], ["france_travail", "sise", "prestataire", "mission_locale"])
    end = np.minimum(pp.end[ori.pp], D_EXT) - 1
    persons, actions, entrees, sorties, results = [], [], [], [], []
    classes = list(CLASSES_RESULTAT)
    for a, row in enumerate(rows):
        y0, y1 = jour(date(row["annee"], 1, 1)), jour(date(row["annee"], 12, 31))
        lo = np.maximum(ori.day, y0)
        hi = np.minimum(end, y1)
        ok = lo <= hi
        if row["_mdcs"]:
            ok &= mdcs == row["_mdcs"]
        cand = np.flatnonzero(ok)
        n = min(cand.size, int(round(row["places_prevues"] * rng.uniform(0.65, 1.1))))
        if n == 0:
            continue
        cat = row["categorie"]
        w = np.where(pro[cand] == (cat in PRO_CATEGORIES), 3.0, 1.0)
        pick = rng.choice(cand, size=n, replace=False, p=w / w.sum())
        pick = pick[np.unique(ori.person[pick], return_index=True)[1]]
        entree = lo[pick] + np.floor(rng.random(pick.size) * (hi[pick] - lo[pick] + 1)).astype(np.int64)
        dur = np.maximum(7, rng.gamma(2.0, DURATION_MEAN[cat] / 2.0, size=pick.size)).astype(np.int64)
        sortie = entree + dur
        done = sortie <= D_EXT
        k = rng.choice(len(classes), size=pick.size, p=OUTCOMES[cat])
        res = np.empty(pick.size, dtype=object)
        for ci, cls in enumerate(classes):
            sel = k == ci
            codes = CLASSES_RESULTAT[cls]
            res[sel] = np.array(codes, dtype=object)[rng.choice(len(codes), size=sel.sum(), p=CODE_P[cls])]
        persons.append(ori.person[pick])
        actions.append(np.full(pick.size, a))
        entrees.append(entree)
        sorties.append(np.where(done, sortie, -1))
        results.append(np.where(done, res, None))
    return Actions(rows, np.concatenate(persons), np.concatenate(actions), np.concatenate(entrees),
                   np.concatenate(sorties), np.concatenate(results))
