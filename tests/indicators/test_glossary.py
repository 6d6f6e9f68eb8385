"""The glossary explains every acronym the issue lists, in French, and the search finds it."""
from indicators.glossary import GLOSSAIRE, glossary_rows


def test_every_acronym_has_an_entry():
    for term in ("SDD", "CER", "MDCS", "EPCI", "SISE", "CIAS / CCAS", "OARSA", "EP", "FAJD", "PDI",
                 "RSA", "DREES", "DARES"):
        assert term in GLOSSAIRE and len(GLOSSAIRE[term]) > 30, term


def test_search_ignores_accents_and_case():
    assert [t for t, _ in glossary_rows("equipe")] == ["EP"]
    assert any(t == "Entrants / entrées" for t, _ in glossary_rows("ENTREES"))
    assert len(glossary_rows()) == len(GLOSSAIRE)
