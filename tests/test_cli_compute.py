"""``python -m indicators compute`` on a SQLite file of the tiny extraction: every core indicator
by its contract id with the hand-computed value, json and csv; unknown territory → exit 2."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from data.writer import write_extraction
from indicators.cli import main
from tests.fixtures import tiny
from tests.helpers import ROOT

PERIOD = ["--periode", f"{tiny.DEBUT.isoformat()}_{tiny.FIN.isoformat()}"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'tiny.sqlite'}"
    write_extraction(url, tiny.tiny_tables())
    return url


def test_json_subprocess_has_every_core_id_with_expected_value(db):
    res = subprocess.run([sys.executable, "-m", "indicators", "compute", "--db", db, *PERIOD,
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["debut"] == "2024-01-01" and out["fin"] == "2024-06-30"
    assert out["territoire"] == "departement:41"
    assert sorted(out["indicateurs"]) == sorted(tiny.EXPECTED)
    assert tiny.mismatches(out["indicateurs"], tiny.EXPECTED) == {}


def test_json_for_a_territory(db, capsys):
    assert main(["compute", "--db", db, *PERIOD, "--territoire", tiny.TERRITOIRE,
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["territoire"] == "mdcs:BLO"
    assert tiny.mismatches(out["indicateurs"], tiny.EXPECTED_BLO) == {}


def test_csv_has_every_core_id_with_expected_value(db, capsys):
    assert main(["compute", "--db", db, *PERIOD, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["indicateur", "valeur"]
    got = {k: (None if v == "null" else float(v)) for k, v in rows[1:]}
    assert sorted(got) == sorted(tiny.EXPECTED)
    expected = {k: (None if v is None else float(v)) for k, v in tiny.EXPECTED.items()}
    assert tiny.mismatches(got, expected) == {}
    assert dict(rows[1:])["foyers_beneficiaires"] == "6"  # counts printed as integers


def test_empty_window_nulls_in_json(db, capsys):
    assert main(["compute", "--db", db, "--periode",
                 f"{tiny.EMPTY_DEBUT.isoformat()}_{tiny.EMPTY_FIN.isoformat()}"]) == 0
    out = json.loads(capsys.readouterr().out)["indicateurs"]
    assert out["delai_orientation_median_j"] is None and out["entrees"] == 0
    assert out["foyers_beneficiaires"] == 5


@pytest.mark.parametrize("key", ["canton:9999", "mdcs:XYZ", "departement:37", "quartier:1"])
def test_unknown_territory_exit_2_french_message(db, capsys, key):
    assert main(["compute", "--db", db, *PERIOD, "--territoire", key]) == 2
    err = capsys.readouterr().err
    assert "Territoire" in err and key in err
    assert ("inconnu" in err) or ("invalide" in err)


def test_unknown_territory_subprocess(db):
    res = subprocess.run([sys.executable, "-m", "indicators", "compute", "--db", db, *PERIOD,
                          "--territoire", "canton:9999"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2
    assert "Territoire « canton:9999 » inconnu" in res.stderr
    assert res.stdout == ""


def test_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compute", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for opt in ("--db", "--periode", "--territoire", "--config", "--format"):
        assert opt in out
    assert "--debut" not in out and "--fin" not in out  # one period syntax (issue 8)
    assert "indicateur" in out
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0 and "compute" in capsys.readouterr().out


def test_periode_option_month_range_equals_day_range(db, capsys):
    """``--periode 2024-01_2024-06`` gives the same output as the same window written in days."""
    assert main(["compute", "--db", db, *PERIOD, "--format", "json"]) == 0
    by_dates = capsys.readouterr().out
    assert main(["compute", "--db", db, "--periode", "2024-01_2024-06", "--format", "json"]) == 0
    assert capsys.readouterr().out == by_dates


@pytest.mark.parametrize("args,message", [
    (["--periode", "2024-13"], "Période « 2024-13 » illisible"),
    (["--periode", "2024-06-30_2024-01-01"], "le début est après la fin"),
    ([], "Période manquante"),
])
def test_bad_periode_is_a_french_message(db, capsys, args, message):
    assert main(["compute", "--db", db, *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("args,message", [
    (["compute", "--debut", "2024-01-01"], "option(s) inconnue(s) : --debut 2024-01-01"),
    (["compute", "--format", "xml"], "--format : choix 'xml' inconnu (possibles : 'json', 'csv')"),
    (["compute", "--periode"], "--periode : une valeur est attendue"),
    ([], "à donner : commande"),
])
def test_bad_option_is_a_french_message(capsys, args, message):
    """argparse's own errors (unknown option, bad choice, missing value) come out in French, exit 2:
    the removed ``--debut/--fin`` included (one period syntax, ``--periode``)."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "utilisation : " in err
    assert "error" not in err and "usage" not in err and "unrecognized" not in err
