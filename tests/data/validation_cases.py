"""A small valid extraction built in code, and helpers to write it (or a broken copy) to a
database and validate it, for the validation tests."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from data.load import read_raw, type_tables
from data.referentiel import load_referentiel
from data.source import read_only_engine
from data.validation import Report, validate
from data.writer import write_extraction

D = date


def valid_tables() -> dict[str, pl.DataFrame]:
    """Every contract table, all rows valid (Blois and Le Controis-en-Sologne with a canton)."""
    return {
        "extraction": pl.DataFrame({"date_extraction": [D(2026, 11, 1)], "departement": ["41"],
                                    "source": ["SOLIS test"]}),
        "foyer": pl.DataFrame({
            "id_foyer": ["F1", "F2", "F3"], "commune_insee": ["41018", "41269", "41059"],
            "canton_code": ["4102", None, "4107"],
            "situation_familiale": ["couple_avec_enfants", "femme_seule_sans_enfant",
                                    "homme_seul_sans_enfant"],
            "nb_enfants": [2, 0, 0]}),
        "personne": pl.DataFrame({
            "id_personne": ["P1", "P2", "P3", "P4"], "id_foyer": ["F1", "F1", "F2", "F3"],
            "role": ["allocataire", "conjoint", "allocataire", "allocataire"],
            "sexe": ["F", "M", "F", "M"],
            "date_naissance": [D(1985, 3, 1), D(1983, 6, 1), D(1999, 1, 1), D(1970, 1, 1)],
            "niveau_formation": ["4", None, "infra_3", "5_plus"]}),
        "droit": pl.DataFrame({
            "id_droit": ["D1", "D2", "D3", "D4"], "id_foyer": ["F1", "F1", "F2", "F3"],
            "date_ouverture": [D(2020, 1, 1), D(2022, 3, 1), D(2025, 5, 1), D(2019, 1, 1)],
            "date_fin": [D(2021, 1, 1), None, None, None],
            "motif_fin": ["reprise_activite", None, None, None]}),
        "orientation": pl.DataFrame({
            "id_orientation": ["O1", "O2", "O3"], "id_personne": ["P1", "P3", "P4"],
            "date_orientation": [D(2022, 4, 1), D(2025, 6, 10), D(2019, 2, 1)],
            "type_orientation": ["sociale", "professionnelle", "socio_professionnelle"],
            "organisme": ["mdcs", "france_travail", "cias_ccas"],
            "origine": ["espace_rsa", "espace_rsa", "equipe_pluridisciplinaire"],
            "date_debut_accompagnement": [D(2022, 4, 20), None, D(2019, 2, 1)]}),
        "cer": pl.DataFrame({"id_cer": ["C1", "C2"], "id_personne": ["P1", "P4"],
                             "date_signature": [D(2022, 5, 1), D(2026, 6, 1)],
                             "date_fin": [D(2023, 4, 30), D(2027, 5, 31)]}),
        "rendez_vous": pl.DataFrame({
            "id_rdv": ["R1", "R2"], "id_personne": ["P1", "P3"],
            "date_rdv": [D(2022, 4, 15), D(2025, 6, 1)], "type_rdv": ["espace_rsa", "referent"],
            "statut": ["honore", "absent"]}),
        "ep_saisine": pl.DataFrame({
            "id_saisine": ["S1", "S2"], "id_personne": ["P4", "P3"],
            "date_saisine": [D(2023, 1, 10), D(2025, 9, 1)], "motif": ["absence_rdv", "absence_cer"],
            "prescripteur": ["mdcs", "france_travail"], "date_passage_ep": [D(2023, 2, 1), None],
            "decision": ["maintien", None], "date_notification": [D(2023, 2, 15), None]}),
        "action": pl.DataFrame({
            "id_action": ["A1"], "libelle": ["Chantier d'insertion"], "fiche_action": [3],
            "orientation_pdi": [2], "axe_pdi": [5], "categorie": ["iae"], "porteur": ["Asso"],
            "territoire": ["mdcs:BLO"], "commune_insee": ["41018"], "annee": [2025],
            "places_prevues": [12], "budget_prevu": [10000.0], "budget_realise": [9500.0]}),
        "participation": pl.DataFrame({
            "id_participation": ["PA1", "PA2"], "id_personne": ["P1", "P3"],
            "id_action": ["A1", "A1"], "date_entree": [D(2025, 1, 10), D(2025, 9, 1)],
            "date_sortie": [D(2025, 6, 30), None], "resultat": ["cdi", None]}),
        "frein": pl.DataFrame({"id_personne": ["P1"], "type_frein": ["mobilite"],
                               "date_diagnostic": [D(2022, 4, 1)],
                               "date_levee": pl.Series([None], dtype=pl.Date)}),
        "plateforme_emploi": pl.DataFrame({
            "id_personne": ["P3"], "plateforme": ["job41"], "date_inscription": [D(2025, 7, 1)],
            "cv_depose": [True], "nb_propositions": [3]}),
        "aide_fajd": pl.DataFrame({
            "id_aide": ["AF1", "AF2"], "date_demande": [D(2025, 3, 1), D(2025, 4, 1)],
            "date_decision": [D(2025, 3, 10), None], "commune_insee": ["41269", "41194"],
            "sexe": ["F", "M"], "age": [19, 24], "nature": ["alimentaire", "transport_mobilite"],
            "procedure": ["urgence", "commission"], "decision": ["accordee", None],
            "montant": [150.0, None]}),
        "paiement": pl.DataFrame({"id_foyer": ["F1", "F2"], "mois": [D(2022, 3, 1), D(2025, 5, 1)],
                                  "montant": [600.5, 550.0]}),
        "lieu": pl.DataFrame({
            "id_lieu": ["L1"], "type_lieu": ["mdcs"], "nom": ["MDCS de Blois"],
            "commune_insee": ["41018"], "latitude": [47.58], "longitude": [1.33]}),
    }


def setv(df: pl.DataFrame, key: str, ids: list[str] | str, **values) -> pl.DataFrame:
    """Rows of ``df`` whose ``key`` is in ``ids`` get ``values`` (keeping each column's dtype)."""
    ids = [ids] if isinstance(ids, str) else ids
    hit = pl.col(key).is_in(ids)
    return df.with_columns([
        pl.when(hit).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c)
        for c, v in values.items()])


