"""A long profile CSV of 50,000 people, each with an impossible date.

Every row is checked; the report lists the first :data:`~sendpath.errors.MAX_PROBLEMS`, then
one ``too-many-problems`` with the count of the rest.
"""

from __future__ import annotations

from pathlib import Path

from sendpath.errors import MAX_PROBLEMS

ROWS = 50_000
PROBLEMS = MAX_PROBLEMS + 1


def make(folder: Path) -> list[list[str]]:
    path = folder / "staff.csv"
    path.write_text("person,table,id,since\n" +
                    "".join(f"p{i},roles,teacher,bad\n" for i in range(ROWS)))
    return [["bulk", "--profiles", str(path), "--target", "role:senco"]]
