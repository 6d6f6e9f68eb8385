"""Validation of an extraction against the contract: one test per kind of finding, each on a
small valid extraction written to a temporary SQLite file and broken in one place, asserting the
French message (table, column, example value) and the exact row count."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date

import polars as pl
import pytest

from data.validation import Finding, Report, validate  # noqa: F401  (public interface)
from tests.data.validation_cases import (
    only,
    report_of,
    setv,
    sqlite_url,
    valid_tables,
    validate_tables,
    write,
    write_text_table,
)

D = date


@pytest.fixture()
def t() -> dict[str, pl.DataFrame]:
    return valid_tables()


def errors_of(report: Report) -> list[str]:
    return [f.message for f in report.findings if f.severity == "erreur"]


# ---- a valid extraction ---------------------------------------------------------------------
def test_valid_extraction_has_no_finding(tmp_path, t):
    rep = validate_tables(tmp_path, t)
    assert rep.findings == ()
    assert rep.ok and not rep.blocking
    assert rep.rows_set_aside == 0
    assert rep.missing_optional == ()
    assert rep.row_counts["foyer"] == 3 and rep.row_counts["droit"] == 4
    cov = rep.coverage["droit"]
    assert (cov.column, cov.debut, cov.fin) == ("date_ouverture", D(2019, 1, 1), D(2025, 5, 1))
    text = rep.to_text()
    assert "0 erreur, 0 avertissement" in text
    assert "Extraction conforme au contrat" in text
    assert "droit (date_ouverture) : du 01/01/2019 au 01/05/2025" in text


# ---- structure errors -----------------------------------------------------------------------
def test_required_table_missing(tmp_path, t):
    del t["orientation"]
    rep = validate_tables(tmp_path, t)
    f = only(rep, "table_absente")
    assert (f.severity, f.category, f.table) == ("erreur", "structure", "orientation")
    assert "Table orientation absente" in f.message and "obligatoire" in f.message
    assert rep.blocking and not rep.ok


def test_contract_column_missing(tmp_path, t):
    t["personne"] = t["personne"].drop("sexe")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "colonne_absente")
    assert (f.table, f.column, f.category) == ("personne", "sexe", "structure")
    assert f.message.startswith("Table personne, colonne sexe : colonne absente")
    assert rep.blocking
    # the absent column is not also reported as NULL everywhere
    assert not [x for x in rep.findings if x.kind == "valeur_manquante"]


def test_values_that_cannot_be_read_as_the_column_type(tmp_path, t):
    url = write(sqlite_url(tmp_path / "x.sqlite"), t)
    droit = t["droit"].with_columns(pl.col("date_ouverture").cast(pl.Utf8))
    droit = setv(droit, "id_droit", ["D1", "D3"], date_ouverture="2022-13-01")
    droit = setv(droit, "id_droit", "D4", date_ouverture="hier")
    write_text_table(url, "droit", droit)
    foyer = t["foyer"].with_columns(pl.col("nb_enfants").cast(pl.Utf8))
    foyer = setv(foyer, "id_foyer", "F1", nb_enfants="deux")
    foyer = setv(foyer, "id_foyer", "F2", nb_enfants="2.5")
    write_text_table(url, "foyer", foyer)
    rep = report_of(url)
    f = only(rep, "type_illisible", "droit", "date_ouverture")
    assert f.count == 3 and f.category == "structure"
    assert f.message == ("Table droit, colonne date_ouverture : 3 lignes ont une valeur qui ne peut "
                         "pas être lue comme une date (attendu AAAA-MM-JJ) (exemples : "
                         "« 2022-13-01 », « hier »).")
    g = only(rep, "type_illisible", "foyer", "nb_enfants")
    assert g.count == 2 and g.examples == ("deux", "2.5")
    assert "un nombre entier" in g.message
    assert rep.blocking


def test_blank_text_in_a_date_column_is_a_null_not_an_unreadable_value(tmp_path, t):
    url = write(sqlite_url(tmp_path / "x.sqlite"), t)
    orient = t["orientation"].with_columns(pl.col("date_orientation").cast(pl.Utf8))
    write_text_table(url, "orientation", setv(orient, "id_orientation", "O2", date_orientation="  "))
    rep = report_of(url)
    assert not [f for f in rep.findings if f.kind == "type_illisible"]
    f = only(rep, "valeur_manquante", "orientation", "date_orientation")
    assert f.count == 1 and f.examples == ("O2",)


@pytest.mark.parametrize("rows,text", [(2, "contient 2 lignes"), (0, "vide")])
def test_extraction_not_exactly_one_row(tmp_path, t, rows, text):
    t["extraction"] = pl.concat([t["extraction"]] * 2) if rows == 2 else t["extraction"].clear()
    rep = validate_tables(tmp_path, t)
    f = only(rep, "extraction_une_ligne")
    assert f.count == rows and f.category == "structure"
    assert f"Table extraction : la table {text}" in f.message and "exactement une ligne" in f.message
    assert rep.blocking


@pytest.mark.parametrize("table", ["foyer", "personne", "droit"])
def test_empty_core_table(tmp_path, t, table):
    t[table] = t[table].clear()
    rep = validate_tables(tmp_path, t)
    f = only(rep, "table_vide")
    assert f.table == table and f.message == (f"Table {table} : la table est vide ; aucun "
                                              "indicateur ne peut être calculé.")
    assert rep.blocking


def test_duplicate_ids(tmp_path, t):
    t["personne"] = setv(t["personne"], "id_personne", ["P2", "P3"], id_personne="P1")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "identifiant_double")
    assert (f.table, f.column, f.count, f.examples) == ("personne", "id_personne", 3, ("P1",))
    assert f.message.startswith("Table personne, colonne id_personne : 3 lignes portent un "
                                "identifiant présent plusieurs fois (exemple : « P1 »)")
    assert rep.blocking


# ---- row errors -----------------------------------------------------------------------------
def test_unknown_code(tmp_path, t):
    t["personne"] = setv(t["personne"], "id_personne", ["P1", "P2"], sexe="X")
    t["personne"] = setv(t["personne"], "id_personne", "P3", sexe="H")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "code_inconnu")
    assert (f.severity, f.category, f.count) == ("erreur", "lignes", 3)
    assert f.message == ("Table personne, colonne sexe : 3 lignes ont une valeur hors contrat "
                         "(exemples : « X », « H »). Codes attendus : F, M.")
    assert not rep.blocking and not rep.ok
    assert rep.set_aside == {"personne": 3} and rep.rows_set_aside == 3


def test_injection_looking_codes_are_reported_not_executed(tmp_path, t):
    evil = "'; DROP TABLE foyer; --"
    t["foyer"] = setv(t["foyer"], "id_foyer", ["F1", "F2"], situation_familiale=evil)
    t["rendez_vous"] = setv(t["rendez_vous"], "id_rdv", "R1", statut='x"); DELETE FROM droit; --')
    path = tmp_path / "x.sqlite"
    url = write(sqlite_url(path), t)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    rep = report_of(url)
    f = only(rep, "code_inconnu", "foyer")
    assert f.count == 2 and f.examples == (evil,)
    assert f"« {evil} »" in f.message and "colonne situation_familiale" in f.message
    assert only(rep, "code_inconnu", "rendez_vous").count == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the database is untouched
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM foyer").fetchone() == (3,)
        assert con.execute("SELECT count(*) FROM droit").fetchone() == (4,)


@pytest.mark.parametrize("table,key,rows,change,kind,column,count,message", [
    # a NULL in a required column (and a NULL code is not also an unknown code)
    ("orientation", "id_orientation", ["O1", "O3"], {"organisme": None}, "valeur_manquante",
     "organisme", 2, "Table orientation, colonne organisme : 2 lignes sont sans valeur (NULL ou "
                     "vide) alors que la colonne est obligatoire (exemples de id_orientation : "
                     "« O1 », « O3 »)."),
    # a notification before the saisine
    ("ep_saisine", "id_saisine", "S1", {"date_notification": D(2023, 1, 9)},
     "notification_avant_saisine", "date_notification", 1,
     "Table ep_saisine, colonne date_notification : 1 ligne a une date_notification antérieure "
     "à date_saisine (notifiée avant d'être saisie) (exemple de id_saisine : « S1 »)."),
])
def test_broken_rows_are_one_finding_with_its_message(tmp_path, t, table, key, rows, change, kind,
                                                       column, count, message):
    t[table] = setv(t[table], key, rows, **change)
    rep = validate_tables(tmp_path, t)
    f = only(rep, kind)
    assert (f.table, f.column, f.count, f.message) == (table, column, count, message)
    assert [x.kind for x in rep.findings] == [kind]


def test_nullable_column_may_be_null(tmp_path, t):
    t["personne"] = setv(t["personne"], "id_personne", ["P1", "P3", "P4"], niveau_formation=None)
    assert validate_tables(tmp_path, t).findings == ()


@pytest.mark.parametrize("table,key,row,column,value,target", [
    ("personne", "id_personne", "P2", "id_foyer", "F9", "foyer"),
    ("orientation", "id_orientation", "O2", "id_personne", "P9", "personne"),
    ("participation", "id_participation", "PA2", "id_action", "A9", "action"),
    ("paiement", "mois", None, "id_foyer", "F7", "foyer"),
])
def test_broken_foreign_key(tmp_path, t, table, key, row, column, value, target):
    df = t[table]
    t[table] = (df.with_columns(pl.lit(value).alias(column)) if row is None
                else setv(df, key, row, **{column: value}))
    rep = validate_tables(tmp_path, t)
    f = only(rep, "cle_etrangere")
    n = t[table].height if row is None else 1
    assert (f.table, f.column, f.count, f.examples) == (table, column, n, (value,))
    verb = "renvoie" if n == 1 else "renvoient"
    assert f.message == (f"Table {table}, colonne {column} : {n} ligne{'s' if n > 1 else ''} "
                         f"{verb} à un {column} absent de la table {target} (exemple : « {value} »).")


def test_droit_ending_on_or_before_its_opening(tmp_path, t):
    t["droit"] = setv(t["droit"], "id_droit", "D1", date_fin=D(2020, 1, 1))  # same day: empty
    t["droit"] = setv(t["droit"], "id_droit", "D3", date_fin=D(2024, 1, 1), motif_fin="autre")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "fin_avant_ouverture")
    assert (f.table, f.column, f.count, f.examples) == ("droit", "date_fin", 2, ("D1", "D3"))
    assert f.message.startswith("Table droit, colonne date_fin : 2 lignes ont une date_fin "
                                "antérieure ou égale à date_ouverture")
    assert "« D1 », « D3 »" in f.message


def test_overlapping_droit_periods_count_every_row_involved(tmp_path, t):
    extra = pl.DataFrame({
        "id_droit": ["D5", "D6", "D7", "D8"], "id_foyer": ["F1", "F3", "F2", "F2"],
        # D5 inside D2 (open); D6 inside D4 (open); D7 is before D3 and touches it (no overlap);
        # D8 is a long period of F2 covering D7 but not D3.
        "date_ouverture": [D(2022, 6, 1), D(2019, 5, 1), D(2024, 1, 1), D(2023, 1, 1)],
        "date_fin": [D(2022, 9, 1), D(2019, 6, 1), D(2025, 5, 1), D(2024, 6, 1)],
        "motif_fin": ["autre", "autre", "autre", "autre"]})
    t["droit"] = pl.concat([t["droit"], extra])
    rep = validate_tables(tmp_path, t)
    f = only(rep, "droits_chevauchants")
    # F1: D2, D5; F3: D4, D6; F2: D7, D8 (D7 ends the day D3 opens: no overlap with D3)
    assert f.count == 6
    assert f.message.startswith("Table droit, colonnes date_ouverture et date_fin : 6 lignes "
                                "(3 foyers) ont une période de droit qui en chevauche une autre")
    assert set(f.examples) == {"F1", "F2", "F3"}
    assert rep.set_aside["droit"] == 6


def test_an_open_period_overlaps_every_later_one(tmp_path, t):
    # F1: D1 2020-2021, D2 open from 2022-03; add D5 [2021-06, 2021-07) (no overlap),
    # D6 2023 and D7 2025 (both inside the open D2): rows D2, D6, D7 involved.
    extra = pl.DataFrame({
        "id_droit": ["D5", "D6", "D7"], "id_foyer": ["F1"] * 3,
        "date_ouverture": [D(2021, 6, 1), D(2023, 1, 1), D(2025, 1, 1)],
        "date_fin": [D(2021, 7, 1), D(2023, 2, 1), D(2025, 2, 1)], "motif_fin": ["autre"] * 3})
    t["droit"] = pl.concat([t["droit"], extra])
    f = only(validate_tables(tmp_path, t), "droits_chevauchants")
    assert f.count == 3 and f.examples == ("F1",)
    assert "3 lignes (1 foyer)" in f.message


def test_motif_fin_without_date_fin_and_the_reverse(tmp_path, t):
    t["droit"] = setv(t["droit"], "id_droit", ["D2", "D3"], motif_fin="sanction")
    t["droit"] = setv(t["droit"], "id_droit", "D1", motif_fin=None)
    rep = validate_tables(tmp_path, t)
    a = only(rep, "motif_fin_sans_date")
    assert (a.table, a.column, a.count, a.examples) == ("droit", "motif_fin", 2, ("D2", "D3"))
    assert a.message.startswith("Table droit, colonne motif_fin : 2 lignes ont un motif_fin "
                                "renseigné sans date_fin")
    b = only(rep, "date_sans_motif_fin")
    assert (b.count, b.examples) == (1, ("D1",))
    assert b.message.startswith("Table droit, colonne motif_fin : 1 ligne a une date_fin sans "
                                "motif_fin")


def test_resultat_without_date_sortie_and_the_reverse(tmp_path, t):
    t["participation"] = setv(t["participation"], "id_participation", "PA2", resultat="cdi")
    t["participation"] = setv(t["participation"], "id_participation", "PA1", resultat=None)
    rep = validate_tables(tmp_path, t)
    a = only(rep, "resultat_sans_date")
    assert (a.table, a.count, a.examples) == ("participation", 1, ("PA2",))
    assert "colonne resultat : 1 ligne a un resultat renseigné sans date_sortie" in a.message
    b = only(rep, "date_sans_resultat")
    assert (b.count, b.examples) == (1, ("PA1",))
    assert "1 ligne a une date_sortie sans resultat" in b.message


def test_notification_on_the_day_of_the_saisine_is_valid(tmp_path, t):
    t["ep_saisine"] = setv(t["ep_saisine"], "id_saisine", "S1", date_notification=D(2023, 1, 10))
    assert validate_tables(tmp_path, t).findings == ()


def test_accompaniment_before_orientation(tmp_path, t):
    t["orientation"] = setv(t["orientation"], "id_orientation", ["O1", "O3"],
                            date_debut_accompagnement=D(2019, 1, 31))
    rep = validate_tables(tmp_path, t)
    f = only(rep, "accompagnement_avant_orientation")
    assert (f.column, f.count, f.examples) == ("date_debut_accompagnement", 2, ("O1", "O3"))
    assert f.message.startswith("Table orientation, colonne date_debut_accompagnement : 2 lignes "
                                "ont une date_debut_accompagnement antérieure à date_orientation")


@pytest.mark.parametrize("table,key,rows,column,value,attendu", [
    ("aide_fajd", "id_aide", ["AF1", "AF2"], "age", 17, "entre 18 et 25"),
    ("aide_fajd", "id_aide", ["AF2"], "age", 26, "entre 18 et 25"),
    ("action", "id_action", ["A1"], "orientation_pdi", 5, "entre 1 et 4"),
    ("action", "id_action", ["A1"], "axe_pdi", 0, "entre 1 et 14"),
    ("foyer", "id_foyer", ["F2"], "nb_enfants", -1, "positive ou nulle"),
])
def test_values_out_of_range(tmp_path, t, table, key, rows, column, value, attendu):
    t[table] = setv(t[table], key, rows, **{column: value})
    rep = validate_tables(tmp_path, t)
    f = only(rep, "hors_limites")
    n = len(rows)
    assert (f.table, f.column, f.count, f.examples) == (table, column, n, (str(value),))
    assert f.message.startswith(f"Table {table}, colonne {column} : {n} ligne")
    assert f"hors des limites du contrat (exemple : « {value} »)" in f.message
    assert f.message.endswith(f"valeur attendue {attendu}.")


def test_rows_set_aside_counts_each_row_once(tmp_path, t):
    # P1 has two errors, P2 one: 2 personne rows set aside; one orientation row.
    t["personne"] = setv(t["personne"], "id_personne", "P1", sexe="X", role="chef")
    t["personne"] = setv(t["personne"], "id_personne", "P2", sexe="Y")
    t["orientation"] = setv(t["orientation"], "id_orientation", "O2", origine="inconnue")
    rep = validate_tables(tmp_path, t)
    assert rep.set_aside == {"personne": 2, "orientation": 1}
    assert rep.rows_set_aside == 3
    assert "utilisable avec réserves : 3 lignes écartées de certains indicateurs" in rep.to_text()


# ---- warnings -------------------------------------------------------------------------------
@pytest.mark.parametrize("table,key,row", [("foyer", "id_foyer", "F2"), ("aide_fajd", "id_aide", "AF1"),
                                           ("action", "id_action", "A1"), ("lieu", "id_lieu", "L1")])
def test_unknown_commune(tmp_path, t, table, key, row):
    t[table] = setv(t[table], key, row, commune_insee="45234")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "commune_inconnue")
    assert (f.severity, f.table, f.column, f.count) == ("avertissement", table, "commune_insee", 1)
    assert f.message.startswith(f"Table {table}, colonne commune_insee : 1 ligne a une commune "
                                "absente du référentiel du département 41 (exemple : « 45234 »)")
    assert "« commune inconnue »" in f.message
    assert rep.ok


def test_split_commune_without_canton(tmp_path, t):
    t["foyer"] = setv(t["foyer"], "id_foyer", ["F1", "F3"], canton_code=None)
    rep = validate_tables(tmp_path, t)
    f = only(rep, "canton_manquant")
    assert (f.severity, f.column, f.count) == ("avertissement", "canton_code", 2)
    assert f.examples == ("F1 (commune 41018)", "F3 (commune 41059)")
    assert f.message.startswith("Table foyer, colonne canton_code : 2 foyers d'une commune partagée "
                                "entre plusieurs cantons (Blois 41018, Le Controis-en-Sologne 41059)")
    assert "« canton non déterminé »" in f.message
    assert rep.ok


def test_split_commune_with_a_canton_that_is_not_its_own(tmp_path, t):
    # 4107 is a canton of Le Controis-en-Sologne, not of Blois; 4199 is Blois's pseudo-canton.
    t["foyer"] = setv(t["foyer"], "id_foyer", "F1", canton_code="4107")
    t["foyer"] = pl.concat([t["foyer"], setv(t["foyer"].head(1), "id_foyer", "F1",
                                              id_foyer="F4", canton_code="4199")])
    # a canton_code on a commune in a single canton is ignored
    t["foyer"] = setv(t["foyer"], "id_foyer", "F2", canton_code="4101")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "canton_invalide")
    assert f.count == 2
    assert f.examples == ("F1 (commune 41018, canton 4107)", "F4 (commune 41018, canton 4199)")
    assert "41018 : 4102, 4103, 4104, 4115" in f.message


def test_dates_after_the_extraction(tmp_path, t):
    t["rendez_vous"] = setv(t["rendez_vous"], "id_rdv", ["R1", "R2"], date_rdv=D(2026, 11, 2))
    t["cer"] = setv(t["cer"], "id_cer", "C1", date_fin=D(2027, 1, 1))  # a CER valid later: fine
    t["orientation"] = setv(t["orientation"], "id_orientation", "O2", date_orientation=D(2026, 11, 1))
    rep = validate_tables(tmp_path, t)
    f = only(rep, "date_future")
    assert (f.table, f.column, f.count, f.examples) == ("rendez_vous", "date_rdv", 2, ("02/11/2026",))
    assert f.message == ("Table rendez_vous, colonne date_rdv : 2 lignes ont une date postérieure "
                         "à la date d'extraction du 01/11/2026 (exemple : « 02/11/2026 »).")
    assert rep.ok


def test_negative_amounts(tmp_path, t):
    t["paiement"] = setv(t["paiement"], "id_foyer", "F2", montant=-120.5)
    t["action"] = setv(t["action"], "id_action", "A1", budget_realise=-3.0)
    rep = validate_tables(tmp_path, t)
    f = only(rep, "montant_negatif", "paiement")
    assert (f.column, f.count, f.examples) == ("montant", 1, ("-120,5",))
    assert f.message.startswith("Table paiement, colonne montant : 1 ligne a un montant négatif "
                                "(exemple : « -120,5 »)")
    assert only(rep, "montant_negatif", "action").column == "budget_realise"
    assert rep.ok


def test_replacement_characters_are_not_valid_utf8(tmp_path, t):
    t["lieu"] = setv(t["lieu"], "id_lieu", "L1", nom="MDCS de Bl\ufffdis")
    rep = validate_tables(tmp_path, t)
    f = only(rep, "texte_non_utf8")
    assert (f.table, f.column, f.count) == ("lieu", "nom", 1)
    assert f.examples == ("MDCS de Bl\\ufffdis",)
    assert "n'est pas de l'UTF-8 valide" in f.message and "« MDCS de Bl\\ufffdis »" in f.message


def test_raw_bytes_and_invalid_utf8_text_from_sqlite(tmp_path, t):
    path = tmp_path / "x.sqlite"
    url = write(sqlite_url(path), t)
    with sqlite3.connect(path) as con:  # Latin-1 bytes: as a BLOB, and stored as TEXT
        con.execute("UPDATE action SET porteur = ? WHERE id_action = 'A1'", (b"Assoc. \xe9t\xe9",))
        con.execute("UPDATE lieu SET nom = CAST(? AS TEXT) WHERE id_lieu = 'L1'", (b"Bl\xe9ois",))
    rep = report_of(url)
    a = only(rep, "texte_non_utf8", "action")
    assert (a.column, a.count, a.examples) == ("porteur", 1, ("Assoc. \\ufffdt\\ufffd",))
    b = only(rep, "texte_non_utf8", "lieu")
    assert (b.column, b.count, b.examples) == ("nom", 1, ("Bl\\ufffdois",))
    assert rep.ok


def test_text_longer_than_1000_characters(tmp_path, t):
    t["action"] = setv(t["action"], "id_action", "A1", libelle="x" * 1001)
    t["lieu"] = setv(t["lieu"], "id_lieu", "L1", nom="y" * 1000)  # exactly 1 000: fine
    rep = validate_tables(tmp_path, t)
    f = only(rep, "texte_trop_long")
    assert (f.table, f.column, f.count) == ("action", "libelle", 1)
    assert f.examples == ("x" * 60 + "… (1\u202f001 caractères)",)
    assert "de plus de 1\u202f000 caractères" in f.message


def test_departement_other_than_configured(tmp_path, t):
    t["extraction"] = t["extraction"].with_columns(departement=pl.lit("45"))
    rep = validate_tables(tmp_path, t)
    f = only(rep, "departement_different")
    assert (f.table, f.column, f.count) == ("extraction", "departement", 1)
    assert f.message.startswith("Table extraction, colonne departement : le département de "
                                "l'extraction (exemple : « 45 ») n'est pas celui configuré (41")
    assert rep.ok


# ---- optional tables ------------------------------------------------------------------------
def test_missing_optional_table_is_non_disponible(tmp_path, t):
    del t["cer"], t["paiement"]
    rep = validate_tables(tmp_path, t)
    assert rep.findings == () and rep.ok
    assert rep.missing_optional == ("cer", "paiement")
    text = rep.to_text()
    assert "Non disponible dans cette extraction" in text
    assert "  - cer (contrats (CER)) : table absente" in text
    assert rep.to_json()["non_disponibles"] == {"cer": "table absente", "paiement": "table absente"}


def test_participation_without_action_is_non_disponible(tmp_path, t):
    del t["action"]
    rep = validate_tables(tmp_path, t)
    assert "participation" in rep.missing_optional and "action" in rep.missing_optional
    assert rep.unavailable_reasons["participation"] == "la table action manque"
    f = only(rep, "table_inutilisable")
    assert (f.severity, f.table, f.count) == ("avertissement", "participation", 2)
    assert not [x for x in rep.findings if x.kind == "cle_etrangere"]
    assert rep.ok
    assert "participation (participations aux actions) : la table action manque" in rep.to_text()


# ---- report forms ---------------------------------------------------------------------------
def test_report_text_groups_by_severity_and_json_is_serialisable(tmp_path, t):
    t["personne"] = setv(t["personne"], "id_personne", "P1", sexe="X")
    t["foyer"] = setv(t["foyer"], "id_foyer", "F2", commune_insee="99999")
    t["droit"] = setv(t["droit"], "id_droit", "D2", id_droit="D1")
    rep = validate_tables(tmp_path, t)
    text = rep.to_text()
    i = text.index("Erreurs de structure")
    j = text.index("Erreurs sur des lignes")
    k = text.index("Avertissements")
    assert i < j < k
    assert text.startswith("Contrôle de l'extraction : 2 erreurs, 1 avertissement.")
    assert "Extraction inutilisable" in text
    dicts = json.loads(json.dumps(rep.to_dicts(), ensure_ascii=False))
    assert {d["kind"] for d in dicts} == {"identifiant_double", "code_inconnu", "commune_inconnue"}
    assert all(set(d) >= {"severity", "category", "table", "column", "message", "examples", "count"}
               for d in dicts)
    js = json.loads(json.dumps(rep.to_json()))
    assert js["utilisable"] is False and js["conforme"] is False
    assert js["couverture"]["droit"]["debut"] == "2019-01-01"


def test_examples_are_at_most_five_distinct_and_control_characters_are_escaped(tmp_path, t):
    codes = ["a", "b", "c", "d", "e", "f"]
    foyer = pl.DataFrame({"id_foyer": [f"G{i}" for i in range(12)],
                          "commune_insee": ["41269"] * 12, "canton_code": [None] * 12,
                          "situation_familiale": [codes[i % 6] for i in range(11)] + ["\x1b[2Jz"],
                          "nb_enfants": [0] * 12}, schema_overrides={"canton_code": pl.Utf8})
    t["foyer"] = pl.concat([t["foyer"], foyer])
    f = only(validate_tables(tmp_path, t), "code_inconnu")
    assert f.count == 12
    assert f.examples == ("a", "b", "c", "d", "e")
    t["foyer"] = setv(t["foyer"], "id_foyer", "G0", situation_familiale="\x1b[2Jz")
    t["foyer"] = t["foyer"].filter(pl.col("id_foyer").is_in(["F1", "F2", "F3", "G0"]))
    g = only(validate_tables(tmp_path, t), "code_inconnu")
    assert g.examples == ("\\x1b[2Jz",) and "\x1b" not in g.message
