"""The computation context: one extraction, one period, one territory, the settings.

A :class:`Ctx` is built once per (extraction, period, territory) and exposes *lazy* prepared
frames (persons and foyers with their territory and profile dimensions). Nothing is collected here.

Choices where the contract leaves room (also in the README):
- ``fin`` later than ``date_extraction`` is clamped to it; if ``debut`` is later too the window is
  empty (:attr:`Ctx.window_empty`) and stocks are those of ``date_extraction``.
- Territory columns of a record whose person or foyer does not exist, or whose commune is unknown,
  are :data:`~data.referentiel.INCONNU`: such records count in the département total only.
"""
from __future__ import annotations

import hashlib
import inspect
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, wraps

import polars as pl

from data.load import Extraction
from data.referentiel import CANTON_ND, INCONNU, Referentiel, Territoire
from indicators import secret
from indicators.calendrier import months_between, snap_to_months
from settings import Settings

AGE_BANDS = ("moins_25", "25_29", "30_39", "40_49", "50_59", "60_plus")
ANCIENNETE_BANDS = ("moins_3_mois", "3_6_mois", "6_12_mois", "1_2_ans", "2_3_ans", "3_4_ans",
                    "4_5_ans", "plus_5_ans")


def band(x: pl.Expr, limits: Sequence[int], labels: Sequence[str], unknown: pl.Expr) -> pl.Expr:
    """``labels[i]`` for the first ``limits[i]`` that ``x`` is below, the last label above them all,
    null where ``unknown`` (``labels`` has one more entry than ``limits``)."""
    e = pl.when(unknown).then(None)
    for limit, label in zip(limits, labels, strict=False):
        e = e.when(x < limit).then(pl.lit(label))
    return e.otherwise(pl.lit(labels[-1]))


def age_band(birth: pl.Expr, at: date) -> pl.Expr:
    return band(months_between(birth, pl.lit(at)) // 12, (25, 30, 40, 50, 60), AGE_BANDS,
                birth.is_null())


def anciennete_band(opening: pl.Expr, at: date) -> pl.Expr:
    return band(months_between(opening, pl.lit(at)), (3, 6, 12, 24, 36, 48, 60), ANCIENNETE_BANDS,
                opening.is_null())


def days(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``b - a`` in whole days."""
    return (b - a).dt.total_days()


def collect_frames(lfs: list[pl.LazyFrame], bounded: bool) -> list[pl.DataFrame]:
    """Collect ``lfs``: all at once (in parallel, sharing common sub-plans) for an extraction held
    in memory; one after the other with polars' streaming engine when ``bounded`` (a snapshot
    scanned from its Parquet files, :attr:`data.load.Extraction.lazy`), so that the memory held
    at any time is one query's working set, not the sum of all of them (national scale)."""
    if not bounded:
        return pl.collect_all(lfs)
    return [lf.collect(engine="streaming") for lf in lfs]


HELD_BATCH = 4  # queries collected together by :func:`collect_held`


def collect_held(lfs: list[pl.LazyFrame], bounded: bool) -> list[pl.DataFrame]:
    """Collect ``lfs``, plans built on frames already held in memory (:meth:`Ctx.materialized`,
    :meth:`Ctx.materialized_period_free`) that read from the files only the rows they filter:
    for a scanned extraction, :data:`HELD_BATCH` at a time with polars' in-memory engine (each
    one's working set is small once the shared frames are held; ×200: the 25 core indicators
    in 1,8-2,2 GB, the same peak as one at a time with the streaming engine, in half the wall
    time: the in-memory engine and several queries at once keep both cores busy)."""
    if not bounded:
        return pl.collect_all(lfs)
    out: list[pl.DataFrame] = []
    for i in range(0, len(lfs), HELD_BATCH):
        out += pl.collect_all(lfs[i:i + HELD_BATCH])
    return out


def communes_territory(ref: Referentiel) -> pl.LazyFrame:
    """commune_insee → ``_<level>`` of each level, canton_commune (None for split communes),
    cantons_2015."""
    return ref.communes.lazy().select(
        pl.col("code_insee").alias("commune_insee"),
        pl.lit(True).alias("_known"),
        *[pl.col(ref.niveau(n).colonne_code).alias(f"_{n}") for n in ref.column_levels],
        pl.col("canton_code").alias("_canton_commune"),
        pl.col("cantons_2015").alias("_cantons_2015"),
    )


