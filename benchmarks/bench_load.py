"""Benchmark the load path and the cold command line against their goals (issue 13, "Fast").

Run from a checkout with sendpath installed (or with ``PYTHONPATH=src``)::

    python benchmarks/bench_load.py

Each ``goal_*`` function takes no argument and returns ``{"goal", "value", "unit", "baseline",
"ratio", "met"}``: ``benchmarks/run.py`` calls them beside its own goals, and this file run alone
prints one line ``goal | measured | ratio | met?`` for each. Figures are medians, never asserted:
timing belongs here, not in the tests.

- :func:`goal_cold_cli`: a fresh ``sendpath routes teacher senco`` against a fresh
  ``python -c "import networkx, cattrs"`` on the same interpreter, 15 runs each after a warm-up,
  taken in turn so that the machine's load falls on both alike. The console script next to the
  interpreter is timed when there is one, else ``python -m sendpath``. Both may cache bytecode
  in a temporary folder (``PYTHONPYCACHEPREFIX``): a checkout run with ``PYTHONPATH=src`` under
  ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module of sendpath on every run,
  which no installed copy does.
- :func:`goal_warm_load`: ``load_default()`` after ``load_default.cache_clear()``, plus building
  ``cat.graph``, in a process that has loaded it once (modules imported).
- :func:`goal_snapshot_load`: loading the shipped data from its snapshot against reading and
  checking the same TOML files (``sendpath.catalogue._read_shipped``), graph not included.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sendpath.catalogue import _read_shipped, load_default

COLD_RUNS = 15
BASELINE = ("-c", "import networkx, cattrs")


def _result(goal: str, value: float, unit: str, *, met: bool, baseline: float | None = None,
            ratio: float | None = None) -> dict[str, Any]:
    return {"goal": goal, "value": value, "unit": unit, "baseline": baseline, "ratio": ratio,
            "met": met}


def _command() -> list[str]:
    """``sendpath routes teacher senco``: the console script beside the interpreter, if any."""
    script = Path(sys.executable).with_name("sendpath")
    head = [str(script)] if script.is_file() else [sys.executable, "-m", "sendpath"]
    return [*head, "routes", "teacher", "senco"]


def _wall_ms(cmd: list[str], env: dict[str, str]) -> float:
    """The wall time of one run of ``cmd``, in ms (it must succeed)."""
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)  # noqa: S603
    elapsed = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def goal_cold_cli() -> dict[str, Any]:
    """A cold ``sendpath routes teacher senco`` within 1.4x of importing networkx and cattrs."""
    cli, base = _command(), [sys.executable, *BASELINE]
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for cmd in (base, cli):  # warm-up: bytecode and the OS's file cache
            _wall_ms(cmd, env)
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(COLD_RUNS):
            times[0].append(_wall_ms(base, env))
            times[1].append(_wall_ms(cli, env))
    baseline, value = statistics.median(times[0]), statistics.median(times[1])
    ratio = value / baseline
    return _result("cold `sendpath routes teacher senco` <= 1.4x `import networkx, cattrs`",
                   value, "ms", baseline=baseline, ratio=ratio, met=ratio <= 1.4)


def _median_ms(setup: Callable[[], object], run: Callable[[], object], repeat: int) -> float:
    """The median time of ``run``, each after ``setup`` and a collection (neither timed)."""
    times = []
    for _ in range(repeat):
        setup()
        gc.collect()
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def goal_warm_load() -> dict[str, Any]:
    """Warm ``load_default()`` plus its graph build in at most 15 ms."""
    _ = load_default().graph  # imports done once, as in any process that has loaded it before
    value = _median_ms(load_default.cache_clear, lambda: load_default().graph, repeat=31)
    return _result("warm load_default() + cat.graph <= 15 ms", value, "ms", met=value <= 15)


def goal_snapshot_load() -> dict[str, Any]:
    """Loading the shipped data from its snapshot at least 10x faster than from its TOML."""
    load_default(), _read_shipped("england")
    value = _median_ms(load_default.cache_clear, load_default, repeat=31)
    baseline = _median_ms(lambda: None, lambda: _read_shipped("england"), repeat=7)
    ratio = value / baseline
    return _result("shipped data from its snapshot <= 0.1x the time from its TOML", value, "ms",
                   baseline=baseline, ratio=ratio, met=ratio <= 0.1)


GOALS = (goal_cold_cli, goal_warm_load, goal_snapshot_load)


def line(result: dict[str, Any]) -> str:
    """``goal | measured | ratio | met?`` for one result."""
    measured = f"{result['value']:.1f} {result['unit']}"
    if result["baseline"] is not None:
        measured += f" (baseline {result['baseline']:.1f} {result['unit']})"
    ratio = "-" if result["ratio"] is None else f"{result['ratio']:.2f}x"
    return f"{result['goal']} | {measured} | {ratio} | {'met' if result['met'] else 'NOT met'}"


def main() -> None:
    for goal in GOALS:
        print(line(goal()), flush=True)


if __name__ == "__main__":
    main()
