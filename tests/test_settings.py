"""settings.py: every key declared once with its help, unknown keys and wrong types refused in
French naming the key and the file, environment variables read in one place."""
import dataclasses

import pytest

from settings import (
    DEFAULT_CONFIG,
    SETTINGS_HELP,
    Objectifs,
    Settings,
    SettingsError,
    environment_paths,
    load_settings,
    settings_from_environment,
    settings_help,
)

REFERENCE = """
[[references]]
id = "taux_orientation"
valeur = 0.86
annee = 2023
libelle = "Part orientée"
source = "DREES"
"""


@pytest.fixture
def write(tmp_path):
    def _write(body: str, name: str = "config.toml"):
        p = tmp_path / name
        p.write_text(body, encoding="utf-8")
        return p
    return _write


def test_shipped_config_is_valid_and_every_key_has_help():
    load_settings(DEFAULT_CONFIG)  # an undeclared key would raise
    assert SETTINGS_HELP == settings_help()
    assert all(h.strip() for h in SETTINGS_HELP.values()), SETTINGS_HELP
    assert {"secret.seuil_secret", "objectifs.delai_contrat_j", "references[].valeur",
            "base.url"} <= set(SETTINGS_HELP)


def test_every_field_is_declared_with_a_toml_key():
    def walk(cls):
        for f in dataclasses.fields(cls):
            assert "toml" in f.metadata and f.metadata["help"], f"{cls.__name__}.{f.name}"
    walk(Settings)
    walk(Objectifs)


def test_missing_file_keys_keep_the_defaults(write):
    s = load_settings(write("[secret]\nseuil_secret = 7\n"))
    assert s.seuil_secret == 7
    assert s == dataclasses.replace(Settings(), seuil_secret=7)
    assert s.url.startswith("sqlite:///") and s.url.endswith("demo_41.sqlite")
    assert s.objectifs.delai_orientation_j == 42


def test_values_are_read(write):
    s = load_settings(write('[territoire]\ndepartement = "45"\nniveaux = ["departement", "mdcs"]\n'
                            "[objectifs]\ndelai_contrat_j = 45\n" + REFERENCE))
    assert (s.departement, s.niveaux) == ("45", ("departement", "mdcs"))
    assert s.objectifs == Objectifs(delai_contrat_j=45)
    r = s.reference("taux_orientation")
    assert (r.valeur, r.annee, r.source) == (0.86, 2023, "DREES")
    assert s.reference("absente") is None


@pytest.mark.parametrize("body, key", [
    ("[secret]\nseuil = 10\n", "secret.seuil"),
    ("[objectifs]\ndelai_x = 3\n", "objectifs.delai_x"),
    (REFERENCE + 'sourc = "z"\n', "references[1].sourc"),
    ("inconnue = 1\n", "inconnue"),
    ("[base.x]\ny = 1\n", "base.x"),
    ("[acces_inconnu]\nrole = 1\n", "acces_inconnu"),
])
def test_an_unknown_key_is_a_french_error_naming_it_and_the_file(write, body, key):
    path = write(body, "autre.toml")
    with pytest.raises(SettingsError) as exc:
        load_settings(path)
    msg = str(exc.value)
    assert f"clé inconnue « {key} »" in msg and str(path) in msg


def test_the_unknown_key_message_lists_the_possible_ones(write):
    with pytest.raises(SettingsError, match="Clés possibles dans \\[secret\\] : .*seuil_secret"):
        load_settings(write("[secret]\nseuil = 10\n"))


@pytest.mark.parametrize("body, words", [
    ('[secret]\nseuil_secret = "5"\n', "« secret.seuil_secret » doit être un nombre entier"),
    ("[secret]\nseuil_secret = true\n", "« secret.seuil_secret » doit être un nombre entier"),
    ('[territoire]\nniveaux = ["mdcs", 2]\n', "« territoire.niveaux[2] » doit être un texte"),
    ('[territoire]\nniveaux = "mdcs"\n', "« territoire.niveaux » doit être une liste"),
    ("secret = 3\n", "« secret » doit être une table"),
    ("objectifs = 3\n", "« objectifs » doit être une table"),
    ("references = 3\n", "« references » doit être une liste de tables"),
    (REFERENCE.replace('source = "DREES"\n', ""), "« references[1].source » manque"),
    (REFERENCE.replace("0.86", '"beaucoup"'), "« references[1].valeur » doit être un nombre"),
    ("x = [\n", "fichier TOML illisible"),
])
def test_wrong_values_are_french_errors(write, body, words):
    with pytest.raises(SettingsError, match=words.replace("[", "\\[").replace("]", "\\]")):
        load_settings(write(body))


