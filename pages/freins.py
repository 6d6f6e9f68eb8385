"""Freins périphériques: prevalence by type and territory, share lifted, time to lift."""
import streamlit as st

from charts import figures as F
from ui import cache, frame, widgets

CARDS = ("prevalence_freins", "part_frein_mobilite", "part_freins_leves", "delai_levee_median_j")
view = frame.page("Freins périphériques", "Mobilité, garde d'enfants, santé, logement… : les "
                  "freins repérés au diagnostic et leur levée.", cards=CARDS)
k = view.key

c1, c2 = st.columns(2)
bs = cache.breakdowns(k, (("prevalence_freins", ("type_frein",)),
                          ("part_freins_leves", ("type_frein",)),
                          ("delai_levee_median_j", ("type_frein",))))
with c1:
    widgets.breakdown_block(bs[0], lambda b: F.bars(
        b.data, category="type_frein_libelle", fmt="pourcentage", sort=True,
        title=view.title(f"Personnes SDD ayant un frein non levé au {view.periode.fin_effective:%d/%m/%Y}"),
        source=view.source_line), "Prévalence par type de frein")
with c2:
    widgets.breakdown_block(bs[1], lambda b: F.bars(
        b.data, category="type_frein_libelle", fmt="pourcentage", sort=True,
        title=view.title("Part des freins diagnostiqués levés"), source=view.source_line),
        "Freins levés par type")
widgets.breakdown_block(bs[2], lambda b: F.bars(
    b.data, category="type_frein_libelle", fmt="jours", sort=True,
    title=view.title("Délai médian de levée par type de frein"), source=view.source_line),
    "Délai de levée par type")

widgets.mdcs_comparison(view, ("prevalence_freins", "part_frein_mobilite", "part_freins_leves"),
                        "Freins", key="freins_mdcs")
