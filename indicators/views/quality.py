"""The data-quality page: the validation report's findings, row counts and date coverage."""
from __future__ import annotations

import polars as pl

from data.schema import TABLE_LABELS
from indicators.context import python_map
from indicators.formatting import fr_date, fr_number
from indicators.views.tables import Table


def quality_tables(report, ext) -> dict[str, Table]:
    """The validation report's findings, row counts and date coverage as French tables."""
    from data.schema import DATE, TABLES

    out: dict[str, Table] = {}
    findings = list(getattr(report, "findings", ()) or ())
    sev = {"erreur": "Erreur", "avertissement": "Avertissement"}
    rows = [{"Gravité": sev.get(f.severity, f.severity), "Table": TABLE_LABELS.get(f.table, f.table),
             "Colonne": f.column or "", "Constat": getattr(f, "public_message", f.message),
             "Lignes concernées": f.count}
            for f in findings]
    # no example values on screen: they may be pseudonymous record ids (person-level data);
    # `python -m indicators check`, for authorised staff, lists them
    schema = {"Gravité": pl.Utf8, "Table": pl.Utf8, "Colonne": pl.Utf8, "Constat": pl.Utf8,
              "Lignes concernées": pl.Int64}
    f_exp = pl.DataFrame(rows, schema=schema)
    out["constats"] = Table(f_exp.with_columns(python_map(f_exp["Lignes concernées"], fr_number)),
                            f_exp)
    counts = getattr(report, "row_counts", {}) or {}
    trows = []
    for name, spec in TABLES.items():
        present = ext is not None and ext.has(name) if ext is not None else name in counts
        n = counts.get(name)
        cov_min = cov_max = None
        if ext is not None and ext.has(name):
            # one lazy pass (a scanned snapshot reads only the date columns)
            dcols = [c.name for c in spec.columns if c.kind == DATE]
            stats = ext.lf(name).select(
                [pl.len().alias("__n")] + [pl.col(c).min().alias("min_" + c) for c in dcols]
                + [pl.col(c).max().alias("max_" + c) for c in dcols]).collect().row(0, named=True)
            n = stats["__n"]
            mins = [stats["min_" + c] for c in dcols if stats["min_" + c] is not None]
            maxs = [stats["max_" + c] for c in dcols if stats["max_" + c] is not None]
            cov_min = min(mins) if mins else None
            cov_max = max(maxs) if maxs else None
        trows.append({"Table": TABLE_LABELS.get(name, name), "Nom technique": name,
                      "Statut": ("obligatoire" if spec.required else "facultative")
                      + ("" if present else " — absente"),
                      "Lignes": n, "Première date": cov_min, "Dernière date": cov_max})
    t = pl.DataFrame(trows, schema={"Table": pl.Utf8, "Nom technique": pl.Utf8, "Statut": pl.Utf8,
                                    "Lignes": pl.Int64, "Première date": pl.Date,
                                    "Dernière date": pl.Date})
    out["tables"] = Table(t.with_columns(
        [python_map(t[c], f, skip_nulls=False) for c, f in (
            ("Lignes", fr_number), ("Première date", fr_date), ("Dernière date", fr_date))]), t)
    return out


def quality_summary(report, ext) -> dict[str, int | bool | tuple]:
    findings = list(getattr(report, "findings", ()) or ())
    return {
        "erreurs": sum(f.severity == "erreur" for f in findings),
        "avertissements": sum(f.severity != "erreur" for f in findings),
        "lignes_ecartees": sum(f.count for f in findings
                               if f.severity == "erreur" and f.category != "structure"),
        "tables_absentes": tuple(getattr(report, "missing_optional", ()) or ()),
        "utilisable": ext is not None,
    }
