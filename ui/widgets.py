"""Reusable display blocks: key cards (value, change vs the comparison, trend line), a chart with
its data table one click away and a CSV download, the « non disponible » notice."""
from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from charts import figures as F
from charts.theme import PLOTLY_CONFIG, source_label
from indicators.formatting import upper_first
from indicators.views import Breakdown, Card, Table, table_csv
from indicators.views.key_cards import spark_caption
from reports.tables import slug
from ui import printable
from ui.memo import figure, figure_for  # noqa: F401  (pages build their figures through them)
from ui.safe import md  # noqa: F401  (pages use widgets.md)


def export_header(name: str) -> list[str]:
    """The lines above an exported table: its name, territory — period, source and data date
    (the same as the screen's)."""
    m = _export_meta(name)
    return [x for x in (name, f"{m.territoire} — {m.periode}" if m.territoire else "", m.pied) if x]


_SPARK_KEYS = itertools.count()  # one element key per drawn trend line (a card may appear twice)


def spark_span(months: Sequence) -> str:
    """What a card's trend line covers: its first and last month and its step — a stock's line
    has a point a quarter (the end of every third month), four points for a year, which read as
    missing months when not said."""
    step = ((months[1].year - months[0].year) * 12 + months[1].month - months[0].month
            if len(months) > 1 else 1)
    every = "un point par trimestre" if step == 3 else "un point par mois"
    return f"La courbe montre l'évolution de {months[0]:%m/%Y} à {months[-1]:%m/%Y} ({every})."


def card(c: Card, comparison: str | None = None) -> None:
    """One key card. The delta is coloured by the indicator's better direction."""
    help_txt = c.definition + (f"\n\n{upper_first(c.target_text)}." if c.target_text else "")
    if c.spark_months:
        help_txt += f"\n\n{spark_span(c.spark_months)}"
    if not c.available:
        st.metric(c.label, "non disponible", help=(c.reason or "") + "\n\n" + help_txt, border=True)
        return
    color = {"hausse": "normal", "baisse": "inverse"}.get(c.better, "off")
    delta = c.delta_text.replace("\u2212", "-") if c.delta_text else None
    arrow = "auto"
    if c.unchanged:  # the change rounds to zero
        color, arrow = "off", "off"
    desc = f"vs {c.comparison_text}" if c.comparison_text is not None else None
    # the trend line is the project's own (Streamlit's card chart hovers « x: 0; y: 0.1739… »):
    # its hover says the month and the value as the card writes it
    spark = (_sparkline(tuple(c.spark_months), tuple(c.spark), c.fmt)
             if len(c.spark_months) == len(c.spark) else None)
    with st.container(border=True):
        st.metric(c.label, c.text, delta=delta, delta_color=color, help=help_txt, border=False,
                  delta_description=desc, delta_arrow=arrow)
        if spark is not None and printable.active():
            printable.image(spark, width=160)
        elif spark is not None:
            st.plotly_chart(spark, config={"displayModeBar": False, "locale": "fr"},
                            key=f"spark-{c.id}-{next(_SPARK_KEYS)}")
    if c.target_text:
        st.caption(upper_first(c.target_text))
    if c.note:
        st.caption(c.note)
    cap = spark_caption(c)  # a trend line drawn from part of its points says why
    if cap:
        st.caption(cap)


@functools.lru_cache(maxsize=1024)
def _sparkline(months: tuple, values: tuple, fmt_id: str):
    """A card's trend line (:func:`charts.figures.sparkline`), built once per process for the
    same points (about 10 ms of plotly validation per card and per run otherwise). The figure is
    shared by every run and session and only ever read (Streamlit serialises it): never modify
    it. About 20 kB each: 1 024 of them (the cards of a few dozen views of every page) hold
    ~20 MB; 4 096 held ~80 MB that a soak of many sessions saw as memory still rising."""
    from charts.figures import sparkline

    return sparkline(months, values, fmt_id)


def key_cards(view, ids: Sequence[str], per_row: int = 4) -> None:
    """The page's key cards of ``ids`` (computed through the cache for the page's filters), with
    the comparison's label."""
    from ui import cache

    cards(cache.cards(view.key, tuple(ids)), view.comparaison.label, per_row)


def cards(cs: Sequence[Card], comparison: str | None = None, per_row: int = 4) -> None:
    for i in range(0, len(cs), per_row):
        cols = st.columns(per_row)
        for col, c in zip(cols, cs[i:i + per_row], strict=False):
            with col:
                card(c, comparison)


def unavailable(reason: str | None, what: str | None = None) -> None:
    txt = reason or "Non disponible."
    st.info(f"{what + ' : ' if what else ''}{txt}", icon=":material/info:")


