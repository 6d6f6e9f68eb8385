"""Secret statistique: the one module that decides what a figure below the département level may
show. Every output (page, chart, map, CSV/XLSX, image, pack, sentence) gets its figures through
:func:`mask` (one frame of one indicator) and writes a hidden figure with :func:`masked_text`.

Rules, all judged on *distinct statistical units* (``effectif``: the persons, foyers, jeunes the
registry entry declares, see :mod:`indicators.aggregate`) and applied only below the département
level (a sub-département territory, or a breakdown by a territory level); département figures
stay exact:

1. **Counts**: hidden (« < 5 ») when the count or its units are between 1 and ``seuil − 1``.
2. **Rates**: hidden when the denominator has fewer than ``seuil`` units, or when the numerator
   or its complement (denominator − numerator) is between 1 and ``seuil − 1`` — in rows or in
   distinct units (a rate of 1 out of 7 gives the 1 back with its denominator). No numerator is
   ever given below the département level.
3. **Means and sums** (délais, amounts): hidden under ``seuil`` units (a sum of 12 payments of
   one foyer is one foyer's allocation). **Medians** and every other distribution (quantiles,
   boxes, survival curves: :mod:`indicators.distributions`) need ``seuil_distribution`` units
   (default 11: with 5 values the quartiles give the values back).
4. **Complementary suppression** (:func:`complementary`): wherever parts and their total are
   shown or computable (the units of a level and their parent, the categories of a breakdown and
   the card above it, the months and the period), more cells are hidden, smallest first, until
   no group has exactly one hidden cell or hidden cells summing to fewer than ``seuil`` units.
   The pattern is computed from true values, once per table, and the same frame feeds the page
   and its exports.
5. **Perturbation by cell key** (:func:`perturb`, setting ``secret.perturbation``): every count
   shown below the département gets a small noise (−2 … +2, never below ``seuil``), every sum a
   noise of at most ±``AMPLITUDE_MONTANTS``, drawn from the cell key — a keyed hash of the *set*
   of units behind the cell (setting ``secret.cle``). The same set of people always gets the same
   noise, so repeating a request gives nothing; two overlapping sets (two periods one day apart,
   a canton and its communes) get independent noises, so their difference does not give back
   the persons in between. Pages say « valeurs protégées sous le niveau département ».

Together with whole-month periods below the département level
(:func:`indicators.calendrier.snap_to_months`, applied by the engine), these
rules answer the attacks of issue 9. Limits, stated in the README: perturbation can be averaged
out by an adversary asking for very many different overlapping tables; complementary suppression
is per table (a heuristic, not an optimal pattern) and the hierarchy groups it knows are those of
the territorial référentiel and the months of a period.
``python -m indicators compute`` (authorised staff) keeps raw values.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from indicators.registry import REGISTRY

SECRET_LABEL = "secret statistique"
PROTECTED_NOTE = ("Valeurs protégées sous le niveau département (secret statistique : petits "
                  "effectifs masqués, masquage complémentaire, effectifs et montants légèrement "
                  "perturbés, périodes en mois entiers).")
# Kaplan-Meier below the département: the curve only at these durations (days), never per event.
KM_DURATIONS = (15, 30, 42, 60, 90, 180)
# The same for the time spent in the RSA (days): 1, 3, 6, 9, 12, 18 and 24 months.
KM_DURATIONS_RSA = (30, 91, 182, 273, 365, 547, 730)
AMPLITUDE_MONTANTS = 0.05
# Cell-key noise of a count: cumulative probabilities of −2, −1, 0, +1, +2 (mean 0, variance 0.8).
NOISE_TABLE = ((0.05, -2), (0.25, -1), (0.75, 0), (0.95, 1), (1.0, 2))
KEY_MOD = 2**32
PRIVATE = ("_cle", "_den", "_num_u", "_compl_u")


@dataclass(frozen=True)
class Regles:
    """The secret statistique's parameters (from :class:`settings.Settings`)."""

    seuil: int = 5
    seuil_distribution: int = 11
    perturbation: bool = True
    cle: str = "declik-demo-changer-cette-cle"

    @classmethod
    def of(cls, x) -> Regles:
        """From a :class:`Regles`, a :class:`~settings.Settings`, or a bare threshold."""
        if isinstance(x, Regles):
            return x
        if isinstance(x, int):
            return cls(seuil=x)
        return cls(x.seuil_secret, x.seuil_distribution, x.perturbation, x.cle_secret)


