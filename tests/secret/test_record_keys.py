"""The cell-key perturbation's keys, pinned by hand: a record key per distinct statistical unit
(keyed blake2b of its pseudonymised id, :func:`indicators.secret.record_key`), a cell key = the sum
of the record keys of the cell's units modulo 2³², a noise read in ``NOISE_TABLE``. Nothing here
depends on the polars version (the hash is :mod:`hashlib`'s); a change of these constants changes
every noisy figure of the tool, so it must be deliberate."""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta

import polars as pl
import pytest

from indicators import distributions, views
from indicators.secret import (
    KEY_MOD,
    Regles,
    cell_key_agg,
    cell_key_of,
    key_table,
    mask,
    perturb,
    record_key,
    record_keys,
    row_count_keys,
    unit_keys,
    with_record_keys,
)
from tests.indicators import builders as B
from tests.secret.adversary import documented_native_key

CLE = "cle-de-test"
# blake2b(b"cle-de-test", digest_size=32) is the MAC key; record key = first 4 bytes (big-endian)
# of blake2b(b"id_personne:P1", key=<MAC key>, digest_size=4).
RK = {"P1": 565921975, "P2": 2820220744, "P3": 1592396322}


def test_record_key_is_the_documented_keyed_blake2b():
    mk = hashlib.blake2b(CLE.encode(), digest_size=32).digest()
    for pid, expected in RK.items():
        d = hashlib.blake2b(f"id_personne:{pid}".encode(), key=mk, digest_size=4).digest()
        assert int.from_bytes(d, "big") == expected == record_key(pid, "id_personne", CLE)
    assert record_key("P1", "id_foyer", CLE) != RK["P1"]  # a foyer P1 is another unit
    assert record_key("P1", "id_personne", "autre-cle") != RK["P1"]


def test_cell_key_is_the_sum_of_the_record_keys_of_distinct_units_mod_2_32():
    assert cell_key_of(["P1", "P2", "P3", "P1"], "id_personne", CLE) == 683571745
    assert (RK["P1"] + RK["P2"] + RK["P3"]) % KEY_MOD == 683571745
    assert cell_key_of(["P1", "P2"], "id_personne", CLE) == 3386142719


def test_noise_of_a_cell_key_by_hand():
    # u = 683571745 / 2³² = 0.159 → −1 (0.05 ≤ u < 0.25); u = 3386142719 / 2³² = 0.788 → +1
    df = pl.DataFrame({"valeur": [10, 10, 3], "effectif": [10, 10, 3],
                       "_cle": [683571745, 3386142719, 683571745]},
                      schema_overrides={"_cle": pl.UInt64})
    out = mask(df, "foyers_beneficiaires", Regles(cle=CLE))
    assert out["valeur"].to_list() == [9, 11, None]  # the small count is hidden, not noised
    assert out["effectif"].to_list() == [9, 11, None]


def _entrants(n: int):
    """``n`` foyers of Vendôme of one person each, entered 3 Feb 2025, oriented 20 days later."""
    foy, per, dr, ori = [], [], [], []
    for i in range(n):
        fid, pid = f"F{i}", f"P{i}"
        foy.append(B.foyer(fid, "41269"))
        per.append(B.personne(pid, fid))
        dr.append(B.droit(f"D{i}", fid, "2025-02-03"))
        ori.append({"id_orientation": f"O{i}", "id_personne": pid,
                    "date_orientation": date(2025, 2, 3) + timedelta(days=20),
                    "type_orientation": "sociale", "organisme": "mdcs", "origine": "espace_rsa",
                    "date_debut_accompagnement": None})
    return B.extraction(date(2026, 1, 31), foyer=foy, personne=per, droit=dr, orientation=ori)


# the 17 persons P0 … P16 with the default key: cell key 729793316, u = 0.170 → −1;
# their 17 foyers F0 … F16: 147162851, u = 0.034 → −2
EXPECTED_KEY_17, EXPECTED_NOISE_17 = 729793316, -1
EXPECTED_FOYER_KEY_17, EXPECTED_FOYER_NOISE_17 = 147162851, -2


