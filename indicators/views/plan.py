"""The PDI-PTI as the Département wrote it, with what the extraction measures of it: orientations →
axes → fiches actions → « critères d'évaluation », and under each criterion the indicators whose
registry entry names it (``criteres=``), with their value for the period and territory, the
comparison, the change and the trend — or « non mesuré par l'extraction » and the data it would
need. The coverage figure counts the criteria measured.

A criterion is *measured* when at least one indicator naming it can be computed on the extraction
(its tables are present) and, for an indicator read per fiche (the action indicators, which the
extraction ties to a PDI fiche by ``action.fiche_action``), when the extraction holds at least one
action of that fiche. The criteria of the fiches about all actions (:data:`data.plan.FICHES_TOUTES_ACTIONS`:
PDI 41 COPIL/COTECH with all partners, PDI 43 evaluation of all actions) are read over all actions.

Values are masked like every card (:func:`indicators.views.key_cards.cards`); per-fiche values go
through :func:`indicators.views.availability.masked_frame` with the breakdown ``fiche_action``.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import polars as pl

from data import plan as pdi
from indicators import engine
from indicators.context import Ctx
from indicators.registry import REGISTRY, indicators_of_critere, indicators_of_fiche
from indicators.views.availability import masked_frame, unavailable_reason, value_text
from indicators.views.key_cards import Card, delta_text
from indicators.views.references import benchmark_text
from indicators.views.tables import Table

NOT_MEASURED = "non mesuré par l'extraction"
FICHE_DIM = "fiche_action"


@dataclass(frozen=True)
class Measure(Card):
    """One indicator under a criterion (or a fiche): its card, read over the territory or over the
    fiche's own actions, with its benchmark."""
    perimetre: str = ""  # « actions de la fiche » for per-fiche values, else ""
    repere: str = ""  # legal target / national value


@dataclass(frozen=True)
class CritereView:
    critere: pdi.Critere
    measures: tuple[Measure, ...]

    @property
    def measured(self) -> bool:
        return bool(self.measures)


@dataclass(frozen=True)
class FicheView:
    fiche: pdi.Fiche
    criteres: tuple[CritereView, ...]
    autres: tuple[Measure, ...] = ()  # indicators of the fiche tied to no criterion
    secondaire: bool = False  # shown under this axe through the fiche's second orientation


@dataclass(frozen=True)
class AxeView:
    axe: pdi.Axe
    fiches: tuple[FicheView, ...]


@dataclass(frozen=True)
class OrientationView:
    orientation: pdi.Orientation
    axes: tuple[AxeView, ...]
    sans_axe: tuple[FicheView, ...] = ()


@dataclass(frozen=True)
class PlanView:
    orientations: tuple[OrientationView, ...]
    measured: int  # criteria measured
    total: int  # criteria of the plan
    contexte: tuple[Measure, ...] = ()  # indicators tied to no fiche
    fiches: dict[str, FicheView] = field(default_factory=dict)  # each fiche once
    configured: bool = True  # False: the configuration names no plan (config.toml, [plan])

    @property
    def coverage_text(self) -> str:
        if not self.configured:
            return NO_PLAN
        return f"{self.measured} critères d'évaluation sur {self.total} mesurés par l'extraction"


NO_PLAN = ("Aucun plan d'action départemental d'insertion n'est configuré pour ce département "
           "(config.toml, rubrique [plan]) : les orientations, axes, fiches actions et leurs "
           "critères d'évaluation ne peuvent pas être suivis")


def fiche_scoped(ind_id: str, fid: str) -> bool:
    """The indicator is read on the fiche's own actions (a PDI fiche, an action indicator, not a
    fiche about all actions)."""
    return (FICHE_DIM in REGISTRY[ind_id].dims and fid.startswith("PDI-")
            and fid not in pdi.FICHES_TOUTES_ACTIONS)


def fiches_with_actions(ctx: Ctx) -> frozenset[str]:
    """The PDI fiches the extraction's actions name (``action.fiche_action``)."""
    if not ctx.ext.has("action"):
        return frozenset()
    nums = ctx.ext.lf("action").select(pl.col("fiche_action").drop_nulls().unique()).collect()
    return frozenset(pdi.fiche_id("PDI", n) for n in nums["fiche_action"].to_list())


def measurable(ctx: Ctx, ind_id: str, fid: str, with_actions: frozenset[str]) -> bool:
    if unavailable_reason(ctx, ind_id) is not None:
        return False
    return not fiche_scoped(ind_id, fid) or fid in with_actions


def coverage(ctx: Ctx) -> tuple[int, int]:
    """(criteria measured, criteria of the plan) on this extraction."""
    plan = pdi.plan_of(ctx.settings)
    if plan is None:
        return 0, 0
    acts = fiches_with_actions(ctx)
    crits = plan.criteres.values()
    n = sum(any(measurable(ctx, i.id, c.fiche, acts) for i in indicators_of_critere(c.id)) for c in crits)
    return n, len(crits)


