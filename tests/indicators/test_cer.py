"""CER and accompaniment indicators: the CER of an orientation, France Travail and unknown
organismes, row-level errors, same-day ties."""
from __future__ import annotations

from datetime import date

from data.load import Extraction
from indicators.core.cer import orientations_cer
from indicators.engine import compute_values, frame
from settings import Objectifs, Settings
from tests.indicators.builders import ctx, droit, extraction, foyer, orient, personne

EXT_DAY = date(2024, 12, 31)
P = (date(2024, 1, 1), date(2024, 6, 30))


def cer(id_c: str, p: str, sig: str, fin: str = "2025-12-31") -> dict:
    return {"id_cer": id_c, "id_personne": p, "date_signature": sig, "date_fin": fin}


def ext(orientations, cers, n: int = 3, ext_day: date = EXT_DAY):
    return extraction(
        ext_day, foyer=[foyer(f"f{i}") for i in range(1, n + 1)],
        personne=[personne(f"p{i}", f"f{i}") for i in range(1, n + 1)],
        droit=[droit(f"d{i}", f"f{i}", "2023-01-01") for i in range(1, n + 1)],
        orientation=orientations, cer=cers)


def cer_of(c) -> dict:
    df = orientations_cer(c).select("id_orientation", "delai_cer_j").collect()
    return dict(df.rows())


def test_next_orientation_bounds_the_cer():
    e = ext([orient("a1", "p1", "2024-02-01"), orient("a2", "p1", "2024-03-01"),
             orient("b1", "p2", "2024-02-01"), orient("b2", "p2", "2024-02-01"),  # same day
             orient("c1", "p3", "2024-02-01"), orient("c2", "p3", "2024-03-01", org="???")],
            [cer("k1", "p1", "2024-03-05"),   # after a2: a2's CER only
             cer("k2", "p2", "2024-02-01"),   # b1's next is b2 (same day): k2 is b2's
             cer("k3", "p3", "2024-03-10")])  # c2 (unknown organisme) does not bound c1
    c = ctx(e, *P)
    assert cer_of(c) == {"a1": None, "a2": 4, "b1": None, "b2": 0, "c1": 38}


def test_france_travail_excluded_but_bounds_the_previous_orientation():
    e = ext([orient("a1", "p1", "2024-02-01"),
             orient("a2", "p1", "2024-02-10", org="france_travail")],
            [cer("k1", "p1", "2024-02-20")], n=1)
    c = ctx(e, *P)
    assert cer_of(c) == {"a1": None}
    got = compute_values(c, ["delai_orientation_cer_median_j", "part_cer_dans_delai"])
    assert got == {"delai_orientation_cer_median_j": None, "part_cer_dans_delai": 0.0}


def test_cer_after_date_extraction_or_before_orientation_ignored():
    e = ext([orient("a1", "p1", "2024-06-01")],
            [cer("k0", "p1", "2024-05-31"), cer("k1", "p1", "2024-07-01")], n=1,
            ext_day=date(2024, 6, 30))
    assert cer_of(ctx(e, *P)) == {"a1": None}


def test_part_cer_bounds_and_objective():
    # date_extraction 2024-12-31; C = 30
    e = ext([orient("a1", "p1", "2024-12-01"),   # exactly 30 d before: counted; CER at 30 d ✓
             orient("a2", "p2", "2024-12-02"),   # 29 d: out of the rate, in the median
             orient("a3", "p3", "2024-06-01")],  # CER at 31 d: late
            [cer("k1", "p1", "2024-12-31"), cer("k2", "p2", "2024-12-05"),
             cer("k3", "p3", "2024-07-02")])
    c = ctx(e, date(2024, 1, 1), date(2024, 12, 31))
    df = frame(c, "part_cer_dans_delai").collect()
    assert df.select("numerateur", "effectif").row(0) == (1, 2)
    assert compute_values(c, ["delai_orientation_cer_median_j"]) == {
        "delai_orientation_cer_median_j": 30.0}  # 3, 30, 31
    c45 = ctx(e, date(2024, 1, 1), date(2024, 12, 31),
              settings=Settings(objectifs=Objectifs(delai_contrat_j=45)))
    assert frame(c45, "part_cer_dans_delai").collect()["valeur"][0] == 1.0  # only a3, 31 ≤ 45


