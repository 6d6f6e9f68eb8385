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
    unit_keys,
    with_record_keys,
)
from tests.indicators import builders as B

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


# ---- the keys a frame gets without its units' key table: hashed outside polars' engine ------

def test_units_without_key_table_get_their_documented_keys():
    """No extraction to read a key table from (``ext=None``): the ids of the frame itself are
    hashed (:func:`record_key`, in Python outside polars) and joined — a null id has no key."""
    lf = pl.LazyFrame({"id_personne": ["P2", "P1", None, "P2", "P3"], "x": [1, 2, 3, 4, 5]})
    out = with_record_keys(lf, "id_personne", CLE).collect()
    assert out["x"].to_list() == [1, 2, 3, 4, 5]  # order and rows kept
    assert out["_rk"].to_list() == [RK["P2"], RK["P1"], None, RK["P2"], RK["P3"]]
    cell = out.select(cell_key_agg("id_personne")).item()
    assert cell == cell_key_of(["P1", "P2", "P3"], "id_personne", CLE) == 683571745


def test_a_cell_without_unit_column_is_keyed_by_its_row_count():
    """:func:`indicators.aggregate._finish` without a unit column: the cell key is the keyed
    hash of the cell's number of rows (``"_lignes:<n>"``), computed outside polars."""
    from indicators import aggregate

    ext = B.extraction(date(2025, 12, 31), foyer=[B.foyer(f"F{i}", "41269") for i in range(3)])
    c = B.ctx(ext, date(2025, 1, 1), date(2025, 12, 31), "commune:41269",
              settings=dataclasses.replace(B.SETTINGS, cle_secret=CLE))
    lf = pl.LazyFrame({"g": ["a", "a", "b", "a", "b", "c", "c", "c", "c"]})
    out = aggregate._finish(c, lf, ["g"], [pl.len().cast(pl.Int64).alias("valeur"),
                                           *aggregate.cell_key(c, None)]).collect()
    assert out.columns == ["g", "valeur", "_cle"]
    assert out.rows() == [("a", 3, record_key(3, "_lignes", CLE)), ("b", 2, record_key(2, "_lignes", CLE)),
                          ("c", 4, record_key(4, "_lignes", CLE))]


def test_a_frame_without_cell_key_is_noised_by_its_shown_figures():
    """:func:`perturb` of a frame without ``_cle``: the key of ``"<valeur>|<effectif>"``
    (``"_valeur"``), the same noise as that key given as ``_cle``; eager or lazy alike, and no
    key column left behind."""
    r = Regles(cle=CLE)
    df = pl.DataFrame({"valeur": [10, 40, 12, 3], "effectif": [10, 38, None, 3]})
    keys = [record_key(f"{v}|{'' if e is None else e}", "_valeur", CLE)
            for v, e in df.select("valeur", "effectif").rows()]
    keyed = df.with_columns(pl.Series("_cle", keys, dtype=pl.UInt64))
    expected = mask(keyed, "foyers_beneficiaires", r)
    assert mask(df, "foyers_beneficiaires", r).equals(expected)
    assert mask(df.lazy(), "foyers_beneficiaires", r).collect().equals(expected)
    assert expected["valeur"].to_list() != df["valeur"].to_list()[:3] + [None]  # noise drawn
    assert "_cle" not in perturb(df, "foyers_beneficiaires", r).columns
