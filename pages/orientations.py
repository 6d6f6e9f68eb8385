"""Orientations et accompagnement: by type and organisme over time, réorientations, share to
France Travail, taux d'orientation by ancienneté (DREES), absentéisme, plateforme emploi."""
import streamlit as st

from charts import figures as F
from indicators.formatting import fr_date
from indicators.views import drees_by_anciennete, reference_lines
from ui import cache, frame, widgets

CARDS = ("orientations", "reorientations", "taux_orientation", "part_orientations_france_travail",
         "part_orientation_professionnelle", "taux_absenteisme", "inscrits_plateforme", "cv_deposes")
view = frame.page("Orientations et accompagnement", "Qui est orienté, vers quel organisme, "
                  "avec quelle assiduité aux rendez-vous.", cards=CARDS)
k = view.key
s = k.settings

st.subheader("Orientations par type et par organisme")
c1, c2 = st.columns(2)
with c1:
    widgets.monthly(view, cache.series(k, "orientations", ("type_orientation",)),
                    "Orientations par mois et par type", "Orientations par mois et par type",
                    color="type_orientation_libelle", bars=True, stacked=True)
with c2:
    b = cache.breakdowns(k, (("orientations", ("organisme",)),))[0]
    widgets.bars(view, b, "Orientations par organisme référent", "Orientations par organisme", sort=True)

c1, c2 = st.columns(2)
with c1:
    widgets.monthly(view, cache.series(k, "reorientations"), "Réorientations par mois",
                    "Réorientations par mois", bars=True)
with c2:
    # a stock (persons oriented, at each month's end) beside the DREES stock share, like with like
    widgets.monthly(view, cache.series(k, "part_orientes_suivis_france_travail"),
                    "Part des orientés suivis par France Travail, en fin de mois",
                    "Part suivie par France Travail",
                    refs=[F.RefLine(v, lab, kind) for v, lab, kind in
                          reference_lines(s, "part_orientes_suivis_france_travail")])

st.subheader("Taux d'orientation selon l'ancienneté dans le droit")
b = cache.breakdowns(k, (("taux_orientation", ("anciennete_drees",)),))[0]
drees = drees_by_anciennete(s)
widgets.breakdown_block(b, lambda b: widgets.figure(
    F.bars, b.data, category="anciennete_drees_libelle", fmt=b.indicator.format, horizontal=False,
    points=drees.join(b.data.select("anciennete_drees", "anciennete_drees_libelle"),
                      on="anciennete_drees", how="inner"),
    points_name="France (DREES, fin 2023)", series_name=view.territoire_label,
    title=view.title(f"Personnes SDD orientées au {fr_date(view.periode.fin_effective)}, "
                     "par ancienneté dans le droit"),
    source=view.source_line), "Taux d'orientation par ancienneté",
    note="Losanges : valeurs nationales DREES (enquête OARSA, fin 2023).")

st.subheader("Rendez-vous et plateforme emploi")
c1, c2 = st.columns(2)
with c1:
    b = cache.breakdowns(k, (("taux_absenteisme", ("type_rdv",)),))[0]
    widgets.bars(view, b, "Taux d'absentéisme par type de rendez-vous", "Absentéisme par type de rendez-vous")
with c2:
    widgets.monthly(view, cache.series(k, "inscriptions_plateforme"),
                    "Nouvelles inscriptions sur la plateforme emploi", "Inscriptions plateforme par mois",
                    bars=True)
