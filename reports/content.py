"""What goes in a report pack, as plain data (no file format here).

:func:`build_pack` computes, for one period and one territory, the key cards (value, previous
period, change, target or national reference), the automatic sentences, and the sections: for the
**comité de suivi** the key indicators over time and per territory; for the **évaluation du PDI**,
per PDI orientation 1-4, the indicators whose registry ``fiche_action`` names that orientation.

Every value leaves this module through :func:`indicators.secret.mask` when the figure is below the
département level (a sub-département territory, or a breakdown by MDCS / canton / EPCI / commune):
a masked count is written « < seuil », a masked rate « secret statistique », and the raw value is
dropped. Only aggregates are produced, never a person-level row.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

import plotly.graph_objects as go
import polars as pl

from data.referentiel import INCONNU, NIVEAU_LABELS, SPECIAL_LABELS, Referentiel, Territoire
from indicators import engine
from indicators.context import Ctx
from indicators.formatting import NNBSP, format_delta, format_value, fr_date, fr_number
from indicators.registry import REGISTRY, Indicator
from indicators.secret import SECRET_LABEL, mask
from reports import figures
from reports.images import ExportMeta
from reports.periode import Periode, periode_from_dates
from reports.tables import KIND_OF_FORMAT, Column, TableData
from settings import Settings

PackKind = Literal["comite", "evaluation"]
PACK_TITLES = {"comite": "Comité de suivi de la politique d'insertion",
               "evaluation": "Évaluation du Programme départemental d'insertion"}
# The Synthèse page's key cards (issue 3), in this order; absent ids are skipped.
KEY_IDS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties",
           "delai_orientation_median_j", "part_orientes_dans_delai", "taux_cer_valide",
           "taux_sorties_dynamiques")
SUB_LEVEL = {"departement": "mdcs", "mdcs": "canton", "epci": "commune", "canton": "commune"}
TERRITORY_LEVELS = ("departement", "mdcs", "canton", "epci", "commune")
DIM_LABELS = {
    "sexe": "Sexe", "tranche_age": "Tranche d'âge", "situation_familiale": "Situation familiale",
    "role": "Rôle", "anciennete": "Ancienneté dans le RSA", "motif_fin": "Motif de fin de droit",
    "type_orientation": "Type d'orientation", "organisme": "Organisme", "motif": "Motif",
    "prescripteur": "Prescripteur", "decision": "Décision", "categorie": "Catégorie d'action",
    "type_rdv": "Type de rendez-vous", "type_frein": "Type de frein", "nature": "Nature",
    "procedure": "Procédure", "classe_resultat": "Résultat", "orientation_pdi": "Orientation du PDI",
    "mois": "Mois", **{k: v for k, v in NIVEAU_LABELS.items()},
}
CODE_LABELS = {
    "F": "Femmes", "M": "Hommes", "moins_25": "Moins de 25 ans", "25_29": "25-29 ans",
    "30_39": "30-39 ans", "40_49": "40-49 ans", "50_59": "50-59 ans", "60_plus": "60 ans ou plus",
    "moins_3_mois": "Moins de 3 mois", "3_6_mois": "3 à 6 mois", "6_12_mois": "6 à 12 mois",
    "1_2_ans": "1 à 2 ans", "2_3_ans": "2 à 3 ans", "3_4_ans": "3 à 4 ans", "4_5_ans": "4 à 5 ans",
    "plus_5_ans": "5 ans ou plus", "france_travail": "France Travail", "cias_ccas": "CIAS / CCAS",
    "mdcs": "MDCS", "sise": "SISE", "espace_rsa": "Espace RSA",
}
_ORIENT_RE = re.compile(r"Orientations?\s+([1-4](?:\s*(?:,|et|&|/)\s*[1-4])*)", re.IGNORECASE)


# ---- the pack as data -------------------------------------------------------------------------
@dataclass(frozen=True)
class PackMeta:
    kind: PackKind
    periode: Periode
    comparaison: Periode
    territoire: Territoire
    territoire_label: str
    departement_nom: str
    date_extraction: date
    source: str
    seuil: int
    genere_le: datetime
    comparaison_mode: str = "precedente"

    @property
    def titre(self) -> str:
        return PACK_TITLES[self.kind]

    @property
    def below_departement(self) -> bool:
        return not self.territoire.is_departement

    @property
    def source_line(self) -> str:
        return (f"Source : Conseil départemental de {self.departement_nom}, extraction "
                f"« {self.source} », Déclik insertion")

    def export_meta(self, titre: str) -> ExportMeta:
        return ExportMeta(titre, self.periode.libelle, self.territoire_label, self.source_line,
                          self.date_extraction)


@dataclass(frozen=True)
class Card:
    ind_id: str
    label: str
    valeur: float | int | None  # None when masked or undefined
    texte: str
    precedent: str
    evolution: str
    tendance: Literal["favorable", "defavorable", "neutre", ""]
    cible: str  # target / national reference, or ""
    masque: bool
    precedent_valeur: float | int | None = None  # None when masked or undefined


@dataclass
class Chart:
    titre: str
    figure: go.Figure
    table: TableData
    note: str = ""
    ind_id: str = ""


Item = Chart | TableData


@dataclass
class Section:
    titre: str
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    sous_sections: list[Section] = field(default_factory=list)


@dataclass
class Pack:
    meta: PackMeta
    cards: list[Card]
    sentences: list[str]
    sections: list[Section]
    definitions: list[str]  # indicator ids for the annex
    methodologie: list[tuple[str, str]]

    def charts(self) -> list[Chart]:
        out: list[Chart] = []

        def walk(s: Section) -> None:
            out.extend(i for i in s.items if isinstance(i, Chart))
            for sub in s.sous_sections:
                walk(sub)
        for s in self.sections:
            walk(s)
        return out

    def chart_images(self, fmt: str = "png") -> dict[int, bytes]:
        """Every chart exported with one browser, keyed by ``id(chart)``; the territory, period,
        source and data date are burnt into each image (the title is the document's heading)."""
        from reports import images

        charts = self.charts()
        figs = [images.decorate(c.figure, self.meta.export_meta(c.titre), title=False)
                for c in charts]
        return {id(c): b for c, b in zip(charts, images.export_many(figs, fmt), strict=False)}

    def tables(self) -> list[TableData]:
        """Every table of the pack (standalone tables and the charts' data)."""
        out: list[TableData] = []

        def walk(s: Section) -> None:
            for i in s.items:
                out.append(i.table if isinstance(i, Chart) else i)
            for sub in s.sous_sections:
                walk(sub)
        for s in self.sections:
            walk(s)
        return out


# ---- helpers ----------------------------------------------------------------------------------
def orientations_of(ind: Indicator) -> set[int]:
    """PDI orientations (1-4) named in the indicator's ``fiche_action`` text."""
    out: set[int] = set()
    for m in _ORIENT_RE.finditer(ind.fiche_action or ""):
        out.update(int(d) for d in re.findall(r"[1-4]", m[1]))
    return out


def code_label(code: str | None) -> str:
    if code is None:
        return "Non renseigné"
    if code in SPECIAL_LABELS:
        return SPECIAL_LABELS[code]
    if code in CODE_LABELS:
        return CODE_LABELS[code]
    return code.replace("_", " ").capitalize()


def targets(settings: Settings) -> dict[str, tuple[float | None, str]]:
    """Legal targets of config.toml per indicator: (value on the indicator's scale or None, text)."""
    o = settings.objectifs
    return {
        "delai_orientation_moyen_j": (o.delai_orientation_j, f"cible légale {o.delai_orientation_j} j"),
        "delai_orientation_median_j": (o.delai_orientation_j, f"cible légale {o.delai_orientation_j} j"),
        "part_orientes_dans_delai": (None, f"délai cible {o.delai_orientation_j} j"),
        "delai_orientation_cer_median_j": (o.delai_contrat_j, f"cible légale {o.delai_contrat_j} j"),
        "part_cer_dans_delai": (None, f"délai cible {o.delai_contrat_j} j"),
        "ep_delai_notification_moyen_j": (o.delai_avis_ep_j, f"repère {o.delai_avis_ep_j} j (avis EP)"),
    }


def reference_of(settings: Settings, ind: Indicator) -> tuple[float, str] | None:
    r = settings.reference(ind.id)
    if r is None:
        return None
    return r.valeur, f"France {r.annee} : {format_value(r.valeur, ind.format)}"


def cible_text(settings: Settings, ind: Indicator) -> str:
    parts = []
    t = targets(settings).get(ind.id)
    if t:
        parts.append(t[1].capitalize())
    r = settings.reference(ind.id)
    if r is not None:
        parts.append(f"France : {format_value(r.valeur, ind.format)} ({r.source})")
    return " ; ".join(parts)


def _value_text(row: dict, ind: Indicator, seuil: int) -> str:
    if row.get("masque"):
        return f"< {seuil}" if ind.kind == "count" else SECRET_LABEL
    return format_value(row.get("valeur"), ind.format)


def _cell(row: dict, ind: Indicator, seuil: int):
    """A table cell: the raw value, or the masking text."""
    if row.get("masque"):
        return f"< {seuil}" if ind.kind == "count" else SECRET_LABEL
    v = row.get("valeur")
    return int(v) if v is not None and ind.kind == "count" else v


def _delta(cur: float | None, prev: float | None, ind: Indicator) -> tuple[str, str]:
    if cur is None or prev is None:
        return "–", ""
    d = cur - prev
    txt = format_delta(d, ind.format)
    if ind.kind in ("count", "sum") and prev:
        rel = 100 * d / prev
        txt += f" ({'+' if rel > 0 else '−' if rel < 0 else ''}{fr_number(abs(rel), 1)}{NNBSP}%)"
    if d == 0 or ind.better is None:
        return txt, "neutre"
    good = (d > 0) == (ind.better == "hausse")
    return txt, "favorable" if good else "defavorable"


# ---- computation ------------------------------------------------------------------------------
@dataclass
class _Data:
    """Everything computed once for a pack (masked)."""
    cur: dict[str, dict]
    prev: dict[str, dict]
    series: dict[str, pl.DataFrame]
    units: dict[str, pl.DataFrame]
    profile: dict[str, tuple[str, pl.DataFrame]]
    step: str


def _masked_one(df: pl.DataFrame, ind_id: str, seuil: int, below: bool) -> dict:
    m = mask(df, ind_id, seuil, below)
    return m.row(0, named=True) if m.height else {"valeur": None, "effectif": None, "masque": False}


def _series_ctx(ctx: Ctx) -> tuple[Ctx, str]:
    """The window of the over-time charts: the period, or the 12 months ending with it when it is
    shorter than 3 months; by year beyond 36 months."""
    months = (ctx.fin.year - ctx.debut.year) * 12 + ctx.fin.month - ctx.debut.month + 1
    if months < 3:
        start = date(ctx.fin.year - 1 + (ctx.fin.month == 12), ctx.fin.month % 12 + 1, 1)
        return replace(ctx, debut_demande=start), "mois"
    return ctx, "annee" if months > 36 else "mois"


def _compute(ctx: Ctx, prev: Ctx, ids: list[str], seuil: int, below: bool,
             profiles: bool) -> _Data:
    sctx, step = _series_ctx(ctx)
    sub = SUB_LEVEL.get(ctx.territoire.niveau)
    lazy: list[pl.LazyFrame] = []
    keys: list[tuple[str, str]] = []
    for i in ids:
        lazy += [engine.frame(ctx, i), engine.frame(prev, i), engine.series_frames(sctx, i, step=step)]
        keys += [("cur", i), ("prev", i), ("series", i)]
        if sub:
            lazy.append(engine.frame(ctx, i, (sub,)))
            keys.append(("units", i))
        dim = _profile_dim(REGISTRY[i]) if profiles else None
        if dim:
            lazy.append(engine.frame(ctx, i, (dim,)))
            keys.append((f"profile:{dim}", i))
    frames = pl.collect_all(lazy)
    d = _Data({}, {}, {}, {}, {}, step)
    for (what, i), df in zip(keys, frames, strict=False):
        if what == "cur":
            d.cur[i] = _masked_one(df, i, seuil, below)
        elif what == "prev":
            d.prev[i] = _masked_one(df, i, seuil, below)
        elif what == "series":
            d.series[i] = mask(df, i, seuil, below).sort("mois")
        elif what == "units":
            d.units[i] = mask(df, i, seuil, True)
        else:
            dim = what.split(":", 1)[1]
            d.profile[i] = (dim, mask(df, i, seuil, below))
    return d


def _profile_dim(ind: Indicator) -> str | None:
    return next((x for x in ind.dims if x not in ("mois", *TERRITORY_LEVELS)), None)


# ---- building blocks --------------------------------------------------------------------------
def _cards(ids: Sequence[str], d: _Data, settings: Settings, meta: PackMeta) -> list[Card]:
    out = []
    for i in ids:
        ind = REGISTRY[i]
        cur, prev = d.cur[i], d.prev[i]
        v = None if cur.get("masque") else cur.get("valeur")
        if v is not None and ind.kind == "count":
            v = int(v)
        pv = None if prev.get("masque") else prev.get("valeur")
        evo, tendance = _delta(v, pv, ind)
        out.append(Card(i, ind.label, v, _value_text(cur, ind, meta.seuil),
                        _value_text(prev, ind, meta.seuil), evo, tendance,
                        cible_text(settings, ind), bool(cur.get("masque")), pv))
    return out


def _sentences(cards: Sequence[Card], meta: PackMeta, settings: Settings) -> list[str]:
    """3-5 plain sentences from the *masked* card values (a masked value says nothing): the
    dashboard's :func:`indicators.narrative.sentences` when present, then the national
    references."""
    cur = {c.ind_id: c.valeur for c in cards}
    prev = {c.ind_id: c.precedent_valeur for c in cards}
    try:
        from indicators import narrative

        out = list(narrative.sentences(cur, prev, meta.comparaison_mode, "", settings.objectifs))
    except ImportError:
        out = _own_sentences(cards, meta, settings)
    for c in cards:
        r = settings.reference(c.ind_id)
        if r is not None and c.valeur is not None and len(out) < 5:
            out.append(f"{REGISTRY[c.ind_id].label} : {c.texte}, contre "
                       f"{format_value(r.valeur, REGISTRY[c.ind_id].format)} en France "
                       f"({r.source}).")
    return out[:5] or ["Pas d'évolution calculable sur la période (valeurs absentes ou masquées)."]


def _own_sentences(cards: Sequence[Card], meta: PackMeta, settings: Settings) -> list[str]:
    changes = []
    for c in cards:
        ind = REGISTRY[c.ind_id]
        prev_raw = c.precedent_valeur
        if c.valeur is None or prev_raw is None or prev_raw == c.valeur:
            continue
        rel = abs(c.valeur - prev_raw) / (abs(prev_raw) or 1)
        if ind.format == "pourcentage":
            rel = abs(c.valeur - prev_raw) * 5  # 1 pt ≈ a 5 % change
        sens = "en hausse" if c.valeur > prev_raw else "en baisse"
        changes.append((rel, f"{ind.label} : {sens} de {c.evolution.lstrip('+−')} par rapport "
                             f"à {_prev_label(meta)}, à {c.texte}."))
    out = [s for _, s in sorted(changes, key=lambda t: -t[0])[:3]]
    tg = targets(settings)
    for c in cards:
        t = tg.get(c.ind_id)
        if c.valeur is not None and t and t[0] is not None:
            pos = "sous" if c.valeur <= t[0] else "au-dessus de"
            out.append(f"{REGISTRY[c.ind_id].label} : {c.texte}, {pos} la {t[1]}.")
    return out


def _prev_label(meta: PackMeta) -> str:
    lab = meta.comparaison.libelle
    return f"l'{lab}" if lab.startswith("année") else (lab if lab.startswith("du ") else f"{lab}")


def _comparison_table(ids: Sequence[str], d: _Data, settings: Settings, meta: PackMeta,
                      titre: str) -> TableData:
    # pre-formatted text; the value columns are typed "decimal" to be right-aligned
    cols = [Column("Indicateur"), Column(meta.periode.libelle.capitalize(), "decimal"),
            Column(meta.comparaison.libelle.capitalize(), "decimal"), Column("Évolution", "decimal"),
            Column("Cible / référence")]
    rows = []
    for i in ids:
        ind = REGISTRY[i]
        cur, prev = d.cur[i], d.prev[i]
        v = None if cur.get("masque") else cur.get("valeur")
        pv = None if prev.get("masque") else prev.get("valeur")
        rows.append([ind.label, _value_text(cur, ind, meta.seuil), _value_text(prev, ind, meta.seuil),
                     _delta(v, pv, ind)[0], cible_text(settings, ind) or "–"])
    return TableData(titre, cols, rows, indicateurs=tuple(ids))


def _series_chart(i: str, d: _Data, settings: Settings, meta: PackMeta) -> Chart:
    ind = REGISTRY[i]
    s = d.series[i]
    mois = s["mois"].to_list()
    rows = s.to_dicts()
    vals = [None if r.get("masque") else r.get("valeur") for r in rows]
    t = targets(settings).get(i)
    fig = figures.series_figure(mois, vals, ind, cible=(t[0], t[1]) if t and t[0] else None,
                                reference=reference_of(settings, ind), step=d.step,
                                masques=[bool(r.get("masque")) for r in rows],
                                masked_text=f"< {meta.seuil}" if ind.kind == "count" else "secret")
    first = "Mois" if d.step == "mois" else "Année"
    table = TableData(f"{ind.label} — évolution",
                      [Column(first, "texte"), Column(ind.label, _kind(ind))],
                      [[figures.month_label(m) if d.step == "mois" else str(m.year),
                        _cell(r, ind, meta.seuil)] for m, r in zip(mois, rows, strict=False)],
                      indicateurs=(i,))
    n_masked = sum(bool(r.get("masque")) for r in rows)
    note = (f"{n_masked} valeur(s) non affichée(s) : secret statistique (moins de {meta.seuil})."
            if n_masked else "")
    when = "par mois" if d.step == "mois" else "par année"
    return Chart(f"{ind.label} — évolution {when}", fig, table, note, i)


def _kind(ind: Indicator):
    return KIND_OF_FORMAT.get(ind.format, "decimal")


def _unit_names(ref: Referentiel, niveau: str) -> dict[str, str]:
    u = ref.units(niveau)
    return dict(zip(u["code"].to_list(), u["nom"].to_list(), strict=False))


def _units_rows(i: str, d: _Data, ref: Referentiel, meta: PackMeta) -> tuple[str, list[dict]]:
    sub = SUB_LEVEL[meta.territoire.niveau]
    names = _unit_names(ref, sub)
    df = d.units[i]
    rows = []
    for r in df.to_dicts():
        code = r.get(sub)
        if code == INCONNU and r.get("masque") is False and not r.get("valeur"):
            continue
        rows.append({**r, "nom": names.get(code, code_label(code))})
    # every unit of the level inside the territory appears, even with no row (a count of 0)
    return sub, sorted(rows, key=lambda r: r["nom"])


def _units_table(i: str, d: _Data, ref: Referentiel, meta: PackMeta,
                 rows: list[dict] | None = None) -> TableData:
    ind = REGISTRY[i]
    sub, found = _units_rows(i, d, ref, meta)
    rows = found if rows is None else rows
    cols = [Column(NIVEAU_LABELS[sub]), Column(ind.label, _kind(ind))]
    with_eff = ind.kind != "count"
    if with_eff:
        cols.append(Column("Effectif (dénominateur)", "entier"))
    trows = []
    for r in rows:
        row = [r["nom"], _cell(r, ind, meta.seuil)]
        if with_eff:
            row.append(f"< {meta.seuil}" if r.get("masque") else r.get("effectif"))
        trows.append(row)
    return TableData(f"{ind.label} {_per(sub, meta)}", cols, trows, _secret_note(meta), (i,))


def _per(sub: str, meta: PackMeta) -> str:
    if sub == "canton" and meta.territoire.niveau == "mdcs":
        return "par canton (partie dans le territoire)"
    return "par MDCS" if sub == "mdcs" else f"par {NIVEAU_LABELS[sub].lower()}"


def _secret_note(meta: PackMeta) -> str:
    return (f"Secret statistique : sous le niveau département, un effectif de 1 à {meta.seuil - 1} "
            f"est affiché « < {meta.seuil} », un taux ou une moyenne sur moins de {meta.seuil} "
            "personnes n'est pas affiché.")


def _units_chart(i: str, d: _Data, ref: Referentiel, meta: PackMeta) -> Chart:
    ind = REGISTRY[i]
    sub, rows = _units_rows(i, d, ref, meta)
    cur = d.cur[i]
    ens_v = None if cur.get("masque") else cur.get("valeur")
    ens = (ens_v, f"{meta.territoire_label} : {_value_text(cur, ind, meta.seuil)}") \
        if ind.kind not in ("count", "sum") else None
    vals = [None if r.get("masque") else r.get("valeur") for r in rows]
    fig = figures.units_figure([r["nom"] for r in rows], vals, [bool(r.get("masque")) for r in rows],
                               ind, ens)
    fig.update_layout(height=max(420, 60 + 34 * len(rows)))
    table = _units_table(i, d, ref, meta, rows)
    return Chart(table.titre, fig, table, _secret_note(meta), i)


def _profile_table(i: str, d: _Data, meta: PackMeta) -> TableData | None:
    if i not in d.profile:
        return None
    ind = REGISTRY[i]
    dim, df = d.profile[i]
    if not df.height:
        return None
    cols = [Column(DIM_LABELS.get(dim, dim.capitalize())), Column(ind.label, _kind(ind))]
    with_eff = ind.kind != "count"
    if with_eff:
        cols.append(Column("Effectif (dénominateur)", "entier"))
    rows = []
    for r in df.to_dicts():
        row = [code_label(r.get(dim)), _cell(r, ind, meta.seuil)]
        if with_eff:
            row.append(f"< {meta.seuil}" if r.get("masque") else r.get("effectif"))
        rows.append(row)
    return TableData(f"{ind.label} par {DIM_LABELS.get(dim, dim).lower()}", cols, rows,
                     indicateurs=(i,))


def _units_key_table(ids: Sequence[str], d: _Data, ref: Referentiel, meta: PackMeta,
                     titre: str) -> TableData:
    sub = SUB_LEVEL[meta.territoire.niveau]
    names = _unit_names(ref, sub)
    codes: list[str] = []
    for i in ids:
        codes += [c for c in d.units[i][sub].to_list() if c not in codes]
    cols = [Column(NIVEAU_LABELS[sub])] + [Column(REGISTRY[i].label, _kind(REGISTRY[i])) for i in ids]
    rows = []
    for code in sorted(codes, key=lambda c: names.get(c, code_label(c))):
        row: list = [names.get(code, code_label(code))]
        for i in ids:
            hit = d.units[i].filter(pl.col(sub) == code)
            row.append(_cell(hit.row(0, named=True), REGISTRY[i], meta.seuil) if hit.height
                       else (0 if REGISTRY[i].kind == "count" else None))
        rows.append(row)
    row = [meta.territoire_label]
    for i in ids:
        row.append(_cell(d.cur[i], REGISTRY[i], meta.seuil))
    rows.append(row)
    return TableData(titre, cols, rows, f"Secret statistique : effectifs de 1 à {meta.seuil - 1} "
                                        f"affichés « < {meta.seuil} ».", tuple(ids))


def methodology(meta: PackMeta, settings: Settings) -> list[tuple[str, str]]:
    o = settings.objectifs
    return [
        ("Source des données",
         f"Extraction « {meta.source} » du système d'information RSA du Conseil départemental de "
         f"{meta.departement_nom}, au format du contrat d'extraction de Déclik insertion. "
         f"Date d'extraction : {fr_date(meta.date_extraction)}. Les calculs sont faits par "
         "l'application à partir des données individuelles ; seuls des agrégats sont publiés."),
        ("Période et comparaison",
         f"Période étudiée : {meta.periode.libelle} ({fr_date(meta.periode.debut)} – "
         f"{fr_date(meta.periode.fin)}). Comparaison : {meta.comparaison.libelle}. Les stocks sont "
         "pris au dernier jour de la période ; une fin de période postérieure à la date "
         "d'extraction est ramenée à celle-ci."),
        ("Territoire",
         f"{meta.territoire_label}. Les territoires (MDCS, cantons 2015, EPCI, communes) viennent "
         "du référentiel territorial livré avec l'application ; un enregistrement dont la commune "
         "est inconnue compte dans le total départemental seulement."),
        ("Cibles et références",
         f"Délai légal d'orientation : {o.delai_orientation_j} jours (CASF D.262-65-2) ; délai de "
         f"signature du contrat : {o.delai_contrat_j} jours (C. trav. D.5411-14-1) ; avis de "
         f"l'équipe pluridisciplinaire : {o.delai_avis_ep_j} jours. Références nationales : DREES, "
         "enquête OARSA."),
        ("Secret statistique",
         f"Sous le niveau département, un effectif de 1 à {meta.seuil - 1} est affiché "
         f"« < {meta.seuil} » et un taux ou une moyenne dont le dénominateur est inférieur à "
         f"{meta.seuil} n'est pas affiché (« {SECRET_LABEL} »). Aucun document exporté ne contient "
         "de donnée individuelle."),
    ]


# ---- entry point ------------------------------------------------------------------------------
def _comparison_window(periode: Periode, date_extraction: date, mode: str) -> tuple[date, date]:
    """The dashboard's comparison window (a period cut by the extraction date compares with the
    previous one cut at the same point), else the engine's."""
    try:
        from indicators.compare import comparison_window

        return comparison_window(periode.debut, periode.fin, min(periode.fin, date_extraction), mode)
    except ImportError:
        return engine.previous_period(periode.debut, min(periode.fin, date_extraction), mode)


def build_pack(ext, ref: Referentiel, settings: Settings, periode: Periode,
               territoire: Territoire | None = None, kind: PackKind = "comite",
               comparaison: str = "precedente", now: datetime | None = None) -> Pack:
    """The content of one pack for ``periode`` and ``territoire`` (default: the département)."""
    terr = territoire or Territoire("departement", ref.departement)
    pd, pf = _comparison_window(periode, ext.date_extraction, comparaison)
    prev_p = periode_from_dates(pd, pf)
    ctx = engine.make_ctx(ext, ref, settings, periode.debut, periode.fin, terr)
    pctx = engine.make_ctx(ext, ref, settings, pd, pf, terr)
    label = (f"{ref.departement_nom} ({ref.departement})" if terr.is_departement
             else f"{NIVEAU_LABELS[terr.niveau]} {ref.label(terr.niveau, terr.code)}")
    meta = PackMeta(kind, periode, prev_p, terr, label, ref.departement_nom, ext.date_extraction,
                    ext.source, settings.seuil_secret, now or datetime.now(), comparaison)
    below = meta.below_departement
    avail = [i for i in REGISTRY if engine.available(ext, i)]
    keys = [i for i in KEY_IDS if i in avail]
    if kind == "comite":
        ids = keys
    else:
        ids = [i for i in avail if orientations_of(REGISTRY[i])]
        ids += [i for i in keys if i not in ids]
    d = _compute(ctx, pctx, ids, settings.seuil_secret, below, profiles=kind == "evaluation")
    cards = _cards(keys, d, settings, meta)
    sentences = _sentences(cards, meta, settings)
    sub = SUB_LEVEL.get(terr.niveau)
    sections: list[Section] = []
    if kind == "comite":
        s = Section("Indicateurs clés", items=[_comparison_table(
            keys, d, settings, meta, "Indicateurs clés : période et comparaison")])
        if sub:
            s.items.append(_units_key_table(keys[:4], d, ref, meta,
                                            f"Volumes par {NIVEAU_LABELS[sub].lower() if sub != 'mdcs' else 'MDCS'}"))
            if len(keys) > 4:
                s.items.append(_units_key_table(keys[4:], d, ref, meta,
                                                f"Délais et taux par {NIVEAU_LABELS[sub].lower() if sub != 'mdcs' else 'MDCS'}"))
        sections.append(s)
        sections.append(Section("Évolutions", items=[_series_chart(i, d, settings, meta) for i in keys]))
        if sub:
            sections.append(Section("Comparaisons territoriales",
                                    items=[_units_chart(i, d, ref, meta) for i in keys]))
        annex = keys
    else:
        for o in (1, 2, 3, 4):
            oids = [i for i in ids if o in orientations_of(REGISTRY[i])]
            fiches = sorted({REGISTRY[i].fiche_action for i in oids})
            sec = Section(f"Orientation {o} du PDI",
                          intro=("Fiches actions et critères mesurés : " + " ; ".join(fiches) + ".")
                          if fiches else "Aucun indicateur disponible pour cette orientation "
                                         "dans cette extraction.")
            if oids:
                sec.items.append(_comparison_table(oids, d, settings, meta,
                                                   f"Orientation {o} : indicateurs, comparaison et cibles"))
            for i in oids:
                sub_s = Section(REGISTRY[i].label, intro=REGISTRY[i].definition)
                sub_s.items.append(_series_chart(i, d, settings, meta))
                if sub:
                    sub_s.items.append(_units_table(i, d, ref, meta))
                prof = _profile_table(i, d, meta)
                if prof is not None:
                    sub_s.items.append(prof)
                sec.sous_sections.append(sub_s)
            sections.append(sec)
        annex = ids
    return Pack(meta, cards, sentences, sections, annex, methodology(meta, settings))


def pack_file_name(meta: PackMeta, fmt: str) -> str:
    t = meta.territoire
    where = "departement" if t.is_departement else f"{t.niveau}-{t.code}"
    return f"declik_{meta.kind}_{meta.periode.slug}_{where}.{fmt}"
