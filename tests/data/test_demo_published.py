"""The demonstration extraction tells Loir-et-Cher's published story: every figure of
shared/referentiel/chiffres_publies_41.md is computed back from the generated SQLite file through
the indicator library (the same code the dashboard uses) and checked against its tolerance."""
from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data.demo import calibration as cal
from data.demo import generate
from data.opening import open_extraction
from indicators.engine import compute, compute_values, make_ctx

pytestmark = pytest.mark.slow  # generates the demo

# Published head-count at 31/12/2017 by MDCS (chiffres_publies_41.md).
MDCS_2017 = {"BLO": 3337, "VEN": 1550, "NLC": 993, "ROM": 1902, "SUD": 1512}


@pytest.fixture(scope="session")
def demo(tmp_path_factory, settings):
    path = tmp_path_factory.mktemp("demo") / "demo_41.sqlite"
    generate(path)
    opened = open_extraction(settings, url=f"sqlite:///{path}")
    assert opened.usable, opened.report.to_text()
    return opened


def ctx_for(demo, settings, debut: date, fin: date):
    return make_ctx(demo.extraction, demo.referentiel, settings, debut, fin)


@pytest.fixture(scope="session")
def ctx_2017(demo, settings):
    return ctx_for(demo, settings, date(2017, 12, 1), date(2017, 12, 31))


def shares(df: pl.DataFrame, key: str) -> dict[str, float]:
    total = df["valeur"].sum()
    return {k: 100.0 * v / total for k, v in zip(df[key], df["valeur"], strict=True)}


def test_no_row_level_error(demo):
    assert not demo.report.errors, demo.report.to_text()


def test_headcount_by_mdcs_within_3_percent(ctx_2017):
    df = compute(ctx_2017, ["personnes_sdd"], by=("mdcs",))["personnes_sdd"]
    got = dict(zip(df["mdcs"], df["valeur"], strict=True))
    assert set(got) == set(MDCS_2017)
    for code, published in MDCS_2017.items():
        assert abs(got[code] / published - 1) <= 0.03, (code, got[code], published)
    assert sum(MDCS_2017.values()) == 9294


def test_headcount_by_canton_within_3_percent(ctx_2017):
    published: dict[str, int] = {}
    for _, canton, n in cal.EFFECTIFS_2017:
        published[canton] = published.get(canton, 0) + n
    df = compute(ctx_2017, ["personnes_sdd"], by=("canton",))["personnes_sdd"]
    got = dict(zip(df["canton"], df["valeur"], strict=True))
    assert set(got) == set(published)  # no "canton non déterminé" in the 2017 stock
    for code, n in published.items():
        assert abs(got[code] / n - 1) <= 0.03, (code, got[code], n)
    assert published["4104"] == 346 + 50 and published["4105"] == 274 + 69


def test_foyers_beneficiaires_june_2016_and_2018(demo, settings):
    for fin, published in ((date(2016, 6, 30), cal.FOYERS_JUIN_2016),
                           (date(2018, 6, 30), cal.FOYERS_JUIN_2018)):
        v = compute_values(ctx_for(demo, settings, fin.replace(day=1), fin),
                           ["foyers_beneficiaires"])["foyers_beneficiaires"]
        assert abs(v / published - 1) <= 0.03, (fin, v, published)


def test_anciennete_within_2_points(ctx_2017):
    df = compute(ctx_2017, ["foyers_beneficiaires"], by=("anciennete",))["foyers_beneficiaires"]
    got = shares(df, "anciennete")
    for band, published, _, _ in cal.ANCIENNETE_2017:
        assert abs(got.get(band, 0.0) - published) <= 2.0, (band, got.get(band), published)


def test_situation_familiale_within_2_points(ctx_2017):
    df = compute(ctx_2017, ["foyers_beneficiaires"],
                 by=("situation_familiale",))["foyers_beneficiaires"]
    got = shares(df, "situation_familiale")
    for sit, published in cal.SITUATIONS_PUBLIEES.items():
        assert abs(got[sit] - published) <= 2.0, (sit, got[sit], published)
    with_children = sum(got[s] for s in cal.AVEC_ENFANTS)
    assert abs(with_children - 45.3) <= 3.0


def test_allocataires_age(ctx_2017):
    df = compute(ctx_2017, ["personnes_sdd"], by=("tranche_age", "role"))["personnes_sdd"]
    got = shares(df.filter(pl.col("role") == "allocataire"), "tranche_age")
    under_40 = got["moins_25"] + got["25_29"] + got["30_39"]
    over_50 = got["50_59"] + got["60_plus"]
    assert 50.0 <= under_40 <= 56.0, under_40
    assert 22.0 <= over_50 <= 28.0, over_50


def test_persons_per_foyer_and_couples(ctx_2017):
    v = compute_values(ctx_2017, ["personnes_sdd", "foyers_beneficiaires"])
    assert 1.2 <= v["personnes_sdd"] / v["foyers_beneficiaires"] <= 1.3


def test_about_a_fifth_leave_within_a_year(demo):
    droit = demo.extraction.tables["droit"]
    d, y = date(2017, 12, 31), date(2018, 12, 31)
    stock = droit.filter((pl.col("date_ouverture") <= d)
                         & (pl.col("date_fin").is_null() | (pl.col("date_fin") > d)))
    left = stock.filter(pl.col("date_fin") <= y).height
    assert 0.19 <= left / stock.height <= 0.26, left / stock.height


