"""The cell keys the demo never makes, attacked: the key table of an extraction without the
unit's own table (:func:`indicators.secret.ids_key_table`), the keyed key of a cell's row count
(:func:`~indicators.secret.row_count_keys`) and of a frame's shown figures
(:func:`~indicators.secret.value_keys`) — both :func:`~indicators.secret.native_key`, a keyed
splitmix64 mix.

Each fallback is forced through the real views on the extraction of
:mod:`tests.secret.combined` (issue 9's eight situations and the shared communes), then:

- the masking decision (which cells are hidden, primary or complementary) is the same whichever
  key makes the noise, and the same without perturbation: the key only draws the noise;
- the key table without the unit's table gives every unit its documented key: the same figures;
- an adversary who knows the documented derivation but not ``secret.cle`` cannot predict the
  keys nor the noises: two processes with the same secret agree (whatever Python's hash seed),
  with another secret they agree no more than chance, and no unkeyed hash of the cell gives the
  key;
- the département (exact) minus the shown units of a level never gives back a count of 1 to
  seuil − 1, nor does the combined system of every Territoires table and pages sharing
  communes, whichever key makes the noise.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from indicators import aggregate as agg
from indicators import secret, views
from indicators.engine import frame
from indicators.secret import KEY_MOD, NOISE_TABLE, Regles, count_noise
from tests.indicators import builders as B
from tests.secret import adversary as A
from tests.secret import combined as C
from tests.secret.adversary import documented_native_key

SEUIL = 5
COUNT, RATE, MEAN, SUM = ("foyers_beneficiaires", "part_orientation_professionnelle",
                          "delai_orientation_moyen_j", "montant_rsa_verse")
IDS = (COUNT, RATE, MEAN, SUM)
# "unites": the units' record keys (what the demo does); "sans_table": the same keys from
# ids_key_table (the unit's own table deemed missing); "lignes": every cell keyed by its row
# count; "valeurs": no cell key, the shown figures' key; "sans_bruit": perturbation off.
MODES = ("unites", "sans_table", "lignes", "valeurs", "sans_bruit")
NOISY = MODES[:4]
ROOT = Path(__file__).resolve().parents[2]


def _force(mode: str, monkeypatch) -> object:
    """Patch the key's origin for ``mode``; the settings to use."""
    settings = B.SETTINGS
    cell_key = agg.cell_key
    if mode == "sans_table":
        monkeypatch.setattr(secret, "compute_key_table", lambda *_a, **_k: None)
    elif mode == "lignes":
        monkeypatch.setattr(agg, "cell_key", lambda ctx, col, by=None: cell_key(ctx, None, by))
    elif mode == "valeurs":
        monkeypatch.setattr(agg, "cell_key", lambda ctx, col, by=None: [])
    elif mode == "sans_bruit":
        import dataclasses

        settings = dataclasses.replace(B.SETTINGS, perturbation=False)
    return settings


def _outputs(mode: str, monkeypatch) -> dict[str, list]:
    """Every figure of the Territoires tables (communes, cantons), of three pages' cards and of a
    canton's monthly breakdown, computed on a fresh extraction (no key table cached)."""
    settings = _force(mode, monkeypatch)
    ext = B.extraction(A.DAY, **C.rows())
    out: dict[str, list] = {}
    for niveau in ("commune", "canton"):
        t = views.territory_comparison(A.ctx(ext, settings=settings), list(IDS), niveau)
        for col in t.export.columns[2:]:
            out[f"{niveau}:{col}"] = t.export[col].to_list()
    for terr in ("canton:4114", "commune:41269", "commune:41131", "canton:4106"):
        cards = views.cards(A.ctx(ext, terr, settings=settings), None, list(IDS), sparkline=False)
        out[terr] = [(c.value, c.masked) for c in cards]
    b = views.breakdown(A.ctx(ext, "canton:4114", settings=settings), "entrees", ("mois",))
    out["mois"] = b.data.select("valeur", "masque", "masque_secondaire").rows()
    return out


def _hidden(outputs: dict[str, list]) -> dict[str, list]:
    """Which figures are hidden (a hidden figure is None, a card's flag; never a noise)."""
    h = {}
    for k, v in outputs.items():
        if k == "mois":
            h[k] = [(m, s) for _, m, s in v]
        elif ":" in k and k.split(":")[0] in ("canton", "commune") and isinstance(v[0], tuple):
            h[k] = [m for _, m in v]
        else:
            h[k] = [x is None for x in v]
    return h


@pytest.fixture(scope="module")
def by_mode():
    mp = pytest.MonkeyPatch()
    out = {}
    try:
        for mode in MODES:
            with mp.context() as m:
                out[mode] = _outputs(mode, m)
    finally:
        mp.undo()
    return out


