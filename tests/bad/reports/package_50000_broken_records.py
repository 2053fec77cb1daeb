"""A package of 50,000 roles, each missing its sources (failed records checked for duplicates)."""

from __future__ import annotations

from pathlib import Path

from _common import package

ROWS = 50_000
PROBLEMS = ROWS


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {"roles.toml": "".join(
        f'[[role]]\nid = "role:r{i}"\ntitle = "R"\n' for i in range(ROWS))})
    return [["validate", str(root)]]
