#!/usr/bin/env bash
# Installe tout puis lance toute la suite de tests (PostgreSQL et MariaDB inclus quand ils répondent ;
# obligatoires quand CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/installer.sh
exec .venv/bin/python -m pytest "$@"
