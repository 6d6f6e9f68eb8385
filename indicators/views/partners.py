"""Sheets per porteur and per action (PDI fiches 41 « COPIL et COTECH avec tous nos partenaires »
and 43 « Systématisation de la démarche d'évaluation pour toutes les actions »): participants vs
places prévues (fill rate), length of participation, exits by class, taux de sorties dynamiques,
budget prévu / réalisé, coût par sortie dynamique — for the period and the previous calendar
years.

Every figure is the action indicator of the registry broken down by ``porteur`` (or
``id_action``), masked through :func:`indicators.views.availability.masked_frame` like any
breakdown (a porteur is not a territory: at département level its figures show; below it, the
secret statistique applies). The fill rate is, over the period's own actions, their
participants (each action's own, summed) / their places prévues; it is not shown when a part is
masked or the places are unknown.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from data.schema import CLASSES_RESULTAT
from indicators import engine
from indicators.context import Ctx
from indicators.formatting import format_value, fr_date
from indicators.labels import code_label
from indicators.registry import REGISTRY
from indicators.views.availability import masked_frame, unavailable_reason, value_text
from indicators.views.tables import Table

SHEET_IDS = ("participants_actions", "places_prevues", "duree_participation_moyenne_j",
             "sorties_actions", "taux_sorties_dynamiques", "taux_emploi_durable", "budget_prevu",
             "budget_realise", "cout_par_sortie_dynamique")
FILL = "Taux de remplissage"
CLASSES = tuple(dict.fromkeys((*CLASSES_RESULTAT, "non_renseigne")))


def where_counted(territoire) -> str | None:
    """Under the actions' cards of a territory below the département: actions, places and budgets
    are located by the action (its commune, else its territory key), participants and exits by the
    person's foyer (:mod:`indicators.core.actions`) — « 0 actions » beside « 52 participants »
    is then no contradiction. None for the département (every action counts there)."""
    if territoire.is_departement:
        return None
    return ("Actions, places et budgets sont comptés là où l'action a lieu ; participants et "
            "sorties, là où la personne habite : les habitants du territoire peuvent suivre des "
            "actions organisées ailleurs.")


@dataclass(frozen=True)
class PartnerSheet:
    porteur: str
    par_annee: Table  # one row per period (the period, then the previous years)
    actions: Table  # one row per action of the period
    values: dict[str, float | None]  # the period's raw masked values (None: masked / undefined)


def period_label(ctx: Ctx) -> str:
    if ctx.debut == date(ctx.debut.year, 1, 1) and ctx.fin.year == ctx.debut.year and (
            ctx.fin == date(ctx.fin.year, 12, 31) or ctx.fin == ctx.date_extraction):
        return str(ctx.debut.year)
    return f"du {fr_date(ctx.debut)} au {fr_date(ctx.fin)}"


def _periods(ctx: Ctx, years: int) -> list[tuple[str, Ctx]]:
    """The previous calendar years, then the period (the last row)."""
    out = [(str(y), replace(ctx, debut=date(y, 1, 1), fin_demande=date(y, 12, 31)))
           for y in range(ctx.debut.year - years, ctx.debut.year)]
    return out + [(period_label(ctx), ctx)]


def _masked(ctx: Ctx, ids: tuple[str, ...], by: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    ok = [i for i in ids if unavailable_reason(ctx, i, by) is None]
    frames = pl.collect_all([engine.frame(ctx, i, by) for i in ok]) if ok else []
    return {i: masked_frame(df, i, ctx, by) for i, df in zip(ok, frames, strict=False)}


def _cell(frames: dict[str, pl.DataFrame], i: str, col: str, key) -> tuple[float | None, bool]:
    df = frames.get(i)
    if df is None:
        return None, False
    r = df.filter(pl.col(col) == key)
    if not r.height:
        ind = REGISTRY[i]
        return (0.0 if ind.kind in ("count", "sum") else None), False
    v = r["valeur"][0]
    return (None if v is None else float(v)), bool(r["masque"][0])


def _fill(part: tuple[float | None, bool], places: tuple[float | None, bool]) -> str:
    (p, pm), (n, nm) = part, places
    if pm or nm:
        return "secret statistique"
    if p is None or not n:
        return "–"
    return fill_text(p / n)


def _fill_of_actions(frames: dict, action_ids: list[str]) -> str:
    """Participants of the given actions (each action's own participants, summed) over their
    places prévues."""
    parts = [_cell(frames, "participants_actions", "id_action", a) for a in action_ids]
    places = [_cell(frames, "places_prevues", "id_action", a) for a in action_ids]
    if any(m for _, m in parts + places):
        return "secret statistique"
    n = sum(v or 0 for v, _ in places)
    if not n:
        return "–"
    return fill_text(sum(v or 0 for v, _ in parts) / n)


OVER = "sur-occupation"


def fill_text(rate: float) -> str:
    """« 75,0 % », or « 112,5 % (sur-occupation) » when there are more participants than places
    prévues (explained in the sheet's note)."""
    t = format_value(rate, "pourcentage")
    return f"{t} ({OVER})" if rate > 1 else t


def _actions_of(ctx: Ctx) -> pl.DataFrame:
    if not ctx.ext.has("action") or ctx.window_empty:
        return pl.DataFrame(schema={"id_action": pl.Utf8, "porteur": pl.Utf8})
    return (ctx.ext.lf("action").filter(pl.col("annee").is_between(ctx.debut.year, ctx.fin.year))
            .unique("id_action", keep="first").select("id_action", "porteur").collect())


def _row(frames: dict, classes: pl.DataFrame | None, col: str, key, seuil: int) -> tuple[dict, dict]:
    cells, raw = {}, {}
    for i in SHEET_IDS:
        v, m = _cell(frames, i, col, key)
        raw[i] = None if m else v
        cells[REGISTRY[i].short] = value_text(i, v, m, seuil) if i in frames else "non disponible"
    cells[FILL] = _fill(_cell(frames, "participants_actions", col, key),
                        _cell(frames, "places_prevues", col, key))
    if classes is not None:
        sub = classes.filter(pl.col(col) == key)
        for c in CLASSES:
            r = sub.filter(pl.col("classe_resultat") == c)
            v, m = ((float(r["valeur"][0]) if r["valeur"][0] is not None else None, bool(r["masque"][0]))
                    if r.height else (0.0, False))
            cells[f"Sorties : {code_label('classe_resultat', c).lower()}"] = value_text(
                "sorties_actions", v, m, seuil)
    return cells, raw


def porteurs(ctx: Ctx) -> list[str]:
    """The porteurs of the period's actions, in alphabetical order."""
    if not ctx.ext.has("action"):
        return []
    a = ctx.ext.lf("action").filter(pl.col("annee").is_between(ctx.debut.year, ctx.fin.year))
    return sorted(a.select(pl.col("porteur").drop_nulls().unique()).collect()["porteur"].to_list())


def partner_sheets(ctx: Ctx, years: int = 2, only: str | None = None) -> list[PartnerSheet]:
    """One sheet per porteur (or only ``only``): its figures for the period and the ``years``
    previous calendar years, and its actions of the period."""
    seuil = ctx.settings.seuil_secret
    names = [p for p in porteurs(ctx) if only is None or p == only]
    per: list[tuple[str, dict, pl.DataFrame | None, dict, pl.DataFrame]] = []
    for label, c in _periods(ctx, years):
        fr = _masked(c, SHEET_IDS, ("porteur",))
        cl = _masked(c, ("sorties_actions",), ("porteur", "classe_resultat")).get("sorties_actions")
        fa = _masked(c, ("participants_actions", "places_prevues"), ("id_action",))
        per.append((label, fr, cl, fa, _actions_of(c)))
    act_frames = _masked(ctx, SHEET_IDS, ("id_action",))
    acts = (ctx.ext.lf("action").filter(pl.col("annee").is_between(ctx.debut.year, ctx.fin.year))
            .unique("id_action", keep="first").select("id_action", "libelle", "porteur", "fiche_action",
                                                      "categorie").collect()
            if ctx.ext.has("action") else pl.DataFrame())
    out = []
    for p in names:
        rows, values = [], {}
        for label, fr, cl, fa, acts_y in per:
            cells, raw = _row(fr, cl, "porteur", p, seuil)
            cells[FILL] = _fill_of_actions(fa, acts_y.filter(pl.col("porteur") == p)["id_action"].to_list())
            rows.append({"Période": label, **cells})
            values = raw  # the last one: the period
        arows = []
        for a in acts.filter(pl.col("porteur") == p).sort("libelle").iter_rows(named=True):
            cells, _ = _row(act_frames, None, "id_action", a["id_action"], seuil)
            arows.append({"Action": a["libelle"],
                          "Fiche action": code_label("fiche_action", a["fiche_action"]),
                          "Catégorie": code_label("categorie", a["categorie"]), **cells})
        ya = _transpose(rows)
        ta = pl.DataFrame(arows) if arows else pl.DataFrame({"Action": []}, schema={"Action": pl.Utf8})
        out.append(PartnerSheet(p, Table(ya, ya, note=_NOTE), Table(ta, ta, note=_NOTE), values))
    return out


def _transpose(rows: list[dict]) -> pl.DataFrame:
    """Rows = figures, columns = periods (a sheet reads down a year, across the years)."""
    if not rows:
        return pl.DataFrame({"Indicateur": []}, schema={"Indicateur": pl.Utf8})
    names = [k for k in rows[0] if k != "Période"]
    return pl.DataFrame({"Indicateur": names,
                         **{r["Période"]: [r[n] for n in names] for r in rows}})


def actions_table(ctx: Ctx) -> Table:
    """Every action of the period: its porteur, fiche, figures (the sheet of each action)."""
    seuil = ctx.settings.seuil_secret
    frames = _masked(ctx, SHEET_IDS, ("id_action",))
    if not ctx.ext.has("action"):
        return Table(pl.DataFrame(), pl.DataFrame())
    acts = (ctx.ext.lf("action").filter(pl.col("annee").is_between(ctx.debut.year, ctx.fin.year))
            .unique("id_action", keep="first").sort("porteur", "libelle").collect())
    rows = []
    for a in acts.iter_rows(named=True):
        cells, _ = _row(frames, None, "id_action", a["id_action"], seuil)
        rows.append({"Action": a["libelle"], "Porteur": a["porteur"], "Année": str(a["annee"]),
                     "Fiche action": code_label("fiche_action", a["fiche_action"]), **cells})
    df = pl.DataFrame(rows) if rows else pl.DataFrame({"Action": []}, schema={"Action": pl.Utf8})
    return Table(df, df, note=_NOTE)


_NOTE = ("Taux de remplissage : participants des actions de la période (chacune ses participants, "
         "additionnés) / leurs places prévues ; au-delà de 100 % (« sur-occupation »), l'action a "
         "accueilli plus de participants que de places prévues (entrées et sorties en cours "
         "d'année, places réattribuées). Sorties dynamiques : emploi durable, emploi de transition, sortie positive "
         "(hors sorties neutralisées et résultats inconnus).")