def test_the_same_persons_get_the_same_noise_in_every_output():
    """17 persons entered and oriented in Vendôme: the funnel's « Entrants » and « Orientés », the
    quantile table's « Entrants orientés » get the noise of the set {P0 … P16}, computed by hand;
    the foyers' card the noise of {F0 … F16}."""
    ext = _entrants(17)
    c = B.ctx(ext, date(2025, 1, 1), date(2025, 12, 31), "commune:41269")
    key = cell_key_of([f"P{i}" for i in range(17)], "id_personne", B.SETTINGS.cle_secret)
    assert key == EXPECTED_KEY_17
    funnel = distributions.parcours_funnel(c).data
    assert funnel["valeur"].to_list()[:2] == [17 + EXPECTED_NOISE_17] * 2
    q = distributions.delay_quantiles(c, "commune")
    assert q.data["n"].to_list() == [17 + EXPECTED_NOISE_17]
    card = views.cards(c, None, ["foyers_beneficiaires"], sparkline=False)[0]
    fkey = cell_key_of([f"F{i}" for i in range(17)], "id_foyer", B.SETTINGS.cle_secret)
    assert fkey == EXPECTED_FOYER_KEY_17
    assert card.value == 17 + EXPECTED_FOYER_NOISE_17


# ids a fast path could get wrong: empty, non-ASCII, a colon, one byte short of and past the
# 128-byte blake2b block (the prefix « id_personne: » is 12 bytes), very long, numeric
AWKWARD_IDS = ["", "P1", "é", "Ñandú-çà", "a:b", "x" * 115, "x" * 116, "x" * 117, "y" * 300,
               "🙂" * 40, "0042"]


def test_fast_record_keys_equal_the_documented_hash_one_by_one():
    """:func:`unit_keys` (hash state copied, digests read by numpy) and :func:`record_keys` (with
    duplicates and nulls) give exactly :func:`record_key` of each id."""
    ids = AWKWARD_IDS + [f"R{k:03d}-P{i:07d}" for k in (1, 200) for i in range(500)]
    fast = unit_keys(pl.Series(ids), "id_personne", CLE).to_list()
    assert fast == [record_key(i, "id_personne", CLE) for i in ids]
    assert fast[1] == RK["P1"]
    s = pl.Series(["P2", None, "P1", "P2", "é"])
    assert record_keys(s, "id_personne", CLE).to_list() == [
        RK["P2"], None, RK["P1"], RK["P2"], record_key("é", "id_personne", CLE)]
    nums = pl.Series([7, 42, 7], dtype=pl.Int64)  # written as text, as record_key does
    assert record_keys(nums, "id_foyer", CLE).to_list() == [
        record_key(n, "id_foyer", CLE) for n in (7, 42, 7)]
    assert unit_keys(pl.Series([], dtype=pl.Utf8), "id_foyer", CLE).to_list() == []


def test_key_table_holds_the_documented_key_of_every_unit():
    ext = B.extraction(date(2025, 12, 31), foyer=[B.foyer("F1"), B.foyer("é" * 70)],
                       personne=[B.personne(p, "F1") for p in ("P1", "P2", "P3")])
    keys = dict(key_table(ext, "id_personne", CLE).iter_rows())
    assert keys == RK
    fk = dict(key_table(ext, "id_foyer", CLE).iter_rows())
    assert fk == {f: record_key(f, "id_foyer", CLE) for f in ("F1", "é" * 70)}


# ---- the keys of a frame whose unit has no table, or that has no unit: nothing collected ------

def test_units_without_their_table_get_their_documented_keys():
    """An extraction without the unit's own table (``action``, optional): the key table holds
    every id of that column found in its tables, with its documented key — the frame's records
    are joined natively, never collected and hashed (a null id has no key); a column no table
    has is refused."""
    from data.load import Extraction

    ext = Extraction({"participation": pl.DataFrame({"id_action": ["A2", "A1", None]}),
                      "autre": pl.DataFrame({"id_action": ["A3", "A1"], "y": [1, 2]})},
                     date(2025, 12, 31), "41", "test")
    lf = pl.LazyFrame({"id_action": ["A2", "A1", None, "A2", "A3"], "x": [1, 2, 3, 4, 5]})
    out = with_record_keys(lf, "id_action", CLE, ext).collect()
    assert out["x"].to_list() == [1, 2, 3, 4, 5]  # order and rows kept
    rk = {a: record_key(a, "id_action", CLE) for a in ("A1", "A2", "A3")}
    assert out["_rk"].to_list() == [rk["A2"], rk["A1"], None, rk["A2"], rk["A3"]]
    cell = out.select(cell_key_agg("id_action")).item()
    assert cell == cell_key_of(["A1", "A2", "A3"], "id_action", CLE) == sum(rk.values()) % KEY_MOD
    with pytest.raises(ValueError, match="id_inconnu"):
        with_record_keys(pl.LazyFrame({"id_inconnu": ["a"]}), "id_inconnu", CLE, ext)


