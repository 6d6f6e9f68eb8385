"""Access to the insertion offer: for each commune, the great-circle distance to the nearest place
of each kind (optional table ``lieu``), and per territory the share of personnes SDD living more
than ``[offre] distance_km`` (default 15 km) from one.

Choices (also in the README):
- A commune's point is the centroid of its polygon, or a point inside it when the centroid falls
  outside (:meth:`data.referentiel.Referentiel.commune_points`); the référentiel has no
  population-weighted point. A place without coordinates stands at its commune's point (contract).
- Distances are great-circle (haversine, mean Earth radius 6 371 km), not road distances.
- A person counts in the commune of their foyer; a person whose commune is unknown is left out
  (no distance can be measured); a place whose commune is unknown and has no coordinates is
  left out too.
- MDCS and their antennes form one kind (« accueil social du Département »): a person can go to
  either. ``autre`` places are drawn on the maps but measured by no indicator.
- When the extraction has no place of a kind, its indicator is null (« aucune donnée »), never
  « 100 % éloignés ».
"""
from __future__ import annotations

import polars as pl

from data.referentiel import INCONNU
from indicators import aggregate as agg
from indicators.context import Ctx, shared_frame
from indicators.core.stocks import sdd_persons
from indicators.registry import PERSON_DIMS, REGISTRY, register

EARTH_RADIUS_KM = 6371.0
TABLES = ("lieu", "droit", "foyer", "personne")

# Kinds of place measured (group id → contract types, label used in sentences).
GROUPES: dict[str, tuple[tuple[str, ...], str]] = {
    "mdcs": (("mdcs", "antenne_mdcs"), "un accueil social du Département (MDCS ou antenne)"),
    "france_travail": (("france_travail",), "une agence France Travail"),
    "mission_locale": (("mission_locale",), "une mission locale"),
    "cias_ccas": (("cias_ccas",), "un CCAS ou CIAS"),
    "point_numerique": (("point_numerique",), "un point numérique public"),
    "siae": (("siae",), "une structure d'insertion par l'activité économique (SIAE)"),
    "organisme_formation": (("organisme_formation",), "un organisme de formation"),
}
SHORT = {"mdcs": "MDCS ou antenne", "france_travail": "France Travail",
         "mission_locale": "Mission locale", "cias_ccas": "CCAS / CIAS",
         "point_numerique": "Point numérique", "siae": "SIAE",
         "organisme_formation": "Organisme de formation"}
# PDI fiches served: fiche 37 (points numériques publics: « production de la cartographie »).
FICHES = {"point_numerique": ("PDI-37",)}


def indicator_id(groupe: str) -> str:
    return f"part_sdd_eloignes_{groupe}"


def groupe_of_type() -> pl.Expr:
    """The measured kind of a ``type_lieu`` (null for ``autre`` and unknown codes)."""
    e = pl.lit(None, dtype=pl.Utf8)
    for g, (types, _) in reversed(list(GROUPES.items())):
        e = pl.when(pl.col("type_lieu").is_in(list(types))).then(pl.lit(g)).otherwise(e)
    return e


def haversine_km(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """Great-circle distance (km) between two WGS84 points."""
    p1, p2 = lat1.radians(), lat2.radians()
    dphi, dlam = (lat2 - lat1).radians(), (lon2 - lon1).radians()
    a = (dphi / 2).sin() ** 2 + p1.cos() * p2.cos() * (dlam / 2).sin() ** 2
    return 2 * EARTH_RADIUS_KM * a.sqrt().arcsin()


def places(ctx: Ctx) -> pl.LazyFrame:
    """The places of ``lieu`` with a position: ``id_lieu, type_lieu, groupe, nom, commune_insee,
    latitude, longitude`` (a missing coordinate: the commune's point)."""
    pts = ctx.ref.commune_points().lazy().rename({"code_insee": "commune_insee", "latitude": "_lat",
                                                  "longitude": "_lon"})
    return (ctx.ext.lf("lieu")
            .join(pts, on="commune_insee", how="left")
            .with_columns(
                pl.when(pl.col("latitude").is_null() | pl.col("longitude").is_null())
                .then(pl.col("_lat")).otherwise(pl.col("latitude")).alias("latitude"),
                pl.when(pl.col("latitude").is_null() | pl.col("longitude").is_null())
                .then(pl.col("_lon")).otherwise(pl.col("longitude")).alias("longitude"),
                groupe_of_type().alias("groupe"))
            .filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
            .select("id_lieu", "type_lieu", "groupe", "nom", "commune_insee", "latitude",
                    "longitude"))


@shared_frame("offre_distances", ("lieu",))
def commune_distances(ctx: Ctx) -> pl.LazyFrame:
    """``commune, groupe, distance_km``: each commune of the référentiel to the nearest place of
    each measured kind present in the extraction (every commune × every place, then the min)."""
    pts = ctx.ref.commune_points().lazy().rename({"code_insee": "commune"})
    pl_ = places(ctx).filter(pl.col("groupe").is_not_null()).select(
        "groupe", pl.col("latitude").alias("_plat"), pl.col("longitude").alias("_plon"))
    return (pts.join(pl_, how="cross")
            .with_columns(haversine_km(pl.col("latitude"), pl.col("longitude"),
                                       pl.col("_plat"), pl.col("_plon")).alias("distance_km"))
            .group_by("commune", "groupe").agg(pl.col("distance_km").min())
            .sort("commune", "groupe"))


def _far(ctx: Ctx, by: tuple[str, ...], groupe: str) -> pl.LazyFrame:
    d = float(ctx.settings.offre_distance_km)
    dist = commune_distances(ctx).filter(pl.col("groupe") == groupe).select("commune", "distance_km")
    persons = sdd_persons(ctx).filter(pl.col("commune") != INCONNU).join(dist, on="commune",
                                                                          how="inner")
    return agg.rate(ctx, persons, pl.col("distance_km") > d, by)


def _register(groupe: str) -> None:
    _, words = GROUPES[groupe]

    def fn(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame:
        return _far(ctx, by, groupe)

    fn.__name__ = fn.__qualname__ = indicator_id(groupe)
    register(indicator_id(groupe),
             label=f"Personnes SDD éloignées ({SHORT[groupe]})",
             definition=(f"Parmi les personnes soumises aux droits et devoirs au dernier jour de la "
                         f"période dont la commune est connue : part vivant à plus de "
                         f"[offre] distance_km (15 km par défaut), à vol d'oiseau depuis le "
                         f"centroïde de leur commune, de {words} de la table lieu."),
             unit="%", format="pourcentage", better="baisse", kind="rate", unite_stat="personne",
             tables=TABLES, short=f"Éloignés : {SHORT[groupe]}", nature="stock",
             fiches=FICHES.get(groupe, ()), dims=PERSON_DIMS, core=False, theme="offre")(fn)


for _g in GROUPES:
    _register(_g)
    # a module attribute of the same name: the registered function pickles by reference
    # (Streamlit's cache pickles map layers, which hold their indicator)
    globals()[indicator_id(_g)] = REGISTRY[indicator_id(_g)].func
