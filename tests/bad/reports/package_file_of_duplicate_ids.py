"""A package file with one id defined as often as the size bound allows.

The first :data:`~sendpath.errors.MAX_PROBLEMS` copies are reported, each at its own line,
then one ``too-many-problems`` with the count of the rest.
"""

from __future__ import annotations

from pathlib import Path

from _common import CITE, package

from sendpath.errors import MAX_PROBLEMS

ROWS = 14_000  # 72 bytes each: just under 1 MiB
PROBLEMS = MAX_PROBLEMS + 1


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {"roles.toml": "".join(
        f'[[role]]\nid = "role:a"\ntitle = "R"\n{CITE}' for _ in range(ROWS))})
    return [["validate", str(root)]]
