"""The page frame: title, département, data freshness (« Données au 01/11/2026 — source … »),
the active filters, and — instead of a crash — the validation report when the extraction cannot be
used or opened."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from indicators import coverage
from indicators.formatting import fr_date
from indicators.secret import protection_note
from settings import SettingsError
from ui import access, cache, filters, printable, router
from ui.safe import md

STATE = "_declik_frame"


def setup() -> None:
    """Open the extraction (cached) and draw the filters; run by every page's frame."""
    router.ensure()
    try:
        settings, op, before = cache.begin_run(new_session=cache.PINNED not in st.session_state)
    except SettingsError as exc:  # unknown key, wrong type in config.toml
        st.session_state[STATE] = {"error": str(exc), "opened": None, "config_error": True}
        st.session_state.pop(filters.VIEW, None)
        return
    except Exception as exc:  # unreachable database, unreadable file: a French message
        access.gate(cache.current_settings())  # nothing, not even the error, before sign-in
        st.session_state[STATE] = {"error": str(exc), "opened": None}
        st.session_state.pop(filters.VIEW, None)
        return
    user = access.gate(settings, op.referentiel)  # stops the run without a usable identity
    st.session_state[STATE] = {"error": None, "opened": op, "settings": settings, "user": user}
    access.sidebar_identity(user)
    if op.extraction is None:
        st.session_state.pop(filters.VIEW, None)
        return
    ext = op.extraction
    if before is not None and before.snapshot_id != op.snapshot_id:  # once: the run that switches
        st.toast(f"Nouvelles données au {fr_date(ext.date_extraction)}", icon=":material/update:")
    filters.sidebar(op.referentiel, ext.date_extraction, settings, ext.source,
                    coverage.first_year(ext), snapshot=op.snapshot_id, scope=user.scope)
    st.sidebar.caption(md(freshness(ext.date_extraction, ext.source, settings.uses_demo)))


def settings():
    """The settings of this session (read after :func:`page` has set the session up)."""
    return st.session_state[STATE]["settings"]


def freshness(d, source: str, demo: bool = False) -> str:
    txt = f"Données au {fr_date(d)} — source : {source or 'non précisée'}"
    return txt + (" (extraction de démonstration)" if demo and "monstration" not in txt else "")


def page(title: str, intro: str | None = None, need_extraction: bool = True, cards: Sequence[str] = (),
         per_row: int = 4, hint: str | None = None, filtered: bool = True) -> filters.View | None:
    """Draw the page header, then the page's key ``cards`` (:func:`ui.widgets.key_cards`, ``per_row``
    a row), and return the view; when the extraction is unusable, show why (the validation report)
    and stop the page, unless it can work without it. ``hint``: how to use the interactive page,
    after the intro (not in the printable version: :func:`ui.printable.hint`). ``filtered=False``:
    a page that does not read the filters (the Journal des exports) has no territory, period and
    data line, which would say what it does not show."""
    setup()
    state = st.session_state.get(STATE) or {}
    op = state.get("opened")
    user = state.get("user") or access.current_user()
    if user is not None:
        access.banner(user)
    st.title(title)
    refused = access.flash()
    if refused:
        st.warning(md(refused), icon=":material/block:")
    for w in st.session_state.pop(filters.LINK_WARNINGS, None) or ():
        st.warning(f"Lien : {md(w)}", icon=":material/link_off:")
    if state.get("config_error"):
        st.error(f"Configuration invalide : {md(state['error'])}")
        st.stop()
    if state.get("error"):
        st.error("Impossible d'ouvrir l'extraction. Vérifiez l'URL de la base dans config.toml "
                 f"(section [base]).\n\nDétail : {md(state['error'])}")
        st.stop()
    if op is None:
        st.error("Extraction non chargée.")
        st.stop()
    view = filters.current()
    if op.extraction is None:
        st.error("L'extraction ne peut pas être utilisée : le rapport de validation "
                 + ("ci-dessous" if need_extraction else "de la page Qualité des données")
                 + " indique les erreurs de structure à corriger.")
        if need_extraction:
            show_report(op)
            st.stop()
        return None
    ext = op.extraction
    dep = op.referentiel.departement_nom
    if filtered:
        parts = [f"**{md(view.territoire_label)}**", md(view.periode.label),
                 f"comparaison : {md(view.comparison_label)}"]
        st.markdown(" · ".join(parts))
        st.caption(md(f"Département : {dep} ({op.referentiel.departement}) — "
                      + freshness(ext.date_extraction, ext.source, state["settings"].uses_demo)))
    data_banners(op)
    printable.link()
    if intro:
        st.caption(intro)
    if hint:
        printable.hint(hint)
    note = filtered and protection_note(view.periode.debut, view.periode.fin,
                                        not view.territoire.is_departement)
    if note:
        st.caption(note)
    if op.report is not None and not op.report.ok:
        n = sum(f.severity == "erreur" for f in op.report.findings)
        st.warning(f"L'extraction comporte {n} erreur(s) de lignes : les lignes concernées sont "
                   "écartées des indicateurs qui les utilisent (voir la page Qualité des données).")
    if cards:
        from ui import widgets

        widgets.key_cards(view, cards, per_row)
    return view


def data_alerts_visible() -> bool:
    """Whether the signed-in user is told that a new extraction was refused: the ``direction``
    role only."""
    user = access.current_user()
    return user is not None and user.role == "direction"


def data_banners(op) -> None:
    """The data's state above every page: source unreachable (the last snapshot is served), new
    extraction refused (the previous one is kept)."""
    d = fr_date(op.extraction.date_extraction) if op.extraction is not None else ""
    if op.unreachable:
        st.warning(f"Données du {d}, source injoignable : le tableau de bord affiche le dernier "
                   "instantané valide de l'extraction.", icon=":material/cloud_off:")
    if op.rejected is not None and data_alerts_visible():
        st.warning(f"La nouvelle extraction reçue est inutilisable : les données au {d} restent "
                   "affichées. Le rapport de contrôle de la nouvelle extraction est sur la page "
                   "Qualité des données.", icon=":material/report:")


REPORT_NAME = "Rapport de contrôle de l'extraction"


def show_report(op) -> None:
    """The validation report of the refused extraction, with its CSV and XLSX downloads (the
    shared table writer and the export audit, as every table)."""
    from indicators.views import quality_tables
    from ui import widgets

    t = quality_tables(op.report, op.extraction)
    widgets.table_block(t["constats"], REPORT_NAME, key="rapport_controle")
