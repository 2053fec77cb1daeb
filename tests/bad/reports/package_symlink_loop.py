"""A package folder with a link back to itself and one to the folder above it."""

from __future__ import annotations

from pathlib import Path

from _common import package

PROBLEMS = 2


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {})
    (root / "again").symlink_to(root, target_is_directory=True)
    (root / "up").symlink_to(folder, target_is_directory=True)
    return [["validate", str(root)]]