def test_a_cell_without_unit_column_is_keyed_by_its_row_count():
    """:func:`indicators.aggregate._finish` without a unit column: the cell key is the keyed
    key of the cell's number of rows (``"_lignes"``), a native expression — the plan stays lazy,
    nothing is collected before the edge."""
    from indicators import aggregate

    ext = B.extraction(date(2025, 12, 31), foyer=[B.foyer(f"F{i}", "41269") for i in range(3)])
    c = B.ctx(ext, date(2025, 1, 1), date(2025, 12, 31), "commune:41269",
              settings=dataclasses.replace(B.SETTINGS, cle_secret=CLE))
    lf = pl.LazyFrame({"g": ["a", "a", "b", "a", "b", "c", "c", "c", "c"]})
    plan = aggregate._finish(c, lf, ["g"], [pl.len().cast(pl.Int64).alias("valeur"),
                                            *aggregate.cell_key(c, None)])
    assert isinstance(plan, pl.LazyFrame)
    out = plan.collect()
    assert out.columns == ["g", "valeur", "_cle"]
    assert out.rows() == [("a", 3, documented_native_key([3], "_lignes")),
                          ("b", 2, documented_native_key([2], "_lignes")),
                          ("c", 4, documented_native_key([4], "_lignes"))]
    assert len(set(out["_cle"])) == 3 and all(0 <= k < KEY_MOD for k in out["_cle"])
    other = row_count_keys(pl.DataFrame({"_cle_n": [3]}), "une-autre-cle")["_cle"].item()
    assert other != out["_cle"][0]  # keyed by secret.cle


def test_a_frame_without_cell_key_is_noised_by_its_shown_figures():
    """:func:`perturb` of a frame without ``_cle``: the keyed key of its shown figures
    (``valeur`` to the thousandth, ``effectif``; ``"_valeur"``), the same noise as that key given
    as ``_cle``; eager or lazy alike (lazy stays lazy), and no key column left behind."""
    r = Regles(cle=CLE)
    df = pl.DataFrame({"valeur": [10, 40, 12, 3], "effectif": [10, 38, None, 3]})
    keys = [documented_native_key([v * 1000, e], "_valeur")
            for v, e in df.select("valeur", "effectif").rows()]
    keyed = df.with_columns(pl.Series("_cle", keys, dtype=pl.UInt64))
    expected = mask(keyed, "foyers_beneficiaires", r)
    assert mask(df, "foyers_beneficiaires", r).equals(expected)
    lazy = mask(df.lazy(), "foyers_beneficiaires", r)
    assert isinstance(lazy, pl.LazyFrame) and lazy.collect().equals(expected)
    assert expected["valeur"].to_list() != df["valeur"].to_list()[:3] + [None]  # noise drawn
    assert "_cle" not in perturb(df, "foyers_beneficiaires", r).columns


@pytest.mark.slow
def test_the_demo_never_needs_a_key_without_units(settings, monkeypatch):
    """On the demo, every indicator's value and every breakdown it declares, on a canton and a
    commune, are keyed by their units: neither the row-count nor the shown-figures key is ever
    made, nor a key table without the unit's table (each raises here)."""
    from data.opening import open_extraction
    from indicators import secret
    from indicators.engine import make_ctx
    from indicators.registry import REGISTRY
    from indicators.views import by_dimension, key_cards

    def refuse(*_a, **_k):
        raise AssertionError("clé sans unités demandée sur la démo")

    for name in ("row_count_keys", "value_keys", "ids_key_table"):
        monkeypatch.setattr(secret, name, refuse)
    op = open_extraction(settings)
    assert settings.perturbation
    ref = op.referentiel
    done = 0
    for niveau in ("canton", "commune"):
        units = ref.units(niveau)
        terr = ref.parse_territoire(f"{niveau}:{units['code'][0]}")
        ctx = make_ctx(op.extraction, ref, settings, date(2025, 1, 1), date(2025, 12, 31), terr)
        values = key_cards.masked_values(ctx, tuple(REGISTRY))
        requests = [(i, (d,)) for i, ind in REGISTRY.items() for d in ind.dims]
        done += len(values) + len(by_dimension.breakdowns(ctx, requests))
    assert done > 100