def write_text_table(url: str, name: str, df: pl.DataFrame) -> None:
    """(Re)create table ``name`` with untyped text columns and write ``df`` as given."""
    engine = sa.create_engine(url)
    md = sa.MetaData()
    t = sa.Table(name, md, *[sa.Column(c, sa.Text()) for c in df.columns])
    with engine.begin() as conn:
        t.drop(conn, checkfirst=True)
        t.create(conn)
        if df.height:
            conn.execute(t.insert(), df.to_dicts())
    engine.dispose()


def drop_table(url: str, name: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        sa.Table(name, sa.MetaData()).drop(conn, checkfirst=True)
    engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def write(url: str, tables: dict[str, pl.DataFrame]) -> str:
    write_extraction(url, tables)
    return url


def report_of(url: str) -> Report:
    engine = read_only_engine(url)
    try:
        raw = read_raw(engine)
    finally:
        engine.dispose()
    return validate(raw, type_tables(raw), load_referentiel("41", "Loir-et-Cher"))


def validate_tables(tmp_path: Path, tables: dict[str, pl.DataFrame]) -> Report:
    return report_of(write(sqlite_url(tmp_path / "x.sqlite"), tables))


def only(report: Report, kind: str, table: str | None = None, column: str | None = None):
    """The single finding of ``kind`` (on ``table``/``column``); fails if there is not exactly one."""
    found = [f for f in report.findings if f.kind == kind and (table is None or f.table == table)
             and (column is None or f.column == column)]
    assert len(found) == 1, f"{kind}: {[f.message for f in report.findings]}"
    return found[0]
