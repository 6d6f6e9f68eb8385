"""``python -m indicators check`` (exit 0 / 1, French report, read-only) and ``compute``
stopping with exit 2 and the report on a structural error; SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import polars as pl
import pytest
import sqlalchemy as sa

from indicators.cli import main
from tests.data.validation_cases import report_of, setv, sqlite_url, valid_tables, write, write_text_table
from tests.helpers import ROOT
from tests.helpers.databases import PG_URL, db_url_or_skip, dedicated_database

PG_DATABASE = "declik_validation"


@pytest.fixture()
def valid_db(tmp_path) -> str:
    return write(sqlite_url(tmp_path / "ok.sqlite"), valid_tables())


@pytest.fixture()
def bad_rows_db(tmp_path) -> str:
    t = valid_tables()
    t["personne"] = setv(t["personne"], "id_personne", ["P1", "P2"], sexe="X")
    t["personne"] = setv(t["personne"], "id_personne", "P3", sexe="H")
    return write(sqlite_url(tmp_path / "rows.sqlite"), t)


@pytest.fixture()
def broken_db(tmp_path) -> str:
    t = valid_tables()
    del t["orientation"]
    return write(sqlite_url(tmp_path / "broken.sqlite"), t)


def test_check_valid_extraction_exits_0(valid_db, capsys):
    assert main(["check", "--db", valid_db]) == 0
    out = capsys.readouterr().out
    assert "Contrôle de l'extraction : 0 erreur, 0 avertissement." in out
    assert "Extraction conforme au contrat : utilisable." in out


def test_check_prints_french_and_exits_1_on_an_error(bad_rows_db, capsys):
    assert main(["check", "--db", bad_rows_db]) == 1
    out = capsys.readouterr().out
    assert "Erreurs sur des lignes" in out
    assert ("Table personne, colonne sexe : 3 lignes ont une valeur hors contrat (exemples : "
            "« X », « H »). Codes attendus : F, M.") in out
    assert "3 lignes écartées de certains indicateurs" in out


def test_check_exits_0_with_warnings_only(tmp_path, capsys):
    t = valid_tables()
    t["foyer"] = setv(t["foyer"], "id_foyer", "F2", commune_insee="99999")
    url = write(sqlite_url(tmp_path / "w.sqlite"), t)
    assert main(["check", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "0 erreur, 1 avertissement" in out and "« 99999 »" in out


def test_check_json(bad_rows_db, capsys):
    assert main(["check", "--db", bad_rows_db, "--format", "json"]) == 1
    js = json.loads(capsys.readouterr().out)
    assert js["utilisable"] is True and js["conforme"] is False
    (c,) = js["constats"]
    assert (c["kind"], c["table"], c["column"], c["count"], c["examples"]) == (
        "code_inconnu", "personne", "sexe", 3, ["X", "H"])
    assert js["lignes_ecartees"] == {"personne": 3}


def test_check_structural_error_exits_1(broken_db, capsys):
    assert main(["check", "--db", broken_db]) == 1
    out = capsys.readouterr().out
    assert "Erreurs de structure" in out and "Table orientation absente" in out
    assert "Extraction inutilisable" in out


def test_compute_stops_with_exit_2_and_the_report_on_a_structural_error(broken_db, capsys):
    code = main(["compute", "--db", broken_db, "--periode", "2025"])
    assert code == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    assert "Table orientation absente" in cap.err
    assert "Extraction inutilisable : calcul impossible." in cap.err


def test_compute_stops_on_unreadable_values(tmp_path, capsys):
    url = write(sqlite_url(tmp_path / "t.sqlite"), valid_tables())
    droit = valid_tables()["droit"].with_columns(pl.col("date_ouverture").cast(pl.Utf8))
    write_text_table(url, "droit", setv(droit, "id_droit", "D2", date_ouverture="01/03/2022"))
    assert main(["compute", "--db", url, "--periode", "2025"]) == 2
    err = capsys.readouterr().err
    assert "Table droit, colonne date_ouverture : 1 ligne a une valeur qui ne peut pas être lue" in err
    assert "« 01/03/2022 »" in err


def test_check_as_a_command_never_writes(bad_rows_db, tmp_path):
    """The real command line: exit status 1, French on stdout, the file unchanged."""
    path = bad_rows_db.removeprefix("sqlite:///")
    before = open(path, "rb").read()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    res = subprocess.run([sys.executable, "-m", "indicators", "check", "--db", bad_rows_db],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 1, res.stderr
    assert "Table personne, colonne sexe : 3 lignes ont une valeur hors contrat" in res.stdout
    assert open(path, "rb").read() == before


# ---- PostgreSQL -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_url() -> str:
    """A dedicated database ``declik_validation`` on the test server (created if missing)."""
    return dedicated_database(db_url_or_skip(PG_URL), PG_DATABASE)


def test_check_on_postgresql(pg_url, capsys):
    t = valid_tables()
    evil = "'; DROP TABLE foyer; --"
    t["foyer"] = setv(t["foyer"], "id_foyer", "F2", situation_familiale=evil)
    t["droit"] = setv(t["droit"], "id_droit", "D1", motif_fin=None)
    t["lieu"] = setv(t["lieu"], "id_lieu", "L1", commune_insee="99999")
    write(pg_url, t)
    rep = report_of(pg_url)
    kinds = sorted((f.kind, f.table, f.count) for f in rep.findings)
    assert kinds == [("code_inconnu", "foyer", 1), ("commune_inconnue", "lieu", 1),
                     ("date_sans_motif_fin", "droit", 1)]
    assert main(["check", "--db", pg_url]) == 1
    out = capsys.readouterr().out
    assert f"« {evil} »" in out
    eng = sa.create_engine(pg_url)
    with eng.connect() as conn:  # reported, not executed
        assert conn.execute(sa.text("SELECT count(*) FROM foyer")).scalar() == 3
    eng.dispose()


def test_valid_extraction_on_postgresql(pg_url, capsys):
    write(pg_url, valid_tables())
    assert main(["check", "--db", pg_url]) == 0
    assert "Extraction conforme au contrat" in capsys.readouterr().out


def test_unreadable_values_on_postgresql(pg_url):
    t = valid_tables()
    write(pg_url, t)
    rdv = t["rendez_vous"].with_columns(pl.col("date_rdv").cast(pl.Utf8))
    write_text_table(pg_url, "rendez_vous", setv(rdv, "id_rdv", "R2", date_rdv="2025-02-30"))
    rep = report_of(pg_url)
    f = next(f for f in rep.findings if f.kind == "type_illisible")
    assert (f.table, f.column, f.count, f.examples) == ("rendez_vous", "date_rdv", 1, ("2025-02-30",))
    assert rep.blocking
