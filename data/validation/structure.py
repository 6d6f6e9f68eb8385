"""Structural errors: the extraction cannot be used at all (compute exits 2, the app shows the
report). Missing tables or columns, unreadable values, ``extraction`` not one row, empty core
tables, duplicate identifiers."""
from __future__ import annotations

import polars as pl

from data.schema import BOOL, DATE, INT, NUM, REAL, REQUIRED_TABLES, TABLES, TEXT
from data.validation.checks import Check, TableFrame, raw
from data.validation.display import accord, compte
from data.validation.report import ERREUR, STRUCTURE, Finding

MUST_NOT_BE_EMPTY = ("foyer", "personne", "droit")

TYPE_LABELS = {
    DATE: "une date (attendu AAAA-MM-JJ)", INT: "un nombre entier", NUM: "un montant",
    REAL: "un nombre", BOOL: "un booléen (vrai/faux, 1/0)", TEXT: "un texte",
}


def _erreur(table: str, column: str | None, message: str, kind: str, count: int = 0) -> Finding:
    return Finding(ERREUR, STRUCTURE, table, column, message, (), count, kind)


def missing_tables(missing: tuple[str, ...]) -> list[Finding]:
    return [_erreur(t, None, f"Table {t} absente : cette table est obligatoire dans le contrat.",
                    "table_absente") for t in REQUIRED_TABLES if t in missing]


def missing_columns(missing: dict) -> list[Finding]:
    out = []
    for table, cols in missing.items():
        for c in cols:
            out.append(_erreur(table, c, f"Table {table}, colonne {c} : colonne absente de la "
                                         "table alors que le contrat la prévoit.", "colonne_absente"))
    return out


def table_level(tf: TableFrame) -> list[Finding]:
    n = tf.height
    out = []
    if tf.name == "extraction" and n != 1:
        what = "vide" if n == 0 else f"contient {compte(n, 'ligne')}"
        out.append(_erreur("extraction", None, f"Table extraction : la table {what} ; elle doit "
                                               "contenir exactement une ligne (date d'extraction, "
                                               "département, source).", "extraction_une_ligne", n))
    if tf.name in MUST_NOT_BE_EMPTY and n == 0:
        out.append(_erreur(tf.name, None, f"Table {tf.name} : la table est vide ; aucun indicateur "
                                          "ne peut être calculé.", "table_vide"))
    return out


def _unreadable(tf: TableFrame, column: str) -> pl.Expr:
    kind = tf.kind(column)
    mask = tf.filled(column) & pl.col(column).is_null()
    if kind == INT or (kind == TEXT and tf.raw_types[column] == pl.Float64):
        # 2.5 is not an integer (nor the code "2") even though a cast would truncate it
        as_float = (raw(column).str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)
                    if tf.raw_types[column] == pl.Utf8 else raw(column).cast(pl.Float64, strict=False))
        mask = mask | (as_float.is_not_null() & as_float.is_finite() & (as_float != as_float.floor()))
    return mask


def _may_have_duplicates(tf: TableFrame, pk: str) -> bool:
    """False when the ids are certainly unique: as many distinct 64-bit hashes as ids (hashes
    can only merge values, never split them). Then the exact, slower string check is skipped."""
    n_ids, n_hashes = tf.df.select(
        tf.filled(pk).sum(), pl.col(pk).filter(tf.filled(pk)).hash().n_unique()).row(0)
    return n_hashes < n_ids


def checks(tf: TableFrame) -> list[Check]:
    spec = TABLES[tf.name]
    out: list[Check] = []
    t = tf.name
    for col in spec.columns:
        c = col.name
        if c not in tf.present:
            continue
        out.append(Check(
            "type_illisible", ERREUR, STRUCTURE, c, _unreadable(tf, c), raw(c).cast(pl.Utf8),
            lambda n, ex, t=t, c=c, k=col.kind: (
                f"Table {t}, colonne {c} : {compte(n, 'ligne')} "
                f"{accord(n, 'a une valeur qui ne peut', 'ont une valeur qui ne peut')} pas être "
                f"lue comme {TYPE_LABELS[k]}{ex}.")))
    if spec.pk and spec.pk in tf.present and _may_have_duplicates(tf, spec.pk):
        pk = spec.pk
        out.append(Check(
            "identifiant_double", ERREUR, STRUCTURE, pk,
            tf.filled(pk) & pl.col(pk).is_duplicated(), pl.col(pk),
            lambda n, ex, t=t, c=pk: (
                f"Table {t}, colonne {c} : {compte(n, 'ligne')} "
                f"{accord(n, 'porte', 'portent')} un identifiant présent plusieurs fois{ex} ; "
                "chaque identifiant doit être unique.")))
    return out
