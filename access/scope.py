"""The territory scope of a user: the one object that the filters, the maps, the report requests,
the per-MDCS zip and the sub-territory tables consult.

A scope is the set of units of each level that a user may see. ``direction`` and
``agent_habilite`` see the whole département. A user declared on MDCS, cantons, EPCI or communes
sees those units and every unit that lies entirely in them (the communes of a canton, the cantons
and EPCI whose communes are all in an MDCS…). A commune split between several cantons (Blois, le
Controis) lies in a canton only when all its cantons are in the scope. The département level itself
is a territory only for the whole-département roles; the others see the département figures where
the pages put them beside their territory (fiche territoire, comparisons)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import polars as pl

from data.referentiel import NIVEAU_LABELS, Referentiel, Territoire

WHOLE_ROLES = ("direction", "agent_habilite")
OUTSIDE = "hors de votre périmètre"  # a unit drawn on a map without its value


class HorsPerimetre(ValueError):
    """A territory outside the user's scope (French message)."""


@dataclass(frozen=True)
class Scope:
    role: str
    declared: tuple[Territoire, ...]
    whole: bool
    units: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)
    departement: str = ""
    names: dict[str, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)

    # -- questions -------------------------------------------------------------------------------
    def allows(self, t: Territoire) -> bool:
        if self.whole:
            return True
        if t.is_departement:
            return False
        return t.code in self.units.get(t.niveau, frozenset())

    def codes(self, niveau: str) -> frozenset[str] | None:
        """The allowed codes of ``niveau`` (None: every unit)."""
        if self.whole:
            return None
        return self.units.get(niveau, frozenset())

    def levels(self, niveaux: Iterable[str]) -> list[str]:
        """The levels of ``niveaux`` that hold at least one unit of the scope, in order."""
        return [n for n in niveaux
                if (self.whole or (n != "departement" and self.units.get(n)))]

    def default(self) -> Territoire:
        """The user's own territory: the département, or the first declared unit."""
        if self.whole or not self.declared:
            return Territoire("departement", self.departement)
        return self.declared[0]

    def check(self, t: Territoire) -> Territoire:
        """``t`` if allowed, else :class:`HorsPerimetre` with a French message."""
        if self.allows(t):
            return t
        raise HorsPerimetre(refusal(t, self))

    def filter(self, df: pl.DataFrame, niveau: str, col: str = "code") -> pl.DataFrame:
        """The rows of ``df`` whose ``col`` is a unit of the scope at ``niveau``."""
        codes = self.codes(niveau)
        if codes is None or col not in df.columns:
            return df if codes is None else df.clear()
        return df.filter(pl.col(col).cast(pl.Utf8).is_in(sorted(codes)))

    def filter_table(self, table, niveau: str, code_col: str = "Code"):
        """A table of units (``display`` / ``export`` frames, rows aligned, codes in the export's
        ``code_col``) cut to the units of the scope; the département row (comparison) stays."""
        codes = self.codes(niveau)
        if codes is None:
            return table
        exp = getattr(table, "export", None)
        if exp is None or code_col not in exp.columns:
            return replace(table, display=table.display.clear(), export=exp.clear()
                           if exp is not None else exp)
        keep = [str(c) in codes or str(c) == self.departement
                for c in exp[code_col].to_list()]
        mask = pl.Series(keep, dtype=pl.Boolean)
        disp = table.display.filter(mask) if table.display.height == len(keep) else \
            table.display.clear()
        return replace(table, display=disp, export=exp.filter(mask))

    def filter_layer(self, layer):
        """A map layer (``niveau``, ``table`` with ``code``) cut to the units of the scope: the
        other units are drawn without any value."""
        codes = self.codes(layer.niveau)
        if codes is None:
            return layer
        from geo.classes import classify
        from indicators.formatting import format_value

        t = self.filter(layer.table, layer.niveau)
        # classes made on the scope's own values: breaks over every unit would tell the range
        # of the territories outside the scope
        vals = t["valeur"].to_list() if "valeur" in t.columns else []
        classes = classify(vals, layer.classes.scheme, max(1, layer.classes.k),
                           lambda x: format_value(x, layer.ind.format))
        if "classe" in t.columns and "couleur" in t.columns:
            t = t.with_columns(
                pl.Series("classe", [classes.label(v) for v in vals], dtype=pl.Utf8),
                pl.Series("couleur", [classes.color(v) for v in vals], dtype=pl.Utf8))
        # the records no unit holds (« non déterminé ») are outside every restricted scope
        return replace(layer, table=t, classes=classes, absent=OUTSIDE, extra=None)

    def units_of(self, ref: Referentiel, niveau: str) -> list[str]:
        """The units of ``niveau`` in the scope, in the référentiel's order (every unit for the
        whole-département roles): the per-unit zip of the first level (MDCS in 41)."""
        all_codes = ref.units(niveau)["code"].to_list()
        codes = self.codes(niveau)
        return all_codes if codes is None else [c for c in all_codes if c in codes]

    def mdcs(self, ref: Referentiel) -> list[str]:
        return self.units_of(ref, "mdcs")

    @property
    def label(self) -> str:
        if self.whole:
            return "tout le département"
        return ", ".join(f"{NIVEAU_LABELS[t.niveau].lower()} {self.names.get(t.niveau, {}).get(t.code, t.code)}"
                         for t in self.declared)


