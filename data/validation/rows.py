"""Row-level errors: the indicators still run, leaving the faulty rows out of the figures that
use the faulty value (contract, "Validation"). Unknown codes, NULL in a required column, broken
foreign keys, impossible date orders, overlapping droit periods, values out of range."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from data.schema import TABLES
from data.validation.checks import (
    Check,
    TableFrame,
    column_frame,
    columns_of,
    finding_from_mask,
    row_id,
)
from data.validation.display import accord, compte
from data.validation.report import ERREUR, LIGNES, Finding

FAR_FUTURE = date(9999, 12, 31)
RUN = 10_000_000  # more than the days from year 1 to 9999


def _lignes(n: int, singulier: str, pluriel: str) -> str:
    return f"{compte(n, 'ligne')} {accord(n, singulier, pluriel)}"


def _id_shown(tf: TableFrame) -> tuple[pl.Expr | None, str]:
    rid = row_id(tf.name)
    if rid and rid in tf.present:
        return pl.col(rid), f"exemples de {rid}"
    return None, "exemples"


class KeyHashes:
    """64-bit hashes of the referenced key columns, computed once per validation run.

    Foreign keys are compared by hash (strings hashed once, then integers compared): several
    times faster than comparing strings on millions of rows. A broken key could be missed only
    if its hash equalled an existing key's: a chance below 10^-12 per value even on the
    largest extractions."""

    def __init__(self, typed: Mapping[str, pl.DataFrame]) -> None:
        self.typed = typed
        self._cache: dict[tuple[str, str], pl.Series] = {}

    def has(self, table: str, column: str) -> bool:
        return table in self.typed and column in columns_of(self.typed, table)

    def __call__(self, table: str, column: str) -> pl.Series:
        if (table, column) not in self._cache:
            values = column_frame(self.typed, table, [column])[column]
            self._cache[(table, column)] = values.drop_nulls().hash().unique()
        return self._cache[(table, column)]


def column_checks(tf: TableFrame, keys: KeyHashes, present: set[str]) -> list[Check]:
    """Checks driven by the contract's column definitions (codes, NULL, keys, ranges)."""
    t = tf.name
    out: list[Check] = []
    ids, ids_label = _id_shown(tf)
    for col in TABLES[t].columns:
        c = col.name
        if c not in tf.present:
            continue
        if not col.nullable:
            out.append(Check(
                "valeur_manquante", ERREUR, LIGNES, c, tf.blank(c), ids,
                lambda n, ex, t=t, c=c: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'est', 'sont')} sans valeur (NULL ou "
                    f"vide) alors que la colonne est obligatoire{ex}."), ids_label))
        if col.codes is not None:
            out.append(Check(
                "code_inconnu", ERREUR, LIGNES, c,
                tf.filled(c) & pl.col(c).is_not_null() & ~pl.col(c).is_in(list(col.codes)),
                pl.col(c),
                lambda n, ex, t=t, c=c, codes=col.codes: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'a une valeur', 'ont une valeur')} hors "
                    f"contrat{ex}. Codes attendus : {', '.join(codes)}.")))
        if col.fk is not None:
            target, tcol = col.fk.split(".")
            if target in present and keys.has(target, tcol):
                out.append(Check(
                    "cle_etrangere", ERREUR, LIGNES, c,
                    tf.filled(c) & pl.col(c).is_not_null()
                    & ~pl.col(c).hash().is_in(keys(target, tcol).implode()),
                    pl.col(c),
                    lambda n, ex, t=t, c=c, target=target, tcol=tcol: (
                        f"Table {t}, colonne {c} : {_lignes(n, 'renvoie', 'renvoient')} à "
                        f"un {tcol} absent de la table {target}{ex}.")))
        if col.min_value is not None or col.max_value is not None:
            lo, hi = col.min_value, col.max_value
            bad = pl.lit(False)
            if lo is not None:
                bad = bad | (pl.col(c) < lo)
            if hi is not None:
                bad = bad | (pl.col(c) > hi)
            if lo is not None and hi is not None:
                attendu = f"entre {lo} et {hi}"
            elif lo is not None:
                attendu = "positive ou nulle" if lo == 0 else f"au moins {lo}"
            else:
                attendu = f"au plus {hi}"
            out.append(Check(
                "hors_limites", ERREUR, LIGNES, c, bad, pl.col(c),
                lambda n, ex, t=t, c=c, attendu=attendu: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'a une valeur', 'ont une valeur')} hors "
                    f"des limites du contrat{ex} ; valeur attendue {attendu}.")))
    return out


def _order(tf: TableFrame, kind: str, before: str, after: str, strict: bool,
           singulier: str, pluriel: str) -> Check:
    """Rows where ``after`` is earlier than ``before`` (or equal when ``strict``)."""
    a, b = pl.col(before), pl.col(after)
    bad = (b <= a) if strict else (b < a)
    ids, label = _id_shown(tf)
    t = tf.name
    return Check(kind, ERREUR, LIGNES, after, a.is_not_null() & b.is_not_null() & bad, ids,
                 lambda n, ex: (f"Table {t}, colonne {after} : {compte(n, 'ligne')} "
                                f"{accord(n, singulier, pluriel)}{ex}."),
                 label)


