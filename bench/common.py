"""What the benchmark scripts share: the median time of repeated runs, figures written the French
way in bench/RESULTS.md, and the replacement of one script's section of that file."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def median_time(fn, reps: int, cpu: list | None = None) -> tuple[float, object]:
    """Median wall time (s) of ``reps`` calls of ``fn`` and the last call's result; with
    ``cpu``, the median CPU time of the process (every thread) is appended to it — on a shared
    machine the figure that depends least on the others' load."""
    times, cpus, out = [], [], None
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    if cpu is not None:
        cpu.append(statistics.median(cpus))
    return statistics.median(times), out


def fmt(x, decimals: int = 3) -> str:
    """French number: narrow spaces between thousands, decimal comma; « – » for no figure."""
    if x is None:
        return "–"
    return f"{x:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def write_section(md: str, start: str, end: str) -> str:
    """Put ``md`` (which begins with ``start`` and ends with ``end``) in place of that section of
    bench/RESULTS.md, or after the rest of the file when the section is not there yet."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if start in text and end in text:
        text = text[:text.index(start)] + md + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + md + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    return md
