"""Rapports: the comité de suivi pack (PPTX / PDF) and the PDI evaluation document (DOCX / PDF)
for the sidebar's period and territory, and the same pack for each MDCS in one zip. The page only
renders: everything is built by :mod:`reports`."""
import streamlit as st

from reports import audit
from reports.build import DEFAULT_PACK, MIME
from ui import access, cache, frame, media
from ui.safe import md

PACKS = {"comite": "Comité de suivi (diaporama)", "evaluation": "Évaluation du PDI (document)"}
FORMATS = {"pptx": "PowerPoint (PPTX)", "docx": "Word (DOCX)", "pdf": "PDF"}
RESULT = "_rapports_result"

view = frame.page("Rapports", "Les documents du comité de suivi et de l'évaluation du PDI, "
                  "produits directement à partir de l'extraction, pour la période et le territoire "
                  "choisis.", hint="Choisissez la période et le territoire dans le panneau de "
                  "gauche, puis le format et le document.")
settings, op = cache.current_opened()
ext, ref = op.extraction, op.referentiel

c1, c2 = st.columns(2)
with c1:
    fmt = st.radio("Format", list(FORMATS), format_func=FORMATS.get, horizontal=True,
                   key="rapports_format")
with c2:
    kind = st.radio("Document", list(PACKS), format_func=PACKS.get, horizontal=True,
                    index=list(PACKS).index(DEFAULT_PACK[fmt]), key=f"rapports_pack_{fmt}")
periode = view.periode
st.caption(md(f"{PACKS[kind]} — {view.territoire_label} — {periode.libelle} ; comparaison : "
              f"{view.comparison_label}. Secret statistique appliqué sous le niveau département ; "
              "chaque export est inscrit dans le journal d'audit."))
user = access.current_user()
scope = user.scope
qui = audit.Qui(user.ident, user.role, user.mode)
units_scope = scope.units_of(ref, ref.premier_niveau)



def request(what: str) -> tuple:
    """What a built file answers: the filters, the document and its format."""
    terr = "" if what == "many" else view.territoire.key
    return (what, periode.code, terr, view.mode, kind, fmt)


b1, b2 = st.columns(2)
with b1:
    one = st.button("Préparer le document", type="primary", icon=":material/description:")
with b2:
    many = st.button(f"Un pack par {ref.nom_niveau(ref.premier_niveau)} (zip)",
                     icon=":material/folder_zip:", disabled=not units_scope,
                     help=None if units_scope else "Votre périmètre ne comprend aucune "
                     f"{ref.nom_niveau(ref.premier_niveau)} entière.")
if one:
    if not scope.allows(view.territoire):  # never built outside the scope
        access.refuse(view.territoire, scope)
        st.rerun()
    from reports.build import build_file

    with st.spinner("Calcul des indicateurs et export des graphiques…"):
        name, data = build_file(ext, ref, settings, periode, view.territoire, kind, fmt, view.mode,
                                qui=qui)
    st.session_state[RESULT] = (name, data, MIME[fmt], request("one"))
if many and units_scope:
    from reports.batch import build_zip_mdcs

    with st.spinner(f"Un pack pour chaque {ref.nom_niveau(ref.premier_niveau)}…"):
        name, data = build_zip_mdcs(ext, ref, settings, periode, kind, fmt, view.mode, qui=qui,
                                    mdcs=None if scope.whole else units_scope)
    st.session_state[RESULT] = (name, data, MIME["zip"], request("many"))

# a built file belongs to the request that made it: once the filters or the choices change, it is
# no longer offered (a pack of canton 4104 must not be downloaded while MDCS Sud-Loire is shown)
result = st.session_state.get(RESULT)
if result:
    name, data, mime, req = result
    if req in (request("one"), request("many")):
        st.success(md(f"{name} prêt ({len(data) / 1024:,.0f} Ko).".replace(",", " ")))
        media.expire_soon()
        st.download_button("Télécharger", lambda: data, file_name=name, mime=mime, on_click="ignore",
                           icon=":material/download:", key="rapports_download")
    else:
        st.session_state.pop(RESULT, None)
        st.info(f"Le document préparé ({name}) portait sur d'autres choix : préparez-le à nouveau "
                "pour la période et le territoire affichés.", icon=":material/info:")
