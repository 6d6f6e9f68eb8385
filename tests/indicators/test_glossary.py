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


def test_the_glossary_speaks_of_the_configured_departement():
    from data.referentiel import referentiel_of
    from tests.helpers.config import config_settings

    g41 = dict(glossary_rows("", referentiel_of(config_settings("41"))))
    assert g41["Canton"].startswith("Circonscription électorale du conseiller départemental (15 ")
    assert "les foyers de Blois et du Controis-en-Sologne, communes partagées" in g41["Canton"]
    g45 = dict(glossary_rows("", referentiel_of(config_settings("45"))))
    assert "(21 dans le département)" in g45["Canton"]
    assert "les foyers d'Orléans, commune partagée" in g45["Canton"]
    assert g45["Bassin d'emploi"].startswith("Le premier niveau territorial du tableau de bord "
                                             "dans ce département (4 bassins d'emploi)")
    assert not any("Loir-et-Cher" in d or "Blois" in d for d in g45.values())
