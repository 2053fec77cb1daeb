"""A package file with one id defined as often as the size bound allows: each copy reported."""

from __future__ import annotations

from pathlib import Path

from _common import CITE, package

ROWS = 14_000  # 72 bytes each: just under 1 MiB
PROBLEMS = ROWS - 1


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {"roles.toml": "".join(
        f'[[role]]\nid = "role:a"\ntitle = "R"\n{CITE}' for _ in range(ROWS))})
    return [["validate", str(root)]]
