"""Warnings: the indicators run normally. Communes unknown to the référentiel, split communes
without a valid canton, dates after the extraction, negative amounts, unreadable or very long
text, a département other than the configured one."""
from __future__ import annotations

from datetime import date

import polars as pl

from data.referentiel import Referentiel
from data.schema import DATE, NUM, TABLES
from data.validation.checks import Check, TableFrame, text_columns
from data.validation.display import accord, compte
from data.validation.report import AVERTISSEMENT, Finding
from indicators.formatting import fr_date

COMMUNE_TABLES = ("foyer", "aide_fajd", "action", "lieu")
MAX_TEXT = 1000
# A CER's date_fin is its last day of validity: naturally after the extraction for a valid CER.
FUTURE_ALLOWED = {("cer", "date_fin")}


def _avert(kind: str, column: str | None, mask: pl.Expr, shown: pl.Expr | None, message,
           label: str = "exemples") -> Check:
    return Check(kind, AVERTISSEMENT, AVERTISSEMENT, column, mask, shown, message, label)


def _lignes(n: int, singulier: str, pluriel: str) -> str:
    return f"{compte(n, 'ligne')} {accord(n, singulier, pluriel)}"


def commune_checks(tf: TableFrame, ref: Referentiel) -> list[Check]:
    t = tf.name
    if t not in COMMUNE_TABLES or not tf.has("commune_insee"):
        return []
    known = ref.communes["code_insee"]
    commune = pl.col("commune_insee")
    out = [_avert(
        "commune_inconnue", "commune_insee",
        tf.filled("commune_insee") & ~commune.str.strip_chars().is_in(known.implode()), commune,
        lambda n, ex: (f"Table {t}, colonne commune_insee : {_lignes(n, 'a une commune', 'ont une commune')} "
                       f"absente du référentiel du département {ref.departement}{ex} ; "
                       f"{accord(n, 'elle compte', 'elles comptent')} dans le total du département "
                       "et sous « commune inconnue »."))]
    split = ref.split_communes
    if t == "foyer" and split and tf.has("canton_code", "id_foyer"):
        names = dict(zip(ref.communes["code_insee"], ref.communes["nom"], strict=True))
        liste = ", ".join(f"{names.get(c, c)} {c}" for c in sorted(split))
        pairs = [f"{c}|{k}" for c, cantons in split.items() for k in cantons]
        in_split = commune.str.strip_chars().is_in(list(split))
        pair = pl.concat_str([commune.str.strip_chars(), pl.lit("|"),
                              pl.col("canton_code").str.strip_chars()])
        out.append(_avert(
            "canton_manquant", "canton_code", in_split & tf.blank("canton_code"),
            pl.format("{} (commune {})", pl.col("id_foyer"), commune),
            lambda n, ex: (f"Table foyer, colonne canton_code : {compte(n, 'foyer')} d'une commune "
                           f"partagée entre plusieurs cantons ({liste}) "
                           f"{accord(n, 'n’a', 'n’ont')} pas de canton_code{ex} ; "
                           f"{accord(n, 'il compte dans sa commune, ses autres territoires', 'ils comptent dans leur commune, leurs autres territoires')} "
                           f"({ref.libelle(ref.premier_niveau)}, EPCI…) et le département, et sous "
                           "« canton non déterminé ».")))
        valid_cantons = "; ".join(f"{c} : {', '.join(split[c])}" for c in sorted(split))
        out.append(_avert(
            "canton_invalide", "canton_code",
            in_split & tf.filled("canton_code") & ~pair.is_in(pairs),
            pl.format("{} (commune {}, canton {})", pl.col("id_foyer"), commune,
                      pl.col("canton_code")),
            lambda n, ex: (f"Table foyer, colonne canton_code : {compte(n, 'foyer')} d'une commune "
                           f"partagée entre plusieurs cantons {accord(n, 'a', 'ont')} un canton_code "
                           f"qui n'est pas l'un des cantons de sa commune{ex} ; cantons "
                           f"possibles ({valid_cantons}). "
                           f"{accord(n, 'Il compte', 'Ils comptent')} sous « canton non déterminé ».")))
    return out


def column_checks(tf: TableFrame, date_extraction: date | None) -> list[Check]:
    t, out = tf.name, []
    for col in TABLES[t].columns:
        c = col.name
        if c not in tf.present:
            continue
        if (col.kind == DATE and date_extraction is not None and t != "extraction"
                and (t, c) not in FUTURE_ALLOWED):
            out.append(_avert(
                "date_future", c, pl.col(c) > pl.lit(date_extraction), pl.col(c),
                lambda n, ex, c=c: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'a une date', 'ont une date')} "
                    f"postérieure à la date d'extraction du {fr_date(date_extraction)}{ex}.")))
        if col.kind == NUM:
            out.append(_avert(
                "montant_negatif", c, pl.col(c) < 0, pl.col(c),
                lambda n, ex, c=c: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'a un montant', 'ont un montant')} "
                    f"négatif{ex} (régularisation ?) ; {accord(n, 'il est compté', 'ils sont comptés')} "
                    "tel quel dans les sommes.")))
    for c in text_columns(tf):
        if c in tf.non_ascii:  # pure ASCII text holds no U+FFFD
            out.append(_avert(
                "texte_non_utf8", c, pl.col(c).str.contains("\ufffd", literal=True), pl.col(c),
                lambda n, ex, c=c: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'a un texte', 'ont un texte')} qui "
                    f"n'est pas de l'UTF-8 valide (caractères illisibles, notés \\ufffd){ex} ; "
                    "vérifier l'encodage de l'export.")))
        if c in tf.long_bytes:  # never more characters than bytes
            out.append(_avert(
                "texte_trop_long", c, pl.col(c).str.len_chars() > MAX_TEXT, pl.col(c),
                lambda n, ex, c=c: (
                    f"Table {t}, colonne {c} : {_lignes(n, 'a un texte', 'ont un texte')} de plus "
                    f"de 1{chr(0x202f)}000 caractères{ex}.")))
    return out


def departement_check(typed_extraction: pl.DataFrame, ref: Referentiel) -> list[Finding]:
    if typed_extraction.height == 0 or "departement" not in typed_extraction.columns:
        return []
    values = typed_extraction["departement"].drop_nulls().str.strip_chars().unique().to_list()
    wrong = [v for v in values if v != ref.departement]
    if not wrong:
        return []
    from data.validation.display import exemples, montrer

    shown = tuple(montrer(v) for v in wrong[:5])
    n = typed_extraction.filter(pl.col("departement").str.strip_chars() != ref.departement).height
    return [Finding(
        AVERTISSEMENT, AVERTISSEMENT, "extraction", "departement",
        f"Table extraction, colonne departement : le département de l'extraction{exemples(shown)} "
        f"n'est pas celui configuré ({ref.departement}, {ref.departement_nom}) ; les territoires "
        "viennent du référentiel configuré.", shown, n, "departement_different")]
