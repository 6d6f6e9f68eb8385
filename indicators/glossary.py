"""The glossary: every acronym and term of the dashboard explained once, in plain French (the
Définitions page lists it; help texts can point to it)."""
from __future__ import annotations

GLOSSAIRE: dict[str, str] = {
    "RSA": "Revenu de solidarité active : allocation versée par le Département aux foyers aux "
           "ressources faibles, avec un accompagnement vers l'insertion.",
    "Foyer": "Le foyer allocataire : l'allocataire, son éventuel conjoint et les personnes à "
             "charge. Un droit au RSA est ouvert pour un foyer.",
    "SDD": "Soumis aux droits et devoirs : allocataire ou conjoint tenu de rechercher un emploi "
           "ou d'entreprendre des démarches d'insertion, et qui a droit à un accompagnement.",
    "Orientation": "Décision qui désigne l'organisme chargé d'accompagner une personne SDD : "
                   "professionnelle (vers l'emploi, souvent France Travail), sociale ou "
                   "socio-professionnelle.",
    "CER": "Contrat d'engagement réciproque : contrat signé entre la personne accompagnée et son "
           "référent (hors France Travail), qui fixe ses démarches d'insertion.",
    "Référent": "Professionnel qui accompagne une personne orientée.",
    "MDCS": "Maison départementale de la cohésion sociale : le service territorial du "
            "Département (5 en Loir-et-Cher) qui accompagne les allocataires.",
    "Canton": "Circonscription électorale du conseiller départemental (15 en Loir-et-Cher). "
              "« Canton non déterminé » : les foyers de Blois et du Controis-en-Sologne, "
              "communes partagées entre plusieurs cantons, dont l'adresse ne dit pas le canton.",
    "EPCI": "Établissement public de coopération intercommunale : communauté de communes ou "
            "d'agglomération.",
    "SISE": "Service insertion sociale et emploi : organisme référent de l'accompagnement "
            "socio-professionnel.",
    "CIAS / CCAS": "Centre (inter)communal d'action sociale : service social de la commune ou "
                   "de l'intercommunalité, qui peut être référent RSA.",
    "France Travail": "L'opérateur public de l'emploi (anciennement Pôle emploi).",
    "EP": "Équipe pluridisciplinaire : instance qui examine les situations des personnes qui ne "
          "respectent pas leurs engagements (réduction, suspension ou radiation du RSA) et "
          "donne un avis sur les réorientations.",
    "OARSA": "Organisme d'accompagnement du RSA (désigné par l'orientation).",
    "FAJD": "Fonds d'aide aux jeunes en difficulté : aides ponctuelles du Département aux "
            "18-25 ans (alimentation, transport, formation, logement, santé).",
    "PDI": "Programme départemental d'insertion : la politique d'insertion votée par le "
           "Département, organisée en orientations, axes et fiches actions.",
    "PTI": "Pacte territorial d'insertion : les engagements des partenaires (État, France "
           "Travail, communes…) autour du PDI.",
    "Fiche action": "Une action du PDI, avec ses objectifs et ses critères d'évaluation.",
    "Sortie dynamique": "Sortie d'une action d'insertion vers l'emploi durable, un emploi de "
                        "transition ou une sortie positive (formation, etc.) — classification "
                        "de la DARES.",
    "DARES": "Direction de l'animation de la recherche, des études et des statistiques du "
             "ministère du Travail.",
    "DREES": "Direction de la recherche, des études, de l'évaluation et des statistiques des "
             "ministères sociaux : elle publie les chiffres nationaux de référence.",
    "Délai légal d'orientation": "Le Code de l'action sociale et des familles demande "
                                 "d'orienter un nouvel allocataire dans un délai court ; la "
                                 "cible du Département est dans les réglages.",
    "Entrants / entrées": "« Entrées dans le RSA » compte les droits ouverts dans la période "
                          "(un par foyer) ; « entrants » compte les personnes de ces foyers : "
                          "les deux chiffres diffèrent (un foyer peut compter deux personnes).",
    "Stock / flux": "Un stock se compte à une date (foyers bénéficiaires au dernier jour) ; un "
                    "flux sur une période (entrées, sorties, orientations du mois).",
    "Mois complet": "Un mois entièrement connu à la date d'extraction ; chaque table a son "
                    "dernier mois complet, et les comparaisons portent sur les mêmes mois.",
    "Secret statistique": "Sous le niveau département, les petits effectifs sont masqués "
                          "(« < 5 ») et les taux sur trop peu de personnes ne sont pas affichés.",
    "Pour 1 000 habitants": "Le nombre rapporté à la population légale du territoire (INSEE), "
                            "pour comparer des territoires de tailles différentes.",
    "Quantiles": "Classes de carte qui mettent le même nombre de territoires dans chaque couleur.",
    "Seuils naturels (Jenks)": "Classes de carte placées aux ruptures entre les valeurs : les "
                               "territoires proches ont la même couleur.",
    "Entonnoir (funnel plot)": "Graphique qui montre, pour chaque territoire, si son taux "
                               "s'écarte du taux départemental plus que le hasard ne le "
                               "permet vu sa taille.",
    "INSEE": "Institut national de la statistique et des études économiques (codes des "
             "communes, populations légales).",
}


def _de(name: str) -> str:
    """« de Blois », « du Controis-en-Sologne », « d'Orléans »."""
    for art, de in (("Le ", "du "), ("Les ", "des "), ("La ", "de la "), ("L'", "de l'")):
        if name.startswith(art):
            return de + name[len(art):]
    return ("d'" if name[:1].lower() in "aeiouyéèêâîôh" else "de ") + name


def of_departement(ref) -> dict[str, str]:
    """The glossary of the configured département (``ref``: its référentiel): the counts of its
    own cantons and split communes, and its first level when it is not the MDCS (« Bassin
    d'emploi » in the Loiret)."""
    g = dict(GLOSSAIRE)
    n = ref.units("canton").height
    names = ref.unit_names("commune")
    split = [names.get(c, c) for c in sorted(ref.split_communes)]
    g["Canton"] = f"Circonscription électorale du conseiller départemental ({n} dans le département)."
    if split:
        many = len(split) > 1
        g["Canton"] += (f" « Canton non déterminé » : les foyers {' et '.join(_de(s) for s in split)}"
                        f", commune{'s' if many else ''} partagée{'s' if many else ''} entre "
                        "plusieurs cantons, dont l'adresse ne dit pas le canton.")
    first = ref.premier_niveau
    if first != "mdcs":
        g["MDCS"] = ("Maison départementale de la cohésion sociale : le service territorial d'un "
                     "Département qui accompagne les allocataires ; « MDCS » désigne aussi, dans "
                     "les orientations, l'accompagnement par le service social du Département.")
        g[ref.libelle(first)] = (
            f"Le premier niveau territorial du tableau de bord dans ce département "
            f"({ref.units(first).height} {ref.niveau(first).libelle_pluriel})"
            + (" : les zones d'emploi de l'INSEE (2020), où la plupart des actifs résident et "
               "travaillent." if first == "zone_emploi" else "."))
    return g


def glossary_rows(query: str = "", ref=None) -> list[tuple[str, str]]:
    """``(terme, définition)`` sorted, filtered on ``query`` (accents and case ignored); the
    département's own terms when its référentiel ``ref`` is given."""
    from indicators.views.dictionary import _fold

    q = _fold(query or "")
    g = GLOSSAIRE if ref is None else of_departement(ref)
    rows = sorted(g.items(), key=lambda kv: _fold(kv[0]))
    return [(t, d) for t, d in rows if not q or q in _fold(t) or q in _fold(d)]