def short_note(seuil: int) -> str:
    """The one-line note under a table with hidden cells (pages, exports, packs)."""
    return (f"Secret statistique : effectifs de 1 à {seuil - 1} affichés « < {seuil} » ; cellules "
            "masquées en complément « secret statistique » (sinon déductibles d'un total) ; "
            "valeurs protégées sous le niveau département.")


def rules_text(r) -> str:
    """The rules as a paragraph (packs' methodology, pages' help)."""
    r = Regles.of(r)
    s = r.seuil
    txt = (f"Sous le niveau département, les chiffres sont jugés sur des unités distinctes "
           f"(personnes, foyers) : un effectif de 1 à {s - 1} est affiché « < {s} » ; une somme "
           f"ou une moyenne sur moins de {s} unités, un taux dont le numérateur ou son complément "
           f"compte de 1 à {s - 1} unités ne sont pas affichés (aucune colonne « numérateur ») ; "
           f"médianes, quantiles et courbes de survie demandent au moins {r.seuil_distribution} "
           "unités (courbe de Kaplan-Meier aux seules durées "
           f"{', '.join(str(m) for m in KM_DURATIONS)} jours) ; d'autres cellules sont masquées "
           "en complément (« secret statistique ») là où un total permettrait de retrouver une "
           "cellule masquée ; les périodes sont ramenées aux mois entiers.")
    if r.perturbation:
        txt += (" Les effectifs et montants affichés sous le niveau département sont légèrement "
                "perturbés (±2 pour un effectif, ±5 % au plus pour un montant, toujours le même "
                "bruit pour le même ensemble de personnes) : les totaux ne s'additionnent pas "
                "exactement.")
    return txt + " Les chiffres du département sont exacts. Aucun document exporté ne contient " \
        "de donnée individuelle."


def masked_text(ind_id: str | None, seuil: int, secondary: bool = False) -> str:
    """What any output writes instead of a hidden figure: « < 5 » for a count hidden because it
    is small, « secret statistique » otherwise (a complementary cell is not necessarily small)."""
    kind = REGISTRY[ind_id].kind if ind_id in REGISTRY else "count"
    return f"< {seuil}" if kind == "count" and not secondary else SECRET_LABEL


def _small(e: pl.Expr, seuil: int) -> pl.Expr:
    return (e >= 1) & (e < seuil)


def primary_hidden(kind: str, names: Sequence[str], r: Regles) -> pl.Expr:
    """The primary rule of ``kind`` (see the module doc) as an expression."""
    s = r.seuil
    eff = pl.col("effectif")
    if kind == "count":
        h = _small(pl.col("valeur"), s)
        if "effectif" in names:
            h = h | _small(eff, s)
        return h.fill_null(False)
    if kind == "rate":
        h = eff.is_null() | (eff < s)
        if "numerateur" in names:
            den = pl.col("_den") if "_den" in names else eff
            h = h | _small(pl.col("numerateur"), s) | _small(den - pl.col("numerateur"), s)
        for c in ("_num_u", "_compl_u"):
            if c in names:
                h = h | _small(pl.col(c), s)
        return h.fill_null(True)
    need = r.seuil_distribution if kind == "median" else s
    # nothing there (no record at all: a sum of 0, an undefined mean) is not a secret
    return (eff.is_null() | ((eff > 0) & (eff < need))).fill_null(True)


def _fallback_key(names: Sequence[str], r: Regles) -> pl.Expr:
    from indicators.aggregate import hash_seed

    cols = [c for c in ("valeur", "effectif") if c in names]
    return (pl.struct(cols).hash(hash_seed(r.cle)) % KEY_MOD).cast(pl.UInt64)