def test_the_masking_decision_does_not_depend_on_the_key(by_mode):
    """The same cells are hidden (primary and complementary) whichever key draws the noise, and
    without noise: the pattern is decided on the true figures, the key only draws the noise."""
    ref = _hidden(by_mode["sans_bruit"])
    assert sum(x is True or x == (True, False) or x == (True, True)
               for v in ref.values() for x in v) >= 10  # the attacked cells are there
    for mode in NOISY:
        assert _hidden(by_mode[mode]) == ref, mode


def test_the_key_table_without_the_units_table_gives_the_same_figures(by_mode):
    """ids_key_table (every id of the column found in the extraction's tables) keys each unit
    with its documented record key: exactly the figures of the units' own table."""
    assert by_mode["sans_table"] == by_mode["unites"]


def test_each_fallback_key_draws_its_own_noise(by_mode):
    """The fallback keys do perturb (some shown count differs from the raw one), and draw other
    noises than the units' keys (another key, another noise)."""
    raw = by_mode["sans_bruit"]
    for mode in ("lignes", "valeurs"):
        got = by_mode[mode]
        diff = [k for k in raw if k.startswith(("commune:", "canton:")) and got[k] != raw[k]]
        assert diff, mode
        assert got != by_mode["unites"], mode


# ---- an adversary who knows the derivation, not the secret ---------------------------------

N_CELLS = 2000
PROBE = """
import json, sys
import polars as pl
from indicators import secret
cle, n = sys.argv[1], int(sys.argv[2])
counts = pl.DataFrame({"_cle_n": list(range(n))}, schema={"_cle_n": pl.Int64})
rows = secret.row_count_keys(counts, cle)["_cle"].to_list()
figs = pl.DataFrame({"valeur": [float(i) + 0.5 for i in range(n)], "effectif": list(range(n))})
vals = figs.select(secret.value_keys(figs.columns, secret.Regles(cle=cle)))[:, 0].to_list()
ids = pl.Series([f"P{i:06d}" for i in range(n)])
units = secret.unit_keys(ids, "id_personne", cle).to_list()
print(json.dumps({"lignes": rows, "valeurs": vals, "unites": units}))
"""


def _probe(cle: str, hashseed: str) -> dict[str, list[int]]:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE, cle, str(N_CELLS)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


def _noise(keys: list[int]) -> list[int]:
    """The count noise (−2 … +2) each key draws."""
    return pl.DataFrame({"k": keys}, schema={"k": pl.UInt64}).select(
        count_noise(pl.col("k"))).to_series().to_list()


# chance agreement of two independent noises: Σ p² = 2 × 0,05² + 2 × 0,2² + 0,5² = 0,335
CHANCE = sum((p - q) ** 2 for (p, _), (q, _) in zip(NOISE_TABLE, ((0.0, 0),) + NOISE_TABLE[:-1],
                                                   strict=True))


@pytest.fixture(scope="module")
def probes():
    return {"a1": _probe("secret-du-departement", "1"), "a2": _probe("secret-du-departement", "2"),
            "b": _probe("une-autre-cle", "1")}


def _agreement(x: list[int], y: list[int]) -> float:
    return sum(a == b for a, b in zip(x, y, strict=True)) / len(x)


def test_two_processes_with_the_same_secret_agree(probes):
    """The same secret: the same keys in another process with another hash seed (nothing drawn
    from Python's per-process hash nor from polars' seeds)."""
    assert probes["a1"] == probes["a2"]
    assert all(0 <= k < KEY_MOD for v in probes["a1"].values() for k in v)


@pytest.mark.parametrize("key", ["lignes", "valeurs", "unites"])
def test_another_secret_predicts_neither_the_keys_nor_the_noises(probes, key):
    """An adversary running the documented code with his own secret: keys all different, noises
    agreeing no more than two independent draws do (0,335; 2 000 cells: ±0,011)."""
    a, b = probes["a1"][key], probes["b"][key]
    assert sum(x == y for x, y in zip(a, b, strict=True)) == 0
    assert abs(CHANCE - 0.335) < 1e-9
    assert _agreement(_noise(a), _noise(b)) < CHANCE + 0.06, key


def _splitmix_unkeyed(parts: list[int], x: int = 0) -> int:
    m64 = 2**64 - 1
    for p in parts:
        x ^= p & m64
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & m64
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & m64
        x ^= x >> 31
    return x >> 32


def test_no_unkeyed_hash_of_the_cell_gives_its_key(probes):
    """What an adversary without the secret can compute from a cell: the documented mix started
    from 0 or from an empty key, polars' own hash of the figure, an unkeyed blake2b of the id, the
    figure itself — none gives the key, nor predicts the noise better than chance."""
    n = N_CELLS
    counts = list(range(n))
    real = probes["a1"]
    candidates = {
        "lignes": [
            [_splitmix_unkeyed([c]) for c in counts],
            [documented_native_key([c], "_lignes", cle="") for c in counts],
            (pl.Series(counts, dtype=pl.Int64).hash() % KEY_MOD).to_list(),
            counts,
        ],
        "valeurs": [
            [_splitmix_unkeyed([round((i + 0.5) * 1000), i]) for i in counts],
            [documented_native_key([round((i + 0.5) * 1000), i], "_valeur", cle="")
             for i in counts],
        ],
        "unites": [
            [int.from_bytes(hashlib.blake2b(f"id_personne:P{i:06d}".encode(),
                                            digest_size=4).digest(), "big") for i in counts],
            (pl.Series([f"P{i:06d}" for i in counts]).hash() % KEY_MOD).to_list(),
        ],
    }
    for key, cands in candidates.items():
        for k, cand in enumerate(cands):
            assert sum(x == y for x, y in zip(real[key], cand, strict=True)) == 0, (key, k)
            assert _agreement(_noise(real[key]), _noise(cand)) < CHANCE + 0.06, (key, k)


