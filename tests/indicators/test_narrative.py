"""The automatic sentences: direction, size and unit of each change, ranking, legal target."""
from __future__ import annotations

import indicators.engine  # noqa: F401  (registers the indicators)
from indicators import narrative as N
from settings import Objectifs


def test_delai_sentence_in_days():
    c = N.change("delai_orientation_median_j", 38.0, 50.0, "en un an")
    assert c.sentence == ("Le délai médian d'orientation des entrants a baissé de 12 jours en un an, "
                          "à 38 jours.")


def test_count_sentence_in_percent_with_french_numbers():
    c = N.change("foyers_beneficiaires", 10_500, 10_000, "en un an")
    assert c.sentence == ("Le nombre de foyers bénéficiaires du RSA a augmenté de 5,0 % en un an, "
                          "à 10\u202f500.")


def test_rate_sentence_in_points_and_elision():
    c = N.change("part_orientes_dans_delai", 0.62, 0.58, "par rapport à la période précédente")
    assert c.sentence.startswith("La part des entrants orientés dans le délai a augmenté de 4,0 points")
    assert c.sentence.endswith("à 62,0\u202f%.")
    assert N.subject("entrees") == "Le nombre d'entrées dans le RSA"


def test_stable_and_feminine_agreement():
    c = N.change("part_orientes_dans_delai", 0.580, 0.582, "en un an")
    assert c.score == 0 and "est restée stable en un an" in c.sentence
    c = N.change("foyers_beneficiaires", 1000, 1001, "en un an")
    assert "est resté stable" in c.sentence


def test_largest_changes_first_then_target_and_bounds():
    cur = {"foyers_beneficiaires": 10_100, "delai_orientation_median_j": 38.0,
           "part_orientes_dans_delai": 0.70, "entrees": 2000, "sorties": None}
    prev = {"foyers_beneficiaires": 10_000, "delai_orientation_median_j": 50.0,
            "part_orientes_dans_delai": 0.60, "entrees": 2000, "sorties": 1800}
    out = N.sentences(cur, prev, "n-1", objectifs=Objectifs())
    assert 3 <= len(out) <= 5
    assert out[0].startswith("Le délai médian")  # 12 j on 50 = 12 % > 10 points > 1 %
    assert out[1].startswith("La part des entrants")
    # a median under the target is not « respecting » a per-person legal délai
    assert "Le délai médian (38 jours) est inférieur à l'objectif légal de 42 jours pour " \
           "l'orientation." in out
    assert not any("respecte" in s for s in out)
    assert not any("sorties" in s for s in out)  # masked / undefined: nothing said


def test_target_exceeded_and_levels_when_no_comparison():
    out = N.sentences({"delai_orientation_median_j": 60.0, "entrees": 120}, {}, "n-1",
                      objectifs=Objectifs())
    assert "dépasse de 18 jours l'objectif légal de 42 jours" in out[0]
    assert any("s'établit à 120" in s for s in out)
