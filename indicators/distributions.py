"""Distributions the parcours page draws, built on the délai frame of :mod:`indicators.core.delais`
(the same entrants and the same first orientation as the registered délai indicators):

- :func:`delay_quantiles`: quartiles and 10th / 90th percentiles of the délai d'orientation per
  unit (a box plot without any individual point: no person-level value is ever shown);
- :func:`km_orientation`: the Kaplan-Meier curve of :mod:`indicators.survival` as the share of
  entrants oriented after t days;
- :func:`parcours_funnel`: entrants → oriented → accompaniment started → CER signed.

Secret statistique: below the département level a unit with fewer than ``seuil`` délais is not
shown, a funnel count of 1 to ``seuil - 1`` is masked.
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from indicators.context import Ctx
from indicators.formatting import fr_number, fr_percent
from indicators.labels import code_label, dim_label
from indicators.views import Table, below_departement, unavailable_reason

DELAY_TABLES = ("droit", "personne", "orientation")


@dataclass(frozen=True)
class Distribution:
    data: pl.DataFrame | None
    table: Table | None
    reason: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None and self.data.height > 0


def _delay_frame(ctx: Ctx, by: tuple[str, ...] = ()) -> pl.LazyFrame | None:
    try:
        from indicators.core.delais import entrants_delai
    except ImportError:
        return None
    return entrants_delai(ctx, by).filter(ctx.territory_filter())


def _reason(ctx: Ctx) -> str | None:
    r = unavailable_reason(ctx, "delai_orientation_median_j")
    if r:
        return r
    if _delay_frame(ctx) is None:
        return "Délais d'orientation non disponibles dans cette version."
    return None


def delay_quantiles(ctx: Ctx, by: str = "mdcs") -> Distribution:
    """Per unit of ``by``: n, p10, q1, median, q3, p90 of the délai d'orientation (days)."""
    reason = _reason(ctx)
    if reason:
        return Distribution(None, None, reason)
    lf = _delay_frame(ctx, (by,))
    d = pl.col("delai_j").cast(pl.Float64)
    df = (lf.filter(pl.col("delai_j").is_not_null())
          .group_by(by).agg(pl.len().alias("n"), d.quantile(0.1, "linear").alias("p10"),
                            d.quantile(0.25, "linear").alias("q1"), d.median().alias("mediane"),
                            d.quantile(0.75, "linear").alias("q3"),
                            d.quantile(0.9, "linear").alias("p90"))
          .sort(by).collect())
    seuil = ctx.settings.seuil_secret
    hidden = 0
    if below_departement(ctx, (by,)):
        hidden = df.filter(pl.col("n") < seuil).height
        df = df.filter(pl.col("n") >= seuil)
    names = _names(ctx, by)
    df = df.with_columns(pl.col(by).map_elements(lambda c: names.get(c) or code_label(by, c),
                                                 return_dtype=pl.Utf8).alias("libelle"))
    head = dim_label(by)
    disp = pl.DataFrame({
        head: df["libelle"].to_list(), "Entrants orientés": [fr_number(x) for x in df["n"]],
        "10 % orientés en moins de": [f"{fr_number(x)} j" for x in df["p10"]],
        "1er quartile": [f"{fr_number(x)} j" for x in df["q1"]],
        "Médiane": [f"{fr_number(x, 1)} j" for x in df["mediane"]],
        "3e quartile": [f"{fr_number(x)} j" for x in df["q3"]],
        "90 % orientés en moins de": [f"{fr_number(x)} j" for x in df["p90"]]},
        schema_overrides={head: pl.Utf8})
    exp = df.select(pl.col("libelle").alias(head), pl.col("n").alias("Entrants orientés"),
                    pl.col("p10").alias("P10 (j)"), pl.col("q1").alias("Q1 (j)"),
                    pl.col("mediane").alias("Médiane (j)"), pl.col("q3").alias("Q3 (j)"),
                    pl.col("p90").alias("P90 (j)"))
    note = (f"{hidden} territoire(s) de moins de {seuil} entrants orientés non affiché(s) "
            "(secret statistique)." if hidden else None)
    return Distribution(df, Table(disp, exp, note), None, note)


def _names(ctx: Ctx, niveau: str) -> dict[str, str]:
    if niveau in ctx.ref.niveaux:
        return ctx.ref.unit_names(niveau)
    return {}