def count_noise(key: pl.Expr) -> pl.Expr:
    """The noise (−2 … +2) of a cell key."""
    u = key.cast(pl.Float64) / KEY_MOD
    e = pl.lit(NOISE_TABLE[-1][1])
    for p, n in reversed(NOISE_TABLE[:-1]):
        e = pl.when(u < p).then(pl.lit(n)).otherwise(e)
    return e.cast(pl.Int64)


def sum_factor(key: pl.Expr) -> pl.Expr:
    """1 + a noise in [−AMPLITUDE_MONTANTS, +AMPLITUDE_MONTANTS] of a cell key (other bits)."""
    u = ((key.cast(pl.UInt64) * 2654435761) % KEY_MOD).cast(pl.Float64) / KEY_MOD
    return 1.0 + AMPLITUDE_MONTANTS * (2.0 * u - 1.0)


def _noisy_count(e: pl.Expr, noise: pl.Expr, seuil: int) -> pl.Expr:
    return pl.when(e >= seuil).then(pl.max_horizontal(e + noise, pl.lit(seuil))).otherwise(e)


def perturb(df: pl.DataFrame | pl.LazyFrame, ind_id: str, r: Regles) -> pl.DataFrame | pl.LazyFrame:
    """Cell-key perturbation of the shown counts (``valeur`` of a count, every ``effectif``) and
    sums; a ratio to a population is recomputed from its perturbed count."""
    ind = REGISTRY[ind_id]
    kind = ind.kind
    schema = df.collect_schema()
    names = schema.names()
    key = pl.col("_cle") if "_cle" in names else _fallback_key(names, r)
    noise = count_noise(key)
    cols = []
    if "effectif" in names:
        cols.append(_noisy_count(pl.col("effectif"), noise, r.seuil).cast(pl.Int64).alias("effectif"))
    if kind == "count":
        cols.append(_noisy_count(pl.col("valeur"), noise, r.seuil).cast(schema["valeur"]).alias("valeur"))
    elif kind == "sum":
        cols.append((pl.col("valeur") * sum_factor(key)).round(0).alias("valeur"))
    elif ind.variant_of and "population" in names and "effectif" in names:  # per 1 000 hab.
        cols.append(pl.when(pl.col("population") > 0).then(
            1000 * _noisy_count(pl.col("effectif"), noise, r.seuil).cast(pl.Float64)
            / pl.col("population")).otherwise(None).alias("valeur"))
    return df.with_columns(cols) if cols else df


def mask(df: pl.DataFrame | pl.LazyFrame, ind_id: str, seuil, below_departement: bool = True,
         groups: Sequence[Sequence[str]] | None = None, known_totals: bool = True):
    """The frame as it may be shown: ``valeur`` null where hidden, ``masque`` (hidden),
    ``masque_secondaire`` (hidden by complementary suppression), ``effectif`` perturbed and null
    where hidden, no ``numerateur`` value below the département, no private column.

    ``seuil``: a :class:`Regles`, the settings, or the threshold alone. ``groups``: lists of
    columns; rows sharing those columns' values form a group whose total is shown elsewhere
    (``[[]]``: all rows; ``[[], ["canton"]]``: all rows, and the rows of each canton) —
    complementary suppression then applies (it needs a DataFrame)."""
    r = Regles.of(seuil)
    kind = REGISTRY[ind_id].kind
    names = df.collect_schema().names()
    drop = [c for c in PRIVATE if c in names]
    if not below_departement:
        return df.with_columns(pl.lit(False).alias("masque"),
                               pl.lit(False).alias("masque_secondaire")).drop(drop)
    df = df.with_columns(primary_hidden(kind, names, r).alias("masque"),
                         pl.lit(False).alias("masque_secondaire"))
    if groups and isinstance(df, pl.DataFrame) and df.height:
        df = complementary_frame(df, groups, r.seuil, known_totals, kind)
    if r.perturbation:
        df = perturb(df, ind_id, r)
    hidden = pl.col("masque")
    cols = [pl.when(hidden).then(None).otherwise(pl.col("valeur")).alias("valeur")]
    if "effectif" in names:
        cols.append(pl.when(hidden).then(None).otherwise(pl.col("effectif")).alias("effectif"))
    if "numerateur" in names:
        cols.append(pl.lit(None, dtype=pl.Int64).alias("numerateur"))
    return df.with_columns(cols).drop(drop)


