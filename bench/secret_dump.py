"""Every masked output of the demo, dumped to compare two versions of the code (issue 12: the cell
keys of the secret statistique moved out of polars' engine must give the same figures).

    .venv/bin/python -m bench.secret_dump dump /tmp/avant      # in the worktree of the old code
    .venv/bin/python -m bench.secret_dump dump /tmp/apres      # in the worktree of the new code
    .venv/bin/python -m bench.secret_dump compare /tmp/avant /tmp/apres [--partiel]

``dump`` first runs every page of the router's list in Streamlit's AppTest for one unit of each
sub-département level and the département, periods 2025 and 2025-T3, and records every cached
view call the pages make (:mod:`ui.cache`: the function and its arguments). It then replays each
recorded call, uncached, for the département, every MDCS, every canton and « canton non
déterminé », a seeded sample of communes, on both periods (a call keyed on the page's own
territory is replayed on each unit of the level it was recorded at; one keyed on the
département stays on it, replayed once), and builds the
comité and évaluation packs (:func:`reports.content.assemble.build_pack`) of every unit: each
output is written out canonically (frames as rows, figures as their JSON, dataclasses field by
field) in ``<dir>/dump.jsonl.gz`` (``DUMP_NIVEAUX=canton,commune:41001``: only the units of
these levels and these units, a partial dump to share the work). ``compare`` says which outputs differ, and how. CPU-heavy
(several minutes): run it niced, one at a time.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import math
import os
import random
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path.cwd()  # the worktree whose code is dumped
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PERIODS = {"2025": (date(2025, 1, 1), date(2025, 12, 31)),
           "2025-T3": (date(2025, 7, 1), date(2025, 9, 30))}
N_COMMUNES = 6
NOW = datetime(2026, 1, 15, 9, 0)


# ---- recording the pages' view calls --------------------------------------------------------

RECORDED: list[tuple[str, object, tuple, dict, str]] = []  # qualname, fn, args, kwargs, page unit
STATE = {"recording": False, "unit": None}


def _install_recorder() -> None:
    """``st.cache_data`` replaced by a wrapper that notes each call of a function keyed by a
    :class:`ui.cache.Key` (its uncached function and arguments), before ``ui.cache`` exists."""
    import functools

    import streamlit as st

    real = st.cache_data

    def wrap(cached_fn, fn):
        @functools.wraps(cached_fn)
        def call(*args, **kwargs):
            from ui.cache import Key

            if STATE["recording"] and args and isinstance(args[0], Key):
                RECORDED.append((fn.__qualname__, fn, args, kwargs, STATE["unit"]))
            return cached_fn(*args, **kwargs)
        call.clear = getattr(cached_fn, "clear", lambda *a, **k: None)
        return call

    class Recorder:
        def __call__(self, func=None, **kw):
            if func is not None and callable(func):
                return wrap(real(func, **kw), func)
            return lambda f: wrap(real(**kw)(f), f)

        def __getattr__(self, name):
            return getattr(real, name)

    st.cache_data = Recorder()


def record(url: str, units: list[str]) -> None:
    from tests.helpers.apptest import app
    from ui.pages_list import available_pages

    STATE["recording"] = True
    for unit in units:
        for periode in PERIODS:
            for page in available_pages():
                STATE["unit"] = unit
                at = app(url, page.path, {"territoire": unit, "periode": periode})
                if at.exception:
                    print(f"  exception {page.url_path} {unit} {periode}: "
                          f"{at.exception[0].value[:200]}", file=sys.stderr)
    STATE["recording"] = False


# ---- canonical form of an output ------------------------------------------------------------

def canon(o, depth: int = 0):
    import numpy as np
    import pandas as pd
    import polars as pl

    if depth > 40:
        return repr(o)
    if isinstance(o, pl.LazyFrame):
        o = o.collect()
    if isinstance(o, pl.DataFrame):
        return {"polars": o.columns, "dtypes": [str(t) for t in o.dtypes],
                "rows": canon(o.rows(), depth + 1)}
    if isinstance(o, pl.Series):
        return {"series": o.name, "values": canon(o.to_list(), depth + 1)}
    if isinstance(o, pd.DataFrame):
        return {"pandas": [str(c) for c in o.columns],
                "rows": canon(o.astype(object).where(o.notna(), None).values.tolist(), depth + 1)}
    if isinstance(o, np.ndarray):
        return canon(o.tolist(), depth + 1)
    if isinstance(o, np.generic):
        return canon(o.item(), depth + 1)
    if hasattr(o, "to_plotly_json"):
        return {"figure": canon(o.to_plotly_json(), depth + 1)}
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {"dataclass": type(o).__name__,
                **{f.name: canon(getattr(o, f.name), depth + 1) for f in dataclasses.fields(o)}}
    if isinstance(o, tuple) and hasattr(o, "_fields"):
        return {"tuple": type(o).__name__, **{f: canon(getattr(o, f), depth + 1) for f in o._fields}}
    if isinstance(o, dict):
        return {"dict": [[canon(k, depth + 1), canon(v, depth + 1)]
                         for k, v in sorted(o.items(), key=lambda kv: repr(kv[0]))]}
    if isinstance(o, (list, tuple, set, frozenset)):
        items = sorted(o, key=repr) if isinstance(o, (set, frozenset)) else o
        return [canon(x, depth + 1) for x in items]
    if isinstance(o, float):
        return "nan" if math.isnan(o) else o
    if isinstance(o, (bytes, bytearray)):
        import hashlib

        return {"bytes": hashlib.sha256(bytes(o)).hexdigest()}
    if o is None or isinstance(o, (str, int, bool)):
        return o
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    if callable(o) and hasattr(o, "__qualname__"):
        return f"<{getattr(o, '__module__', '')}.{o.__qualname__}>"
    return ADDRESS.sub("", repr(o))


# what differs from one process or worktree to another: object addresses, the code's own paths
ADDRESS = re.compile(r" at 0x[0-9a-f]+|(?<=PosixPath\()'[^']*'(?=\))")
REL_TOL = 1e-12  # floats: the last digits of a parallel sum depend on its order, run to run


def same(x, y) -> bool:
    """Equal outputs (parsed JSON), floats up to :data:`REL_TOL`."""
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=REL_TOL, abs_tol=1e-9)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(same(a, b) for a, b in zip(x, y, strict=True))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)
    return x == y


# ---- the dump -------------------------------------------------------------------------------

def units_of(ref) -> list[str]:
    from data.referentiel import CANTON_ND

    out = [f"departement:{ref.departement}"]
    out += [f"mdcs:{c}" for c in ref.units("mdcs")["code"].to_list()]
    out += [f"canton:{c}" for c in ref.units("canton")["code"].to_list()] + [f"canton:{CANTON_ND}"]
    communes = ref.units("commune").sort("population", "code")["code"].to_list()
    drawn = communes[:2] + random.Random(12).sample(communes[2:], N_COMMUNES - 2)
    out += [f"commune:{c}" for c in drawn]
    only = [u for u in os.environ.get("DUMP_NIVEAUX", "").split(",") if u]
    return [u for u in out if u.split(":")[0] in only or u in only] if only else out


def _arg_id(args, kwargs) -> str:
    return repr((args, sorted(kwargs.items())))


def dump(out_dir: Path) -> None:
    _install_recorder()
    import polars as pl  # noqa: F401

    from data.referentiel import load_referentiel
    from settings import DEMO_DB

    url = f"sqlite:///{DEMO_DB}"
    os.environ["DECLIK_DB"] = url
    ref = load_referentiel()
    units = units_of(ref)
    t0, c0 = time.perf_counter(), time.process_time()
    first = {u.split(":")[0]: u for u in reversed(units)}  # the first unit of each level
    rec_units = ["departement" if n == "departement" else first[n]
                 for n in ("departement", "mdcs", "canton", "commune") if n in first]
    record(url, rec_units)
    print(f"recorded {len(RECORDED)} calls ({time.process_time() - c0:.0f} s CPU)", file=sys.stderr)

    from reports.content.assemble import build_pack
    from ui import cache

    settings, op = cache.current_opened()
    calls: dict[str, tuple] = {}
    for qual, fn, args, kwargs, page_unit in RECORDED:
        key, rest = args[0], args[1:]
        own = key.territoire == (page_unit if ":" in page_unit
                                 else f"departement:{ref.departement}")
        generic = key._replace(territoire="*" if own else key.territoire, snapshot="")
        level = page_unit.split(":")[0]
        calls.setdefault(qual + _arg_id((generic,), {}) + _arg_id(rest, kwargs)
                         + (level if own else ""), (qual, fn, key, rest, kwargs, own, level))
    print(f"{len(calls)} distinct calls", file=sys.stderr)
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    with gzip.open(out_dir / "dump.jsonl.gz", "wt", encoding="utf-8") as f:
        def write(case: str, fn) -> None:
            nonlocal n
            try:
                value = canon(fn())
            except Exception as exc:  # noqa: BLE001 — an error is an output too
                value = {"erreur": f"{type(exc).__name__}: {exc}"[:500]}
            f.write(json.dumps({"case": case, "value": value}, ensure_ascii=False,
                               default=repr) + "\n")
            n += 1

        for unit in units:
            for qual, fn, key, rest, kwargs, own, level in calls.values():
                if (unit != units[0]) if not own else (level != unit.split(":")[0]):
                    continue  # a département call: once; a unit's: on the units of its level
                k = key._replace(territoire=unit, snapshot=op.snapshot_id) if own else \
                    key._replace(snapshot=op.snapshot_id)
                case = f"{qual} {k.territoire} {k.debut}_{k.fin} {_arg_id(rest, kwargs)[:300]}"
                write(case, lambda fn=fn, k=k, rest=rest, kwargs=kwargs: fn(k, *rest, **kwargs))
            terr = ref.parse_territoire(unit)
            for label, (d, fi) in PERIODS.items():
                from indicators.calendrier import from_dates

                per = from_dates(d, fi, op.extraction.date_extraction)
                for kind in ("comite", "evaluation"):
                    write(f"pack {kind} {unit} {label}", lambda per=per, kind=kind, terr=terr:
                          build_pack(op.extraction, ref, settings, per, terr, kind, now=NOW))
            print(f"  {unit}: {n} outputs, {time.process_time() - c0:.0f} s CPU", file=sys.stderr)
    print(f"{n} outputs in {out_dir / 'dump.jsonl.gz'} ({time.perf_counter() - t0:.0f} s wall, "
          f"{time.process_time() - c0:.0f} s CPU)")


def _read(d: Path) -> dict[str, str]:
    out = {}
    with gzip.open(d / "dump.jsonl.gz", "rt", encoding="utf-8") as f:
        try:
            for line in f:
                row = json.loads(line)
                out[row["case"]] = ADDRESS.sub("", json.dumps(row["value"], ensure_ascii=False,
                                                              sort_keys=True))
        except (EOFError, json.JSONDecodeError):  # a dump still being written: what is there
            pass
    return out


def compare(a: Path, b: Path, partial: bool = False) -> int:
    """0 when every output of ``a`` is in ``b`` with the same content (:func:`same`), else 1
    (differences printed); ``partial``: outputs on one side only (a dump not finished) do not count."""
    da, db = _read(a), _read(b)
    only_a, only_b = sorted(set(da) - set(db)), sorted(set(db) - set(da))
    diff = sorted(c for c in set(da) & set(db)
                  if da[c] != db[c] and not same(json.loads(da[c]), json.loads(db[c])))
    errors = sum('"erreur"' in v[:20] for v in db.values())
    print(f"{len(da)} outputs before, {len(db)} after; {len(set(da) & set(db))} in both, "
          f"{len(diff)} different; {len(only_a)} only before, {len(only_b)} only after; "
          f"{errors} outputs after are errors")
    for c in diff[:20]:
        x, y = da[c], db[c]
        i = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        print(f"- {c}\n    avant : …{x[max(0, i - 80):i + 120]}\n    après : …{y[max(0, i - 80):i + 120]}")
    for c in (only_a + only_b)[:10]:
        print(f"- absent d'un côté : {c}")
    units = sorted({c.split(" ")[2] if c.startswith("pack ") else c.split(" ")[1]
                    for c in set(da) & set(db)})
    print(f"units compared ({len(units)}): {', '.join(units)}")
    return 1 if diff or (not partial and (only_a or only_b)) else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "dump" and len(sys.argv) == 3:
        dump(Path(sys.argv[2]))
    elif cmd == "compare" and len(sys.argv) in (4, 5):
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:] == ["--partiel"]))
    else:
        sys.exit(__doc__)
