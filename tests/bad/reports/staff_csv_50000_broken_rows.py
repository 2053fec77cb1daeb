"""A long profile CSV of 50,000 people, each with an impossible date."""

from __future__ import annotations

from pathlib import Path

ROWS = 50_000
PROBLEMS = ROWS


def make(folder: Path) -> list[list[str]]:
    path = folder / "staff.csv"
    path.write_text("person,table,id,since\n" +
                    "".join(f"p{i},roles,teacher,bad\n" for i in range(ROWS)))
    return [["bulk", "--profiles", str(path), "--target", "role:senco"]]
