"""A record file whose one table header has 200,000 parts (tomllib's work grows as its square)."""

from __future__ import annotations

from pathlib import Path

from _common import package

DEPTH = 200_000
PROBLEMS = 1


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {"roles.toml": "[[" + ".".join(["a"] * DEPTH) + "]]\n"})
    me = folder / "me.toml"
    me.write_text(".".join(["k"] * DEPTH) + " = 1\n")
    return [["validate", str(root)],
            ["status", "--profile", str(me), "--target", "role:senco"]]
