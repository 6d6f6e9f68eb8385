"""``python -m reports build --pack partenaires``: the partner sheets (PDI fiches 41 and 43) as XLSX
(one worksheet per porteur's years and one per its actions) and PDF, equal to the library's
sheets, audited like every export; bad combinations refused in French. On the tiny extraction
(tests/fixtures/tiny.py: two porteurs, 2024), written to SQLite."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators import engine
from indicators.calendrier import parse as parse_periode
from indicators.views import partner_sheets
from reports import audit
from reports.cli import main
from tests.fixtures import tiny
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory) -> str:
    from data.writer import write_extraction

    url = f"sqlite:///{tmp_path_factory.mktemp('partenaires') / 'tiny.sqlite'}"
    write_extraction(url, tiny.tiny_tables())
    return url


@pytest.fixture(scope="module")
def tiny_opened(rep_settings, tiny_db):
    from data.opening import open_extraction

    o = open_extraction(rep_settings.with_url(tiny_db))
    assert o.usable, o.report.to_text()
    return o


def _sheets(opened, settings, terr=None):
    p = parse_periode("2024")
    ctx = engine.make_ctx(opened.extraction, opened.referentiel, settings, p.debut, p.fin,
                          opened.referentiel.parse_territoire(terr))
    return partner_sheets(ctx)


def test_help_in_french_names_the_partner_sheets():
    r = subprocess.run([sys.executable, "-m", "reports", "build", "--help"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    for text in ("partenaires", "xlsx", "COPIL", "--pack partenaires --format xlsx"):
        assert text in r.stdout


def test_xlsx_equals_the_librarys_sheets_and_is_audited(tiny_db, rep_config, rep_settings,
                                                         tiny_opened, tmp_path):
    out = tmp_path / "p.xlsx"
    rc = main(["build", "--periode", "2024", "--pack", "partenaires", "--format", "xlsx",
               "--out", str(out), "--db", tiny_db, "--config", rep_config])
    assert rc == 0 and out.exists()
    sheets = _sheets(tiny_opened, rep_settings)
    assert [s.porteur for s in sheets] == ["Auto-école sociale", "Régie de quartier"]
    wb = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    values = [[c for c in row] for row in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
    assert values[0][0] == f"Fiche partenaire — {sheets[0].porteur}"
    d = sheets[0].par_annee.display
    header = next(i for i, r in enumerate(values) if r[0] == "Indicateur")
    assert list(values[header][:len(d.columns)]) == d.columns
    got = [list(r[:len(d.columns)]) for r in values[header + 1:header + 1 + d.height]]
    assert got == [list(r) for r in d.iter_rows()]
    assert len(wb.sheetnames) == 2 * len(sheets) + 1 and wb.sheetnames[-1] == "Définitions"
    last = audit.read_log(rep_settings)[-1]
    assert (last["pack"], last["format"], last["territoire"], last["periode"]) == \
        ("partenaires", "xlsx", "departement:41", "2024")
    assert last["sortie"] == str(out.resolve()) and last["qui"]


def test_pdf_has_one_sheet_per_porteur_below_the_departement(tiny_db, rep_config, rep_settings,
                                                              tiny_opened, tmp_path):
    out = tmp_path / "p.pdf"
    rc = main(["build", "--periode", "2024", "--territoire", "mdcs:BLO", "--pack", "partenaires",
               "--format", "pdf", "--out", str(out), "--db", tiny_db, "--config", rep_config])
    assert rc == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "Fiches partenaires des actions d'insertion" in text
    sheets = _sheets(tiny_opened, rep_settings, "mdcs:BLO")
    assert sheets
    for sh in sheets:
        assert f"Fiche partenaire — {sh.porteur}" in text
    assert "< 5" in text  # the secret statistique, as on the page
    last = audit.read_log(rep_settings)[-1]
    assert (last["pack"], last["format"], last["territoire"]) == ("partenaires", "pdf", "mdcs:BLO")


@pytest.mark.parametrize("args, msg", [
    (["--pack", "partenaires", "--format", "pptx"], "xlsx ou pdf"),
    (["--pack", "comite", "--format", "xlsx"], "fiches partenaires"),
    (["--pack", "partenaires", "--format", "pdf", "--toutes-mdcs"], "--toutes-mdcs"),
])
def test_bad_combinations_exit_2_in_french(args, msg, rep_db, rep_config, tmp_path, capsys):
    out = tmp_path / "x.bin"
    rc = main(["build", "--periode", "2025", *args, "--out", str(out), "--db", rep_db,
               "--config", rep_config])
    assert rc == 2 and msg in capsys.readouterr().err
    assert not out.exists()
