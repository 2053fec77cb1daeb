"""Write the golden answers: ``python tests/golden/make.py`` (only when a change is meant).

Each line of ``commands.txt`` is run with ``--json``; the exit code and the JSON answer (the
``sendpath_version`` and ``data_digest`` keys left out) are written to ``answers/NN.json``.
``tests/test_golden.py`` checks that the answers stay the same.
"""

from __future__ import annotations

import contextlib
import io
import json
import shlex
import sys
from pathlib import Path

HERE = Path(__file__).parent


def commands() -> list[list[str]]:
    """The commands of ``commands.txt``, as argument lists with ``{P}`` filled in."""
    lines = (HERE / "commands.txt").read_text().splitlines()
    return [[a.replace("{P}", str(HERE / "profiles")) for a in shlex.split(line)]
            for line in lines if line.strip() and not line.startswith("#")]


def answer(argv: list[str]) -> dict[str, object]:
    """Run one command with ``--json``; return its exit code and its answer."""
    from sendpath.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main([*argv, "--json"])
    data = json.loads(out.getvalue()) if out.getvalue().strip() else None
    if isinstance(data, dict):
        data.pop("sendpath_version", None)
        data.pop("data_digest", None)  # changes with every data edit; tested on its own
    return {"argv": argv[:1] + [a.replace(str(HERE / "profiles"), "{P}") for a in argv[1:]],
            "exit": code, "json": data}


if __name__ == "__main__":
    folder = HERE / "answers"
    folder.mkdir(exist_ok=True)
    for i, argv in enumerate(commands()):
        text = json.dumps(answer(argv), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (folder / f"{i:02d}.json").write_text(text)
    print(f"{len(commands())} answers written to {folder}", file=sys.stderr)
