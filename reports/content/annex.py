"""The methodology notes of the pack's annex."""
from __future__ import annotations

from data.niveaux import configure
from indicators.formatting import fr_date
from indicators.registry import TARGETS
from indicators.secret import rules_text
from reports.content.model import PackMeta
from settings import Settings


def _levels(settings: Settings) -> str:
    """« MDCS, cantons, EPCI, … » / « bassins d'emploi, cantons, … »: the configured levels below
    the département, named as the configuration names them."""
    lv = configure(tuple(settings.niveaux), settings.premier_niveau)
    return ", ".join(("cantons 2015" if n == "canton" else niv.libelle_pluriel)
                     for n, niv in lv.items() if n != "departement")


def methodology(meta: PackMeta, settings: Settings) -> list[tuple[str, str]]:
    o = settings.objectifs
    return [
        ("Source des données",
         f"Extraction « {meta.source} » du système d'information RSA du {meta.conseil}"
         f", au format du contrat d'extraction de Déclik insertion. "
         f"Date d'extraction : {fr_date(meta.date_extraction)}. Les calculs sont faits par "
         "l'application à partir des données individuelles ; seuls des agrégats sont publiés."),
        ("Période et comparaison",
         f"Période étudiée : {meta.periode.libelle} ({fr_date(meta.periode.debut)} – "
         f"{fr_date(meta.periode.fin)}). Comparaison : {meta.comparaison.libelle}. Les stocks sont "
         "pris au dernier jour de la période ; une fin de période postérieure à la date "
         "d'extraction est ramenée à celle-ci."),
        ("Territoire",
         f"{meta.territoire_label}. Les territoires ({_levels(settings)}) viennent "
         "du référentiel territorial livré avec l'application ; un enregistrement dont la commune "
         "est inconnue compte dans le total départemental seulement."),
        ("Cibles et références",
         " ; ".join(f"{t.label} : {getattr(o, t.setting)} jours ({t.source})" for t in TARGETS.values())
         + ". Références nationales : DREES, enquête OARSA ; chacune n'est placée qu'à côté de "
           "l'indicateur qui mesure la même chose (un stock à côté d'un stock, une moyenne à côté "
           "d'une moyenne)."),
        ("Secret statistique", rules_text(settings)),
    ]
