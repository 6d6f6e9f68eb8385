"""French labels of the contract's codes and of the breakdown dimensions, for everything a person
reads (tables, charts, exports). Codes stay in the data; labels live here only."""
from __future__ import annotations

from functools import cache

from data.plan import fiche_of_action
from data.referentiel import CANTON_ND, INCONNU, NIVEAU_LABELS, SPECIAL_LABELS
from data.schema import CLASSES_RESULTAT

DIM_LABELS: dict[str, str] = {
    **NIVEAU_LABELS, "mois": "Mois", "annee": "Année", "sexe": "Sexe",
    "tranche_age": "Tranche d'âge", "age": "Âge", "situation_familiale": "Situation familiale",
    "role": "Rôle", "anciennete": "Ancienneté dans le RSA", "motif_fin": "Motif de fin de droit",
    "type_orientation": "Type d'orientation", "organisme": "Organisme référent",
    "origine": "Origine de l'orientation", "type_rdv": "Type de rendez-vous", "statut": "Statut",
    "motif": "Motif", "motif_ep": "Motif de saisine", "prescripteur": "Prescripteur",
    "decision": "Décision", "decision_ep": "Décision", "categorie": "Catégorie d'action",
    "resultat": "Résultat", "classe": "Classe de sortie", "classe_resultat": "Classe de sortie",
    "type_frein": "Type de frein", "nature": "Nature de l'aide", "procedure": "Procédure",
    "niveau_formation": "Niveau de formation", "plateforme": "Plateforme",
    "fiche_action": "Fiche action", "orientation_pdi": "Orientation du PDI", "axe_pdi": "Axe du PDI",
    "type_lieu": "Type de lieu", "porteur": "Porteur", "id_action": "Action", "libelle": "Action", "tranche_age_fajd": "Âge",
    "anciennete_drees": "Ancienneté dans le droit (DREES)", "tranche_age_jeune": "Âge", "tranche_age_pdi": "Âge (tranches du PDI)",
    "mois_suivi": "Mois depuis l'entrée", "valeur": "Valeur", "effectif": "Effectif", "numerateur": "Numérateur",
}

