import tomllib

from settings import DEFAULT_CONFIG, SETTINGS_HELP, load_settings


def test_every_config_key_is_documented():
    raw = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    keys = []
    for section, values in raw.items():
        if isinstance(values, dict):
            keys += [f"{section}.{k}" for k in values]
        else:
            keys.append(section)
    missing = [k for k in keys if k not in SETTINGS_HELP]
    assert missing == []


def test_defaults_of_the_contract():
    s = load_settings()
    assert s.seuil_secret == 5
    assert s.objectifs.delai_orientation_j == 42
    assert s.objectifs.delai_contrat_j == 30
    assert s.departement == "41"
    assert s.url.startswith("sqlite:///") and s.url.endswith("demo_41.sqlite")
    assert s.reference("taux_orientation").valeur == 0.86
