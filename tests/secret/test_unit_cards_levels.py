"""The card-pattern sweep (:mod:`tests.secret.test_unit_cards`) at the zone d'emploi and
arrondissement levels, in Loir-et-Cher and in the Loiret (where the zones d'emploi are the
« bassins d'emploi », its first level): every unit's card is hidden exactly where the level's
Territoires table hides the unit, a unit hidden in complement says why, and the département's
card minus the shown units' cards never gives back a count from 1 to seuil − 1.

The extractions are built in code, one per (département, level): the level's units in code
order hold 2, 6, 13, 17, … foyers (one commune each), so that the first is small and the
second, not small, is hidden in complement."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from data.referentiel import Territoire, referentiel_of
from indicators import views
from indicators.engine import make_ctx
from indicators.registry import REGISTRY
from indicators.secret import SECRET_LABEL
from indicators.views import availability
from indicators.views.key_cards import secondary_note
from tests.helpers.config import config_settings
from tests.indicators import builders as B

COUNT = "foyers_beneficiaires"
DAY = date(2026, 1, 31)
DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)
CASES = [("41", "arrondissement"), ("41", "zone_emploi"), ("45", "zone_emploi"),
         ("45", "arrondissement")]
SIZES = (2, 6, 13, 17, 23, 29, 31, 37)


def _ref(dep: str):
    return referentiel_of(config_settings(dep))


def _extraction(dep: str, niveau: str):
    """One commune per unit of ``niveau`` (its first not split between units), holding
    ``SIZES[k]`` foyers in the stock since 2024 for the k-th unit in code order."""
    ref = _ref(dep)
    col = ref.niveaux[niveau].colonne_code
    split = set(ref.split_communes) if hasattr(ref, "split_communes") else set()
    foyers, droits, personnes = [], [], []
    codes = sorted(ref.units(niveau)["code"].to_list())
    assert len(codes) <= len(SIZES)
    for k, code in enumerate(codes):
        communes = sorted(c for c, u in ref.communes.select("code_insee", col).rows()
                          if u == code and c not in split)
        for j in range(SIZES[k]):
            fid = f"F{k}_{j}"
            foyers.append(B.foyer(fid, communes[0]))
            droits.append(B.droit(f"D{fid}", fid, "2024-05-01"))
            personnes.append(B.personne(f"P{fid}", fid))
    return B.extraction(DAY, dep, foyer=foyers, droit=droits, personne=personnes), codes


def _settings(dep: str, perturbation: bool):
    return dataclasses.replace(config_settings(dep), perturbation=perturbation)


def _ctx(ext, ref, settings, terr: str | None = None):
    t = ref.parse_territoire(terr) if terr else Territoire("departement", ref.departement)
    return make_ctx(ext, ref, settings, DEBUT, FIN, t)


@pytest.fixture(scope="module")
def extractions():
    return {case: _extraction(*case) for case in CASES}


def _check(ext, codes, dep: str, niveau: str, settings) -> None:
    """The sweep's assertions (shared by the sweep and its control)."""
    ref = _ref(dep)
    t = views.territory_comparison(_ctx(ext, ref, settings), [COUNT], niveau)
    shown = t.export["Code"].to_list()[:-1]  # the last row is the département
    assert sorted(shown) == codes  # every unit of the level
    texts = t.display[REGISTRY[COUNT].label].to_list()[:-1]
    table = {c: x in (f"< {settings.seuil_secret}", SECRET_LABEL)
             for c, x in zip(shown, texts, strict=True)}
    second = {c: x == SECRET_LABEL for c, x in zip(shown, texts, strict=True)}
    assert table[codes[0]] and second[codes[1]], texts  # a small unit and its complement
    cards = {c: views.cards(_ctx(ext, ref, settings, f"{niveau}:{c}"), None, [COUNT],
                            sparkline=False)[0] for c in shown}
    assert {c: k.masked for c, k in cards.items()} == table
    assert {c: k.secondary for c, k in cards.items()} == second
    for c, k in cards.items():
        assert (k.value is None) == k.masked, c
        assert (secondary_note(True) in (k.note or "")) == k.secondary, c
    if not settings.perturbation:
        dep_card = views.cards(_ctx(ext, ref, settings), None, [COUNT], sparkline=False)[0]
        diff = dep_card.value - sum(k.value for k in cards.values() if k.value is not None)
        assert not (1 <= diff < settings.seuil_secret), diff


@pytest.mark.parametrize("perturbation", [False, True])
@pytest.mark.parametrize(("dep", "niveau"), CASES)
def test_every_units_card_of_the_level_hidden_where_its_table_hides_it(extractions, dep,
                                                                        niveau, perturbation):
    ext, codes = extractions[(dep, niveau)]
    _check(ext, codes, dep, niveau, _settings(dep, perturbation))


@pytest.mark.parametrize(("dep", "niveau"), [("41", "zone_emploi"), ("45", "arrondissement")])
def test_the_sweep_fails_when_the_cards_ignore_the_levels_pattern(extractions, dep, niveau,
                                                                   monkeypatch):
    """Control: with the level's pattern taken away from the cards (each unit's card masked
    on its own figure only, as before), the sweep fails — the complement's card shows its
    count, and the département minus the shown cards gives the small unit back."""
    ext, codes = extractions[(dep, niveau)]
    monkeypatch.setattr(availability, "level_patterns", lambda ctx, ids, niveau: {})
    with pytest.raises(AssertionError):
        _check(ext, codes, dep, niveau, _settings(dep, False))


@pytest.mark.slow
@pytest.mark.parametrize(("dep", "niveau"), CASES)
def test_every_units_pack_writes_its_card_as_its_page(extractions, dep, niveau, monkeypatch):
    """The pack of every unit of the level (perturbation off): its key card is the page's card
    — the complement « secret statistique » with its note, never its count."""
    from indicators.calendrier import year
    from reports.content import assemble, build_pack

    monkeypatch.setattr(assemble, "KEY_IDS", (COUNT,))
    ext, codes = extractions[(dep, niveau)]
    ref, settings = _ref(dep), _settings(dep, False)
    for c in codes:
        page = views.cards(_ctx(ext, ref, settings, f"{niveau}:{c}"), None, [COUNT],
                           sparkline=False)[0]
        pack = build_pack(ext, ref, settings, year(2025, DAY),
                          ref.parse_territoire(f"{niveau}:{c}"), "comite")
        card = next(k for k in pack.cards if k.id == COUNT)
        assert (card.text, card.value, card.masked, card.secondary) == \
            (page.text, page.value, page.masked, page.secondary), (dep, niveau, c)
        assert (secondary_note(True) in (card.note or "")) == page.secondary, c
