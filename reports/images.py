"""Static images of plotly figures (PNG, SVG, PDF) with their context burnt in.

:func:`decorate` writes the title, the territory and period, the source line and the date of the
data *into the figure* (title + annotations) so that any exported file carries them, whatever the
browser. Export goes through kaleido and the system Chromium; a cold browser start costs ~3 s, so
:func:`session` keeps one browser open for many figures (kaleido's sync server) and
:func:`export_many` batches a whole pack.
"""
from __future__ import annotations

import copy
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Literal

import plotly.graph_objects as go

from indicators.formatting import fr_date

Fmt = Literal["png", "svg", "pdf"]
WIDTH, HEIGHT, SCALE = 1000, 560, 2  # layout pixels; PNG = 2000 × 1120 (print resolution)
FONT = "DejaVu Sans, Arial, sans-serif"
TABS = 2  # browser tabs rendering in parallel in a batch
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

_lock = threading.RLock()
_depth = 0


@dataclass(frozen=True)
class ExportMeta:
    """What an exported figure must say about itself."""
    titre: str
    periode: str  # « année 2025 »
    territoire: str  # « MDCS Vendôme »
    source: str  # « Source : … »
    date_donnees: date | None = None
    # a note the figure itself does not carry (the « – » note of its table,
    # :func:`indicators.coverage.undefined_note`), written after the figure's own note
    note: str | None = None

    @property
    def sous_titre(self) -> str:
        return f"{self.territoire} — {self.periode}"

    @property
    def pied(self) -> str:
        d = f" — données au {fr_date(self.date_donnees)}" if self.date_donnees else ""
        return f"{self.source}{d}"


def plain(text: str | None) -> str:
    """A plotly text as a reader sees it: line breaks as spaces, no tags."""
    import re

    t = re.sub(r"<br\s*/?>", " ", text or "")
    t = re.sub(r"<[^>]+>", "", t)
    return re.sub(r"\s+", " ", t).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def meta_from_screen(fig: go.Figure, name: str, territoire: str, periode: str,
                     source: str, note: str | None = None) -> ExportMeta:
    """What the figure says on screen, for its export: the title's « what — where — when » parts
    (``view.title``), and the source line as drawn under the chart (« Source : …, données au
    01/11/2026 », its note kept by :func:`decorate`). ``name``, ``territoire``, ``periode`` and
    ``source`` stand in for what the figure does not carry; ``note``: a note to add to the
    figure's own (:attr:`ExportMeta.note`)."""
    import re

    raw = (fig.layout.title.text if fig.layout.title else "") or ""
    # a long screen title puts its period on a second line, in a span (charts.theme.title_text)
    m = re.fullmatch(r"(.*)<br><span[^>]*>(.*)</span>", raw, flags=re.S)
    text, last = (plain(m[1]), plain(m[2])) if m else (plain(raw), None)
    parts = [x for x in text.split(" — ") if x] if text else []
    if last is not None:
        parts.append(last)
    if territoire and territoire in parts:
        k = parts.index(territoire)
        titre = " — ".join(parts[:k]) or name
        when = " — ".join(parts[k + 1:]) or periode
    else:
        titre, when = (" — ".join(parts) or name), periode
    shown = next((plain(a.text) for a in fig.layout.annotations or ()
                  if isinstance(a.text, str) and plain(a.text).startswith("Source")), "")
    return ExportMeta(titre, when, territoire, shown.split(" — ", 1)[0] or source, note=note)