def mdcs_comparison(view, ids: Sequence[str], what: str, key: str) -> None:
    """The « Par territoire » block: the indicators ``ids`` for each unit of the configured first
    level (MDCS, bassins d'emploi), computed and shown only when the view is the département
    (table « <what> par <level> »), else a hint naming the level."""
    from ui import cache

    st.subheader("Par territoire")
    ref = cache.ctx_of(view.key).ref
    first = ref.premier_niveau
    if view.territoire.is_departement:
        table_block(cache.territory_comparison(view.key, tuple(ids), first),
                    f"{what} par {ref.nom_niveau(first)}", key=key)
    else:
        printable.hint("Choisissez le département dans les filtres pour comparer les "
                       f"{ref.niveau(first).libelle_pluriel}.")


def dataframe(display, **kw) -> None:
    """``st.dataframe`` of a display frame, each column wide enough for its header and every
    cell (:func:`ui.grid.column_widths`: the grid's own sizing cut « secret statistique »)."""
    from ui.grid import column_widths

    cfg = {c: st.column_config.Column(width=w) for c, w in column_widths(display).items()}
    # an Arrow table is sent as it is; a polars frame would go through pandas first (10 times
    # the CPU, at every rerun of every session: bench/RESULTS.md « Many users »). The frame is
    # this run's own copy (ui.cache), never one shared across sessions.
    data = display.to_arrow() if isinstance(display, pl.DataFrame) else display
    st.dataframe(data, hide_index=True, width="stretch", column_config=cfg, **kw)


def table_block(table: Table, name: str, key: str | None = None) -> None:
    if printable.active():  # on paper every column and row, headers wrapped (no scroll bar)
        printable.table(table.display)
        if table.note:
            st.caption(table.note)
        return
    # a short table is shown whole (no scroll bar inside the page); a long one scrolls
    dataframe(table.display, height="content" if table.display.height <= 20 else "auto")
    if table.note:
        st.caption(table.note)
    header = export_header(name)  # taken now: the download runs outside the page's run
    st.download_button("Télécharger le tableau (CSV)",
                       data=audited(lambda: _csv_bytes(table, name, header), "tableau", "csv",
                                    f"{slug(name)}.csv", what=name),
                       file_name=f"{slug(name)}.csv",
                       mime="text/csv", key=f"dl_{key or slug(name)}", on_click="ignore",
                       icon=":material/download:")
    xlsx_button(table, name, key or slug(name))  # reports helper: XLSX export


def chart_block(fig: go.Figure, table: Table | None, name: str, note: str | None = None,
                key: str | None = None, territoire: str | None = None,
                undefined: str | None = None) -> None:
    """The chart, and its data table (French formatting, CSV download) in the next tab.
    ``territoire``: what the chart covers when it is not the filters' territory (a map or a
    comparison of every unit of the département), as its title names it — the exported image
    says that one. ``undefined``: the « – » note of its data, written into the exported image
    (the figure's own source line carries only its secret statistique note)."""
    k = key or slug(name)
    if printable.active():  # the image as downloaded (title, territory, period, source burnt in)
        printable.image(fig, _export_meta(name, territoire, undefined))
        if note:
            st.caption(note)
        return
    if table is None:
        st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=f"fig_{k}", theme=None)
        image_buttons(fig, name, k, territoire, undefined)  # PNG / SVG / PDF export
        return
    t1, t2 = st.tabs(["Graphique", "Tableau des données"])
    with t1:
        st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=f"fig_{k}", theme=None)
        if note:
            st.caption(note)
        image_buttons(fig, name, k, territoire, undefined)  # PNG / SVG / PDF export
    with t2:
        table_block(table, name, k)


def breakdown_block(b: Breakdown, build: Callable[[Breakdown], go.Figure], name: str,
                    note: str | None = None, territoire: str | None = None) -> None:
    """A breakdown drawn by ``build``, or why it cannot be."""
    if not b.ok:
        unavailable(b.reason, name)
        return
    if b.nothing_to_read:
        st.info(b.empty_text(name), icon=":material/info:")
        return
    chart_block(build(b), b.table, name, note or (b.table.note if b.table else None),
                territoire=territoire, undefined=b.undefined_note)


def monthly(view, b: Breakdown, what: str, name: str, **chart) -> None:
    """A monthly breakdown (:func:`ui.cache.series`, :func:`ui.cache.series_many`) drawn as a time
    series in its indicator's format (the registry's), titled « what — territory — months shown »
    with the page's source line; ``chart``: the other options of :func:`charts.figures.time_series`."""
    breakdown_block(b, lambda b: figure(
        F.time_series, b.data, **{"fmt": b.indicator.format, **chart},
        title=view.title(what, b.window), source=view.source_line), name)


def bars(view, b: Breakdown, what: str, name: str, when: str | None = None, note: str | None = None,
         **chart) -> None:
    """A breakdown drawn as bars over its first dimension's French labels, in its indicator's
    format (the registry's), titled « what — territory — when » (``when``: the period by default)
    with the page's source line; ``chart``: the other options of :func:`charts.figures.bars`."""
    breakdown_block(b, lambda b: figure(
        F.bars, b.data, **{"category": f"{b.by[0]}_libelle", "fmt": b.indicator.format, **chart},
        title=view.title(what, when), source=view.source_line), name, note)