def test_a_named_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="introuvable"):
        load_settings(tmp_path / "absent.toml")


def test_an_integer_is_a_valid_float(write):
    s = load_settings(write(REFERENCE.replace("0.86", "79")))
    assert s.references[0].valeur == 79.0 and isinstance(s.references[0].valeur, float)


def test_environment_variables_are_read_in_one_place(write, monkeypatch):
    cfg = write('[territoire]\ndepartement = "45"\n')
    monkeypatch.setenv("DECLIK_CONFIG", str(cfg))
    monkeypatch.setenv("DECLIK_DB", "sqlite:////tmp/autre.sqlite")
    assert environment_paths() == (str(cfg), "sqlite:////tmp/autre.sqlite")
    s = settings_from_environment()
    assert (s.departement, s.url, s.uses_demo) == ("45", "sqlite:////tmp/autre.sqlite", False)
    monkeypatch.delenv("DECLIK_CONFIG")
    monkeypatch.setenv("DECLIK_DB", "")
    assert environment_paths() == (None, None)
    assert settings_from_environment(environ={}) == load_settings()
    assert settings_from_environment(cfg, "sqlite:///x", environ={}).departement == "45"


def test_slow_read_switch_is_read_in_settings(monkeypatch):
    from settings import environment_slow_read

    monkeypatch.delenv("DECLIK_LECTURE_LENTE", raising=False)
    assert environment_slow_read() is False
    monkeypatch.setenv("DECLIK_LECTURE_LENTE", "1")
    assert environment_slow_read() is True
    assert environment_slow_read(environ={"DECLIK_LECTURE_LENTE": ""}) is False


def test_no_module_but_settings_reads_the_environment():
    from tests.helpers import ROOT

    readers = []
    for pkg in ("access", "charts", "data", "geo", "indicators", "pages", "reports", "ui"):
        for f in (ROOT / pkg).rglob("*.py"):
            text = f.read_text(encoding="utf-8")
            if "os.environ" in text or "getenv(" in text:
                readers.append(str(f.relative_to(ROOT)))
    readers += [n for n in ("app.py",) if "os.environ" in (ROOT / n).read_text(encoding="utf-8")]
    assert readers == []


def test_cli_reports_an_invalid_configuration_in_french(write, capsys):
    from indicators.cli import main

    code = main(["list", "--config", str(write("[secret]\nseuil = 10\n"))])
    err = capsys.readouterr().err
    assert code == 2 and "clé inconnue « secret.seuil »" in err and "Traceback" not in err


def test_the_tests_run_on_their_own_configuration(settings):
    """Every test (and the app, commands and servers they start) reads tests/helpers/config.toml,
    so that a Département editing config.toml breaks no test."""
    import os

    from tests.helpers.config import TEST_CONFIG

    assert os.environ["DECLIK_CONFIG"] == str(TEST_CONFIG) and TEST_CONFIG != DEFAULT_CONFIG
    assert settings == load_settings(TEST_CONFIG) == settings_from_environment()
    assert settings.departement == "41" and settings.seuil_secret == 5


def test_every_key_is_listed_with_its_default():
    import subprocess
    import sys

    from settings import ROOT, settings_keys

    keys = {k: d for k, d, _ in settings_keys()}
    assert keys["secret.seuil_secret"] == 5 and keys["objectifs.delai_contrat_j"] == 30
    assert keys["references"] is None and keys["references[].id"] is None  # array, required
    out = subprocess.run([sys.executable, "-m", "settings"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "secret.seuil_secret = 5\n    Seuil du secret statistique" in out


def test_the_snapshot_folder_variable_is_read_by_settings_too(monkeypatch, tmp_path):
    from data.snapshot import cache_root
    from settings import environment_cache_dir

    monkeypatch.setenv("DECLIK_CACHE", str(tmp_path))
    assert environment_cache_dir() == str(tmp_path) and cache_root("data/cache") == tmp_path
    monkeypatch.delenv("DECLIK_CACHE")
    assert environment_cache_dir() is None and cache_root("autre").name == "autre"


def test_the_load_bench_diagnostics_are_read_here_only():
    from settings import Diagnostics, SettingsError, environment_diagnostics

    assert environment_diagnostics({}) is None
    assert environment_diagnostics({"DECLIK_DIAG": "/tmp/d.jsonl", "DECLIK_DIAG_S": "5",
                                    "DECLIK_DIAG_GC": "1"}) == Diagnostics("/tmp/d.jsonl", 5.0,
                                                                           False, True)
    with pytest.raises(SettingsError, match="DECLIK_DIAG_S"):
        environment_diagnostics({"DECLIK_DIAG": "x", "DECLIK_DIAG_S": "une minute"})