# ---- subtraction: the département minus the shown units -------------------------------------

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("niveau", ["canton", "commune", "mdcs", "epci"])
def test_departement_minus_the_shown_units_gives_back_no_small_count(mode, niveau, monkeypatch):
    """A level's Territoires table: the département's exact total minus every shown unit is the
    sum of the hidden units; their true sum is never 1 to seuil − 1, whichever key (or none)
    makes the noise; without noise, that difference is exactly their true sum."""
    settings = _force(mode, monkeypatch)
    ext = B.extraction(A.DAY, **C.rows())
    ctx = A.ctx(ext, settings=settings)
    t = views.territory_comparison(ctx, [COUNT], niveau)
    col = t.export.columns[-1]
    rows = dict(zip(t.export["Code"].to_list(), t.export[col].to_list(), strict=True))
    dep = rows.pop(A.REF.departement)
    raw = dict(frame(A.ctx(ext), COUNT, (niveau,)).collect().select(niveau, "valeur").rows())
    assert dep == sum(raw.values())  # the département: exact
    hidden = [c for c, v in rows.items() if v is None]
    assert hidden, niveau  # the small units are there
    truth = sum(raw.get(c, 0) for c in hidden)
    assert not 1 <= truth < SEUIL, (niveau, hidden, truth)
    diff = dep - sum(v for v in rows.values() if v is not None)
    if mode == "sans_bruit":
        assert diff == truth
    for c in hidden:  # no hidden small unit comes out alone
        if 1 <= raw.get(c, 0) < SEUIL:
            assert round(diff) != raw[c] or len([h for h in hidden if raw.get(h, 0)]) > 1


@pytest.mark.parametrize("mode", NOISY)
def test_the_combined_system_fails_whichever_key_makes_the_noise(mode, monkeypatch):
    """:mod:`tests.secret.combined`'s system (every Territoires table, the département, two
    pages sharing communes) solved with each key: every small commune stays undetermined or
    comes out wrong."""
    _force(mode, monkeypatch)
    C.tables_and_pages_attack(B.extraction(A.DAY, **C.rows()))


def test_the_row_count_key_is_keyed_per_secret_and_per_count():
    """A cell keyed by its row count: same count and secret, same key (a repeated request gives
    nothing); counts one apart, independent keys (their difference is noisy)."""
    r = Regles(cle="secret-du-departement")
    df = pl.DataFrame({"_cle_n": [7, 7, 8]}, schema={"_cle_n": pl.Int64})
    k = secret.row_count_keys(df, r.cle)["_cle"].to_list()
    assert k[0] == k[1] == documented_native_key([7], "_lignes", r.cle) != k[2]


@pytest.mark.parametrize("niveau", ["canton", "mdcs", "epci"])
def test_departement_card_minus_every_units_page_card_without_noise(niveau):
    """The Territoires table hides a second unit (complementary), and each unit also has a page
    whose card shows its own figure: the adversary opens every unit's page and subtracts their
    cards from the département's exact card. The cards follow the level's pattern (the small
    units and their complement hidden alike): without perturbation the difference is the total
    of every hidden unit, at least the threshold, never the small units' total."""
    import dataclasses

    settings = dataclasses.replace(B.SETTINGS, perturbation=False)
    ext = B.extraction(A.DAY, **C.rows())
    raw = dict(frame(A.ctx(ext), COUNT, (niveau,)).collect().select(niveau, "valeur").rows())
    dep = views.cards(A.ctx(ext, settings=settings), None, [COUNT], sparkline=False)[0].value
    assert dep == sum(raw.values())
    cards = {code: views.cards(A.ctx(ext, f"{niveau}:{code}", settings=settings), None, [COUNT],
                               sparkline=False)[0].value for code, v in raw.items() if v}
    hidden = {c for c, v in cards.items() if v is None}
    small = {c for c in hidden if raw[c] < SEUIL}
    assert 1 <= sum(raw[c] for c in small) < SEUIL  # the situation attacked
    assert hidden - small  # a complementary unit's card is hidden too
    diff = dep - sum(v for v in cards.values() if v is not None)
    assert diff == sum(raw[c] for c in hidden) >= SEUIL
    assert diff != sum(raw[c] for c in small)
