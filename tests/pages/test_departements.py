"""The same application on two départements by configuration only: Loir-et-Cher (config.toml)
and the Loiret (config.45.toml, first level « bassins d'emploi »). Pages, the Carte page with the
places of the offer, and the command lines run on a small synthetic extraction of each
département, with its own configuration (DECLIK_CONFIG / --config)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from data.referentiel import referentiel_of
from tests.helpers.apptest import ROOT, app, as_read, page_failures
from tests.helpers.config import CONFIGS, config_settings
from tests.pages import synthetic
from ui.pages_list import available_pages

pytestmark = pytest.mark.slow  # AppTests and command lines on two synthetic extractions (~3 min)

DEPS = ("41", "45")
FIRST = {"41": ("mdcs", "MDCS", "VEN"), "45": ("zone_emploi", "Bassin d'emploi", "2410")}


@pytest.fixture(scope="module", params=DEPS)
def dep(request, tmp_path_factory):
    d = request.param
    ref = referentiel_of(config_settings(d))
    url = synthetic.write(tmp_path_factory.mktemp(f"dep{d}") / f"s{d}.sqlite", n_foyers=700, ref=ref)
    return d, url, ref


def run(dep, page, monkeypatch, **kw):
    d, url, _ = dep
    monkeypatch.setenv("DECLIK_CONFIG", str(CONFIGS[d]))
    return app(url, page, **kw)


def body(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [s.value for s in at.subheader] + [t.value for t in at.title]
    parts += [i.value for i in at.info]
    return as_read("\n".join(str(p) for p in parts))


def test_carte_with_places_and_access(dep, monkeypatch):
    d, _, ref = dep
    niveau, label, _ = FIRST[d]
    at = run(dep, "pages/carte.py", monkeypatch,
             state={"carte_niveau": niveau, "carte_indicateur": "personnes_sdd"})
    assert not at.exception, [e.value for e in at.exception]
    txt = body(at)
    assert f"par {ref.nom_niveau(niveau)} — {ref.departement_nom}" in txt
    assert "Accès à l'offre d'insertion" in txt and "non disponible" not in txt
    assert at.toggle(key="carte_lieux").value is True
    assert at.selectbox(key="carte_offre_type").options[0] == "MDCS ou antenne"
    assert f"Évolution par {ref.nom_niveau(niveau)}" in txt
    seg = at.get("segmented_control")[0]
    assert label in seg.options or niveau in seg.options


@pytest.mark.parametrize("niveau", ["arrondissement", "zone_emploi", "canton"])
def test_carte_at_the_new_levels(dep, monkeypatch, niveau):
    at = run(dep, "pages/carte.py", monkeypatch,
             state={"carte_niveau": niveau, "carte_indicateur": "personnes_sdd"})
    assert not at.exception, [e.value for e in at.exception]
    d, _, ref = dep
    assert f"par {ref.nom_niveau(niveau)}" in body(at)
    if niveau == "zone_emploi" and d == "41":  # three zones mostly outside: the part inside
        assert "(partie du département)" in " ".join(
            str(v) for df in at.dataframe for v in df.value.iloc[:, 1].tolist())


@pytest.mark.parametrize("page", ["pages/synthese.py", "pages/territoires.py",
                                  "pages/parcours.py", "pages/budget.py"])
def test_pages_on_a_first_level_unit(dep, monkeypatch, page):
    d, _, ref = dep
    niveau, label, code = FIRST[d]
    at = run(dep, page, monkeypatch, query={"territoire": f"{niveau}:{code}"})
    assert not at.exception, [e.value for e in at.exception]
    assert f"{label} {ref.label(niveau, code)}" in body(at) + " ".join(
        str(s.value) for s in at.sidebar.selectbox)
    if page == "pages/territoires.py":  # the fiche: access map and « territoires peu pourvus »
        assert "Accès à l'offre d'insertion" in body(at) and "non disponible" not in body(at)
        _check_access_tables(at, label, ref.label(niveau, code))


TYPES = ["MDCS ou antenne", "France Travail", "Mission locale", "CCAS / CIAS", "Point numérique",
         "SIAE", "Organisme de formation"]


def _check_access_tables(at, label: str, where: str | None) -> None:
    """The fiche's access panel: the share of personnes SDD far from each type of place (every
    type of the synthetic lieu), then « territoires peu pourvus » by the level, a column per type."""
    frames = [df.value for df in at.dataframe]
    by_type = next(f for f in frames if list(f.columns)[:1] == ["Type de lieu"])
    assert by_type["Type de lieu"].tolist() == TYPES
    share = "Part des personnes SDD à plus de 15 km"
    assert list(by_type.columns)[2:] == ([f"{share} — {where}"] if where else []) + [
        f"{share} — département"]
    ranking = next(f for f in frames if list(f.columns)[:2] == ["Rang", label])
    assert list(ranking.columns)[2:] == ["Types éloignés", "Personnes SDD", *TYPES]


def test_territoires_fiche_of_the_departement_has_the_offer(dep, monkeypatch):
    d, _, ref = dep
    _, label, _ = FIRST[d]
    at = run(dep, "pages/territoires.py", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    _check_access_tables(at, label, None)


PERIODES = ("2025", None, "2025-T3", "2025-03", "2024-07-01_2025-06-30")  # None: the defaults


def test_every_page_on_every_level_of_the_loiret(dep, monkeypatch):
    """The Loiret's sweep (Loir-et-Cher's is tests/pages/test_sweep.py): every page for the
    département, one unit of each of its levels (the first by code; the smallest commune) and a
    period kind rotated across pages — no exception, no error, no English, the headline shown."""
    d, _, ref = dep
    if d != "45":
        pytest.skip("Loir-et-Cher : tests/pages/test_sweep.py passe chaque page sur chaque unité")
    units = ["departement"] + [f"{n}:{ref.units(n).sort('code')['code'][0]}"
                               for n in ref.level_ids[1:]]
    units.append(f"commune:{ref.units('commune').sort('population', 'code')['code'][0]}")
    failures = []
    for k, page in enumerate(available_pages()):
        for i, unit in enumerate(units):
            periode = PERIODES[(i + k) % len(PERIODES)]
            query = {"territoire": unit} | ({"periode": periode} if periode else {})
            at = run(dep, page.path, monkeypatch, query=query)
            failures += page_failures(at, page, f"{page.url_path} {unit} {periode or 'défaut'}")
    assert not failures, "\n".join(failures)


def test_carte_without_lieu_says_not_available(monkeypatch, tmp_path):
    ref = referentiel_of(config_settings("45"))
    t = synthetic.tables(n_foyers=300, ref=ref)
    del t["lieu"]
    from data.writer import write_extraction

    url = f"sqlite:///{tmp_path / 'sans_lieu.sqlite'}"
    write_extraction(url, t)
    monkeypatch.setenv("DECLIK_CONFIG", str(CONFIGS["45"]))
    at = app(url, "pages/carte.py", state={"carte_indicateur": "personnes_sdd"})
    assert not at.exception, [e.value for e in at.exception]
    assert "non disponible" in body(at)
    assert "Classes : " in body(at)  # the rest of the page works


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_cli_compute_on_every_level(dep):
    d, url, ref = dep
    for niveau in ref.level_ids[1:]:
        code = ref.units(niveau)["code"][0]
        r = cli("-m", "indicators", "compute", "--config", str(CONFIGS[d]), "--db", url,
                "--periode", "2025", "--territoire", f"{niveau}:{code}")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["territoire"] == f"{niveau}:{code}"
        assert out["indicateurs"]["personnes_sdd"] is not None


def test_cli_refuses_a_level_of_the_other_departement(dep):
    d, url, _ = dep
    other = "mdcs:VEN" if d == "45" else "zone_emploi:2409"
    r = cli("-m", "indicators", "compute", "--config", str(CONFIGS[d]), "--db", url,
            "--periode", "2025", "--territoire", other)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and ("invalide" in r.stderr or "inconnu" in r.stderr)


def test_plan_page_follows_the_configured_plan(dep, monkeypatch):
    """Loir-et-Cher: the configured PDI-PTI (coverage figure); the Loiret: no plan is configured
    (config.45.toml, [plan] empty), said in French, no exception."""
    d, _, _ = dep
    at = run(dep, "pages/plan.py", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    txt = body(at)
    if d == "45":
        assert "Aucun plan d'action départemental d'insertion n'est configuré" in txt
        assert not at.metric
    else:
        assert "Aucun plan" not in txt
        assert at.metric[0].label == "Critères d'évaluation mesurés"
        assert at.metric[0].value.endswith("sur 167")


def test_pdi_pages_without_any_plan_file(monkeypatch, tmp_path):
    """The Loiret with no plan CSV at all in data/pdi (not even Loir-et-Cher's): the registry
    reads no plan at import, the Plan and Définitions pages say in French that no plan is
    configured, nothing crashes."""
    import data.plan as pdi

    missing = tmp_path / "aucun_plan"
    monkeypatch.setattr(pdi, "AXES_CSV", missing / "axes.csv")
    monkeypatch.setattr(pdi, "FICHES_CSV", missing / "fiches.csv")
    assert pdi.default_plan() is None
    r = cli("-c", "import data.plan as p; from pathlib import Path; "
                  "p.AXES_CSV = p.FICHES_CSV = Path('/aucun/plan.csv'); "
                  "import indicators.engine; from indicators.views import definitions; "
                  "t = definitions('', None); print(t.display.height, "
                  "t.display['Fiche action du PDI'].unique().to_list())")
    assert r.returncode == 0, r.stderr
    assert "Aucun plan d'action configuré" in r.stdout
    ref = referentiel_of(config_settings("45"))
    url = synthetic.write(tmp_path / "s45.sqlite", n_foyers=200, ref=ref)
    dep = ("45", url, ref)
    at = run(dep, "pages/plan.py", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert "Aucun plan d'action départemental d'insertion n'est configuré" in body(at)
    at = run(dep, "pages/definitions.py", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    fiches = {str(v) for df in at.dataframe for v in df.value["Fiche action du PDI"].tolist()}
    assert "Aucun plan d'action configuré" in fiches
    assert not any(f.startswith("PDI 37") for f in fiches)  # no fiche of another plan


@pytest.mark.parametrize("fmt,pack", [("pdf", "comite"), ("pptx", "comite"),
                                      ("docx", "evaluation"), ("xlsx", "partenaires")])
def test_cli_reports_build_on_the_loiret(tmp_path, fmt, pack, loiret_small):
    """``python -m reports build --config config.45.toml``: one pack per format on a small
    Loiret extraction, headed with the Loiret's own words (« du Loiret », bassins d'emploi)."""
    out = tmp_path / f"pack.{fmt}"
    cfg = tmp_path / "config_45.toml"  # the tests' config.45.toml, its audit file kept aside
    cfg.write_text(CONFIGS["45"].read_text(encoding="utf-8").replace(
        'fichier = "logs/exports_audit.jsonl"', f'fichier = "{tmp_path / "audit.jsonl"}"'),
        encoding="utf-8")
    r = cli("-m", "reports", "build", "--config", str(cfg), "--db", loiret_small,
            "--periode", "2025", "--format", fmt, "--pack", pack, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "audit.jsonl").read_text(encoding="utf-8").count("\n") == 1
    data = out.read_bytes()
    assert data[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    if fmt == "docx":
        import io

        from docx import Document

        doc = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
        assert "Conseil départemental du Loiret" in text
        assert "Loir-et-Cher" not in text and not any("Loir-et-Cher" in c for c in cells)
        assert "Accès à l'offre d'insertion" in text and "Bassin d'emploi" in cells


def test_cli_indicators_compute_on_the_loiret(loiret_small):
    r = cli("-m", "indicators", "compute", "--config", str(CONFIGS["45"]), "--db", loiret_small,
            "--periode", "2025")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["territoire"] == "departement:45" and out["indicateurs"]["personnes_sdd"] > 0


@pytest.fixture(scope="module")
def loiret_small(tmp_path_factory):
    ref = referentiel_of(config_settings("45"))
    return synthetic.write(tmp_path_factory.mktemp("l45") / "s45.sqlite", n_foyers=250, ref=ref)
