"""Actions d'insertion: catalogue by PDI orientation / axe / fiche action, participants vs places,
outcomes by class, taux de sorties dynamiques, budget and cost per sortie dynamique."""
import streamlit as st

from indicators.views import where_counted
from ui import cache, frame, printable, widgets

CARDS = ("nombre_actions", "participants_actions", "places_prevues", "sorties_actions",
         "taux_sorties_dynamiques", "taux_emploi_durable", "budget_realise",
         "cout_par_sortie_dynamique")
view = frame.page("Actions d'insertion", "L'offre d'insertion du PDI, sa fréquentation et ses "
                  "résultats.", cards=CARDS)
k = view.key
note = where_counted(view.territoire)  # « Actions 0 » beside « Participants 52 » explained
if note:
    st.caption(note)

st.subheader("Catalogue et fréquentation")
tab_o, tab_c, tab_f = printable.tabs(["Par orientation du PDI", "Par catégorie", "Par fiche action"])
for tab, dim, par in ((tab_o, "orientation_pdi", "orientation du PDI"),
                      (tab_c, "categorie", "catégorie d'action"), (tab_f, "fiche_action", "fiche action")):
    with tab:
        b = cache.compare(k, ("places_prevues", "participants_actions"), (dim,))
        widgets.bars(view, b, f"Places prévues et participants par {par}",
                     f"Places et participants par {par}", color="indicateur_libelle")

st.subheader("Résultats à la sortie")
c1, c2 = st.columns(2)
bs = cache.breakdowns(k, (("sorties_actions", ("classe_resultat",)),
                          ("taux_sorties_dynamiques", ("categorie",))))
with c1:
    widgets.bars(view, bs[0], "Sorties des actions par classe de résultat", "Sorties par classe")
with c2:
    widgets.bars(view, bs[1], "Taux de sorties dynamiques par catégorie d'action",
                 "Sorties dynamiques par catégorie", sort=True)

st.subheader("Budget des actions")
c1, c2 = st.columns(2)
with c1:
    b = cache.compare(k, ("budget_prevu", "budget_realise"), ("orientation_pdi",))
    widgets.bars(view, b, "Budget prévu et réalisé par orientation du PDI", "Budget par orientation",
                 color="indicateur_libelle")
with c2:
    b = cache.breakdowns(k, (("cout_par_sortie_dynamique", ("categorie",)),))[0]
    widgets.bars(view, b, "Coût par sortie dynamique par catégorie", "Coût par sortie dynamique", sort=True)
