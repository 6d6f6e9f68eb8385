"""The dashboard's pages, declared once: the router (``app.py``) builds its navigation from this
list and the page tests run every entry (a test checks that every file exists)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the project root
    title: str
    icon: str
    url_path: str
    section: str
    default: bool = False
    # What a reader expects to see at the top of the page (tests check them).
    headline: tuple[str, ...] = ()
    # Roles that see the page (empty: every role).
    roles: tuple[str, ...] = ()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/synthese.py", "Synthèse", ":material/dashboard:", "synthese", "Vue d'ensemble",
             default=True, headline=("Foyers bénéficiaires du RSA",)),
    PageSpec("pages/territoires.py", "Territoires", ":material/location_city:", "territoires",
             "Vue d'ensemble", headline=("Fiche territoire",)),
    PageSpec("pages/carte.py", "Carte", ":material/map:", "carte", "Vue d'ensemble"),
    PageSpec("pages/plan.py", "Plan d'action PDI-PTI", ":material/account_tree:", "plan",
             "Plan d'action", headline=("Critères d'évaluation mesurés", "Axe 1 — Définir une stratégie")),
    PageSpec("pages/partenaires.py", "Actions et partenaires", ":material/handshake:", "partenaires",
             "Plan d'action", headline=("Fiche partenaire", "Taux de remplissage")),
    PageSpec("pages/allocataires.py", "Allocataires", ":material/groups:", "allocataires",
             "Publics et parcours", headline=("Foyers bénéficiaires du RSA",)),
    PageSpec("pages/parcours.py", "Parcours et délais", ":material/timeline:", "parcours",
             "Publics et parcours", headline=("Délai médian d'orientation",)),
    PageSpec("pages/orientations.py", "Orientations et accompagnement", ":material/alt_route:",
             "orientations", "Publics et parcours", headline=("Orientations",)),
    PageSpec("pages/equipes.py", "Équipes pluridisciplinaires", ":material/gavel:", "equipes",
             "Publics et parcours", headline=("Saisines",)),
    PageSpec("pages/actions.py", "Actions d'insertion", ":material/work:", "actions",
             "Offre d'insertion", headline=("Participants",)),
    PageSpec("pages/freins.py", "Freins périphériques", ":material/block:", "freins",
             "Offre d'insertion", headline=("Freins",)),
    PageSpec("pages/jeunes.py", "Jeunes (FAJD)", ":material/school:", "jeunes",
             "Offre d'insertion", headline=("Aides",)),
    PageSpec("pages/budget.py", "Budget", ":material/euro:", "budget", "Offre d'insertion",
             headline=("RSA versé",)),
    PageSpec("pages/rapports.py", "Rapports", ":material/description:", "rapports",
             "Outils"),
    PageSpec("pages/qualite.py", "Qualité des données", ":material/fact_check:", "qualite",
             "Outils", headline=("Qualité des données",)),
    PageSpec("pages/definitions.py", "Définitions", ":material/menu_book:", "definitions",
             "Outils", headline=("Définitions des indicateurs",)),
    PageSpec("pages/journal.py", "Journal des exports", ":material/history:", "journal",
             "Outils", headline=("Journal des exports",), roles=("direction",)),
)


def available_pages(role: str | None = None) -> list[PageSpec]:
    """The pages (that ``role`` may see, when given), in menu order."""
    return [p for p in PAGES if role is None or not p.roles or role in p.roles]


def sections(role: str | None = None) -> dict[str, list[PageSpec]]:
    out: dict[str, list[PageSpec]] = {}
    for p in available_pages(role):
        out.setdefault(p.section, []).append(p)
    return out
