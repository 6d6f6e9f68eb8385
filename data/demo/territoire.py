"""Where the demo's foyers live: the (MDCS × canton) cells of the published table, each spread
over its communes (or split-commune fractions) in proportion to population^1.1, so that towns are
slightly over-represented and the rates per 1 000 inhabitants stay plausible."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from data.demo import calibration as cal
from data.referentiel import Referentiel, load_referentiel

URBAN_EXPONENT = 1.1


@dataclass(frozen=True)
class Territoire:
    """Territorial units: one row per whole commune or split-commune fraction."""

    commune: np.ndarray  # INSEE code
    canton: np.ndarray  # 2015 canton of the unit
    split: np.ndarray  # bool: the commune lies in several cantons (canton_code needed)
    mdcs: np.ndarray
    population: np.ndarray  # population of the unit (estimate for fractions)
    commune_population: np.ndarray  # population of the whole commune
    cells: list[tuple[str, str, int]]  # (mdcs, canton, published persons)
    cell_units: list[np.ndarray]  # unit indices of each cell
    cell_weights: list[np.ndarray]  # sampling weights (sum 1) of those units

    def draw_units(self, rng: np.random.Generator, cell: np.ndarray) -> np.ndarray:
        """A unit for each row, given its cell index."""
        out = np.empty(cell.size, dtype=np.int64)
        for c in range(len(self.cells)):
            rows = np.flatnonzero(cell == c)
            if rows.size:
                out[rows] = rng.choice(self.cell_units[c], size=rows.size, p=self.cell_weights[c])
        return out

    def draw_cells(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Cells in proportion to the published head-count."""
        w = np.array([p for _, _, p in self.cells], dtype=float)
        return rng.choice(len(w), size=n, p=w / w.sum())


def load_territoire(ref: Referentiel | None = None) -> Territoire:
    """The units of ``ref`` (Loir-et-Cher's by default); ``mdcs`` holds each unit's first-level
    code (MDCS in 41, bassin d'emploi in 45), the cells are :data:`calibration.EFFECTIFS_2017`."""
    ref = ref or load_referentiel("41", "Loir-et-Cher")
    col = ref.niveau(ref.premier_niveau).colonne_code
    c = ref.communes.with_columns(pl.col(col).alias("mdcs_code"))
    whole = c.filter(pl.col("cantons_2015").list.len() == 1).select(
        "code_insee", pl.col("cantons_2015").list.first().alias("canton"), "mdcs_code",
        "population", pl.lit(False).alias("split"), pl.col("population").alias("pop_commune"))
    parts = (ref.split_population
             .join(c.select("code_insee", "mdcs_code", pl.col("population").alias("pop_commune")),
                   on="code_insee")
             .select("code_insee", "canton_code", "mdcs_code",
                     pl.col("population_estimee").alias("population"), pl.lit(True).alias("split"),
                     "pop_commune")
             .rename({"canton_code": "canton"}))
    u = pl.concat([whole, parts]).sort("code_insee", "canton")
    commune = u["code_insee"].to_numpy().astype(str)
    canton = u["canton"].to_numpy().astype(str)
    mdcs = u["mdcs_code"].to_numpy().astype(str)
    pop = u["population"].to_numpy().astype(float)
    cells = list(cal.EFFECTIFS_2017)
    cell_units, cell_weights = [], []
    for m, k, _ in cells:
        idx = np.flatnonzero((mdcs == m) & (canton == k))
        if not idx.size:
            raise ValueError(f"cellule {m} × {k} sans commune dans le référentiel")
        w = np.maximum(pop[idx], 1.0) ** URBAN_EXPONENT
        cell_units.append(idx)
        cell_weights.append(w / w.sum())
    return Territoire(commune, canton, u["split"].to_numpy(), mdcs, pop,
                      u["pop_commune"].to_numpy().astype(float), cells, cell_units, cell_weights)