def test_accompaniment_before_orientation_left_out_same_day_kept():
    e = ext([orient("a1", "p1", "2024-02-01", accomp="2024-01-31"),   # row error
             orient("a2", "p2", "2024-02-01", accomp="2024-02-01"),   # 0 d
             orient("a3", "p3", "2024-02-01", org="bidon", accomp="2024-02-11")], [])
    c = ctx(e, *P)
    df = frame(c, "delai_accompagnement_median_j").collect()
    assert df.select("valeur", "effectif").row(0) == (5.0, 2)


def test_taux_cer_valide_latest_orientation_code_point_tie_and_validity_bounds():
    e = ext([orient("O10", "p1", "2024-05-01", org="france_travail"),
             orient("O9", "p1", "2024-05-01"),                        # latest: "O9" > "O10"
             orient("x1", "p2", "2024-03-01"),
             orient("x2", "p2", "2024-04-01", org="france_travail"),  # latest FT: out
             orient("y1", "p3", "2024-03-01"),
             orient("y2", "p3", "2024-04-01", org="zz")],             # unknown: latest is y1
            [cer("k1", "p1", "2024-06-30", "2024-12-31"),  # signed on fin: valid
             cer("k3", "p3", "2024-01-01", "2024-06-30")])  # ends on fin: valid
    c = ctx(e, *P)
    df = frame(c, "taux_cer_valide").collect()
    assert df.select("numerateur", "effectif").row(0) == (2, 2)
    e2 = ext([orient("y1", "p1", "2024-03-01")], [cer("k1", "p1", "2024-01-01", "2024-06-29")], n=1)
    assert compute_values(ctx(e2, *P), ["taux_cer_valide"]) == {"taux_cer_valide": 0.0}


def test_orientation_before_current_opening_not_the_latest():
    e = extraction(
        EXT_DAY, foyer=[foyer("f1")], personne=[personne("p1", "f1")],
        droit=[droit("d0", "f1", "2022-01-01", "2023-01-01"), droit("d1", "f1", "2024-03-01")],
        orientation=[orient("a1", "p1", "2022-06-01")], cer=[cer("k1", "p1", "2024-04-01")])
    assert compute_values(ctx(e, *P), ["taux_cer_valide"]) == {"taux_cer_valide": None}


def test_cer_table_absent_gives_null():
    e = ext([orient("a1", "p1", "2024-02-01")], [], n=1)
    tables = dict(e.tables)
    del tables["cer"]
    e2 = Extraction(tables, e.date_extraction, e.departement, e.source)
    got = compute_values(ctx(e2, *P), ["delai_orientation_cer_median_j", "part_cer_dans_delai",
                                       "taux_cer_valide", "delai_accompagnement_median_j"])
    assert got == {"delai_orientation_cer_median_j": None, "part_cer_dans_delai": None,
                   "taux_cer_valide": None, "delai_accompagnement_median_j": None}


def test_largest_id_is_binary_not_case_insensitive():
    # code point: "Z1" (90) < "a1" (97), so "a1" is the latest; a case-insensitive collation
    # (MariaDB's default) would pick "Z1" (France Travail) instead
    e = ext([orient("a1", "p1", "2024-05-01"),
             orient("Z1", "p1", "2024-05-01", org="france_travail")],
            [cer("k1", "p1", "2024-05-02", "2024-12-31")], n=1)
    df = frame(ctx(e, *P), "taux_cer_valide", ("organisme",)).collect()
    assert df.select("organisme", "numerateur", "effectif").rows() == [("mdcs", 1, 1)]
