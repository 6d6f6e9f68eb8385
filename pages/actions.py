"""Actions d'insertion: catalogue by PDI orientation / axe / fiche action, participants vs places,
outcomes by class, taux de sorties dynamiques, budget and cost per sortie dynamique."""
import streamlit as st

from charts import figures as F
from ui import cache, frame, printable, widgets

CARDS = ("nombre_actions", "participants_actions", "places_prevues", "sorties_actions",
         "taux_sorties_dynamiques", "taux_emploi_durable", "budget_realise",
         "cout_par_sortie_dynamique")
view = frame.page("Actions d'insertion", "L'offre d'insertion du PDI, sa fréquentation et ses "
                  "résultats.", cards=CARDS)
k = view.key

st.subheader("Catalogue et fréquentation")
tab_o, tab_c, tab_f = printable.tabs(["Par orientation du PDI", "Par catégorie", "Par fiche action"])
for tab, dim, par in ((tab_o, "orientation_pdi", "orientation du PDI"),
                      (tab_c, "categorie", "catégorie d'action"), (tab_f, "fiche_action", "fiche action")):
    with tab:
        b = cache.compare(k, ("places_prevues", "participants_actions"), (dim,))
        widgets.breakdown_block(b, lambda b, dim=dim, par=par: F.bars(
            b.data, category=f"{dim}_libelle", color="indicateur_libelle",
            title=view.title(f"Places prévues et participants par {par}"), source=view.source_line),
            f"Places et participants par {par}")

st.subheader("Résultats à la sortie")
c1, c2 = st.columns(2)
bs = cache.breakdowns(k, (("sorties_actions", ("classe_resultat",)),
                          ("taux_sorties_dynamiques", ("categorie",))))
with c1:
    widgets.breakdown_block(bs[0], lambda b: F.bars(
        b.data, category="classe_resultat_libelle",
        title=view.title("Sorties des actions par classe de résultat"), source=view.source_line),
        "Sorties par classe")
with c2:
    widgets.breakdown_block(bs[1], lambda b: F.bars(
        b.data, category="categorie_libelle", fmt="pourcentage", sort=True,
        title=view.title("Taux de sorties dynamiques par catégorie d'action"),
        source=view.source_line), "Sorties dynamiques par catégorie")

st.subheader("Budget des actions")
c1, c2 = st.columns(2)
with c1:
    b = cache.compare(k, ("budget_prevu", "budget_realise"), ("orientation_pdi",))
    widgets.breakdown_block(b, lambda b: F.bars(
        b.data, category="orientation_pdi_libelle", color="indicateur_libelle", fmt="euros",
        title=view.title("Budget prévu et réalisé par orientation du PDI"), source=view.source_line),
        "Budget par orientation")
with c2:
    b = cache.breakdowns(k, (("cout_par_sortie_dynamique", ("categorie",)),))[0]
    widgets.breakdown_block(b, lambda b: F.bars(
        b.data, category="categorie_libelle", fmt="euros", sort=True,
        title=view.title("Coût par sortie dynamique par catégorie"), source=view.source_line),
        "Coût par sortie dynamique")
