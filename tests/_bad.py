"""The harness of the bad-input corpus (issue 19; ``reliability.md`` R1-R5).

Each test module of the corpus (``tests/test_bad_*.py``) keeps its inputs under
``tests/bad/<class>/`` (one file, or a generator function, per case, named for what it is) and
runs each through the API and through the command line with :func:`run_cli`: a fresh Python in a
subprocess, with a time limit and a 512 MiB address-space limit, so that a hostile input that
hangs or eats memory fails one test instead of the machine. :func:`assert_clean` states what
every run must show, whatever the input.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

BAD = Path(__file__).parent / "bad"
#: The exit codes a command may end with (DESIGN: ok, no answer, bad input, Ctrl-C).
EXIT_CODES = (0, 1, 2, 130)
#: What a run may take at most: ``reliability.md`` R4.
SECONDS = 2.0
MEMORY = 512 * 2**20  # the address-space limit of the child (R4: peak use under 256 MiB)
# Control characters that must never reach a terminal: C0 (but tab and newline), DEL, C1 and the
# bidirectional overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_LIMITS = f"""
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
sys.argv = ["sendpath", *sys.argv[1:]]
runpy.run_module("sendpath", run_name="__main__")
"""


@attrs.frozen
class Run:
    """What one command did: its exit code, its output and how long it took."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float
    cpu: float = 0.0  # the child's CPU time, user and system (steadier than the wall on a busy box)


def run_cli(args: Sequence[str], *, stdin: bytes = b"", timeout: float = 20.0,
            cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``sendpath ARGS`` in a fresh Python under the memory limit and return what it did.

    ``timeout`` is a guard against a hang (the test fails); whether the run was fast enough is
    :func:`assert_clean`'s ``seconds``, measured on the wall clock.
    """
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LIMITS, *args], input=stdin,  # noqa: S603
                          capture_output=True, timeout=timeout, cwd=cwd, env=environment,
                          check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(args=tuple(args), code=done.returncode,
               out=done.stdout.decode("utf-8", "replace"),
               err=done.stderr.decode("utf-8", "replace"),
               seconds=time.perf_counter() - t0,
               cpu=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))


def assert_clean(run: Run, *, codes: Iterable[int] = EXIT_CODES,
                 seconds: float | None = None, cpu: float | None = None) -> None:
    """What every run must show: R1 (no traceback), a documented exit code, no control byte.

    An error is one or more ``sendpath: ...`` lines on stderr. ``seconds`` bounds the wall time
    (R4; the child's start-up included, so give a margin over :data:`SECONDS`).
    """
    where = f"sendpath {' '.join(a[:40] for a in run.args)}"
    assert run.code in tuple(codes), f"{where}: exit {run.code}\n{run.err[-2000:]}"
    assert "Traceback" not in run.err, f"{where}: a traceback\n{run.err[-2000:]}"
    assert "Exception ignored" not in run.err, f"{where}: {run.err[-2000:]}"
    for name, text in (("stdout", run.out), ("stderr", run.err)):
        bad = _CONTROL.search(text)
        assert bad is None, f"{where}: a control character {bad.group()!r} on {name}"
    if run.code == 2:
        assert run.err.startswith("sendpath"), f"{where}: {run.err[:300]}"
    if seconds is not None:
        assert run.seconds < seconds, f"{where}: took {run.seconds:.2f} s"
    if cpu is not None:
        assert run.cpu < cpu, f"{where}: took {run.cpu:.2f} s of CPU time"


def digests(paths: Iterable[Path]) -> dict[Path, str]:
    """The SHA-256 of each file under ``paths`` (R2: compare before and after a run)."""
    out: dict[Path, str] = {}
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            out[f] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind in ``folder`` (R2: there must be none)."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))
