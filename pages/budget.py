"""Budget: RSA paid per month and year, per territory, per foyer; the actions' budget."""
import streamlit as st

from ui import cache, frame, widgets

CARDS = ("montant_rsa_verse", "foyers_payes", "montant_moyen_par_foyer_mois", "budget_prevu",
         "budget_realise")
view = frame.page("Budget", "L'allocation RSA versée et le budget des actions d'insertion.", cards=CARDS)
k = view.key

c1, c2 = st.columns(2)
with c1:
    widgets.monthly(view, cache.series(k, "montant_rsa_verse"), "RSA versé par mois", "RSA versé par mois",
                    bars=True)
with c2:
    widgets.monthly(view, cache.series(k, "montant_moyen_par_foyer_mois"), "Montant moyen versé par foyer",
                    "Montant moyen par foyer")

widgets.mdcs_comparison(view, ("montant_rsa_verse", "foyers_payes", "montant_moyen_par_foyer_mois"),
                        "RSA versé", key="budget_mdcs")

st.subheader("Budget des actions d'insertion")
b = cache.compare(k, ("budget_prevu", "budget_realise"), ("categorie",))
widgets.bars(view, b, "Budget prévu et réalisé par catégorie d'action", "Budget des actions par catégorie",
             color="indicateur_libelle")
