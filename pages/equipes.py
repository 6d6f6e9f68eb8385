"""Équipes pluridisciplinaires: saisines per month by motif and prescripteur, décisions, délai
saisine → notification, persons referred several times."""
import streamlit as st

from charts import figures as F
from indicators.views import reference_lines
from ui import cache, frame, widgets

CARDS = ("ep_saisines", "ep_decisions", "ep_delai_notification_moyen_j",
         "ep_personnes_multi_saisines")
view = frame.page("Équipes pluridisciplinaires", "Saisines, décisions et délais des équipes "
                  "pluridisciplinaires.", cards=CARDS)
k = view.key
s = k.settings

widgets.monthly(view, cache.series(k, "ep_saisines", ("motif",)), "Saisines par mois et par motif",
                "Saisines par mois et par motif", color="motif_libelle", bars=True, stacked=True)

c1, c2 = st.columns(2)
bs = cache.breakdowns(k, (("ep_saisines", ("prescripteur",)), ("ep_decisions", ("decision",)),
                          ("ep_delai_notification_moyen_j", ("motif",))))
with c1:
    widgets.bars(view, bs[0], "Saisines par prescripteur", "Saisines par prescripteur", sort=True)
with c2:
    widgets.bars(view, bs[1], "Décisions des équipes pluridisciplinaires", "Décisions", sort=True)
widgets.bars(view, bs[2], "Délai moyen entre saisine et notification, par motif",
             "Délai saisine → notification par motif",
             refs=[F.RefLine(v, lab, kind) for v, lab, kind in
                   reference_lines(s, "ep_delai_notification_moyen_j")])
