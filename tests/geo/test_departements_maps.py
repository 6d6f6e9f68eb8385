"""The maps on both configured départements (Loir-et-Cher, config.toml; the Loiret,
config.45.toml): every configured level's polygons cover the département without gap or overlap,
the préfecture and sous-préfectures come from the référentiel, and on a small synthetic
extraction the static and folium maps draw the first level with the places of the offer by type,
and the access panel (shares by type, « territoires peu pourvus ») at the first level."""
from __future__ import annotations

from datetime import date

import pytest
import shapely

from data.opening import open_extraction
from data.referentiel import referentiel_of
from geo import geometry as G
from geo import maps, offre
from indicators import engine
from tests.helpers.config import config_settings
from tests.pages import synthetic

COUNTS = {"41": {"commune": 267, "canton": 15, "mdcs": 5, "epci": 12, "arrondissement": 3,
                 "zone_emploi": 6, "departement": 1},
          "45": {"commune": 325, "canton": 21, "zone_emploi": 4, "epci": 16, "arrondissement": 3,
                 "departement": 1}}
PREFECTURE = {"41": "Blois", "45": "Orléans"}


@pytest.mark.parametrize("dep", ["41", "45"])
def test_every_level_covers_the_departement(dep):
    ref = referentiel_of(config_settings(dep))
    dep_geom = G.level_geometries("departement", "moyen", ref).to_crs(G.LAMBERT93).geometry.iloc[0]
    for niveau, n in COUNTS[dep].items():
        g = G.level_geometries(niveau, "moyen", ref)
        assert len(g) == n, niveau
        assert g["code"].tolist() == ref.units(niveau)["code"].to_list()
        if niveau == "departement":
            continue
        union = shapely.union_all(g.to_crs(G.LAMBERT93).geometry.values)
        areas = g.to_crs(G.LAMBERT93).area.sum() / 1e6
        assert areas == pytest.approx(union.area / 1e6, rel=1e-4), niveau  # no overlap
        assert union.symmetric_difference(dep_geom).area / 1e6 < 0.05, niveau  # no gap
    cl = G.chefs_lieux(ref)
    assert PREFECTURE[dep] in cl["nom"].to_list()
    assert cl.height == 3  # préfecture and two sous-préfectures (the arrondissements' chefs-lieux)


@pytest.fixture(scope="module", params=["41", "45"])
def ctx(request, tmp_path_factory):
    s = config_settings(request.param)
    ref = referentiel_of(s)
    url = synthetic.write(tmp_path_factory.mktemp(f"m{request.param}") / "s.sqlite",
                          n_foyers=300, ref=ref)
    op = open_extraction(s.with_url(url))
    return engine.make_ctx(op.extraction, op.referentiel, s.with_url(url), date(2025, 1, 1),
                           date(2025, 12, 31))


def test_maps_of_the_first_level_with_the_places(ctx):
    ref = ctx.ref
    first = ref.premier_niveau
    lay = maps.layer(ctx, "personnes_sdd", first)
    assert lay.title == f"{lay.ind.label} par {ref.nom_niveau(first)} — {ref.departement_nom}"
    pts = offre.places_table(ctx)
    fig = maps.static_figure(lay, places=pts)
    legend = [t.name or "" for t in fig.data]
    types = sorted(set(pts["type_libelle"].to_list()))
    for label in types:  # one legend entry per type of place, with its count
        n = int((pts["type_libelle"] == label).sum())
        assert f"{label} ({n})" in legend
    html = maps.interactive_map(lay, ctx.settings, places=pts).get_root().render()
    for label in types:
        assert label.replace("'", "&#x27;") in html or label in html


def test_access_panel_at_the_first_level(ctx):
    a = offre.access_panel(ctx, ctx.ref.premier_niveau)
    assert a is not None and len(a.groupes) == 7
    assert a.by_type.display["Type de lieu"].to_list() == [offre.SHORT[g] for g in a.groupes]
    assert a.peu_pourvus.display.height == ctx.ref.units(ctx.ref.premier_niveau).height
    assert a.peu_pourvus.display.columns[:2] == ["Rang", ctx.ref.libelle(ctx.ref.premier_niveau)]
    pts = offre.places_table(ctx)
    labels = set(pts["type_libelle"].to_list())
    drawn = [t for t in a.figure.data if (t.name or "").rsplit(" (", 1)[0] in labels]
    assert sum(len(t.lat) for t in drawn) == pts.height  # every place, of every type


def test_breakdown_headers_name_the_level_as_configured(ctx):
    """A breakdown by the first level is headed as the département names it (« MDCS »,
    « Bassin d'emploi » — not the catalogue's « Zone d'emploi »), alone or side by side."""
    from indicators import distributions, views

    first = ctx.ref.premier_niveau
    want = {"41": "MDCS", "45": "Bassin d'emploi"}[ctx.ref.departement]
    b = views.breakdown(ctx, "personnes_sdd", (first,))
    assert b.ok and b.table.display.columns[0] == want
    d = distributions.delay_quantiles(ctx, first)
    assert d.table is not None and d.table.display.columns[0] == want


def test_peu_pourvus_tables_read_the_same_way(ctx):
    """The Carte's table (one kind of place) and the Territoires' and packs' one (every kind)
    start alike — rank, then unit — with the denominator under the same header and the same
    value for a unit (it was « – » in the every-kind table as soon as one kind was masked,
    beside the count the one-kind table shows)."""
    niveau = "canton" if "canton" in ctx.ref.level_ids else ctx.ref.premier_niveau
    a = offre.access_panel(ctx, niveau)
    pts = offre.places_table(ctx)
    every = a.peu_pourvus.display
    unit = ctx.ref.libelle(niveau)
    for g in a.groupes:
        one = offre.peu_pourvus(offre.access_layer(ctx, g, niveau), pts, g,
                                ctx.settings.offre_distance_km).display
        assert one.columns[:2] == every.columns[:2] == ["Rang", unit]
        assert offre.DENOMINATOR in one.columns and offre.DENOMINATOR in every.columns
        mine = dict(zip(one[unit], one[offre.DENOMINATOR], strict=True))
        for nom, n in zip(every[unit], every[offre.DENOMINATOR], strict=True):
            if mine[nom] != "–":
                assert n == mine[nom], (g, nom, n, mine[nom])
