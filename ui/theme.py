"""What every page's document carries: ``lang="fr"`` on ``<html>`` (Streamlit's page template says
``en``; screen readers and the browser's translation offer read it), the print stylesheet (a
page printed from the browser shows the page's content on the full width: no sidebar, no menu, no
buttons, charts and cards not cut across two sheets) and the French names of Streamlit's own
controls (the help icon's « Help for … », a selector's « Choose an option », « Open »…: texts of
Streamlit's front end that no option sets, rewritten in the page as they appear)."""
from __future__ import annotations

import json

import streamlit as st

PRINT_CSS = """
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stBaseButton-primary"], [data-testid="stElementToolbar"],
  [data-testid="stSidebarNav"], [data-testid="stPopover"], [data-testid="stLinkButton"],
  [data-testid="stPageLink"], .modebar-container { display: none !important; }
  [data-testid="stHorizontalBlock"] { flex-wrap: nowrap !important; }
  [data-testid="stColumn"] { min-width: 0 !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { margin: 0 !important;
    padding: 0 !important; width: 100% !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5cm 1cm !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stTable"],
  [data-testid="stDataFrame"], iframe { break-inside: avoid; page-break-inside: avoid; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# The « version imprimable » (``?impression=1``, :mod:`ui.printable`), on screen and on paper:
# only the page's content — no sidebar, menu, button, selector or toggle (the figures carry their
# title, territory and period), cards side by side.
PRINTABLE_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"],
[data-testid="stDownloadButton"], [data-testid="stPopover"], [data-testid="stButton"],
[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stRadio"],
[data-testid="stCheckbox"], [data-testid="stSegmentedControl"], [data-testid="stButtonGroup"],
[data-testid="stTextInput"], [data-testid="stDateInput"], [data-testid="stNumberInput"],
[data-testid="stElementContainer"]:has([data-testid="stTextInput"]),
[data-testid="stPageLink"], [data-testid="stElementToolbar"],
[data-testid="stElementContainer"]:has([data-testid="stCheckbox"]),
[data-testid="stElementContainer"]:has([data-testid="stButtonGroup"]),
[data-testid="stElementContainer"]:has([data-testid="stSelectbox"]) { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding-top: 1rem !important; }
"""

# Screen rules. A card's label and value wrap on two lines rather than end in « … » (Streamlit
# truncates them: « secret stati… », « CER valide (hors France Tr… »). A table's toolbar
# (English « Download as CSV », « Search », « Fullscreen »; no public option to set them) is hidden:
# every table has the project's own « Télécharger le tableau (CSV) » button, with its header.
SCREEN_CSS = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word; }
[data-testid="stMetricValue"] { line-height: 1.15; }
[data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) [data-testid="stElementToolbar"],
[data-testid="stDataFrame"] [data-testid="stElementToolbar"] { display: none !important; }
"""

# Streamlit's (and Leaflet's) English accessible names, tooltips and placeholders → French. Keys
# are the exact English texts; PREFIXES rewrite texts that end with a label (« Help for Foyers… »).
FRENCH_ATTRS = {
    "Help": "Aide", "Choose an option": "Choisir…", "Choose options": "Choisir…",
    "Choose or add an option": "Choisir ou saisir…", "No options to select": "Aucun choix",
    "Open": "Ouvrir", "Close": "Fermer", "Clear all": "Tout effacer", "Clear value": "Effacer",
    "Fullscreen": "Plein écran", "Close fullscreen": "Quitter le plein écran",
    "Search": "Rechercher", "Download as CSV": "Télécharger (CSV)",
    "Show/hide columns": "Afficher ou masquer des colonnes", "Toggle attribution": "Sources",
    "Zoom": "Zoom", "Copy to clipboard": "Copier",
}
PREFIXES = {"Help for ": "Aide : "}
ATTRS = ("aria-label", "title", "placeholder")

_FRENCH_JS = """
(function (doc) {
  if (!doc || doc.__declikFr) return;
  doc.__declikFr = true;
  const WORDS = @WORDS@, PREFIXES = @PREFIXES@, ATTRS = @ATTRS@;
  const fr = (v) => {
    if (Object.prototype.hasOwnProperty.call(WORDS, v)) return WORDS[v];
    for (const p in PREFIXES) if (v.startsWith(p)) return PREFIXES[p] + v.slice(p.length);
    return null;
  };
  const fix = (el) => {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      if (!v) continue;
      const f = fr(v);
      if (f !== null && f !== v) el.setAttribute(a, f);
    }
  };
  const sel = ATTRS.map((a) => '[' + a + ']').join(',');
  const sweep = (root) => {
    if (root.nodeType !== 1) return;
    fix(root);
    root.querySelectorAll(sel).forEach(fix);
  };
  sweep(doc.documentElement);
  new MutationObserver((ms) => {
    for (const m of ms) {
      if (m.type === 'attributes') fix(m.target);
      else m.addedNodes.forEach(sweep);
    }
  }).observe(doc.documentElement, {subtree: true, childList: true, attributes: true,
                                   attributeFilter: ATTRS});
})
""".replace("@WORDS@", json.dumps(FRENCH_ATTRS, ensure_ascii=False)).replace(
    "@PREFIXES@", json.dumps(PREFIXES, ensure_ascii=False)).replace("@ATTRS@", json.dumps(ATTRS))

HEAD = (f"<style>{SCREEN_CSS}{PRINT_CSS}</style>"
        "<script>document.documentElement.lang = 'fr';"
        "try { window.parent.document.documentElement.lang = 'fr'; } catch (e) {}"
        f"{_FRENCH_JS}(document);"
        f"try {{ {_FRENCH_JS}(window.parent.document); }} catch (e) {{}}</script>")


def page_head() -> None:
    """Set ``lang="fr"`` and the print stylesheet (run once per page by the router), and the
    printable version's rules when the page is asked with ``?impression=1``."""
    from ui import printable

    st.html(HEAD, unsafe_allow_javascript=True)
    if printable.active():
        st.html(f"<style>{PRINTABLE_CSS}</style>")