def decorate(fig: go.Figure, meta: ExportMeta, title: bool = True) -> go.Figure:
    """A copy of ``fig`` with the title (optional), territory — period and the source / data date
    written into the layout. The original figure is left untouched."""
    f = go.Figure(copy.deepcopy(fig.to_dict()))
    # a source line the figure already carries (the dashboard's charts) is replaced by ours; its
    # note (after « — ») is kept
    note = ""
    kept = []
    for a in f.layout.annotations or ():
        if isinstance(a.text, str) and a.text.startswith("Source"):
            note = a.text.split(" — ", 1)[1] if " — " in a.text else note
        else:
            kept.append(a)
    f.layout.annotations = kept
    if meta.note and meta.note not in note:
        note = " ; ".join(p for p in (note, meta.note) if p)
    # the title and the sub-title are wrapped to the image's width (a long unit name or
    # indicator label is never cut at the right edge); the top margin grows with their lines
    width = f.layout.width or WIDTH
    sub = wrap_line(meta.sous_titre, int((width - 20) / SUBTITLE_CHAR_PX))
    head = wrap_line(meta.titre, int((width - 20) / TITLE_CHAR_PX)) if title else []
    sub_html = "<br>".join(f"<span style='font-size:13px;color:#444'>{_esc(x)}</span>" for x in sub)
    top = (96 if title else 56) + 24 * max(0, len(head) - 1) + 17 * max(0, len(sub) - 1)
    if title:
        f.update_layout(title=dict(
            text="<br>".join(f"<b>{_esc(x)}</b>" for x in head) + "<br>" + sub_html,
            x=0.01, xanchor="left", y=0.97, yanchor="top", font=dict(size=18)))
    else:
        f.update_layout(title=dict(text=sub_html, x=0.01, xanchor="left", y=0.98, yanchor="top"))
    margin = f.layout.margin
    angled = any(ax.tickangle not in (None, 0) for ax in (f.layout.xaxis,) if ax is not None)
    bottom = max(150 if angled else 96, (margin.b or 0) + 46)
    f.update_layout(
        margin=dict(t=max(top, margin.t or 0), b=bottom,
                    l=margin.l if margin.l is not None else 70,
                    r=margin.r if margin.r is not None else 30),
        font=dict(family=FONT), paper_bgcolor="white",
        plot_bgcolor=f.layout.plot_bgcolor or "white")
    # paper y=0 is the plot area's bottom: shift the source line down to the image's bottom edge
    # the line starts at the image's left edge (not the plot area's: 220 px in for the bar charts
    # by territory) and is wrapped to the image's width, never cut
    left = margin.l if margin.l is not None else 70
    plot_w = max(1, width - left - (margin.r if margin.r is not None else 30))
    pied = meta.pied + (f" — {plain(note)}" if note else "")
    lines = wrap_line(pied, int((width - 20) / SOURCE_CHAR_PX))
    if len(lines) > 1:
        bottom += 14 * (len(lines) - 1)
        f.update_layout(margin=dict(b=bottom))
    f.add_annotation(text="<br>".join(_esc(x) for x in lines), xref="paper", yref="paper",
                     x=-(left - 10) / plot_w, y=0, xanchor="left",
                     yanchor="bottom", yshift=-(bottom - 10), showarrow=False, align="left",
                     font=dict(size=11, color="#555555"))
    if angled:  # keep the margin fixed so that the source line cannot meet the tick labels
        f.update_xaxes(automargin=False)
    return f


TITLE_CHAR_PX = 11.5  # bound of the mean width of a character of the title (18 px bold)
SUBTITLE_CHAR_PX = 7.8  # of the sub-title (13 px)
SOURCE_CHAR_PX = 6.6  # mean width of a character of the source line (11 px DejaVu Sans), a bound


def wrap_line(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` characters, at spaces."""
    import textwrap

    return textwrap.wrap(text, width=max(20, width), break_long_words=False) or [""]


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def server_running() -> bool:
    import kaleido

    return kaleido._global_server.is_running()  # noqa: SLF001 (no public accessor)


@contextmanager
def session() -> Iterator[None]:
    """Keep one Chromium open for every export inside the block (re-entrant)."""
    global _depth
    import kaleido

    with _lock:
        started = False
        if _depth == 0 and not server_running():
            kaleido.start_sync_server(n=TABS, silence_warnings=True)
            started = True
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if started:
                kaleido.stop_sync_server(silence_warnings=True)


def keep_browser() -> None:
    """Start the shared browser and leave it running (long-lived processes: the dashboard)."""
    import kaleido

    with _lock:
        if not server_running():
            kaleido.start_sync_server(n=TABS, silence_warnings=True)


def to_bytes(fig: go.Figure, fmt: Fmt = "png", width: int | None = None,
             height: int | None = None, scale: float = SCALE) -> bytes:
    """Raw export of an (already decorated) figure. PNG is ``scale`` × the layout size (the
    figure's own width/height when set, else 1000 × 560)."""
    import plotly.io as pio

    width = width or fig.layout.width or WIDTH
    height = height or fig.layout.height or HEIGHT
    with _lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "kopts ignored when using a server"
        return pio.to_image(fig, format=fmt, width=width, height=height,
                            scale=scale if fmt == "png" else 1)


def export(fig: go.Figure, meta: ExportMeta, fmt: Fmt = "png", width: int | None = None,
           height: int | None = None, scale: float = SCALE) -> bytes:
    """One figure, decorated, as PNG / SVG / PDF bytes."""
    return to_bytes(decorate(fig, meta), fmt, width, height, scale)


def export_many(figs: Sequence[go.Figure], fmt: Fmt = "png", width: int | None = None,
                height: int | None = None, scale: float = SCALE) -> list[bytes]:
    """Many (already decorated) figures with one browser, rendered in parallel tabs
    (``plotly.io.write_images``: about twice as fast as one call per figure)."""
    import tempfile
    from pathlib import Path

    import plotly.io as pio

    figs = list(figs)
    if not figs:
        return []
    ws = [width or f.layout.width or WIDTH for f in figs]
    hs = [height or f.layout.height or HEIGHT for f in figs]
    with session(), _lock, warnings.catch_warnings(), tempfile.TemporaryDirectory() as d:
        warnings.simplefilter("ignore")
        paths = [Path(d) / f"{i}.{fmt}" for i in range(len(figs))]
        pio.write_images(figs, paths, format=fmt, scale=scale if fmt == "png" else 1,
                         width=ws, height=hs)
        return [p.read_bytes() for p in paths]


def file_name(titre: str, fmt: str) -> str:
    """A safe file name from a title, with the project's one slug
    (:func:`reports.tables.slug`): ``delai_median_d_orientation.png``."""
    from reports.tables import slug

    return f"{slug(titre) if titre else 'graphique'}.{fmt}"
