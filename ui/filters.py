"""Sidebar global filters — période (année, trimestre, mois or free range), territoire (niveau then
unit), comparaison (même période N-1 / période précédente) — kept in the URL query parameters so
that a pasted link reopens the same view:

``?periode=2025-T3&territoire=mdcs:BLO&comparaison=precedente``

Every page draws them through its frame. Streamlit forgets a widget's state when a page that does
not draw it runs, so each filter value is also kept under its own session key (``f_*``) and
restored into the widget (``w_*``) when the widget state was dropped: the filters survive page
changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from charts.theme import source_text
from data.referentiel import CANTON_ND, Referentiel, Territoire, UnknownTerritory
from indicators import calendrier as P
from settings import Settings
from ui import printable
from ui.cache import Key

K_KIND, K_ANNEE, K_TRIM, K_MOIS, K_PLAGE = "f_periode", "f_annee", "f_trimestre", "f_mois", "f_plage"
K_NIVEAU, K_UNITE, K_COMP = "f_niveau", "f_unite", "f_comparaison"
ALL_KEYS = (K_KIND, K_ANNEE, K_TRIM, K_MOIS, K_PLAGE, K_NIVEAU, K_UNITE, K_COMP)


def widget_key(k: str) -> str:
    """The widget's own key (``w_…``) for the stored filter value ``f_…``."""
    return "w_" + k[2:]


def _restore(k: str) -> str:
    """Before drawing a widget: hand its value to Streamlit explicitly (a widget created by
    another page's script starts from its default otherwise), from the widget's own state when
    it has one (the user's last change), else from the stored filter value."""
    ss = st.session_state
    wk = widget_key(k)
    if wk in ss:
        ss[wk] = ss[wk]
    elif k in ss and ss[k] is not None:
        ss[wk] = ss[k]
    return wk


def _keep(k: str, value) -> None:
    st.session_state[k] = value
SEEDED = "_filters_seeded"
VIEW = "_declik_view"
QP_PERIODE, QP_TERRITOIRE, QP_COMP = "periode", "territoire", "comparaison"


@dataclass(frozen=True)
class View:
    """The resolved filters of this run: what every page computes on."""

    key: Key
    periode: P.Periode
    comparaison: P.Periode
    mode: str
    territoire: Territoire
    territoire_label: str
    departement_nom: str
    source: str = ""  # the extraction's declared source (« SOLIS 2026-11 »)
    date_extraction: date | None = None

    @property
    def source_line(self) -> str:
        """« Source : SOLIS 2026-11, données au 01/11/2026 », under every chart."""
        return source_text(self.source, self.date_extraction) if self.date_extraction else ""

    def title(self, what: str, when: str | None = None) -> str:
        """« Foyers bénéficiaires — MDCS Vendôme — 2025 »: what, where, when."""
        return " — ".join(p for p in (what, self.territoire_label, when or self.periode.label) if p)

    @property
    def comparison_label(self) -> str:
        return f"{P.MODES[self.mode][0].lower()}{P.MODES[self.mode][1:]} ({self.comparaison.label})"


def territory_label(ref: Referentiel, t: Territoire) -> str:
    if t.is_departement:
        return ref.departement_nom
    return f"{ref.libelle(t.niveau)} {ref.label(t.niveau, t.code)}"


# the records of the split communes (Blois, Le Controis-en-Sologne) whose address has no canton
ND_OPTION = "Canton non déterminé (Blois, Le Controis-en-Sologne)"


def _unit_options(ref: Referentiel, niveau: str) -> tuple[list[str], dict[str, str]]:
    u = ref.units(niveau).sort("nom") if niveau != "canton" else ref.units(niveau)
    names = dict(zip(u["code"].to_list(), u["nom"].to_list(), strict=False))
    if niveau == "canton":
        names = {c: f"{n} ({c})" for c, n in names.items()}
        names[CANTON_ND] = ND_OPTION
    return list(names), names


# calendar period kinds: selectbox label, session key
CALENDAR_CHOICES = {"annee": ("Année", K_ANNEE), "trimestre": ("Trimestre", K_TRIM),
                    "mois": ("Mois", K_MOIS)}
LINK_WARNINGS = "_link_warnings"


