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
   The pattern is computed from true values, once per table, whatever the order of its rows
   (ties between equally small cells broken in one canonical order: before, a join's row order
   could hide May in one computation and June in the next, 1 in 12 for the FAJD amounts of an
   MDCS — the two patterns together gave both back), and the same frame feeds the page and its
   exports.
5. **Perturbation by cell key** (:func:`perturb`, setting ``secret.perturbation``): every count
   shown below the département gets a small noise (−2 … +2, never below ``seuil``), every sum a
   noise of at most ±``AMPLITUDE_MONTANTS``, drawn from the cell key of the *set* of units
   behind the cell. Each distinct unit has a **record key** (:func:`record_key`): the first 4
   bytes, big-endian, of ``blake2b(f"{id column}:{id}", key=blake2b(secret.cle, 32 bytes),
   digest_size=4)`` — a documented keyed hash computed with :mod:`hashlib`, independent of the
   polars version, and always in Python *outside* polars' engine, never as a Python function
   inside a query (on polars' thread pool such a function waits for the interpreter lock: with
   several sessions, the server froze, issue 12): the units' keys are a table hashed once per
   extraction (:func:`key_table`: of the unit's own table, or — an extraction without that table —
   of every id of that column in its tables; same id, same key) and joined natively or carried
   with the units' rows. Two cells have no units to key them by: a cell counted without units is
   keyed by its row count, a frame without any cell key by its shown figures; both keys are a
   native polars expression (:func:`native_key`: a keyed integer mix, its 64-bit key drawn from
   ``secret.cle`` by blake2b), never collected nor hashed in Python inside an indicator
   (:func:`row_count_keys`, :func:`value_keys`; neither is reached on the demo). The **cell
   key** is the sum of the record keys of the cell's distinct units modulo 2³² (the ABS method's « sum of record keys mod 1 », on 32-bit integers); its uniform
   ``u = cell key / 2³²`` picks the noise in :data:`NOISE_TABLE`. The same set of people always
   gets the same noise whichever output shows it (a card, a breakdown, the funnel), so repeating
   a request gives nothing; two overlapping sets (two periods one day apart, a canton and its
   communes) get independent noises, so their difference does not give back the persons in
   between. Pages say « valeurs protégées sous le niveau département ».

