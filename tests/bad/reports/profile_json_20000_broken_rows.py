"""A JSON profile of 20,000 rows, each with an impossible date."""

from __future__ import annotations

import json
from pathlib import Path

ROWS = 20_000
PROBLEMS = ROWS


def make(folder: Path) -> list[list[str]]:
    path = folder / "me.json"
    path.write_text(json.dumps({"roles": [{"id": "role:teacher", "since": f"bad{i}"}
                                          for i in range(ROWS)]}, indent=1))
    return [["status", "--profile", str(path), "--target", "role:senco"]]
