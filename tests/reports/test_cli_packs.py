"""Every pack format built from the CLI, opened with python-pptx / python-docx / pypdf."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from data.plan import load_plan
from indicators import coverage, engine
from indicators.calendrier import parse as parse_periode
from indicators.formatting import format_value
from indicators.registry import REGISTRY
from reports import audit
from reports.cli import main
from reports.content import KEY_IDS
from tests.helpers import ROOT
from tests.reports.fixtures import SMALL_COMMUNE

pytestmark = pytest.mark.slow  # builds every pack format

SMALL_INT = re.compile(r"^[1-4]$")
PLAN_HEAD = re.compile(r"^(Orientation [1-4] — |Axe [0-9]+ — |PDI [0-9]+ — |PTI [0-9]+ — |Fiches sans axe)")


def plan_titles() -> list[str]:
    """The headings the évaluation must carry, from the plan's own table (data/pdi)."""
    p = load_plan()
    out = []
    for o in p.orientations:
        out.append(f"Orientation {o.numero} — {o.titre}")
        for a in o.axes:
            out.append(f"Axe {a.numero} — {a.titre}")
            out += [f.libelle for f, _ in p.fiches_of_axe(a.numero)]
        if p.fiches_without_axe(o.numero):
            out.append("Fiches sans axe (intitulé du plan précédent)")
            out += [f.libelle for f in p.fiches_without_axe(o.numero)]
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory, rep_db, rep_config, browser):
    """CLI builds, once: {(pack, territoire, format): path}."""
    d = tmp_path_factory.mktemp("packs")
    out = {}
    for pack, terr, fmt in [("comite", "departement:41", "pptx"), ("comite", "departement:41", "pdf"),
                            ("evaluation", "departement:41", "docx"),
                            ("evaluation", "departement:41", "pdf"),
                            ("comite", f"commune:{SMALL_COMMUNE}", "pptx"),
                            ("evaluation", f"commune:{SMALL_COMMUNE}", "docx"),
                            ("evaluation", "mdcs:VEN", "pdf")]:
        path = d / f"{pack}_{terr.replace(':', '_')}.{fmt}"
        rc = main(["build", "--periode", "2025", "--territoire", terr, "--format", fmt,
                   "--pack", pack, "--out", str(path), "--db", rep_db, "--config", rep_config])
        assert rc == 0 and path.exists()
        out[(pack, terr, fmt)] = path
    return out


def _values(opened, settings, terr: str | None = None):
    p = parse_periode("2025")
    ctx = engine.make_ctx(opened.extraction, opened.referentiel, settings, p.debut, p.fin,
                          opened.referentiel.parse_territoire(terr))
    ids = [i for i in KEY_IDS if engine.available(opened.extraction, i)]
    # each figure on its like-for-like window, as the cards and the packs show it (a délai only
    # up to the last month whose follow-up is complete: indicators.coverage.window)
    return {i: format_value(engine.compute_values(coverage.measured(ctx, i)[0], [i])[i],
                            REGISTRY[i].format) for i in ids}


def _slide_texts(slide) -> list[str]:
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame and sh.name != "Numéro de diapositive":
            out.append(sh.text_frame.text)
        if sh.has_table:
            out += [c.text for r in sh.table.rows for c in r.cells]
    return out


