"""Who may see what: access modes (demo, OIDC sign-in, trusted header, open), the habilitations
file (identity → role and territories) and the territory scope every output consults.

No streamlit here: :mod:`ui.access` reads the signed-in identity and calls this package."""
