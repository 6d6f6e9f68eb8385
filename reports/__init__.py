"""Exports: chart images, tables for Excel, report packs (PPTX, DOCX, PDF), audit log.

Nothing here imports streamlit; the Rapports page and the dashboard's download buttons call it."""
