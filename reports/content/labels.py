"""French labels of the breakdowns and codes written in a pack."""
from __future__ import annotations

from data.referentiel import NIVEAU_LABELS, SPECIAL_LABELS

DIM_LABELS = {
    "sexe": "Sexe", "tranche_age": "Tranche d'âge", "situation_familiale": "Situation familiale",
    "role": "Rôle", "anciennete": "Ancienneté dans le RSA", "motif_fin": "Motif de fin de droit",
    "type_orientation": "Type d'orientation", "organisme": "Organisme", "motif": "Motif",
    "prescripteur": "Prescripteur", "decision": "Décision", "categorie": "Catégorie d'action",
    "type_rdv": "Type de rendez-vous", "type_frein": "Type de frein", "nature": "Nature",
    "procedure": "Procédure", "classe_resultat": "Résultat", "orientation_pdi": "Orientation du PDI",
    "mois": "Mois", **{k: v for k, v in NIVEAU_LABELS.items()},
}
CODE_LABELS = {
    "F": "Femmes", "M": "Hommes", "moins_25": "Moins de 25 ans", "25_29": "25-29 ans",
    "30_39": "30-39 ans", "40_49": "40-49 ans", "50_59": "50-59 ans", "60_plus": "60 ans ou plus",
    "moins_3_mois": "Moins de 3 mois", "3_6_mois": "3 à 6 mois", "6_12_mois": "6 à 12 mois",
    "1_2_ans": "1 à 2 ans", "2_3_ans": "2 à 3 ans", "3_4_ans": "3 à 4 ans", "4_5_ans": "4 à 5 ans",
    "plus_5_ans": "5 ans ou plus", "france_travail": "France Travail", "cias_ccas": "CIAS / CCAS",
    "mdcs": "MDCS", "sise": "SISE", "espace_rsa": "Espace RSA",
}


def code_label(code: str | int | None) -> str:
    if code is None:
        return "Non renseigné"
    if not isinstance(code, str):  # a numeric breakdown (nb_enfants, mois_suivi)
        return str(code)
    if code in SPECIAL_LABELS:
        return SPECIAL_LABELS[code]
    if code in CODE_LABELS:
        return CODE_LABELS[code]
    return code.replace("_", " ").capitalize()
