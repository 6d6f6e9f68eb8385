"""What every page's document carries: ``lang="fr"`` on ``<html>`` (Streamlit's page template says
``en``; screen readers and the browser's translation offer read it) and the print stylesheet (a
page printed from the browser shows the page's content on the full width: no sidebar, no menu, no
buttons, charts and cards not cut across two sheets)."""
from __future__ import annotations

import streamlit as st

PRINT_CSS = """
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stBaseButton-primary"], [data-testid="stElementToolbar"],
  [data-testid="stSidebarNav"], .modebar-container { display: none !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { margin: 0 !important;
    padding: 0 !important; width: 100% !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5cm 1cm !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stTable"],
  [data-testid="stDataFrame"], iframe { break-inside: avoid; page-break-inside: avoid; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

HEAD = (f"<style>{PRINT_CSS}</style>"
        "<script>document.documentElement.lang = 'fr';"
        "try { window.parent.document.documentElement.lang = 'fr'; } catch (e) {}</script>")


def page_head() -> None:
    """Set ``lang="fr"`` and the print stylesheet (run once per page by the router)."""
    st.html(HEAD, unsafe_allow_javascript=True)
