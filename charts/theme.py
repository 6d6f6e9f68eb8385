"""One look for every figure: a colour-blind-safe palette (Okabe-Ito), French number separators,
French month names on date axes, a title saying what / where / when and a source line."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from indicators.formatting import MOIS, MOIS_COURTS, fr_date

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Blue first: the dashboard's primary colour.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                            "#F0E442", "#000000")
GREY = "#8C8C8C"
TARGET = "#D55E00"  # legal targets (vermilion)
REFERENCE = "#555555"  # national references (DREES)
FONT = "Source Sans Pro, Arial, sans-serif"
SEPARATORS = ", "  # decimal comma, space between thousands
TEMPLATE_NAME = "declik"


def _template() -> go.layout.Template:
    t = go.layout.Template()
    t.layout = go.Layout(
        colorway=list(PALETTE),
        font=dict(family=FONT, size=13, color="#262730"),
        title=dict(font=dict(size=15), x=0, xanchor="left", xref="container", y=1,
                   yref="container", yanchor="top", pad=dict(t=16, l=4)),
        separators=SEPARATORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=10, r=20, t=70, b=80),
        # no « 10k » / « 1.5M »: full numbers, thousands separated even with four digits
        xaxis=dict(showgrid=False, linecolor="#BBBBBB", ticks="outside", tickcolor="#BBBBBB",
                   automargin=True, title=dict(standoff=8), exponentformat="none",
                   separatethousands=True, hoverformat=",.4~f"),
        yaxis=dict(gridcolor="#E6E6E6", zeroline=False, automargin=True, rangemode="tozero",
                   title=dict(standoff=8), exponentformat="none", separatethousands=True,
                   hoverformat=",.4~f"),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title=None),
        hoverlabel=dict(font=dict(family=FONT)),
    )
    return t


pio.templates[TEMPLATE_NAME] = _template()

_JOURS = ("dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
# Plotly's French locale, given to each chart (config ``locales``) instead of loading plotly's
# remote locale file: French month and day names on any date axis or hover, decimal comma,
# thousands space, and the toolbar's tooltips in French.
PLOTLY_LOCALE_FR: dict = {
    "dictionary": {
        "Autoscale": "Échelle automatique",
        "Box Select": "Sélection rectangulaire",
        "Click to enter Colorscale title": "Cliquez pour saisir le titre de l'échelle",
        "Click to enter Component A title": "Cliquez pour saisir le titre du composant A",
        "Click to enter Plot title": "Cliquez pour saisir le titre du graphique",
        "Click to enter X axis title": "Cliquez pour saisir le titre de l'axe des abscisses",
        "Click to enter Y axis title": "Cliquez pour saisir le titre de l'axe des ordonnées",
        "Compare data on hover": "Comparer les données au survol",
        "Double-click on legend to isolate one trace": "Double-cliquez sur la légende pour isoler une série",
        "Double-click to zoom back out": "Double-cliquez pour revenir à la vue initiale",
        "Download plot": "Télécharger le graphique",
        "Download plot as a png": "Télécharger le graphique (PNG)",
        "Download plot as a PNG": "Télécharger le graphique (PNG)",
        "Edit in Chart Studio": "Modifier dans Chart Studio",
        "IE only supports svg.  Changing format to svg.": "Format SVG utilisé.",
        "Lasso Select": "Sélection au lasso",
        "Orbital rotation": "Rotation orbitale",
        "Pan": "Déplacer",
        "Produced with Plotly.js": "Réalisé avec Plotly.js",
        "Reset": "Réinitialiser",
        "Reset axes": "Réinitialiser les axes",
        "Reset camera to default": "Caméra par défaut",
        "Reset camera to last save": "Dernière caméra enregistrée",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Show closest data on hover": "Donnée la plus proche au survol",
        "Snapshot succeeded": "Image enregistrée",
        "Sorry, there was a problem downloading your snapshot!":
            "Désolé, l'image n'a pas pu être téléchargée.",
        "Taking snapshot - this may take a few seconds": "Création de l'image…",
        "Toggle Spike Lines": "Lignes de repère",
        "Toggle show closest data on hover": "Donnée la plus proche au survol",
        "Turntable rotation": "Rotation",
        "Zoom": "Zoom",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "close:": "fermeture :", "high:": "haut :", "low:": "bas :", "open:": "ouverture :",
        "incoming flow count:": "flux entrants :", "outgoing flow count:": "flux sortants :",
        "kde:": "densité :", "lat:": "lat. :", "lon:": "long. :", "max:": "max. :",
        "mean ± σ:": "moyenne ± σ :", "mean:": "moyenne :", "median:": "médiane :",
        "min:": "min. :", "q1:": "q1 :", "q3:": "q3 :", "source:": "source :",
        "target:": "cible :", "trace": "série",
        "lower fence:": "borne basse :", "upper fence:": "borne haute :",
    },
    "format": {
        "days": list(_JOURS),
        "shortDays": [j[:3] + "." for j in _JOURS],
        "months": list(MOIS),
        "shortMonths": list(MOIS_COURTS),
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": "\u202f",
    },
}
# The configuration of every dashboard chart (``st.plotly_chart(config=…)``).
PLOTLY_CONFIG: dict = {"displaylogo": False, "locale": "fr", "locales": {"fr": PLOTLY_LOCALE_FR},
                       "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"]}


def french_month_axis(fig: go.Figure, months: Sequence[date], axis: str = "xaxis",
                      max_ticks: int = 7) -> None:
    """Tick labels of a monthly date axis in French (plotly's own month names are English)."""
    months = sorted(set(months))
    if not months:
        return
    step = max(1, -(-len(months) // max_ticks))
    ticks = months[::step]
    # « janv.<br>2026 », « mars », « mai »…: the year only where it starts or changes, so that
    # the labels of a half-width chart do not run into each other
    text, year = [], None
    for m in ticks:
        text.append(MOIS_COURTS[m.month - 1] + (f"<br>{m.year}" if m.year != year else ""))
        year = m.year
    fig.update_layout({axis: dict(tickmode="array", tickvals=ticks, ticktext=text)})


def plotly_text(s: str) -> str:
    """Text from an extraction made inert for plotly's pseudo-HTML (links, images, bold)."""
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def source_label(source: str) -> str:
    """``Source : SOLIS 2026-11`` (the extraction's declared source)."""
    return f"Source : {source or 'extraction'}"


def source_text(source: str, date_extraction: date | None) -> str:
    """``Source : SOLIS 2026-11, données au 01/11/2026``."""
    return f"{source_label(source)}, données au {fr_date(date_extraction)}"


def title_text(title: str, wrap: int = 56) -> str:
    """A title that fits a half-width chart (plotly does not wrap titles): a short title stays on
    one line; a long one puts its last « — » part (the period) on its own line, in grey, and
    breaks the rest on word boundaries."""
    if len(title) <= wrap or " — " not in title:
        return _wrap(title, wrap)
    head, when = title.rsplit(" — ", 1)
    return (f"{_wrap(head, wrap)}<br><span style='font-size:12.5px;color:#555555'>"
            f"{_wrap(when, wrap + 8)}</span>")


def finish(fig: go.Figure, title: str, source: str, note: str | None = None,
           height: int = 420, wrap: int = 56) -> go.Figure:
    """Apply the template, the title (wrapped to fit a half-width chart) and the source line
    (bottom right, wrapped too: anchored on the right, it stays whole whatever room the category
    labels take on the left)."""
    text = _wrap(plotly_text(source) + (f" — {plotly_text(note)}" if note else ""), 72)
    lines = text.count("<br>") + 1
    legend = any(getattr(t, "showlegend", None) for t in fig.data)
    head = title_text(title, wrap)
    b = 70 + 14 * lines
    # room for every title line and its accents (the first line is never cut at the top)
    fig.update_layout(margin=dict(t=40 + 21 * (head.count("<br>") + 1) + (28 if legend else 0),
                                  b=b))
    fig.update_layout(template=TEMPLATE_NAME, title=dict(text=head), height=height,
                      separators=SEPARATORS)  # on the figure too: survives another template
    fig.add_annotation(text=text, xref="paper", yref="paper", x=1, y=0, yshift=-(b - 8),
                       xanchor="right", yanchor="bottom", showarrow=False, align="right",
                       font=dict(size=11, color="#666666"))
    return fig


def wrap_label(text: str, width: int = 16) -> str:
    """A category label on several lines (``<br>``) so that axis labels need no rotation."""
    return _wrap(text, width)


def _wrap(text: str, width: int) -> str:
    """Break a long title on a word boundary (plotly does not wrap titles)."""
    if len(text) <= width:
        return text
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "<br>".join(lines)
