"""Validation of an extraction against the contract (EXTRACTION.md, "Validation").

``validate(raw, typed, ref)`` compares the raw frames (values as the driver returned them) with
the typed ones (:func:`data.load.type_tables`) and the référentiel, and returns a
:class:`Report` of French findings:

- *erreur / structure*: missing required table or contract column, unreadable values (a non-empty
  raw value that became null when cast), ``extraction`` not one row, empty foyer / personne /
  droit, duplicate ids — the extraction is unusable (compute exits 2, the app shows the report);
- *erreur / lignes*: unknown codes, NULL in required columns, broken foreign keys, impossible
  date orders, overlapping droit periods, out-of-range values — indicators run and leave those
  rows out of the figures using the faulty value (:attr:`Report.rows_set_aside`);
- *avertissement*: unknown communes, split communes without a valid canton, dates after the
  extraction, negative amounts, text that is not valid UTF-8 or longer than 1 000 characters,
  a département other than the configured one.

Choices where the contract is silent:
- a value made only of spaces counts as NULL (an empty cell), never as an unreadable value;
- ``participation`` without ``action`` is "non disponible" (a warning, not an error), and its
  key to ``action`` is not checked;
- a CER's ``date_fin`` (last day of validity) may be after the extraction without a warning;
- a key pointing to an absent table is not checked (that table is reported missing instead).

Everything is vectorised polars: one pass per table for all its checks, examples fetched only
for the checks that found something. The database is never touched.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from data.referentiel import Referentiel
from data.schema import OPTIONAL_TABLES, TABLES
from data.validation import avertissements, rows, structure
from data.validation.checks import TableFrame, column_frame, columns_of, run_checks
from data.validation.report import AVERTISSEMENT, Coverage, Finding, Report

__all__ = ["Finding", "Report", "Coverage", "validate", "MAIN_DATE"]

# The date column that says which period a table covers (Qualité des données page).
MAIN_DATE = {
    "extraction": "date_extraction", "droit": "date_ouverture", "orientation": "date_orientation",
    "cer": "date_signature", "rendez_vous": "date_rdv", "ep_saisine": "date_saisine",
    "participation": "date_entree", "frein": "date_diagnostic",
    "plateforme_emploi": "date_inscription", "aide_fajd": "date_demande", "paiement": "mois",
}


def _date_extraction(typed: Mapping[str, pl.DataFrame]) -> date | None:
    ext = typed.get("extraction")
    if ext is None or ext.height == 0 or "date_extraction" not in ext.columns:
        return None
    return ext["date_extraction"][0]


def _unavailable(present: set[str]) -> dict[str, str]:
    """Optional tables present but unusable because a table they need is absent."""
    return {name: f"la table {', '.join(spec.needs)} manque"
            for name, spec in TABLES.items()
            if name in present and spec.needs and not all(n in present for n in spec.needs)}


def _coverage(typed: Mapping[str, pl.DataFrame], present: set[str]) -> dict[str, Coverage]:
    out = {}
    for table, column in MAIN_DATE.items():
        if table not in present or table not in typed or column not in columns_of(typed, table):
            continue
        df = column_frame(typed, table, [column])
        lo, hi = df.select(pl.col(column).min().alias("a"), pl.col(column).max().alias("b")).row(0)
        out[table] = Coverage(column, lo, hi)
    return out


def _height(typed: Mapping[str, pl.DataFrame], table: str) -> int:
    get = getattr(typed, "height", None)
    return get(table) if get is not None else typed[table].height


def validate(raw, typed: Mapping[str, pl.DataFrame], ref: Referentiel) -> Report:
    """The validation report of one extraction (``raw``: :class:`data.load.RawExtraction`)."""
    present = set(raw.tables)
    unavailable = _unavailable(present)
    findings: list[Finding] = []
    findings += structure.missing_tables(tuple(raw.missing_tables))
    findings += structure.missing_columns(dict(raw.missing_columns))
    d_ext = _date_extraction(typed)
    set_aside: dict[str, int] = {}
    usable = present - set(unavailable)
    keys = rows.KeyHashes(typed)
    for name in TABLES:
        if name not in present:
            continue
        tf = TableFrame.build(name, raw.tables[name], typed[name])
        findings += structure.table_level(tf)
        checks = (structure.checks(tf) + rows.column_checks(tf, keys, usable)
                  + rows.table_checks(tf) + avertissements.commune_checks(tf, ref)
                  + avertissements.column_checks(tf, d_ext))
        found, mask = run_checks(tf, checks)
        overlap, overlap_mask = rows.overlapping_droits(tf)
        if overlap is not None:
            found.append(overlap)
            mask = overlap_mask if mask is None else (mask | overlap_mask)
        findings += _sorted(found)
        if mask is not None:
            set_aside[name] = int(mask.sum())
    if "extraction" in present:
        findings += avertissements.departement_check(typed["extraction"], ref)
    for name, why in unavailable.items():
        findings.append(Finding(
            AVERTISSEMENT, AVERTISSEMENT, name, None,
            f"Table {name} présente mais non disponible : {why} (les indicateurs d'actions "
            "d'insertion ne sont pas calculés).", (), _height(typed, name), "table_inutilisable"))
    missing_optional = tuple(t for t in OPTIONAL_TABLES if t in raw.missing_tables or t in unavailable)
    reasons = {t: unavailable.get(t, "table absente") for t in missing_optional}
    return Report(
        findings=tuple(findings),
        missing_optional=missing_optional,
        row_counts={k: _height(typed, k) for k in TABLES if k in typed},
        set_aside=set_aside,
        coverage=_coverage(typed, present),
        unavailable_reasons=reasons,
    )


_ORDER = {"structure": 0, "lignes": 1, "avertissement": 2}


def _sorted(found: list[Finding]) -> list[Finding]:
    """Structure first, then row errors, then warnings; the contract's column order within."""
    return sorted(found, key=lambda f: _ORDER.get(f.category, 3))
