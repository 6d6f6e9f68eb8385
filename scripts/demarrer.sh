#!/usr/bin/env bash
# Installe tout puis ouvre le tableau de bord sur l'extraction de démonstration (créée si absente).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/installer.sh
.venv/bin/python -m data.demo --si-absente
# two glibc malloc arenas instead of 8 per core: the memory freed by one thread is reused by
# the others instead of staying resident in its arena (README « Servir plus d'utilisateurs »)
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec .venv/bin/streamlit run app.py "$@"
