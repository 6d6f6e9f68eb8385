"""Parcours et délais: funnel, distribution of the délais per unit, share within the legal delay
over time, Kaplan-Meier curve of the time to orientation, with the legal and national references."""
import polars as pl
import streamlit as st

from charts import figures as F
from indicators.views import reference_lines, target_of
from ui import cache, frame, widgets

CARDS = ("delai_orientation_median_j", "delai_orientation_moyen_j", "part_orientes_dans_delai",
         "delai_accompagnement_median_j", "delai_orientation_cer_median_j", "delai_orientation_cer_moyen_j",
         "part_cer_dans_delai")
view = frame.page("Parcours et délais", "Du droit ouvert à l'orientation, à l'accompagnement et "
                  "au contrat : combien, en combien de temps, par rapport aux délais légaux.",
                  cards=CARDS, per_row=3)
k = view.key
s = k.settings


def refs(ind_id: str) -> list[F.RefLine]:
    return [F.RefLine(v, label, kind) for v, label, kind in reference_lines(s, ind_id)]


st.subheader("Du droit ouvert au contrat")
c1, c2 = st.columns(2)
with c1:
    f = cache.funnel(k)
    if f.ok:
        widgets.chart_block(widgets.figure(F.funnel, f.data, title=view.title("Parcours des entrants"),
                                            source=view.source_line, note=f.note), f.table,
                            "Parcours des entrants")
        st.caption("Les « entrants » sont des personnes (allocataire et conjoint des foyers dont "
                   "le droit s'ouvre) : ils sont plus nombreux que les « entrées dans le RSA », "
                   "qui comptent les droits ouverts (un par foyer). Voir le glossaire, page "
                   "Définitions.")
    else:
        widgets.unavailable(f.reason, "Parcours des entrants")
with c2:
    km = cache.km_orientation(k)
    km_target = target_of(s, "delai_orientation_km_median_j")
    if km.ok:
        widgets.chart_block(widgets.figure(
            F.km_curve, km.data, title=view.title("Part des entrants orientés selon le temps écoulé"),
            source=view.source_line, note="estimation de Kaplan-Meier",
            refs=[F.RefLine(km_target.value, km_target.text, "target", "x")]),
            km.table, "Courbe de Kaplan-Meier", note=km.note)
    else:
        widgets.unavailable(km.reason, "Courbe de Kaplan-Meier")

st.subheader("Délais d'orientation")
ref = cache.ctx_of(k).ref
by = ref.sub_level(view.territoire.niveau) or "commune"
q = cache.delay_quantiles(k, by)
if q.ok:
    widgets.chart_block(widgets.figure(
        F.quantile_boxes, q.data, title=view.title(f"Délai d'orientation des entrants par {ref.nom_niveau(by)}"),
        source=view.source_line, refs=refs("delai_orientation_median_j")[:1]), q.table,
        "Délais par territoire", note=q.note)
else:
    widgets.unavailable(q.reason or (q.note if q.data is not None else None)
                        or "Aucun entrant orienté sur la période.", "Délais par territoire")

c1, c2 = st.columns(2)
with c1:
    widgets.monthly(view, cache.series(k, "delai_orientation_moyen_j"),
                    "Délai moyen d'orientation des entrants, par mois d'entrée", "Délai moyen par mois",
                    refs=refs("delai_orientation_moyen_j"))
with c2:
    widgets.monthly(view, cache.series(k, "part_orientes_dans_delai"),
                    f"Part des entrants orientés en {s.objectifs.delai_orientation_j} jours au plus, "
                    "par mois d'entrée", "Part orientée dans le délai par mois")

st.subheader("Délai d'orientation selon l'origine")
b = cache.breakdowns(k, (("delai_orientation_moyen_j", ("origine",)),))[0]
widgets.bars(view, b, "Délai moyen d'orientation des entrants selon l'origine de l'orientation",
             "Délai par origine")

st.subheader("Les entrants de la période dans le temps")
st.caption("Cohorte des entrants de la période, suivie mois par mois depuis l'ouverture du droit ; "
           "chaque mois, sur les entrants observés à cette date (les autres sont censurés).")
widgets.key_cards(view, ("duree_droit_km_median_j", "cohorte_sorties", "part_retours_6_mois",
                         "part_retours_12_mois"))
kr = cache.km_duree_rsa(k)
if kr.ok:
    widgets.chart_block(widgets.figure(
        F.km_curve, kr.data, y="part_au_rsa", y_title="Encore au RSA",  # the title says the rest (was cut)
        title=view.title("Part des foyers entrants encore au RSA selon le temps écoulé"),
        source=view.source_line, note="estimation de Kaplan-Meier"),
        kr.table, "Durée dans le RSA (Kaplan-Meier)", note=kr.note, key="km_duree_rsa")
else:
    widgets.unavailable(kr.reason, "Durée dans le RSA (Kaplan-Meier)")
COHORT = ("cohorte_part_orientes", "cohorte_part_cer", "cohorte_part_en_action", "cohorte_part_sortis")
b = cache.compare(k, COHORT, ("mois_suivi",))
STEPS = ("0", "1", "3", "6", "9", "12", "18", "24")
widgets.breakdown_block(b, lambda b: widgets.figure(
    F.bars, b.data.filter(pl.col("mois_suivi").cast(pl.Utf8).is_in(STEPS)), category="mois_suivi_libelle",
    color="indicateur_libelle", fmt=b.indicator.format, horizontal=False,
    title=view.title("Situation des entrants selon le nombre de mois depuis l'entrée"),
    source=view.source_line), "Cohorte des entrants")