def calendar_options(kind: str, de: date, first_year: int | None = None) -> list[P.Periode]:
    """The periods a selector offers: every year from the first of the data, 12 quarters,
    36 months (latest first)."""
    if kind == "annee":
        return P.year_options(de, first_year=first_year)
    return P.quarter_options(de) if kind == "trimestre" else P.month_options(de)


def seed(ref: Referentiel, de: date, niveaux: tuple[str, ...],
         first_year: int | None = None, scope=None) -> list[str]:
    """First run of a session: the widgets' values from the URL (or the defaults: the year to
    date, the last complete quarter and month). Returns the French warnings for unreadable
    parameters and periods without data. A territory outside the user's ``scope``
    (:class:`access.scope.Scope`) is refused: the user's own territory is shown."""
    ss = st.session_state
    warnings = []
    qp = st.query_params
    per = P.default(de)
    if QP_PERIODE in qp:
        try:
            asked = P.parse(qp[QP_PERIODE], de)
            why = P.outside_data(asked, de, first_year)
            if why:
                warnings.append(f"{why[0].upper()}{why[1:-1]} ; période par défaut affichée "
                                f"({per.label}).")
            else:
                per = asked
        except ValueError as exc:
            warnings.append(f"{exc} Période par défaut affichée ({per.label}).")
    ss[K_KIND] = per.kind
    ss[K_ANNEE] = P.default(de).code
    ss[K_TRIM] = P.default_quarter(de).code
    ss[K_MOIS] = P.default_month(de).code
    ss[K_PLAGE] = (per.debut, per.fin_effective)
    options = {k: [p.code for p in calendar_options(k, de, first_year)] for k in CALENDAR_CHOICES}
    if per.kind in options:
        if per.code in options[per.kind]:
            ss[{"annee": K_ANNEE, "trimestre": K_TRIM, "mois": K_MOIS}[per.kind]] = per.code
        else:
            ss[K_KIND] = "plage"
    own = scope.default() if scope is not None else Territoire("departement", ref.departement)
    t = own
    if QP_TERRITOIRE in qp:
        try:
            t = ref.parse_territoire(qp[QP_TERRITOIRE])
            if t.niveau not in niveaux:
                raise UnknownTerritory(f"Niveau « {t.niveau} » non proposé.")
        except UnknownTerritory as exc:
            warnings.append(str(exc))
            t = own
        if scope is not None and not scope.allows(t):
            from ui import access

            access.refuse(t, scope)
            t = own
    ss[K_NIVEAU] = t.niveau
    ss[K_UNITE] = t.code if not t.is_departement else None
    mode = qp.get(QP_COMP, "n-1")
    if mode not in P.MODES:
        warnings.append(f"Comparaison « {mode} » inconnue : même période N-1 retenue.")
        mode = "n-1"
    ss[K_COMP] = mode
    for k in ALL_KEYS:
        if ss.get(k) is not None:
            ss[widget_key(k)] = ss[k]
    ss[SEEDED] = True
    return warnings




def _scoped_units(ref: Referentiel, niveau: str, scope) -> tuple[list[str], dict[str, str]]:
    codes, names = _unit_options(ref, niveau)
    allowed = scope.codes(niveau) if scope is not None else None
    if allowed is not None:
        codes = [c for c in codes if c in allowed]
    return codes, names


