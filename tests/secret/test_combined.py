"""Combining two outputs of the tool (issue 9, « alone, or combined by arithmetic with any other
figure the tool shows »): the adversary gathers every figure several pages show for the same
totals — the Territoires tables of every level, a canton's and an EPCI's pages that share
communes, a year card and its quarters and months, two breakdowns (age, sex) of one card — writes
them as linear equations over the unknown true cells and solves the system. A hidden small cell
(1 to seuil − 1 units) must either stay undetermined by the system, or come out wrong (the
perturbation's noise: the same set of units always gets the same noise, two different sets
independent noises, so a difference gives a count plus noise, not the count).

The solving is generic (:func:`solve`): a target (a sum of unknowns) is determined when adding it
to the equations does not raise their rank; its value is then read from the least-squares
solution."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from indicators import views
from indicators.engine import frame
from tests.indicators import builders as B
from tests.secret import adversary as A
from tests.secret import combined as K
from tests.secret.combined import AUTHON, SEUIL


@pytest.fixture(scope="module")
def ext():
    return B.extraction(A.DAY, **K.rows())


def test_territoires_tables_of_every_level_and_two_pages_sharing_communes(ext):
    K.tables_and_pages_attack(ext)


# ---- a year card − its quarters and its months -------------------------------------------------
def _end(m: int) -> date:
    return date.fromordinal((date(2025, m + 1, 1) if m < 12 else date(2026, 1, 1)).toordinal() - 1)


@pytest.mark.slow
def test_year_card_quarter_cards_monthly_tables_and_every_range_of_months(ext):
    """Vendôme's entrées: the year card, the four quarter cards, the twelve month pages, the
    monthly table of each, and the card of every range of whole months of 2025 (78 periods: any
    range can be asked for). August (2 entrants) is determined by these equations — complementary
    suppression cannot protect against every range of months — and the perturbation is what
    protects: the least-squares value of August is not 2."""
    terr = "commune:41269"
    months = [date(y, m, 1) for y in (2024, 2025) for m in range(1, 13)]
    eqs: list[tuple[dict, float]] = []

    def add_period(debut: date, fin: date):
        c = A.ctx(ext, terr, debut, fin)
        card = views.cards(c, None, ["entrees"], sparkline=False)[0]
        inside = {m: 1 for m in months if debut <= m <= fin}
        if card.value is not None:
            eqs.append((inside, card.value))
        s = views.series(c, "entrees")
        for m, v in s.data.select("mois", "valeur").rows():
            if v is not None and m in months:
                eqs.append(({m: 1}, v))

    add_period(date(2025, 1, 1), date(2025, 12, 31))
    for q in range(4):
        add_period(date(2025, 3 * q + 1, 1),
                   date(2025, 3 * q + 3, {0: 31, 1: 30, 2: 30, 3: 31}[q]))
    for m in range(1, 13):  # each month's own page
        add_period(date(2025, m, 1), _end(m))
    august = date(2025, 8, 1)
    got = K.assert_not_recovered(months, eqs, {"août": ({august: 1}, 2)})
    assert got["août"] is not None  # determined (quarter and month pages) but wrong
    for a in range(1, 13):  # every range of whole months: its card
        for b in range(a, 13):
            if (a, b) != (1, 12) and not (b - a == 2 and a % 3 == 1) and a != b:
                c = A.ctx(ext, terr, date(2025, a, 1), _end(b))
                card = views.cards(c, None, ["entrees"], sparkline=False)[0]
                if card.value is not None:
                    eqs.append(({date(2025, m, 1): 1 for m in range(a, b + 1)}, card.value))
    K.assert_not_recovered(months, eqs, {"août": ({august: 1}, 2)})


# ---- two breakdowns (age, sex) of the same card -------------------------------------------------
def test_age_and_sex_breakdowns_of_the_same_total(ext):
    c = A.ctx(ext, f"commune:{AUTHON}")
    ind = "personnes_sdd"
    sexes = views.breakdown(c, ind, ("sexe",)).data
    ages = views.breakdown(c, ind, ("tranche_age",)).data
    card = views.cards(c, None, [ind], sparkline=False)[0]
    raw_cross = frame(c, ind, ("sexe", "tranche_age")).collect()
    cells = [(s, a) for s, a in raw_cross.select("sexe", "tranche_age").rows()]
    sx = sorted({s for s, _ in cells} | set(sexes["sexe"].cast(pl.Utf8).to_list()))
    ag = sorted({a for _, a in cells} | set(ages["tranche_age"].cast(pl.Utf8).to_list()))
    unknowns = [(s, a) for s in sx for a in ag]  # the joint table, never shown
    eqs: list[tuple[dict, float]] = []
    if card.value is not None:
        eqs.append(({u: 1 for u in unknowns}, card.value))
    for s, v in sexes.select(pl.col("sexe").cast(pl.Utf8), "valeur").rows():
        if v is not None:
            eqs.append(({(s, a): 1 for a in ag}, v))
    for a, v in ages.select(pl.col("tranche_age").cast(pl.Utf8), "valeur").rows():
        if v is not None:
            eqs.append(({(s, a): 1 for s in sx}, v))
    raw_s = dict(frame(c, ind, ("sexe",)).collect().select(pl.col("sexe").cast(pl.Utf8),
                                                           "valeur").rows())
    raw_a = dict(frame(c, ind, ("tranche_age",)).collect().select(
        pl.col("tranche_age").cast(pl.Utf8), "valeur").rows())
    targets = {f"sexe {s}": ({(s, a): 1 for a in ag}, int(n)) for s, n in raw_s.items()
               if 1 <= n < SEUIL}
    targets |= {f"âge {a}": ({(s, a): 1 for s in sx}, int(n)) for a, n in raw_a.items()
                if 1 <= n < SEUIL}
    assert len(targets) == 2  # 3 men, 2 persons of the oldest class
    K.assert_not_recovered(unknowns, eqs, targets)
    # and the joint cells stay undetermined (a cross table is never given below the département)
    for u in unknowns:
        assert K.solve(unknowns, eqs, {u: 1}) is None, u
