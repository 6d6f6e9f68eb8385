"""The entry point: :func:`build_pack` assembles the sections of a comité de suivi or an
évaluation du PDI pack; :func:`pack_file_name`."""
from __future__ import annotations

from datetime import datetime

from data.plan import plan_of
from data.referentiel import Referentiel, Territoire
from indicators import distributions, engine, views
from indicators.calendrier import Periode, add_months, comparison_window, from_dates
from indicators.formatting import fr_date
from indicators.registry import REGISTRY
from reports.content.annex import methodology
from reports.content.compute import compute
from reports.content.indicator_blocks import comparison_table, series_chart
from reports.content.model import Pack, PackKind, PackMeta, Section
from reports.content.offre_blocks import offre_section
from reports.content.plan_blocks import (
    criteria_annex,
    evaluation_sections,
    km_rsa_chart,
    partner_section,
    suivi_section,
)
from reports.content.selection import KEY_IDS
from reports.content.summary import key_cards, summary_sentences
from reports.content.territory_blocks import units_chart, units_key_table
from settings import Settings


def build_pack(ext, ref: Referentiel, settings: Settings, periode: Periode,
               territoire: Territoire | None = None, kind: PackKind = "comite",
               comparaison: str = "precedente", now: datetime | None = None) -> Pack:
    """The content of one pack for ``periode`` and ``territoire`` (default: the département)."""
    terr = territoire or Territoire("departement", ref.departement)
    pd, pf = comparison_window(periode.debut, periode.fin,
                               min(periode.fin, ext.date_extraction), comparaison)
    prev_p = from_dates(pd, pf)
    ctx = engine.make_ctx(ext, ref, settings, periode.debut, periode.fin, terr)
    pctx = engine.make_ctx(ext, ref, settings, pd, pf, terr)
    label = (f"{ref.departement_nom} ({ref.departement})" if terr.is_departement
             else f"{ref.libelle(terr.niveau)} {ref.label(terr.niveau, terr.code)}")
    meta = PackMeta(kind, periode, prev_p, terr, label, ref.departement_nom, ext.date_extraction,
                    ext.source, settings.seuil_secret, now or datetime.now(), comparaison,
                    ref.conseil)
    below = meta.below_departement
    avail = [i for i in REGISTRY if engine.available(ext, i)]
    keys = [i for i in KEY_IDS if i in avail]
    if kind == "comite":
        ids = keys
        pv = None
    else:
        pv = views.plan_view(ctx, pctx, {c.id: c for c in views.cards(
            ctx, pctx, views.plan_card_ids(ctx), sparkline=False)})
        # the indicators charted over the territory: measures not read per fiche, and context
        measured = [m.id for fv in pv.fiches.values() for c in fv.criteres for m in c.measures
                    if not m.perimetre] + [m.id for fv in pv.fiches.values() for m in fv.autres
                                           if not m.perimetre] + [m.id for m in pv.contexte]
        if not pv.configured:  # no plan: the key indicators and the cohort's time in the RSA
            measured = ["duree_droit_km_median_j"]
        ids = [i for i in dict.fromkeys([*measured, *keys]) if i in avail]
    d = compute(ctx, pctx, ids, settings, below, profiles=kind == "evaluation")
    cards = key_cards(keys, d, settings, meta)
    sentences = summary_sentences(cards, meta, settings, [i for i in keys if not d.complete(i)])
    sub = ref.sub_level(terr.niveau)
    sections: list[Section] = []
    if kind == "comite":
        s = Section("Indicateurs clés", items=[comparison_table(
            keys, d, settings, meta, "Indicateurs clés : période et comparaison")])
        if sub:
            s.items.append(units_key_table(keys[:4], d, ref, meta,
                                            f"Volumes par {ref.nom_niveau(sub)}"))
            if len(keys) > 4:
                s.items.append(units_key_table(keys[4:], d, ref, meta,
                                                f"Délais et taux par {ref.nom_niveau(sub)}"))
        sections.append(s)
        sections.append(Section("Évolutions", items=[series_chart(i, d, settings, meta) for i in keys]))
        if sub:
            sections.append(Section("Comparaisons territoriales",
                                    items=[units_chart(i, d, ref, meta) for i in keys]))
        access = offre_section(ctx, sub)
        if access is not None:
            sections.append(access)
        # the comité's role in the plan (fiche 39): the follow-up of the plans d'action, against
        # the last comité six months earlier; then one sheet per partner (fiche 41)
        c6 = engine.make_ctx(ext, ref, settings, add_months(periode.debut, -6),
                             add_months(periode.fin, -6), terr)
        pv6 = views.plan_view(ctx, c6, {c.id: c for c in views.cards(
            ctx, c6, views.plan_card_ids(ctx), sparkline=False)})
        sections.append(suivi_section(pv6, meta, f"six mois plus tôt, du {fr_date(c6.debut)} au "
                                                 f"{fr_date(c6.fin)}"))
        sheets = views.partner_sheets(ctx)
        if sheets:
            sections.append(partner_section(sheets, terr))
        annex = keys
    else:
        km = km_rsa_chart(distributions.km_duree_rsa(ctx), meta)
        sections += evaluation_sections(pv, d, settings, meta, ref, sub,
                                        {"duree_droit_km_median_j": [km]} if km else None)
        access = offre_section(ctx, sub)
        if access is not None:
            sections.append(access)
        annex = ids
    return Pack(meta, cards, sentences, sections, annex, methodology(meta, settings),
                criteria_annex(pv) if pv is not None and pv.configured else None,
                plan_of(settings))


def pack_file_name(meta: PackMeta, fmt: str) -> str:
    t = meta.territoire
    where = "departement" if t.is_departement else f"{t.niveau}-{t.code}"
    return f"declik_{meta.kind}_{meta.periode.slug}_{where}.{fmt}"
