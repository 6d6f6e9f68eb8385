"""The demonstration generator: deterministic, every contract table filled, valid rows (ids,
codes, keys, date orders), ``echelle`` copies with distinct ids, and its command line."""
from __future__ import annotations

import sqlite3
from datetime import date

import polars as pl
import pytest

from data.demo import build_demo
from data.demo.__main__ import main
from data.demo.ecriture import write_sqlite
from data.schema import TABLES

DATE_EXTRACTION = date(2026, 11, 1)


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return build_demo(seed=7)


def test_every_contract_table_is_filled_with_contract_columns(tables):
    assert set(tables) == set(TABLES)
    for name, df in tables.items():
        assert df.height > 0, name
        assert df.columns == TABLES[name].column_names, name  # no names or extra person data
    ext = tables["extraction"].row(0, named=True)
    assert ext["date_extraction"] == DATE_EXTRACTION and ext["departement"] == "41"


@pytest.mark.slow  # two more demo generations
def test_same_seed_same_tables_other_seed_other_tables(tables):
    again = build_demo(seed=7)
    for name, df in tables.items():
        assert df.equals(again[name]), name
    other = build_demo(seed=8)
    assert not other["droit"].equals(tables["droit"])


def test_ids_unique_and_keys_valid(tables):
    for name, spec in TABLES.items():
        df = tables[name]
        if spec.pk:
            assert df[spec.pk].n_unique() == df.height, name
        for col in spec.columns:
            if col.fk:
                parent, key = col.fk.split(".")
                missing = df.filter(~pl.col(col.name).is_in(tables[parent][key].implode()))
                assert missing.height == 0, (name, col.name)


def test_codes_nulls_and_ranges_follow_the_contract(tables):
    for name, spec in TABLES.items():
        df = tables[name]
        for col in spec.columns:
            s = df[col.name]
            if not col.nullable:
                assert s.null_count() == 0, (name, col.name)
            if col.codes is not None:
                bad = set(s.drop_nulls().unique().to_list()) - set(col.codes)
                assert not bad, (name, col.name, bad)
            if col.min_value is not None:
                assert s.drop_nulls().min() >= col.min_value, (name, col.name)
            if col.max_value is not None:
                assert s.drop_nulls().max() <= col.max_value, (name, col.name)


def test_droit_periods_never_overlap_and_motif_iff_fin(tables):
    d = tables["droit"].sort("id_foyer", "date_ouverture")
    assert d.filter(pl.col("date_fin") <= pl.col("date_ouverture")).height == 0
    assert d.filter(pl.col("date_fin").is_null() != pl.col("motif_fin").is_null()).height == 0
    nxt = d.with_columns(pl.col("date_ouverture").shift(-1).over("id_foyer").alias("next_open"))
    overlap = nxt.filter(pl.col("next_open").is_not_null()
                         & (pl.col("date_fin").is_null() | (pl.col("date_fin") > pl.col("next_open"))))
    assert overlap.height == 0
    assert d["date_ouverture"].min() < date(2015, 1, 1)  # long-term stock opened before the demo
    assert d.group_by("id_foyer").len()["len"].max() >= 3  # exits and returns


