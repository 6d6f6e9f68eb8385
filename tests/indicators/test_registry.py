"""Every indicator is declared once, completely (datasette-style documentation test)."""
import pytest

from data.schema import TABLES
from indicators.engine import REGISTRY

CONTRACT_CORE_IDS = [
    "foyers_beneficiaires", "personnes_sdd", "entrees", "sorties", "delai_orientation_moyen_j",
    "delai_orientation_median_j", "part_orientes_dans_delai", "delai_orientation_cer_median_j",
    "part_cer_dans_delai", "delai_accompagnement_median_j", "part_orientation_professionnelle",
    "taux_orientation", "taux_cer_valide", "taux_absenteisme", "ep_saisines",
    "ep_delai_notification_moyen_j", "ep_personnes_multi_saisines", "participants_actions",
    "sorties_actions", "taux_sorties_dynamiques", "taux_emploi_durable", "inscrits_plateforme",
    "fajd_aides_accordees", "fajd_montant", "montant_rsa_verse",
]


def test_every_contract_core_indicator_is_registered_as_core():
    core = {i.id for i in REGISTRY.values() if i.core}
    assert [i for i in CONTRACT_CORE_IDS if i not in core] == []
    assert sorted(core) == sorted(CONTRACT_CORE_IDS)


@pytest.mark.parametrize("ind_id", sorted(REGISTRY))
def test_indicator_metadata_is_complete(ind_id):
    ind = REGISTRY[ind_id]
    assert ind.label and ind.label[0].isupper()
    assert len(ind.definition) > 20
    assert ind.unit
    assert ind.format in ("entier", "pourcentage", "jours", "euros", "decimal")
    assert ind.better in ("hausse", "baisse", None)
    assert ind.kind in ("count", "rate", "mean", "median", "sum")
    assert ind.tables and set(ind.tables) <= set(TABLES)
    assert ind.short and ind.nature in ("stock", "flux")
    assert ind.fiche_action  # the plan's fiches in words (or « hors fiches »)
    if ind.kind == "rate":
        assert ind.format == "pourcentage"
