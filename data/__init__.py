"""Data layer: the extraction contract, SQL reading, validation, référentiel and demo data.

This is the only package that talks SQL. Nothing here imports streamlit.
"""
