"""A role needing at least 20 of 40 qualifications (10^11 subsets), with a conformance case."""

from __future__ import annotations

from pathlib import Path

from _common import CITE, package

CHILDREN = 40
N = 20


def make(folder: Path) -> list[list[str]]:
    quals = "".join(f'[[qualification]]\nid = "qual:q{i}"\ntitle = "Q{i}"\nkind = "award"\n'
                    f"months = 1\n{CITE}" for i in range(CHILDREN))
    kids = ", ".join(f'"qual:q{i}"' for i in range(CHILDREN))
    roles = (f'[[role]]\nid = "role:goal"\ntitle = "Goal"\n{CITE}'
             f"requires = {{ at_least = {{ n = {N}, of = [{kids}] }} }}\n"
             f'[[role]]\nid = "role:start"\ntitle = "Start"\n{CITE}')
    held = ", ".join(f'{{ id = "qual:q{i}", awarded = 2020-01-01 }}' for i in range(N - 1))
    case = ('[[case]]\nname = "one short"\nreference = { source = "source:a" }\n'
            'on = 2026-09-01\ntarget = "role:goal"\nexpect = { state = "not_met" }\n'
            f"[case.profile]\nholds = [{held}]\n")
    root = package(folder / "pkg", {"quals.toml": quals, "roles.toml": roles,
                                    "cases/short.toml": case})
    me = folder / "me.toml"
    me.write_text("".join(f'[[holds]]\nid = "qual:q{i}"\nawarded = 2020-01-01\n'
                          for i in range(N - 1)))
    data = ["--data", str(root)]
    return [["validate", str(root)], ["cases", str(root)],
            ["requirements", "role:goal", *data], ["routes", "role:start", "role:goal", *data],
            ["gap", "--profile", str(me), "--target", "role:goal", *data],
            ["status", "--profile", str(me), "--target", "role:goal", *data]]
