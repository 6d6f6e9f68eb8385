"""The extraction contract (shared/contract/EXTRACTION.md v1) as data.

Every other module — loader, validation, demo generator, tests — reads the tables, columns,
types, codes and keys from here, so that the contract is written once in code.
"""
from __future__ import annotations

from dataclasses import dataclass

# Column kinds. "text" columns with `codes` are enumerations.
TEXT, DATE, INT, NUM, BOOL, REAL = "text", "date", "int", "num", "bool", "real"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    nullable: bool = False
    codes: tuple[str, ...] | None = None
    fk: str | None = None  # "table.column"
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    pk: str | None = None
    needs: tuple[str, ...] = ()  # other tables this one is meaningless without

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SITUATIONS_FAMILIALES = (
    "couple_avec_enfants", "couple_sans_enfant", "femme_seule_avec_enfants",
    "homme_seul_avec_enfants", "femme_seule_sans_enfant", "homme_seul_sans_enfant",
)
MOTIFS_FIN = (
    "reprise_activite", "ressources_superieures", "demenagement_hors_departement", "sanction",
    "non_renouvellement", "deces", "autre",
)
TYPES_ORIENTATION = ("sociale", "socio_professionnelle", "professionnelle")
ORGANISMES = ("mdcs", "cias_ccas", "france_travail", "mission_locale", "sise", "prestataire", "autre")
ORIGINES = ("espace_rsa", "equipe_pluridisciplinaire", "autre")
TYPES_RDV = ("espace_rsa", "referent", "information_collective", "autre")
STATUTS_RDV = ("honore", "absent", "excuse", "annule")
MOTIFS_EP = ("non_respect_obligations", "absence_rdv", "absence_cer", "reorientation", "autre")
PRESCRIPTEURS = ("mdcs", "cias_ccas", "france_travail", "mission_locale", "sise", "autre")
DECISIONS_EP = ("maintien", "reorientation", "reduction", "suspension", "radiation", "classement")
CATEGORIES_ACTION = (
    "accompagnement_emploi", "iae", "formation", "mobilite", "garde_enfants", "numerique", "sante",
    "logement", "contrat_aide", "lien_social", "autre",
)
CLASSES_RESULTAT: dict[str, tuple[str, ...]] = {
    "emploi_durable": ("cdi", "cdd_6_mois_plus", "creation_entreprise"),
    "emploi_transition": ("cdd_moins_6_mois", "interim", "contrat_aide"),
    "sortie_positive": ("formation_qualifiante", "formation_autre", "autre_siae"),
    "neutralisee": ("demenagement", "sante"),
    "autre_sortie": ("abandon", "sans_solution", "autre"),
}
RESULTATS = tuple(code for codes in CLASSES_RESULTAT.values() for code in codes)
CLASSE_DU_RESULTAT = {code: cls for cls, codes in CLASSES_RESULTAT.items() for code in codes}
TYPES_FREIN = ("mobilite", "garde_enfants", "sante", "logement", "numerique", "savoirs_de_base",
               "ressources", "autre")
NATURES_FAJD = ("alimentaire", "transport_mobilite", "formation", "logement", "sante", "autre")
PROCEDURES_FAJD = ("urgence", "delegation", "commission")
DECISIONS_FAJD = ("accordee", "refusee")
TYPES_LIEU = ("mdcs", "antenne_mdcs", "france_travail", "mission_locale", "cias_ccas",
              "point_numerique", "siae", "organisme_formation", "autre")
NIVEAUX_FORMATION = ("infra_3", "3", "4", "5_plus")

