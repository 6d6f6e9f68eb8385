"""Territory rules of the contract applied by the context: split communes, unknown communes,
broken keys, fin clamped to date_extraction."""
from datetime import date

import polars as pl

from data.load import Extraction
from data.referentiel import CANTON_ND, INCONNU, Territoire, load_referentiel
from indicators.engine import compute_values, frame, make_ctx
from settings import Settings


def _ext():
    foyer = pl.DataFrame({
        "id_foyer": ["f1", "f2", "f3", "f4", "f5", "f6"],
        # Blois with a valid canton, Blois without, Blois with a wrong canton, Vendôme with a
        # (ignored) canton, an unknown commune, Le Controis with canton 4104
        "commune_insee": ["41018", "41018", "41018", "41269", "99999", "41059"],
        "canton_code": ["4103", None, "4114", "4101", None, "4104"],
        "situation_familiale": ["couple_sans_enfant"] * 6, "nb_enfants": [0] * 6,
    })
    personne = pl.DataFrame({
        "id_personne": ["p1", "p1b", "p2", "p3", "p4", "p5", "p6", "p7"],
        "id_foyer": ["f1", "f1", "f2", "f3", "f4", "f5", "f6", "f_absent"],
        "role": ["allocataire", "conjoint"] + ["allocataire"] * 6, "sexe": ["F", "M"] * 4,
        "date_naissance": [date(1990, 1, 1)] * 8, "niveau_formation": [None] * 8,
    }, schema_overrides={"niveau_formation": pl.Utf8})
    droit = pl.DataFrame({
        "id_droit": [f"d{i}" for i in range(1, 7)],
        "id_foyer": ["f1", "f2", "f3", "f4", "f5", "f6"],
        "date_ouverture": [date(2020, 1, 1)] * 6,
        "date_fin": [None] * 6, "motif_fin": [None] * 6,
    }, schema_overrides={"date_fin": pl.Date, "motif_fin": pl.Utf8})
    extraction = pl.DataFrame({"date_extraction": [date(2026, 11, 1)], "departement": ["41"],
                               "source": ["test"]})
    tables = {"extraction": extraction, "foyer": foyer, "personne": personne, "droit": droit,
              "orientation": pl.DataFrame(schema={"id_orientation": pl.Utf8, "id_personne": pl.Utf8,
                                                 "date_orientation": pl.Date})}
    return Extraction(tables, date(2026, 11, 1), "41", "test")


def test_split_commune_and_unknown_commune_rules():
    ref = load_referentiel()
    ctx = make_ctx(_ext(), ref, Settings(), date(2026, 1, 1), date(2026, 12, 31))
    by_canton = dict(frame(ctx, "foyers_beneficiaires", ("canton",)).collect()
                     .select("canton", "valeur").iter_rows())
    assert by_canton == {"4103": 1, "4104": 1, CANTON_ND: 2, "4114": 1, INCONNU: 1}
    by_mdcs = dict(frame(ctx, "foyers_beneficiaires", ("mdcs",)).collect()
                   .select("mdcs", "valeur").iter_rows())
    assert by_mdcs == {"BLO": 3, "VEN": 1, "SUD": 1, INCONNU: 1}
    # the person whose foyer does not exist is not an SDD person (no foyer bénéficiaire)
    assert compute_values(ctx, ["personnes_sdd"]) == {"personnes_sdd": 7}


def test_territory_filter_and_clamped_fin():
    ref = load_referentiel()
    ctx = make_ctx(_ext(), ref, Settings(), date(2026, 1, 1), date(2030, 12, 31),
                   Territoire("commune", "41018"))
    assert ctx.fin == date(2026, 11, 1)
    assert compute_values(ctx, ["foyers_beneficiaires", "personnes_sdd", "entrees"]) == {
        "foyers_beneficiaires": 3, "personnes_sdd": 4, "entrees": 0}
    late = make_ctx(_ext(), ref, Settings(), date(2027, 1, 1), date(2027, 12, 31))
    assert late.window_empty
    assert compute_values(late, ["foyers_beneficiaires", "entrees"]) == {
        "foyers_beneficiaires": 6, "entrees": 0}


def test_python_map_maps_in_python_nulls_kept_or_passed():
    from indicators.context import python_map

    s = pl.Series("code", ["a", None, "b"])
    out = python_map(s, lambda c: f"<{c}>", "libelle")
    assert out.name == "libelle" and out.dtype == pl.Utf8
    assert out.to_list() == ["<a>", None, "<b>"]
    assert python_map(s, lambda c: "inconnu" if c is None else c.upper(),
                      skip_nulls=False).to_list() == ["A", "inconnu", "B"]
    assert python_map(pl.Series("n", [], dtype=pl.Int64), str).to_list() == []
