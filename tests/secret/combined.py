"""The combined attack's extraction and arithmetic, shared by :mod:`tests.secret.test_combined` and
:mod:`tests.secret.test_fallback_keys` (the same attack, each cell key forced): the extraction of
:mod:`tests.secret.adversary` plus three communes sharing an EPCI with canton 4114, and the
generic solving of the adversary's linear system."""
from __future__ import annotations

import numpy as np

from indicators import views
from indicators.engine import frame
from tests.indicators import builders as B
from tests.secret import adversary as A

SEUIL = 5
IND = "foyers_beneficiaires"
# Ambloy and Artins: canton 4106, EPCI 200072072 (with the communes of canton 4114), MDCS VEN
AMBLOY, ARTINS, AUTHON = "41001", "41004", "41007"
AUTHON_PEOPLE = ([("F", "1998-06-01")] * 9 + [("M", "1998-06-01")] * 3
                 + [("F", "1980-06-01")] * 6 + [("F", "1962-06-01")] * 2)


def rows():
    r = A.rows()

    def stock(commune: str, prefix: str, people: list[tuple[str, str]]):
        for i, (sexe, naissance) in enumerate(people):
            fid = f"{prefix}{i}"
            r["foyer"].append(B.foyer(fid, commune))
            r["droit"].append(B.droit(f"D{fid}", fid, "2024-05-01"))
            r["personne"].append(B.personne(f"P{fid}", fid, sexe=sexe, naissance=naissance))

    stock(AMBLOY, "AM", [("F", "1990-01-01")] * 2)  # 2 foyers: a small cell of the EPCI
    stock(ARTINS, "AT", [("F", "1990-01-01")] * 9)
    stock(AUTHON, "AU", AUTHON_PEOPLE)  # 20 persons: 3 men, 2 of the oldest age class
    return r


def solve(unknowns: list, equations: list[tuple[dict, float]], target: dict) -> float | None:
    """The value of ``target`` (unknown → coefficient) implied by ``equations`` (coefficients,
    shown value), or ``None`` when the equations do not determine it."""
    idx = {u: i for i, u in enumerate(unknowns)}

    def vec(coef: dict) -> np.ndarray:
        v = np.zeros(len(unknowns))
        for u, c in coef.items():
            v[idx[u]] += c
        return v

    a = np.array([vec(c) for c, _ in equations])
    b = np.array([v for _, v in equations], dtype=float)
    t = vec(target)
    if np.linalg.matrix_rank(np.vstack([a, t])) > np.linalg.matrix_rank(a):
        return None
    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    return float(t @ x)


def assert_not_recovered(unknowns, equations, targets: dict[str, tuple[dict, int]]):
    """Every target holding 1 to seuil − 1 units is undetermined or comes out wrong."""
    out = {}
    for name, (coef, truth) in targets.items():
        assert 1 <= truth < SEUIL, name  # the test is about small cells
        got = solve(unknowns, equations, coef)
        out[name] = got
        assert got is None or round(got) != truth, (name, got, truth)
    return out


# ---- canton table + EPCI table (+ MDCS, communes, département) sharing communes ---------------
def unit_rows(ext, niveau: str) -> list[tuple[str, float | None]]:
    t = views.territory_comparison(A.ctx(ext), [IND], niveau)
    col = t.export.columns[-1]
    return list(zip(t.export["Code"].to_list(), t.export[col].to_list(), strict=True))


def tables_and_pages_attack(ext) -> None:
    """Every Territoires table (communes, cantons, MDCS, EPCI), the département, a canton's and an
    EPCI's pages sharing communes, solved as one system: every small commune stays undetermined
    or comes out wrong."""
    ref = A.REF
    communes = ref.communes.select("code_insee", "canton_code", "cantons_2015", "mdcs_code",
                                   "epci_siren")
    unknowns = communes["code_insee"].to_list()
    members: dict[tuple[str, str], dict] = {}
    for c, cantons, mdcs, epci in communes.select("code_insee", "cantons_2015", "mdcs_code",
                                                  "epci_siren").rows():
        for k in cantons or []:
            members.setdefault(("canton", k), {})[c] = 1
        members.setdefault(("mdcs", mdcs), {})[c] = 1
        members.setdefault(("epci", epci), {})[c] = 1
    eqs: list[tuple[dict, float]] = []
    dep_total = None
    for niveau in ("commune", "canton", "mdcs", "epci"):
        for code, v in unit_rows(ext, niveau):
            if v is None:
                continue
            if code == ref.departement:
                dep_total = v
                continue
            coef = {code: 1} if niveau == "commune" else members.get((niveau, code))
            if coef:
                eqs.append((coef, v))
    eqs.append(({c: 1 for c in unknowns}, dep_total))  # the département: exact
    # the canton's page and the EPCI's page: their card and their communes
    for terr in ("canton:4114", "epci:200072072", "canton:4106"):
        c = A.ctx(ext, terr)
        card = views.cards(c, None, [IND], sparkline=False)[0]
        niveau, code = terr.split(":")
        if card.value is not None:
            eqs.append((members[(niveau, code)], card.value))
        b = views.breakdown(c, IND, ("commune",))
        for code_c, v in b.data.select("commune", "valeur").rows():
            if v is not None:
                eqs.append(({code_c: 1}, v))
    raw = dict(frame(A.ctx(ext), IND, ("commune",)).collect().select("commune", "valeur").rows())
    small = {c: int(raw[c]) for c in raw if 1 <= raw[c] < SEUIL}
    # Areines 3, Ambloy 2, Boisseau 1, Dhuizon 2
    assert set(small) == {"41003", AMBLOY, A.BOISSEAU, A.DHUIZON}
    got = assert_not_recovered(unknowns, eqs, {c: ({c: 1}, n) for c, n in small.items()})
    # what the adversary gets: nothing, or a value that is not the count
    assert set(got) == set(small)
