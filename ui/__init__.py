"""Streamlit user interface: page frame, sidebar filters, caches and widgets. With ``pages/`` and
``app.py``, the only place that imports streamlit."""
