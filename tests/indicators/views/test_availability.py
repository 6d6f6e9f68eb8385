"""Why an indicator cannot be shown, when the secret applies, and how a value is written."""
from __future__ import annotations

from datetime import date

from indicators import views
from indicators.secret import SECRET_LABEL
from tests.indicators.builders import ctx
from tests.indicators.views.tiny import DAY, tiny


def test_below_departement_for_a_small_territory_or_a_territory_breakdown():
    e = tiny()
    dep = ctx(e, date(2024, 1, 1), DAY)
    assert not views.below_departement(dep) and not views.below_departement(dep, ("sexe",))
    assert views.below_departement(dep, ("mdcs",))
    assert views.below_departement(ctx(e, date(2024, 1, 1), DAY, "mdcs:BLO"))


def test_unavailable_reasons():
    c = ctx(tiny(), date(2024, 1, 1), DAY)
    assert views.unavailable_reason(c, "foyers_beneficiaires") is None
    assert "pas_un_id" in views.unavailable_reason(c, "pas_un_id")
    assert "table absente" in views.unavailable_reason(c, "taux_absenteisme")


def test_value_text_of_masked_counts_and_rates():
    assert views.value_text("foyers_beneficiaires", None, True, 5) == "< 5"
    assert views.value_text("taux_orientation", None, True, 5) == SECRET_LABEL
    assert views.value_text("foyers_beneficiaires", None, False, 5) == "–"
    assert views.value_text("foyers_beneficiaires", 12345, False, 5) == "12\u202f345"


def test_a_units_own_figures_are_its_row_of_its_levels_frame(monkeypatch):
    """Once its level is computed (for the masking of any unit's cards), another unit's cards
    and trend lines compute nothing of their own, and read what their own computation gives."""
    from indicators import engine
    from indicators.views.availability import own_frames, unit_frames

    ext = tiny()
    ids = ["foyers_beneficiaires", "entrees", "taux_orientation"]
    views.masked_values(ctx(ext, date(2024, 1, 1), DAY, "mdcs:BLO"), ids)
    views.sparklines(ctx(ext, DAY, DAY, "mdcs:BLO"), ids)
    seen = []
    real = engine.frame
    monkeypatch.setattr(engine, "frame", lambda c, i, by=(): seen.append((i, by)) or real(c, i, by))
    ven = ctx(ext, date(2024, 1, 1), DAY, "mdcs:VEN")
    got = views.masked_values(ven, ids)
    spark = views.sparklines(ctx(ext, DAY, DAY, "mdcs:VEN"), ids)
    assert seen == []
    monkeypatch.undo()
    own = unit_frames(engine.compute(ven, ids), ven)  # the unit's own computation, masked
    assert got == {i: (None if own[i]["valeur"][0] is None else float(own[i]["valeur"][0]),
                       bool(own[i]["masque"][0]), bool(own[i]["masque_secondaire"][0]))
                   for i in ids}
    raw = own_frames(ven, ids)  # unmasked: the level's row is the unit's own frame
    direct = engine.compute(ven, ids)
    assert all(raw[i].to_dicts() == direct[i].to_dicts() for i in ids)
    assert raw["foyers_beneficiaires"]["valeur"][0] == 3  # Vendôme's 3 foyers
    assert len(spark["entrees"][0]) == 9  # January to September 2024 (the last opening)
