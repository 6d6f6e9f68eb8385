"""The demonstration extraction of Loir-et-Cher (or of the Loiret, :mod:`data.demo.calibration_45`):
seeded, deterministic, synthetic.

``generate(path)`` writes a SQLite extraction (every contract table) from 2015-01-01 to a
``date_extraction`` of 2026-11-01 that reproduces the département's published figures
(:mod:`data.demo.calibration`). ``echelle`` N > 1 copies the département N times with distinct ids
(benchmarks). Same seed, same echelle → the same table contents.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from data.demo import calibration as cal
from data.demo.actions import build_actions
from data.demo.droits import build_periods, foyer_of
from data.demo.ecriture import write_sqlite
from data.demo.fajd import build_fajd
from data.demo.lieux import lieu_table
from data.demo.outils import rng_for
from data.demo.paiement import build_paiements
from data.demo.parcours import (
    cers,
    concat_orientations,
    first_orientations,
    freins,
    job41,
    person_periods,
    rendez_vous,
    reorientations,
    saisines,
)
from data.demo.population import anchor_stock, build_population
from data.demo.tables import build_tables
from data.demo.territoire import load_territoire
from data.referentiel import Referentiel, load_referentiel, referentiel_of

DEFAULT_SEED = cal.DEFAULT_SEED

__all__ = ["generate", "build_demo", "DEFAULT_SEED"]


def build_demo(seed: int = DEFAULT_SEED, paiements_depuis: date | None = None,
               ref: Referentiel | None = None) -> dict[str, pl.DataFrame]:
    """Every table of one département (Loir-et-Cher's référentiel by default; the calibration
    active in :mod:`data.demo.calibration`), as polars DataFrames (contract columns and types)."""
    ref = ref or load_referentiel()
    terr = load_territoire(ref)
    anchor = anchor_stock(rng_for(seed, 1), terr)
    per, motif, band = build_periods(rng_for(seed, 2), anchor.size)
    pop = build_population(rng_for(seed, 3), terr, anchor, per, band, foyer_of(per.prev))
    pp = person_periods(pop, per)
    first = first_orientations(rng_for(seed, 4), pop, pp)
    ep, src = saisines(rng_for(seed, 5), pp, first)
    ori = concat_orientations(first, reorientations(rng_for(seed, 6), pp, first, ep, src))
    towns = main_towns(ref)
    return build_tables(
        terr, pop, per, motif, ori,
        cers(rng_for(seed, 7), pp, ori), rendez_vous(rng_for(seed, 8), pp, ori), ep,
        build_actions(rng_for(seed, 9), pop, terr, pp, ori, towns, ref.premier_niveau),
        freins(rng_for(seed, 10), pop, terr, pp, ori),
        job41(rng_for(seed, 11), pp, ori), build_fajd(rng_for(seed, 12), terr),
        build_paiements(rng_for(seed, 13), pop, per, paiements_depuis or cal.DATE_DEBUT),
        lieu_table(ref, seed))


def main_towns(ref: Referentiel) -> dict[str, str] | None:
    """First-level unit → its most populous commune (None: Loir-et-Cher's MDCS towns)."""
    if ref.departement == "41":
        return None
    col = ref.niveau(ref.premier_niveau).colonne_code
    c = ref.communes.sort("population", descending=True)
    return {u: c.filter(pl.col(col) == u)["code_insee"][0]
            for u in ref.units(ref.premier_niveau)["code"].to_list()}


def generate(path: str | Path, echelle: int = 1, seed: int = DEFAULT_SEED,
             paiements_depuis: date | None = None, historique_depuis: date | None = None,
             settings=None) -> Path:
    """Write the demonstration extraction to the SQLite file ``path`` and return it.

    ``settings`` (a :class:`settings.Settings`) chooses the département: its référentiel and its
    calibration (Loir-et-Cher by default, the Loiret with ``config.45.toml``).

    ``echelle`` N ≥ 1 writes the département N times (ids prefixed ``R001-`` … when N > 1).
    ``paiements_depuis``: first month of the ``paiement`` table (default 2015-01-01).
    ``historique_depuis``: keep only the rendez-vous and payments dated on or after that day (the
    two high-volume event tables), to keep national-scale benchmark files loadable."""
    if echelle < 1:
        raise ValueError("echelle doit être un entier ≥ 1")
    ref = referentiel_of(settings) if settings is not None else load_referentiel()
    cal.activate(ref.departement, ref)
    try:
        tables = build_demo(seed, paiements_depuis, ref)
    finally:
        cal.activate("41")
    if historique_depuis is not None:
        tables["rendez_vous"] = tables["rendez_vous"].filter(pl.col("date_rdv") >= historique_depuis)
        tables["paiement"] = tables["paiement"].filter(pl.col("mois") >= historique_depuis)
    write_sqlite(path, tables, echelle)
    return Path(path)
