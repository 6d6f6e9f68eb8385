"""What the dashboard pages show, computed here so that pages only draw: key cards with their
comparison and trend, masked breakdowns with French labels, monthly series, territory tables, the
data-quality summary and the indicator dictionary.

Everything returned is already masked (secret statistique below the département level: a breakdown
by a territory level counts as below the département) and carries French labels. Nothing here
imports streamlit; the exports reuse the same functions.

The modules of this package, each named for what it holds: :mod:`.availability` (why an indicator
cannot be shown, masking, value texts), :mod:`.tables` (``Table`` and its CSV), :mod:`.months`
(month windows, per-month frames), :mod:`.key_cards`, :mod:`.by_dimension` (breakdowns),
:mod:`.monthly_series`, :mod:`.side_by_side` (several indicators together), :mod:`.territories`,
:mod:`.quality`, :mod:`.dictionary` and :mod:`.references` (legal targets, national values). Their
public names are re-exported here: ``from indicators import views`` then ``views.cards(...)``.
"""
from __future__ import annotations

from indicators.views.availability import (
    UNAVAILABLE,
    below_departement,
    masked_frame,
    unavailable_reason,
    value_text,
)
from indicators.views.by_dimension import Breakdown, breakdown, breakdown_table, breakdowns
from indicators.views.dictionary import BETTER_LABELS, FORMAT_LABELS, THEMES, definitions
from indicators.views.key_cards import (
    Card,
    Masked,
    assemble_cards,
    card_label,
    card_windows,
    cards,
    delta_text,
    grouped_values,
    masked_values,
    spark_steps,
    sparklines,
    values,
)
from indicators.views.monthly_series import series, series_ctx
from indicators.views.months import by_month, monthly_frame, partial_month, spark_ctx
from indicators.views.partners import (
    PartnerSheet,
    actions_table,
    partner_sheets,
    porteurs,
    where_counted,
)
from indicators.views.plan import (
    NOT_MEASURED,
    PlanView,
    context_card_ids,
    criteria_table,
    fiche_card_ids,
    fiche_table,
    plan_card_ids,
    plan_view,
)
from indicators.views.quality import quality_summary, quality_tables
from indicators.views.references import (
    NationalValue,
    TargetValue,
    benchmark_text,
    drees_by_anciennete,
    national_of,
    reference_lines,
    target_of,
)
from indicators.views.side_by_side import compare, series_many
from indicators.views.tables import Table, table_csv
from indicators.views.territories import territory_comparison, territory_profile

__all__ = [
    "BETTER_LABELS", "FORMAT_LABELS", "THEMES", "NationalValue", "TargetValue",
    "UNAVAILABLE", "NOT_MEASURED", "PartnerSheet", "actions_table", "partner_sheets", "porteurs", "where_counted", "PlanView", "criteria_table", "fiche_table", "plan_card_ids",
    "context_card_ids", "fiche_card_ids", "plan_view", "benchmark_text", "national_of", "target_of", "Breakdown", "Card", "Masked", "Table", "assemble_cards",
    "below_departement", "breakdown", "breakdown_table", "breakdowns", "by_month", "card_label",
    "card_windows", "cards", "compare", "grouped_values", "definitions", "delta_text", "drees_by_anciennete", "masked_frame",
    "masked_values", "monthly_frame", "partial_month", "quality_summary", "quality_tables",
    "reference_lines", "series", "series_ctx", "series_many", "spark_ctx", "spark_steps",
    "sparklines", "table_csv", "territory_comparison", "territory_profile", "unavailable_reason",
    "value_text", "values",
]
