"""What each source table actually covers, and the like-for-like windows of a comparison.

Each table of an extraction has its own last complete month: the month of its latest date
(:data:`SOURCE_DATES`), at most the last month entirely known at ``date_extraction``
(:func:`indicators.calendrier.last_complete_month`). The monthly payments of the demo stop at
01/10/2026 while the droits run to 31/10/2026 and the extraction is dated 01/11/2026.

A flow, a sum or a rate of events (an indicator with a ``mois`` breakdown) is compared over the
months **both** windows cover in its sources (:func:`card_windows`): « 2026 » seen on 01/11/2026
is computed on January-October 2026 for the payments and compared with January-October 2025, and
the card says so. A stock (taken on one day) keeps the filters' windows. Annual amounts of the
actions (``annee``) are compared only when the period's last year is over at the extraction date.
When a source has no complete month in the period (« novembre 2026 » seen on 01/11/2026), the
figure has no comparison and says why: nothing is written about an incomplete period compared with
a complete one.

Choice where the contract is silent: the first year of the data (:func:`first_year`) is the year
of the first droit exit (``droit.date_fin``): an extraction holds the droits still open at its
start, so before that year exits, and every flow, are incomplete.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import polars as pl

from indicators.calendrier import add_months, last_complete_month, month_end, month_start, months_touched
from indicators.formatting import MOIS, fr_date, fr_month, upper_first
from indicators.registry import REGISTRY

# the date that places a row of each event table in time
SOURCE_DATES = {"droit": "date_ouverture", "orientation": "date_orientation", "cer": "date_signature",
                "rendez_vous": "date_rdv", "ep_saisine": "date_saisine",
                "participation": "date_entree", "frein": "date_diagnostic",
                "plateforme_emploi": "date_inscription", "aide_fajd": "date_demande",
                "paiement": "mois"}
SOURCE_NAMES = {"droit": "droits", "orientation": "orientations", "cer": "contrats (CER)",
                "rendez_vous": "rendez-vous", "ep_saisine": "saisines d'équipe pluridisciplinaire",
                "participation": "participations aux actions", "frein": "freins",
                "plateforme_emploi": "inscriptions à la plateforme emploi",
                "aide_fajd": "demandes d'aide FAJD", "paiement": "paiements"}

_ENDS: dict[int, tuple[object, dict[str, date | None], int | None]] = {}
_ENDS_MAX = 4


def _scan(ext) -> tuple[dict[str, date | None], int | None]:
    hit = _ENDS.get(id(ext))
    if hit is not None and hit[0] is ext:
        return hit[1], hit[2]
    tables = [t for t in SOURCE_DATES if ext.has(t)]
    lazies = [ext.lf(t).select(pl.col(SOURCE_DATES[t]).max().alias("m")) for t in tables]
    if ext.has("droit"):
        lazies.append(ext.lf("droit").select(pl.col("date_fin").min().alias("m")))
    frames = pl.collect_all(lazies) if lazies else []
    last = last_complete_month(ext.date_extraction)
    ends: dict[str, date | None] = {}
    for t, df in zip(tables, frames, strict=False):
        m = df["m"][0]
        ends[t] = None if m is None else month_end(min(month_start(m), last))
    first = None
    if ext.has("droit") and frames and frames[-1]["m"][0] is not None:
        first = frames[-1]["m"][0].year
    _ENDS[id(ext)] = (ext, ends, first)
    while len(_ENDS) > _ENDS_MAX:  # bounded: a replaced extraction is not kept alive here
        _ENDS.pop(next(iter(_ENDS)), None)
    return ends, first


def source_end(ext, table: str) -> date | None:
    """Last day of the last complete month of ``table`` (None: no date, or not an event table)."""
    return _scan(ext)[0].get(table)


def first_year(ext) -> int | None:
    """The first year of the data (see the module docstring); None without droit exits."""
    return _scan(ext)[1]


def indicator_end(ext, ind_id: str) -> tuple[date | None, str | None]:
    """The last day every event source of a monthly indicator covers, and the source that stops
    first (None, None for stocks and indicators without a dated source)."""
    ind = REGISTRY[ind_id]
    if "mois" not in ind.dims:
        return None, None
    ends = [(source_end(ext, t), t) for t in ind.tables if t in SOURCE_DATES]
    ends = [(e, t) for e, t in ends if e is not None]
    if not ends:
        return None, None
    return min(ends)


def month_span(debut: date, fin: date) -> str:
    """« janvier-octobre 2026 », « novembre 2025-octobre 2026 », « octobre 2026 »; « du 15/01/2026
    au 31/10/2026 » when the window does not start on a 1st."""
    if debut.day != 1 or fin != month_end(fin):
        return f"du {fr_date(debut)} au {fr_date(fin)}"
    a, b = MOIS[debut.month - 1], MOIS[fin.month - 1]
    if (debut.year, debut.month) == (fin.year, fin.month):
        return f"{b} {fin.year}"
    if debut.year == fin.year:
        return f"{a}-{b} {fin.year}"
    return f"{a} {debut.year}-{b} {fin.year}"


@dataclass(frozen=True)
class Window:
    """The windows one figure is computed and compared on (``comp_*`` None: no comparison)."""

    debut: date
    fin: date
    comp_debut: date | None
    comp_fin: date | None
    note: str | None = None
    complete: bool = True  # False: no complete month of the sources in the window
    provisional: bool = False  # a délai of recent months only: computed, labelled provisional


def _shift_end(debut: date, comp_debut: date, comp_fin: date, fin: date, new_fin: date) -> date:
    """The comparison's end when the current window's end moves from ``fin`` to ``new_fin`` (a
    month end): by whole months when the comparison is shifted by whole months, else by days."""
    if debut.day == comp_debut.day == 1 or (debut.month, debut.day) == (comp_debut.month, comp_debut.day):
        k = months_touched(comp_debut, debut) - 1
        return month_end(add_months(month_start(new_fin), -k))
    return comp_fin - timedelta(days=(fin - new_fin).days)


def window(ext, ind_id: str, debut: date, fin: date, comp_debut: date | None,
           comp_fin: date | None, *, objectifs) -> Window:
    """The like-for-like windows of ``ind_id`` for the filters' window ``[debut, fin]`` (``fin``
    already clamped to the extraction date) and comparison ``[comp_debut, comp_fin]``.

    Two things end a window early, the earlier wins: the last complete month of the indicator's
    sources (:func:`indicator_end`), and for a délai counted by the month of its first event the
    last month whose follow-up is complete (:func:`followed_end`: the entrants of the latest
    months have no délai yet when theirs is long, the mean reads too short). A window with no such
    month is computed whole, without comparison, and says why (« Période récente : délai
    provisoire »). ``objectifs``: :class:`settings.Objectifs` (the target délais)."""
    ind = REGISTRY[ind_id]
    de = ext.date_extraction
    if "annee" in ind.dims and "mois" not in ind.dims and ind.kind in ("count", "sum"):
        if date(fin.year, 12, 31) > de and comp_debut is not None:
            return Window(debut, fin, None, None,
                          f"Montants annuels : l'année {fin.year} n'est pas close au {fr_date(de)}, "
                          "pas de comparaison.")
        return Window(debut, fin, comp_debut, comp_fin)
    end, table = indicator_end(ext, ind_id)
    followed = followed_end(ind_id, de, objectifs)
    delai = followed is not None and (end is None or followed < end)
    if delai:
        end = followed
    if end is None or end >= fin:
        return Window(debut, fin, comp_debut, comp_fin)
    if delai:
        if end < debut:
            return Window(debut, fin, None, None,
                          f"{PROVISIONAL} (suivi encore incomplet depuis "
                          f"{fr_month(end + timedelta(days=1))}) : pas de comparaison.",
                          complete=False, provisional=True)
        last = (f"délais complets jusqu'à {fr_month(month_start(end))} ; suivi encore incomplet "
                "des mois suivants")
    else:
        name = SOURCE_NAMES.get(table, table)
        if end < debut:
            return Window(debut, fin, None, None,
                          f"Aucun mois complet dans la période pour les {name} (dernier mois "
                          f"complet : {month_span(month_start(end), end)}) : pas de comparaison.",
                          complete=False)
        last = f"dernier mois complet des {name} : {month_span(month_start(end), end)}"
    if comp_debut is None or comp_fin is None:
        return Window(debut, end, None, None, f"{upper_first(_sur(debut, end))} ({last}).")
    ce = _shift_end(debut, comp_debut, comp_fin, fin, end)
    return Window(debut, end, comp_debut, ce,
                  f"{upper_first(_sur(debut, end))}, comparé à {_a(month_span(comp_debut, ce))} "
                  f"({last}).")


def measured(ctx, ind_id: str):
    """``(ctx, window)``: the context the period's figure of ``ind_id`` is computed on — the
    filters' window cut as :func:`window` cuts it (no comparison) — for the outputs that show a
    figure without its comparison (map, tables of units, packs' unit tables)."""
    w = window(ctx.ext, ind_id, ctx.debut, ctx.fin, None, None, objectifs=ctx.settings.objectifs)
    if (w.debut, w.fin) == (ctx.debut, ctx.fin):
        return ctx, w
    return replace(ctx, debut=w.debut, fin_demande=w.fin), w


def labelled_note(ind_id: str, note: str) -> str:
    """« Délai moyen d'orientation : sur janvier-août 2026 (délais complets…). » — the note of a
    figure computed on a window other than the period's, in a table of several indicators."""
    return f"{REGISTRY[ind_id].label} : {note[0].lower()}{note[1:]}"


def undefined_note(cells, labelled: bool = False) -> str | None:
    """The note of any output (card, table, chart, document) where a figure is shown « – »:
    ``cells``, the ``(indicator id, value, masked)`` it shows; for each indicator with a value
    neither masked nor defined, its registry text (:attr:`~indicators.registry.Indicator.undefined_text`),
    labelled with the indicator when ``labelled`` (a table of several indicators). ``None`` when
    nothing is « – ». The one rule of that note: every output gets it here."""
    ids = list(dict.fromkeys(i for i, v, m in cells if v is None and not m and i in REGISTRY))
    if not ids:
        return None
    if not labelled:
        return " ".join(REGISTRY[i].undefined_text for i in ids)
    return " ".join(labelled_note(i, REGISTRY[i].undefined_text) for i in ids)


def joined_notes(*notes: str | None) -> str | None:
    """Notes of one output side by side (``None`` and empty ones left out)."""
    return " ".join(n for n in notes if n) or None


def _a(span: str) -> str:
    return f"la période {span}" if span.startswith("du ") else span


def _sur(debut: date, fin: date) -> str:
    span = month_span(debut, fin)
    return span if span.startswith("du ") else f"sur {span}"


# ---- délais of the most recent months ----------------------------------------------------------
# A délai counted by the month of its first event (the entry into the RSA, the orientation) is
# known only for the people whose second event (the orientation, the CER, the first meeting…) has
# already happened at the extraction date: the people still waiting have no délai yet, so the
# latest months show only the quick ones and read too short (« octobre 2026 : 13 j » beside
# 20-26 j). A month is « récent » while its last entrants have been observed for fewer than
# RECENT_DELAI_DAYS days (two months: most délais of the demo end within them). A share judged
# within the target délai D (« orientés en 42 jours au plus ») counts only the people observed for
# D days: its months are récents while their last entrants have fewer than D days. Pages, image
# exports, tables and packs mark these months (:func:`recent_from`) with :data:`RECENT_NOTE`.
RECENT_DELAI_DAYS = 60
RECENT_NOTE = "mois récents : délais encore incomplets"
RECENT_COLUMN = "incomplet"  # in a monthly series' data: True for a recent month
PROVISIONAL = "Période récente : délai provisoire"  # a window with no complete month of délais


def delai_horizon(ind_id: str, objectifs) -> int | None:
    """Days of observation a month's délais need to be complete; None when ``ind_id`` is not a
    délai (or a share within a délai) counted by the month of its first event. ``objectifs``:
    :class:`settings.Objectifs` (the target délais)."""
    from indicators.registry import TARGETS

    ind = REGISTRY.get(ind_id)
    if ind is None or "mois" not in ind.dims or ind.window_dependent:
        return None
    if ind.target_in_definition and ind.target in TARGETS:
        return int(getattr(objectifs, TARGETS[ind.target].setting))
    if ind.unit == "jours" and ind.kind in ("mean", "median"):
        return RECENT_DELAI_DAYS
    return None


def recent_from(ind_id: str, date_extraction: date, objectifs) -> date | None:
    """First day of the first month whose délais are still incomplete at ``date_extraction``
    (a month is complete once its last day is ``delai_horizon`` days old); None when the rule does
    not apply to ``ind_id``."""
    h = delai_horizon(ind_id, objectifs)
    if h is None:
        return None
    return month_start(date_extraction - timedelta(days=h - 1))


def followed_end(ind_id: str, date_extraction: date, objectifs) -> date | None:
    """Last day of the last month whose délais are complete (the day before :func:`recent_from`);
    None when the rule does not apply to ``ind_id``."""
    first = recent_from(ind_id, date_extraction, objectifs)
    return None if first is None else first - timedelta(days=1)


def recent_note(first: date) -> str:
    """« mois récents : délais encore incomplets (depuis septembre 2026) »."""
    return f"{RECENT_NOTE} (depuis {fr_month(first)})"
