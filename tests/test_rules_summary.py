"""``Status.summary()``: the answer first, then one line per item, records named by title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from _catalogues import catalogue, qual, role
from hypothesis import given
from hypothesis import strategies as st

import sendpath
from sendpath.io.profile import load_profile
from sendpath.model import (
    AllOf,
    AnyOf,
    AtLeast,
    Holding,
    Profile,
    Ref,
    RoleSpell,
    Study,
)
from sendpath.render import wrap
from sendpath.rules import REASON_CODES, evaluate
from sendpath.rules._summary import NOT_COUNTING

D = dt.date
ON = D(2026, 9, 1)
PROFILES = Path(__file__).parent / "golden" / "profiles"
TEACHER = RoleSpell(id="role:teacher", since=D(2019, 9, 1))
QTS = Holding(id="qual:qts", awarded=D(2019, 7, 1))
INDUCTION = Holding(id="qual:induction", completed=D(2021, 7, 20))
NPQ = ("National Professional Qualification for Special Educational Needs Co-ordinators "
       "(NPQ for SENCOs)")


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load_default()


def summary(cat: sendpath.Catalogue, profile: Profile, target: str = "senco",
            on: dt.date = ON) -> list[str]:
    return evaluate(cat, profile, target, on=on).summary().splitlines()


def test_the_readme_profile(cat: sendpath.Catalogue) -> None:
    me = Profile(roles=(TEACHER, RoleSpell(id="role:senco", since=D(2025, 1, 6))),
                 holds=(QTS, INDUCTION),
                 studying=(Study(id="qual:npq-senco", started=D(2025, 2, 1)),))
    lines = summary(cat, me)
    assert lines[:7] == [
        "Special educational needs co-ordinator (SENCO), as of 2026-09-01: due by 2028-01-06 "
        "(not yet met; the day itself is in time)",
        "Met:",
        "  holds Qualified teacher status (QTS): awarded 2019-07-01",
        "  holds Statutory induction, or marked not required: completed 2021-07-20",
        "  is in role Teacher (qualified, induction completed): since 2019-09-01",
        "To do:",
        f"  [due by 2028-01-06] holds {NPQ}, started on or after 2024-09-01: not held; "
        "studying since 2025-02-01",
    ]
    assert lines[7].startswith("Sources (2 of ")
    assert lines[7].endswith("The Special Educational Needs and Disability (Amendment) "
                             "Regulations 2024 (SI 2024/535), regulation 2")
    assert lines[8].startswith("(--explain for the reasons, the ")
    assert lines[9:] == ["sendpath's rules are a model of the law for planning, not legal "
                         "advice."]


def test_an_exemption_that_applies_is_what_is_met(cat: sendpath.Catalogue) -> None:
    me = Profile(roles=(TEACHER, RoleSpell(id="role:senco", since=D(2008, 3, 1))),
                 holds=(QTS, INDUCTION))
    lines = summary(cat, me)
    assert lines[0].endswith(": met")
    assert "  appointed on or before 2009-09-01: appointed 2008-03-01" in lines
    assert "To do:" not in lines


def test_a_role_not_held_lists_its_duty_for_information(cat: sendpath.Catalogue) -> None:
    lines = summary(cat, Profile(roles=(TEACHER,), holds=(QTS, INDUCTION)))
    assert lines[0].endswith(": met")
    start = lines.index("For information:")
    assert lines[start + 1].startswith("  [if so: due by 2029-09-01] obligation: within 3 years")
    assert lines[start + 1].endswith("it does not bind until the profile holds Special "
                                     "educational needs co-ordinator (SENCO)")
    assert lines[start + 2].startswith(f"    [due by 2029-09-01] holds {NPQ}")


def test_what_no_longer_counts_is_listed_once(cat: sendpath.Catalogue) -> None:
    me = Profile(roles=(TEACHER, RoleSpell(id="role:senco", since=D(2025, 1, 6))),
                 holds=(Holding(id="qual:qtls", awarded=D(2019, 7, 1)),
                        Holding(id="qual:etf-membership", awarded=D(2019, 7, 1),
                                until=D(2026, 8, 31))))
    lines = summary(cat, me)
    start = lines.index("Does not count:")
    assert lines[start + 1] == ("  holds Professional membership of the Education and Training "
                                "Foundation (SET): lapsed: held until 2026-08-31")
    assert sum("lapsed" in line for line in lines) == 1  # in two branches, listed once
    assert "  holds Qualified teacher learning and skills (QTLS): awarded 2019-07-01" in lines


def test_nobody_is_shown_each_way_to_eligibility(cat: sendpath.Catalogue) -> None:
    lines = summary(cat, Profile())
    assert lines[0].endswith(": not met")
    to_do = lines[lines.index("To do:") + 1:lines.index("For information:")]
    assert to_do[:3] == ["  one of:", "    all of:",
                         "      [not met] holds Qualified teacher (QTS, or QTLS with "
                         "professional membership)"]
    assert to_do[-1] == ("    [not met] is in role Head teacher (or acting head teacher): not "
                         "on 2026-09-01")


@pytest.mark.parametrize(("profile", "target", "on"), [
    ("senco-npq", "senco", D(2028, 1, 7)), ("qtls", "senco", D(2027, 9, 1)),
    ("qtls", "qualified-teacher", D(2027, 8, 31)), ("head", "senco", ON),
    ("qtvi", "qtvi", D(2027, 9, 1)), ("ta", "hlta", ON), ("ta", "npq-senco", ON),
    ("ta", "qtls", ON), ("ta", "senco", ON),
])
def test_records_are_named_by_title(cat: sendpath.Catalogue, profile: str, target: str,
                                    on: dt.date) -> None:
    me = load_profile(PROFILES / f"{profile}.toml", catalogue=cat)
    result = evaluate(cat, me, target, on=on)
    text = result.summary()
    assert text.startswith(f"{result.title}, as of {on.isoformat()}")
    for mark in ("role:", "qual:", "activity:", "area:", "source:", "gate:", "#", "{"):
        assert mark not in text, mark
    assert result.explain() != text


# -- choices, on a tiny catalogue ----------------------------------------------------------------


def _tiny(requires: AllOf | AnyOf | AtLeast) -> sendpath.Catalogue:
    return catalogue([qual("a"), qual("b"), qual("c"), qual("d"), role("goal", requires=requires)])


def _to_do(cat: sendpath.Catalogue, *held: str) -> list[str]:
    me = Profile(holds=tuple(Holding(id=f"qual:{h}", awarded=D(2020, 1, 1)) for h in held))
    lines = evaluate(cat, me, "role:goal", on=ON).summary().splitlines()
    start = lines.index("To do:") + 1
    return lines[start:next(i for i, line in enumerate(lines) if line.startswith("Sources"))]


def test_at_least_counts_what_is_held() -> None:
    cat = _tiny(AtLeast(n=2, of=(Ref(id="qual:a"), Ref(id="qual:b"), Ref(id="qual:c"))))
    assert _to_do(cat) == ["  at least 2 of:", "    [not met] holds A: not held",
                           "    [not met] holds B: not held", "    [not met] holds C: not held"]
    assert _to_do(cat, "a") == ["  one of:", "    [not met] holds B: not held",
                                "    [not met] holds C: not held"]


def test_an_alternative_of_several_steps_is_grouped() -> None:
    cat = _tiny(AnyOf(items=(AllOf(items=(Ref(id="qual:a"), Ref(id="qual:b"))),
                             Ref(id="qual:c"))))
    assert _to_do(cat) == ["  one of:", "    all of:", "      [not met] holds A: not held",
                           "      [not met] holds B: not held", "    [not met] holds C: not held"]
    # what is held of an alternative is progress, shown as met; the rest is still to do
    assert _to_do(cat, "a") == ["  one of:", "    [not met] holds B: not held",
                                "    [not met] holds C: not held"]


def test_every_step_of_all_of_is_to_do() -> None:
    cat = _tiny(AllOf(items=(Ref(id="qual:a"), Ref(id="qual:b"), Ref(id="qual:d"))))
    assert _to_do(cat, "b") == ["  [not met] holds A: not held", "  [not met] holds D: not held"]


def test_the_not_counting_codes_are_reason_codes() -> None:
    assert set(NOT_COUNTING) <= set(REASON_CODES)


# -- wrapping --------------------------------------------------------------------------------------


def test_wrap_keeps_short_lines_and_hangs_long_ones() -> None:
    assert wrap(["a  b", "", "  x"], 10) == ["a  b", "", "  x"]
    assert wrap(["  one two three four"], 12) == ["  one two", "      three", "      four"]


@given(st.lists(st.text(alphabet="ab -", max_size=120).map(lambda t: " " * (len(t) % 5) + t),
                max_size=5), st.integers(min_value=8, max_value=100))
def test_wrap_never_runs_past_the_width_and_keeps_every_word(lines: list[str],
                                                             width: int) -> None:
    out = wrap(lines, width)
    assert all(len(line) <= width for line in out)
    assert "".join("".join(out).split()) == "".join("".join(lines).split())
