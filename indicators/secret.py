"""Secret statistique (contract): below the département level, a count between 1 and ``seuil-1``
is shown as « < seuil » (blank on a map) and a rate or mean whose denominator is below ``seuil``
is not shown. ``compute`` output for authorised staff keeps raw values; everything shown to a
person or exported goes through :func:`mask`."""
from __future__ import annotations

import polars as pl

from indicators.registry import REGISTRY

SECRET_LABEL = "secret statistique"


def mask(df: pl.DataFrame | pl.LazyFrame, ind_id: str, seuil: int, below_departement: bool = True):
    """Return the frame with ``valeur`` set to null where the secret applies and a boolean column
    ``masque`` (True where hidden). Counts keep their ``effectif`` for display as « < seuil » only
    through :func:`display_value`; ``numerateur``/``effectif`` of masked rows are nulled too, so
    nothing downstream can leak them."""
    kind = REGISTRY[ind_id].kind
    if not below_departement:
        return df.with_columns(pl.lit(False).alias("masque"))
    eff = pl.col("effectif")
    if kind == "count":
        hidden = (pl.col("valeur") >= 1) & (pl.col("valeur") < seuil)
    else:
        hidden = eff.is_null() | (eff < seuil)
    cols = [pl.when(hidden).then(None).otherwise(pl.col("valeur")).alias("valeur"),
            hidden.fill_null(False).alias("masque")]
    names = df.collect_schema().names()
    for c in ("effectif", "numerateur"):
        if c in names:
            cols.append(pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c))
    return df.with_columns(cols)


def display_value(value, masked: bool, ind_id: str, seuil: int, formatter) -> str:
    """Text for a possibly-masked value: « < 5 » for a masked count, « secret statistique » for
    a masked rate or mean."""
    if masked:
        return f"< {seuil}" if REGISTRY[ind_id].kind == "count" else SECRET_LABEL
    return formatter(value)