def km_orientation(ctx: Ctx, horizon: int = 365) -> Distribution:
    """The Kaplan-Meier curve of :func:`indicators.survival.courbe_orientation` as the share of
    the period's entrants oriented within t days (t = 0..horizon): ``jours``, ``part_orientee``
    (1 − S(t)), ``a_risque``, ``evenements``. Below the département level the curve is not shown
    for fewer than ``seuil`` entrants."""
    reason = _reason(ctx)
    if reason:
        return Distribution(None, None, reason)
    try:
        from indicators.survival import courbe_orientation
    except ImportError:
        return Distribution(None, None, "Courbe de Kaplan-Meier non disponible dans cette version.")
    curve = courbe_orientation(ctx).collect()
    n = int(curve["at_risk"][0]) if curve.height else 0
    seuil = ctx.settings.seuil_secret
    if n == 0:
        return Distribution(None, None, "Aucun entrant dans la période.")
    if below_departement(ctx) and n < seuil:
        return Distribution(None, None, f"Moins de {seuil} entrants : courbe non affichée "
                                        "(secret statistique).")
    df = curve.select(pl.col("t").cast(pl.Int64).alias("jours"),
                      pl.col("at_risk").alias("a_risque"), pl.col("events").alias("evenements"),
                      pl.col("survival").alias("survie")).filter(pl.col("jours") <= horizon)
    if not df.height or df["jours"][0] != 0:  # the curve starts at (0, 0 %)
        start = pl.DataFrame({"jours": [0], "a_risque": [n], "evenements": [0], "survie": [1.0]},
                             schema=df.schema)
        df = pl.concat([start, df])
    df = df.with_columns((1 - pl.col("survie")).alias("part_orientee"))
    rows = []
    for m in (30, 42, 60, 90, 180, 365):
        sub = df.filter(pl.col("jours") <= m)
        rows.append({"Jours après l'ouverture du droit": fr_number(m),
                     "Part des entrants orientés (Kaplan-Meier)": fr_percent(sub["part_orientee"][-1])
                     if sub.height else "–"})
    disp = pl.DataFrame(rows)
    exp = df.select(pl.col("jours").alias("Jours"), pl.col("a_risque").alias("Entrants à risque"),
                    pl.col("evenements").alias("Orientations"),
                    (pl.col("part_orientee") * 100).alias("Part orientée (%)"))
    return Distribution(df, Table(disp, exp), None,
                        f"{fr_number(n)} entrants ; les non-orientés sont censurés à la fin de "
                        "leur droit ou à la date d'extraction.")


def parcours_funnel(ctx: Ctx) -> Distribution:
    """Entrants of the period (persons × droit openings) → oriented (first orientation as for the
    délai) → accompaniment started (``date_debut_accompagnement`` of that orientation) → CER
    signed on or after that orientation and on or before ``date_extraction``."""
    reason = _reason(ctx)
    if reason:
        return Distribution(None, None, reason)
    lf = _delay_frame(ctx)
    o = ctx.ext.lf("orientation").select("id_orientation", "date_debut_accompagnement")
    e = lf.join(o, on="id_orientation", how="left")
    stages = [("Entrants", pl.len()),
              ("Orientés", pl.col("delai_j").is_not_null().sum()),
              ("Accompagnement commencé",
               (pl.col("delai_j").is_not_null() & pl.col("date_debut_accompagnement").is_not_null()
                & (pl.col("date_debut_accompagnement") >= pl.col("date_orientation"))
                & (pl.col("date_debut_accompagnement") <= pl.lit(ctx.date_extraction))).sum())]
    note = None
    if ctx.ext.has("cer"):
        c = (ctx.ext.lf("cer").select("id_personne", "date_signature"))
        first_cer = (e.filter(pl.col("delai_j").is_not_null())
                     .select("id_droit", "id_personne", "date_orientation")
                     .join(c, on="id_personne", how="inner")
                     .filter((pl.col("date_signature") >= pl.col("date_orientation"))
                             & (pl.col("date_signature") <= pl.lit(ctx.date_extraction)))
                     .select("id_droit", "id_personne").unique().with_columns(
                         pl.lit(True).alias("_cer")))
        e = e.join(first_cer, on=["id_droit", "id_personne"], how="left")
        stages.append(("CER signé", pl.col("_cer").fill_null(False).sum()))
    else:
        note = "Étape « CER signé » non disponible dans cette extraction (table des contrats absente)."
    row = e.select([expr.cast(pl.Int64).alias(name) for name, expr in stages]).collect().row(0)
    seuil = ctx.settings.seuil_secret
    below = below_departement(ctx)
    vals = []
    for v in row:
        vals.append(None if (below and 1 <= v < seuil) else int(v))
    first = vals[0]
    df = pl.DataFrame({"etape": [s for s, _ in stages], "valeur": vals}, schema={"etape": pl.Utf8,
                                                                                 "valeur": pl.Int64})
    disp = pl.DataFrame({
        "Étape": df["etape"].to_list(),
        "Personnes": [f"< {seuil}" if v is None else fr_number(v) for v in vals],
        "Part des entrants": ["–" if (v is None or not first) else fr_percent(v / first) for v in vals]})
    exp = pl.DataFrame({"Étape": df["etape"].to_list(), "Personnes": vals})
    return Distribution(df, Table(disp, exp), None, note)
