"""A JSON profile nested half a million arrays deep (as deep as 1 MiB allows)."""

from __future__ import annotations

from pathlib import Path

DEPTH = 500_000
PROBLEMS = 1


def make(folder: Path) -> list[list[str]]:
    path = folder / "me.json"
    path.write_text('{"roles": ' + "[" * DEPTH + "]" * DEPTH + "}")
    return [["status", "--profile", str(path), "--target", "role:senco"]]
