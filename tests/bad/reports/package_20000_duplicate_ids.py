"""A package with one id defined 20,000 times: each copy reported at its own line."""

from __future__ import annotations

from pathlib import Path

from _common import CITE, package

ROWS = 20_000
PROBLEMS = ROWS - 1


def make(folder: Path) -> list[list[str]]:
    root = package(folder / "pkg", {"roles.toml": "".join(
        f'[[role]]\nid = "role:a"\ntitle = "R"\n{CITE}' for _ in range(ROWS))})
    return [["validate", str(root)]]
