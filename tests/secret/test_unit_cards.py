"""A sub-département unit's own card follows its level's complementary pattern: the card of
every unit of a level (its page, its profile, its packs) is hidden exactly where the Territoires
table of that level hides the unit — the département's exact card minus the other units' cards
gives back nothing the table hides. Both perturbation modes: one pattern everywhere."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from indicators import views
from indicators.registry import REGISTRY
from indicators.secret import SECRET_LABEL
from indicators.views import key_cards
from tests.indicators import builders as B
from tests.secret import adversary as A
from tests.secret import combined as C

COUNT = "foyers_beneficiaires"
LEVELS = ("canton", "mdcs", "epci", "commune")


@pytest.fixture(scope="module")
def ext():
    return B.extraction(A.DAY, **C.rows())


def _settings(perturbation: bool):
    return dataclasses.replace(B.SETTINGS, perturbation=perturbation)


def _table_hidden(ext, settings, niveau: str) -> dict[str, bool]:
    """code → hidden, as the Territoires table of ``niveau`` shows the unit."""
    t = views.territory_comparison(A.ctx(ext, settings=settings), [COUNT], niveau)
    codes = t.export["Code"].to_list()[:-1]  # the last row is the département
    texts = t.display[REGISTRY[COUNT].label].to_list()[:-1]
    return {c: x in (f"< {settings.seuil_secret}", SECRET_LABEL) for c, x in zip(codes, texts,
                                                                              strict=True)}


@pytest.mark.parametrize("perturbation", [False, True])
@pytest.mark.parametrize("niveau", LEVELS)
def test_every_units_card_is_hidden_exactly_where_its_levels_table_hides_it(ext, niveau,
                                                                            perturbation):
    settings = _settings(perturbation)
    table = _table_hidden(ext, settings, niveau)
    assert any(table.values())  # the sweep meets hidden units
    cards = {c: views.cards(A.ctx(ext, f"{niveau}:{c}", settings=settings), None, [COUNT],
                            sparkline=False)[0] for c in table}
    assert {c: k.masked for c, k in cards.items()} == table
    for c, k in cards.items():
        assert (k.value is None) == k.masked, c
    if niveau != "commune":  # the fixture's small cantons, MDCS, EPCI hide a complement
        assert any(k.secondary for k in cards.values())


def test_a_canton_card_hidden_by_the_pattern_says_why(ext):
    """Canton 4115 (Vineuil, 7 foyers) is not small: the Territoires table hides it so that 4101 (1 foyer) and
    4105 (2) cannot be worked out; its page's card is « secret statistique » and its note
    says it is masked in complement, while the small canton's card stays « < 5 »."""
    settings = _settings(False)
    big = views.cards(A.ctx(ext, "canton:4115", settings=settings), None, [COUNT],
                      sparkline=False)[0]
    assert big.masked and big.secondary and big.value is None
    assert big.text == SECRET_LABEL
    assert "masquée en complément" in big.note and "secret statistique" in big.note
    small = views.cards(A.ctx(ext, "canton:4101", settings=settings), None, [COUNT],
                        sparkline=False)[0]
    assert small.masked and not small.secondary and small.text == "< 5"
    assert small.note is None or "complément" not in small.note


def test_no_trend_line_below_the_departement_without_perturbation(ext):
    """Without noise a unit's monthly points would come back as the département's line minus
    the other units' lines: no trend line below the département, and the card says why; the
    département keeps its line, and with perturbation a canton keeps it too."""
    settings = _settings(False)
    canton = views.cards(A.ctx(ext, "canton:4114", settings=settings), None, [COUNT])[0]
    assert canton.spark == () and canton.spark_secret
    assert "Pas de courbe de tendance" in key_cards.spark_caption(canton)
    dep = views.cards(A.ctx(ext, settings=settings), None, [COUNT])[0]
    assert dep.spark and not dep.spark_secret
    noisy = views.cards(A.ctx(ext, "canton:4114", settings=_settings(True)), None, [COUNT])[0]
    assert noisy.spark and not noisy.spark_secret


def test_the_levels_pattern_is_computed_once_for_every_unit(monkeypatch):
    """Every canton's card reads the same pattern: the level's table is masked once (a fresh
    extraction: nothing cached for it yet)."""
    from indicators.views import availability

    ext = B.extraction(A.DAY, **C.rows())
    settings = _settings(False)
    calls = []
    real = availability.mask_units
    monkeypatch.setattr(availability, "mask_units",
                        lambda *a, **k: calls.append(a[4]) or real(*a, **k))
    for c in ("4101", "4105", "4114", "4115"):
        views.cards(A.ctx(ext, f"canton:{c}", debut=A.DEBUT.replace(day=2), settings=settings),
                    None, [COUNT], sparkline=False)
    assert calls == ["canton"]


# every period kind: a year, a quarter, a month, a free range (not whole months: snapped below
# the département), the comparison window of a card
WINDOWS = {"annee": (date(2025, 1, 1), date(2025, 12, 31)),
           "trimestre": (date(2025, 4, 1), date(2025, 6, 30)),
           "mois": (date(2025, 11, 1), date(2025, 11, 30)),
           "plage": (date(2025, 2, 11), date(2025, 9, 19))}


@pytest.mark.parametrize("kind", list(WINDOWS))
@pytest.mark.parametrize("niveau", ["canton", "mdcs"])
def test_every_period_kind_card_hidden_exactly_where_the_table_hides_it(ext, niveau, kind):
    """For each period kind, each unit's card is hidden exactly where that window's Territoires
    table hides the unit; and the département's
    card minus the shown unit cards never gives back a count from 1 to seuil − 1."""
    settings = _settings(False)
    debut, fin = WINDOWS[kind]
    t = views.territory_comparison(A.ctx(ext, debut=debut, fin=fin, settings=settings), [COUNT],
                                   niveau)
    codes = t.export["Code"].to_list()[:-1]
    texts = t.display[REGISTRY[COUNT].label].to_list()[:-1]
    table = {c: x in (f"< {settings.seuil_secret}", SECRET_LABEL)
             for c, x in zip(codes, texts, strict=True)}
    assert any(table.values()), kind  # the window meets hidden units
    base = A.ctx(ext, debut=debut, fin=fin, settings=settings)
    cards = {c: views.cards(A.ctx(ext, f"{niveau}:{c}", debut, fin, settings), None, [COUNT],
                            sparkline=False)[0] for c in table}
    assert {c: k.masked for c, k in cards.items()} == table
    dep = views.cards(base, None, [COUNT], sparkline=False)[0].value
    diff = dep - sum(k.value for k in cards.values() if k.value is not None)
    assert not (1 <= diff < settings.seuil_secret), (kind, diff)
