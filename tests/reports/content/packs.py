"""What the content tests share: the period of their packs."""
from __future__ import annotations

from reports.periode import parse_periode

PERIODE = parse_periode("2025")
