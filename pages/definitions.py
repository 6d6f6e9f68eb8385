"""Définitions: the indicator dictionary generated from the registry, searchable. Each indicator
reads as a short fiche (its definition whole, not cut by a table cell), grouped by theme; the full
table stays one click away with its downloads."""
import streamlit as st

from data.plan import plan_of
from data.referentiel import referentiel_of
from indicators.glossary import glossary_rows
from indicators.views import definitions
from ui import frame, printable, widgets

frame.page("Définitions des indicateurs", "Chaque indicateur du tableau de bord : sa définition, "
           "son unité, ses tables sources et la fiche action du PDI qu'il sert.",
           need_extraction=False)
q = st.text_input("Rechercher", placeholder="ex. délai, CER, France Travail, FAJD…",
                  key="definitions_q")
t = definitions(q, plan_of(frame.settings()))  # the fiches of the configured plan (or none)
terms = glossary_rows(q, referentiel_of(frame.settings()))  # the département's own terms
with printable.expander(f"Glossaire des sigles et des termes ({len(terms)})", icon=":material/abc:",
                        expanded=bool(q) and bool(terms)):
    for term, text in terms:
        st.markdown(f"**{term}** — {text}")
st.caption(f"{t.display.height} indicateur(s).")
if not printable.active():  # on paper the fiches below say the same
    with st.expander("Tableau complet des définitions", icon=":material/table_view:"):
        widgets.table_block(t, "Dictionnaire des indicateurs", key="definitions")
DETAILS = ("Sens souhaité", "Fiche action du PDI", "Tables sources", "Ventilations",
           "Indicateur clef du contrat")
rows = t.display.to_dicts()
for theme in dict.fromkeys(r.get("Thème") or "Autres" for r in rows):
    st.subheader(theme)
    for r in (r for r in rows if (r.get("Thème") or "Autres") == theme):
        unit = f" ({r['Unité']})" if r.get("Unité") else ""
        st.markdown(f"**{r['Indicateur']}**{unit} — {r['Définition'] or ''}")
        st.caption(" · ".join(f"{f} : {r[f]}" for f in DETAILS if r.get(f)))
