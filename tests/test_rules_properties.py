"""Properties of the rules engine over random requirement trees and random profiles."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import random
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

import sendpath
from sendpath.catalogue import Catalogue, build
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
    MinHours,
    Obligation,
    Period,
    PriorServiceOver,
    Profile,
    Ref,
    Requirement,
    Role,
    RoleSpell,
    ServicePeriod,
    Study,
)
from sendpath.rules import (
    STATES,
    Verdict,
    check,
    combine_all,
    combine_any,
    combine_at_least,
    evaluate,
)

CAT = sendpath.load(Path(__file__).parent / "data" / "rules" / "package")
QUALS = ("qual:qts", "qual:first-aid", "qual:pgcert", "qual:module", "qual:mq-vi")
ACTIVITIES = ("activity:awareness", "activity:workshop")
ROLES = ("role:teacher", "role:qtvi", "role:mentor")
LOW, HIGH = dt.date(2005, 1, 1), dt.date(2035, 12, 31)

dates = st.dates(min_value=LOW, max_value=HIGH)
maybe_dates = st.none() | dates
verdicts = st.one_of(
    st.sampled_from([Verdict("met"), Verdict("not_met"), Verdict("indeterminate")]),
    st.builds(Verdict, st.sampled_from(["due", "overdue"]), dates),
)


@st.composite
def ordered(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    a, b = draw(dates), draw(dates)
    return (a, b) if a <= b else (b, a)


@st.composite
def holdings(draw: st.DrawFn) -> Holding:
    ref = draw(st.sampled_from(QUALS + ACTIVITIES))
    if draw(st.integers(0, 9)) == 0:
        return Holding(id=ref, not_required=True)
    started = draw(maybe_dates)
    after = st.dates(min_value=started or LOW, max_value=HIGH)
    return Holding(id=ref, started=started, awarded=draw(st.none() | after),
                   completed=draw(st.none() | after))


@st.composite
def spells(draw: st.DrawFn) -> RoleSpell:
    start, end = draw(ordered())
    return RoleSpell(id=draw(st.sampled_from(ROLES)), since=start,
                     until=draw(st.sampled_from([None, end])))


@st.composite
def services(draw: st.DrawFn) -> ServicePeriod:
    start, end = draw(ordered())
    return ServicePeriod(role=draw(st.sampled_from(ROLES)), start=start, end=end)


@st.composite
def experiences(draw: st.DrawFn) -> ExperiencePeriod:
    start, end = draw(ordered())
    return ExperiencePeriod(kind="teaching", start=start, end=draw(st.sampled_from([None, end])),
                            hours=draw(st.none() | st.integers(0, 2000)))


profiles = st.builds(
    Profile,
    roles=st.lists(spells(), max_size=3).map(tuple),
    holds=st.lists(holdings(), max_size=4).map(tuple),
    studying=st.lists(st.builds(Study, id=st.sampled_from(QUALS), started=dates),
                      max_size=2).map(tuple),
    service=st.lists(services(), max_size=2).map(tuple),
    experience=st.lists(experiences(), max_size=2).map(tuple),
    activities=st.lists(st.builds(ActivityRecord, id=st.sampled_from(ACTIVITIES),
                                  hours=st.integers(0, 20), date=dates), max_size=3).map(tuple),
)


@st.composite
def holds_nodes(draw: st.DrawFn) -> Holds:
    return Holds(holds=draw(st.sampled_from(QUALS + ACTIVITIES)),
                 started_before=draw(maybe_dates), started_on_or_after=draw(maybe_dates),
                 completed_before=draw(maybe_dates),
                 valid_for_months=draw(st.none() | st.integers(1, 60)),
                 unless_not_required=draw(st.booleans()))


leaves = st.one_of(
    st.builds(Ref, id=st.sampled_from(QUALS + ACTIVITIES + ROLES)),
    holds_nodes(),
    st.builds(InRole, in_role=st.sampled_from(ROLES)),
    st.builds(Experience, kind=st.just("teaching"), months=st.integers(1, 60)),
    st.builds(Experience, role=st.sampled_from(ROLES), months=st.integers(1, 60)),
    st.builds(Experience, kind=st.just("teaching"), hours=st.integers(1, 1000)),
    st.builds(MinHours, n=st.integers(1, 40), of=st.just((*ACTIVITIES, "qual:first-aid")),
              within_months=st.none() | st.integers(1, 48)),
)
# An exemption fact: rules.check evaluates it anywhere, records accept it in exempt trees only.
exemption = st.builds(PriorServiceOver, role=st.sampled_from(ROLES), months=st.integers(1, 24))


def _groups(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
    items = st.lists(children, unique=True, min_size=1, max_size=4).map(tuple)
    return st.one_of(
        items.map(lambda t: AllOf(items=t)),
        items.map(lambda t: AnyOf(items=t)),
        items.flatmap(lambda t: st.integers(1, len(t)).map(lambda n: AtLeast(n=n, of=t))),
    )


trees: st.SearchStrategy[Requirement] = st.recursive(st.one_of(leaves, exemption), _groups,
                                                     max_leaves=12)
record_trees: st.SearchStrategy[Requirement] = st.recursive(leaves, _groups, max_leaves=12)


# -- combination -------------------------------------------------------------------------------


@given(st.lists(verdicts, min_size=1, max_size=5), st.data())
def test_at_least_is_any_over_all_of_every_choice(items: list[Verdict], data: st.DataObject
                                                  ) -> None:
    n = data.draw(st.integers(1, len(items)))
    brute = combine_any(combine_all(c) for c in itertools.combinations(items, n))
    assert combine_at_least(n, items) == brute


@given(st.lists(verdicts, min_size=1, max_size=6), st.randoms())
def test_combination_ignores_order(items: list[Verdict], rnd: random.Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert combine_all(items) == combine_all(shuffled)
    assert combine_any(items) == combine_any(shuffled)
    assert combine_at_least(1, items) == combine_any(items)
    assert combine_at_least(len(items), items) == combine_all(items)


# -- trees over profiles -----------------------------------------------------------------------


@given(trees, profiles, dates)
def test_random_trees_are_well_formed_deterministic_and_pure(tree: Requirement, profile: Profile,
                                                            on: dt.date) -> None:
    tree_before, profile_before = copy.deepcopy(tree), copy.deepcopy(profile)
    first = check(tree, profile, on=on, catalogue=CAT)
    assert check(tree, profile, on=on, catalogue=CAT) == first
    assert (tree, profile) == (tree_before, profile_before)
    for reason in first.walk():
        assert reason.state in STATES
        # the eligibility reading is never due, so no date appears anywhere
        assert reason.state not in ("due", "overdue")
        assert reason.due is None


@given(trees, profiles, dates, st.data())
def test_adding_a_held_item_never_makes_met_worse(tree: Requirement, profile: Profile,
                                                  on: dt.date, data: st.DataObject) -> None:
    if check(tree, profile, on=on, catalogue=CAT).state != "met":
        return
    extra = Holding(id=data.draw(st.sampled_from(QUALS + ACTIVITIES)),
                    awarded=data.draw(st.dates(min_value=LOW, max_value=on)))
    more = attrs.evolve(profile, holds=(*profile.holds, extra))
    assert check(tree, more, on=on, catalogue=CAT).state == "met"


def _with_role(requires: Requirement, obligation: Requirement) -> tuple[Catalogue, str]:
    role = Role(id="role:random", title="A random role", sources=CAT.roles["role:teacher"].sources,
                requires=requires,
                obligations=(Obligation(anchor="appointed", due=Period(years=2),
                                        requires=obligation),))
    return build([role], extends=CAT), role.id


@given(record_trees, record_trees, profiles, dates, dates)
def test_random_roles_dates_and_monotonicity(requires: Requirement, duty: Requirement,
                                             profile: Profile, appointed: dt.date,
                                             on: dt.date) -> None:
    cat, target = _with_role(requires, duty)
    person = attrs.evolve(profile, roles=(*profile.roles,
                                          RoleSpell(id=target, since=min(appointed, on))))
    result = evaluate(cat, person, target, on=on)
    assert result == evaluate(cat, person, target, on=on)
    assert result.reasons[0].state not in ("due", "overdue")  # eligibility is never due
    if result.state == "due":
        assert result.due is not None
        assert on <= result.due
    elif result.state == "overdue":
        assert result.due is not None
        assert result.due < on
    else:
        assert result.due is None
    if result.state == "met":
        extra = Holding(id="qual:mq-vi", awarded=on)
        better = attrs.evolve(person, holds=(*person.holds, extra))
        assert evaluate(cat, better, target, on=on).state == "met"


@given(started=dates, months=st.integers(0, 48), before=maybe_dates, on_or_after=maybe_dates,
       completed_before=maybe_dates)
def test_a_planned_course_meets_date_conditions_exactly_when_the_held_row_would(
        started: dt.date, months: int, before: dt.date | None, on_or_after: dt.date | None,
        completed_before: dt.date | None) -> None:
    # The route search plans courses with rules.planned_fails; the status the plan leads to is
    # read by check(). The two must agree on every date, each boundary day included.
    from sendpath.rules import add_months, planned_fails

    completed = add_months(started, months)
    node = Holds(holds="qual:pgcert", started_before=before, started_on_or_after=on_or_after,
                 completed_before=completed_before)
    row = Profile(holds=(Holding(id="qual:pgcert", started=started, completed=completed),))
    held = check(node, row, on=completed).state
    fails = planned_fails(node, started, completed)
    assert (held == "met") == (not fails)
    expected = {key for key, ok in (
        ("started_before", before is None or started < before),
        ("started_on_or_after", on_or_after is None or started >= on_or_after),
        ("completed_before", completed_before is None or completed < completed_before)) if not ok}
    assert set(fails) == expected
