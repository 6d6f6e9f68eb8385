"""Class breaks for choropleth maps (mapclassify) with French legend labels.

Two schemes: quantiles (classes of equal numbers of units: the values at 100/k, 200/k… per cent,
linearly interpolated, as mapclassify's ``Quantiles``, computed here with numpy) and Jenks natural
breaks (mapclassify's ``FisherJenks``, the exact optimum; mapclassify, with scipy and scikit-learn
behind it, is imported only then — seconds of start-up that a quantile thumbnail does not need). A class label gives the smallest and the largest value of the
units *in* the class (« de 12,3 % à 25,0 % »), so labels never overlap and never show a bound that
no unit has. Units without a value (secret statistique, no data) are not classed.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from plotly.colors import sample_colorscale

Scheme = Literal["quantiles", "jenks"]
SCHEMES: dict[str, str] = {
    "quantiles": "quantiles (classes d'effectifs égaux)",
    "jenks": "seuils naturels (ruptures entre les valeurs, méthode de Jenks)",
}
SECRET_COLOR = "#b8b8b8"  # grey under the hatching
NO_DATA_COLOR = "#f2f2f2"
PALETTE = "Blues"  # sequential, colour-blind safe (ColorBrewer)


@dataclass(frozen=True)
class Classes:
    """``bins``: upper bound of each class; ``labels``/``colors`` one per class."""

    scheme: str
    bins: tuple[float, ...]
    labels: tuple[str, ...]
    colors: tuple[str, ...]

    @property
    def k(self) -> int:
        return len(self.bins)

    @property
    def description(self) -> str:
        """« 5 classes, quantiles (classes d'effectifs égaux) »."""
        n = self.k
        return f"{n} classe{'s' if n > 1 else ''}, {SCHEMES.get(self.scheme, self.scheme)}"

    def index(self, value: float | None) -> int | None:
        """Class of a value (``None`` for a missing value)."""
        if value is None or (isinstance(value, float) and value != value) or not self.bins:
            return None
        i = int(np.searchsorted(np.asarray(self.bins), value, side="left"))
        return min(i, self.k - 1)

    def color(self, value: float | None) -> str | None:
        i = self.index(value)
        return None if i is None else self.colors[i]

    def label(self, value: float | None) -> str | None:
        i = self.index(value)
        return None if i is None else self.labels[i]


def palette(k: int) -> tuple[str, ...]:
    """``k`` colours from light to dark (the lightest kept off white, against the no-data grey)."""
    if k <= 0:
        return ()
    if k == 1:
        return tuple(sample_colorscale(PALETTE, [0.6]))
    return tuple(sample_colorscale(PALETTE, list(np.linspace(0.2, 0.95, k))))


def quantile_bins(y: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of ``k`` quantile classes of ``y``: the values at 100/k, 200/k… 100 per cent
    (linear interpolation between the sorted values), repeated bounds merged."""
    w = 100.0 / k
    return np.unique(np.percentile(y, np.minimum(np.arange(w, 100 + w, w)[:k], 100.0)))


def classify(values: Sequence[float | None], scheme: Scheme = "quantiles", k: int = 5,
             formatter: Callable[[float], str] = str) -> Classes:
    """Break ``values`` (``None``/NaN ignored) into at most ``k`` classes by ``scheme``.

    Fewer classes are made when there are fewer distinct values than ``k``."""
    if scheme not in SCHEMES:
        raise ValueError(f"Méthode de classes inconnue : « {scheme} » "
                         f"(possibles : {', '.join(SCHEMES)}).")
    y = np.array([v for v in values if v is not None and v == v], dtype=float)
    if y.size == 0:
        return Classes(scheme, (), (), ())
    distinct = np.unique(y)
    k = max(1, min(k, distinct.size))
    if k == 1:
        bins = np.array([distinct[-1]])
    elif scheme == "quantiles":
        bins = quantile_bins(y, k)
    else:
        import mapclassify

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls = mapclassify.FisherJenks(y, k=k)
        bins = np.unique(np.asarray(cls.bins, dtype=float))
    # Drop empty classes (repeated or interpolated bounds with no value inside).
    idx = np.minimum(np.searchsorted(bins, y, side="left"), bins.size - 1)
    used = sorted(set(idx.tolist()))
    labels, uppers = [], []
    for i in used:
        members = y[idx == i]
        lo, hi = formatter(float(members.min())), formatter(float(members.max()))
        labels.append(lo if lo == hi else f"de {lo} à {hi}")
        uppers.append(float(members.max()) if i != used[-1] else float(bins[i]))
    # Upper bounds = the largest member of each class, so that index() reproduces the split.
    return Classes(scheme, tuple(uppers), tuple(labels), palette(len(used)))