Together with whole-month periods below the département level
(:func:`indicators.calendrier.snap_to_months`, applied by the engine), these
rules answer the attacks of issue 9. Coordination across outputs: the communes of a canton,
an MDCS or an EPCI are hidden with the one pattern of the whole level (:func:`mask_units`,
:func:`with_pattern`) on every page and pack, and a unit's own card follows its level's
pattern (:func:`indicators.views.availability.level_patterns`), and a unit's breakdown of a
count or a sum by a category is its rows of one level × category table masked over both
margins, the département's exact breakdown and the units' cards
(:func:`indicators.views.availability.cross_patterns`); across periods (a year, its quarters, any range
of whole months can be asked for) only the perturbation protects: a difference gives a sum of
hidden cells plus noise (``tests/secret/test_combined.py`` solves these systems). Limits,
stated in the README: perturbation can be averaged out by an adversary asking for very many
different overlapping tables, and a noisy difference may equal the true count by chance
(the adversary cannot tell); complementary suppression is a heuristic, not an optimal pattern.
``python -m indicators compute`` (authorised staff) keeps raw values.
"""
from __future__ import annotations

import hashlib
import inspect
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from data.snapshot import ids as surrogate
from indicators.registry import REGISTRY, TERRITORY_DIMS

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


def applies(territoire, by: Sequence[str] = ()) -> bool:
    """Whether the secret applies to the figures of ``territoire`` broken down by ``by``: a
    sub-département territory, or a breakdown by a territory level (département figures stay
    exact, and carry no cell key: nothing perturbs them)."""
    return (not territoire.is_departement) or any(b in TERRITORY_DIMS[1:] for b in by)


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


# ---- record keys and cell keys (cell-key perturbation) ------------------------------------------

RECORD_KEY_COL = "_rk"
# Where the ids of each statistical unit live (the table of the unit itself).
UNIT_TABLES = {"id_personne": "personne", "id_foyer": "foyer", "id_aide": "aide_fajd",
               "id_action": "action"}
# id(extraction tables) → {(column, derived key): the ids and their record keys}, dropped with
# the extraction
_KEY_TABLES: dict[int, dict] = {}


def _mac_key(cle: str) -> bytes:
    """The blake2b key derived from ``secret.cle`` (any length: blake2b keys are ≤ 64 bytes)."""
    return hashlib.blake2b(cle.encode("utf-8"), digest_size=32).digest()


def _digest(col: str, unit_id: str, mk: bytes) -> int:
    d = hashlib.blake2b(f"{col}:{unit_id}".encode(), key=mk, digest_size=4)
    return int.from_bytes(d.digest(), "big")


def record_key(unit_id, col: str, cle: str) -> int:
    """The record key (0 … 2³² − 1) of one statistical unit: ``unit_id`` (a pseudonymised id,
    written as text) of the id column ``col`` (``id_personne``, ``id_foyer``…), keyed by
    ``secret.cle``. Stable across versions of every library: only :mod:`hashlib`."""
    return _digest(col, str(unit_id), _mac_key(cle))


def unit_keys(ids: pl.Series, col: str, cle: str) -> pl.Series:
    """:func:`record_key` of each of ``ids`` (distinct, no null), as ``UInt64``, fast: the keyed
    hash state after the MAC key and the ``"<col>:"`` prefix is built once and copied for each
    id (blake2b is a stream: the same digests as hashing each ``"<col>:<id>"`` from scratch,
    about 4 times faster), and the 4-byte digests are read back in one go by numpy."""
    import numpy as np

    base = hashlib.blake2b(key=_mac_key(cle), digest_size=4)
    base.update(f"{col}:".encode())
    copy = base.copy
    digests = []
    keep = digests.append
    for u in ids.cast(pl.Utf8).cast(pl.Binary).to_list():
        h = copy()
        h.update(u)
        keep(h.digest())
    keys = np.frombuffer(b"".join(digests), dtype=">u4").astype(np.uint64)
    return pl.Series(RECORD_KEY_COL, keys, dtype=pl.UInt64)


def record_keys(s: pl.Series, col: str, cle: str) -> pl.Series:
    """:func:`record_key` of every value of ``s`` (null stays null), as ``UInt64``."""
    txt = s.cast(pl.Utf8)
    uniq = txt.drop_nulls().unique()
    return txt.replace_strict(uniq, unit_keys(uniq, col, cle), default=None,
                              return_dtype=pl.UInt64).alias(RECORD_KEY_COL)


def compute_key_table(ext, col: str, cle: str) -> pl.DataFrame | None:
    """The record key of every unit of the extraction's table of ``col`` (``personne`` for
    ``id_personne``…): ``col, _rk``; ``None`` if there is no such table."""
    table = UNIT_TABLES.get(col)
    if table is None or not ext.has(table):
        return None
    ids = ext.lf(table).select(pl.col(col).drop_nulls().unique()).collect().to_series()
    return pl.DataFrame([ids, unit_keys(_texts(ids, ext, col), col, cle)])


def ids_key_table(ext, col: str, cle: str) -> pl.DataFrame | None:
    """The key table of an extraction without ``col``'s unit table (an optional one, or an id
    column without a table of its own): every distinct id of ``col`` found in its tables, with
    its record key (the key of an id is the same whatever table it is read from); ``None`` if no
    table has the column."""
    names = sorted({*ext.tables, *getattr(ext, "files", {})})
    frames = [lf.select(col) for lf in (ext.lf(n) for n in names)
              if col in lf.collect_schema().names()]
    if not frames:
        return None
    ids = pl.concat(frames).select(pl.col(col).drop_nulls().unique().sort()).collect().to_series()
    return pl.DataFrame([ids, unit_keys(_texts(ids, ext, col), col, cle)])


def _texts(ids: pl.Series, ext, col: str) -> pl.Series:
    """The text ids of ``ids`` (distinct, no null), in the same order: ``ids`` themselves, or,
    for a snapshot storing ``col`` as integer codes (:mod:`data.snapshot.ids`), the text its
    dictionary gives each code — a record key is always the hash of the text id."""
    dic = surrogate.dictionary(ext, col) if ext is not None else None
    if dic is None:
        return ids
    return surrogate.decoded(ids.to_frame().lazy(), dic, col).collect().to_series()


def per_extraction(stores: dict[int, dict], ext) -> dict:
    """The dict of ``stores`` that belongs to extraction ``ext`` (created on first use, dropped
    with the extraction's tables): a cache that lives exactly as long as its extraction."""
    tables = ext.tables
    per_ext = stores.get(id(tables))
    if per_ext is None:
        per_ext = stores[id(tables)] = {}
        weakref.finalize(tables, stores.pop, id(tables), None)
    return per_ext


def key_table(ext, col: str, cle: str) -> pl.DataFrame | None:
    """:func:`compute_key_table`, once per extraction and key: read from the snapshot's derived
    table when it has one for this key (:func:`keys_name`), else hashed here; without the
    unit's table, :func:`ids_key_table`."""
    per_ext = per_extraction(_KEY_TABLES, ext)
    k = (col, _mac_key(cle))
    if k not in per_ext:
        stored = ext.derived_lf(keys_name(col, cle))
        table = compute_key_table(ext, col, cle) if stored is None else stored.collect()
        per_ext[k] = ids_key_table(ext, col, cle) if table is None else table
    return per_ext[k]


def keys_name(col: str, cle: str) -> str:
    """Name of the derived table of the record keys of ``col`` that a snapshot stores
    (:mod:`indicators.prepared`): the column and a digest of the MAC key and of the code that
    computes the keys (another key or other code: another name, never a stale table)."""
    kid = hashlib.blake2b(_mac_key(cle) + _KEYS_CODE, digest_size=6).hexdigest()
    return f"cles_{col}_{kid}"


def key_frame(ext, col: str, cle: str) -> pl.LazyFrame | None:
    """The record keys of ``col``'s units (:func:`key_table`), lazily."""
    keys = key_table(ext, col, cle)
    return None if keys is None else keys.lazy()


# what keys_name digests: the code that makes a record key
_KEYS_CODE = "".join(inspect.getsource(f) for f in (_mac_key, unit_keys, compute_key_table,
                                                    _texts)).encode()


def carried_key(col: str) -> str:
    """The column in which a frame carries the record key of ``col``'s unit, joined with the
    unit's own table (:attr:`indicators.context.Ctx.personnes_base`, :attr:`~indicators.context.Ctx.foyers`)."""
    return f"{RECORD_KEY_COL}_{col}"


def with_record_keys(lf: pl.LazyFrame, col: str, cle: str, ext) -> pl.LazyFrame:
    """``lf`` with ``_rk``, the record key of its unit column ``col``: the key ``lf`` carries
    (:func:`carried_key`, the same key joined earlier with the unit's table), else joined from
    :func:`key_table` (a native join, the table hashed once per extraction) — a record whose
    unit is missing from the unit's table (an orphan) adds nothing to the cell key. Nothing is
    collected or hashed here: an id column that no table of ``ext`` has is a programming error."""
    if carried_key(col) in lf.collect_schema().names():  # joined with the unit's own table
        return lf.with_columns(pl.col(carried_key(col)).alias(RECORD_KEY_COL))
    keys = key_frame(ext, col, cle)
    if keys is None:
        raise ValueError(f"aucune table de l'extraction n'a la colonne {col!r} : pas de clé "
                         "d'enregistrement pour le secret statistique")
    dtype = lf.collect_schema()[col]
    return lf.join(keys.with_columns(pl.col(col).cast(dtype)), on=col, how="left",
                   maintain_order="left")


def cell_key_agg(col: str) -> pl.Expr:
    """Aggregation (in a ``group_by``/``select`` over a frame of :func:`with_record_keys`): the
    cell key of the group = the sum of the record keys of its distinct units, modulo 2³²."""
    first = pl.col(col).is_not_null() & pl.col(col).is_first_distinct()
    return (pl.col(RECORD_KEY_COL).filter(first).sum().cast(pl.UInt64) % KEY_MOD
            ).cast(pl.UInt64).alias("_cle")


def cell_key_of(ids, col: str, cle: str) -> int:
    """The cell key of a set of units given as ids (tests, hand computations)."""
    return sum(record_key(i, col, cle) for i in set(ids) if i is not None) % KEY_MOD


_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)  # splitmix64's finaliser


