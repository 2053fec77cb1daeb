"""A JSON profile at the limits (see ``_profiles``)."""

from __future__ import annotations

import json
from pathlib import Path

from _profiles import PROBLEMS, document

__all__ = ["PROBLEMS", "make"]


def make(folder: Path) -> list[list[str]]:
    path = folder / "me.json"
    path.write_text(json.dumps(document()))
    return [["status", "--profile", str(path), "--target", "role:senco"]]
