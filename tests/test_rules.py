"""The rules engine beyond the SENCO: each node type, date edges, anchors and combination."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import sendpath
from sendpath.errors import UnknownIdError
from sendpath.model import (
    ActivityRecord,
    AllOf,
    AnyOf,
    AtLeast,
    Experience,
    ExperiencePeriod,
    Holding,
    Holds,
    InRole,
    MinCredits,
    MinHours,
    Profile,
    Ref,
    RoleSpell,
    ServicePeriod,
    Study,
    TeachingPeriod,
)
from sendpath.rules import (
    JSON_FORMAT,
    Verdict,
    add_months,
    check,
    combine_all,
    combine_any,
    combine_at_least,
    evaluate,
    whole_months,
)

D = dt.date
PACKAGE = Path(__file__).parent / "data" / "rules" / "package"


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load(PACKAGE)


def held(ref: str, awarded: dt.date) -> Holding:
    return Holding(id=ref, awarded=awarded)


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2025, 1, 6), 36, D(2028, 1, 6)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
])
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("start", "end", "months"), [
    (D(2018, 9, 1), D(2019, 8, 31), 12),
    (D(2018, 9, 1), D(2019, 8, 30), 11),
    (D(2018, 9, 1), D(2018, 9, 30), 1),
    (D(2018, 9, 1), D(2018, 9, 29), 0),
    (D(2019, 1, 31), D(2019, 2, 27), 1),
    (D(2020, 1, 1), D(2020, 1, 1), 0),
])
def test_whole_months(start: dt.date, end: dt.date, months: int) -> None:
    assert whole_months(start, end) == months


# -- combination -------------------------------------------------------------------------------

MET = Verdict("met")
NOT = Verdict("not_met")
UNK = Verdict("indeterminate")


def due(day: int) -> Verdict:
    return Verdict("due", D(2028, 1, day))


def late(day: int) -> Verdict:
    return Verdict("overdue", D(2020, 1, day))


@pytest.mark.parametrize(("items", "expected"), [
    ([MET, MET], MET),
    ([MET, due(6), due(3)], due(3)),
    ([due(6), UNK], UNK),
    ([UNK, late(5)], late(5)),
    ([late(5), late(2)], late(2)),
    ([late(5), NOT], NOT),
    ([], MET),
])
def test_combine_all(items: list[Verdict], expected: Verdict) -> None:
    assert combine_all(items) == expected


@pytest.mark.parametrize(("items", "expected"), [
    ([NOT, MET], MET),
    ([MET, UNK], MET),
    ([due(6), UNK], UNK),
    ([due(6), due(3), late(9)], due(6)),
    ([late(5), late(2), NOT], late(5)),
    ([NOT, NOT], NOT),
    ([], NOT),
])
def test_combine_any(items: list[Verdict], expected: Verdict) -> None:
    assert combine_any(items) == expected


@pytest.mark.parametrize(("n", "items", "expected"), [
    (2, [MET, MET, NOT], MET),
    (2, [MET, NOT, NOT], NOT),
    (2, [MET, UNK, NOT], UNK),
    (2, [MET, due(3), due(6)], due(6)),
    (3, [MET, due(3), due(6)], due(3)),
    (2, [due(3), due(6), UNK], UNK),
    (2, [MET, late(2), late(5)], late(5)),
    (3, [due(6), late(2), late(5)], late(2)),
])
def test_combine_at_least(n: int, items: list[Verdict], expected: Verdict) -> None:
    assert combine_at_least(n, items) == expected


def test_at_least_in_a_tree(cat: sendpath.Catalogue) -> None:
    tree = AtLeast(n=2, of=(Ref(id="qual:qts"), Ref(id="qual:first-aid"),
                            Ref(id="qual:pgcert")))
    one = Profile(holds=(held("qual:qts", D(2019, 7, 1)),))
    two = Profile(holds=(*one.holds, held("qual:pgcert", D(2021, 7, 1))))
    assert check(tree, one, on=D(2026, 9, 1), catalogue=cat).state == "not_met"
    reason = check(tree, two, on=D(2026, 9, 1), catalogue=cat)
    assert reason.state == "met"
    assert [c.state for c in reason.children] == ["met", "not_met", "met"]
    assert reason.text == "at least 2 of"


def test_kleene_tree_with_an_unknown_branch(cat: sendpath.Catalogue) -> None:
    # first aid with no award date: its validity is unknown
    profile = Profile(holds=(Holding(id="qual:first-aid"),))
    unknown = Ref(id="qual:first-aid")
    assert check(unknown, profile, on=D(2026, 9, 1), catalogue=cat).state == "indeterminate"
    assert check(AnyOf(items=(unknown, Ref(id="qual:qts"))), profile, on=D(2026, 9, 1),
                 catalogue=cat).state == "indeterminate"
    assert check(AllOf(items=(unknown, Ref(id="qual:qts"))), profile, on=D(2026, 9, 1),
                 catalogue=cat).state == "not_met"
    with_qts = Profile(holds=(*profile.holds, held("qual:qts", D(2019, 7, 1))))
    assert check(AnyOf(items=(unknown, Ref(id="qual:qts"))), with_qts, on=D(2026, 9, 1),
                 catalogue=cat).state == "met"
    assert check(AllOf(items=(unknown, Ref(id="qual:qts"))), with_qts, on=D(2026, 9, 1),
                 catalogue=cat).state == "indeterminate"


def test_eligibility_reading_is_never_due() -> None:
    profile = Profile(studying=(Study(id="qual:npq-senco", started=D(2025, 2, 1)),))
    reason = check(Ref(id="qual:npq-senco"), profile, on=D(2026, 9, 1))
    assert reason.state == "not_met"
    assert "studying since 2025-02-01" in reason.text


# -- holdings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "state"), [
    (D(2024, 1, 14), "not_met"),  # the day before the award
    (D(2024, 1, 15), "met"),  # the award day
    (D(2027, 1, 14), "met"),  # the last valid day
    (D(2027, 1, 15), "not_met"),  # lapsed 36 months after award
    (D(2027, 1, 16), "not_met"),
])
def test_valid_for_months_from_the_catalogue(cat: sendpath.Catalogue, on: dt.date,
                                             state: str) -> None:
    profile = Profile(holds=(held("qual:first-aid", D(2024, 1, 15)),))
    reason = check(Ref(id="qual:first-aid"), profile, on=on, catalogue=cat)
    assert reason.state == state
    if on >= D(2027, 1, 15):
        assert "lapsed on 2027-01-15" in reason.text


@pytest.mark.parametrize(("on", "state"), [
    (D(2025, 2, 27), "met"),
    (D(2025, 2, 28), "not_met"),  # 12 months after 29 Feb 2024 is 28 Feb 2025
    (D(2025, 3, 1), "not_met"),
])
def test_valid_for_months_on_the_node_from_a_leap_day(on: dt.date, state: str) -> None:
    profile = Profile(holds=(Holding(id="qual:x", completed=D(2024, 2, 29)),))
    node = Holds(holds="qual:x", valid_for_months=12)
    assert check(node, profile, on=on).state == state


def test_renewal_meets_a_lapsed_requirement(cat: sendpath.Catalogue) -> None:
    profile = Profile(holds=(held("qual:first-aid", D(2020, 1, 15)),
                             held("qual:first-aid", D(2025, 6, 1))))
    assert check(Ref(id="qual:first-aid"), profile, on=D(2026, 9, 1), catalogue=cat).state == "met"


def test_unless_not_required() -> None:
    node = Holds(holds="qual:induction", unless_not_required=True)
    exempt = Profile(holds=(Holding(id="qual:induction", not_required=True),))
    assert check(node, exempt, on=D(2026, 9, 1)).state == "met"
    assert check(Ref(id="qual:induction"), exempt, on=D(2026, 9, 1)).state == "not_met"


def test_started_only_holding_is_in_progress() -> None:
    profile = Profile(holds=(Holding(id="qual:x", started=D(2025, 9, 1)),))
    reason = check(Ref(id="qual:x"), profile, on=D(2026, 9, 1))
    assert reason.state == "not_met"
    assert "studying since 2025-09-01" in reason.text


def test_completed_before_accepts_an_earlier_award_without_completion_date() -> None:
    node = Holds(holds="qual:x", completed_before=D(2027, 9, 1))
    early = Profile(holds=(Holding(id="qual:x", awarded=D(2026, 1, 1)),))
    late_award = Profile(holds=(Holding(id="qual:x", awarded=D(2027, 10, 1)),))
    assert check(node, early, on=D(2028, 1, 1)).state == "met"
    assert check(node, late_award, on=D(2028, 1, 1)).state == "indeterminate"


def test_roles_current_on_the_date() -> None:
    profile = Profile(roles=(RoleSpell(id="role:teacher", since=D(2019, 9, 1),
                                       until=D(2026, 8, 31)),))
    assert check(InRole(in_role="role:teacher"), profile, on=D(2026, 8, 31)).state == "met"
    assert check(InRole(in_role="role:teacher"), profile, on=D(2026, 9, 1)).state == "not_met"
    assert check(Ref(id="role:teacher"), profile, on=D(2019, 8, 31)).state == "not_met"


# -- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "state", "counted"), [
    (D(2025, 3, 13), "not_met", "3"),  # the workshop is not done yet
    (D(2025, 3, 14), "met", "13"),
    (D(2026, 11, 11), "met", "13"),  # the last day both count
    (D(2026, 11, 12), "not_met", "10"),  # the awareness course left the 24-month window
    (D(2027, 3, 13), "not_met", "10"),
    (D(2027, 3, 14), "not_met", "0"),
])
def test_min_hours_within_a_window(cat: sendpath.Catalogue, on: dt.date, state: str,
                                   counted: str) -> None:
    node = MinHours(n=12, of=("activity:awareness", "activity:workshop"), within_months=24)
    profile = Profile(
        holds=(Holding(id="activity:awareness", completed=D(2024, 11, 12)),),
        activities=(ActivityRecord(id="activity:workshop", hours=10, date=D(2025, 3, 14)),),
    )
    reason = check(node, profile, on=on, catalogue=cat)
    assert reason.state == state
    assert f": {counted} hours counted" in reason.text


def test_an_activity_logged_and_held_counts_once(cat: sendpath.Catalogue) -> None:
    node = MinHours(n=15, of=("activity:workshop",))
    profile = Profile(
        holds=(Holding(id="activity:workshop", completed=D(2025, 3, 14)),),
        activities=(ActivityRecord(id="activity:workshop", hours=10, date=D(2025, 3, 14)),),
    )
    reason = check(node, profile, on=D(2026, 9, 1), catalogue=cat)
    assert reason.state == "not_met"
    assert ": 10 hours counted" in reason.text


def test_min_hours_with_unknown_hours_is_indeterminate(cat: sendpath.Catalogue) -> None:
    node = MinHours(n=20, of=("qual:module", "activity:workshop"))
    profile = Profile(holds=(held("qual:module", D(2025, 1, 1)),
                             held("activity:workshop", D(2025, 1, 1))))
    assert check(node, profile, on=D(2026, 9, 1), catalogue=cat).state == "indeterminate"
    assert check(MinHours(n=20, of=("activity:workshop",)), profile, on=D(2026, 9, 1),
                 catalogue=cat).state == "not_met"


def test_min_credits(cat: sendpath.Catalogue) -> None:
    node = MinCredits(n=60, of=("qual:pgcert",), within_months=120)
    profile = Profile(holds=(held("qual:pgcert", D(2020, 7, 1)),))
    assert check(node, profile, on=D(2026, 9, 1), catalogue=cat).state == "met"
    assert check(node, profile, on=D(2030, 7, 1), catalogue=cat).state == "not_met"
    assert check(MinCredits(n=61, of=("qual:pgcert",)), profile, on=D(2026, 9, 1),
                 catalogue=cat).state == "not_met"


# -- experience --------------------------------------------------------------------------------


@pytest.mark.parametrize(("end", "state"), [
    (D(2019, 8, 30), "not_met"),  # 11 whole months
    (D(2019, 8, 31), "met"),  # 12
])
def test_experience_of_a_kind_in_whole_months(end: dt.date, state: str) -> None:
    node = Experience(kind="children-and-young-people", months=12)
    profile = Profile(experience=(ExperiencePeriod(kind="children-and-young-people",
                                                   start=D(2018, 9, 1), end=end),))
    assert check(node, profile, on=D(2026, 9, 1)).state == state


def test_experience_sums_periods_and_counts_no_day_twice() -> None:
    node = Experience(kind="teaching", months=12)
    first = ExperiencePeriod(kind="teaching", start=D(2018, 9, 1), end=D(2019, 2, 28))
    second = ExperiencePeriod(kind="teaching", start=D(2020, 9, 1), end=D(2021, 2, 28))
    assert check(node, Profile(experience=(first,)), on=D(2026, 9, 1)).state == "not_met"
    assert check(node, Profile(experience=(first, second)), on=D(2026, 9, 1)).state == "met"
    assert check(node, Profile(experience=(first, first)), on=D(2026, 9, 1)).state == "not_met"


def test_experience_in_a_role_uses_roles_and_service_up_to_the_date() -> None:
    node = Experience(role="role:teacher", months=24)
    profile = Profile(roles=(RoleSpell(id="role:teacher", since=D(2025, 9, 1)),),
                      service=(ServicePeriod(role="role:teacher", start=D(2023, 9, 1),
                                             end=D(2024, 8, 31)),))
    assert check(node, profile, on=D(2026, 8, 30)).state == "not_met"  # 12 + 11 months
    assert check(node, profile, on=D(2026, 8, 31)).state == "met"  # 12 + 12


def test_experience_in_hours() -> None:
    node = Experience(kind="children-and-young-people", hours=500)
    known = ExperiencePeriod(kind="children-and-young-people", start=D(2016, 9, 1),
                             end=D(2017, 8, 31), hours=400)
    unknown = ExperiencePeriod(kind="children-and-young-people", start=D(2018, 9, 1))
    more = ExperiencePeriod(kind="children-and-young-people", start=D(2019, 9, 1), hours=100)
    assert check(node, Profile(experience=(known,)), on=D(2026, 9, 1)).state == "not_met"
    assert check(node, Profile(experience=(known, unknown)),
                 on=D(2026, 9, 1)).state == "indeterminate"
    assert check(node, Profile(experience=(known, more)), on=D(2026, 9, 1)).state == "met"


# -- obligations and anchors -------------------------------------------------------------------


def qtvi(teaching: tuple[TeachingPeriod, ...], *, holds: tuple[Holding, ...] = ()) -> Profile:
    return Profile(
        roles=(RoleSpell(id="role:teacher", since=D(2019, 9, 1)),
               RoleSpell(id="role:qtvi", since=D(2026, 9, 1))),
        holds=(held("qual:qts", D(2019, 7, 1)), *holds),
        teaching=teaching,
    )


@pytest.mark.parametrize(("on", "state"), [
    (D(2029, 8, 31), "due"),
    (D(2029, 9, 1), "due"),
    (D(2029, 9, 2), "overdue"),
])
def test_teaches_class_anchor(cat: sendpath.Catalogue, on: dt.date, state: str) -> None:
    profile = qtvi((TeachingPeriod(need="area:vi", since=D(2026, 9, 1)),))
    result = evaluate(cat, profile, "role:qtvi", on=on)
    assert (result.state, result.due) == (state, D(2029, 9, 1))
    assert "first teaching a class of pupils with area:vi" in result.reasons[1].text


def test_teaches_class_anchor_is_the_first_such_class(cat: sendpath.Catalogue) -> None:
    profile = qtvi((TeachingPeriod(need="area:vi", since=D(2024, 1, 8), until=D(2024, 7, 19)),
                    TeachingPeriod(need="area:vi", since=D(2026, 9, 1))))
    result = evaluate(cat, profile, "role:qtvi", on=D(2026, 9, 1))
    assert (result.state, result.due) == ("due", D(2027, 1, 8))


def test_teaches_class_binds_only_while_teaching_such_a_class(cat: sendpath.Catalogue) -> None:
    profile = qtvi((TeachingPeriod(need="area:hi", since=D(2026, 9, 1)),))
    result = evaluate(cat, profile, "role:qtvi", on=D(2030, 1, 1))
    assert (result.state, result.due) == ("met", None)
    assert result.reasons[1].informative


def test_teaches_class_matches_an_area_within_the_need(cat: sendpath.Catalogue) -> None:
    # role:qtsi's obligation is for area:si; area:vi is within it; its period is 30 months
    profile = Profile(holds=(held("qual:qts", D(2019, 7, 1)),),
                      roles=(RoleSpell(id="role:qtsi", since=D(2026, 1, 5)),),
                      teaching=(TeachingPeriod(need="area:vi", since=D(2026, 9, 1)),))
    result = evaluate(cat, profile, "role:qtsi", on=D(2026, 9, 1))
    assert (result.state, result.due) == ("due", D(2029, 3, 1))
    met = Profile(holds=(*profile.holds, held("qual:mq-si", D(2028, 7, 1))),
                  roles=profile.roles, teaching=profile.teaching)
    assert evaluate(cat, met, "role:qtsi", on=D(2029, 9, 1)).state == "met"


@pytest.mark.parametrize(("appointed", "state", "due_on"), [
    (D(2026, 8, 31), "due", D(2027, 2, 28)),
    (D(2026, 9, 1), "due", D(2027, 3, 1)),
    (D(2026, 9, 2), "met", None),  # exempt: appointed strictly after 2026-09-01
])
def test_appointed_after_is_strictly_after(cat: sendpath.Catalogue, appointed: dt.date,
                                           state: str, due_on: dt.date | None) -> None:
    profile = Profile(roles=(RoleSpell(id="role:mentor", since=appointed),),
                      holds=(held("qual:qts", D(2019, 7, 1)),
                             held("qual:first-aid", D(2024, 6, 1))))
    # eligible (QTS and first aid, valid 36 months); the duty asks for first aid within
    # 24 months, which lapsed on 2026-06-01
    result = evaluate(cat, profile, "mentor", on=D(2026, 10, 1))
    assert result.reasons[0].state == "met"
    assert (result.state, result.due) == (state, due_on)


def test_mentor_eligibility_through_at_least_and_min_hours(cat: sendpath.Catalogue) -> None:
    profile = Profile(roles=(RoleSpell(id="role:mentor", since=D(2026, 9, 2)),),
                      holds=(held("qual:qts", D(2019, 7, 1)),),
                      activities=(ActivityRecord(id="activity:workshop", hours=10,
                                                 date=D(2026, 1, 1)),
                                  ActivityRecord(id="activity:awareness", hours=3,
                                                 date=D(2026, 2, 1))))
    assert evaluate(cat, profile, "mentor", on=D(2026, 10, 1)).state == "met"
    assert evaluate(cat, profile, "mentor", on=D(2028, 1, 1)).state == "not_met"


# -- targets and outputs -----------------------------------------------------------------------


def test_qualification_target(cat: sendpath.Catalogue) -> None:
    profile = Profile(holds=(held("qual:pgcert", D(2021, 7, 1)),))
    result = evaluate(cat, profile, "pgcert", on=D(2026, 9, 1))
    assert (result.target, result.state) == ("qual:pgcert", "met")
    prerequisites = result.reasons[1]
    assert prerequisites.informative
    assert prerequisites.state == "not_met"  # no QTS, which does not change the holding
    assert evaluate(cat, Profile(), "pgcert", on=D(2026, 9, 1)).state == "not_met"


def test_unconfirmed_travels_into_the_answer(cat: sendpath.Catalogue) -> None:
    result = evaluate(cat, Profile(), "qual:first-aid", on=D(2026, 9, 1))
    assert result.unconfirmed == ("qual:first-aid: hours: typical course length",)


def test_target_must_be_a_role_qualification_or_activity(cat: sendpath.Catalogue) -> None:
    with pytest.raises(UnknownIdError):
        evaluate(cat, Profile(), "area:vi", on=D(2026, 9, 1))
    with pytest.raises(UnknownIdError) as info:
        evaluate(cat, Profile(), "qtv", on=D(2026, 9, 1))
    assert "role:qtvi" in info.value.candidates


def test_on_defaults_to_today(cat: sendpath.Catalogue) -> None:
    assert evaluate(cat, Profile(), "role:teacher").as_of == dt.date.today()


def test_json_envelope(cat: sendpath.Catalogue) -> None:
    profile = qtvi((TeachingPeriod(need="area:vi", since=D(2026, 9, 1)),))
    result = evaluate(cat, profile, "qtvi", on=D(2027, 1, 1))
    data = json.loads(result.to_json())
    assert data == result.to_dict()
    assert data["format"] == JSON_FORMAT
    assert data["data_version"] == "test.1"
    assert data["sendpath_version"] == sendpath.__version__
    assert data["as_of"] == "2027-01-01"
    assert (data["state"], data["due"]) == ("due", "2029-09-01")
    assert data["target"] == {"id": "role:qtvi", "title": cat.roles["role:qtvi"].title}
    assert data["citations"][0] == {"source": "source:test", "locator": "r. 2",
                                    "title": "A made-up source for tests"}
    assert data["reasons"][1]["children"][0]["due"] == "2029-09-01"
    text = result.to_json()
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_explain_names_state_reasons_sources_and_the_caveat(cat: sendpath.Catalogue) -> None:
    profile = qtvi((TeachingPeriod(need="area:vi", since=D(2026, 9, 1)),))
    text = evaluate(cat, profile, "qtvi", on=D(2029, 9, 2)).explain()
    assert "As of 2029-09-02: overdue (it was due by 2029-09-01)" in text
    assert "[overdue since 2029-09-01] met by: holds qual:mq-vi" in text
    assert "[1] A made-up source for tests, r. 2 (source:test)" in text
    assert "not legal advice" in text
