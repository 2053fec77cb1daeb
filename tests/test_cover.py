"""Choosing courses for outcomes (``sendpath.query._cover``) against brute force."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.query._cover import choose, greedy

OUTCOMES = "abcdef"


@st.composite
def instances(draw: st.DrawFn):
    n = draw(st.integers(0, 7))
    sets = {f"c{i}": (frozenset(draw(st.sets(st.sampled_from(OUTCOMES), min_size=1,
                                             max_size=4))),
                      (float(draw(st.integers(0, 60))), float(draw(st.integers(0, 900))), 1.0))
            for i in range(n)}
    wanted = frozenset(draw(st.sets(st.sampled_from(OUTCOMES), min_size=1)))
    return wanted, sets


def _weight(keys, sets):
    return tuple(sum(sets[k][1][i] for k in keys) for i in range(3))


def _covers(keys, sets, wanted):
    return wanted & frozenset().union(*(sets[k][0] for k in keys), frozenset())


def brute_force(wanted, sets):
    reach = _covers(sets, sets, wanted)
    best = None
    for size in range(len(sets) + 1):
        for keys in itertools.combinations(sets, size):
            if _covers(keys, sets, wanted) == reach:
                w = _weight(keys, sets)
                best = w if best is None or w < best else best
    return best


@settings(max_examples=300)
@given(instances())
def test_choose_is_the_cheapest_cover(instance):
    wanted, sets = instance
    keys, exact = choose(wanted, sets)
    assert exact
    assert _covers(keys, sets, wanted) == _covers(sets, sets, wanted)
    assert _weight(keys, sets) == brute_force(wanted, sets)


@settings(max_examples=300)
@given(instances())
def test_greedy_covers_within_the_log_bound(instance):
    wanted, sets = instance
    keys = greedy(wanted, sets)
    reach = _covers(sets, sets, wanted)
    assert _covers(keys, sets, wanted) == reach
    best = brute_force(wanted, sets)[0]
    harmonic = sum(1 / i for i in range(1, len(reach) + 1))
    assert _weight(keys, sets)[0] <= best * harmonic + 1e-9


def test_past_its_budget_choose_falls_back_to_greedy():
    sets = {f"c{i}": (frozenset({OUTCOMES[i % 6], OUTCOMES[(i + 1) % 6]}), (1.0, 0.0, 1.0))
            for i in range(6)}
    keys, exact = choose(frozenset(OUTCOMES), sets, budget=1)
    assert not exact
    assert keys == sorted(greedy(frozenset(OUTCOMES), sets), key=list(sets).index)


def test_greedy_drops_a_choice_a_later_one_makes_redundant():
    sets = {"a": (frozenset("x"), (1.0, 0.0, 1.0)), "c": (frozenset("xy"), (3.0, 0.0, 1.0)),
            "b": (frozenset("y"), (10.0, 0.0, 1.0))}
    assert greedy(frozenset("xy"), sets) == ["c"]