# ---- complementary suppression ---------------------------------------------------------------

def complementary(magnitudes: Sequence[float | int | None], hidden: Sequence[bool],
                  groups: Sequence[Sequence[int]], seuil: int,
                  known: Sequence[bool] | None = None,
                  protect: Sequence[bool] | None = None) -> list[bool]:
    """Complementary (secondary) suppression over overlapping groups of cells.

    ``magnitudes``: the units behind each cell; ``hidden``: the cells already hidden;
    ``groups``: lists of cell indexes whose total is shown (or computable) elsewhere;
    ``known``: whether each group's total is shown (a total that is itself hidden protects its
    group). In every group with a known total, while exactly one cell is hidden or the hidden
    cells hold fewer than ``seuil`` units, the smallest shown non-zero cell is hidden too (then a
    zero cell, if nothing else is left). Groups are revisited until nothing changes (a cell
    hidden for one group may open another). ``protect``: which hidden cells hold something that
    subtraction must not give back (default all; a median hidden only for want of
    ``seuil_distribution`` units has nothing additive to protect). Returns the new flags."""
    mag = [0 if m is None else m for m in magnitudes]
    out = list(hidden)
    prot = list(protect) if protect is not None else [True] * len(mag)
    known = list(known) if known is not None else [True] * len(groups)
    changed = True
    while changed:
        changed = False
        for g, k in zip(groups, known, strict=True):
            if not k:
                continue
            while True:
                hid = [i for i in g if out[i]]
                if not any(prot[i] for i in hid) or (
                        len(hid) > 1 and sum(mag[i] for i in hid) >= seuil):
                    break
                cand = [i for i in g if not out[i] and mag[i] > 0] or [i for i in g if not out[i]]
                if not cand:
                    break
                pick = min(cand, key=lambda i: (mag[i], i))
                out[pick] = True
                prot[pick] = True
                changed = True
    return out


def complementary_frame(df: pl.DataFrame, groups: Sequence[Sequence[str]], seuil: int,
                        known_totals: bool = True, kind: str = "count") -> pl.DataFrame:
    """:func:`complementary` on a frame with ``effectif`` and ``masque``: each entry of
    ``groups`` is a list of columns (``[]`` = the whole frame); a group whose total holds 1 to
    ``seuil − 1`` units is taken as hidden itself."""
    mag = df["effectif"].to_list() if "effectif" in df.columns else df["valeur"].to_list()
    mag = [0 if m is None else m for m in mag]
    idx_groups: list[list[int]] = []
    for cols in groups:
        if not cols:
            idx_groups.append(list(range(df.height)))
            continue
        keys = df.select(cols).rows()
        by: dict[tuple, list[int]] = {}
        for i, k in enumerate(keys):
            by.setdefault(k, []).append(i)
        idx_groups += list(by.values())
    known = [known_totals and not (1 <= sum(mag[i] for i in g) < seuil) for g in idx_groups]
    before = df["masque"].to_list()
    # nothing to protect in an empty cell, nor in a median hidden only for want of
    # seuil_distribution units (its count of units, ≥ seuil, is no secret)
    protect = [m > 0 and (kind != "median" or m < seuil) for m in mag]
    after = complementary(mag, before, idx_groups, seuil, known, protect)
    return df.with_columns(pl.Series("masque", after),
                           pl.Series("masque_secondaire",
                                     [a and not b for a, b in zip(after, before, strict=True)]))


def figure_text(ind_id: str, value, masked: bool = False, seuil: int = 5,
                secondary: bool = False) -> str:
    """What any output shows for one figure of an indicator: the masking text when the secret
    statistique hides it, else its value in the indicator's :class:`~indicators.formatting.Format`."""
    from indicators.formatting import fmt

    if masked:
        return masked_text(ind_id, seuil, secondary)
    ind = REGISTRY.get(ind_id)
    return fmt(ind.format if ind else "entier").value(value)


def display_value(value, masked: bool, ind_id: str, seuil: int, formatter) -> str:
    """Text for a possibly-masked value (kept for callers that hold a formatter)."""
    if masked:
        return masked_text(ind_id, seuil)
    return formatter(value)


