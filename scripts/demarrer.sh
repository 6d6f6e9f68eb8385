#!/usr/bin/env bash
# Installe tout puis ouvre le tableau de bord sur l'extraction de démonstration (créée si absente).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/installer.sh
.venv/bin/python -m data.demo --si-absente
exec .venv/bin/streamlit run app.py "$@"
