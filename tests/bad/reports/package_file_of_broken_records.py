"""A package file as full of broken records as the size bound allows (each misses its sources).

Its first :data:`~sendpath.errors.MAX_PROBLEMS` problems are reported, then one
``too-many-problems`` for the records not checked.
"""

from __future__ import annotations

from pathlib import Path

from _common import package

from sendpath.errors import MAX_PROBLEMS

ROWS = 26_000  # 40 bytes each: just under 1 MiB
PROBLEMS = MAX_PROBLEMS + 1


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {"roles.toml": "".join(
        f'[[role]]\nid = "role:r{i:05}"\ntitle = "R"\n' for i in range(ROWS))})
    return [["validate", str(root)]]
