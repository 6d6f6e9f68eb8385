"""The pack as plain data: its metadata, key cards, charts, tables and sections. Cards and tables
are the dashboard's own objects (:class:`indicators.views.Card`, :class:`indicators.views.Table`):
a pack writes what the pages show."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import plotly.graph_objects as go

from data.plan import DEFAULT as DEFAULT_PLAN
from data.referentiel import Territoire
from indicators.calendrier import Periode
from indicators.views.key_cards import Card
from indicators.views.tables import Table
from reports.images import ExportMeta

PackKind = Literal["comite", "evaluation", "partenaires"]
PACK_TITLES = {"comite": "Comité de suivi de la politique d'insertion",
               "evaluation": "Évaluation du Programme départemental d'insertion",
               "partenaires": "Fiches partenaires des actions d'insertion"}


@dataclass(frozen=True)
class PackMeta:
    kind: PackKind
    periode: Periode
    comparaison: Periode
    territoire: Territoire
    territoire_label: str
    departement_nom: str
    date_extraction: date
    source: str
    seuil: int
    genere_le: datetime
    comparaison_mode: str = "precedente"
    conseil: str = ""  # « Conseil départemental du Loiret » (Referentiel.conseil)

    @property
    def titre(self) -> str:
        return PACK_TITLES[self.kind]

    @property
    def below_departement(self) -> bool:
        return not self.territoire.is_departement

    @property
    def source_line(self) -> str:
        return (f"Source : {self.conseil}, extraction "
                f"« {self.source} », Déclik insertion")

    def export_meta(self, titre: str) -> ExportMeta:
        return ExportMeta(titre, self.periode.libelle, self.territoire_label, self.source_line,
                          self.date_extraction)


@dataclass
class Chart:
    titre: str
    figure: go.Figure
    table: Table
    note: str = ""
    ind_id: str = ""


def alt_text(c: Chart, meta: PackMeta) -> str:
    """What a screen reader says of a chart image: what, where, when, and where the figures are."""
    where = f"{meta.territoire_label}, {meta.periode.libelle}"
    table = " Les valeurs figurent dans le tableau associé." if c.table is not None else ""
    return f"Graphique : {c.titre} — {where}.{table}"


Item = Chart | Table


@dataclass
class Section:
    titre: str
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    sous_sections: list[Section] = field(default_factory=list)

    def each_item(self, chart, table) -> None:
        """Hand each item of the section, in order, to ``chart`` (a :class:`Chart`) or ``table``
        (a table): what every document writer does with a section's body."""
        for item in self.items:
            (chart if isinstance(item, Chart) else table)(item)


@dataclass
class Pack:
    meta: PackMeta
    cards: list[Card]
    sentences: list[str]
    sections: list[Section]
    definitions: list[str]  # indicator ids for the annex
    methodologie: list[tuple[str, str]]
    criteres: Table | None = None  # évaluation: every criterion of the plan, measured or not
    plan: object = DEFAULT_PLAN  # the configured plan (None: none), for the definitions annex

    def charts(self) -> list[Chart]:
        out: list[Chart] = []

        def walk(s: Section) -> None:
            out.extend(i for i in s.items if isinstance(i, Chart))
            for sub in s.sous_sections:
                walk(sub)
        for s in self.sections:
            walk(s)
        return out

    def chart_images(self, fmt: str = "png") -> dict[int, bytes]:
        """Every chart exported with one browser, keyed by ``id(chart)``; the territory, period,
        source and data date are burnt into each image (the title is the document's heading)."""
        from reports import images

        charts = self.charts()
        figs = [images.decorate(c.figure, self.meta.export_meta(c.titre), title=False)
                for c in charts]
        return {id(c): b for c, b in zip(charts, images.export_many(figs, fmt), strict=False)}

    def tables(self) -> list[Table]:
        """Every table of the pack (standalone tables and the charts' data)."""
        out: list[Table] = []

        def walk(s: Section) -> None:
            for i in s.items:
                out.append(i.table if isinstance(i, Chart) else i)
            for sub in s.sous_sections:
                walk(sub)
        for s in self.sections:
            walk(s)
        return out