def _both_or_neither(tf: TableFrame, kind: str, value: str, date_col: str) -> list[Check]:
    ids, label = _id_shown(tf)
    t = tf.name
    return [
        Check(f"{kind}_sans_date", ERREUR, LIGNES, value, tf.filled(value) & tf.blank(date_col), ids,
              lambda n, ex: (f"Table {t}, colonne {value} : {_lignes(n, 'a', 'ont')} un {value} "
                             f"renseigné sans {date_col}{ex} ; le contrat veut {value} NULL si et "
                             f"seulement si {date_col} est NULL."), label),
        Check(f"date_sans_{kind}", ERREUR, LIGNES, value, tf.blank(value) & tf.filled(date_col), ids,
              lambda n, ex: (f"Table {t}, colonne {value} : {_lignes(n, 'a', 'ont')} une {date_col} "
                             f"sans {value}{ex} ; le contrat veut {value} NULL si et seulement si "
                             f"{date_col} est NULL."), label),
    ]


def table_checks(tf: TableFrame) -> list[Check]:
    """The contract's rules between columns of one row."""
    t, out = tf.name, []
    if t == "droit":
        if tf.has("date_ouverture", "date_fin"):
            out.append(_order(tf, "fin_avant_ouverture", "date_ouverture", "date_fin", True,
                              "a une date_fin antérieure ou égale à date_ouverture (période de "
                              "droit vide ou inversée)",
                              "ont une date_fin antérieure ou égale à date_ouverture (périodes de "
                              "droit vides ou inversées)"))
        if tf.has("motif_fin", "date_fin"):
            out += _both_or_neither(tf, "motif_fin", "motif_fin", "date_fin")
    if t == "participation" and tf.has("resultat", "date_sortie"):
        out += _both_or_neither(tf, "resultat", "resultat", "date_sortie")
    if t == "ep_saisine" and tf.has("date_saisine", "date_notification"):
        out.append(_order(tf, "notification_avant_saisine", "date_saisine", "date_notification",
                          False, "a une date_notification antérieure à date_saisine (notifiée "
                          "avant d'être saisie)", "ont une date_notification antérieure à "
                          "date_saisine (notifiées avant d'être saisies)"))
    if t == "orientation" and tf.has("date_orientation", "date_debut_accompagnement"):
        out.append(_order(tf, "accompagnement_avant_orientation", "date_orientation",
                          "date_debut_accompagnement", False,
                          "a une date_debut_accompagnement antérieure à date_orientation",
                          "ont une date_debut_accompagnement antérieure à date_orientation"))
    return out


def overlapping_droits(tf: TableFrame) -> tuple[Finding | None, pl.Series | None]:
    """Droit periods of one foyer that overlap: every row involved is counted.

    Periods are ``[date_ouverture, date_fin)`` (``date_fin`` is the first day without
    entitlement, an open period runs forever). After sorting a foyer's periods by opening, a
    period overlaps an earlier one when it opens before the latest end seen so far, and a later
    one when the next period opens before its own end. Periods already in error (missing
    opening, ``date_fin <= date_ouverture``) are left out.

    Vectorised without a group-by: rows are sorted by (hash of id_foyer, opening), a foyer's
    rows are the runs of equal ``id_foyer``, and the running maximum of the end within a run is
    a global running maximum of ``run number * 10^7 + end`` (days fit in 10^7)."""
    if tf.name != "droit" or not tf.has("id_foyer", "date_ouverture", "date_fin") or tf.height == 0:
        return None, None
    f, o, e = pl.col("f"), pl.col("o"), pl.col("e")
    valid = (pl.col("id_foyer").is_not_null() & pl.col("date_ouverture").is_not_null()
             & (pl.col("date_fin").is_null() | (pl.col("date_fin") > pl.col("date_ouverture"))))
    d = (tf.df.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("i"),
                      pl.col("id_foyer").alias("f"), pl.col("id_foyer").hash().alias("h"),
                      pl.col("date_ouverture").cast(pl.Int64).alias("o"),
                      pl.col("date_fin").fill_null(FAR_FUTURE).cast(pl.Int64).alias("e"),
                      valid.alias("ok"))
         .filter("ok")
         .sort("h", "o")
         .with_columns((f != f.shift(1)).fill_null(True).alias("new"),
                       (f == f.shift(-1)).fill_null(False).alias("same_next"))
         .with_columns(pl.col("new").cast(pl.Int64).cum_sum().alias("g"))
         .with_columns((pl.col("g") * RUN + e).cum_max().shift(1).alias("prev"))
         .filter((~pl.col("new") & (o < pl.col("prev") - pl.col("g") * RUN)).fill_null(False)
                 | (pl.col("same_next") & (o.shift(-1) < e)).fill_null(False))
         .select("i"))
    if not d.height:
        return None, None
    mask = pl.repeat(False, tf.height, dtype=pl.Boolean, eager=True).scatter(d["i"], True)
    n_foyers = tf.df.filter(mask)["id_foyer"].n_unique()
    check = Check(
        "droits_chevauchants", ERREUR, LIGNES, "date_ouverture", pl.lit(True), pl.col("id_foyer"),
        lambda n, ex: (f"Table droit, colonnes date_ouverture et date_fin : {compte(n, 'ligne')} "
                       f"({compte(n_foyers, 'foyer')}) {accord(n, 'a', 'ont')} une période de "
                       f"droit qui en chevauche une autre du même foyer{ex} ; les périodes d'un "
                       "foyer ne doivent jamais se chevaucher."), "exemples de id_foyer")
    return finding_from_mask(tf, mask, check)
