"""Déclik insertion's indicator library: pure polars functions over the extraction, declared once
in :mod:`indicators.registry`. Nothing here imports streamlit."""
