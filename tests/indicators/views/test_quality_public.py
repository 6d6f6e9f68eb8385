"""The Qualité des données page shows no example values (they may be pseudonymous record ids)."""
from data.validation import Finding, Report
from indicators.views.quality import quality_tables


def test_findings_on_screen_carry_no_example_ids():
    f = Finding("avertissement", "avertissement", "foyer", "canton_code",
                "Table foyer, colonne canton_code : 2 foyers sans canton_code (exemples : « F0001706 », "
                "« F0001991 »).", ("F0001706", "F0001991"), 2, "canton_manquant",
                "Table foyer, colonne canton_code : 2 foyers sans canton_code.")
    t = quality_tables(Report(findings=(f,)), None)["constats"]
    text = " ".join(str(v) for row in t.export.rows() for v in row)
    assert "F0001706" not in text and "F0001991" not in text
    assert "2 foyers sans canton_code" in text
