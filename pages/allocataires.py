"""Allocataires: stock over time, entries and exits, profile, rate per 1 000 inhabitants."""
import streamlit as st

from indicators.formatting import fr_date
from ui import cache, frame, widgets

view = frame.page("Allocataires", "Foyers et personnes soumises aux droits et devoirs : stock, "
                  "flux d'entrées et de sorties, profil.")
k = view.key
cs = cache.cards(k, ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties",
                    "foyers_beneficiaires_pour_1000_hab", "personnes_couvertes",
                    "part_foyers_avec_enfants"))
widgets.cards(cs, view.comparaison.label)

st.subheader("Évolution")
c1, c2 = st.columns(2)
with c1:
    widgets.monthly(view, cache.series(k, "foyers_beneficiaires"), "Foyers bénéficiaires en fin de mois",
                    "Foyers bénéficiaires par mois")
with c2:
    widgets.monthly(view, cache.series_many(k, ("entrees", "sorties")), "Entrées et sorties du RSA par mois",
                    "Entrées et sorties par mois", color="indicateur_libelle", bars=True)

st.subheader("Sorties par motif")
b = cache.breakdowns(k, (("sorties", ("motif_fin",)),))[0]
widgets.bars(view, b, "Sorties du RSA par motif de fin de droit", "Sorties par motif", sort=True)

st.subheader("Profil des personnes soumises aux droits et devoirs")
req = (("personnes_sdd", ("tranche_age",)), ("personnes_sdd", ("sexe",)),
       ("foyers_beneficiaires", ("situation_familiale",)), ("foyers_beneficiaires", ("anciennete",)),
       ("personnes_sdd", ("niveau_formation",)), ("part_foyers_avec_enfants", ("anciennete",)))
bs = cache.breakdowns(k, req)
titles = ("Personnes SDD par tranche d'âge", "Personnes SDD par sexe",
          "Foyers bénéficiaires par situation familiale", "Foyers bénéficiaires par ancienneté dans le RSA",
          "Personnes SDD par niveau de formation",
          "Part des foyers avec enfants, par ancienneté dans le RSA")
cols = st.columns(2)
for n, (b, t) in enumerate(zip(bs, titles, strict=False)):
    with cols[n % 2]:
        widgets.bars(view, b, t, t, f"au {fr_date(view.periode.fin_effective)}")
