"""What goes in a report pack, as plain data (no file format here).

:func:`build_pack` computes, for one period and one territory, the key cards (value, previous
period, change, target or national reference), the automatic sentences, and the sections: for the
**comité de suivi** the key indicators over time and per territory; for the **évaluation du PDI**,
per PDI orientation 1-4, the indicators whose registry ``fiche_action`` names that orientation.

Every value leaves this package through :func:`indicators.secret.mask` when the figure is below the
département level (a sub-département territory, or a breakdown by MDCS / canton / EPCI / commune):
a masked count is written « < seuil », a masked rate « secret statistique », and the raw value is
dropped. Only aggregates are produced, never a person-level row.

Cards, tables and labels are the dashboard's own (:class:`indicators.views.Card`,
:class:`indicators.views.Table`, :mod:`indicators.labels`): a pack writes what the pages show.
The modules, each named for what it holds: :mod:`.model` (the pack's dataclasses),
:mod:`.selection` (which indicators and levels), :mod:`.benchmarks` (targets and
national references), :mod:`.cells` (how one value is written), :mod:`.compute` (every figure in
one pass), :mod:`.summary` (key cards and sentences), :mod:`.indicator_blocks`,
:mod:`.territory_blocks`, :mod:`.annex` (methodology) and :mod:`.assemble` (:func:`build_pack`).
Their public names are re-exported here.
"""
from __future__ import annotations

from reports.content.annex import methodology
from reports.content.assemble import build_pack, pack_file_name
from reports.content.benchmarks import cible_text, reference_of, targets
from reports.content.model import PACK_TITLES, Chart, Item, Pack, PackKind, PackMeta, Section
from reports.content.selection import KEY_IDS, orientations_of

__all__ = [
    "KEY_IDS", "PACK_TITLES",
    "Chart", "Item", "Pack", "PackKind", "PackMeta", "Section", "build_pack", "cible_text",
    "methodology", "orientations_of", "pack_file_name", "reference_of", "targets",
]
