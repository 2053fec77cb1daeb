"""The corpus harness itself: a clean run passes, each kind of unclean run is caught."""

from __future__ import annotations

import pytest
from _bad import Run, assert_clean, run_cli


def test_a_good_command_runs_clean() -> None:
    run = run_cli(["find", "senco"])
    assert_clean(run, codes=[0])
    assert "role:senco" in run.out


@pytest.mark.parametrize(("run", "fault"), [
    (Run(("x",), 1, "", "Traceback (most recent call last):\n", 0.1), "traceback"),
    (Run(("x",), 3, "", "", 0.1), "exit 3"),
    (Run(("x",), 0, "a\x1b[31m", "", 0.1), "control character"),
    (Run(("x",), 0, "\u202egnp.exe", "", 0.1), "control character"),
    (Run(("x",), 2, "", "oops", 0.1), "oops"),
    (Run(("x",), 0, "", "", 9.0), "took"),
])
def test_each_fault_is_caught(run: Run, fault: str) -> None:
    with pytest.raises(AssertionError, match=fault):
        assert_clean(run, seconds=2.5)