def test_help_in_french():
    r = subprocess.run([sys.executable, "-m", "reports", "build", "--help"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    for text in ("--periode", "AAAA-Tn", "--territoire", "mdcs:VEN", "--toutes-mdcs", "comité"):
        assert text in r.stdout


@pytest.mark.parametrize("args, msg", [
    (["--periode", "2025-T9"], "Période"),
    (["--periode", "2025", "--territoire", "mdcs:XXX"], "inconnu"),
])
def test_errors_exit_2_in_french(args, msg, rep_db, rep_config, tmp_path, capsys):
    rc = main(["build", *args, "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--db", rep_db,
               "--config", rep_config])
    assert rc == 2 and msg in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_pptx_comite(built, opened, rep_settings):
    prs = Presentation(str(built[("comite", "departement:41", "pptx")]))
    slides = list(prs.slides)
    texts = [_slide_texts(s) for s in slides]
    assert "Comité de suivi de la politique d'insertion" in texts[0]
    assert any("Loir-et-Cher (41) — année 2025" in t for t in texts[0])
    assert "Synthèse" in texts[1]
    summary = " | ".join(texts[1])
    for i, v in _values(opened, rep_settings).items():
        assert REGISTRY[i].label in summary and v in texts[1], (i, v)
    n_keys = len(_values(opened, rep_settings))
    titles = [next((x for x in t if x), "") for t in texts]
    # title, summary, 3 tables, one series chart per key indicator, one territorial chart per key
    # indicator, the « Suivi des plans d'action » (its section slide and one table per orientation,
    # cut in pages), definitions (5 per slide) and method annex
    annex = -(-n_keys // 5) + 1
    suivi = [t for t in titles if re.match(r"^Orientation [1-4] — ", t)]
    assert {t.split(" — ")[0] for t in suivi} == {f"Orientation {o}" for o in (1, 2, 3, 4)}
    assert "Suivi des plans d'action" in titles
    assert len(slides) == 2 + 3 + 2 * n_keys + 1 + len(suivi) + annex
    assert sum("évolution par mois" in t for t in titles) == n_keys
    assert sum(" par MDCS" in t for t in titles) >= n_keys
    pics = sum(1 for s in slides for sh in s.shapes if sh.shape_type == 13)
    assert pics == 2 * n_keys
    assert any("Annexe — définitions" in t for t in titles)
    assert all("données au 15/01/2026" in " ".join(t) for t in texts[1:])


def test_docx_evaluation(built, opened, rep_settings):
    doc = Document(str(built[("evaluation", "departement:41", "docx")]))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    plan_heads = [h for h in heads if PLAN_HEAD.match(h)]
    assert plan_heads == plan_titles()  # the plan's orientation / axe / fiche titles, in order
    assert "Annexe 2 — Critères d'évaluation du PDI-PTI et leur mesure" in heads
    annex = next(t for t in doc.tables if t.rows[0].cells[1].text == "Critère")
    crits = [r.cells[1].text for r in annex.rows[1:]]
    assert crits == list(load_plan().criteres)  # every criterion, measured or not
    assert {r.cells[3].text for r in annex.rows[1:]} == {"oui", "non"}
    assert "Synthèse" in heads and "Annexe 1 — Méthodologie" in heads
    assert "Secret statistique" in heads and "Source des données" in heads
    summary = doc.tables[0]
    got = {r.cells[0].text: r.cells[1].text for r in summary.rows[1:]}
    for i, v in _values(opened, rep_settings).items():
        assert got[REGISTRY[i].label] == v
    assert summary.rows[0].cells[2].text == "Année 2024"  # the comparison column
    assert len(doc.inline_shapes) >= 10
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "15/01/2026" in body


def test_pdf_packs_pages_and_text(built, opened, rep_settings):
    comite = PdfReader(str(built[("comite", "departement:41", "pdf")]))
    n_keys = len(_values(opened, rep_settings))
    assert len(comite.pages) >= 2 + 2 * n_keys
    first = comite.pages[0].extract_text()
    assert "Comité de suivi" in first and "année 2025" in first
    summary = comite.pages[1].extract_text()
    for i, v in _values(opened, rep_settings).items():
        assert v.replace("\u202f", " ") in summary.replace("\u202f", " "), (i, v)
    ev = PdfReader(str(built[("evaluation", "departement:41", "pdf")]))
    text = "\n".join(p.extract_text() for p in ev.pages)
    for o in load_plan().orientations:
        assert f"Orientation {o.numero} — {o.titre}"[:60] in text.replace("\n", " ")
    assert "Annexe — critères d'évaluation du PDI-PTI et leur mesure" in text.replace("\n", " ")
    assert "Annexe — méthodologie" in text and len(ev.pages) >= 15
    assert ev.metadata.title.startswith("Évaluation du Programme départemental d'insertion")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils absent")
def test_pdf_pages_are_not_blank(built, tmp_path):
    from PIL import Image, ImageStat

    pdf = built[("evaluation", "mdcs:VEN", "pdf")]
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True,
                   timeout=120)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(PdfReader(str(pdf)).pages)
    for p in pages:
        stat = ImageStat.Stat(Image.open(p).convert("L"))
        assert stat.var[0] > 20, f"page {p.name} blanche"
    # chart pages carry much more ink than a text-only page
    assert max(ImageStat.Stat(Image.open(p).convert("L")).var[0] for p in pages) > 500


def test_small_territory_tables_have_no_small_counts(built, rep_settings):
    seuil = rep_settings.seuil_secret
    prs = Presentation(str(built[("comite", f"commune:{SMALL_COMMUNE}", "pptx")]))
    cells = [c.text for s in prs.slides for sh in s.shapes if sh.has_table
             for r in list(sh.table.rows)[1:] for c in r.cells]
    doc = Document(str(built[("evaluation", f"commune:{SMALL_COMMUNE}", "docx")]))
    cells += [c.text for t in doc.tables for r in t.rows[1:] for c in r.cells]
    assert cells and f"< {seuil}" in cells
    assert not [c for c in cells if SMALL_INT.match(c.strip())]
    summary = _slide_texts(list(prs.slides)[1])
    assert f"< {seuil}" in summary and not [t for t in summary if SMALL_INT.match(t.strip())]


def test_exports_are_audited(built, rep_settings):
    lines = audit.read_log(rep_settings)
    assert len(lines) >= len(built)
    last = lines[-1]
    assert set(last) >= {"quand", "qui", "pack", "format", "territoire", "periode", "sortie"}
    assert (last["pack"], last["format"], last["territoire"], last["periode"]) == \
        ("evaluation", "pdf", "mdcs:VEN", "2025")
    assert last["sortie"].endswith(".pdf")


def test_cli_audit_names_the_os_account_not_an_environment_variable(rep_settings, monkeypatch):
    import pwd

    monkeypatch.setenv("DECLIK_USER", "m.martin")  # anyone can set it: ignored
    monkeypatch.setenv("USER", "quelquun")
    entry = audit.log_export(rep_settings, pack="graphique", format="png", territoire="departement:41",
                             periode="2025")
    assert entry["qui"] == pwd.getpwuid(os.getuid()).pw_name
    assert entry["qui_source"] == "compte système" and entry["role"] == ""
    assert json.loads(audit.audit_path(rep_settings).read_text(encoding="utf-8").splitlines()[-1]) == entry


def test_out_is_never_overwritten_without_force(rep_db, rep_config, tmp_path, capsys):
    out = tmp_path / "existant.pdf"
    out.write_bytes(b"ancien")
    rc = main(["build", "--periode", "2025", "--format", "pdf", "--out", str(out), "--db", rep_db,
               "--config", rep_config])
    assert rc == 2 and out.read_bytes() == b"ancien"
    err = capsys.readouterr().err
    assert "existe déjà" in err and "--force" in err
    d = tmp_path / "dossier.pdf"
    d.mkdir()
    assert main(["build", "--periode", "2025", "--format", "pdf", "--out", str(d), "--force",
                 "--db", rep_db, "--config", rep_config]) == 2


def test_force_replaces_the_file(rep_db, rep_config, tmp_path, browser):
    out = tmp_path / "remplace.docx"
    out.write_bytes(b"ancien")
    assert main(["build", "--periode", "2025", "--format", "docx", "--out", str(out), "--force",
                 "--db", rep_db, "--config", rep_config]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_toutes_mdcs_zip(rep_db, rep_config, tmp_path, browser):
    out = tmp_path / "mdcs.zip"
    rc = main(["build", "--periode", "2025-T4", "--format", "pptx", "--toutes-mdcs", "--out", str(out),
               "--db", rep_db, "--config", rep_config])
    assert rc == 0
    with zipfile.ZipFile(out) as z:
        names = sorted(z.namelist())
        assert names == sorted(f"declik_comite_2025-T4_mdcs-{c}.pptx"
                               for c in ("BLO", "NLC", "ROM", "SUD", "VEN"))
        prs = Presentation(io.BytesIO(z.read("declik_comite_2025-T4_mdcs-VEN.pptx")))
        assert "MDCS Vendôme — 4e trimestre 2025" in _slide_texts(list(prs.slides)[0])
