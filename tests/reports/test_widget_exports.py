"""The dashboard's download hooks (ui/widgets.py, exports part): XLSX keeps « < 5 » for masked
cells and has the definitions sheet; the chart image carries the burnt-in source."""
import io

import openpyxl
import plotly.graph_objects as go
import polars as pl
from PIL import Image

from indicators.views import Table


def test_xlsx_from_dashboard_table(monkeypatch, rep_config):
    monkeypatch.setenv("DECLIK_CONFIG", rep_config)
    from ui import widgets

    t = Table(pl.DataFrame({"MDCS": ["Vendôme", "Le Perche"], "Foyers": ["1 234", "< 5"]}),
              pl.DataFrame({"MDCS": ["Vendôme", "Le Perche"], "Foyers": [1234, None]}),
              "Secret statistique")
    wb = openpyxl.load_workbook(io.BytesIO(widgets._xlsx_bytes(t, "Foyers par MDCS")))
    ws = wb.worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert 1234 in values and "< 5" in values and "1 234" not in values
    assert "Définitions" in wb.sheetnames


def test_image_from_dashboard_chart(monkeypatch, rep_config, browser):
    monkeypatch.setenv("DECLIK_CONFIG", rep_config)
    from ui import widgets

    fig = go.Figure(go.Bar(x=["a", "b"], y=[7, 9]))
    fig.add_annotation(text="Source : SOLIS, données au 01/11/2026 — note", x=0, y=0,
                       xref="paper", yref="paper")
    png = widgets._image_bytes(fig, "Entrées par mois", "png")
    assert Image.open(io.BytesIO(png)).size == (2000, 1120)
    svg = widgets._image_bytes(fig, "Entrées par mois", "svg").decode()
    assert "Entrées par mois" in svg and svg.count("Source") == 1 and "note" in svg
