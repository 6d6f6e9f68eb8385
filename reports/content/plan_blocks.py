"""The évaluation du PDI follows the plan as the Département wrote it: one section per orientation,
one sub-section per axe, one per fiche action (the plan's own titles, in the plan's order), each
with its criteria and the indicators that measure them (the plan view of
:mod:`indicators.views.plan`, the same figures as the page « Plan d'action PDI-PTI »), then the
evolution chart of each indicator of the fiche. A fiche carried by two orientations is written
under its first one and referred to under the second (its criteria table repeated, no chart);
an indicator serving several fiches is charted once, under the first, and referred to after.
The annex lists every criterion of the plan and whether the extraction measures it."""
from __future__ import annotations

from charts.figures import km_curve
from data.referentiel import Territoire
from indicators.formatting import upper_first
from indicators.registry import REGISTRY
from indicators.views.partners import where_counted
from indicators.views.plan import (
    NO_PLAN,
    NOT_MEASURED,
    FicheView,
    PlanView,
    criteria_table,
    fiche_rows,
)
from indicators.views.tables import Table, rows_table
from reports.content.compute import PackData
from reports.content.indicator_blocks import profile_table, series_chart
from reports.content.model import Chart, PackMeta, Section
from reports.content.territory_blocks import units_table
from settings import Settings

CRIT_COLUMNS = ("Critère d'évaluation", "Indicateur", "Valeur", "Comparaison", "Évolution", "Repère")


def criteria_of_fiche(fv: FicheView, meta: PackMeta) -> Table:
    rows = [[r["Critère d'évaluation"], r["Indicateur"], r["Valeur"], r["Comparaison"],
             r["Évolution"], r["Repère"] or (r["Mesure"] if r["Indicateur"] == NOT_MEASURED else "")]
            for r in fiche_rows(fv)]
    cols = [CRIT_COLUMNS[0], CRIT_COLUMNS[1], upper_first(meta.periode.libelle),
            upper_first(meta.comparaison.libelle), "Évolution", "Repère / données nécessaires"]
    ids = tuple(dict.fromkeys(m.id for c in fv.criteres for m in c.measures))
    return rows_table(f"{fv.fiche.libelle} : critères d'évaluation et mesures", cols, rows,
                      indicateurs=ids + tuple(m.id for m in fv.autres))


def _fiche_intro(fv: FicheView) -> str:
    f = fv.fiche
    n = sum(c.measured for c in fv.criteres)
    parts = [f"Pilote : {f.pilote or 'non précisé'}.",
             f"Critères d'évaluation mesurés par l'extraction : {n} sur {len(fv.criteres)}."]
    if fv.secondaire:
        parts.append(f"Fiche de l'orientation {f.orientation} (axe {f.axe}), rattachée aussi à cet "
                     "axe : ses graphiques sont sous l'orientation "
                     f"{f.orientation}.")
    elif f.orientation_secondaire:
        parts.append(f"Rattachée aussi à l'orientation {f.orientation_secondaire} "
                     f"(axe {f.axe_secondaire}).")
    return " ".join(parts)


def evaluation_sections(pv: PlanView, d: PackData, settings: Settings, meta: PackMeta, ref,
                        sub: str | None, after: dict[str, list] | None = None) -> list[Section]:
    """``after``: items written right after an indicator's chart (the Kaplan-Meier curve of the
    time in the RSA after its median, in the cohort of fiche 3)."""
    if not pv.configured:  # no plan in the configuration: say it, then chart the indicators
        sec = Section("Indicateurs du tableau de bord", intro="Sans plan d'action configuré, les "
                      "indicateurs ne sont pas rattachés à des fiches actions.")
        for i in d.series:
            sec.items.append(series_chart(i, d, settings, meta))
            sec.items.extend((after or {}).get(i, ()))
        return [Section("Plan d'action départemental d'insertion", intro=NO_PLAN + "."), sec]
    charted: dict[str, str] = {}  # indicator → fiche where it is charted

    def fiche_section(fv: FicheView) -> Section:
        s = Section(fv.fiche.libelle, intro=_fiche_intro(fv))
        s.items.append(criteria_of_fiche(fv, meta))
        if fv.secondaire:
            return s
        measures = [m for c in fv.criteres for m in c.measures] + list(fv.autres)
        seen_here: list[str] = []
        for m in measures:
            if m.perimetre or m.id in seen_here or m.id not in d.series:
                continue
            seen_here.append(m.id)
            if m.id in charted:
                continue
            charted[m.id] = fv.fiche.id
            s.items.append(series_chart(m.id, d, settings, meta))
            if sub:
                s.items.append(units_table(m.id, d, ref, meta))
            prof = profile_table(m.id, d, meta)
            if prof is not None:
                s.items.append(prof)
            s.items.extend((after or {}).get(m.id, ()))
        again = [REGISTRY[i].label for i in seen_here if charted[i] != fv.fiche.id]
        if again:
            s.intro += (" Évolutions déjà présentées sous une fiche précédente : "
                        + " ; ".join(again) + ".")
        return s

    out = []
    for o in pv.orientations:
        n_crit = sum(len(fv.criteres) for a in o.axes for fv in a.fiches if not fv.secondaire)
        n_meas = sum(c.measured for a in o.axes for fv in a.fiches if not fv.secondaire
                     for c in fv.criteres)
        sec = Section(f"Orientation {o.orientation.numero} — {o.orientation.titre}",
                      intro=f"{n_meas} critère(s) d'évaluation mesuré(s) par l'extraction sur "
                            f"{n_crit} pour les fiches de cette orientation.")
        for a in o.axes:
            axe = Section(f"Axe {a.axe.numero} — {a.axe.titre}")
            if not a.fiches:
                axe.intro = "Aucune fiche action rattachée à cet axe."
            for fv in a.fiches:
                axe.sous_sections.append(fiche_section(fv))
            sec.sous_sections.append(axe)
        if o.sans_axe:
            axe = Section("Fiches sans axe (intitulé du plan précédent)")
            axe.sous_sections += [fiche_section(fv) for fv in o.sans_axe]
            sec.sous_sections.append(axe)
        out.append(sec)
    ctx_ids = [m.id for m in pv.contexte if m.id in d.series]
    if ctx_ids:
        sec = Section("Indicateurs de contexte (hors fiches actions)",
                      intro="Indicateurs qui ne mesurent aucun critère d'une fiche action : "
                            "connaissance du public, allocation versée, FAJD.")
        for i in ctx_ids:
            sec.items.append(series_chart(i, d, settings, meta))
        out.append(sec)
    return out


