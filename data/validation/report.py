"""The validation report: findings, what is not available, row counts and dates covered.

:class:`Report` is what ``python -m indicators check``, ``compute`` (exit 2 on a structural
error) and the app's "Qualité des données" page show; :meth:`Report.to_text` is the French text
for a data officer, :meth:`Report.to_dicts` / :meth:`Report.to_json` the machine-readable form.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from data.schema import TABLE_LABELS
from data.validation.display import compte, nombre
from indicators.formatting import fr_date

ERREUR, AVERTISSEMENT = "erreur", "avertissement"
STRUCTURE, LIGNES = "structure", "lignes"  # categories; warnings have category "avertissement"

SECTIONS = (
    (ERREUR, STRUCTURE, "Erreurs de structure — bloquantes : aucun indicateur n'est calculé tant "
                        "qu'elles ne sont pas corrigées"),
    (ERREUR, LIGNES, "Erreurs sur des lignes — les calculs se font, en écartant ces lignes des "
                     "indicateurs qui utilisent la valeur fautive"),
    (AVERTISSEMENT, AVERTISSEMENT, "Avertissements — les calculs se font normalement"),
)


@dataclass(frozen=True)
class Finding:
    severity: str  # "erreur" | "avertissement"
    category: str  # "structure" | "lignes" | "avertissement"
    table: str
    column: str | None
    message: str  # French, names the table, the column, example values and the row count
    examples: tuple[str, ...] = ()  # up to 5 values, already made printable
    count: int = 0  # rows concerned (0 for a missing table or column)
    kind: str = ""  # stable identifier of the check, e.g. "code_inconnu"
    # the same message without the example values (which may be pseudonymous record ids): what
    # the dashboard shows; the examples stay for the authorised staff's `check` command
    summary: str = ""

    @property
    def public_message(self) -> str:
        return self.summary or self.message


@dataclass(frozen=True)
class Coverage:
    """Dates covered by one table: min and max of its main date column."""

    column: str
    debut: date | None
    fin: date | None


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...] = ()
    missing_optional: tuple[str, ...] = ()  # optional tables "non disponibles"
    row_counts: dict = field(default_factory=dict)  # table → rows read
    set_aside: dict = field(default_factory=dict)  # table → rows with a row-level error
    coverage: dict = field(default_factory=dict)  # table → Coverage
    unavailable_reasons: dict = field(default_factory=dict)  # table present but unusable → why

    @property
    def blocking(self) -> bool:
        """A structural error: the extraction cannot be used at all."""
        return any(f.severity == ERREUR and f.category == STRUCTURE for f in self.findings)

    @property
    def ok(self) -> bool:
        """No *erreur* at all (``check`` exits 0)."""
        return not any(f.severity == ERREUR for f in self.findings)

    @property
    def rows_set_aside(self) -> int:
        """Rows left out of some indicators (each row once, whatever its number of errors)."""
        return int(sum(self.set_aside.values()))

    def of(self, severity: str, category: str | None = None) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings
                     if f.severity == severity and (category is None or f.category == category))

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.of(ERREUR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.of(AVERTISSEMENT)

    # ---- output -------------------------------------------------------------------------
    def verdict(self) -> str:
        if self.blocking:
            return "Extraction inutilisable : corriger les erreurs de structure ci-dessous."
        if not self.ok:
            return (f"Extraction utilisable avec réserves : {compte(self.rows_set_aside, 'ligne')} "
                    f"{'écartée' if self.rows_set_aside == 1 else 'écartées'} de certains "
                    "indicateurs.")
        return "Extraction conforme au contrat : utilisable."

    def to_text(self) -> str:
        n_err, n_av = len(self.errors), len(self.warnings)
        lines = [f"Contrôle de l'extraction : {compte(n_err, 'erreur')}, "
                 f"{compte(n_av, 'avertissement')}.", self.verdict()]
        for severity, category, title in SECTIONS:
            found = self.of(severity, category)
            if found:
                lines += ["", f"{title} ({nombre(len(found))}) :"]
                lines += [f"  - {f.message}" for f in found]
        if self.missing_optional:
            lines += ["", "Non disponible dans cette extraction (tables optionnelles) :"]
            for t in self.missing_optional:
                why = self.unavailable_reasons.get(t, "table absente")
                lines.append(f"  - {t} ({TABLE_LABELS.get(t, t)}) : {why}")
        if self.row_counts:
            lines += ["", "Lignes lues : " + " ; ".join(
                f"{t} {nombre(n)}" for t, n in self.row_counts.items()) + "."]
        if self.set_aside:
            lines.append("Lignes écartées de certains indicateurs : " + " ; ".join(
                f"{t} {nombre(n)}" for t, n in self.set_aside.items() if n) + ".")
        covered = [(t, c) for t, c in self.coverage.items() if c.debut is not None]
        if covered:
            lines += ["", "Période couverte :"]
            lines += [f"  - {t} ({c.column}) : du {fr_date(c.debut)} au {fr_date(c.fin)}"
                      for t, c in covered]
        return "\n".join(lines)

    def to_dicts(self) -> list[dict]:
        """Every finding as a plain dict (JSON-ready)."""
        return [{**asdict(f), "examples": list(f.examples)} for f in self.findings]

    def to_json(self) -> dict:
        """The whole report, JSON-ready (``check --format json``)."""
        return {
            "utilisable": not self.blocking,
            "conforme": self.ok,
            "constats": self.to_dicts(),
            "non_disponibles": {t: self.unavailable_reasons.get(t, "table absente")
                                for t in self.missing_optional},
            "lignes": dict(self.row_counts),
            "lignes_ecartees": dict(self.set_aside),
            "couverture": {t: {"colonne": c.column,
                               "debut": c.debut.isoformat() if c.debut else None,
                               "fin": c.fin.isoformat() if c.fin else None}
                           for t, c in self.coverage.items()},
        }
