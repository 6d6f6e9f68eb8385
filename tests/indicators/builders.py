"""Tiny typed extractions built from row lists, for the indicator tests.

``extraction(date(2024, 12, 31), foyer=[...], personne=[...], rendez_vous=[...])`` returns an
:class:`~data.load.Extraction` whose tables carry the contract's columns and polars types (a
column not given in the rows is null; dates may be given as ``date`` or ISO text). Required tables
default to empty frames; an optional table not passed is absent. ``ctx(...)`` builds the context.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from data.load import POLARS_TYPES, Extraction
from data.referentiel import Territoire, load_referentiel
from data.schema import DATE, REQUIRED_TABLES, TABLES
from indicators.engine import frame, make_ctx
from settings import Settings

REF = load_referentiel()
SETTINGS = Settings()


def table(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    spec = TABLES[name]
    data: dict[str, list] = {}
    for c in spec.columns:
        vals = [r.get(c.name) for r in rows]
        if c.kind == DATE:
            vals = [date.fromisoformat(v) if isinstance(v, str) else v for v in vals]
        data[c.name] = vals
    schema = {c.name: POLARS_TYPES[c.kind] for c in spec.columns}
    return pl.DataFrame(data, schema=schema)


def extraction(date_extraction: date, departement: str = "41", **rows: list[dict]) -> Extraction:
    tables = {"extraction": table("extraction", [{"date_extraction": date_extraction,
                                                   "departement": departement, "source": "test"}])}
    for name in REQUIRED_TABLES:
        if name != "extraction":
            tables[name] = table(name, rows.get(name, []))
    for name, r in rows.items():
        if name not in tables:
            tables[name] = table(name, r)
    return Extraction(tables, date_extraction, departement, "test")


def ctx(ext: Extraction, debut: date, fin: date, territoire: str | None = None,
        settings: Settings = SETTINGS):
    t = REF.parse_territoire(territoire) if territoire else Territoire("departement", REF.departement)
    return make_ctx(ext, REF, settings, debut, fin, t)


def framer(ext: Extraction, period: tuple[date, date]):
    """``f(ind, by=(), period=period, territoire=None, ext=ext)``: the collected frame of the
    indicator ``ind`` by ``by`` on ``ext`` over ``period`` in ``territoire`` — the shorthand of
    the tests of one indicator module."""
    def f(ind: str, by: tuple[str, ...] = (), period: tuple[date, date] = period,
          territoire: str | None = None, ext: Extraction = ext) -> pl.DataFrame:
        return frame(ctx(ext, *period, territoire), ind, by).collect()
    return f


def foyer(id_foyer: str, commune: str = "41269", canton: str | None = None,
          situation: str = "femme_seule_sans_enfant") -> dict:
    """41269 = Vendôme (MDCS VEN, canton 4114); 41018 = Blois (split commune, MDCS BLO)."""
    return {"id_foyer": id_foyer, "commune_insee": commune, "canton_code": canton,
            "situation_familiale": situation, "nb_enfants": 0}


def personne(id_personne: str, id_foyer: str, sexe: str = "F", naissance: str = "1990-01-01",
             role: str = "allocataire") -> dict:
    return {"id_personne": id_personne, "id_foyer": id_foyer, "role": role, "sexe": sexe,
            "date_naissance": naissance}


def droit(id_droit: str, id_foyer: str, ouverture: str, fin: str | None = None,
          motif: str | None = None) -> dict:
    if fin and not motif:
        motif = "autre"
    return {"id_droit": id_droit, "id_foyer": id_foyer, "date_ouverture": ouverture,
            "date_fin": fin, "motif_fin": motif}


def value(frame: pl.LazyFrame | pl.DataFrame, **where: str):
    """The ``valeur`` of the row matching ``where`` (or of the only row)."""
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    for k, v in where.items():
        df = df.filter(pl.col(k) == v)
    assert df.height == 1, f"expected one row for {where}, got {df.height}: {df}"
    return df["valeur"][0]


def row(frame: pl.LazyFrame | pl.DataFrame, **where: str) -> dict:
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    for k, v in where.items():
        df = df.filter(pl.col(k) == v)
    assert df.height == 1, f"expected one row for {where}, got {df.height}: {df}"
    return df.row(0, named=True)


def orient(id_o: str, p: str, day: str, type_o: str = "sociale", org: str = "mdcs",
           origine: str = "espace_rsa", accomp: str | None = None) -> dict:
    return {"id_orientation": id_o, "id_personne": p, "date_orientation": day,
            "type_orientation": type_o, "organisme": org, "origine": origine,
            "date_debut_accompagnement": accomp}
