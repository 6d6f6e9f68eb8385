"""What the content tests share: the period of their packs."""
from __future__ import annotations

from indicators.calendrier import parse as parse_periode

PERIODE = parse_periode("2025")
