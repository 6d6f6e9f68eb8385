"""Plan d'action PDI-PTI: the plan as the Département wrote it (orientations → axes → fiches
actions → critères d'évaluation) and, under each criterion, the indicators that measure it for
the period and territory — or « non mesuré par l'extraction » and the data it would need."""
import streamlit as st

from indicators.views import criteria_table
from ui import cache, frame, printable, widgets

view = frame.page("Plan d'action PDI-PTI", "Le Programme départemental d'insertion et le Pacte "
                  "territorial d'insertion configurés : chaque fiche action, son pilote, ses "
                  "critères d'évaluation et ce que l'extraction en mesure.")
k = view.key
# on screen a fiche's values are computed when it is opened (its expander reruns the page); on
# paper every fiche is open: the whole plan at once
whole = printable.active()
pv = cache.plan(k) if whole else cache.plan_outline(k)
if not pv.configured:
    st.info(pv.coverage_text + ". Les autres pages du tableau de bord restent disponibles.",
            icon=":material/info:")
    st.stop()


def plain(text: str) -> str:
    """The plan's words shown as text, never read as Markdown."""
    for ch in "\\*_[]()#`<>|~$":
        text = text.replace(ch, "\\" + ch)
    return text


c1, c2, c3 = st.columns(3)
c1.metric("Critères d'évaluation mesurés", f"{pv.measured} sur {pv.total}", border=True,
          help="Un critère est mesuré quand au moins un indicateur du tableau de bord le mesure et "
               "peut être calculé sur l'extraction (pour une action : la fiche a des actions).")
c2.metric("Fiches actions", f"{len(pv.fiches)}", border=True,
          help="45 fiches du PDI et 14 fiches du PTI portées par les partenaires.")
n_fiches = sum(any(c.measured for c in fv.criteres) for fv in pv.fiches.values())
c3.metric("Fiches dont un critère est mesuré", f"{n_fiches}", border=True)
st.progress(pv.measured / pv.total if pv.total else 0.0, text=pv.coverage_text)
st.caption(f"Valeurs : {view.territoire_label}, {view.periode.label} ; "
           f"comparaison : {view.comparaison.label}.")

only = st.toggle("Seulement les fiches dont un critère est mesuré", key="plan_only_measured")
orients = {f"Orientation {o.orientation.numero} — {o.orientation.titre}": o for o in pv.orientations}
choice = st.selectbox("Orientation", ["Toutes les orientations", *orients], key="plan_orientation")
TREND = "Tendance (12 mois)"  # a line drawn in its cell on screen; raw numbers on paper: left out
COLS = {TREND: st.column_config.LineChartColumn(TREND, width="small"),
        "Critère d'évaluation": st.column_config.TextColumn(width="medium"),
        "Indicateur": st.column_config.TextColumn(width="medium")}


tables = cache.plan_tables(k) if whole else None


def fiche_block(fv, where: str) -> None:
    f = fv.fiche
    n = sum(c.measured for c in fv.criteres)
    label = f"{f.libelle} · {n}/{len(fv.criteres)} critère(s) mesuré(s)"
    box = printable.expander(plain(label), key=f"plan_{where}_{f.id}", on_change="rerun",
                             icon=":material/task_alt:" if n else ":material/radio_button_unchecked:")
    if not whole and not box.open:
        return
    with box:
        meta = [f"Pilote : {f.pilote or 'non précisé'}"]
        if f.echeance:
            meta.append(f"Échéance : {f.echeance}")
        if f.page:
            meta.append(f"Page {f.page} du document")
        st.caption(plain(" · ".join(meta)))
        if fv.secondaire:
            st.caption(f"Fiche de l'orientation {f.orientation}, axe {f.axe}, rattachée aussi à cet axe.")
        elif f.orientation_secondaire:
            st.caption(f"Rattachée aussi à l'orientation {f.orientation_secondaire}, axe {f.axe_secondaire}.")
        # the fiche's table, the same under each axe it is shown
        t, csv = tables[f.id] if tables is not None else cache.plan_fiche(k, f.id)
        if printable.active():
            printable.table(t.display.drop(TREND, strict=False))
        else:
            st.dataframe(t.display, hide_index=True, width="stretch", column_config=COLS,
                         height="content")
        st.download_button("Télécharger la fiche (CSV)", csv,
                           file_name=f"{f.id.lower()}.csv", mime="text/csv",
                           key=f"dl_plan_{where}_{f.id}", on_click="ignore",
                           icon=":material/download:")


for title, o in orients.items():
    if choice != "Toutes les orientations" and choice != title:
        continue
    st.header(plain(title), divider="gray")
    for a in o.axes:
        fiches = [fv for fv in a.fiches if not only or any(c.measured for c in fv.criteres)]
        if not fiches:
            continue
        st.subheader(plain(f"Axe {a.axe.numero} — {a.axe.titre}"))
        for fv in fiches:
            fiche_block(fv, f"o{o.orientation.numero}a{a.axe.numero}")
    for fv in o.sans_axe:
        if not only or any(c.measured for c in fv.criteres):
            st.subheader("Sans axe (intitulé du plan précédent)")
            fiche_block(fv, f"o{o.orientation.numero}")

if pv.contexte:
    st.header("Indicateurs de contexte (hors fiches actions)", divider="gray")
    widgets.cards([c for c in cache.cards(k, tuple(m.id for m in pv.contexte))],
                  view.comparaison.label)

st.header("Tous les critères d'évaluation", divider="gray")
widgets.table_block(criteria_table(pv), "Critères du PDI-PTI et leur mesure", key="plan_criteres")