def refused_unit(t: Territoire, scope: Scope) -> str:
    """The refused territory as a sentence names it: « canton Montoire-sur-le-Loir (4106) »."""
    name = scope.names.get(t.niveau, {}).get(t.code)
    return ("le département entier" if t.is_departement else
            f"{NIVEAU_LABELS.get(t.niveau, t.niveau).lower()} {name} ({t.code})" if name else
            f"{NIVEAU_LABELS.get(t.niveau, t.niveau).lower()} « {t.code} »")


def refusal(t: Territoire, scope: Scope) -> str:
    return (f"Accès refusé : {refused_unit(t, scope)} est hors de votre périmètre "
            f"({scope.label}). Affichage de votre territoire.")


def _levels(ref: Referentiel) -> tuple[str, ...]:
    """The configured levels below the département (every level of the référentiel)."""
    return tuple(n for n in ref.level_ids if n != "departement")


def _column(ref: Referentiel, niveau: str) -> str:
    return ref.niveau(niveau).colonne_code


def _communes_by_level(ref: Referentiel) -> dict[str, dict[str, set[str]]]:
    """``niveau → code → communes`` of every unit (split communes under each of their cantons)."""
    c = ref.communes
    levels = _levels(ref)
    out: dict[str, dict[str, set[str]]] = {n: {} for n in levels}
    cols = {n: _column(ref, n) for n in ref.column_levels}
    cols = {n: col for n, col in cols.items() if col in c.columns}
    for row in c.iter_rows(named=True):
        code = row["code_insee"]
        out.setdefault("commune", {}).setdefault(code, set()).add(code)
        for n, col in cols.items():
            if row[col] is not None and str(row[col]) != "":
                out[n].setdefault(str(row[col]), set()).add(code)
        cantons = row.get("cantons_2015") or ([row["canton_code"]] if row.get("canton_code") else [])
        for k in cantons:
            out.setdefault("canton", {}).setdefault(str(k), set()).add(code)
    return out


def build_scope(ref: Referentiel, role: str, territoires: Iterable[Territoire]) -> Scope:
    """The scope of ``role`` declared on ``territoires`` (ignored for the whole-département
    roles). Raises ValueError for a territory of an unknown level."""
    declared = tuple(territoires)
    names = {n: {str(k): str(v) for k, v in ref.unit_names(n).items()} for n in _levels(ref)}
    if role in WHOLE_ROLES or any(t.is_departement for t in declared):
        return Scope(role, declared, True, {}, ref.departement, names)
    members = _communes_by_level(ref)
    communes: set[str] = set()
    split: dict[str, set[str]] = {}  # commune → its cantons (split communes only)
    for k, cs in members.get("canton", {}).items():
        for c in cs:
            split.setdefault(c, set()).add(k)
    declared_cantons = {t.code for t in declared if t.niveau == "canton"}
    for t in declared:
        if t.niveau not in members:
            raise ValueError(f"Niveau « {t.niveau} » inconnu.")
        cs = members[t.niveau].get(t.code, set())
        if t.niveau == "canton":  # a split commune lies in a canton only with all its cantons
            cs = {c for c in cs if split.get(c, set()) <= declared_cantons}
        communes |= cs
    units: dict[str, frozenset[str]] = {}
    for n in members:
        inside = {code for code, cs in members[n].items() if cs and cs <= communes}
        inside |= {t.code for t in declared if t.niveau == n}
        units[n] = frozenset(inside)
    return Scope(role, declared, False, units, ref.departement, names)


def whole_scope(ref: Referentiel, role: str = "direction") -> Scope:
    return build_scope(ref, role, ())