def test_date_orders(tables):
    o = tables["orientation"]
    assert o.filter(pl.col("date_debut_accompagnement") < pl.col("date_orientation")).height == 0
    ep = tables["ep_saisine"]
    assert ep.filter(pl.col("date_notification") < pl.col("date_saisine")).height == 0
    assert ep.filter(pl.col("date_passage_ep").is_null() != pl.col("decision").is_null()).height == 0
    assert tables["cer"].filter(pl.col("date_fin") < pl.col("date_signature")).height == 0
    p = tables["participation"]
    assert p.filter(pl.col("date_sortie").is_null() != pl.col("resultat").is_null()).height == 0
    assert p.filter(pl.col("date_sortie") < pl.col("date_entree")).height == 0
    assert p["date_sortie"].null_count() > 0  # some in progress
    f = tables["frein"]
    assert f.filter(pl.col("date_levee") <= pl.col("date_diagnostic")).height == 0
    fajd = tables["aide_fajd"]
    assert fajd["age"].is_between(18, 25).all()
    assert fajd.filter(pl.col("decision").is_null() != pl.col("date_decision").is_null()).height == 0
    assert fajd.filter((pl.col("decision") == "accordee") != pl.col("montant").is_not_null()).height == 0
    for name, col in (("droit", "date_ouverture"), ("droit", "date_fin"),
                      ("orientation", "date_orientation"), ("rendez_vous", "date_rdv"),
                      ("ep_saisine", "date_notification"), ("participation", "date_sortie"),
                      ("paiement", "mois"), ("aide_fajd", "date_decision")):
        assert tables[name][col].max() <= DATE_EXTRACTION, (name, col)


def test_every_status_type_and_category_is_present(tables):
    assert set(tables["rendez_vous"]["statut"]) == set(TABLES["rendez_vous"].column("statut").codes)
    assert set(tables["rendez_vous"]["type_rdv"]) == set(TABLES["rendez_vous"].column("type_rdv").codes)
    assert set(tables["action"]["categorie"]) == set(TABLES["action"].column("categorie").codes)
    assert set(tables["ep_saisine"]["decision"].drop_nulls()) == set(
        TABLES["ep_saisine"].column("decision").codes)
    assert set(tables["frein"]["type_frein"]) == set(TABLES["frein"].column("type_frein").codes)
    per_year = tables["action"].group_by("annee").len()["len"]
    assert per_year.min() >= 30 and per_year.max() <= 60
    lieux = tables["lieu"]
    assert lieux.filter(pl.col("type_lieu") == "mdcs")["commune_insee"].sort().to_list() == [
        "41018", "41136", "41151", "41194", "41269"]


def test_split_communes_mostly_carry_their_canton(tables):
    f = tables["foyer"].filter(pl.col("commune_insee").is_in(["41018", "41059"]))
    missing = f["canton_code"].null_count()
    assert 0 < missing < 0.03 * f.height
    assert set(f["canton_code"].drop_nulls()) <= {"4102", "4103", "4104", "4115", "4107"}
    other = tables["foyer"].filter(~pl.col("commune_insee").is_in(["41018", "41059"]))
    assert other["canton_code"].null_count() == other.height


def test_echelle_copies_the_departement_with_distinct_ids(tables, tmp_path):
    small = {k: (v.head(200) if k not in ("extraction",) else v) for k, v in tables.items()}
    path = tmp_path / "x3.sqlite"
    write_sqlite(path, small, echelle=3)
    with sqlite3.connect(path) as conn:
        count = {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in TABLES}
        ids = conn.execute("SELECT COUNT(DISTINCT id_foyer) FROM foyer").fetchone()[0]
        first = conn.execute("SELECT id_foyer FROM foyer ORDER BY id_foyer LIMIT 1").fetchone()[0]
        dates = conn.execute("SELECT DISTINCT date_extraction FROM extraction").fetchall()
    assert count["foyer"] == 3 * small["foyer"].height == ids
    assert count["paiement"] == 3 * small["paiement"].height
    assert count["extraction"] == 1 and count["lieu"] == small["lieu"].height
    assert first.startswith("R001-") and dates == [("2026-11-01",)]


def test_cli_si_absente_keeps_an_existing_file(tmp_path, capsys):
    out = tmp_path / "deja.sqlite"
    out.write_bytes(b"existant")
    assert main(["--out", str(out), "--si-absente"]) == 0
    assert out.read_bytes() == b"existant"
    assert "existe déjà" in capsys.readouterr().out


def test_cli_help_is_french_and_bad_echelle_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "utilisation" in text and "--echelle" in text and "graine" in text
    assert main(["--out", str(tmp_path / "x.sqlite"), "--echelle", "0"]) == 2
    assert not (tmp_path / "x.sqlite").exists()
