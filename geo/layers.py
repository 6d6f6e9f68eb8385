"""The values drawn on a map: one row per unit of a level, already masked and formatted.

:func:`territory_values` takes every unit of a level from :func:`indicators.compare.territory_table`
(the library's per-unit values, the département value, funnel limits), applies the secret
statistique (:func:`indicators.secret.mask`) and keeps only what may be shown:

- a masked unit (count between 1 and ``seuil − 1``, or a rate / mean / median whose denominator is
  below ``seuil``) has ``valeur``, ``effectif``, ``numerateur``, difference, rank and limits all null,
  ``masque`` true and ``texte`` « secret statistique »;
- ranks are recomputed over the visible units only (a gap in the ranks would tell where a hidden
  unit stands);
- a unit with no denominator at all (no entrant, no rendez-vous...) is « aucune donnée ».

Nothing here draws: :mod:`geo.folium_map` and :mod:`geo.static_map` draw this table.
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

import indicators.rates  # noqa: F401  (registers the per-1 000-inhabitant indicators)
from data.load import Extraction
from data.referentiel import Referentiel
from geo.classes import Classes, Scheme, classify
from indicators.compare import has_control_limits, is_additive, territory_table
from indicators.context import Ctx
from indicators.coverage import PROVISIONAL, measured
from indicators.formatting import fmt, format_delta, format_value, fr_date
from indicators.registry import REGISTRY, Indicator, map_ids
from indicators.secret import SECRET_LABEL, mask, mask_units, with_pattern
from indicators.views import Table
from indicators.views.availability import level_and_departement

NO_DATA_LABEL = "aucune donnée"
SHARE = "Part du département"  # a count's or sum's column in the comparison table

def map_indicators(ext: Extraction | None = None) -> list[str]:
    """The indicators offered on the maps (registry ``carte``, in menu order) and, given an
    extraction, computable on it."""
    ids = map_ids()
    if ext is not None:
        ids = [i for i in ids if ext.has(*REGISTRY[i].tables)]
    return ids


def format_map_value(ind: Indicator, value: float | None) -> str:
    if value is None:
        return NO_DATA_LABEL
    text = format_value(value, ind.format)
    if ind.per_population:
        return f"{text}\u202f‰"
    return text


def period_text(ctx: Ctx, ind_id: str) -> str:
    """« au 31/12/2025 » for stocks, « du 01/01/2025 au 31/12/2025 » otherwise."""
    if REGISTRY[ind_id].is_stock:
        return f"au {fr_date(ctx.fin)}"
    return f"du {fr_date(ctx.debut)} au {fr_date(ctx.fin)}"


def _visible_rank(ind: Indicator) -> pl.Expr:
    v = pl.when(~pl.col("masque") & ~pl.col("_special")).then(pl.col("valeur")).otherwise(None)
    return v.rank(method="min", descending=ind.better != "baisse").cast(pl.Int64)


def territory_values(ctx: Ctx, ind_id: str, niveau: str, special: bool = False) -> pl.DataFrame:
    """Every unit of ``niveau``: ``code, nom, population, valeur, effectif, numerateur, masque,
    sans_donnee, texte, valeur_departement, ecart, rang`` and the funnel columns
    (``limite_*``, ``alerte_95``, ``significatif``), masked. The context's territory is ignored
    (all units; the département is the reference); its period is used.

    The records no unit holds (canton « non déterminé », unknown commune) are masked *with* the
    units, as the Territoires table does (one pattern of the level: masked without them, a unit
    hidden there to protect a small « non déterminé » would be shown here); they are not drawn,
    so they are returned only with ``special`` (column ``_special``, unranked, listed last)."""
    ind = REGISTRY[ind_id]
    level = whole = None
    if niveau != "departement":
        levels, wholes = level_and_departement(ctx, [ind_id], niveau)
        level, whole = levels.get(ind_id), wholes.get(ind_id)
    raw = territory_table(ctx, ind_id, niveau, None if level is None or whole is None
                          else (level.raw, whole))
    units = set(ctx.ref.units(niveau)["code"].to_list())
    t = raw.with_columns((~pl.col("code").is_in(list(units))).alias("_special"))
    per_pop = ind.per_population
    no_denominator = ind.kind != "count" and not per_pop
    empty = pl.col("effectif").is_null() | (pl.col("effectif") == 0)
    t = t.with_columns((pl.lit(no_denominator) & empty).alias("sans_donnee"),
                       (pl.lit(per_pop) & empty).alias("_zero"))
    if level is not None:  # the level's one pattern (the Territoires table's, every unit's cards)
        t = with_pattern(t, ind_id, ctx.settings, level.pattern.rename({niveau: "code"}), "code")
    elif niveau != "departement":  # no breakdown by the level: every value null
        t = mask_units(t, ind_id, ctx.settings, ctx.ref, niveau, "code")
    else:
        t = mask(t, ind_id, ctx.settings, False)
    # No person counted (per 1 000 inhabitants; a unit without any record has a null count):
    # 0 ‰ is no secret.
    t = t.with_columns(
        pl.when(pl.col("_zero")).then(0.0).otherwise(pl.col("valeur")).alias("valeur"),
        pl.when(pl.col("_zero")).then(0).otherwise(pl.col("effectif")).alias("effectif"),
        (pl.col("masque") & ~pl.col("_zero") & ~pl.col("sans_donnee")).alias("masque"),
    )
    lo95, lo998 = pl.col("limite_basse_95"), pl.col("limite_basse_998")
    t = t.with_columns(  # a zero rate is below every lower limit that is above zero
        pl.when(pl.col("_zero") & lo95.is_not_null()).then(lo95 > 0)
        .otherwise(pl.col("alerte_95")).alias("alerte_95"),
        pl.when(pl.col("_zero") & lo998.is_not_null()).then(lo998 > 0)
        .otherwise(pl.col("significatif")).alias("significatif"),
    ).drop("_zero")
    hidden = pl.col("masque") | pl.col("sans_donnee")
    nulls = ["valeur", "effectif", "numerateur", "ecart", "limite_basse_95", "limite_haute_95",
             "limite_basse_998", "limite_haute_998", "alerte_95", "significatif"]
    t = t.with_columns([pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c)
                        for c in nulls if c in t.columns])
    t = t.with_columns(pl.when(hidden | pl.col("_special")).then(None)
                       .otherwise(_visible_rank(ind)).alias("rang"))
    texts = [SECRET_LABEL if m else (NO_DATA_LABEL if s else format_map_value(ind, v))
             for v, m, s in zip(t["valeur"].to_list(), t["masque"].to_list(),
                                t["sans_donnee"].to_list(), strict=True)]
    t = t.with_columns(pl.Series("texte", texts, dtype=pl.Utf8))
    return t if special else t.filter(~pl.col("_special")).drop("_special")


@dataclass(frozen=True)
class MapLayer:
    """Everything a map of one indicator at one level needs (values masked, classes made)."""

    ind: Indicator
    niveau: str
    table: pl.DataFrame  # territory_values + ``classe`` (label) and ``couleur``
    classes: Classes
    valeur_departement: float | None
    texte_departement: str
    title: str
    periode: str
    source: str
    seuil: int
    ref: Referentiel  # the département's référentiel: its levels, polygons, chefs-lieux
    note: str | None = None  # the window when it is not the period's (indicators.coverage.window)
    # the text of a drawn unit that is not in ``table``: outside a user's scope
    # (:meth:`access.scope.Scope.filter_layer`), the map's tooltip and legend say so
    absent: str = NO_DATA_LABEL
    # the records no unit holds (canton « non déterminé »…), masked with the units, not drawn:
    # listed after them in the comparison table so that its rows add up to the département
    extra: pl.DataFrame | None = None

    @property
    def niveau_label(self) -> str:
        return self.ref.libelle(self.niveau)

    @property
    def niveau_nom(self) -> str:
        return self.ref.nom_niveau(self.niveau)

    @property
    def n_masked(self) -> int:
        return int(self.table["masque"].sum())

    @property
    def n_no_data(self) -> int:
        return int(self.table["sans_donnee"].sum())


def map_title(ind: Indicator, niveau: str, ref: Referentiel) -> str:
    return f"{ind.label} par {ref.nom_niveau(niveau)} — {ref.departement_nom}"


def build_layer(ctx: Ctx, ind_id: str, niveau: str, scheme: Scheme = "quantiles",
                k: int = 5) -> MapLayer:
    """Values, classes (``scheme`` over the visible values) and texts of a map."""
    ind = REGISTRY[ind_id]
    ctx, w = measured(ctx, ind_id)  # the cards' window: sources' last months, recent délais
    every = territory_values(ctx, ind_id, niveau, special=True)
    t = every.filter(~pl.col("_special")).drop("_special")
    extra = every.filter(pl.col("_special")).drop("_special")
    def fmt(x):
        return (format_value(x, ind.format))
    classes = classify(t["valeur"].to_list(), scheme, k, fmt)
    t = t.with_columns(
        pl.Series("classe", [classes.label(v) for v in t["valeur"].to_list()], dtype=pl.Utf8),
        pl.Series("couleur", [classes.color(v) for v in t["valeur"].to_list()], dtype=pl.Utf8))
    v_dep = t["valeur_departement"][0] if t.height else None
    src = ctx.ext.source or "extraction"
    source = (f"Source : {src}, données au {fr_date(ctx.date_extraction)} ; "
              f"contours IGN Admin Express / INSEE")
    periode = period_text(ctx, ind_id)
    if w.provisional:
        periode += f" ({PROVISIONAL[0].lower()}{PROVISIONAL[1:]})"
    return MapLayer(ind, niveau, t, classes, v_dep, format_map_value(ind, v_dep),
                    map_title(ind, niveau, ctx.ref), periode,
                    source, ctx.settings.seuil_secret, ctx.ref, w.note, extra=extra)


def _signif_text(row: dict) -> str:
    if row["masque"] or row["sans_donnee"]:
        return "–"
    s, a = row.get("significatif"), row.get("alerte_95")
    if s is None:
        return "non évalué"
    if s:
        side = "au-dessus" if row["ecart"] and row["ecart"] > 0 else "en dessous"
        return f"oui, {side} (99,8 %)"
    if a:
        return "non (hors limites à 95 % seulement)"
    return "non"


def _share(row: dict, total: float | None) -> float | None:
    """A unit's shown (masked, perturbed) value over the département's."""
    v = row["valeur"]
    return None if v is None or not total else v / total


def comparison_table(layer: MapLayer) -> Table:
    """Every unit beside the département: value, département, rank and, by the indicator's kind,
    either its share of the département (counts and sums: a unit's total is a part of the
    département's) or its difference with it (rates, ratios, means, medians), and whether that
    difference is significant given the unit's size (funnel limits: shares and ratios per 1 000
    inhabitants only). Masked units show « secret statistique » and nothing else; the export holds
    numbers (masked cells empty)."""
    ind, t = layer.ind, layer.table
    n_ranked = int(t["rang"].is_not_null().sum())
    pct = fmt(ind.format).is_rate
    additive, signif = is_additive(ind), has_control_limits(ind)
    rows = t.sort(["rang", "nom"], nulls_last=True).rows(named=True)
    if layer.extra is not None and layer.extra.height:
        rows += layer.extra.rows(named=True)
    dep = layer.valeur_departement
    k = 100.0 if pct else 1.0
    unit = " (%)" if pct else ""
    disp = {layer.niveau_label: [r["nom"] for r in rows],
            "Valeur": [r["texte"] for r in rows],
            "Département": [layer.texte_departement] * len(rows)}
    exp = {"Code": [r["code"] for r in rows], layer.niveau_label: disp[layer.niveau_label],
           f"Valeur{unit}": [None if r["valeur"] is None else r["valeur"] * k for r in rows],
           f"Département{unit}": [None if dep is None else dep * k] * len(rows)}
    if additive:
        shares = [_share(r, dep) for r in rows]
        disp[SHARE] = [format_value(x, "pourcentage") if x is not None else "–" for x in shares]
        exp[f"{SHARE} (%)"] = [None if x is None else x * 100 for x in shares]
    else:
        disp["Écart"] = [format_delta(r["ecart"], ind.format) if r["ecart"] is not None else "–"
                         for r in rows]
        exp[f"Écart{' (points)' if pct else ''}"] = [None if r["ecart"] is None else r["ecart"] * k
                                                     for r in rows]
    disp["Rang"] = [f"{r['rang']} / {n_ranked}" if r["rang"] is not None else "–" for r in rows]
    exp["Rang"] = [r["rang"] for r in rows]
    if signif:
        disp["Écart significatif"] = [_signif_text(r) for r in rows]
        exp["Significatif (99,8 %)"] = [r.get("significatif") for r in rows]
    exp["Secret statistique"] = [bool(r["masque"]) for r in rows]
    notes = [layer.note] if layer.note else []
    if layer.n_masked:
        notes.append(f"{layer.n_masked} unité(s) sous le seuil du secret statistique (moins de "
                     f"{layer.seuil}) : valeur non diffusée.")
    if additive:
        notes.append(f"{SHARE} : la valeur du territoire rapportée à celle du département.")
    if signif:
        notes.append("Écart significatif : le taux de l'unité sort des limites à 99,8 % autour du "
                     "taux départemental (approximation normale de la loi binomiale, selon "
                     "l'effectif de l'unité).")
    return Table(pl.DataFrame(disp, schema={c: pl.Utf8 for c in disp}),
                 pl.DataFrame(exp, strict=True), " ".join(notes) or None)
