"""The term scheduler (``sendpath.query._schedule``) against brute force on small random plans."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.query._schedule import Option, Task, cost, solve

DAY0 = dt.date(2026, 9, 1)


def _day(term: int) -> dt.date:
    return DAY0 + dt.timedelta(days=120 * term)


def _options(length: int, load: float, starts: list[int]) -> tuple[Option, ...]:
    return tuple(Option(start=s, last=s + max(length - 1, 0),
                        ready=s if length == 0 else s + length,
                        begin=_day(s), end=_day(s + length), load=load)
                 for s in sorted(set(starts)))


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[Task], float]:
    n = draw(st.integers(1, 4))
    tasks: list[Task] = []
    for i in range(n):
        length = draw(st.integers(0, 3))
        load = 0.0 if length == 0 else float(draw(st.integers(0, 25)))
        starts = draw(st.lists(st.integers(0, 5), min_size=1, max_size=4))
        needs = tuple(sorted(draw(st.sets(st.integers(0, i - 1), max_size=2)))) if i else ()
        due = draw(st.none() | st.integers(1, 8).map(_day))
        due_after = None
        if i and draw(st.booleans()):
            due_after = (draw(st.integers(0, i - 1)), draw(st.integers(4, 30)))
        after = tuple(sorted(draw(st.sets(st.integers(0, n - 1).filter(lambda a, i=i: a != i),
                                          max_size=1))))
        tasks.append(Task(options=_options(length, load, starts), needs=needs,
                          over_ok=draw(st.booleans()), due=due, due_after=due_after,
                          after=after, required=draw(st.booleans())))
    return tasks, float(draw(st.integers(0, 40)))


def brute_force(tasks: list[Task], cap: float) -> tuple[float, ...]:
    """The least cost (first five parts) over every way to place or leave out each task."""
    best: tuple[float, ...] | None = None
    for choice in itertools.product(*[(None, *range(len(t.options))) for t in tasks]):
        try:
            c = cost(tasks, choice, cap)[:5]
        except ValueError:
            continue
        best = c if best is None or c < best else best
    assert best is not None  # leaving every task out is always a plan
    return best


@settings(max_examples=300)
@given(plans())
def test_solve_finds_the_least_cost_plan(plan: tuple[list[Task], float]) -> None:
    tasks, cap = plan
    found = solve(tasks, cap)
    assert found.exact
    assert found.cost == cost(tasks, found.choice, cap)  # a plan that keeps every rule
    assert found.cost[:5] == brute_force(tasks, cap)


def test_a_task_over_the_cap_waits_for_a_term_with_room() -> None:
    course = Task(options=_options(1, 20.0, [0, 1, 2]))
    other = Task(options=_options(1, 15.0, [0, 1, 2]))
    found = solve([course, other], cap=30.0)
    assert found.choice == (0, 1)
    assert found.cost[:4] == (0.0, 0.0, 0.0, 2.0)


def test_only_a_statutory_task_goes_over_the_cap() -> None:
    heavy = _options(2, 50.0, [0])
    assert solve([Task(options=heavy)], cap=30.0).choice == (None,)
    found = solve([Task(options=heavy, over_ok=True)], cap=30.0)
    assert found.choice == (0,)
    assert found.cost[2] == 40.0  # 20 hours over in each of two terms


def test_a_due_date_comes_before_fewer_terms() -> None:
    # A duty due by term 3's start: it must not wait for a long optional course first.
    optional = Task(options=_options(3, 20.0, [0, 3]))
    duty = Task(options=_options(2, 20.0, [0, 1, 2, 3]), due=_day(2))
    found = solve([optional, duty], cap=30.0)
    assert found.choice == (1, 0)
    assert found.cost[1] == 0.0


def test_a_due_date_after_a_role_moves_with_the_role() -> None:
    role = Task(options=_options(0, 0.0, [0, 1]))
    duty = Task(options=_options(2, 10.0, [0, 1, 2]), needs=(0,), due_after=(0, 8))
    found = solve([role, duty], cap=30.0)
    assert found.choice == (0, 0)
    assert not found.cost[1]


def test_the_budget_stops_the_search_and_says_so() -> None:
    tasks = [Task(options=_options(1, 10.0, list(range(6)))) for _ in range(6)]
    found = solve(tasks, cap=10.0, budget=5)
    assert not found.exact
    with pytest.raises(ValueError, match="over the cap"):
        cost([Task(options=_options(1, 40.0, [0]))], (0,), 30.0)


def test_a_required_task_is_not_traded_for_room_for_others() -> None:
    duty = Task(options=_options(2, 40.0, [0]), over_ok=True)
    courses = [Task(options=_options(1, 10.0, [0, 1])) for _ in range(2)]
    # Leaving the duty out would let both courses in (one left out instead of two) ...
    assert solve([duty, *courses], cap=30.0).choice == (None, 0, 0)
    # ... unless it is required: then the courses wait for terms it leaves (none here).
    found = solve([attrs.evolve(duty, required=True), *courses], cap=30.0)
    assert found.choice == (0, None, None)


def test_a_term_over_the_cap_holds_statutory_duties_alone() -> None:
    duty = Task(options=_options(1, 40.0, [0, 1]), over_ok=True, required=True)
    course = Task(options=_options(1, 10.0, [0]))
    found = solve([course, duty], cap=30.0)
    assert found.choice == (0, 1)  # the duty waits a term rather than share one over the cap
    assert cost([course, duty], found.choice, 30.0)[2] == 10.0
    with pytest.raises(ValueError, match="over the cap"):
        cost([course, duty], (0, 0), 30.0)


def test_a_required_duty_is_kept_before_an_optional_course_that_wants_its_term() -> None:
    course = Task(options=_options(1, 10.0, [0]))
    duty = Task(options=_options(1, 40.0, [0]), over_ok=True, required=True)
    found = solve([course, duty], cap=30.0)
    assert found.choice == (None, 0)
    assert found.cost[0] == 1.0  # the course left out, not the duty
    assert cost([course, duty], (0, None), 30.0)[0] == 3.0  # a duty left out weighs more
