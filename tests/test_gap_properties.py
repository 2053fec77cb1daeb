"""The gap's proposals on random small graphs: they meet the target, and nothing less would."""

from __future__ import annotations

import datetime as dt
import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from test_routes_properties import ON, _catalogue, _met, _time, brute_force_with, worlds

from sendpath import query, rules
from sendpath.graph import build_graph
from sendpath.model import Holding, Profile, RoleSpell


def _feasible_and_meeting(chosen: set[str], held: set[str], reqs: dict) -> bool:
    """Whether taking ``chosen`` from ``held`` is feasible and meets the target.

    Quals may require only quals of lower index, so ``chosen`` can be taken in index order
    exactly when each one's requirement is met by what is held and the rest of ``chosen``.
    """
    have = held | chosen
    return all(reqs[q] is None or _met(reqs[q], have) for q in chosen) and \
        _met(reqs["role:target"], have)


def _time_of(chosen: set[str], held: set[str], reqs: dict, months: dict) -> float:
    """When the target is met taking ``chosen`` (each as soon as its requirement is met)."""
    finish: dict[str, float] = dict.fromkeys(held, 0.0)
    for q in sorted(chosen, key=lambda q: int(q[6:])):  # lower indices first
        start = 0.0 if reqs[q] is None else _time(reqs[q], finish)
        finish[q] = start + months[q]
    return max([_time(reqs["role:target"], finish), *(finish[q] for q in chosen)])


@settings(max_examples=120, deadline=None)
@given(worlds(), st.data())
def test_the_gaps_proposal_meets_the_target_and_is_minimal(world, data):
    months, reqs = world
    quals = sorted(months)
    held = set(data.draw(st.sets(st.sampled_from(quals), max_size=3)))
    me = Profile(roles=(RoleSpell(id="role:start", since=dt.date(2020, 9, 1)),),
                 holds=tuple(Holding(id=q, completed=dt.date(2024, 7, 1)) for q in sorted(held)))
    g = build_graph(_catalogue(months, reqs))
    before = nx_snapshot(g)
    gap = query.gap(g, me, "target", on=ON)
    assert nx_snapshot(g) == before  # no query changes the graph
    status = rules.evaluate(g.catalogue, me, "target", on=ON)
    assert (gap.state, gap.due) == (status.state, status.due)  # gap and status agree
    best = gap.best
    if best is None:
        assert brute_force_with(months, reqs, held=frozenset(held)) == math.inf
        return
    proposal = {s.id for s in best.route.steps if s.id.startswith("qual:")}
    assert not proposal & held
    # adding the proposal to the profile makes the target met (taking the role as well)
    after = Profile(roles=(*me.roles, RoleSpell(id="role:target", since=ON)),
                    holds=(*me.holds, *(Holding(id=q, awarded=ON) for q in sorted(proposal))))
    assert rules.evaluate(g.catalogue, after, "target", on=ON).state == "met"
    assert _feasible_and_meeting(proposal, held, reqs)
    # and nothing less would do: no smaller set of the proposal meets it as soon (a step more
    # can make a route faster: a quick course meeting a requirement another step would meet
    # late)
    best_time = _time_of(proposal, held, reqs, months)
    assert best_time == best.route.months
    for size in range(len(proposal)):
        for fewer in itertools.combinations(sorted(proposal), size):
            if _feasible_and_meeting(set(fewer), held, reqs):
                assert _time_of(set(fewer), held, reqs, months) > best_time, fewer
    # the best way is the fastest (by brute force over every feasible set)
    assert best.route.months == brute_force_with(months, reqs, held=frozenset(held))


def nx_snapshot(g) -> tuple:
    return (sorted(g.nx.nodes(data=True), key=repr),
            sorted(g.nx.edges(keys=True, data=True), key=repr))