def sidebar(ref: Referentiel, de: date, settings: Settings, source: str = "",
            first_year: int | None = None, snapshot: str = "", scope=None) -> View:
    """Draw the filters in the sidebar, write them to the URL and return the resolved view.
    Warnings about the link (:data:`LINK_WARNINGS`) are shown at the top of the page by the
    frame. With a ``scope`` (:class:`access.scope.Scope`), the territory selectors list only its
    units; a stored value outside it (session state, a map click) is refused and replaced by the
    user's own territory."""
    ss = st.session_state
    niveaux = ref.level_ids  # the configured levels (data.niveaux), first level included
    if not ss.get(SEEDED):
        ss[LINK_WARNINGS] = seed(ref, de, niveaux, first_year, scope)
    if scope is not None:
        niveaux = tuple(scope.levels(niveaux))
        _enforce(ref, scope, niveaux)
    sb = st.sidebar
    sb.markdown("**Période**")
    kind = sb.radio("Type de période", list(P.KINDS), format_func=P.KINDS.get,
                    key=_restore(K_KIND), horizontal=True, label_visibility="collapsed")
    _keep(K_KIND, kind)
    if kind in CALENDAR_CHOICES:
        label, key = CALENDAR_CHOICES[kind]
        opts = {p.code: p for p in calendar_options(kind, de, first_year)}
        # format_func: a dict of texts, not a closure over the periods (Streamlit keeps a
        # widget's metadata, its format_func with it, for every page a session visited)
        code = sb.selectbox(label, list(opts), format_func={c: p.label for c, p in opts.items()}.get,
                            key=_restore(key))
        _keep(key, code)
        per = opts[code]
    else:
        rng = sb.date_input("Du … au …", key=_restore(K_PLAGE), max_value=de,
                            min_value=date(2000, 1, 1), format="DD/MM/YYYY")
        if isinstance(rng, (tuple, list)) and len(rng) == 2:
            _keep(K_PLAGE, tuple(rng))
            per = P.Periode("plage", rng[0], rng[1], de)
        else:  # only the first day picked so far
            a = rng[0] if isinstance(rng, (tuple, list)) and rng else de
            per = P.Periode("plage", a, de, de)
    sb.markdown("**Territoire**")
    niveau = sb.selectbox("Niveau", list(niveaux), format_func=ref.libelle,
                          key=_restore(K_NIVEAU))
    _keep(K_NIVEAU, niveau)
    if niveau == "departement":
        t = Territoire("departement", ref.departement)
    else:
        codes, names = _scoped_units(ref, niveau, scope)
        wk = _restore(K_UNITE)
        if ss.get(wk) not in codes:
            ss[wk] = codes[0]
        code = sb.selectbox(ref.libelle(niveau), codes,
                            format_func={c: names.get(c, c) for c in codes}.get, key=wk)
        _keep(K_UNITE, code)
        t = Territoire(niveau, code)
    sb.markdown("**Comparaison**")
    mode = sb.radio("Comparer à", list(P.MODES), format_func=P.MODES.get, key=_restore(K_COMP),
                    label_visibility="collapsed")
    _keep(K_COMP, mode)
    comp = P.comparison(per, mode)
    if scope is not None and not scope.allows(t):  # last line of defence: never compute outside
        from ui import access

        access.refuse(t, scope)
        t = scope.default()
    params = {QP_PERIODE: per.code, QP_TERRITOIRE: t.key if not t.is_departement else "departement",
              QP_COMP: mode}
    params = printable.keep(params)  # the « version imprimable » stays printable
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    key = Key(settings, per.debut, per.fin_effective, t.key, comp.debut, comp.fin_effective, mode,
              snapshot)
    view = View(key, per, comp, mode, t, territory_label(ref, t), ref.departement_nom, source, de)
    ss[VIEW] = view
    return view


def _enforce(ref: Referentiel, scope, niveaux: tuple[str, ...]) -> None:
    """Before the territory widgets: a stored level or unit outside ``scope`` (tampered session
    state, a map click, a stale value) is refused and replaced by the user's own territory."""
    ss = st.session_state
    niveau = ss.get(widget_key(K_NIVEAU), ss.get(K_NIVEAU))
    code = ss.get(widget_key(K_UNITE), ss.get(K_UNITE))
    if niveau is None:
        return
    if niveau == "departement":
        t = Territoire("departement", ref.departement)
    elif niveau in ref.level_ids and code is not None and str(code) in ref.unit_names(niveau):
        t = Territoire(str(niveau), str(code))
    else:  # a code of another level (the level was just changed): the selector picks a unit
        t = None
    if niveau in niveaux and (t is None or scope.allows(t)):
        return
    if t is not None:
        from ui import access

        access.refuse(t, scope)
    own = scope.default()
    for k, v in ((K_NIVEAU, own.niveau), (K_UNITE, None if own.is_departement else own.code)):
        ss[k] = v
        ss[widget_key(k)] = v


def current() -> View | None:
    """The view resolved by the router in this run."""
    return st.session_state.get(VIEW)
