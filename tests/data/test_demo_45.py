"""The Loiret's demo (``python -m data.demo --config config.45.toml``) tells what the Département
published: 14 293 foyers bénéficiaires in September 2017, « soit 28 485 personnes couvertes »,
87,9 M€ of RSA paid in 2017 — each recomputed through the indicator library, within ±3 %."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data.demo import calibration as cal
from data.demo import calibration_45 as c45
from data.demo import generate
from data.opening import open_extraction
from indicators.engine import compute_values, make_ctx
from tests.helpers.config import config_settings

pytestmark = pytest.mark.slow  # generates the Loiret's demo (~25 s)


@pytest.fixture(scope="module")
def demo45(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo45") / "demo_45.sqlite"
    s = config_settings("45")
    generate(path, settings=s)
    opened = open_extraction(s, url=f"sqlite:///{path}")
    assert opened.usable, opened.report.to_text()
    return s, opened


def within(got, published, tol=0.03) -> bool:
    return abs(got - published) <= tol * published


def test_published_figures_of_the_loiret(demo45):
    s, op = demo45
    sept = make_ctx(op.extraction, op.referentiel, s, date(2017, 9, 1), date(2017, 9, 30))
    v = compute_values(sept, ["foyers_beneficiaires", "personnes_couvertes"])
    assert within(v["foyers_beneficiaires"], c45.PUBLIE_FOYERS_SEPT_2017), v
    assert within(v["personnes_couvertes"], c45.PUBLIE_PERSONNES_COUVERTES_SEPT_2017), v
    y = make_ctx(op.extraction, op.referentiel, s, date(2017, 1, 1), date(2017, 12, 31))
    rsa = compute_values(y, ["montant_rsa_verse"])["montant_rsa_verse"]
    assert within(rsa, c45.PUBLIE_RSA_2017_EUROS), rsa


def test_loiret_demo_is_on_its_own_referentiel(demo45):
    s, op = demo45
    ext, ref = op.extraction, op.referentiel
    assert ext.lf("extraction").collect()["departement"][0] == "45"
    communes = set(ref.communes["code_insee"].to_list())
    assert set(ext.lf("foyer").collect()["commune_insee"].unique().to_list()) <= communes
    lieux = ext.lf("lieu").collect()
    assert set(lieux["commune_insee"].to_list()) <= communes
    assert lieux.filter(pl.col("type_lieu") == "mdcs").height == 4  # one per bassin d'emploi
    territoires = set(ext.lf("action").collect()["territoire"].unique().to_list())
    assert territoires <= {"departement"} | {f"zone_emploi:{c}" for c in
                                             ref.units("zone_emploi")["code"].to_list()}
    assert not op.report.blocking
    assert cal.DEPARTEMENT == "41"  # generating the Loiret's demo leaves the 41 calibration active


def test_loiret_demo_has_its_own_porteurs_and_behaviour(demo45):
    """Its actions are carried by the Loiret's own (fictitious) structures, named after towns of
    its référentiel, never by a Loir-et-Cher one; its first orientations follow its own shares."""
    s, op = demo45
    ext, ref = op.extraction, op.referentiel
    porteurs = set(ext.lf("action").collect()["porteur"].unique().to_list())
    assert not any("41" in p or "Loir-et-Cher" in p or "Blois" in p or "Vendôm" in p
                   for p in porteurs), porteurs
    assert "Conseil départemental du Loiret" in porteurs
    assert porteurs <= set(c45.PORTEURS.values()) | {"France Travail",
                                                      "Conseil départemental du Loiret"}
    towns = set(ref.communes["nom"].to_list())
    for town in ("Gien", "Orléans"):  # the names used are real Loiret communes
        assert town in towns and any(town in p for p in c45.PORTEURS.values())
    o = ext.lf("orientation").collect()
    ft = o.filter(pl.col("organisme") == "france_travail").height / o.height
    assert 0.30 < ft < 0.42  # the Loiret's 36 % (minus the young sent to the missions locales)
    assert cal.ORGANISMES["france_travail"] == 0.30  # the 41 calibration is active again
