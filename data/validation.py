"""Validation of an extraction against the contract (placeholder: filled in by the validation work)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    severity: str  # "erreur" | "avertissement"
    category: str  # "structure" | "lignes" | "avertissement"
    table: str
    column: str | None
    message: str
    examples: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...] = ()
    missing_optional: tuple[str, ...] = ()
    row_counts: dict = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return any(f.severity == "erreur" and f.category == "structure" for f in self.findings)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "erreur" for f in self.findings)


def validate(raw, typed, ref) -> Report:
    return Report(missing_optional=raw.missing_tables,
                  row_counts={k: v.height for k, v in typed.items()})