_TERRITORY_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def territory_names(ref: Referentiel, settings: Settings | None = None) -> tuple[str, str]:
    """Names of the derived tables of :attr:`Ctx.foyers` and :attr:`Ctx.personnes_base` that a
    snapshot stores (:mod:`indicators.prepared`): a digest of what they depend on — the
    référentiel's communes and levels, the code that computes them and, when ``settings`` turn
    the perturbation on, the record keys they carry (:meth:`Ctx._with_unit_keys`: the key's
    derived-table names, :func:`indicators.secret.keys_name`) — so that a snapshot built for
    another référentiel, another key or by other code has no table of these names."""
    if ref not in _TERRITORY_NAMES:
        h = hashlib.sha256()
        h.update(repr((ref.departement, ref.level_ids, ref.column_levels)).encode())
        h.update(repr(communes_territory(ref).collect().rows()).encode())
        h.update(_TERRITORY_CODE)
        _TERRITORY_NAMES[ref] = h.hexdigest()
    h = hashlib.sha256(_TERRITORY_NAMES[ref].encode())
    if settings is not None and settings.perturbation:
        h.update(repr([secret.keys_name(c, settings.cle_secret)
                       for c in ("id_foyer", "id_personne")]).encode())
    d = h.hexdigest()[:12]
    return f"foyers_territoire_{d}", f"personnes_territoire_{d}"


def python_map(s: pl.Series, fn: Callable[[object], object], name: str | None = None,
               dtype: pl.DataType = pl.Utf8, skip_nulls: bool = True) -> pl.Series:
    """``fn`` applied to each value of ``s`` in Python, outside polars' engine: never as a
    Python function inside a polars expression (``map_elements``/``map_batches``), which runs on
    polars' thread pool and needs the interpreter lock there. With several sessions, one thread
    holding that lock while it waits for the pool (a ``to_pandas``/``to_arrow`` of Streamlit,
    plotly or pyarrow) and the pool's threads waiting for the lock in such a function froze the
    whole server (issue 12: 20 sessions, gdb backtrace of 2026-12-03). Nulls stay null unless
    ``skip_nulls`` is false."""
    vals = [None if (v is None and skip_nulls) else fn(v) for v in s.to_list()]
    return pl.Series(name or s.name, vals, dtype=dtype)


# Frames several indicators build on (registered by :func:`shared_frame`): built once per context
# and, in :meth:`Ctx.materialized`, computed once for a whole batch of indicators.
SHARED_BUILDERS: dict[str, tuple[tuple[str, ...], Callable[[Ctx], pl.LazyFrame]]] = {}


def shared_frame(name: str, tables: tuple[str, ...]):
    """Decorator for a ``fn(ctx) -> LazyFrame`` used by several indicators: memoised on the
    context (same plan object for every caller) and materialised by :meth:`Ctx.materialized`
    when the extraction has ``tables``."""

    def deco(fn: Callable[[Ctx], pl.LazyFrame]) -> Callable[[Ctx], pl.LazyFrame]:
        SHARED_BUILDERS[name] = (tables, fn)

        @wraps(fn)
        def memoised(ctx: Ctx) -> pl.LazyFrame:
            memo = ctx.__dict__.setdefault("_shared", {})
            if name not in memo:
                memo[name] = fn(ctx)
            return memo[name]

        return memoised

    return deco


