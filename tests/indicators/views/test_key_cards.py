"""Key cards: masked values at a small territory, comparison and change, unavailable indicators."""
from __future__ import annotations

from datetime import date

from indicators import engine, views
from indicators.views.availability import masked_frame
from indicators.views.key_cards import delta_change, delta_text
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import DAY, tiny


def test_cards_at_a_small_territory_and_comparison():
    e = tiny()
    here = ctx(e, date(2024, 7, 1), DAY, "mdcs:BLO")
    before = ctx(e, date(2024, 1, 1), date(2024, 6, 30), "mdcs:BLO")
    c = {x.id: x for x in views.cards(here, before, ["foyers_beneficiaires", "entrees"])}
    f = c["foyers_beneficiaires"]
    # 6 BLO foyers beside VEN's 3: the MDCS table hides BLO too (9 − 6 would give VEN's 3),
    # and so does BLO's own card (its level's pattern), saying why
    assert f.text == "secret statistique" and f.value is None and f.masked and f.secondary
    assert "masquée en complément" in f.note
    # 3 BLO foyers on 30/06 (opened April-June): masked, so no change is computed either
    assert f.comparison is None and f.comparison_text == "< 5" and f.delta is None
    # the figure under the pattern, perturbed below the département: their cell key 699980640
    # (u = 0.163) → −1; the same 6 foyers in both windows: the same noise
    seen = [masked_frame(engine.frame(w, "foyers_beneficiaires").collect(), "foyers_beneficiaires",
                         w, ())["valeur"][0]
            for w in (here, ctx(e, date(2024, 7, 1), date(2024, 11, 30), "mdcs:BLO"))]
    assert seen == [5, 5]
    # BLO foyers open in April-September: 3 entries in July-September, 3 before → « < 5 »
    assert c["entrees"].text == "< 5" and c["entrees"].masked and c["entrees"].delta is None
    dep = views.cards(ctx(e, date(2024, 1, 1), DAY), None, ["entrees"])[0]
    assert dep.text == "9" and not dep.masked  # département: never masked


def test_unavailable_indicator_says_why():
    c = views.cards(ctx(tiny(), date(2024, 1, 1), DAY), None, ["taux_absenteisme", "pas_un_id"])
    assert c[0].text == "non disponible" and "rendez-vous" in c[0].reason
    assert not c[1].available and "pas_un_id" in c[1].reason


def test_card_changes_read_as_unchanged_when_they_round_to_zero():
    assert delta_text(-0.0004, "pourcentage") == "= 0,0\u202fpt"
    assert delta_text(0.6, "decimal") == "+0,6"
    assert delta_text(-3, "jours") == "\u22123\u202fj"
    assert delta_text(None, "entier") is None
    assert delta_change(-0.0004, "pourcentage") == ("= 0,0\u202fpt", True)
    assert delta_change(-3, "jours") == ("\u22123\u202fj", False)
    assert delta_change(None, "jours") == (None, False)


def test_trend_line_tells_masked_from_not_yet_measurable():
    """A 12-month return share has no value in the months where no exit is 12 months old: those
    points are « pas encore mesurables », not « masqués (secret statistique) »."""
    from indicators.views.key_cards import Card, spark_caption

    def card(spark, flags):
        return Card("part_retours_12_mois", "Retours 12 mois", "–", None, spark=spark,
                    spark_masked=flags)
    none_yet = spark_caption(card((None, None, 0.5, 0.25), (False, False, False, False)))
    assert "2 mois pas encore mesurables" in none_yet and "masqu" not in none_yet
    both = spark_caption(card((None, None, 0.5, 0.25), (True, False, False, False)))
    assert "1 masqué (secret statistique)" in both and "1 mois pas encore mesurable " in both
    assert spark_caption(card((0.5, 0.25), (False, False))) is None  # every point drawn


def test_return_share_months_without_judgeable_exits_are_not_flagged_masked():
    """On the tiny extraction (extraction 20/07/2024) no exit is 12 months old: every month of the
    trend line is empty and none is flagged as masked."""
    from data.referentiel import load_referentiel
    from indicators.engine import make_ctx
    from settings import Settings
    from tests.fixtures import tiny as T
    c = make_ctx(T.tiny_extraction(), load_referentiel(), Settings(), T.DEBUT, T.FIN, None)
    vals, months, flags = views.sparklines(c, ["part_retours_12_mois"])["part_retours_12_mois"]
    assert len(vals) == len(flags) == len(months) > 0
    assert all(v is None for v in vals) and not any(flags)


def test_an_undefined_value_says_why():
    """A « – » (neither masked nor measured) is explained under the card, in every output that
    shows the card's note: the indicator's own reason, or that there was nothing to measure."""
    from indicators.registry import REGISTRY
    cs = {c.id: c for c in views.cards(ctx(tiny(), date(2023, 1, 1), date(2023, 3, 31)), None,
                                       ["delai_orientation_median_j", "foyers_beneficiaires"])}
    d = cs["delai_orientation_median_j"]
    assert d.text == "\u2013" and not d.masked and d.value is None
    assert d.note == "Non défini sur la période : aucun cas à mesurer."
    assert cs["foyers_beneficiaires"].note is None  # a measured 0 needs no note
    cout = REGISTRY["cout_par_sortie_dynamique"]
    assert cout.undefined_text.startswith("Non défini sans sortie dynamique")
    assert cout.undefined_text in cout.definition  # the definition says it too, from one text
