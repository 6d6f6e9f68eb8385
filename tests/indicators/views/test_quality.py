"""The data-quality summary counts the validation report's findings."""
from __future__ import annotations

from types import SimpleNamespace

from indicators import views


def finding(severity: str, count: int, category: str = "ligne") -> SimpleNamespace:
    return SimpleNamespace(severity=severity, count=count, category=category, table="droit",
                           column="motif_fin", message="…", examples=("D1",))


def test_quality_summary_counts_findings_and_rows_set_aside():
    report = SimpleNamespace(findings=[finding("erreur", 3), finding("avertissement", 2),
                                       finding("erreur", 1, "structure")],
                             missing_optional=("rdv",))
    s = views.quality_summary(report, object())
    assert s == {"erreurs": 2, "avertissements": 1, "lignes_ecartees": 3,  # structure: not rows
                 "tables_absentes": ("rdv",), "utilisable": True}
    assert views.quality_summary(report, None)["utilisable"] is False