def map_panel(key, ind_id: str = "foyers_beneficiaires", name: str = "Carte") -> None:
    """The thumbnail map of ``ind_id`` (the territory outlined among the units of its level, the
    MDCS for the département), its data table in the next tab, its source, and a link to the Carte
    page. A map that cannot be drawn says why and never takes the page down."""
    from ui import cache

    try:
        fig, table, source = cache.thumbnail(key, ind_id)
    except Exception as exc:  # MapUnavailable (table absent) or a geometry problem
        unavailable(str(exc), "Carte")
    else:
        if printable.active():
            printable.image(fig)
            st.caption(md(source))
            return
        t1, t2 = st.tabs(["Carte", "Tableau des données"])
        with t1:
            st.plotly_chart(fig, width="stretch", key=f"vignette_{slug(name)}", theme=None,
                            config={**PLOTLY_CONFIG, "displayModeBar": False})
            st.caption(md(source))
        with t2:
            table_block(table, name, key=f"vignette_{slug(name)}")
    st.page_link("pages/carte.py", label="Voir la carte détaillée", icon=":material/map:")


# ---- exports (added by the reports helper) -------------------------------------------------------
# PNG (2× scale) / SVG / PDF of a chart, with the title, territory, period, source and data date
# burnt into the image, and an XLSX of a table (formatted headers, French number formats,
# « Définitions » sheet). Files are built only when a button is clicked (callable ``data``), with
# one Chromium kept open for the whole session; each download is written to the audit log.
def _export_meta(name: str, territoire: str | None = None, note: str | None = None):
    from reports.images import ExportMeta
    from ui import filters

    v = filters.current()
    if v is None:
        return ExportMeta(name, "", territoire or "", "Source : Déclik insertion", note=note)
    return ExportMeta(name, v.periode.label, territoire or v.territoire_label,
                      source_label(v.source), v.date_extraction, note)


def audited(build: Callable[[], bytes], kind: str, fmt: str, file_name: str,
            what: str = "") -> Callable[[], bytes]:
    """A download's ``data`` callable that builds the file on click and writes one audit line.
    Who, role, territory and period are taken NOW, while the page runs with the signed-in user:
    Streamlit calls ``data`` later, outside the page's run, where no session value is read."""
    from reports import audit
    from ui import access, cache, filters

    v = filters.current()
    user = access.current_user()
    settings = cache.current_settings()
    who = audit.Qui(user.ident, user.role, user.mode) if user else audit.Qui("inconnu", "", "")
    terr = v.territoire.key if v else ""
    per = v.periode.code if v else ""

    def run() -> bytes:
        data = build()
        try:
            audit.log_export(settings, pack=kind, format=fmt, territoire=terr, periode=per,
                             sortie=file_name, qui=who, quoi=what or kind)
        except OSError:  # a read-only log directory must not break the download
            pass
        from ui import media

        media.expire_soon()
        return data

    return run


def _image_bytes(fig: go.Figure, name: str, fmt: str, m=None) -> bytes:
    from reports import images

    images.keep_browser()
    m = m or _export_meta(name)  # the image says what the screen says (title, where, when, source)
    meta = images.meta_from_screen(fig, name, m.territoire, m.periode, m.pied, m.note)
    return images.export(fig, meta, fmt)


def image_buttons(fig: go.Figure, name: str, key: str, territoire: str | None = None,
                  undefined: str | None = None) -> None:
    """Three download buttons (PNG, SVG, PDF); the image is made on click (``undefined``: see
    :func:`chart_block`)."""
    from reports.images import MIME, file_name

    m = _export_meta(name, territoire, undefined)
    # in a popover: three buttons side by side do not fit under a half-width chart
    with st.popover("Télécharger l'image", icon=":material/image:"):
        for fmt in ("png", "svg", "pdf"):
            st.download_button(fmt.upper(), data=audited(
                                   lambda f=fmt: _image_bytes(fig, name, f, m), "graphique", fmt,
                                   file_name(name, fmt), what=name),
                               file_name=file_name(name, fmt), mime=MIME[fmt], key=f"dl{fmt}_{key}",
                               on_click="ignore", icon=":material/image:",
                               help=f"Image {fmt.upper()} avec titre, territoire, période et source")


def _csv_bytes(table: Table, name: str, header: list[str] | None = None) -> bytes:
    return table_csv(table, header if header is not None else export_header(name))


def _xlsx_bytes(table: Table, name: str, header: list[str] | None = None) -> bytes:
    from reports.tables import to_xlsx

    header = header if header is not None else export_header(name)
    return to_xlsx(table.titled(name), entete=header[1:])


def xlsx_button(table: Table, name: str, key: str) -> None:
    header = export_header(name)
    st.download_button("Télécharger le tableau (XLSX)",
                       data=audited(lambda: _xlsx_bytes(table, name, header), "tableau", "xlsx",
                                    f"{slug(name)}.xlsx", what=name),
                       file_name=f"{slug(name)}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"dlxlsx_{key}", on_click="ignore", icon=":material/table_view:")
# ---- end of the reports helper's exports ---------------------------------------------------------
