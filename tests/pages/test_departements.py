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
from tests.helpers.apptest import ROOT, app, as_read
from tests.helpers.config import CONFIGS, config_settings
from tests.pages import synthetic

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
                "--debut", "2025-01-01", "--fin", "2025-12-31", "--territoire", f"{niveau}:{code}")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["territoire"] == f"{niveau}:{code}"
        assert out["indicateurs"]["personnes_sdd"] is not None


def test_cli_refuses_a_level_of_the_other_departement(dep):
    d, url, _ = dep
    other = "mdcs:VEN" if d == "45" else "zone_emploi:2409"
    r = cli("-m", "indicators", "compute", "--config", str(CONFIGS[d]), "--db", url,
            "--debut", "2025-01-01", "--fin", "2025-12-31", "--territoire", other)
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
