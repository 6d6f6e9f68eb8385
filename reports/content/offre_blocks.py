"""The pack's « Accès à l'offre d'insertion » section (PDI fiche 37, « production de la
cartographie »; the territories « très peu pourvus en offre d'insertion »), in the comité and the
évaluation packs: the map of the needs (personnes SDD per 1 000 inhabitants) with every place of
``lieu`` by type, the share of the territory's personnes SDD living more than ``[offre]
distance_km`` from each type of place, and the « territoires peu pourvus » table of the level
below — the same panel as the Territoires fiche (:func:`geo.offre.access_panel`), through the same
secret statistique. No section when ``lieu`` is absent."""
from __future__ import annotations

from geo import offre
from indicators.context import Ctx
from indicators.views.tables import Table
from reports.content.model import Chart, Section

TITRE = "Accès à l'offre d'insertion"
MAP_NOTE = ("Points : les lieux de l'offre d'insertion de l'extraction, une couleur par type ; contours "
            "IGN Admin Express / INSEE.")


def _table(t: Table, titre: str, ids: tuple[str, ...]) -> Table:
    """The fiche's table under the pack's title (the same cells as the Territoires fiche)."""
    return t.titled(titre, ids, note=t.note or "")


def offre_section(ctx: Ctx, niveau: str | None) -> Section | None:
    """The section at ``niveau`` (the level below the pack's territory, the first level for the
    département; only the units inside the territory are ranked), or None when the extraction
    has no ``lieu`` table or the pack is a commune's (no level below)."""
    if niveau is None:
        return None
    a = offre.access_panel(ctx, niveau, restrict=True)
    if a is None:
        return None
    ids = tuple(offre.indicator_id(g) for g in a.groupes)
    km = f"{ctx.settings.offre_distance_km:g}".replace(".", ",")
    where = ctx.ref.departement_nom if ctx.territoire.is_departement else \
        ctx.ref.label(ctx.territoire.niveau, ctx.territoire.code)
    nom = ctx.ref.nom_niveau(niveau)
    by_type = _table(a.by_type, f"Personnes SDD à plus de {km} km d'un lieu de l'offre, par type "
                                f"de lieu — {where}", ids)
    ranking = _table(a.peu_pourvus, f"Territoires peu pourvus en offre d'insertion, par {nom} : "
                                     f"part des personnes SDD à plus de {km} km de chaque type de "
                                     "lieu", ids)
    titre = f"{a.layer.ind.label} et lieux de l'offre d'insertion, par {nom}"
    return Section(TITRE,
                   intro=(f"Lieux de l'offre d'insertion de l'extraction, par type ; distance à vol "
                          f"d'oiseau depuis le centroïde de la commune de résidence (pas de point "
                          f"pondéré par la population), seuil de {km} km."),
                   items=[Chart(titre, a.figure, ranking, MAP_NOTE, a.layer.ind.id),
                          by_type, ranking])
