"""A unit whose card is hidden (its level's pattern, or small) never gets it back from the
breakdowns of that figure on its page or in its pack: canton 4115 (Vineuil), perturbation off,
showed « Personnes SDD : secret statistique » on its card and « Femmes : 7 », « 30-39 ans : 7 »,
« Allocataire : 7 » in its breakdowns — the hidden card as the sum of its categories, and with it
the small cantons 4101 + 4105 (the département's exact figure minus the shown cantons). The
breakdown of a hidden additive figure now counts that total as a hidden cell
(:func:`indicators.secret.mask`'s ``hidden_total``, :func:`indicators.views.availability.own_total_hidden`):
at least one category is hidden with it.

Swept on the combined attack's extraction (:mod:`tests.secret.combined`): every canton and MDCS,
both perturbation modes, every key count and every breakdown it has."""
from __future__ import annotations

import dataclasses

import pytest

from data import niveaux
from indicators import views
from indicators.engine import frame
from indicators.registry import REGISTRY
from tests.indicators import builders as B
from tests.secret import adversary as A
from tests.secret import combined as C

UNIT = "canton:4115"
HIDDEN = ("foyers_beneficiaires", "personnes_sdd")
COUNTS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties")


def _settings(perturbation: bool):
    return dataclasses.replace(B.SETTINGS, perturbation=perturbation)


@pytest.fixture(scope="module")
def ext():
    return B.extraction(A.DAY, **C.rows())


def _dims(ind_id: str) -> list[str]:
    return [d for d in REGISTRY[ind_id].dims if d not in niveaux.ids()]


def _gives_back(rows: list[dict], truth: float) -> bool:
    return not any(r.get("masque") for r in rows) and sum(r["valeur"] or 0 for r in rows) == truth


@pytest.mark.parametrize("ind_id", HIDDEN)
def test_a_breakdown_never_gives_back_a_card_hidden_in_complement(ext, ind_id):
    ctx = A.ctx(ext, UNIT, settings=_settings(False))
    card = views.cards(ctx, None, [ind_id], sparkline=False)[0]
    assert card.secondary and card.value is None
    truth = int(frame(ctx, ind_id).collect()["valeur"][0])
    dims = [d for d in _dims(ind_id) if views.breakdown(ctx, ind_id, (d,)).data is not None]
    assert len(dims) >= (1 if ind_id == "foyers_beneficiaires" else 5)
    leaks = [d for d in dims if _gives_back(views.breakdown(ctx, ind_id, (d,)).data.to_dicts(),
                                            truth)]
    assert leaks == [], (ind_id, truth, leaks)


@pytest.mark.parametrize("perturbation", [False, True])
@pytest.mark.parametrize("niveau", ["canton", "mdcs"])
def test_every_hidden_units_breakdowns_hide_a_category(ext, niveau, perturbation):
    """Every unit of the level, every key count hidden on its card: each of its breakdowns
    (with a non-zero category) hides at least one category; a shown card's breakdowns are
    masked as before (nothing hidden for its sake)."""
    settings = _settings(perturbation)
    t = views.territory_comparison(A.ctx(ext, settings=settings), list(COUNTS), niveau)
    met = 0
    for code in t.export["Code"].to_list()[:-1]:
        ctx = A.ctx(ext, f"{niveau}:{code}", settings=settings)
        for c in views.cards(ctx, None, list(COUNTS), sparkline=False):
            if not c.masked:
                continue
            for d in _dims(c.id):
                b = views.breakdown(ctx, c.id, (d,))
                if b.data is None:
                    continue
                rows = b.data.to_dicts()
                if any(r.get("effectif") or r.get("valeur") or r.get("masque") for r in rows):
                    met += c.secondary
                    assert any(r.get("masque") for r in rows), (niveau, code, c.id, d, rows)
    assert met, niveau  # the sweep meets breakdowns of cards hidden in complement


def test_a_packs_profile_of_a_hidden_figure_hides_a_category(ext):
    """The packs' profiles (:func:`reports.content.compute.compute`, ``profiles=True``: each
    figure by its first breakdown, the évaluation pack's tables) of canton 4115: a category is
    hidden with each hidden figure."""
    from reports.content.compute import compute

    settings = _settings(False)
    ctx = A.ctx(ext, UNIT, settings=settings)
    prev = A.ctx(ext, UNIT, debut=A.DEBUT.replace(year=2024), fin=A.FIN.replace(year=2024),
                 settings=settings)
    d = compute(ctx, prev, list(HIDDEN), settings, True, profiles=True)
    assert set(d.profile) == set(HIDDEN)
    for i in HIDDEN:
        dim, df = d.profile[i]
        assert d.cur[i]["masque"] and df.height, (i, dim)
        assert df["masque"].any(), (i, dim, df.to_dicts())
