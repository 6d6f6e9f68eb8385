"""Distributions the parcours page draws, built on the délai frame of :mod:`indicators.core.delais`
(the same entrants and the same first orientation as the registered délai indicators):

- :func:`delay_quantiles`: quartiles and 10th / 90th percentiles of the délai d'orientation per
  unit (a box plot without any individual point: no person-level value is ever shown);
- :func:`km_orientation`: the Kaplan-Meier curve of :mod:`indicators.survival` as the share of
  entrants oriented after t days;
- :func:`parcours_funnel`: entrants → oriented → accompaniment started → CER signed.

Secret statistique (:mod:`indicators.secret`), below the département level: periods are whole
months; quantiles are given only for units of at least ``seuil_distribution`` oriented entrants
(rounded to the day, their counts perturbed); the Kaplan-Meier curve only at the fixed durations
:data:`indicators.secret.KM_DURATIONS` (never one row per event), a duration being left out when
the oriented, the not yet oriented, or the entrants oriented since the previous shown duration
are 1 to ``seuil − 1``; a funnel stage is hidden when it, or the entrants it loses from the
previous stage, are 1 to ``seuil − 1`` — in rows or in distinct persons — and its count is
perturbed with the cell key of its distinct persons (the same noise as any other count of the
same persons, :mod:`indicators.secret`).
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from indicators import aggregate as agg
from indicators.context import Ctx, python_map
from indicators.core.delais import entrants_delai
from indicators.engine import whole_months_below
from indicators.formatting import fr_number, fr_percent
from indicators.labels import code_label, dim_label
from indicators.secret import (
    KM_DURATIONS,
    KM_DURATIONS_RSA,
    Regles,
    cell_key_agg,
    count_noise,
    masked_text,
)
from indicators.survival import courbe_orientation, entrants_survie
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
    below = below_departement(ctx, (by,))
    ctx = whole_months_below(ctx, (by,))
    lf = agg.keyed(ctx, _delay_frame(ctx, (by,)), "id_personne")
    d = pl.col("delai_j").cast(pl.Float64)
    df = (lf.filter(pl.col("delai_j").is_not_null())
          .group_by(by).agg(pl.col("id_personne").n_unique().alias("n"),
                            d.quantile(0.1, "linear").alias("p10"),
                            d.quantile(0.25, "linear").alias("q1"), d.median().alias("mediane"),
                            d.quantile(0.75, "linear").alias("q3"),
                            d.quantile(0.9, "linear").alias("p90"),
                            *agg.cell_key(ctx, "id_personne"))
          .sort(by).collect())
    r = Regles.of(ctx.settings)
    seuil = r.seuil_distribution
    hidden = 0
    if below:
        hidden = df.filter(pl.col("n") < seuil).height
        df = df.filter(pl.col("n") >= seuil).with_columns(
            [pl.col(c).round(0) for c in ("p10", "q1", "mediane", "q3", "p90")])
        if r.perturbation:
            df = df.with_columns((pl.col("n") + count_noise(pl.col("_cle"))).clip(seuil).alias("n"))
    df = df.drop("_cle", strict=False)
    names = _names(ctx, by)
    df = df.with_columns(python_map(df[by], lambda c: names.get(c) or code_label(by, c),
                                    "libelle"))
    head = dim_label(by, ctx.ref)
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
            "(secret statistique ; sous le niveau département, délais arrondis au jour et "
            "effectifs protégés)." if hidden else None)
    return Distribution(df, Table(disp, exp, note), None, note)


def _distinct(lf: pl.LazyFrame, col: str) -> int:
    """The distinct statistical units behind a curve (a person entering twice is one)."""
    return int(lf.select(pl.col(col).drop_nulls().n_unique()).collect().item())


def _names(ctx: Ctx, niveau: str) -> dict[str, str]:
    if niveau in ctx.ref.niveaux:
        return ctx.ref.unit_names(niveau)
    return {}


def _km_shown(ctx: Ctx, curve_of, reason: str | None, units: tuple[str, str], frame_of,
              unit_col: str):
    """``(curve, n, rules, below)``: the Kaplan-Meier curve ``curve_of`` over the window (whole
    months below the département), its ``n`` units at risk on day 0, the rules and whether the
    territory is below the département — or the :class:`Distribution` telling why no curve is
    shown: unavailable (``reason``), no unit, fewer than ``seuil_distribution`` units below the
    département. ``units``: their name, singular and plural (« entrant », « entrants »);
    ``frame_of``: the curve's records, whose distinct ``unit_col`` (a person entering twice is
    one person) the ``seuil_distribution`` is judged on."""
    if reason:
        return Distribution(None, None, reason)
    below = below_departement(ctx)
    ctx = whole_months_below(ctx)
    curve = curve_of(ctx).collect()
    n = int(curve["at_risk"][0]) if curve.height else 0
    r = Regles.of(ctx.settings)
    if n == 0:
        return Distribution(None, None, f"Aucun {units[0]} dans la période.")
    if below and _distinct(frame_of(ctx), unit_col) < r.seuil_distribution:
        return Distribution(None, None, f"Moins de {r.seuil_distribution} {units[1]} : courbe non "
                                        "affichée (secret statistique).")
    return curve, n, r, below


def _curve_table(curve: pl.DataFrame, n: int, horizon: int, events: str, survival: str
                 ) -> pl.DataFrame:
    """The curve up to ``horizon`` days as ``jours``, ``a_risque``, ``events``, ``survival``,
    starting on day 0 (all ``n`` at risk, survival 1)."""
    df = curve.select(pl.col("t").cast(pl.Int64).alias("jours"),
                      pl.col("at_risk").alias("a_risque"), pl.col("events").alias(events),
                      pl.col("survival").alias(survival)).filter(pl.col("jours") <= horizon)
    if not df.height or df["jours"][0] != 0:
        start = pl.DataFrame({"jours": [0], "a_risque": [n], events: [0], survival: [1.0]},
                             schema=df.schema)
        df = pl.concat([start, df])
    return df


def km_orientation(ctx: Ctx, horizon: int = 365) -> Distribution:
    """The Kaplan-Meier curve of :func:`indicators.survival.courbe_orientation` as the share of
    the period's entrants oriented within t days (t = 0..horizon): ``jours``, ``part_orientee``
    (1 − S(t)), ``a_risque``, ``evenements``. Below the département level the curve is not shown
    for fewer than ``seuil_distribution`` distinct persons, and only at fixed durations."""
    shown = _km_shown(ctx, courbe_orientation, _reason(ctx), ("entrant", "entrants"),
                      entrants_survie, "id_personne")
    if isinstance(shown, Distribution):
        return shown
    curve, n, r, below = shown
    if below:
        return _km_at_durations(curve, n, r)
    df = _curve_table(curve, n, horizon, "evenements", "survie").with_columns(
        (1 - pl.col("survie")).alias("part_orientee"))
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


def km_points(curve: pl.DataFrame, n: int, seuil: int, durations: tuple[int, ...] = KM_DURATIONS
              ) -> list[tuple[int, float, int, int]]:
    """The Kaplan-Meier curve at :data:`~indicators.secret.KM_DURATIONS` only: ``(jours, part
    orientée, orientés, encore à risque)`` for each duration that may be shown — neither the
    oriented nor the others, nor the entrants oriented since the previous shown duration, are
    1 to ``seuil − 1`` (the difference of two shown points is a count too)."""
    out: list[tuple[int, float, int, int]] = []
    last_events = 0
    small = range(1, seuil)
    for m in durations:
        sub = curve.filter(pl.col("t") <= m)
        if not sub.height:
            continue
        events = int(sub["events"].sum())
        at_risk = n - int(sub["events"].sum() + sub["censored"].sum())
        if events in small or (n - events) in small or (events - last_events) in small:
            continue
        out.append((m, 1 - float(sub["survival"][-1]), events, at_risk))
        last_events = events
    return out


def _km_at_durations(curve: pl.DataFrame, n: int, r: Regles) -> Distribution:
    """Below the département level: the curve at fixed durations, no event-level row."""
    pts = km_points(curve, n, r.seuil)
    if not pts:
        return Distribution(None, None, "Courbe non affichée : trop peu d'entrants orientés à "
                                        "chaque durée (secret statistique).")
    df = pl.DataFrame({"jours": [0] + [p[0] for p in pts],
                       "part_orientee": [0.0] + [p[1] for p in pts]},
                      schema={"jours": pl.Int64, "part_orientee": pl.Float64})
    shown = {p[0]: p for p in pts}
    disp = pl.DataFrame({
        "Jours après l'ouverture du droit": [fr_number(m) for m in KM_DURATIONS],
        "Part des entrants orientés (Kaplan-Meier)": [
            fr_percent(shown[m][1]) if m in shown else masked_text(None, r.seuil, True)
            for m in KM_DURATIONS]})
    exp = pl.DataFrame({"Jours": list(KM_DURATIONS),
                        "Part orientée (%)": [round(100 * shown[m][1], 1) if m in shown else None
                                              for m in KM_DURATIONS]})
    return Distribution(df, Table(disp, exp), None,
                        f"Sous le niveau département, la courbe est donnée aux durées fixes "
                        f"({', '.join(str(m) for m in KM_DURATIONS)} jours), sans détail par "
                        "entrant ; les non-orientés sont censurés à la fin de leur droit ou à la "
                        "date d'extraction.")


def parcours_funnel(ctx: Ctx) -> Distribution:
    """Entrants of the period (persons × droit openings) → oriented (first orientation as for the
    délai) → accompaniment started (``date_debut_accompagnement`` of that orientation) → CER
    signed on or after that orientation and on or before ``date_extraction``."""
    reason = _reason(ctx)
    if reason:
        return Distribution(None, None, reason)
    below = below_departement(ctx)
    ctx = whole_months_below(ctx)
    lf = _delay_frame(ctx)
    o = ctx.ext.lf("orientation").select("id_orientation", "date_debut_accompagnement")
    e = lf.join(o, on="id_orientation", how="left")
    oriented = pl.col("delai_j").is_not_null()
    stages = [("Entrants", pl.lit(True)), ("Orientés", oriented),
              ("Accompagnement commencé",
               oriented & pl.col("date_debut_accompagnement").is_not_null()
               & (pl.col("date_debut_accompagnement") >= pl.col("date_orientation"))
               & (pl.col("date_debut_accompagnement") <= pl.lit(ctx.date_extraction)))]
    note = None
    if ctx.ext.has("cer"):
        c = (ctx.ext.lf("cer").select("id_personne", "date_signature"))
        first_cer = (e.filter(oriented)
                     .select("id_droit", "id_personne", "date_orientation")
                     .join(c, on="id_personne", how="inner")
                     .filter((pl.col("date_signature") >= pl.col("date_orientation"))
                             & (pl.col("date_signature") <= pl.lit(ctx.date_extraction)))
                     .select("id_droit", "id_personne").unique().with_columns(
                         pl.lit(True).alias("_cer")))
        e = e.join(first_cer, on=["id_droit", "id_personne"], how="left")
        stages.append(("CER signé", pl.col("_cer").fill_null(False)))
    else:
        note = "Étape « CER signé » non disponible dans cette extraction (table des contrats absente)."
    r = Regles.of(ctx.settings)
    seuil = r.seuil
    e = agg.keyed(ctx, e, "id_personne")
    key = [cell_key_agg("id_personne")] if r.perturbation else []
    st = pl.concat(pl.collect_all([
        e.filter(flag.fill_null(False)).select(
            pl.len().cast(pl.Int64).alias("n"),
            pl.col("id_personne").drop_nulls().n_unique().cast(pl.Int64).alias("u"), *key)
        for _, flag in stages]))
    row = st["n"].to_list()  # entrants (persons × droit openings) per stage
    units = st["u"].to_list()  # distinct persons per stage (nested sets)
    vals = list(row)
    hidden = [False] * len(vals)
    if below:  # a stage, or what it loses from the previous one, must not be 1 to seuil − 1
        def small(k: int, xs: list[int]) -> bool:
            return 1 <= xs[k] < seuil or (k > 0 and 1 <= xs[k - 1] - xs[k] < seuil)
        hidden = [small(k, row) or small(k, units) for k in range(len(row))]
        if r.perturbation:  # the noise of the stage's set of persons, as for every count
            noise = st.select(count_noise(pl.col("_cle"))).to_series().to_list()
            vals = [v if v < seuil else max(seuil, v + d) for v, d in zip(vals, noise, strict=True)]
        vals = [None if h else v for v, h in zip(vals, hidden, strict=True)]
    first = vals[0]
    df = pl.DataFrame({"etape": [s for s, _ in stages], "valeur": vals}, schema={"etape": pl.Utf8,
                                                                                 "valeur": pl.Int64})
    disp = pl.DataFrame({
        "Étape": df["etape"].to_list(),
        "Personnes": [masked_text(None, seuil, not 1 <= raw < seuil) if v is None else fr_number(v)
                      for v, raw in zip(vals, row, strict=True)],
        "Part des entrants": ["–" if (v is None or not first) else fr_percent(v / first) for v in vals]})
    exp = pl.DataFrame({"Étape": df["etape"].to_list(), "Personnes": vals})
    return Distribution(df, Table(disp, exp), None, note)


def km_duree_rsa(ctx: Ctx, horizon: int = 730) -> Distribution:
    """The Kaplan-Meier curve of the time in the RSA of the period's entrants
    (:func:`indicators.core.cohorte.courbe_duree_rsa`: droit periods opened in the window, still
    open ones censored at the extraction date) as the share still in the RSA after t days:
    ``jours``, ``part_au_rsa`` (S(t)). Below the département level: not shown under
    ``seuil_distribution`` droits, and only at :data:`~indicators.secret.KM_DURATIONS_RSA`, a
    duration being left out when the ended, the still open, or the droits ended since the
    previous shown duration are 1 to ``seuil − 1`` (the same rule as :func:`km_points`)."""
    from indicators.core.cohorte import courbe_duree_rsa, time_in_rsa
    shown = _km_shown(ctx, courbe_duree_rsa, unavailable_reason(ctx, "duree_droit_km_median_j"),
                      ("droit ouvert", "droits ouverts"), time_in_rsa, "id_foyer")
    if isinstance(shown, Distribution):
        return shown
    curve, n, r, below = shown
    head, col = "Jours après l'ouverture du droit", "Part des foyers encore au RSA (Kaplan-Meier)"
    censure = "les droits encore ouverts sont censurés à la date d'extraction"
    if below:
        last = int(curve["t"].max())  # not beyond the longest observed droit
        pts = [p for p in km_points(curve, n, r.seuil, KM_DURATIONS_RSA) if p[0] <= last]
        if not pts:
            return Distribution(None, None, "Courbe non affichée : trop peu de droits terminés "
                                            "à chaque durée (secret statistique).")
        shown = {p[0]: p for p in pts}
        df = pl.DataFrame({"jours": [0] + [p[0] for p in pts],
                           "part_au_rsa": [1.0] + [1 - p[1] for p in pts]},
                          schema={"jours": pl.Int64, "part_au_rsa": pl.Float64})
        disp = pl.DataFrame({head: [fr_number(m) for m in KM_DURATIONS_RSA],
                             col: [fr_percent(1 - shown[m][1]) if m in shown
                                   else masked_text(None, r.seuil, True) for m in KM_DURATIONS_RSA]})
        exp = pl.DataFrame({"Jours": list(KM_DURATIONS_RSA),
                            "Part encore au RSA (%)": [round(100 * (1 - shown[m][1]), 1)
                                                       if m in shown else None
                                                       for m in KM_DURATIONS_RSA]})
        return Distribution(df, Table(disp, exp), None,
                            f"Sous le niveau département, la courbe est donnée aux durées fixes "
                            f"({', '.join(str(m) for m in KM_DURATIONS_RSA)} jours), sans détail "
                            f"par droit ; {censure}.")
    df = _curve_table(curve, n, horizon, "sorties", "part_au_rsa")
    last = int(curve["t"].max())  # beyond the longest observed droit the curve is not known
    disp = pl.DataFrame({head: [fr_number(m) for m in KM_DURATIONS_RSA],
                         col: [fr_percent(df.filter(pl.col("jours") <= m)["part_au_rsa"][-1])
                               if m <= last else "–" for m in KM_DURATIONS_RSA]})
    exp = df.select(pl.col("jours").alias("Jours"), pl.col("a_risque").alias("Droits à risque"),
                    pl.col("sorties").alias("Fins de droit"),
                    (pl.col("part_au_rsa") * 100).alias("Part encore au RSA (%)"))
    return Distribution(df, Table(disp, exp), None,
                        f"{fr_number(n)} droits ouverts dans la période ; {censure}.")