CODE_LABELS: dict[str, dict[str, str]] = {
    "sexe": {"F": "Femmes", "M": "Hommes"},
    "role": {"allocataire": "Allocataire", "conjoint": "Conjoint"},
    "tranche_age": {"moins_25": "Moins de 25 ans", "25_29": "25-29 ans", "30_39": "30-39 ans",
                    "40_49": "40-49 ans", "50_59": "50-59 ans", "60_plus": "60 ans et plus"},
    "anciennete": {"moins_3_mois": "Moins de 3 mois", "3_6_mois": "3 à 6 mois",
                   "6_12_mois": "6 à 12 mois", "1_2_ans": "1 à 2 ans", "2_3_ans": "2 à 3 ans",
                   "3_4_ans": "3 à 4 ans", "4_5_ans": "4 à 5 ans", "plus_5_ans": "5 ans et plus",
                   "moins_6_mois": "Moins de 6 mois", "plus_1_an": "Plus d'un an"},
    "situation_familiale": {
        "couple_avec_enfants": "Couple avec enfants", "couple_sans_enfant": "Couple sans enfant",
        "femme_seule_avec_enfants": "Femme seule avec enfants",
        "homme_seul_avec_enfants": "Homme seul avec enfants",
        "femme_seule_sans_enfant": "Femme seule sans enfant",
        "homme_seul_sans_enfant": "Homme seul sans enfant"},
    "motif_fin": {"reprise_activite": "Reprise d'activité",
                  "ressources_superieures": "Ressources supérieures au plafond",
                  "demenagement_hors_departement": "Déménagement hors département",
                  "sanction": "Sanction", "non_renouvellement": "Non-renouvellement",
                  "deces": "Décès", "autre": "Autre"},
    "type_orientation": {"sociale": "Sociale", "socio_professionnelle": "Socio-professionnelle",
                         "professionnelle": "Professionnelle"},
    "organisme": {"mdcs": "MDCS", "cias_ccas": "CIAS / CCAS", "france_travail": "France Travail",
                  "mission_locale": "Mission locale", "sise": "SISE", "prestataire": "Prestataire",
                  "autre": "Autre"},
    "type_lieu": {"mdcs": "Accueil social du Département (MDCS)",
                  "antenne_mdcs": "Antenne de l'accueil social du Département",
                  "france_travail": "France Travail", "mission_locale": "Mission locale",
                  "cias_ccas": "CCAS / CIAS", "point_numerique": "Point numérique public",
                  "siae": "Structure d'insertion par l'activité économique (SIAE)",
                  "organisme_formation": "Organisme de formation", "autre": "Autre lieu"},
    "origine": {"espace_rsa": "Espace RSA", "equipe_pluridisciplinaire":
                "Équipe pluridisciplinaire (réorientation)", "autre": "Autre"},
    "type_rdv": {"espace_rsa": "Espace RSA", "referent": "Référent",
                 "information_collective": "Information collective", "autre": "Autre"},
    "statut": {"honore": "Honoré", "absent": "Absent", "excuse": "Excusé", "annule": "Annulé"},
    "motif": {"non_respect_obligations": "Non-respect des obligations",
              "absence_rdv": "Absence à un rendez-vous", "absence_cer": "Absence de CER",
              "reorientation": "Réorientation", "autre": "Autre"},
    "decision": {"maintien": "Maintien", "reorientation": "Réorientation", "reduction": "Réduction",
                 "suspension": "Suspension", "radiation": "Radiation", "classement": "Classement",
                 "accordee": "Accordée", "refusee": "Refusée"},
    "categorie": {"accompagnement_emploi": "Accompagnement vers l'emploi",
                  "iae": "Insertion par l'activité économique", "formation": "Formation",
                  "mobilite": "Mobilité", "garde_enfants": "Garde d'enfants",
                  "numerique": "Numérique", "sante": "Santé", "logement": "Logement",
                  "contrat_aide": "Contrat aidé", "lien_social": "Lien social", "autre": "Autre"},
    "classe": {"emploi_durable": "Emploi durable", "emploi_transition": "Emploi de transition",
               "sortie_positive": "Sortie positive", "neutralisee": "Sortie neutralisée",
               "autre_sortie": "Autre sortie", "en_cours": "En cours",
               "non_renseigne": "Résultat non renseigné"},
    "resultat": {"cdi": "CDI", "cdd_6_mois_plus": "CDD de 6 mois ou plus",
                 "creation_entreprise": "Création d'entreprise",
                 "cdd_moins_6_mois": "CDD de moins de 6 mois", "interim": "Intérim",
                 "contrat_aide": "Contrat aidé", "formation_qualifiante": "Formation qualifiante",
                 "formation_autre": "Autre formation", "autre_siae": "Embauche dans une autre SIAE",
                 "demenagement": "Déménagement", "sante": "Santé", "abandon": "Abandon",
                 "sans_solution": "Sans solution", "autre": "Autre"},
    "type_frein": {"mobilite": "Mobilité", "garde_enfants": "Garde d'enfants", "sante": "Santé",
                   "logement": "Logement", "numerique": "Numérique",
                   "savoirs_de_base": "Savoirs de base", "ressources": "Ressources",
                   "autre": "Autre"},
    "nature": {"alimentaire": "Alimentaire", "transport_mobilite": "Transport, mobilité",
               "formation": "Formation", "logement": "Logement", "sante": "Santé",
               "autre": "Autre"},
    "procedure": {"urgence": "Urgence", "delegation": "Délégation", "commission": "Commission"},
    "niveau_formation": {"infra_3": "Infra 3 (sans diplôme)", "3": "Niveau 3 (CAP, BEP)",
                         "4": "Niveau 4 (bac)", "5_plus": "Niveau 5 et plus (bac + 2 et plus)"},
    "plateforme": {"job41": "Job41"},
    "tranche_age_jeune": {"18_20": "18-20 ans", "21_22": "21-22 ans", "23_25": "23-25 ans"},
    "tranche_age_pdi": {"18_20": "18-20 ans", "21_23": "21-23 ans", "24_25": "24-25 ans"},
}
# Aliases: other spellings of the same dimensions.
for _alias, _base in (("motif_ep", "motif"), ("decision_ep", "decision"),
                      ("decision_fajd", "decision"), ("classe_resultat", "classe"),
                      ("statut_rdv", "statut"), ("nature_fajd", "nature"),
                      ("procedure_fajd", "procedure"), ("prescripteur", "organisme"),
                      ("motif_saisine", "motif"), ("anciennete_drees", "anciennete")):
    CODE_LABELS.setdefault(_alias, CODE_LABELS[_base])
