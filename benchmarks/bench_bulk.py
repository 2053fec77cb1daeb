"""Bulk goals (issue 16): a synthetic workforce through :mod:`sendpath.bulk`, in one run.

- evaluation of 1M profiles x 1 target (``role:senco``) with NumPy: at most 1 s, and at least
  10x the per-profile loop over :func:`sendpath.rules.evaluate` (measured on a sample of the
  same workforce and scaled to the same number of people);
- from CSV to CSV end to end: at least 50,000 persons a second on one core, with reading,
  evaluation and writing timed apart;
- peak memory (the process's maximum resident set) flat in the number of rows: a run on a
  quarter of the workforce against a run on all of it, each in a fresh process.

The workforce is :mod:`sendpath.synth`'s (seed 0), written once to the temporary folder and
reused. ``SENDPATH_BENCH_PEOPLE`` sets its size (default 1,000,000).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sendpath
from sendpath import bulk, rules, synth
from sendpath.bulk._columns import backend
from sendpath.bulk._input import batches
from sendpath.bulk._program import compile_target
from sendpath.io import read_staff

PEOPLE = int(os.environ.get("SENDPATH_BENCH_PEOPLE", "1000000"))
ON = dt.date(2026, 9, 1)
TARGET = "role:senco"
SAMPLE = 2000  # profiles for the per-profile loop


def workforce(n: int) -> Path:
    """The synthetic workforce of ``n`` persons (seed 0), written once."""
    path = Path(tempfile.gettempdir()) / f"sendpath-bench-workforce-{n}.csv"
    if not path.exists():
        synth.write_workforce(path, n, seed=0, on=ON)
    return path


def _loop_seconds_per_profile(path: Path) -> float:
    """The per-profile loop: ``rules.evaluate`` on each of a sample of the workforce."""
    cat = sendpath.load_default()
    sample = []
    for _who, profile in read_staff(path, catalogue=cat):
        sample.append(profile)
        if len(sample) >= SAMPLE:
            break
    t0 = time.perf_counter()
    for profile in sample:
        rules.evaluate(cat, profile, TARGET, on=ON)
    return (time.perf_counter() - t0) / len(sample)


def goal_bulk_evaluation_1m_numpy() -> dict[str, Any]:
    """Evaluation only (the columns of state, due, codes and ways), NumPy, all the people."""
    path = workforce(PEOPLE)
    cat = sendpath.load_default()
    built = list(batches(path, catalogue=cat, ops=backend("numpy"), size=bulk.BATCH_SIZE,
                         errors="raise", problems=[]))
    program = compile_target(cat, TARGET, on=ON)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for batch in built:
            program.run(batch)
        best = min(best, time.perf_counter() - t0)
    people = sum(b.n for b in built)
    loop = _loop_seconds_per_profile(path) * people
    return {"goal": f"bulk: evaluate {people:,} x senco, NumPy (<= 1 s; {loop / best:,.0f}x the "
                    "loop, >= 10x)",
            "value": best, "unit": "s", "baseline": loop, "ratio": best / loop,
            "met": best <= 1.0 and best / loop <= 0.1}


def goal_bulk_csv_to_csv() -> dict[str, Any]:
    """End to end through the API, and the same run timed by phase."""
    path = workforce(PEOPLE)
    out = Path(tempfile.gettempdir()) / "sendpath-bench-out.csv"
    cat = sendpath.load_default()
    t0 = time.perf_counter()
    written = bulk.evaluate(path, TARGET, on=ON, catalogue=cat).write(out)
    total = time.perf_counter() - t0
    phases = _phases(path, out, cat)
    print(f"  bulk phases for {written:,} persons: read {phases['read']:.2f} s, evaluate "
          f"{phases['evaluate']:.2f} s, write {phases['write']:.2f} s "
          f"({written / total:,.0f} persons/s end to end)")
    rate = written / total
    return {"goal": "bulk: CSV to CSV, persons a second (>= 50,000)", "value": rate,
            "unit": "/s", "baseline": None, "ratio": None, "met": rate >= 50_000}


def _phases(path: Path, out: Path, cat: Any) -> dict[str, float]:
    """The pipeline of ``evaluate(...).write(...)``, each phase on its own clock."""
    ops = backend(None)
    program = compile_target(cat, TARGET, on=ON)
    clock = {"read": 0.0, "evaluate": 0.0, "write": 0.0}
    source = batches(path, catalogue=cat, ops=ops, size=50_000, errors="raise", problems=[])
    with out.open("w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(bulk.CSV_COLUMNS)
        while True:
            t0 = time.perf_counter()
            batch = next(source, None)
            t1 = time.perf_counter()
            clock["read"] += t1 - t0
            if batch is None:
                break
            result = program.run(batch)
            t2 = time.perf_counter()
            clock["evaluate"] += t2 - t1
            for row in zip(batch.names, ops.tolist(result.state), ops.tolist(result.due),
                           ops.tolist(result.bits), result.missing(), strict=True):
                writer.writerow(row)
            clock["write"] += time.perf_counter() - t2
    return clock


# The peak resident set of the process itself (VmHWM: Linux's ru_maxrss carries the parent's
# peak over into a child it starts, which would measure the benchmark, not the run).
_PEAK = """
import sys, datetime as dt
from sendpath import bulk
bulk.evaluate(sys.argv[1], "senco", on=dt.date(2026, 9, 1)).write(sys.argv[2])
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(status.split()[0])
"""


def goal_bulk_memory_flat() -> dict[str, Any]:
    """Peak memory on a quarter of the workforce and on all of it, each in a fresh process."""
    small, large = workforce(PEOPLE // 4), workforce(PEOPLE)
    out = Path(tempfile.gettempdir()) / "sendpath-bench-out.csv"
    peaks = []
    for path in (small, large):
        done = subprocess.run([sys.executable, "-c", _PEAK, str(path), str(out)],  # noqa: S603
                              check=True,
                              capture_output=True, text=True)
        peaks.append(int(done.stdout.split()[-1]) / 1024)  # KiB -> MiB
    per_person = (peaks[1] - peaks[0]) * 2**20 / (PEOPLE - PEOPLE // 4)
    print(f"  bulk peak memory: {peaks[0]:.0f} MiB for {PEOPLE // 4:,} persons, {peaks[1]:.0f} MiB "
          f"for {PEOPLE:,}: {per_person:.0f} bytes a person more (the names seen, kept to catch "
          "a person whose rows are apart; the rest is bounded)")
    return {"goal": f"bulk: peak memory, {PEOPLE:,} persons against a quarter (flat: <= 1.2x)",
            "value": peaks[1], "unit": "MiB", "baseline": peaks[0],
            "ratio": peaks[1] / peaks[0], "met": peaks[1] / peaks[0] <= 1.2}


GOALS = (goal_bulk_evaluation_1m_numpy, goal_bulk_csv_to_csv, goal_bulk_memory_flat)
