"""Benchmark bad input at the bounds against its goal (issue 19, R4).

- :func:`goal_bad_input_within_2s`: every storm of the bad-input corpus
  (``tests/bad/reports/``: the most broken rows, records and duplicate ids the bounds let
  through), run through the command line as the tests run it, is refused within 2 s of the
  child's CPU time, Python's start-up included; with ``--json`` too. The baseline beside it is
  a trivial command's CPU time on the same machine (``sendpath show senco``).

The tests guard the same runs against growth faster than the input with a generous bound;
the 2-second figure is measured here, where a busy machine does not fail a build.
"""

from __future__ import annotations

import importlib
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "bad" / "reports")]

from _bad import run_cli  # noqa: E402  (the tests' harness: the same runs, the same limits)

#: The corpus's storms (``tests/test_bad_reports.py``'s ``MANY``).
STORMS = ("profile_toml_at_the_limits", "profile_json_at_the_limits",
          "staff_csv_50000_broken_rows", "package_file_of_broken_records",
          "package_file_of_duplicate_ids")
RUNS = 3
LIMIT = 2.0


def _cpu(args: list[str]) -> float:
    """The median CPU time of ``RUNS`` runs of ``sendpath ARGS``, in seconds."""
    return statistics.median(run_cli(args, timeout=120).cpu for _ in range(RUNS))


def goal_bad_input_within_2s() -> dict[str, Any]:
    """The slowest storm at the bounds, text or ``--json``, within 2 s of CPU time."""
    worst, name = 0.0, ""
    with tempfile.TemporaryDirectory() as tmp:
        for storm in STORMS:
            folder = Path(tmp) / storm
            folder.mkdir()
            for n, args in enumerate(importlib.import_module(storm).make(folder)):
                for form in (args, ["--json", *args]):
                    cpu = _cpu(form)
                    if cpu > worst:
                        worst, name = cpu, f"{storm}[{n}]{' --json' if form is not args else ''}"
    base = _cpu(["show", "senco"])
    return {"goal": f"bad input at the bounds refused within 2 s CPU (slowest: {name})",
            "value": worst, "unit": "s", "baseline": base, "ratio": worst / base,
            "met": worst <= LIMIT}


GOALS = (goal_bad_input_within_2s,)