def native_secret(col: str, cle: str) -> int:
    """The 64-bit key of :func:`native_key` for ``col``: the first 8 bytes, big-endian, of
    ``blake2b(f"{col}:", key=blake2b(secret.cle, 32 bytes), digest_size=8)``."""
    d = hashlib.blake2b(f"{col}:".encode(), key=_mac_key(cle), digest_size=8).digest()
    return int.from_bytes(d, "big")


def _mix(x: pl.Expr) -> pl.Expr:
    """splitmix64's finaliser on ``UInt64`` (polars' integer arithmetic wraps modulo 2⁶⁴;
    ``x >> k`` written ``x // 2**k``)."""
    x = x.xor(x // 2**30) * pl.lit(_MIX[0], dtype=pl.UInt64)
    x = x.xor(x // 2**27) * pl.lit(_MIX[1], dtype=pl.UInt64)
    return x.xor(x // 2**31)


def native_key(parts: Sequence[pl.Expr], col: str, cle: str) -> pl.Expr:
    """A keyed key (0 … 2³² − 1, ``UInt64``) of integer columns, as a native polars expression:
    ``x = k`` (:func:`native_secret`), then for each part ``x = mix(x xor part)``, the key being
    the high 32 bits of ``x`` (``mix``: splitmix64's finaliser; a part is an ``Int64`` read as its
    64 bits, null as −1)."""
    x = pl.lit(native_secret(col, cle), dtype=pl.UInt64)
    for p in parts:
        bits = p.cast(pl.Int64).fill_null(-1).reinterpret(signed=False)
        x = _mix(x.xor(bits))
    return (x // 2**32).cast(pl.UInt64)


def row_count_keys(df: pl.DataFrame | pl.LazyFrame, cle: str):
    """``df`` (an aggregate with ``_cle_n``, the rows of each cell, built without a unit column)
    with ``_cle`` = the keyed key of that row count (:func:`native_key` of ``"_lignes"``), a
    native expression: nothing collected."""
    return df.with_columns(native_key([pl.col("_cle_n")], "_lignes", cle).alias("_cle")
                           ).drop("_cle_n")


def value_keys(names: Sequence[str], r: Regles) -> pl.Expr:
    """Last resort for a frame built without its units (no ``_cle``): the keyed key
    (:func:`native_key` of ``"_valeur"``) of each cell's shown figures — ``valeur`` to the
    thousandth and ``effectif`` (same figures, same noise), a native expression."""
    parts = [(pl.col("valeur").cast(pl.Float64) * 1000).round(0) if c == "valeur" else pl.col(c)
             for c in ("valeur", "effectif") if c in names]
    return native_key(parts, "_valeur", r.cle)


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
    if "_cle" not in names:  # no cell key: the figures' own (:func:`value_keys`), then dropped
        return perturb(df.with_columns(value_keys(names, r).alias("_cle")), ind_id, r).drop("_cle")
    key = pl.col("_cle")
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
         groups: Sequence[Sequence[str]] | None = None, known_totals: bool = True,
         hidden_total: bool = False, hidden_totals: str | None = None,
         exact_totals: bool = False):
    """The frame as it may be shown: ``valeur`` null where hidden, ``masque`` (hidden),
    ``masque_secondaire`` (hidden by complementary suppression), ``effectif`` perturbed and null
    where hidden, no ``numerateur`` value below the département, no private column.

    ``seuil``: a :class:`Regles`, the settings, or the threshold alone. ``groups``: lists of
    columns; rows sharing those columns' values form a group whose total is shown elsewhere
    (``[[]]``: all rows; ``[[], ["canton"]]``: all rows, and the rows of each canton) —
    complementary suppression then applies (it needs a DataFrame). ``hidden_total``: the
    total of all rows is itself hidden elsewhere (a unit's card hidden in complement above its
    breakdown): it counts as a hidden cell of the whole frame, so that the shown rows never add
    up to it. ``hidden_totals``: the same for each group of ``groups[0]`` — the name of a
    boolean column, true on the rows of a group whose total is hidden elsewhere (a level ×
    category table: the units whose card the level's pattern hides); the column is dropped.
    ``exact_totals``: every group's total is shown exactly (the département's figures) or is
    such a hidden cell — no group is taken as hidden for being small."""
    r = Regles.of(seuil)
    kind = REGISTRY[ind_id].kind
    names = df.collect_schema().names()
    drop = [c for c in (*PRIVATE, hidden_totals) if c in names]
    if not below_departement:
        return df.with_columns(pl.lit(False).alias("masque"),
                               pl.lit(False).alias("masque_secondaire")).drop(drop)
    df = df.with_columns(primary_hidden(kind, names, r).alias("masque"),
                         pl.lit(False).alias("masque_secondaire"))
    if groups and isinstance(df, pl.DataFrame) and df.height:
        df = complementary_frame(df, groups, r.seuil, known_totals, kind, hidden_total,
                                 hidden_totals, exact_totals)
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
                        known_totals: bool = True, kind: str = "count",
                        hidden_total: bool = False, hidden_totals: str | None = None,
                        exact_totals: bool = False) -> pl.DataFrame:
    """:func:`complementary` on a frame with ``effectif`` and ``masque``: each entry of
    ``groups`` is a list of columns (``[]`` = the whole frame); a group whose total holds 1 to
    ``seuil − 1`` units is taken as hidden itself (not with ``exact_totals``; ``hidden_totals``,
    ``hidden_total``: as :func:`mask`).

    The pattern does not depend on the order of the rows (a join or a group-by gives them in any
    order): they are put in one canonical order first — sorted on every column — so that ties
    between equally small cells are broken the same way at every computation (two patterns of
    the same table would give each other's hidden cells back); the frame keeps its order."""
    sortable = [c for c, t in df.schema.items()
                if not isinstance(t, (pl.List, pl.Array, pl.Struct, pl.Object))]
    if sortable and df.height > 1:
        df = df.with_row_index("_ordre")
        out = _complementary_rows(df.sort(sortable, nulls_last=True, maintain_order=True),
                                  groups, seuil, known_totals, kind, hidden_total, hidden_totals,
                                  exact_totals)
        return out.sort("_ordre").drop("_ordre")
    return _complementary_rows(df, groups, seuil, known_totals, kind, hidden_total, hidden_totals,
                               exact_totals)


def _complementary_rows(df: pl.DataFrame, groups: Sequence[Sequence[str]], seuil: int,
                        known_totals: bool, kind: str,
                        hidden_total: bool = False, hidden_totals: str | None = None,
                        exact_totals: bool = False) -> pl.DataFrame:
    mag = df["effectif"].to_list() if "effectif" in df.columns else df["valeur"].to_list()
    mag = [0 if m is None else m for m in mag]
    idx_groups: list[list[int]] = []
    first = 0  # the groups of groups[0]: idx_groups[:first]
    for cols in groups:
        if not cols:
            idx_groups.append(list(range(df.height)))
            continue
        keys = df.select(cols).rows()
        by: dict[tuple, list[int]] = {}
        for i, k in enumerate(keys):
            by.setdefault(k, []).append(i)
        idx_groups += list(by.values())
        first = first or len(idx_groups)
    known = [exact_totals or (known_totals and not (1 <= sum(mag[i] for i in g) < seuil))
             for g in idx_groups]
    before = df["masque"].to_list()
    # nothing to protect in an empty cell, nor in a median hidden only for want of
    # seuil_distribution units (its count of units, ≥ seuil, is no secret)
    protect = [m > 0 and (kind != "median" or m < seuil) for m in mag]
    n = df.height
    if hidden_total:  # the total, hidden elsewhere: one more hidden cell of the whole frame
        mag, before, protect = [*mag, sum(mag)], [*before, True], [*protect, True]
        idx_groups, known = [*idx_groups, list(range(n + 1))], [*known, True]
    if hidden_totals and groups and groups[0]:  # each such group's total: one more hidden cell
        flags = df[hidden_totals].fill_null(False).to_list()
        for j, g in enumerate(idx_groups[:first]):
            if flags[g[0]]:
                g.append(len(mag))
                mag, before, protect = [*mag, sum(mag[i] for i in g[:-1])], [*before, True], \
                    [*protect, True]
                known[j] = True  # the group's rows minus its hidden total: 0, always known
    after = complementary(mag, before, idx_groups, seuil, known, protect)[:n]
    before = before[:n]
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

PARENT_LEVELS = ("commune",)  # the levels whose units nest in every other level's units


def parent_levels(ref, niveau: str) -> tuple[str, ...]:
    """The configured levels whose totals a unit of ``niveau`` adds up to (for a commune: every
    level of the référentiel but the département — canton, the département's first level, EPCI,
    arrondissement, zone d'emploi… —, canton and first level first)."""
    if niveau not in PARENT_LEVELS:
        return ()
    levels = [n for n in ref.level_ids if n not in ("departement", niveau)]
    first = [n for n in ("canton", getattr(ref, "premier_niveau", None), "epci") if n in levels]
    return tuple(first + [n for n in levels if n not in first])


def with_parents(df: pl.DataFrame, ref, niveau: str, code_col: str | None = None
                 ) -> tuple[pl.DataFrame, list[list[str]]]:
    """Add the parent units of each row (``_p_<level>`` for each of :func:`parent_levels`) and
    return the groups of :func:`mask`: the whole level (its total is the département's) and, for
    communes, the communes of each unit of every other configured level (those totals are shown
    on their own pages). A split commune has no single canton: it stays out of the canton groups."""
    groups: list[list[str]] = [[]]
    parents = parent_levels(ref, niveau)
    if not parents or not df.height:
        return df, groups
    code_col = code_col or niveau
    cols = [pl.col("code_insee").alias(code_col)]
    for p in parents:
        col = pl.col(ref.niveau(p).colonne_code)
        if p == "canton":
            col = pl.when(pl.col("cantons_2015").list.len() > 1).then(None).otherwise(col)
        cols.append(col.alias(f"_p_{p}"))
    out = df.join(ref.communes.select(cols), on=code_col, how="left", maintain_order="left")
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


def with_pattern(df: pl.DataFrame | pl.LazyFrame, ind_id: str, rules, pattern: pl.DataFrame,
                 code_col: str) -> pl.DataFrame | pl.LazyFrame:
    """The units of a level *inside* a territory (the communes of a canton) masked with the
    pattern of the whole level (``pattern``: :func:`mask_units` over the département, columns
    ``code_col, masque, masque_secondaire``), so that a canton's page or pack and the
    Territoires table hide the same communes: the whole-level pattern already protects each
    canton, MDCS and EPCI group, and two different patterns of the same cells could be combined.
    A unit's own primary rule still applies (a split commune's part differs from the whole)."""
    m = mask(df, ind_id, rules, True)
    flags = (pattern.lazy() if isinstance(df, pl.LazyFrame) else pattern).select(
        pl.col(code_col).cast(pl.Utf8), pl.col("masque").alias("_pm"),
        pl.col("masque_secondaire").alias("_ps"))
    j = m.with_columns(pl.col(code_col).cast(pl.Utf8)).join(flags, on=code_col, how="left",
                                                             nulls_equal=True)
    hidden = pl.col("masque") | pl.col("_pm").fill_null(False)
    cols = [hidden.alias("masque"),
            (pl.col("masque_secondaire") | (pl.col("_ps").fill_null(False) & ~pl.col("masque")))
            .alias("masque_secondaire")]
    j = j.with_columns(cols)
    nul = [pl.when(pl.col("masque")).then(None).otherwise(pl.col(c)).alias(c)
           for c in ("valeur", "effectif") if c in j.collect_schema().names()]
    return j.with_columns(nul).drop("_pm", "_ps")
