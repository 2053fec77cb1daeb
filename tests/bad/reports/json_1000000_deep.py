"""A JSON profile nested a million arrays deep."""

from __future__ import annotations

from pathlib import Path

DEPTH = 1_000_000
PROBLEMS = 1


def make(folder: Path) -> list[list[str]]:
    path = folder / "me.json"
    path.write_text('{"roles": ' + "[" * DEPTH + "]" * DEPTH + "}")
    return [["status", "--profile", str(path), "--target", "role:senco"]]