# ---- the territorial hierarchy ---------------------------------------------------------------

PARENT_LEVELS = {"commune": ("canton", "mdcs", "epci")}


def with_parents(df: pl.DataFrame, ref, niveau: str, code_col: str | None = None
                 ) -> tuple[pl.DataFrame, list[list[str]]]:
    """Add the parent units of each row (``_p_canton``, ``_p_mdcs``, ``_p_epci`` for communes)
    and return the groups of :func:`mask`: the whole level (its total is the département's) and,
    for communes, the communes of each canton, MDCS and EPCI (those totals are shown on their
    own pages). A split commune has no single canton: it stays out of the canton groups."""
    groups: list[list[str]] = [[]]
    parents = PARENT_LEVELS.get(niveau, ())
    if not parents or not df.height:
        return df, groups
    code_col = code_col or niveau
    c = ref.communes.select(
        pl.col("code_insee").alias(code_col),
        pl.when(pl.col("cantons_2015").list.len() > 1).then(None)
        .otherwise(pl.col("canton_code")).alias("_p_canton"),
        pl.col("mdcs_code").alias("_p_mdcs"), pl.col("epci_siren").alias("_p_epci"))
    out = df.join(c, on=code_col, how="left", maintain_order="left")
    for p in parents:
        out = out.with_columns(pl.col(f"_p_{p}").fill_null(pl.lit("_aucun_")))
        groups.append([f"_p_{p}"])
    return out, groups


def mask_units(df: pl.DataFrame, ind_id: str, rules, ref, niveau: str,
               code_col: str | None = None) -> pl.DataFrame:
    """Every unit of ``niveau`` (one row each) masked with the complementary suppression of the
    territorial hierarchy (:func:`with_parents`): the same pattern wherever the level is shown
    whole (Territoires, maps, funnel)."""
    j, groups = with_parents(df, ref, niveau, code_col)
    out = mask(j, ind_id, rules, True, groups=groups)
    return out.drop([c for c in out.columns if c.startswith("_p_")])


def protection_note(debut: date, fin: date, below_departement: bool) -> str | None:
    """What a page below the département level says about its figures: they are protected, and
    a period that is not made of whole months has been widened to whole months."""
    if not below_departement:
        return None
    from indicators.calendrier import snap_to_months
    from indicators.formatting import fr_date

    d, f = snap_to_months(debut, fin)
    note = PROTECTED_NOTE
    if (d, f) != (debut, fin):
        note += (f" La période est ramenée aux mois entiers : du {fr_date(d)} au {fr_date(f)}.")
    return note


def with_pattern(df: pl.DataFrame, ind_id: str, rules, pattern: pl.DataFrame,
                 code_col: str) -> pl.DataFrame:
    """The units of a level *inside* a territory (the communes of a canton) masked with the
    pattern of the whole level (``pattern``: :func:`mask_units` over the département, columns
    ``code_col, masque, masque_secondaire``), so that a canton's page or pack and the
    Territoires table hide the same communes: the whole-level pattern already protects each
    canton, MDCS and EPCI group, and two different patterns of the same cells could be combined.
    A unit's own primary rule still applies (a split commune's part differs from the whole)."""
    m = mask(df, ind_id, rules, True)
    flags = pattern.select(pl.col(code_col).cast(pl.Utf8), pl.col("masque").alias("_pm"),
                           pl.col("masque_secondaire").alias("_ps"))
    j = m.with_columns(pl.col(code_col).cast(pl.Utf8)).join(flags, on=code_col, how="left")
    hidden = pl.col("masque") | pl.col("_pm").fill_null(False)
    cols = [hidden.alias("masque"),
            (pl.col("masque_secondaire") | (pl.col("_ps").fill_null(False) & ~pl.col("masque")))
            .alias("masque_secondaire")]
    j = j.with_columns(cols)
    nul = [pl.when(pl.col("masque")).then(None).otherwise(pl.col(c)).alias(c)
           for c in ("valeur", "effectif") if c in j.columns]
    return j.with_columns(nul).drop("_pm", "_ps")