def criteria_annex(pv: PlanView) -> Table:
    """The page's criteria table (:func:`indicators.views.plan.criteria_table`) under its title."""
    return criteria_table(pv).titled("Critères d'évaluation du PDI-PTI et leur mesure",
                                     note=pv.coverage_text)


def suivi_section(pv: PlanView, meta: PackMeta, avant: str) -> Section:
    """The comité de suivi's « Suivi des plans d'action » (PDI fiche 39): per orientation, the key
    figure of each measured criterion of its fiches, with its change since the last comité
    (``pv`` is computed against the period six months earlier, labelled ``avant``)."""
    if not pv.configured:
        return Section("Suivi des plans d'action", intro=NO_PLAN + ".")
    sec = Section("Suivi des plans d'action",
                  intro=f"Pour chaque orientation du PDI-PTI, le chiffre clé de chaque critère "
                        f"d'évaluation mesuré de ses fiches actions et son évolution depuis le "
                        f"dernier comité ({avant}). {pv.coverage_text}.")
    for o in pv.orientations:
        rows = []
        for a in o.axes:
            for fv in a.fiches:
                if fv.secondaire:
                    continue
                for c in fv.criteres:
                    if not c.measures:
                        continue
                    m = c.measures[0]
                    rows.append([f"{fv.fiche.partie} {fv.fiche.numero}", m.label
                                 + (" (actions de la fiche)" if m.perimetre else ""), m.text,
                                 m.comparison_text or "–", m.delta_text or "–"])
        if not rows:
            rows = [["–", "Aucun critère de ses fiches n'est mesuré par l'extraction", "–", "–", "–"]]
        cols = ["Fiche", "Indicateur", (upper_first(meta.periode.libelle), "decimal"),
                (upper_first(avant), "decimal"), ("Évolution", "decimal")]
        sec.items.append(rows_table(f"Orientation {o.orientation.numero} — {o.orientation.titre}",
                                    cols, rows))
    return sec


def partner_section(sheets, territoire: Territoire | None = None) -> Section:
    """One sheet per porteur, for its COPIL (PDI fiche 41); below the département, where its
    figures are counted (:func:`indicators.views.where_counted`, as the pages say it)."""
    where = where_counted(territoire) if territoire is not None else None
    sec = Section("Fiches partenaires", intro="Une fiche par porteur d'actions, pour son comité de "
                  "pilotage : la période et les deux années civiles précédentes."
                  + (f" {where}" if where else ""))
    for sh in sheets:
        t = sh.par_annee  # the page's table; its period columns (texts) right-aligned
        sec.items.append(t.titled(f"Fiche partenaire — {sh.porteur}", kinds={
            c: "decimal" for c in t.export.columns[1:]}))
    return sec


def km_rsa_chart(km, meta: PackMeta) -> Chart | None:
    """The Kaplan-Meier curve of the time in the RSA (:func:`indicators.distributions.km_duree_rsa`,
    already reduced to fixed durations below the département) with its table."""
    if not km.ok:
        return None
    titre = "Part des foyers entrants encore au RSA selon le temps écoulé (Kaplan-Meier)"
    fig = km_curve(km.data, y="part_au_rsa", y_title="Part des foyers encore au RSA", title="",
                   source=meta.source_line, note="estimation de Kaplan-Meier")
    table = km.table.titled(titre, ("duree_droit_km_median_j",), note=km.note or "")
    return Chart(titre, fig, table, km.note or "", "duree_droit_km_median_j")
