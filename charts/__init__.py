"""Plotly figure builders shared by the dashboard and the exports. No streamlit, no indicator
logic: figures take already-computed (and already masked) DataFrames."""
