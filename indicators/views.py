"""What the dashboard pages show, computed here so that pages only draw: key cards with their
comparison and trend, masked breakdowns with French labels, monthly series, territory tables, the
data-quality summary and the indicator dictionary.

Everything returned is already masked (secret statistique below the département level: a breakdown
by a territory level counts as below the département) and carries French labels. Nothing here
imports streamlit; the exports reuse the same functions.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from data.schema import TABLE_LABELS
from indicators import engine
from indicators.context import Ctx
from indicators.engine import month_starts
from indicators.formatting import format_delta, format_value, fr_date, fr_number
from indicators.labels import code_label, dim_label, order_key
from indicators.registry import REGISTRY, TERRITORY_DIMS, Indicator
from indicators.secret import SECRET_LABEL, mask

UNAVAILABLE = "non disponible"
BETTER_LABELS = {"hausse": "à la hausse", "baisse": "à la baisse", None: "sans objectif de sens"}


# ---- availability ----------------------------------------------------------------------------
def unavailable_reason(ctx: Ctx, ind_id: str, by: Sequence[str] = ()) -> str | None:
    """Why an indicator (with this breakdown) cannot be shown, in French; ``None`` when it can."""
    ind = REGISTRY.get(ind_id)
    if ind is None:
        return f"Indicateur « {ind_id} » non disponible dans cette version."
    bad = [b for b in by if b not in ind.allowed_by]
    if bad:
        return (f"{ind.label} : ventilation par {', '.join(dim_label(b).lower() for b in bad)} "
                f"non disponible.")
    missing = [t for t in ind.tables if not ctx.ext.has(t)]
    if missing:
        return (f"{ind.label} : non disponible dans cette extraction (table absente : "
                f"{', '.join(TABLE_LABELS.get(t, t) for t in missing)}).")
    return None


def below_departement(ctx: Ctx, by: Sequence[str] = ()) -> bool:
    """The secret applies: a sub-département territory, or a breakdown by a territory level."""
    return (not ctx.territoire.is_departement) or any(b in TERRITORY_DIMS[1:] for b in by)


def _masked(df: pl.DataFrame, ind_id: str, ctx: Ctx, by: Sequence[str]) -> pl.DataFrame:
    return mask(df, ind_id, ctx.settings.seuil_secret, below_departement(ctx, by))


def value_text(ind_id: str, value, masked: bool, seuil: int) -> str:
    """« 12 345 », « 45,3 % », « < 5 » for a masked count, « secret statistique » otherwise."""
    ind = REGISTRY[ind_id]
    if masked:
        return f"< {seuil}" if ind.kind == "count" else SECRET_LABEL
    if value is None:
        return "–"
    return format_value(value, ind.format)


# ---- key cards -------------------------------------------------------------------------------
# Short card titles (the registry's full label is in the card's help): a card title must fit.
CARD_LABELS = {
    "personnes_sdd": "Personnes SDD", "delai_orientation_median_j": "Délai médian d'orientation",
    "delai_orientation_moyen_j": "Délai moyen d'orientation",
    "part_orientes_dans_delai": "Orientés dans le délai légal",
    "taux_cer_valide": "CER valide (hors France Travail)",
    "delai_accompagnement_median_j": "Délai avant accompagnement",
    "delai_orientation_cer_median_j": "Délai orientation → CER",
    "part_cer_dans_delai": "CER signés dans le délai", "taux_orientation": "Personnes SDD orientées",
    "part_orientations_france_travail": "Orientations vers France Travail",
    "part_orientation_professionnelle": "Orientations professionnelles",
    "taux_absenteisme": "Absentéisme aux rendez-vous",
    "inscrits_plateforme": "Inscrits plateforme emploi", "cv_deposes": "Inscrits avec un CV",
    "ep_saisines": "Saisines de l'EP", "ep_decisions": "Décisions de l'EP",
    "ep_delai_notification_moyen_j": "Délai saisine → notification",
    "ep_personnes_multi_saisines": "Personnes saisies plusieurs fois",
    "participants_actions": "Participants aux actions", "sorties_actions": "Sorties des actions",
    "taux_emploi_durable": "Sorties en emploi durable", "places_prevues": "Places prévues",
    "budget_prevu": "Budget prévu des actions", "budget_realise": "Budget réalisé des actions",
    "nombre_actions": "Actions d'insertion", "prevalence_freins": "Personnes SDD avec un frein",
    "part_frein_mobilite": "Frein de mobilité", "part_freins_leves": "Freins levés",
    "delai_levee_median_j": "Délai médian de levée", "fajd_demandes": "Demandes FAJD",
    "fajd_aides_accordees": "Aides FAJD accordées", "fajd_taux_accord": "Taux d'accord FAJD",
    "fajd_montant": "Montant FAJD accordé", "fajd_montant_moyen": "Montant moyen d'une aide",
    "montant_rsa_verse": "RSA versé", "montant_moyen_par_foyer_mois": "RSA mensuel moyen par foyer",
    "foyers_beneficiaires_pour_1000_hab": "Foyers pour 1 000 habitants",
}


def card_label(ind_id: str) -> str:
    ind = REGISTRY.get(ind_id)
    return CARD_LABELS.get(ind_id) or (ind.label if ind else ind_id)


@dataclass(frozen=True)
class Card:
    id: str
    label: str
    text: str  # the value as shown
    value: float | None  # None when masked, undefined or unavailable
    comparison: float | None = None
    comparison_text: str | None = None
    delta: float | None = None  # value − comparison (fraction points for rates)
    delta_text: str | None = None
    better: str | None = None
    spark: tuple[float | None, ...] = ()
    spark_months: tuple[date, ...] = ()
    masked: bool = False
    available: bool = True
    reason: str | None = None
    definition: str = ""
    fmt: str = "entier"
    target_text: str | None = None

    @property
    def delta_is_good(self) -> bool | None:
        if self.delta in (None, 0) or self.better is None:
            return None
        return (self.delta > 0) == (self.better == "hausse")


def spark_ctx(ctx: Ctx, months: int = 12) -> Ctx:
    """The ``months`` whole months ending with the month of ``fin`` (the cards' trend line)."""
    f = ctx.fin
    y, m = f.year, f.month - (months - 1)
    while m < 1:
        y, m = y - 1, m + 12
    return replace(ctx, debut_demande=date(y, m, 1), fin_demande=f)


def _target_text(ind_id: str, ctx: Ctx) -> str | None:
    o = ctx.settings.objectifs
    if ind_id.startswith("delai_orientation") and ind_id.endswith("_j") and "cer" not in ind_id:
        return f"objectif légal : {o.delai_orientation_j} jours"
    if ind_id == "part_orientes_dans_delai":
        return f"délai légal : {o.delai_orientation_j} jours"
    if ind_id in ("delai_orientation_cer_median_j", "part_cer_dans_delai"):
        return f"délai légal : {o.delai_contrat_j} jours"
    return None


# Indicators whose value in a month depends on the window's end (not only on the month's events):
# their monthly series must be computed month by month.
WINDOW_DEPENDENT = frozenset({"part_freins_leves"})


def by_month(ind_id: str) -> bool:
    """The indicator's monthly values come from its ``mois`` breakdown (events of the month)."""
    ind = REGISTRY[ind_id]
    return "mois" in ind.dims and ind_id not in WINDOW_DEPENDENT


def partial_month(ctx: Ctx) -> date | None:
    """First day of the month of ``fin`` when that month is not over (flows of a month cut short
    would read as a fall): such a month is left out of monthly flow charts."""
    f = ctx.fin
    return date(f.year, f.month, 1) if f != engine.month_end(f) else None


def monthly_frame(ctx: Ctx, ind_id: str, by: Sequence[str] = ()) -> pl.LazyFrame:
    """The indicator for each month of the window, column ``mois`` (first day of the month).

    When the registry allows a breakdown by ``mois`` (flows, délais by month of entry, events by
    month), one pass grouped by month gives the same values as one computation per month and is
    much faster; stocks (no ``mois`` breakdown) are computed on each month's last day
    (:func:`indicators.engine.series_frames`)."""
    ind = REGISTRY[ind_id]
    if by_month(ind_id) and not ctx.window_empty:
        cut = partial_month(ctx)
        starts = [m for m in month_starts(ctx.debut, ctx.fin) if m != cut] or month_starts(
            ctx.debut, ctx.fin)
        lf = engine.frame(ctx, ind_id, ("mois", *by)).filter(pl.col("mois").is_in(starts))
        months = pl.LazyFrame({"mois": starts}, schema={"mois": pl.Date})
        if by:
            return lf
        zero = ind.kind in ("count", "sum")
        j = months.join(lf, on="mois", how="left")
        if zero:
            j = j.with_columns(pl.col("valeur").fill_null(0), pl.col("effectif").fill_null(0))
        return j
    return engine.series_frames(ctx, ind_id, by)


Masked = dict  # id → (value or None, masked)


def masked_values(ctx: Ctx, ids: Sequence[str]) -> dict[str, tuple[float | None, bool]]:
    """``id → (value, masked)`` of the available indicators (one collect)."""
    ok = [i for i in ids if unavailable_reason(ctx, i) is None]
    frames = pl.collect_all([engine.frame(ctx, i) for i in ok]) if ok else []
    return {i: _single(_masked(df, i, ctx, ())) for i, df in zip(ok, frames, strict=False)}


def spark_steps(ind_id: str) -> int:
    """Months between two points of a card's trend line: every month for indicators with a
    ``mois`` breakdown (one pass), every quarter for stocks (one computation per point)."""
    return 1 if by_month(ind_id) else 3


def sparklines(ctx: Ctx, ids: Sequence[str], months: int = 12
               ) -> dict[str, tuple[tuple[float | None, ...], tuple[date, ...]]]:
    """``id → (values, months)``: the trend line of each card over the ``months`` months ending
    with the month of ``fin`` (masked values are None)."""
    ok = [i for i in ids if unavailable_reason(ctx, i) is None]
    sctx = spark_ctx(ctx, months)
    lazies = []
    for i in ok:
        step = spark_steps(i)
        if step == 1:
            lazies.append(monthly_frame(sctx, i))
        else:  # stocks: the last day of every ``step``-th month, ending with ``fin``
            starts = month_starts(sctx.debut, sctx.fin)[::-1][::step][::-1]
            parts = [engine.frame(replace(sctx, debut_demande=m, fin_demande=min(
                engine.month_end(m), sctx.fin)), i).with_columns(pl.lit(m).alias("mois"))
                for m in starts]
            lazies.append(pl.concat(parts, how="diagonal_relaxed"))
    frames = pl.collect_all(lazies) if lazies else []
    out = {}
    for i, df in zip(ok, frames, strict=False):
        d = _masked(df, i, ctx, ()).sort("mois")
        out[i] = (tuple(None if x is None else float(x) for x in d["valeur"].to_list()),
                  tuple(d["mois"].to_list()))
    return out


def assemble_cards(ctx: Ctx, ids: Sequence[str], cur: Masked, prev: Masked | None,
                   spark: dict | None = None) -> list[Card]:
    """Cards from already computed parts (so that each part can be cached on its own key)."""
    seuil = ctx.settings.seuil_secret
    out = []
    for i in ids:
        ind = REGISTRY.get(i)
        if i not in cur:
            out.append(Card(i, card_label(i), UNAVAILABLE, None, available=False,
                            reason=unavailable_reason(ctx, i),
                            definition=(f"{ind.label} : {ind.definition}" if ind else ""),
                            fmt=ind.format if ind else "entier"))
            continue
        v, m = cur[i]
        c, cm = (prev or {}).get(i, (None, False))
        delta = (v - c) if (v is not None and c is not None) else None
        sp, months = (spark or {}).get(i, ((), ()))
        out.append(Card(
            id=i, label=card_label(i), text=value_text(i, v, m, seuil), value=v, comparison=c,
            comparison_text=(value_text(i, c, bool(cm), seuil) if prev is not None and i in prev
                             else None),
            delta=delta, delta_text=_delta_text(delta, ind.format), better=ind.better, spark=sp,
            spark_months=months, masked=m,
            definition=f"{ind.label} : {ind.definition}", fmt=ind.format,
            target_text=_target_text(i, ctx)))
    return out


def _delta_text(delta: float | None, fmt: str) -> str | None:
    """The card's change; ratios with one decimal keep it (« +0,6 »)."""
    if delta is None:
        return None
    if fmt == "decimal":
        sign = "+" if delta > 0 else ("\u2212" if delta < 0 else "")
        text = f"{sign}{fr_number(abs(delta), 1)}"
    else:
        text = format_delta(delta, fmt)
    if not any(ch in "123456789" for ch in text):  # rounds to zero: no sign, no arrow
        return "= " + text.lstrip("+\u2212")
    return text


def cards(ctx: Ctx, comp: Ctx | None, ids: Sequence[str], sparkline: bool = True) -> list[Card]:
    """One card per indicator: value, comparison and its change, a 12-month trend line;
    unavailable indicators give a card saying so."""
    cur = masked_values(ctx, ids)
    prev = masked_values(comp, ids) if comp is not None else None
    spark = sparklines(ctx, ids) if sparkline else None
    return assemble_cards(ctx, ids, cur, prev, spark)


def _single(df: pl.DataFrame) -> tuple[float | None, bool]:
    if not df.height:
        return None, False
    v = df["valeur"][0]
    return (None if v is None else float(v)), bool(df["masque"][0])


def values(ctx: Ctx, ids: Sequence[str]) -> dict[str, float | None]:
    """Masked raw values (None where masked, undefined or unavailable) — for the narrative."""
    mv = masked_values(ctx, ids)
    return {i: mv[i][0] if i in mv else None for i in ids}


# ---- tables ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A table as shown (French text) and as exported (numbers; masked cells empty)."""

    display: pl.DataFrame
    export: pl.DataFrame
    note: str | None = None


def table_csv(table: Table) -> bytes:
    """CSV for a French spreadsheet: ``;`` separator, decimal comma, UTF-8 with BOM."""
    text = table.export.write_csv(separator=";", decimal_comma=True)
    return ("\ufeff" + text).encode("utf-8")


# ---- breakdowns and series -------------------------------------------------------------------
@dataclass(frozen=True)
class Breakdown:
    """One indicator broken down by ``by``: ``data`` holds the code columns, a ``<dim>_libelle``
    column per breakdown, ``valeur`` (null where masked), ``effectif``, ``masque``."""

    ind_id: str
    by: tuple[str, ...]
    data: pl.DataFrame | None
    table: Table | None
    reason: str | None = None
    window: str | None = None  # the period actually shown when it differs from the filters'
    masked_any: bool = False

    @property
    def ok(self) -> bool:
        return self.data is not None and self.reason is None

    @property
    def indicator(self) -> Indicator | None:
        return REGISTRY.get(self.ind_id)

    @property
    def empty(self) -> bool:
        return self.data is None or self.data.height == 0 or self.data["valeur"].is_null().all()


def _territory_names(ctx: Ctx, niveau: str) -> dict[str, str]:
    u = ctx.ref.units(niveau)
    return dict(zip(u["code"].to_list(), u["nom"].to_list(), strict=False))


def _label_column(ctx: Ctx, df: pl.DataFrame, dim: str) -> pl.Expr:
    if dim == "mois":
        from indicators.formatting import fr_month

        return pl.col("mois").map_elements(lambda d: fr_month(d) if d else "Non renseigné",
                                           return_dtype=pl.Utf8).alias("mois_libelle")
    if dim in TERRITORY_DIMS:
        names = _territory_names(ctx, dim)
        return pl.col(dim).map_elements(lambda c: names.get(c) or code_label(dim, c),
                                        return_dtype=pl.Utf8).alias(f"{dim}_libelle")
    return pl.col(dim).map_elements(lambda c: code_label(dim, c), return_dtype=pl.Utf8,
                                    skip_nulls=False).alias(f"{dim}_libelle")


def _sorted(df: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    if not by or not df.height:
        return df
    rows = df.rows(named=True)
    rows.sort(key=lambda r: tuple(order_key(b, r[b]) if b != "mois" else (0, 0, str(r[b]))
                                  for b in by))
    return pl.DataFrame(rows, schema=df.schema)


def _decorate(ctx: Ctx, ind_id: str, df: pl.DataFrame, by: Sequence[str],
              window: str | None = None) -> Breakdown:
    df = _masked(df, ind_id, ctx, by)
    for b in by:
        if df.schema.get(b) not in (pl.Date, pl.Utf8):
            if b != "mois":
                df = df.with_columns(pl.col(b).cast(pl.Utf8))
    df = _sorted(df, by)
    df = df.with_columns([_label_column(ctx, df, b) for b in by]) if df.height else df.with_columns(
        [pl.lit(None, dtype=pl.Utf8).alias(f"{b}_libelle") for b in by])
    return Breakdown(ind_id, tuple(by), df, breakdown_table(ctx, ind_id, df, by), None, window,
                     bool(df["masque"].any()) if df.height else False)


def breakdown(ctx: Ctx, ind_id: str, by: Sequence[str]) -> Breakdown:
    """The indicator broken down by ``by`` (masked, labelled), or why it cannot be."""
    reason = unavailable_reason(ctx, ind_id, by)
    if reason:
        return Breakdown(ind_id, tuple(by), None, None, reason)
    return _decorate(ctx, ind_id, engine.frame(ctx, ind_id, by).collect(), by)


def breakdowns(ctx: Ctx, requests: Sequence[tuple[str, Sequence[str]]]) -> list[Breakdown]:
    """Several breakdowns collected in one pass."""
    todo = [(i, tuple(b)) for i, b in requests if unavailable_reason(ctx, i, b) is None]
    frames = dict(zip(todo, pl.collect_all([engine.frame(ctx, i, b) for i, b in todo]), strict=False)) if todo else {}
    out = []
    for i, b in requests:
        key = (i, tuple(b))
        if key in frames:
            out.append(_decorate(ctx, i, frames[key], key[1]))
        else:
            out.append(Breakdown(i, tuple(b), None, None, unavailable_reason(ctx, i, b)))
    return out


def series_ctx(ctx: Ctx, min_months: int = 12) -> tuple[Ctx, str | None]:
    """The window of a monthly chart: the filters' period, widened to the ``min_months`` months
    ending at ``fin`` when it is shorter (the label says so)."""
    if len(month_starts(ctx.debut, ctx.fin)) >= min_months or ctx.window_empty:
        return ctx, None
    s = spark_ctx(ctx, min_months)
    return s, f"{min_months} derniers mois jusqu'au {fr_date(ctx.fin)}"


def series(ctx: Ctx, ind_id: str, by: Sequence[str] = (), min_months: int = 12,
           step: str = "mois") -> Breakdown:
    """Monthly (or yearly) values of the indicator over the period (see :func:`series_ctx`);
    stocks are those of each month's last day."""
    reason = unavailable_reason(ctx, ind_id, by)
    if reason:
        return Breakdown(ind_id, ("mois", *by), None, None, reason)
    sctx, window = series_ctx(ctx, min_months)
    lf = monthly_frame(sctx, ind_id, by) if step == "mois" else engine.series_frames(
        sctx, ind_id, by, step)
    df = lf.collect()
    cut = partial_month(sctx)
    if step == "mois" and by_month(ind_id) and cut is not None:
        from indicators.formatting import fr_month

        window = (f"{window}, " if window else "") + f"hors {fr_month(cut)} (mois en cours)"
    return _decorate(sctx, ind_id, df, ("mois", *by), window)


def breakdown_table(ctx: Ctx, ind_id: str, df: pl.DataFrame, by: Sequence[str]) -> Table:
    """French table of a masked breakdown: one column per dimension, then the value (and the
    denominator for rates and means)."""
    ind = REGISTRY[ind_id]
    seuil = ctx.settings.seuil_secret
    disp: dict[str, list] = {}
    exp: dict[str, list] = {}
    rows = df.rows(named=True)
    for b in by:
        head = dim_label(b)
        disp[head] = [r.get(f"{b}_libelle") or "" for r in rows]
        exp[head] = disp[head]
    head = f"{ind.label} ({ind.unit})" if ind.unit not in ("%",) else ind.label
    disp[head] = [value_text(ind_id, r["valeur"], bool(r.get("masque")), seuil) for r in rows]
    scale = 100.0 if ind.format == "pourcentage" else 1.0
    exp[head + (" (%)" if ind.format == "pourcentage" else "")] = [
        None if r["valeur"] is None else round(float(r["valeur"]) * scale, 4) for r in rows]
    if ind.kind in ("rate", "mean", "median"):
        disp["Effectif (dénominateur)"] = [
            "" if r.get("effectif") is None else fr_number(r["effectif"]) for r in rows]
        exp["Effectif (dénominateur)"] = [r.get("effectif") for r in rows]
    if ind.kind == "rate" and "numerateur" in df.columns:
        disp["Numérateur"] = ["" if r.get("numerateur") is None else fr_number(r["numerateur"])
                              for r in rows]
        exp["Numérateur"] = [r.get("numerateur") for r in rows]
    note = None
    if any(r.get("masque") for r in rows):
        note = (f"Secret statistique : effectifs de 1 à {seuil - 1} affichés « < {seuil} », taux et "
                f"moyennes sur moins de {seuil} personnes non affichés.")
    return Table(pl.DataFrame(disp, schema={k: pl.Utf8 for k in disp}),
                 pl.DataFrame(exp, strict=False), note)


# ---- territories -----------------------------------------------------------------------------
def territory_comparison(ctx: Ctx, ids: Sequence[str], niveau: str) -> Breakdown | Table:
    """Every unit of ``niveau`` side by side with the département, for ``ids`` (masked)."""
    dep = replace(ctx, territoire=replace(ctx.territoire, niveau="departement",
                                          code=ctx.ref.departement))
    ok = [i for i in ids if unavailable_reason(dep, i, (niveau,)) is None]
    frames = pl.collect_all([engine.frame(dep, i, (niveau,)) for i in ok]
                            + [engine.frame(dep, i) for i in ok]) if ok else []
    units = ctx.ref.units(niveau)
    seuil = ctx.settings.seuil_secret
    base = units.select("code", "nom", "population")
    disp = {"Territoire": base["nom"].to_list() + [f"{ctx.ref.departement_nom} (département)"],
            "Population": [fr_number(p) for p in base["population"].to_list()]
            + [fr_number(int(base["population"].sum()))]}
    exp = {"Code": base["code"].to_list() + [ctx.ref.departement],
           "Territoire": disp["Territoire"],
           "Population": base["population"].to_list() + [int(base["population"].sum())]}
    for k, i in enumerate(ok):
        ind = REGISTRY[i]
        by_unit = mask(frames[k], i, seuil, True)
        total = frames[len(ok) + k]
        lookup = {r[niveau]: r for r in by_unit.rows(named=True)}
        vals, masked = [], []
        for code in base["code"].to_list():
            r = lookup.get(code)
            if r is None:
                vals.append(0.0 if ind.kind in ("count", "sum") else None)
                masked.append(False)
            else:
                vals.append(r["valeur"])
                masked.append(bool(r["masque"]))
        tv = total["valeur"][0] if total.height else None
        vals.append(tv)
        masked.append(False)
        disp[ind.label] = [value_text(i, v, m, seuil) for v, m in zip(vals, masked, strict=False)]
        scale = 100.0 if ind.format == "pourcentage" else 1.0
        exp[ind.label + (" (%)" if ind.format == "pourcentage" else "")] = [
            None if v is None else float(v) * scale for v in vals]
    missing = [i for i in ids if i not in ok]
    note = None
    if missing:
        note = " ".join(unavailable_reason(dep, i, (niveau,)) or "" for i in missing)
    return Table(pl.DataFrame(disp, schema={k: pl.Utf8 for k in disp}),
                 pl.DataFrame(exp, strict=False), note)


def territory_profile(ctx: Ctx, ids: Sequence[str]) -> Table:
    """The territory's value of each indicator beside the département's."""
    dep = replace(ctx, territoire=replace(ctx.territoire, niveau="departement",
                                          code=ctx.ref.departement))
    here = cards(ctx, None, ids, sparkline=False)
    there = cards(dep, None, ids, sparkline=False)
    name = ctx.ref.label(ctx.territoire.niveau, ctx.territoire.code)
    disp = {"Indicateur": [REGISTRY[c.id].label if c.id in REGISTRY else c.label for c in here],
            name: [c.text for c in here],
            f"{ctx.ref.departement_nom} (département)": [c.text for c in there]}
    exp = {"Indicateur": disp["Indicateur"],
           name: [c.value for c in here], "Département": [c.value for c in there]}
    return Table(pl.DataFrame(disp), pl.DataFrame(exp, strict=False))


# ---- data quality ----------------------------------------------------------------------------
def quality_tables(report, ext) -> dict[str, Table]:
    """The validation report's findings, row counts and date coverage as French tables."""
    from data.schema import DATE, TABLES

    out: dict[str, Table] = {}
    findings = list(getattr(report, "findings", ()) or ())
    sev = {"erreur": "Erreur", "avertissement": "Avertissement"}
    rows = [{"Gravité": sev.get(f.severity, f.severity), "Table": TABLE_LABELS.get(f.table, f.table),
             "Colonne": f.column or "", "Constat": f.message,
             "Lignes concernées": f.count, "Exemples": ", ".join(map(str, f.examples[:5]))}
            for f in findings]
    schema = {"Gravité": pl.Utf8, "Table": pl.Utf8, "Colonne": pl.Utf8, "Constat": pl.Utf8,
              "Lignes concernées": pl.Int64, "Exemples": pl.Utf8}
    f_exp = pl.DataFrame(rows, schema=schema)
    out["constats"] = Table(f_exp.with_columns(pl.col("Lignes concernées").map_elements(
        fr_number, return_dtype=pl.Utf8)), f_exp)
    counts = getattr(report, "row_counts", {}) or {}
    trows = []
    for name, spec in TABLES.items():
        present = ext is not None and ext.has(name) if ext is not None else name in counts
        n = ext.tables[name].height if (ext is not None and ext.has(name)) else counts.get(name)
        cov_min = cov_max = None
        if ext is not None and ext.has(name):
            dcols = [c.name for c in spec.columns if c.kind == DATE]
            df = ext.tables[name]
            mins = [df[c].min() for c in dcols if df[c].null_count() < df.height]
            maxs = [df[c].max() for c in dcols if df[c].null_count() < df.height]
            cov_min = min(mins) if mins else None
            cov_max = max(maxs) if maxs else None
        trows.append({"Table": TABLE_LABELS.get(name, name), "Nom technique": name,
                      "Statut": ("obligatoire" if spec.required else "facultative")
                      + ("" if present else " — absente"),
                      "Lignes": n, "Première date": cov_min, "Dernière date": cov_max})
    t = pl.DataFrame(trows, schema={"Table": pl.Utf8, "Nom technique": pl.Utf8, "Statut": pl.Utf8,
                                    "Lignes": pl.Int64, "Première date": pl.Date,
                                    "Dernière date": pl.Date})
    out["tables"] = Table(t.with_columns(
        pl.col("Lignes").map_elements(fr_number, return_dtype=pl.Utf8, skip_nulls=False),
        pl.col("Première date").map_elements(fr_date, return_dtype=pl.Utf8, skip_nulls=False),
        pl.col("Dernière date").map_elements(fr_date, return_dtype=pl.Utf8, skip_nulls=False)), t)
    return out


def quality_summary(report, ext) -> dict[str, int | bool | tuple]:
    findings = list(getattr(report, "findings", ()) or ())
    return {
        "erreurs": sum(f.severity == "erreur" for f in findings),
        "avertissements": sum(f.severity != "erreur" for f in findings),
        "lignes_ecartees": sum(f.count for f in findings
                               if f.severity == "erreur" and f.category != "structure"),
        "tables_absentes": tuple(getattr(report, "missing_optional", ()) or ()),
        "utilisable": ext is not None,
    }


# ---- definitions -----------------------------------------------------------------------------
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(ch for ch in s if not unicodedata.combining(ch))


THEMES = {"allocataires": "Allocataires", "orientations": "Orientations et accompagnement",
          "ep": "Équipes pluridisciplinaires", "actions": "Actions d'insertion",
          "freins": "Freins périphériques", "fajd": "Jeunes (FAJD)", "budget": "Budget"}
FORMAT_LABELS = {"entier": "nombre", "pourcentage": "pourcentage", "jours": "jours",
                 "euros": "euros", "decimal": "nombre décimal"}


def definitions(query: str = "") -> Table:
    """The dictionary of every registered indicator, filtered by words of ``query`` (case and
    accents ignored; every word must appear somewhere in the entry)."""
    words = [_fold(w) for w in query.split() if w.strip()]
    rows = []
    for ind in sorted(REGISTRY.values(), key=lambda i: (i.theme, i.label)):
        row = {"Indicateur": ind.label, "Identifiant": ind.id, "Définition": ind.definition,
               "Unité": ind.unit, "Sens souhaité": BETTER_LABELS.get(ind.better, ""),
               "Tables sources": ", ".join(TABLE_LABELS.get(t, t) for t in ind.tables),
               "Fiche action du PDI": ind.fiche_action,
               "Thème": THEMES.get(ind.theme, ind.theme.capitalize()),
               "Ventilations": ", ".join(dim_label(d) for d in ind.dims),
               "Indicateur clef du contrat": "oui" if ind.core else "non"}
        hay = _fold(" ".join(row.values()))
        if all(w in hay for w in words):
            rows.append(row)
    cols = ["Indicateur", "Identifiant", "Définition", "Unité", "Sens souhaité", "Tables sources",
            "Fiche action du PDI", "Thème", "Ventilations", "Indicateur clef du contrat"]
    df = pl.DataFrame(rows, schema={c: pl.Utf8 for c in cols})
    return Table(df, df)


# ---- several indicators side by side ---------------------------------------------------------
def _stack(parts: list[tuple[str, Breakdown]], by: tuple[str, ...]) -> Breakdown:
    """Concatenate breakdowns of several indicators (same format) with an ``indicateur_libelle``
    column; the table puts them side by side."""
    ok = [(i, b) for i, b in parts if b.ok]
    if not ok:
        reasons = " ".join(b.reason or "" for _, b in parts)
        return Breakdown(parts[0][0] if parts else "", by, None, None, reasons or UNAVAILABLE)
    frames = []
    for i, b in ok:
        frames.append(b.data.select(*by, *[f"{d}_libelle" for d in by], "valeur", "masque")
                      .with_columns(pl.lit(i).alias("indicateur"),
                                    pl.lit(REGISTRY[i].label).alias("indicateur_libelle")))
    data = pl.concat(frames, how="vertical_relaxed")
    disp = None
    exp = None
    for _, b in ok:
        t = b.table
        keys = [dim_label(d) for d in by]
        vcol_d = [c for c in t.display.columns if c not in keys and c not in (
            "Effectif (dénominateur)", "Numérateur")][0]
        vcol_e = [c for c in t.export.columns if c not in keys and c not in (
            "Effectif (dénominateur)", "Numérateur")][0]
        d = t.display.select(*keys, vcol_d)
        e = t.export.select(*keys, vcol_e)
        disp = d if disp is None else disp.join(d, on=keys, how="full", coalesce=True)
        exp = e if exp is None else exp.join(e, on=keys, how="full", coalesce=True)
    notes = [b.table.note for _, b in ok if b.table and b.table.note]
    missing = [b.reason for _, b in parts if not b.ok and b.reason]
    note = " ".join(dict.fromkeys(notes + missing)) or None
    window = next((b.window for _, b in ok if b.window), None)
    return Breakdown(ok[0][0], by, data, Table(disp.fill_null("–"), exp, note), None, window,
                     any(b.masked_any for _, b in ok))


def series_many(ctx: Ctx, ids: Sequence[str], min_months: int = 12) -> Breakdown:
    """Monthly series of several indicators on one chart (column ``indicateur_libelle``)."""
    return _stack([(i, series(ctx, i, (), min_months)) for i in ids], ("mois",))


def compare(ctx: Ctx, ids: Sequence[str], by: Sequence[str]) -> Breakdown:
    """Several indicators broken down by the same dimension (e.g. places prévues and
    participants by catégorie)."""
    bs = breakdowns(ctx, [(i, tuple(by)) for i in ids])
    return _stack(list(zip(ids, bs, strict=False)), tuple(by))


# National references (config.toml [[references]]) and legal targets ([objectifs]) per indicator.
REFERENCE_OF = {"delai_orientation_moyen_j": "delai_orientation_moyen_j",
                "taux_orientation": "taux_orientation", "taux_cer_valide": "taux_cer_valide",
                "part_orientations_france_travail": "part_france_travail",
                "delai_orientation_cer_median_j": "delai_orientation_cer_median_j"}
TARGET_OF = {"delai_orientation_moyen_j": ("delai_orientation_j", "Objectif légal"),
             "delai_orientation_median_j": ("delai_orientation_j", "Objectif légal"),
             "delai_orientation_km_median_j": ("delai_orientation_j", "Objectif légal"),
             "delai_orientation_cer_median_j": ("delai_contrat_j", "Délai légal du contrat"),
             "ep_delai_notification_moyen_j": ("delai_avis_ep_j", "Délai d'avis de l'EP"),
             "ep_delai_passage_moyen_j": ("delai_avis_ep_j", "Délai d'avis de l'EP")}


def reference_lines(settings, ind_id: str) -> list[tuple[float, str, str]]:
    """``(value, label, kind)`` lines to draw beside an indicator: its legal target
    (``kind="target"``) and its national DREES value (``kind="reference"``), labelled with their
    source. Values are in the indicator's own unit (fractions for rates)."""
    out = []
    t = TARGET_OF.get(ind_id)
    if t:
        v = getattr(settings.objectifs, t[0])
        out.append((float(v), f"{t[1]} : {v} jours", "target"))
    r = settings.reference(REFERENCE_OF.get(ind_id, "")) if ind_id in REFERENCE_OF else None
    if r is not None:
        fmt = REGISTRY[ind_id].format if ind_id in REGISTRY else "entier"
        shown = format_value(r.valeur, "pourcentage" if fmt == "pourcentage" else "entier")
        if fmt == "jours":
            shown = f"{fr_number(r.valeur)} jours"
        out.append((float(r.valeur), f"France : {shown} (DREES {r.annee})", "reference"))
    return out


def drees_by_anciennete(settings) -> pl.DataFrame:
    """The DREES national shares oriented by ancienneté (« France »), keyed by the
    ``anciennete_drees`` codes of :func:`indicators.core.orientation.anciennete_drees_band`."""
    rows = []
    for code, ref_id in (("moins_6_mois", "taux_orientation_moins_6_mois"),
                         ("6_12_mois", "taux_orientation_6_12_mois"),
                         ("plus_1_an", "taux_orientation_plus_1_an")):
        r = settings.reference(ref_id)
        if r is not None:
            rows.append({"anciennete_drees": code, "valeur": r.valeur, "source": r.source})
    return pl.DataFrame(rows, schema={"anciennete_drees": pl.Utf8, "valeur": pl.Float64,
                                      "source": pl.Utf8})
