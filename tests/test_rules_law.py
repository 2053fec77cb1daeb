"""The law as worded: calendar months, conferred statuses, lapses, bounds, wordings in force.

Each rule is tested at its edges day by day: the day before, the day itself and the day after.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _catalogues import catalogue, qual, role
from hypothesis import given
from hypothesis import strategies as st

import sendpath
from sendpath._dates import add_months, more_than_months
from sendpath.model import (
    AllOf,
    AnyOf,
    AtLeast,
    Holding,
    Holds,
    InForce,
    Obligation,
    Period,
    Profile,
    Ref,
    RoleSpell,
    wording_on,
)
from sendpath.rules import REASON_CODES, check, evaluate

D = dt.date
ONE = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load_default()


# --- "more than twelve months": calendar months ---------------------------------------------


@pytest.mark.parametrize(("end", "more"), [
    (D(2024, 8, 30), False), (D(2024, 8, 31), False),  # exactly twelve months, 366 days
    (D(2024, 9, 1), True), (D(2024, 9, 2), True),
])
def test_one_spell_counts_by_the_corresponding_date(end: dt.date, more: bool) -> None:
    assert more_than_months([(D(2023, 9, 1), end)], 12) is more


@pytest.mark.parametrize(("end", "more"), [
    (D(2025, 2, 26), False), (D(2025, 2, 27), False),
    (D(2025, 2, 28), None), (D(2025, 3, 1), None),  # no 29 February in 2025: unsettled
    (D(2025, 3, 2), True), (D(2025, 3, 3), True),
])
def test_a_spell_from_29_february_has_no_corresponding_date(end: dt.date,
                                                             more: bool | None) -> None:
    assert more_than_months([(D(2024, 2, 29), end)], 12) is more


@pytest.mark.parametrize(("end", "more"), [
    (D(2025, 2, 27), False), (D(2025, 2, 28), None), (D(2025, 3, 1), None), (D(2025, 3, 2), True),
])
def test_a_spell_from_the_31st_one_month_on(end: dt.date, more: bool | None) -> None:
    assert more_than_months([(D(2025, 1, 31), end)], 1) is more


@pytest.mark.parametrize(("days", "more"), [(364, False), (365, False), (366, None),
                                            (367, True), (368, True)])
def test_separate_spells_count_days(days: int, more: bool | None) -> None:
    first = (D(2019, 1, 1), D(2019, 1, 10))  # 10 days
    start = D(2021, 3, 1)
    second = (start, start + dt.timedelta(days=days - 10 - 1))
    assert more_than_months([first, second], 12) is more


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))


@given(start=dates, months=st.integers(1, 36), length=st.integers(0, 1200))
def test_one_spell_is_monotone_and_exact_where_the_day_exists(start: dt.date, months: int,
                                                               length: int) -> None:
    end = start + dt.timedelta(days=length)
    now, later = more_than_months([(start, end)], months), more_than_months([(start, end + ONE)],
                                                                           months)
    order = {False: 0, None: 1, True: 2}
    assert order[now] <= order[later]  # never back from more to not more
    if start.day <= 28:
        assert now is (end >= add_months(start, months))


@given(spells=st.lists(st.tuples(dates, st.integers(0, 200)), min_size=2, max_size=5,
                       unique_by=lambda s: s[0].year))
def test_separate_spells_agree_with_a_day_count(spells: list[tuple[dt.date, int]]) -> None:
    periods = sorted((s, s + dt.timedelta(days=n)) for s, n in spells)
    merged = [periods[0]]
    for s, e in periods[1:]:  # the caller's job: no overlapping or touching spells
        if s <= merged[-1][1] + ONE:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    if len(merged) < 2:
        return
    days = sum((e - s).days + 1 for s, e in merged)
    expected = False if days <= 365 else None if days == 366 else True
    assert more_than_months(merged, 12) is expected


# --- QTLS: a conferred status that lapses with membership -----------------------------------


def _qtls(until: dt.date | None) -> Profile:
    return Profile(holds=(Holding(id="qual:qtls", awarded=D(2019, 7, 1)),
                          Holding(id="qual:etf-membership", awarded=D(2019, 7, 1), until=until)))


@pytest.mark.parametrize(("on", "state"), [
    (D(2019, 6, 30), "not_met"), (D(2019, 7, 1), "met"),
    (D(2027, 8, 30), "met"), (D(2027, 8, 31), "met"), (D(2027, 9, 1), "not_met"),
])
def test_qualified_teacher_through_qtls_day_by_day(cat: sendpath.Catalogue, on: dt.date,
                                                   state: str) -> None:
    result = evaluate(cat, _qtls(D(2027, 8, 31)), "qual:qualified-teacher", on=on)
    assert result.state == state
    assert ("conferred" in result.codes) is (state == "met")
    if on > D(2027, 8, 31):
        assert "lapsed" in result.codes


def test_qts_alone_makes_a_qualified_teacher(cat: sendpath.Catalogue) -> None:
    me = Profile(holds=(Holding(id="qual:qts", awarded=D(2019, 7, 1)),))
    assert evaluate(cat, me, "qual:qualified-teacher", on=D(2026, 9, 1)).state == "met"
    assert evaluate(cat, me, "qual:induction-exemption-qtls", on=D(2026, 9, 1)).state == "not_met"


def test_a_conferred_status_listed_in_a_profile_counts_for_nothing(
        cat: sendpath.Catalogue) -> None:
    me = Profile(holds=(Holding(id="qual:qualified-teacher", awarded=D(2019, 7, 1)),))
    assert evaluate(cat, me, "qual:qualified-teacher", on=D(2026, 9, 1)).state == "not_met"


def test_the_induction_exemption_lapses_with_membership(cat: sendpath.Catalogue) -> None:
    me = Profile(roles=(RoleSpell(id="role:teacher", since=D(2019, 9, 1)),
                        RoleSpell(id="role:senco", since=D(2025, 1, 6))),
                 holds=(*_qtls(D(2026, 8, 31)).holds, Holding(id="qual:qts",
                                                              awarded=D(2026, 7, 1))))
    # QTS from July 2026 keeps them a qualified teacher, but induction was never served.
    result = evaluate(cat, me, "role:senco", on=D(2026, 9, 1))
    assert result.state == "not_met"
    assert "lapsed" in result.codes
    assert evaluate(cat, me, "role:senco", on=D(2026, 8, 31)).state == "due"


def test_a_holding_may_not_end_before_its_award() -> None:
    with pytest.raises(sendpath.DataError, match="before awarded"):
        Holding(id="qual:etf-membership", awarded=D(2019, 7, 1), until=D(2019, 6, 30))


# --- missing dates are bounded by the known ones --------------------------------------------


def _nasenco(**dates: dt.date) -> Profile:
    return Profile(holds=(Holding(id="qual:nasenco", **dates),))


CUT = D(2024, 9, 1)
NODE = Holds(holds="qual:nasenco", started_before=CUT, completed_before=D(2027, 9, 1))


@pytest.mark.parametrize(("dates", "state", "code"), [
    ({"completed": CUT - ONE}, "met", "held"),           # completed 31 Aug: started before it
    ({"completed": CUT}, "indeterminate", "missing-date"),  # completed 1 Sep: start unknown
    ({"awarded": CUT - ONE}, "met", "held"),
    ({"awarded": CUT}, "indeterminate", "missing-date"),
    ({"started": CUT - ONE}, "not_met", "not-held"),  # under way: not held
    ({"started": CUT - ONE, "awarded": D(2028, 1, 1)}, "indeterminate", "missing-date"),
    ({"started": D(2027, 9, 1), "awarded": D(2028, 1, 1)}, "not_met", "started-too-late"),
])
def test_a_missing_start_or_completion_is_bounded(dates: dict[str, dt.date], state: str,
                                                  code: str) -> None:
    result = check(NODE, _nasenco(**dates), on=D(2028, 6, 1))
    assert (result.state, result.code) == (state, code)


@pytest.mark.parametrize(("completed", "state"), [
    (D(2024, 8, 31), "not_met"), (D(2024, 9, 1), "indeterminate"),
])
def test_started_on_or_after_with_the_start_missing(completed: dt.date, state: str) -> None:
    node = Holds(holds="qual:npq-senco", started_on_or_after=CUT)
    me = Profile(holds=(Holding(id="qual:npq-senco", completed=completed),))
    result = check(node, me, on=D(2026, 9, 1))
    assert result.state == state
    assert result.code == ("started-too-early" if state == "not_met" else "missing-date")


def test_a_course_under_way_is_never_said_to_be_too_late_to_start(
        cat: sendpath.Catalogue) -> None:
    me = Profile(roles=(RoleSpell(id="role:headteacher", since=D(2020, 9, 1)),
                        RoleSpell(id="role:senco", since=D(2023, 1, 5))),
                 holds=(Holding(id="qual:nasenco", started=D(2024, 3, 1),
                                completed=D(2025, 6, 30)),))
    result = evaluate(cat, me, "role:senco", on=D(2024, 12, 2))
    assert result.state == "due"
    text = result.explain()
    assert "can no longer be started" not in text
    assert "studying since 2024-03-01" in text


# --- wordings in force ----------------------------------------------------------------------


OLD = InForce(until=D(2024, 8, 31))
NEW = InForce(from_=D(2024, 9, 1))


def test_wording_on_drops_what_is_not_in_force() -> None:
    a = Holds(holds="qual:a", in_force=OLD)
    b = Holds(holds="qual:b", in_force=NEW)
    tree = AllOf(items=(Ref(id="qual:c"), AnyOf(items=(a, b))))
    assert wording_on(tree, D(2024, 8, 31)) == AllOf(items=(Ref(id="qual:c"), AnyOf(items=(a,))))
    assert wording_on(tree, D(2024, 9, 1)) == AllOf(items=(Ref(id="qual:c"), AnyOf(items=(b,))))
    assert wording_on(AnyOf(items=(a,), in_force=NEW), D(2030, 1, 1)) is None
    assert wording_on(AnyOf(items=(a,)), D(2030, 1, 1)) is None  # nothing left of it
    capped = wording_on(AtLeast(n=2, of=(a, b, Ref(id="qual:c"))), D(2030, 1, 1))
    assert capped == AtLeast(n=2, of=(b, Ref(id="qual:c")))
    assert wording_on(AtLeast(n=2, of=(a, b)), D(2030, 1, 1)) == AtLeast(n=1, of=(b,))


def test_in_force_both_ends_are_inclusive() -> None:
    wording = InForce(from_=D(2014, 9, 1), until=D(2024, 8, 31))
    assert [wording.covers(d) for d in (D(2014, 8, 31), D(2014, 9, 1), D(2024, 8, 31),
                                        D(2024, 9, 1))] == [False, True, True, False]
    with pytest.raises(sendpath.DataError, match="before from"):
        InForce(from_=D(2024, 9, 1), until=D(2024, 8, 31))


def _law_catalogue() -> sendpath.Catalogue:
    """A duty whose wording changed on 1 Sep 2024, and a role abolished on 31 Aug 2021."""
    return catalogue([
        qual("old"), qual("new"),
        role("post", obligations=(
            Obligation(anchor="appointed", due=Period(years=1), requires=Ref(id="qual:new"),
                       in_force=NEW),
            Obligation(anchor="appointed", due=Period(years=1), requires=Ref(id="qual:old"),
                       in_force=InForce(from_=D(2014, 9, 1), until=D(2024, 8, 31))),
        )),
        role("gone", in_force=InForce(until=D(2021, 8, 31))),
    ])


@pytest.mark.parametrize(("rules", "state", "code"), [
    (D(2014, 8, 31), "indeterminate", "not-in-force"),
    (D(2014, 9, 1), "met", "held"),
    (D(2024, 8, 31), "met", "held"),
    (D(2024, 9, 1), "due", "not-held"),
    (None, "due", "not-held"),  # the current wording
])
def test_rules_as_of_picks_the_wording_in_force(rules: dt.date | None, state: str,
                                                code: str) -> None:
    me = Profile(roles=(RoleSpell(id="role:post", since=D(2026, 1, 5)),),
                 holds=(Holding(id="qual:old", awarded=D(2020, 1, 1)),))
    result = evaluate(_law_catalogue(), me, "role:post", on=D(2026, 9, 1), rules_as_of=rules)
    assert (result.state, result.rules_as_of) == (state, rules)
    assert code in result.codes
    assert ("rules_as_of" in result.to_dict()) is (rules is not None)


def test_a_record_not_in_force_on_the_rules_date_is_not_in_force() -> None:
    cat = _law_catalogue()
    me = Profile(roles=(RoleSpell(id="role:gone", since=D(2019, 9, 1)),))
    assert evaluate(cat, me, "role:gone", on=D(2020, 1, 1),
                    rules_as_of=D(2021, 8, 31)).state == "met"
    late = evaluate(cat, me, "role:gone", on=D(2020, 1, 1), rules_as_of=D(2021, 9, 1))
    assert (late.state, late.codes) == ("indeterminate", ("not-in-force",))


def test_the_two_senco_wordings(cat: sendpath.Catalogue) -> None:
    me = Profile(roles=(RoleSpell(id="role:headteacher", since=D(2020, 9, 1)),
                        RoleSpell(id="role:senco", since=D(2024, 1, 8))),
                 holds=(Holding(id="qual:nasenco", started=D(2024, 10, 1),
                                completed=D(2025, 7, 1)),))
    before = evaluate(cat, me, "senco", on=D(2026, 9, 1), rules_as_of=D(2024, 8, 31))
    after = evaluate(cat, me, "senco", on=D(2026, 9, 1), rules_as_of=D(2024, 9, 1))
    assert before.state == "met"
    assert (after.state, after.due) == ("due", D(2027, 1, 8))
    assert "started-too-late" in after.codes
    assert "As of 2026-09-01 (rules as in force on 2024-09-01)" in after.explain()


# --- reason codes ---------------------------------------------------------------------------


def test_the_rules_page_lists_the_reason_codes() -> None:
    from pathlib import Path
    docs = (Path(__file__).parent.parent / "docs" / "rules.rst").read_text()
    assert ".. sendpath-reason-codes::" in docs  # the table is made from REASON_CODES


def test_the_json_of_a_status_lists_its_codes_with_their_meanings(
        cat: sendpath.Catalogue) -> None:
    d = evaluate(cat, Profile(), "senco", on=D(2026, 9, 1)).to_dict()
    assert d["codes"]["not-held"] == REASON_CODES["not-held"]
    assert set(d["codes"]) == _codes(d["reasons"])


def _codes(reasons: list[dict[str, object]]) -> set[str]:
    out: set[str] = set()
    for r in reasons:
        out.add(str(r["code"]))
        out |= _codes(r["children"])  # type: ignore[arg-type]
    return out
