"""Actions et partenaires (PDI fiches 41 and 43): a sheet per porteur for its COPIL — participants
vs places prévues, length of participation, exits by class, taux de sorties dynamiques, budget
prévu / réalisé, coût par sortie dynamique, for the period and the two previous years — and the
sheet of every action of the period."""
import streamlit as st

from indicators.views import where_counted
from ui import cache, frame, printable, widgets

view = frame.page("Actions et partenaires", "Une fiche par porteur, pour son comité de pilotage "
                  "(fiches actions 41 et 43 du PDI), et les chiffres de chaque action.")
k = view.key
note = where_counted(view.territoire)  # places and participants are not counted at one place
if note:
    st.caption(note)
names = cache.porteurs(k)
tab_p, tab_a = printable.tabs(["Fiche partenaire", "Toutes les actions"])
with tab_p:
    if not names:
        widgets.unavailable("Aucune action d'insertion sur la période dans l'extraction.",
                            "Fiches partenaires")
    else:
        p = st.selectbox("Porteur", names, key="partenaire_porteur")
        sheet = next(iter(cache.partner_sheets(k, 2, p)), None)
        if sheet is not None:
            st.subheader(f"Fiche partenaire — {sheet.porteur}")
            st.caption(f"{view.territoire_label} ; la dernière colonne est la période choisie, les "
                       "autres les années civiles précédentes.")
            widgets.table_block(sheet.par_annee, f"Fiche partenaire {sheet.porteur}",
                                key="partenaire_annees")
            st.subheader("Ses actions de la période")
            widgets.table_block(sheet.actions, f"Actions de {sheet.porteur}", key="partenaire_actions")
with tab_a:
    widgets.table_block(cache.actions_table(k), "Actions d'insertion de la période", key="actions_toutes")