@dataclass(frozen=True)
class Ctx:
    ext: Extraction
    ref: Referentiel
    settings: Settings
    debut: date  # first day of the window asked
    fin_demande: date  # last day asked (:attr:`fin`: the same, clamped to the extraction date)
    territoire: Territoire = field(default_factory=Territoire)

    # ---- period -------------------------------------------------------------------------
    @property
    def date_extraction(self) -> date:
        return self.ext.date_extraction

    @property
    def fin(self) -> date:
        """``fin`` clamped to ``date_extraction``."""
        return min(self.fin_demande, self.date_extraction)

    @property
    def bounded(self) -> bool:
        """Queries run in bounded memory (:func:`collect_frames`): the extraction is scanned."""
        return self.ext.lazy

    @property
    def window_empty(self) -> bool:
        return self.debut > self.fin

    def in_period(self, col: pl.Expr | str) -> pl.Expr:
        c = pl.col(col) if isinstance(col, str) else col
        if self.window_empty:
            return pl.lit(False)
        return c.is_between(pl.lit(self.debut), pl.lit(self.fin), closed="both")

    @property
    def stock_day(self) -> date:
        """Day of the stocks: ``fin`` (clamped)."""
        return self.fin

    # ---- territory ----------------------------------------------------------------------
    @property
    def territory_cols(self) -> tuple[str, ...]:
        """The territory columns of prepared frames: the référentiel's levels, broad to fine."""
        return self.ref.level_ids

    @cached_property
    def communes_territory(self) -> pl.LazyFrame:
        return communes_territory(self.ref)

    def with_commune_territory(self, lf: pl.LazyFrame, canton_col: str | None = None) -> pl.LazyFrame:
        """Add the territory columns (one per level) to a frame holding ``commune_insee`` (and
        optionally a declared canton column, used only for split communes)."""
        j = lf.join(self.communes_territory, on="commune_insee", how="left")
        known = pl.col("_known").is_not_null()
        split = pl.col("_cantons_2015").list.len() > 1
        declared = pl.col(canton_col) if canton_col else pl.lit(None, dtype=pl.Utf8)
        canton = (pl.when(~known).then(pl.lit(INCONNU))
                  .when(~split).then(pl.col("_canton_commune"))
                  .when(pl.col("_cantons_2015").list.contains(declared).fill_null(False)).then(declared)
                  .otherwise(pl.lit(CANTON_ND)))
        cols = {"departement": pl.lit(self.ref.departement), "canton": canton,
                "commune": pl.when(known).then(pl.col("commune_insee")).otherwise(pl.lit(INCONNU)),
                **{n: pl.when(known).then(pl.col(f"_{n}")).otherwise(pl.lit(INCONNU))
                   for n in self.ref.column_levels}}
        return j.with_columns(*[cols[n].alias(n) for n in self.territory_cols]).drop(
            "_known", *[f"_{n}" for n in self.ref.column_levels], "_canton_commune", "_cantons_2015")

    def territory_filter(self) -> pl.Expr:
        t = self.territoire
        if t.is_departement:
            return pl.lit(True)
        return pl.col(t.niveau) == t.code

    # ---- prepared frames ------------------------------------------------------------------
    @cached_property
    def foyers(self) -> pl.LazyFrame:
        """Foyers with territory columns, ``situation_familiale`` and their record key (the
        snapshot's derived table when it has one for this référentiel and key:
        :mod:`indicators.prepared`); below the département, only the territory's foyers
        (:meth:`_in_territory`)."""
        return self._in_territory(self._stored_or(0, "id_foyer", lambda: self.foyers_computed))

    def _stored_or(self, i: int, col: str, computed: Callable[[], pl.LazyFrame]) -> pl.LazyFrame:
        """The derived table ``i`` of :func:`territory_names` (it carries the record keys), else
        ``computed()`` with the record keys of ``col`` joined (:meth:`_with_unit_keys`)."""
        stored = self.ext.derived_lf(territory_names(self.ref, self.settings)[i])
        return stored if stored is not None else self._with_unit_keys(computed(), col)

    def _in_territory(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """``lf`` (foyers or persons with their territory) restricted to the context's territory
        below the département: every figure of a sub-département context is filtered on its
        territory (:mod:`indicators.aggregate`) after a left join with these frames, where a
        record of a unit outside gets :data:`INCONNU` and is left out all the same — so the
        figures are unchanged, and the joins and materialised frames are the territory's size."""
        return lf if self.territoire.is_departement else lf.filter(self.territory_filter())

    @cached_property
    def foyers_computed(self) -> pl.LazyFrame:
        f = self.ext.lf("foyer")  # ids are unique: duplicates are a structural error
        return self.with_commune_territory(f, "canton_code").select(
            "id_foyer", "situation_familiale", "nb_enfants", *self.territory_cols)

    @cached_property
    def personnes(self) -> pl.LazyFrame:
        """Persons with their foyer's territory and profile dimensions (``sexe``, ``tranche_age``
        at ``fin``, ``situation_familiale``, ``role``). A person whose foyer does not exist gets
        territory :data:`INCONNU` (département level only)."""
        return self.personnes_base.with_columns(
            age_band(pl.col("date_naissance"), self.stock_day).alias("tranche_age"),
        ).select("id_personne", "id_foyer", "role", "sexe", "tranche_age", "situation_familiale",
                 "niveau_formation", *self.territory_cols,
                 *self._carried_keys(self.personnes_base, "id_personne"))

    @cached_property
    def personnes_base(self) -> pl.LazyFrame:
        """:attr:`personnes` before the period: ``date_naissance`` instead of the age band (the
        snapshot's derived table when it has one, restricted to the territory, as :attr:`foyers`)."""
        return self._in_territory(self._stored_or(1, "id_personne", lambda: self.personnes_computed))

    def _with_unit_keys(self, lf: pl.LazyFrame, col: str) -> pl.LazyFrame:
        """``lf`` with the record key of its unit ``col`` as ``_rk_<col>`` (perturbation on):
        joined once here, with the persons (the foyers), so that a frame joined with them
        (:meth:`attach_person`, :meth:`attach_foyer`, the personnes SDD) carries its keys and
        the cell keys need no join of their own (:func:`indicators.secret.with_record_keys`)."""
        if not self.settings.perturbation:
            return lf
        keys = secret.key_frame(self.ext, col, self.settings.cle_secret)
        if keys is None:
            return lf
        return lf.join(keys.rename({secret.RECORD_KEY_COL: secret.carried_key(col)}), on=col,
                       how="left", maintain_order="left")

    @staticmethod
    def _carried_keys(lf: pl.LazyFrame, col: str, but: pl.LazyFrame | None = None) -> list[str]:
        """The carried key of ``col`` if ``lf`` has it (and ``but`` has not)."""
        k = secret.carried_key(col)
        has = k in lf.collect_schema().names()
        return [k] if has and (but is None or k not in but.collect_schema().names()) else []

    @cached_property
    def personnes_computed(self) -> pl.LazyFrame:
        p = self.ext.lf("personne")
        j = p.join(self.foyers_computed, on="id_foyer", how="left")
        return j.with_columns(
            pl.lit(self.ref.departement).alias("departement"),
            *[pl.col(c).fill_null(pl.lit(INCONNU)) for c in self.territory_cols[1:]],
        ).select("id_personne", "id_foyer", "role", "sexe", "date_naissance",
                 "situation_familiale", "niveau_formation", *self.territory_cols)

    def needs_join(self, by: tuple[str, ...] | None, dims: tuple[str, ...] = ()) -> bool:
        """False when the join can be skipped: département level, and ``by`` (when known) asks
        for no territory or profile column — every record then counts, whatever its person or
        foyer, which is what the join would give too (broken keys count at département level)."""
        if by is None or not self.territoire.is_departement:
            return True
        return any(b in self.territory_cols or b in dims for b in by)

    def attach_person(self, lf: pl.LazyFrame, dims: tuple[str, ...] = (),
                      by: tuple[str, ...] | None = None) -> pl.LazyFrame:
        """Join the person's territory and the requested profile dims onto a frame with
        ``id_personne``; broken keys keep the row with territory INCONNU. Passing the
        indicator's ``by`` lets the join be skipped when it cannot change the result."""
        if not self.needs_join(by, dims):
            return lf
        cols = list(dict.fromkeys([*self.territory_cols, *dims]))
        cols = [c for c in cols if c not in lf.collect_schema().names() or c in self.territory_cols]
        right = self.personnes.select("id_personne", *cols,
                                      *self._carried_keys(self.personnes, "id_personne", lf))
        j = lf.drop([c for c in self.territory_cols if c in lf.collect_schema().names()]).join(
            right, on="id_personne", how=self._attach_how)
        return j.with_columns(
            pl.lit(self.ref.departement).alias("departement"),
            *[pl.col(c).fill_null(pl.lit(INCONNU)) for c in self.territory_cols[1:]],
        )

    @property
    def _attach_how(self) -> str:
        """How :meth:`attach_person` / :meth:`attach_foyer` join: a left join at département
        level (a broken key counts there, territory :data:`INCONNU`); below it an inner join
        with the territory's own units (:meth:`_in_territory`) — a record of a unit outside
        would get :data:`INCONNU` and be left out by the territory filter every figure goes
        through (:mod:`indicators.aggregate`), so it is dropped at the join instead (×200: the
        23 million payments of a year joined for one MDCS, a tenth of them kept)."""
        return "left" if self.territoire.is_departement else "inner"

    def attach_foyer(self, lf: pl.LazyFrame, by: tuple[str, ...] | None = None) -> pl.LazyFrame:
        """Join the foyer's territory and situation familiale (see :meth:`attach_person`)."""
        if not self.needs_join(by, ("situation_familiale",)):
            return lf
        j = lf.join(self.foyers.select("id_foyer", "situation_familiale", *self.territory_cols,
                                       *self._carried_keys(self.foyers, "id_foyer", lf)),
                    on="id_foyer", how=self._attach_how)
        return j.with_columns(
            pl.lit(self.ref.departement).alias("departement"),
            *[pl.col(c).fill_null(pl.lit(INCONNU)) for c in self.territory_cols[1:]],
        )

    @cached_property
    def droits(self) -> pl.LazyFrame:
        return self.ext.lf("droit")

    @cached_property
    def stock(self) -> pl.LazyFrame:
        """Foyers bénéficiaires at ``fin`` (the stock day): ``id_foyer``, ``date_ouverture``."""
        return self._period_at(self.stock_day)

    def current_period_at(self, day: date) -> pl.LazyFrame:
        """Foyers bénéficiaires at ``day``: ``id_foyer``, ``date_ouverture`` of the current period."""
        return self.stock if day == self.stock_day else self._period_at(day)

    def _period_at(self, day: date) -> pl.LazyFrame:
        d = pl.lit(day)
        return (self.droits
                .filter((pl.col("date_ouverture") <= d)
                        & (pl.col("date_fin").is_null() | (pl.col("date_fin") > d)))
                .group_by("id_foyer").agg(pl.col("date_ouverture").max()))

    @cached_property
    def entrants(self) -> pl.LazyFrame:
        """Persons of foyers whose droit period opens in the window, paired with the opening
        (``id_droit``, ``id_personne``, ``date_ouverture``, ``date_fin``)."""
        d = self.droits.filter(self.in_period("date_ouverture"))
        # below the département, the territory's persons only: the entrants' figures all go
        # through attach_person, which keeps no one else there (:attr:`_attach_how`)
        p = (self.ext.lf("personne") if self.territoire.is_departement
             else self.personnes).select("id_personne", "id_foyer")
        return d.join(p, on="id_foyer", how="inner").select(
            "id_droit", "id_foyer", "id_personne", "date_ouverture", "date_fin")

    # ---- materialisation at the edge ----------------------------------------------------------
    SHARED_FRAMES = ("foyers", "personnes", "stock", "entrants")
    # prepared frames that do not depend on the period: a context for another period of the
    # same extraction and territory may reuse them (:meth:`for_period`)
    PERIOD_FREE = ("communes_territory", "foyers", "personnes_base", "droits")

    def for_period(self, debut: date, fin: date) -> Ctx:
        """The same context on ``[debut, fin]``, keeping the period-free prepared frames already
        built (materialised ones included: a monthly series joins one foyers frame 12 times)."""

        new = replace(self, debut=debut, fin_demande=fin)
        for name in self.PERIOD_FREE:
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name]
        return new

    def materialized_period_free(self, use: Callable[[Ctx], object]) -> Ctx:
        """A copy whose period-free prepared frames that ``use(ctx)`` touches when it builds its
        plans (:data:`PERIOD_FREE`: foyers and persons with their territory) are computed once
        and held in memory, for the many per-month contexts of a series (:meth:`for_period`)."""

        probe = replace(self)
        use(probe)
        names = [n for n in self.PERIOD_FREE if n in probe.__dict__ and n != "communes_territory"]
        new = replace(self)
        lfs = [self._droits_of_window() if n == "droits" else probe.__dict__[n] for n in names]
        for name, df in zip(names, collect_frames(lfs, self.bounded), strict=True):
            new.__dict__[name] = df.lazy()
        return new

    def _droits_of_window(self) -> pl.LazyFrame:
        """The droits that a context for a period inside ``[debut, fin]`` can use
        (:meth:`materialized_period_free`): :attr:`droits` serves only the stock at a day of the
        window (opened on or before it, ended after it), the entrants and the flows (opened or
        ended in the window, kept whatever their other date) — a droit ended before ``debut`` or
        opened after ``fin`` (both widened to whole months, as a period below the département is:
        :func:`indicators.engine.whole_months_below`) is in none of them (×200: a quarter of the 6,4 million droits for a year)."""
        if self.window_empty:
            return self.droits
        # the window's whole months: a period below the département is snapped to them
        lo, hi = (pl.lit(d) for d in snap_to_months(self.debut, self.fin))
        o, f = pl.col("date_ouverture"), pl.col("date_fin")
        return self.droits.filter(((o <= hi) & (f.is_null() | (f >= lo)))
                                  | o.is_between(lo, hi) | f.is_between(lo, hi))

    def probed(self, use: Callable[[Ctx], object] | None = None
               ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The shared prepared frames that ``use(ctx)`` touches when it builds its plans (all of
        :data:`SHARED_FRAMES` when ``use`` is None): those of :data:`SHARED_FRAMES`, then the
        :func:`shared_frame` builders in the order of their first use."""
        probe = replace(self)
        if use is None:
            for name in self.SHARED_FRAMES:
                getattr(probe, name)
        else:
            use(probe)  # builds the plans only: records which shared frames they use
        return (tuple(n for n in self.SHARED_FRAMES if n in probe.__dict__),
                tuple(probe.__dict__.get("_shared", {})))

    def materialized(self, use: Callable[[Ctx], object] | None = None,
                     names: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> Ctx:
        """A copy whose shared prepared frames (foyers and persons with their territory, the
        stock, the entrants, and the :func:`shared_frame` builders that ``use(ctx)`` touches when
        it builds its plans: :meth:`probed`, or ``names`` when the caller knows them) are
        computed once and held in memory, so that the many indicator plans built on them do not
        recompute the same joins. Called by the engine (the edge where collecting is allowed),
        never by an indicator function. Which frames are held changes no figure, only the work:
        a frame not held is computed inside the plans that use it."""

        base, names_shared = names if names is not None else self.probed(use)
        if self.bounded:
            return self._materialized_in_turn(list(base), list(names_shared))
        probe = replace(self)
        lfs = [getattr(probe, n) for n in base]
        memo = probe.__dict__.setdefault("_shared", {})
        for name in names_shared:  # first use first: a builder after those it is built on
            if name not in memo:
                memo[name] = SHARED_BUILDERS[name][1](probe)
        shared = {n: memo[n] for n in names_shared}
        frames = collect_frames(lfs + list(shared.values()), self.bounded)
        new = replace(self)
        for name, df in zip(base, frames[:len(base)], strict=True):
            new.__dict__[name] = df.lazy()
        new.__dict__["_shared"] = {n: df.lazy() for n, df in
                                   zip(shared, frames[len(base):], strict=True)}
        return new

    def _materialized_in_turn(self, base: list[str], shared: list[str]) -> Ctx:
        """:meth:`materialized` for a scanned extraction, whose frames are collected one after
        the other (:func:`collect_frames`): each frame's plan is built on the frames already
        held in memory — the shared frames on the materialised foyers and persons, a shared
        frame on those it uses (registered before it) — instead of each query recomputing from
        the files what the others computed (×200: the persons with their keys, 5 s, once
        instead of three times)."""

        new = replace(self)
        for name in base:  # in SHARED_FRAMES' order: foyers before the persons built on them
            new.__dict__[name] = collect_frames([getattr(new, name)], True)[0].lazy()
        memo = new.__dict__.setdefault("_shared", {})
        for name in shared:  # first use first: a shared frame after those it is built on
            lf = SHARED_BUILDERS[name][1](new)
            memo[name] = collect_frames([lf], True)[0].lazy()
        return new


# what territory_names digests of the code, read when this module is loaded (the source of the
# code that runs, not of a file edited since)
_TERRITORY_CODE = "".join(inspect.getsource(f) for f in (
    communes_territory, Ctx.with_commune_territory, Ctx.foyers_computed.func,
    Ctx.personnes_computed.func, Ctx.territory_cols.fget, Ctx._with_unit_keys, Ctx._stored_or)
).encode()