def _per_fiche(ctx: Ctx | None, ids: Sequence[str]) -> dict[str, dict[int, tuple[float | None, bool]]]:
    """``id → fiche number → (value, masked)`` of the action indicators by ``fiche_action``."""
    if ctx is None or not ids:
        return {}
    frames = pl.collect_all([engine.frame(ctx, i, (FICHE_DIM,)) for i in ids])
    out = {}
    for i, df in zip(ids, frames, strict=False):
        m = masked_frame(df, i, ctx, (FICHE_DIM,))
        out[i] = {r[FICHE_DIM]: (None if r["valeur"] is None else float(r["valeur"]), bool(r["masque"]))
                  for r in m.iter_rows(named=True) if r[FICHE_DIM] is not None}
    return out


def _measure_of_card(c: Card, repere: str) -> Measure:
    return Measure(**vars(c), repere=repere)


def plan_view(ctx: Ctx, comp: Ctx | None, cards: dict[str, Card],
              fiches: Collection[str] | None = None) -> PlanView:
    """The plan tree with its measures. ``cards`` are the key cards (value, comparison, trend) of
    the indicators read over the territory (:func:`plan_card_ids`), computed by the caller so that
    they are cached like every card.

    ``fiches``: the fiches whose measures carry their values (default: every fiche); the other
    fiches' measures name their indicator without any value — the tree, the criteria measured and
    the coverage are the same, computed without a figure (the Plan page draws a fiche's values
    when it is opened: :func:`fiche_card_ids` are then the cards it needs)."""
    plan = pdi.plan_of(ctx.settings)
    if plan is None:
        return PlanView((), 0, 0, tuple(_measure_of_card(cards[i.id], benchmark_text(
            ctx.settings, i.id)) for i in REGISTRY.values() if i.id in cards), {}, False)
    acts = fiches_with_actions(ctx)
    valued = set(plan.fiches) if fiches is None else set(fiches)
    scoped_ids = {i.id for i in REGISTRY.values() for f in i.fiches if fiche_scoped(i.id, f)
                  and unavailable_reason(ctx, i.id) is None}
    card_ids = set(cards)
    if fiches is not None:  # only what the valued fiches read (each indicator's values alike)
        scoped_ids &= {i.id for f in valued if f in plan.fiches for i in _fiche_indicators(plan, f)
                       if fiche_scoped(i.id, f)}
        card_ids = set(plan_card_ids(ctx))
    scoped_ids = sorted(scoped_ids)
    cur = _per_fiche(ctx, scoped_ids)
    prev = _per_fiche(comp, [i for i in scoped_ids if comp is not None]) if comp is not None else {}
    seuil = ctx.settings.seuil_secret

    def measure(ind_id: str, fid: str) -> Measure | None:
        if not measurable(ctx, ind_id, fid, acts):
            return None
        repere = benchmark_text(ctx.settings, ind_id)
        ind = REGISTRY[ind_id]
        if fid not in valued:  # the outline: the indicator, no value
            if not fiche_scoped(ind_id, fid) and ind_id not in card_ids:
                return None
            return Measure(ind_id, ind.short, "", None, better=ind.better, fmt=ind.format,
                           perimetre="actions de la fiche" if fiche_scoped(ind_id, fid) else "",
                           repere=repere)
        if not fiche_scoped(ind_id, fid):
            c = cards.get(ind_id)
            return _measure_of_card(c, repere) if c is not None else None
        n = plan.fiches[fid].numero
        v, m = cur.get(ind_id, {}).get(n, (0.0 if ind.kind in ("count", "sum") else None, False))
        pv, pm = prev.get(ind_id, {}).get(n, (0.0 if ind.kind in ("count", "sum") else None, False))
        d = (v - pv) if (comp is not None and v is not None and pv is not None) else None
        return Measure(ind_id, ind.short, value_text(ind_id, v, m, seuil), None if m else v,
                       comparison=pv if comp is not None and not pm else None,
                       comparison_text=value_text(ind_id, pv, pm, seuil) if comp is not None else None,
                       delta=d, delta_text=delta_text(d, ind.format), better=ind.better, masked=m,
                       fmt=ind.format, perimetre="actions de la fiche", repere=repere)

    fviews: dict[str, FicheView] = {}
    for f in plan.fiches.values():
        crits = tuple(CritereView(c, tuple(x for x in (measure(i.id, f.id) for i in indicators_of_critere(c.id))
                                           if x is not None)) for c in f.criteres)
        named = {i.id for c in f.criteres for i in indicators_of_critere(c.id)}
        autres = tuple(x for x in (measure(i.id, f.id) for i in indicators_of_fiche(f.id) if i.id not in named)
                       if x is not None)
        fviews[f.id] = FicheView(f, crits, autres)

    orients = []
    for o in plan.orientations:
        axes = tuple(AxeView(a, tuple(FicheView(fv.fiche, fv.criteres, fv.autres, sec)
                                      for fv, sec in ((fviews[f.id], s) for f, s in plan.fiches_of_axe(a.numero))))
                     for a in o.axes)
        orients.append(OrientationView(o, axes, tuple(fviews[f.id] for f in plan.fiches_without_axe(o.numero))))
    n = sum(c.measured for fv in fviews.values() for c in fv.criteres)
    total = sum(len(fv.criteres) for fv in fviews.values())
    contexte = tuple(_measure_of_card(cards[i.id], benchmark_text(ctx.settings, i.id))
                     for i in REGISTRY.values() if not i.fiches and i.id in cards)
    return PlanView(tuple(orients), n, total, contexte, fviews)


