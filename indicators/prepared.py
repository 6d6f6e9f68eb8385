"""What a snapshot stores beside the extraction's tables so that no process recomputes it: the
tables that every opening of a large extraction would otherwise derive from the same files
(national scale, ``bench/RESULTS.md``).

- ``cles_<id column>_<digest>``: the secret statistique's record key of every unit
  (:func:`indicators.secret.compute_key_table`) for the configured ``secret.cle`` (~13 million
  keyed hashes at ×200, 10 to 30 s of CPU in each process otherwise);
- ``foyers_territoire_<digest>``, ``personnes_territoire_<digest>``: the foyers and the persons
  with their territory (:attr:`indicators.context.Ctx.foyers`,
  :attr:`~indicators.context.Ctx.personnes_base`: person → foyer → commune → every level) and,
  perturbation on, the record key of each (``_rk_id_foyer``, ``_rk_id_personne``: the join of
  6 million keys that every process would do otherwise, 3 to 5 s of CPU at ×200).

:func:`derive` is given to :func:`data.snapshot.build` by :mod:`data.opening`; the snapshot
writes the tables atomically with its own and checks them as it checks its tables. Each name
carries a digest of everything its content depends on (the key, the référentiel, the code
computing it, :func:`indicators.secret.keys_name`, :func:`indicators.context.territory_names`):
the indicators read a derived table only under the name they would compute it for, so they
never read a stale one — without it (an extraction read from the source, a snapshot built for
other settings) they compute the same frame themselves, same values.
"""
from __future__ import annotations

from datetime import date

import polars as pl

from data.load import Extraction
from data.referentiel import Referentiel
from indicators import secret
from indicators.context import Ctx, territory_names
from settings import Settings


def names(settings: Settings, ref: Referentiel, tables) -> tuple[str, ...]:
    """The derived tables :func:`derive` writes for an extraction holding ``tables``."""
    out = []
    if settings.perturbation:
        out += [secret.keys_name(col, settings.cle_secret)
                for col, t in secret.UNIT_TABLES.items() if t in tables]
    if {"foyer", "personne"} <= set(tables):
        out += territory_names(ref, settings)
    return tuple(out)


def derive(settings: Settings, ref: Referentiel, ext: Extraction) -> dict[str, pl.LazyFrame]:
    """The derived tables of ``ext`` (a snapshot's files, scanned): lazy frames, by name."""
    out: dict[str, pl.LazyFrame] = {}
    if settings.perturbation:
        for col, table in secret.UNIT_TABLES.items():
            if ext.has(table):
                keys = secret.key_table(ext, col, settings.cle_secret)  # hashed once
                out[secret.keys_name(col, settings.cle_secret)] = keys.lazy()
    if ext.has("foyer", "personne"):
        ctx = Ctx(ext, ref, settings, date.min, date.min)
        f_name, p_name = territory_names(ref, settings)
        out[f_name] = ctx._with_unit_keys(ctx.foyers_computed, "id_foyer")
        out[p_name] = ctx._with_unit_keys(ctx.personnes_computed, "id_personne")
    return out
