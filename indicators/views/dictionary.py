"""The indicator dictionary, searchable without case or accents."""
from __future__ import annotations

import unicodedata

import polars as pl

from data import plan as pdi
from data.schema import TABLE_LABELS
from indicators.labels import dim_label
from indicators.registry import REGISTRY
from indicators.views.tables import Table

BETTER_LABELS = {"hausse": "à la hausse", "baisse": "à la baisse", None: "ni hausse ni baisse visée (indicateur de volume)"}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(ch for ch in s if not unicodedata.combining(ch))


THEMES = {"allocataires": "Allocataires", "orientations": "Orientations et accompagnement",
          "ep": "Équipes pluridisciplinaires", "actions": "Actions d'insertion",
          "freins": "Freins périphériques", "fajd": "Jeunes (FAJD)", "budget": "Budget"}
FORMAT_LABELS = {"entier": "nombre", "pourcentage": "pourcentage", "jours": "jours",
                 "euros": "euros", "decimal": "nombre décimal"}


def definitions(query: str = "", plan=pdi.DEFAULT) -> Table:
    """The dictionary of every registered indicator, filtered by words of ``query`` (case and
    accents ignored; every word must appear somewhere in the entry); its fiches are those of
    ``plan`` (the configured one, :func:`data.plan.plan_of`; ``None``: no plan configured)."""
    words = [_fold(w) for w in query.split() if w.strip()]
    rows = []
    for ind in sorted(REGISTRY.values(), key=lambda i: (i.theme, i.label)):
        row = {"Indicateur": ind.label, "Identifiant": ind.id, "Définition": ind.definition,
               "Unité": ind.unit, "Sens souhaité": BETTER_LABELS.get(ind.better, ""),
               "Tables sources": ", ".join(TABLE_LABELS.get(t, t) for t in ind.tables),
               "Fiche action du PDI": ind.fiches_text(plan),
               "Thème": THEMES.get(ind.theme, ind.theme.capitalize()),
               "Ventilations": ", ".join(dim_label(d) for d in ind.dims),
               "Indicateur clef du contrat": "oui" if ind.core else "non"}
        hay = _fold(" ".join(row.values()))
        if all(w in hay for w in words):
            rows.append(row)
    cols = ["Indicateur", "Identifiant", "Définition", "Unité", "Sens souhaité", "Tables sources",
            "Fiche action du PDI", "Thème", "Ventilations", "Indicateur clef du contrat"]
    df = pl.DataFrame(rows, schema={c: pl.Utf8 for c in cols})
    return Table(df, df)
