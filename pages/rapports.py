"""Rapports: the comité de suivi pack (PPTX / PDF) and the PDI evaluation document (DOCX / PDF)
for the sidebar's period and territory, and the same pack for each MDCS of the user's scope in one
zip. The page only renders: everything is built by :mod:`reports`. A request outside the user's
scope is refused here again (the filters already keep the territory in it)."""
import streamlit as st

from reports import audit
from reports.build import DEFAULT_PACK, MIME
from reports.periode import Periode
from ui import access, cache, frame, media
from ui.safe import md

PACKS = {"comite": "Comité de suivi (diaporama)", "evaluation": "Évaluation du PDI (document)"}
FORMATS = {"pptx": "PowerPoint (PPTX)", "docx": "Word (DOCX)", "pdf": "PDF"}
RESULT = "_rapports_result"

view = frame.page("Rapports", "Les documents du comité de suivi et de l'évaluation du PDI, "
                  "produits directement à partir de l'extraction, pour la période et le territoire "
                  "choisis dans le panneau de gauche.")
settings, op = cache.current_opened()
ext, ref = op.extraction, op.referentiel
user = access.current_user()
scope = user.scope
qui = audit.Qui(user.ident, user.role, user.mode)

c1, c2 = st.columns(2)
with c1:
    fmt = st.radio("Format", list(FORMATS), format_func=FORMATS.get, horizontal=True,
                   key="rapports_format")
with c2:
    kind = st.radio("Document", list(PACKS), format_func=PACKS.get, horizontal=True,
                    index=list(PACKS).index(DEFAULT_PACK[fmt]), key=f"rapports_pack_{fmt}")
periode = Periode(view.periode.debut, view.periode.fin, view.periode.label)
st.caption(md(f"{PACKS[kind]} — {view.territoire_label} — {periode.libelle} ; comparaison : "
              f"{view.comparison_label}. Secret statistique appliqué sous le niveau département ; "
              "chaque export est inscrit dans le journal d'audit."))

mdcs_scope = scope.mdcs(ref)
b1, b2 = st.columns(2)
with b1:
    one = st.button("Préparer le document", type="primary", icon=":material/description:")
with b2:
    many = st.button("Un pack par MDCS (zip)", icon=":material/folder_zip:",
                     disabled=not mdcs_scope,
                     help=None if mdcs_scope else "Votre périmètre ne comprend aucune MDCS.")
if one:
    if not scope.allows(view.territoire):  # never built outside the scope
        access.refuse(view.territoire, scope)
        st.rerun()
    from reports.build import build_file

    with st.spinner("Calcul des indicateurs et export des graphiques…"):
        name, data = build_file(ext, ref, settings, periode, view.territoire, kind, fmt, view.mode,
                                qui=qui)
    st.session_state[RESULT] = (name, data, MIME[fmt])
if many and mdcs_scope:
    from reports.batch import build_zip_mdcs

    with st.spinner("Un pack pour chacune des MDCS…"):
        name, data = build_zip_mdcs(ext, ref, settings, periode, kind, fmt, view.mode, qui=qui,
                                    mdcs=None if scope.whole else mdcs_scope)
    st.session_state[RESULT] = (name, data, MIME["zip"])

result = st.session_state.pop(RESULT, None)
if result:
    name, data, mime = result
    st.success(md(f"{name} prêt ({len(data) / 1024:,.0f} Ko).".replace(",", " ")))
    media.expire_soon()
    st.download_button("Télécharger", lambda: data, file_name=name, mime=mime, on_click="ignore",
                       icon=":material/download:", key="rapports_download")