C = Column
TABLES: dict[str, Table] = {t.name: t for t in (
    Table("extraction", (C("date_extraction", DATE), C("departement", TEXT), C("source", TEXT)),
          required=True),
    Table("foyer", (
        C("id_foyer", TEXT), C("commune_insee", TEXT), C("canton_code", TEXT, nullable=True),
        C("situation_familiale", TEXT, codes=SITUATIONS_FAMILIALES), C("nb_enfants", INT, min_value=0),
    ), required=True, pk="id_foyer"),
    Table("personne", (
        C("id_personne", TEXT), C("id_foyer", TEXT, fk="foyer.id_foyer"),
        C("role", TEXT, codes=("allocataire", "conjoint")), C("sexe", TEXT, codes=("F", "M")),
        C("date_naissance", DATE), C("niveau_formation", TEXT, nullable=True, codes=NIVEAUX_FORMATION),
    ), required=True, pk="id_personne"),
    Table("droit", (
        C("id_droit", TEXT), C("id_foyer", TEXT, fk="foyer.id_foyer"), C("date_ouverture", DATE),
        C("date_fin", DATE, nullable=True), C("motif_fin", TEXT, nullable=True, codes=MOTIFS_FIN),
    ), required=True, pk="id_droit"),
    Table("orientation", (
        C("id_orientation", TEXT), C("id_personne", TEXT, fk="personne.id_personne"),
        C("date_orientation", DATE), C("type_orientation", TEXT, codes=TYPES_ORIENTATION),
        C("organisme", TEXT, codes=ORGANISMES), C("origine", TEXT, codes=ORIGINES),
        C("date_debut_accompagnement", DATE, nullable=True),
    ), required=True, pk="id_orientation"),
    Table("cer", (
        C("id_cer", TEXT), C("id_personne", TEXT, fk="personne.id_personne"),
        C("date_signature", DATE), C("date_fin", DATE),
    ), pk="id_cer"),
    Table("rendez_vous", (
        C("id_rdv", TEXT), C("id_personne", TEXT, fk="personne.id_personne"), C("date_rdv", DATE),
        C("type_rdv", TEXT, codes=TYPES_RDV), C("statut", TEXT, codes=STATUTS_RDV),
    ), pk="id_rdv"),
    Table("ep_saisine", (
        C("id_saisine", TEXT), C("id_personne", TEXT, fk="personne.id_personne"),
        C("date_saisine", DATE), C("motif", TEXT, codes=MOTIFS_EP),
        C("prescripteur", TEXT, codes=PRESCRIPTEURS), C("date_passage_ep", DATE, nullable=True),
        C("decision", TEXT, nullable=True, codes=DECISIONS_EP),
        C("date_notification", DATE, nullable=True),
    ), pk="id_saisine"),
    Table("action", (
        C("id_action", TEXT), C("libelle", TEXT), C("fiche_action", INT, nullable=True),
        C("orientation_pdi", INT, min_value=1, max_value=4), C("axe_pdi", INT, min_value=1, max_value=14),
        C("categorie", TEXT, codes=CATEGORIES_ACTION), C("porteur", TEXT), C("territoire", TEXT),
        C("commune_insee", TEXT, nullable=True), C("annee", INT),
        C("places_prevues", INT, nullable=True), C("budget_prevu", NUM, nullable=True),
        C("budget_realise", NUM, nullable=True),
    ), pk="id_action"),
    Table("participation", (
        C("id_participation", TEXT), C("id_personne", TEXT, fk="personne.id_personne"),
        C("id_action", TEXT, fk="action.id_action"), C("date_entree", DATE),
        C("date_sortie", DATE, nullable=True), C("resultat", TEXT, nullable=True, codes=RESULTATS),
    ), pk="id_participation", needs=("action",)),
    Table("frein", (
        C("id_personne", TEXT, fk="personne.id_personne"), C("type_frein", TEXT, codes=TYPES_FREIN),
        C("date_diagnostic", DATE), C("date_levee", DATE, nullable=True),
    )),
    Table("plateforme_emploi", (
        C("id_personne", TEXT, fk="personne.id_personne"), C("plateforme", TEXT),
        C("date_inscription", DATE), C("cv_depose", BOOL), C("nb_propositions", INT, min_value=0),
    )),
    Table("aide_fajd", (
        C("id_aide", TEXT), C("date_demande", DATE), C("date_decision", DATE, nullable=True),
        C("commune_insee", TEXT), C("sexe", TEXT, codes=("F", "M")),
        C("age", INT, min_value=18, max_value=25), C("nature", TEXT, codes=NATURES_FAJD),
        C("procedure", TEXT, codes=PROCEDURES_FAJD),
        C("decision", TEXT, nullable=True, codes=DECISIONS_FAJD), C("montant", NUM, nullable=True),
    ), pk="id_aide"),
    Table("paiement", (
        C("id_foyer", TEXT, fk="foyer.id_foyer"), C("mois", DATE), C("montant", NUM),
    )),
    Table("lieu", (
        C("id_lieu", TEXT), C("type_lieu", TEXT, codes=TYPES_LIEU), C("nom", TEXT),
        C("commune_insee", TEXT), C("latitude", REAL, nullable=True),
        C("longitude", REAL, nullable=True),
    ), pk="id_lieu"),
)}
del C

REQUIRED_TABLES = tuple(n for n, t in TABLES.items() if t.required)
OPTIONAL_TABLES = tuple(n for n, t in TABLES.items() if not t.required)

# French labels of the tables, for messages.
TABLE_LABELS = {
    "extraction": "extraction", "foyer": "foyers", "personne": "personnes", "droit": "droits RSA",
    "orientation": "orientations", "cer": "contrats (CER)", "rendez_vous": "rendez-vous",
    "ep_saisine": "saisines d'équipe pluridisciplinaire", "action": "actions d'insertion",
    "participation": "participations aux actions", "frein": "freins périphériques",
    "plateforme_emploi": "inscriptions plateforme emploi", "aide_fajd": "aides FAJD",
    "paiement": "paiements RSA", "lieu": "lieux de l'offre d'insertion",
}
