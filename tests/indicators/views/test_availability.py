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
