"""The pack's « Accès à l'offre d'insertion » section (PDI fiche 37, « production de la
cartographie » of the points numériques publics): the map of the share of personnes SDD living
more than ``[offre] distance_km`` from a public digital access point, with the places, and the
« territoires peu pourvus » table — the same layer and table as the Carte page
(:mod:`geo.offre`), through the same secret statistique. No section when ``lieu`` is absent."""
from __future__ import annotations

from geo import maps, offre
from indicators.context import Ctx
from reports.content.model import Chart, Section

GROUPE = "point_numerique"


def offre_section(ctx: Ctx, niveau: str | None) -> Section | None:
    """The section at ``niveau`` (the level below the pack's territory, the first level for the
    département), or None when the extraction has no ``lieu`` table or the level is a commune's
    own (a commune pack)."""
    pts = offre.places_table(ctx)
    if pts is None or niveau is None:
        return None
    lay = offre.access_layer(ctx, GROUPE, niveau)
    t = offre.peu_pourvus(lay, pts, GROUPE, ctx.settings.offre_distance_km)
    km = f"{ctx.settings.offre_distance_km:g}".replace(".", ",")
    titre = (f"Personnes SDD à plus de {km} km d'un point numérique public, par "
             f"{ctx.ref.nom_niveau(niveau)}")
    table = t.titled(f"Territoires peu pourvus en points numériques publics, par "
                     f"{ctx.ref.nom_niveau(niveau)}", (offre.indicator_id(GROUPE),),
                     note=t.note or "")
    fig = maps.static_figure(lay, maps.selected_code(ctx, niveau), width=1000, height=760,
                             places=pts.filter(pts["groupe"] == GROUPE))
    return Section("Accès à l'offre d'insertion",
                   intro=(f"Lieux de la table lieu de l'extraction ; distance à vol d'oiseau "
                          f"depuis le centroïde de la commune de résidence, seuil {km} km "
                          "([offre] distance_km)."),
                   items=[Chart(titre, fig, table, t.note or "", offre.indicator_id(GROUPE)),
                          table])
