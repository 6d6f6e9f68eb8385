"""Jeunes (FAJD): demandes, accords, montants, by nature, age, sexe, procedure, over time."""
import streamlit as st

from ui import cache, frame, widgets

CARDS = ("fajd_demandes", "fajd_aides_accordees", "fajd_taux_accord", "fajd_montant",
         "fajd_montant_moyen")
view = frame.page("Jeunes (FAJD)", "Fonds d'aide aux jeunes en difficulté : demandes, aides "
                  "accordées et montants.", cards=CARDS)
k = view.key

c1, c2 = st.columns(2)
with c1:
    widgets.monthly(view, cache.series_many(k, ("fajd_demandes", "fajd_aides_accordees")),
                    "Demandes et aides accordées par mois", "Demandes et aides par mois",
                    color="indicateur_libelle")
with c2:
    widgets.monthly(view, cache.series(k, "fajd_montant"), "Montant des aides accordées par mois",
                    "Montants par mois", bars=True)

req = tuple(("fajd_aides_accordees", (d,)) for d in ("nature", "tranche_age_pdi", "sexe", "procedure"))
req += (("fajd_taux_accord", ("tranche_age_pdi",)),)
bs = cache.breakdowns(k, req)
titles = ("Aides accordées par nature", "Aides accordées par âge (tranches du PDI : 18-20, 21-23 ans)",
          "Aides accordées par sexe", "Aides accordées par procédure",
          "Taux d'accord par âge (l'écart 18-20 / 21-23 ans que lit le PDI)")
cols = st.columns(2)
for n, (b, t) in enumerate(zip(bs, titles, strict=False)):
    with cols[n % 2]:
        widgets.bars(view, b, t, t)
