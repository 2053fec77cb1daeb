"""A TOML profile of 50,000 rows, each with an impossible date (line lookups must not rescan)."""

from __future__ import annotations

from pathlib import Path

ROWS = 50_000
PROBLEMS = ROWS


def make(folder: Path) -> list[list[str]]:
    path = folder / "me.toml"
    path.write_text("".join(f'[[roles]]\nid = "role:teacher"\nsince = "bad{i}"\n'
                            for i in range(ROWS)))
    return [["status", "--profile", str(path), "--target", "role:senco"]]