CODE_LABELS["classe"].update({k: CODE_LABELS["classe"].get(k, k) for k in CLASSES_RESULTAT})

# The natural order of ordered dimensions (others are sorted by value).
ORDERED_DIMS: dict[str, tuple[str, ...]] = {
    "tranche_age": tuple(CODE_LABELS["tranche_age"]),
    "anciennete": ("moins_3_mois", "3_6_mois", "6_12_mois", "1_2_ans", "2_3_ans", "3_4_ans",
                   "4_5_ans", "plus_5_ans"),
    "classe": ("emploi_durable", "emploi_transition", "sortie_positive", "autre_sortie",
               "neutralisee", "en_cours", "non_renseigne"),
    "anciennete_drees": ("moins_6_mois", "6_12_mois", "plus_1_an"),
    "tranche_age_jeune": ("18_20", "21_22", "23_25"),
    "tranche_age_pdi": ("18_20", "21_23", "24_25"),
    "mois_suivi": tuple(str(i) for i in range(61)),
    "niveau_formation": ("infra_3", "3", "4", "5_plus"),
}
ORDERED_DIMS["classe_resultat"] = ORDERED_DIMS["classe"]


def dim_label(dim: str, ref=None) -> str:
    """Column header of a dimension: ``Tranche d'âge``; a territorial level is named as the
    département configures it when ``ref`` (its :class:`~data.referentiel.Referentiel`) is given
    (« Bassin d'emploi » for the Loiret's zones d'emploi)."""
    if ref is not None and dim in ref.niveaux:
        return ref.libelle(dim)
    return DIM_LABELS.get(dim, dim.replace("_", " ").capitalize())


def dim_nom(dim: str, ref=None) -> str:
    """A dimension inside a sentence: « tranche d'âge », « bassin d'emploi », « MDCS »."""
    if ref is not None and dim in ref.niveaux:
        return ref.nom_niveau(dim)
    return dim_label(dim).lower()


@cache
def _orientation_titles() -> dict[str, str]:
    """« 1 » → « Prioriser l'accès et le retour à l'emploi » (the PDI's own words)."""
    from data.plan import load_plan

    try:
        return {str(o.numero): o.titre for o in load_plan().orientations}
    except OSError:  # no plan file: the bare number
        return {}


def code_label(dim: str, code) -> str:
    """French label of one code of a dimension; unknown codes are shown readably, never hidden."""
    if code is None:
        return "Non renseigné"
    s = str(code)
    if s in (CANTON_ND, INCONNU):
        return SPECIAL_LABELS[s]
    table = CODE_LABELS.get(dim)
    if table and s in table:
        return table[s]
    if dim == "mois_suivi":
        return f"{s} mois"
    if dim in ("orientation_pdi",):
        titre = _orientation_titles().get(s)
        return f"Orientation {s} — {titre}" if titre else f"Orientation {s}"
    if dim in ("axe_pdi",):
        return f"Axe {s}"
    if dim in ("fiche_action",):
        f = fiche_of_action(int(s)) if s.isdigit() else None
        return f.libelle if f is not None else f"Fiche action {s}"
    return s.replace("_", " ").capitalize() if "_" in s else s


def order_key(dim: str, code) -> tuple:
    """Sort key putting ordered dimensions in their natural order."""
    order = ORDERED_DIMS.get(dim)
    if order and code in order:
        return (0, order.index(code), "")
    return (1, 0, "" if code is None else str(code))
