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


# ---- the adversary: every unit's page (card and breakdown) and the département's, solved ------

def _attack(ext, ind_id: str, dim: str, niveau: str) -> dict:
    """Unknowns: the level × category cells. Equations: the département's card and breakdown
    (exact), every unit's shown card, every unit's shown breakdown cells, and 0 for a category
    a unit's breakdown does not list. Returns what the adversary solves for each small unit,
    for the small units together and for each small cell (None: undetermined)."""
    settings = _settings(False)
    dep = A.ctx(ext, settings=settings)
    codes = views.territory_comparison(dep, [ind_id], niveau).export["Code"].to_list()[:-1]
    raw = frame(dep, ind_id, (niveau, dim)).collect()
    cats = sorted({str(k) for k in raw[dim].to_list()})
    unknowns = [(c, k) for c in codes for k in cats]
    eqs = [({(c, str(r[dim])): 1 for c in codes}, r["valeur"])
           for r in views.breakdown(dep, ind_id, (dim,)).data.to_dicts()]
    eqs.append(({u: 1 for u in unknowns},
                views.cards(dep, None, [ind_id], sparkline=False)[0].value))
    for c in codes:
        ctx = A.ctx(ext, f"{niveau}:{c}", settings=settings)
        card = views.cards(ctx, None, [ind_id], sparkline=False)[0]
        if card.value is not None:
            eqs.append(({(c, k): 1 for k in cats}, card.value))
        b = views.breakdown(ctx, ind_id, (dim,))
        listed = set()
        for r in (b.data.to_dicts() if b.data is not None else []):
            listed.add(str(r[dim]))
            if r["valeur"] is not None:
                eqs.append(({(c, str(r[dim])): 1}, r["valeur"]))
        eqs += [({(c, k): 1}, 0) for k in cats if k not in listed]
    truth = {(str(r[niveau]), str(r[dim])): r["valeur"] for r in raw.to_dicts()}
    totals = {c: sum(v for (u, _), v in truth.items() if u == c) for c in codes}
    small = [c for c, v in totals.items() if 1 <= v < C.SEUIL]
    targets = {f"{niveau} {c}": ({(c, k): 1 for k in cats}, totals[c]) for c in small}
    if len(small) > 1:
        targets["ensemble"] = ({(c, k): 1 for c in small for k in cats},
                               sum(totals[c] for c in small))
    targets |= {f"{u}": ({u: 1}, v) for u, v in truth.items() if 1 <= v < C.SEUIL}
    return {n: t for n, t in targets.items() if t[1] < C.SEUIL}, unknowns, eqs


PAIRS = [("personnes_sdd", "sexe"), ("personnes_sdd", "tranche_age"), ("personnes_sdd", "role"),
         ("foyers_beneficiaires", "situation_familiale")]


@pytest.mark.parametrize(("ind_id", "dim"), PAIRS)
def test_the_units_pages_solved_together_give_no_small_unit_back(ext, ind_id, dim):
    """Before: the cantons' pages gave back 4101 + 4105 = 3 (canton 4115's breakdown summed to
    its hidden card); now every small canton and their sum stay undetermined or come out
    wrong."""
    targets, unknowns, eqs = _attack(ext, ind_id, dim, "canton")
    assert "ensemble" in targets  # the attack aims at the two small cantons together
    C.assert_not_recovered(unknowns, eqs, {n: t for n, t in targets.items()
                                           if not n.startswith("(")})


@pytest.mark.parametrize(("ind_id", "dim"), PAIRS[:2])
def test_the_units_pages_solved_together_give_no_small_cell_back(ext, ind_id, dim):
    """Before: canton 4106's « Hommes » (3) and « 60 ans et plus » (2) persons SDD, hidden on
    its page with their complement, came back as the département's exact breakdown minus the
    other cantons' shown cells (each unit's breakdown masked on its own). Now every unit's
    breakdown is its rows of one level × category table masked over both margins
    (:func:`indicators.views.availability.cross_patterns`), zeros the table hides listed."""
    targets, unknowns, eqs = _attack(ext, ind_id, dim, "canton")
    C.assert_not_recovered(unknowns, eqs, {n: t for n, t in targets.items() if n.startswith("(")})


def test_the_level_by_category_table_is_computed_once_for_every_unit(monkeypatch):
    """Every canton's page and pack profile by sex read one computation of the canton × sex
    table (the store of :func:`indicators.views.availability.level_frames`)."""
    from indicators import engine
    from reports.content.compute import compute

    ext = B.extraction(A.DAY, **C.rows())  # its own: the store holds the other tests' tables
    calls = []
    real = engine.compute_pairs

    def pairs(c, wanted):
        calls.extend((i, tuple(b)) for i, b in wanted if len(b) == 2)
        return real(c, wanted)
    monkeypatch.setattr(engine, "compute_pairs", pairs)
    settings = _settings(True)
    dep = A.ctx(ext, settings=settings)
    codes = views.territory_comparison(dep, ["personnes_sdd"], "canton").export["Code"].to_list()
    pages = {}
    for c in codes[:-1]:
        ctx = A.ctx(ext, f"canton:{c}", settings=settings)
        pages[c] = views.breakdown(ctx, "personnes_sdd", ("sexe",)).data
    assert calls == [("personnes_sdd", ("canton", "sexe"))]
    ctx = A.ctx(ext, UNIT, settings=settings)
    prev = A.ctx(ext, UNIT, debut=A.DEBUT.replace(year=2024), fin=A.FIN.replace(year=2024),
                 settings=settings)
    dim, prof = compute(ctx, prev, ["personnes_sdd"], settings, True, profiles=True).profile[
        "personnes_sdd"]
    assert dim == "sexe" and len(calls) == 1  # the pack's profile: the page's cells
    page = pages[UNIT.split(":")[1]]
    assert sorted(zip(prof["sexe"].cast(str), prof["masque"], strict=True)) == sorted(
        zip(page["sexe"], page["masque"], strict=True))