def _fiche_indicators(plan: pdi.Plan, fid: str):
    """The indicators a fiche's measures come from: its criteria's, then its own."""
    f = plan.fiches[fid]
    return [*(i for c in f.criteres for i in indicators_of_critere(c.id)), *indicators_of_fiche(fid)]


def context_card_ids(ctx: Ctx) -> tuple[str, ...]:
    """The context indicators (tied to no fiche) the plan shows as cards."""
    return tuple(i.id for i in REGISTRY.values() if not i.fiches and unavailable_reason(ctx, i.id) is None)


def fiche_card_ids(ctx: Ctx, fid: str) -> tuple[str, ...]:
    """The cards (read over the territory) the measures of fiche ``fid`` are made of."""
    plan = pdi.plan_of(ctx.settings)
    if plan is None or fid not in plan.fiches:
        return ()
    read_over_territory = set(plan_card_ids(ctx))
    return tuple(dict.fromkeys(i.id for i in _fiche_indicators(plan, fid)
                               if not fiche_scoped(i.id, fid) and i.id in read_over_territory))


def plan_card_ids(ctx: Ctx) -> tuple[str, ...]:
    """The indicators the plan page shows as cards (read over the territory): every available
    indicator that serves a fiche without being read per fiche, and the context indicators."""
    out = []
    for i in REGISTRY.values():
        if unavailable_reason(ctx, i.id) is not None:
            continue
        if not i.fiches or any(not fiche_scoped(i.id, f) for f in i.fiches):
            out.append(i.id)
    return tuple(out)


CRITERE_COLS = ("Critère d'évaluation", "Indicateur", "Valeur", "Comparaison", "Évolution",
                "Repère", "Mesure")


def fiche_rows(fv: FicheView) -> list[dict]:
    """One row per (criterion, measuring indicator), one per unmeasured criterion (« non mesuré
    par l'extraction » and the data it would need), then the fiche's other indicators."""
    rows = []
    for c in fv.criteres:
        if not c.measured:
            rows.append({"Critère d'évaluation": c.critere.texte, "Indicateur": NOT_MEASURED,
                         "Valeur": "–", "Comparaison": "–", "Évolution": "–", "Repère": "",
                         "Mesure": f"Données nécessaires : {c.critere.besoin}", "_spark": []})
        for m in c.measures:
            rows.append(_measure_row(c.critere.texte, m))
    for m in fv.autres:
        rows.append(_measure_row("(indicateur de la fiche, sans critère dédié)", m))
    return rows


def _measure_row(critere: str, m: Measure) -> dict:
    return {"Critère d'évaluation": critere, "Indicateur": m.label, "Valeur": m.text,
            "Comparaison": m.comparison_text or "–", "Évolution": m.delta_text or "–",
            "Repère": m.repere, "Mesure": (f"sur les {m.perimetre}" if m.perimetre
                                           else "sur le territoire"),
            "_spark": [v for v in m.spark if v is not None]}


def fiche_table(fv: FicheView) -> Table:
    rows = fiche_rows(fv)
    disp = pl.DataFrame(rows, schema={**{c: pl.Utf8 for c in CRITERE_COLS},
                                      "_spark": pl.List(pl.Float64)})
    display = disp.rename({"_spark": "Tendance (12 mois)"}).select(
        "Critère d'évaluation", "Indicateur", "Valeur", "Comparaison", "Évolution",
        "Tendance (12 mois)", "Repère", "Mesure")
    return Table(display, disp.drop("_spark"))


def criteria_table(pv: PlanView) -> Table:
    """Every criterion of the plan and whether the extraction measures it (the evaluation annex)."""
    rows = []
    for fv in pv.fiches.values():
        for c in fv.criteres:
            rows.append({"Fiche": fv.fiche.libelle, "Critère": c.critere.id,
                         "Critère d'évaluation": c.critere.texte,
                         "Mesuré": "oui" if c.measured else "non",
                         "Indicateurs ou données nécessaires": (
                             ", ".join(m.label for m in c.measures) if c.measured
                             else f"{NOT_MEASURED} — {c.critere.besoin}")})
    df = pl.DataFrame(rows)
    return Table(df, df, note=pv.coverage_text)
