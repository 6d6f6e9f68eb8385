"""Rates per 1 000 inhabitants: the pure frame function and the registered variants.

Populations (référentiel, population municipale 2023): département 328 543, MDCS VEN 67 208,
BLO 91 991, commune Vendôme 41269 15 758, canton 4102 Blois-1 23 100 (estimated fraction)."""
from datetime import date

import polars as pl
import pytest

from indicators import engine
from indicators.rates import per_1000_inhabitants
from tests.indicators.builders import REF, ctx, droit, extraction, foyer, personne, value

D = date(2024, 12, 31)


def test_pure_function_lazy_and_eager():
    counts = pl.DataFrame({"mdcs": ["VEN", "BLO", "INCONNU"], "valeur": [10, 20, 3]})
    out = per_1000_inhabitants(counts, REF, "mdcs")
    assert isinstance(out, pl.DataFrame)
    assert out.filter(pl.col("mdcs") == "VEN")["pour_1000_hab"][0] == pytest.approx(10_000 / 67_208)
    assert out.filter(pl.col("mdcs") == "BLO")["population"][0] == 91_991
    assert out.filter(pl.col("mdcs") == "INCONNU")["pour_1000_hab"][0] is None  # no population
    lazy = per_1000_inhabitants(counts.lazy(), REF, "mdcs")
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(out)
    dep = per_1000_inhabitants(pl.DataFrame({"valeur": [328.543]}), REF, "departement")
    assert dep["pour_1000_hab"][0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="pas de colonne"):
        per_1000_inhabitants(counts, REF, "canton")


def make():
    return extraction(
        D,
        foyer=[foyer("F1", "41269"), foyer("F2", "41269"), foyer("F3", "41018", "4102"),
               foyer("F4", "99999")],
        personne=[personne("P1", "F1"), personne("P1b", "F1", role="conjoint"),
                   personne("P2", "F2"), personne("P3", "F3"), personne("P4", "F4")],
        droit=[droit("D1", "F1", "2020-01-01"), droit("D2", "F2", "2021-01-01"),
               droit("D3", "F3", "2022-01-01"), droit("D4", "F4", "2022-01-01")],
    )


EXT = make()
Y = (date(2024, 1, 1), D)


def f(ind, by=(), territoire=None):
    return engine.frame(ctx(EXT, *Y, territoire), ind, by).collect()


def test_registered_variants():
    # 5 personnes SDD (P4's unknown commune counts in the département) for 328 543 inhabitants
    df = f("personnes_sdd_pour_1000_hab")
    assert df["valeur"][0] == pytest.approx(5000 / 328_543)
    assert df["numerateur"][0] == 5 and df["effectif"][0] == 5 and df["population"][0] == 328_543
    # Vendôme commune: P1 P1b P2 → 3 000 / 15 758
    by = f("personnes_sdd_pour_1000_hab", ("commune",))
    assert value(by, commune="41269") == pytest.approx(3000 / 15_758)
    assert value(by, commune="INCONNU") is None
    # territory filter: the population of the filtered unit
    assert f("foyers_beneficiaires_pour_1000_hab", territoire="mdcs:VEN")["valeur"][0] == \
        pytest.approx(2000 / 67_208)
    assert value(f("foyers_beneficiaires_pour_1000_hab", ("canton",)), canton="4102") == \
        pytest.approx(1000 / 23_100)
    with pytest.raises(ValueError, match="un seul niveau"):
        f("personnes_sdd_pour_1000_hab", ("mdcs", "canton"))
