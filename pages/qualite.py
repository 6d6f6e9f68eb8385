"""Qualité des données: the extraction's validation report, row counts, date coverage, anomalies
and freshness. Works even when the extraction is unusable."""
import streamlit as st

from indicators.formatting import fr_number
from ui import cache, frame, widgets

view = frame.page("Qualité des données", "Le contrôle de l'extraction contre le contrat : ce qui "
                  "manque, ce qui est écarté, ce qui est à vérifier.", need_extraction=False)
s, op = cache.current_opened()
if op.rejected is not None:
    st.subheader("Nouvelle extraction reçue — inutilisable")
    st.error("La dernière extraction déposée comporte des erreurs de structure : elle n'est pas "
             "utilisée. Les chiffres affichés restent ceux de l'extraction précédente, dont le "
             "contrôle suit plus bas.")
    _, new_tables = cache.quality(s, op.snapshot_id, rejected=True)
    widgets.table_block(new_tables["constats"], "Constats de la nouvelle extraction",
                        key="constats_nouvelle")
    st.subheader("Extraction en service")
summary, tables = cache.quality(s, op.snapshot_id)
c = st.columns(4)
c[0].metric("Extraction utilisable", "oui" if summary["utilisable"] else "non", border=True)
c[1].metric("Erreurs", fr_number(summary["erreurs"]), border=True,
            help="Erreurs de structure (bloquantes) ou de lignes (lignes écartées des indicateurs "
                 "qui utilisent la valeur fautive).")
c[2].metric("Avertissements", fr_number(summary["avertissements"]), border=True)
c[3].metric("Lignes écartées", fr_number(summary["lignes_ecartees"]), border=True)
if summary["tables_absentes"]:
    from data.schema import TABLE_LABELS

    st.info("Tables facultatives absentes de cette extraction (les pages concernées l'indiquent) : "
            + ", ".join(TABLE_LABELS.get(t, t) for t in summary["tables_absentes"]) + ".",
            icon=":material/info:")

st.subheader("Constats du contrôle")
if tables["constats"].display.height:
    widgets.table_block(tables["constats"], "Constats du contrôle", key="constats")
else:
    st.success("Aucun constat : l'extraction respecte le contrat.")

st.subheader("Tables, volumes et couverture des dates")
widgets.table_block(tables["tables"], "Tables de l'extraction", key="tables")
