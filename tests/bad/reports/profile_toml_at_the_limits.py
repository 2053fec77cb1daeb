"""A TOML profile at the limits (see ``_profiles``): read in one pass, refused at once."""

from __future__ import annotations

from pathlib import Path

from _profiles import PROBLEMS, document

__all__ = ["PROBLEMS", "make"]


def make(folder: Path) -> list[list[str]]:
    path = folder / "me.toml"
    doc = document()
    text = "".join(f'[[roles]]\nid = "{r["id"]}"\nsince = "{r["since"]}"\n' for r in doc["roles"])
    text += "".join(f'[[holds]]\nid = "{h["id"]}"\nawarded = "{h["awarded"]}"\n'
                    for h in doc["holds"])
    text += "[[studying]]\n" * len(doc["studying"])
    path.write_text(text)
    return [["status", "--profile", str(path), "--target", "role:senco"]]