def test_delai_orientation_falls_to_the_target(demo, settings):
    mean = {y: compute_values(ctx_for(demo, settings, date(y, 1, 1), date(y, 12, 31)),
                              ["delai_orientation_moyen_j"])["delai_orientation_moyen_j"]
            for y in range(2015, 2027)}
    assert 100 <= mean[2015] <= 140, mean  # ~4 months
    assert 45 <= mean[2018] <= 75, mean  # ~2 months
    assert mean[2015] > mean[2016] > mean[2017] > mean[2018] > mean[2019]
    assert all(mean[y] < 42 for y in range(2020, 2027)), mean
    entrants_2020 = compute_values(ctx_for(demo, settings, date(2020, 1, 1), date(2026, 11, 1)),
                                   ["delai_orientation_moyen_j"])["delai_orientation_moyen_j"]
    assert entrants_2020 < 42


def test_orientations_france_travail_and_types(demo, settings):
    ctx = ctx_for(demo, settings, date(2015, 1, 1), date(2026, 11, 1))
    v = compute_values(ctx, ["part_orientations_france_travail", "part_orientation_professionnelle"])
    assert 0.25 <= v["part_orientations_france_travail"] <= 0.30, v
    o = demo.extraction.tables["orientation"]
    assert o.filter((pl.col("organisme") == "france_travail")
                    & (pl.col("type_orientation") != "professionnelle")).height == 0
    assert o.filter(pl.col("organisme").is_in(["mdcs", "cias_ccas"])
                    & (pl.col("type_orientation") != "sociale")).height == 0
    assert o.filter(pl.col("origine") == "equipe_pluridisciplinaire").height > 50


def test_parcours_rates_are_plausible(demo, settings):
    for y in (2016, 2019, 2024):
        v = compute_values(ctx_for(demo, settings, date(y, 1, 1), date(y, 12, 31)),
                           ["taux_cer_valide", "taux_absenteisme", "taux_orientation",
                            "taux_sorties_dynamiques", "taux_emploi_durable"])
        assert 0.44 <= v["taux_cer_valide"] <= 0.56, (y, v)  # DREES: 49 %
        assert 0.15 <= v["taux_absenteisme"] <= 0.25, (y, v)
        assert 0.8 <= v["taux_orientation"] <= 0.97, (y, v)
        assert 0.3 <= v["taux_sorties_dynamiques"] <= 0.65, (y, v)
        assert v["taux_emploi_durable"] < v["taux_sorties_dynamiques"]


def test_job41_from_2017(demo, settings):
    v2016 = compute_values(ctx_for(demo, settings, date(2016, 1, 1), date(2016, 12, 31)),
                           ["inscrits_plateforme"])
    v2018 = compute_values(ctx_for(demo, settings, date(2018, 1, 1), date(2018, 12, 31)),
                           ["inscrits_plateforme", "cv_deposes"])
    assert v2016["inscrits_plateforme"] == 0
    assert v2018["cv_deposes"] > 1500
    job = demo.extraction.tables["plateforme_emploi"]
    early = job.filter(pl.col("date_inscription") <= date(2018, 12, 31))
    assert 300 <= early["nb_propositions"].sum() <= 500


def test_fajd_declines_by_a_third(demo, settings):
    demandes = {y: compute_values(ctx_for(demo, settings, date(y, 1, 1), date(y, 12, 31)),
                                  ["fajd_demandes"])["fajd_demandes"] for y in (2015, 2018)}
    assert abs(demandes[2018] / demandes[2015] - (1 - 0.335)) <= 0.03, demandes
    fajd = demo.extraction.tables["aide_fajd"]
    natures = fajd["nature"].value_counts(sort=True)["nature"].to_list()
    assert natures[:2] == ["alimentaire", "transport_mobilite"]


def test_rsa_paid_per_foyer_month(demo, settings):
    for y in (2015, 2018, 2022, 2025):
        v = compute_values(ctx_for(demo, settings, date(y, 1, 1), date(y, 12, 31)),
                           ["montant_rsa_verse", "montant_moyen_par_foyer_mois"])
        assert 500 <= v["montant_moyen_par_foyer_mois"] <= 650, (y, v)


def test_stock_roughly_stable_after_2018(demo, settings):
    stocks = [compute_values(ctx_for(demo, settings, date(y, 12, 1), date(y, 12, 31)),
                             ["foyers_beneficiaires"])["foyers_beneficiaires"]
              for y in range(2018, 2026)]
    assert max(stocks) / min(stocks) < 1.08, stocks


def test_entries_are_seasonal_and_returns_exist(demo, settings):
    ctx = ctx_for(demo, settings, date(2019, 1, 1), date(2025, 12, 31))
    df = compute(ctx, ["entrees"], by=("mois",))["entrees"]
    by_month = df.group_by(pl.col("mois").dt.month().alias("m")).agg(pl.col("valeur").sum())
    per_m = dict(zip(by_month["m"], by_month["valeur"], strict=True))
    assert per_m[10] > 1.2 * per_m[6]  # autumn peak, early-summer trough
    droit = demo.extraction.tables["droit"]
    multi = droit.group_by("id_foyer").len().filter(pl.col("len") >= 2).height
    assert multi / droit["id_foyer"].n_unique() > 0.1
    motifs = droit["motif_fin"].drop_nulls().value_counts(sort=True)["motif_fin"].to_list()
    assert motifs[0] == "reprise_activite"
