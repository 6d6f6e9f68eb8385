"""Freins périphériques: prevalence by type and territory, share lifted, time to lift."""
import streamlit as st

from indicators.formatting import fr_date
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
    widgets.bars(view, bs[0], "Personnes SDD ayant un frein non levé au "
                 f"{fr_date(view.periode.fin_effective)}", "Prévalence par type de frein", sort=True)
with c2:
    widgets.bars(view, bs[1], "Part des freins diagnostiqués levés", "Freins levés par type", sort=True)
widgets.bars(view, bs[2], "Délai médian de levée par type de frein", "Délai de levée par type", sort=True)

widgets.mdcs_comparison(view, ("prevalence_freins", "part_frein_mobilite", "part_freins_leves"),
                        "Freins", key="freins_mdcs")
