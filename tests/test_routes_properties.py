"""Route invariants on random small graphs, checked against a brute-force optimum."""

from __future__ import annotations

import datetime as dt
import itertools
import math

from _catalogues import catalogue, qual, role
from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath import query
from sendpath.graph import build_graph
from sendpath.model import AllOf, AnyOf, AtLeast, Ref
from sendpath.query._search import Solver

ON = dt.date(2026, 9, 1)
N_QUALS = 6


def trees(below: int, leaves_at_most: int = 4) -> st.SearchStrategy:
    """Requirement trees over qual:q0 .. qual:q{below-1} (any, all and at-least gates)."""
    leaves = st.integers(0, below - 1).map(lambda i: Ref(id=f"qual:q{i}"))

    def extend(children: st.SearchStrategy) -> st.SearchStrategy:
        lists = st.lists(children, unique=True, min_size=1, max_size=3)
        return st.one_of(
            lists.map(lambda xs: AllOf(items=tuple(xs))),
            lists.map(lambda xs: AnyOf(items=tuple(xs))),
            lists.flatmap(lambda xs: st.integers(1, len(xs)).map(
                lambda n: AtLeast(n=n, of=tuple(xs)))),
        )

    return st.recursive(leaves, extend, max_leaves=leaves_at_most)


@st.composite
def worlds(draw: st.DrawFn, size: int = N_QUALS, leaves: int = 4) -> tuple[dict, dict]:
    """A random acyclic world: quals q_i may require only q_j with j < i."""
    n = draw(st.integers(1, size))
    months = {f"qual:q{i}": draw(st.integers(1, 12)) for i in range(n)}
    reqs = {f"qual:q{i}": (draw(st.none() | trees(i, leaves)) if i else None)
            for i in range(n)}
    reqs["role:target"] = draw(trees(n, leaves))
    return months, reqs


def _catalogue(months: dict, reqs: dict):
    records = [qual(q.partition(":")[2], months=m, requires=reqs[q]) for q, m in months.items()]
    records += [role("start"), role("target", requires=reqs["role:target"])]
    return catalogue(records)


def _time(tree, finish: dict[str, float]) -> float:
    """When a tree is first met, given when each item is held (inf = never)."""
    if isinstance(tree, Ref):
        return finish.get(tree.id, math.inf)
    kids = sorted(_time(c, finish) for c in (tree.of if isinstance(tree, AtLeast) else tree.items))
    if isinstance(tree, AllOf):
        return kids[-1]
    if isinstance(tree, AnyOf):
        return kids[0]
    return kids[tree.n - 1]


def brute_force(months: dict, reqs: dict) -> float:
    """The least critical path over every set of quals from which the target is reachable."""
    return brute_force_with(months, reqs)


def _met(tree, held: set[str]) -> bool:
    return _time(tree, dict.fromkeys(held, 0.0)) < math.inf


@settings(max_examples=150)
@given(worlds())
def test_best_route_matches_brute_force_and_every_route_is_feasible(world):
    months, reqs = world
    g = build_graph(_catalogue(months, reqs))
    result = query.routes(g, "start", "target", on=ON, k=5)
    expected = brute_force(months, reqs)
    if expected == math.inf:
        assert len(result) == 0
        assert result.reason
        return
    assert len(result) >= 1
    assert result[0].months == expected
    seen = []
    for route in result:
        held = {"role:start"}
        for step in route.steps:  # each step feasible from what came before it
            tree = reqs.get(step.id)
            assert tree is None or _met(tree, held), (step.id, held)
            assert set(step.needs) <= held
            held.add(step.id)
        assert route.steps[-1].id == "role:target"
        assert route.step_ids() not in seen  # distinct step sets
        seen.append(route.step_ids())
    assert [r.months for r in result] == sorted(r.months for r in result)


@settings(max_examples=60)
@given(worlds(size=10, leaves=7))
def test_best_time_is_exact_even_past_the_cap(world):
    months, reqs = world
    g = build_graph(_catalogue(months, reqs))
    result = query.routes(g, "start", "target", on=ON, k=1)  # the smallest beam
    expected = brute_force(months, reqs)
    # the dynamic programme behind it, on its own: exact whatever the beam keeps
    solver = Solver(g.nx, frozenset({"role:start"}),
                    duration=lambda node: g.nx.nodes[node].get("months", 0))
    fastest = solver.fastest("role:target")
    if expected == math.inf:
        assert len(result) == 0
        assert fastest is None
    else:
        assert result[0].months == expected
        assert fastest is not None
        assert fastest[0] == expected


@settings(max_examples=50)
@given(worlds())
def test_routes_are_deterministic(world):
    g = build_graph(_catalogue(*world))
    assert query.routes(g, "start", "target", on=ON).to_json() == \
        query.routes(g, "start", "target", on=ON).to_json()


def brute_force_with(months: dict, reqs: dict, *, must: str | None = None,
                     avoid: str | None = None, held: frozenset[str] = frozenset(),
                     under_way: dict[str, int] | None = None) -> float:
    """As :func:`brute_force`, over the sets that take ``must`` and leave out ``avoid``.

    ``held`` quals are held from the start (month 0) and never taken again; a qual
    ``under_way`` needs nothing more and, if taken, finishes after the months it has left.
    """
    under_way = under_way or {}
    best = math.inf
    quals = sorted((q for q in months if q not in held), key=lambda q: int(q[6:]))
    for size in range(len(quals) + 1):
        for chosen in itertools.combinations(quals, size):
            if (must is not None and must not in chosen) or (avoid is not None
                                                              and avoid in chosen):
                continue
            finish: dict[str, float] = dict.fromkeys(held, 0.0)
            for q in quals:
                if q in under_way and q in chosen:
                    finish[q] = under_way[q]
                elif q in chosen:
                    start = 0.0 if reqs[q] is None else _time(reqs[q], finish)
                    finish[q] = start + months[q]
            if all(finish[q] < math.inf for q in chosen):
                entry = _time(reqs["role:target"], finish)
                if entry < math.inf:
                    best = min(best, max([entry, *finish.values()]))
    return best


@settings(max_examples=100)
@given(worlds(), st.data())
def test_avoid_matches_brute_force(world, data):
    months, reqs = world
    avoided = data.draw(st.sampled_from(sorted(months)))
    g = build_graph(_catalogue(months, reqs))
    result = query.routes(g, "start", "target", on=ON, k=5, avoid=[avoided])
    expected = brute_force_with(months, reqs, avoid=avoided)
    assert all(avoided not in r.step_ids() for r in result)
    if expected == math.inf:
        assert len(result) == 0
    else:
        assert result[0].months == expected


@settings(max_examples=100)
@given(worlds(), st.data())
def test_every_route_takes_via_and_the_best_matches_brute_force(world, data):
    months, reqs = world
    via = data.draw(st.sampled_from(sorted(months)))
    g = build_graph(_catalogue(months, reqs))
    result = query.routes(g, "start", "target", on=ON, k=5, via=[via])
    assert all(via in r.step_ids() for r in result)
    expected = brute_force_with(months, reqs, must=via)
    if expected == math.inf:
        assert len(result) == 0
    else:
        assert result[0].months == expected


def test_the_best_route_through_via_is_the_fastest():
    months = {"qual:q0": 1, "qual:q2": 2, "qual:q5": 1}
    reqs = {"qual:q0": None, "qual:q2": None,
            "qual:q5": AnyOf(items=(Ref(id="qual:q0"), Ref(id="qual:q2"))),
            "role:target": Ref(id="qual:q5")}
    g = build_graph(_catalogue(months, reqs))
    result = query.routes(g, "start", "target", on=ON, k=5, via=["q2"])
    # q2 alongside q0 -> q5 finishes in 2 months; through q2 -> q5 it takes 3
    assert result[0].months == brute_force_with(months, reqs, must="qual:q2") == 2


@settings(max_examples=60)
@given(worlds(), st.data())
def test_routes_with_unknown_months_rank_after_known_ones(world, data):
    months, reqs = world
    unknown = data.draw(st.sets(st.sampled_from(sorted(months)), max_size=2))
    records = [qual(q.partition(":")[2], months=None if q in unknown else m, requires=reqs[q])
               for q, m in months.items()]
    records += [role("start"), role("target", requires=reqs["role:target"])]
    result = query.routes(build_graph(catalogue(records)), "start", "target", on=ON, k=5)
    flags = [bool(r.unknown["months"]) for r in result]
    assert flags == sorted(flags)  # known first, then those with an unknown length
    for r in result:
        assert set(r.unknown["months"]) == {s.id for s in r.steps if s.id in unknown}
    known = [r.months for r in result if not r.unknown["months"]]
    assert known == sorted(known)


@settings(max_examples=100)
@given(worlds(), st.data())
def test_routes_from_a_profile_match_brute_force(world, data):
    # A profile holds some quals (completed) and is studying others. What it holds is what it
    # names (nothing is implied or assumed, as status reads it); a course under way needs
    # nothing more and finishes at its start plus its length (a part month counts as one; at
    # once if that day is past).
    from sendpath._dates import add_months
    from sendpath.model import Holding, Profile, RoleSpell, Study

    months, reqs = world
    quals = sorted(months)
    held = frozenset(data.draw(st.sets(st.sampled_from(quals), max_size=3)))
    studying = data.draw(st.sets(st.sampled_from([q for q in quals if q not in held] or [None]),
                                 max_size=2)) - {None}
    me = Profile(roles=(RoleSpell(id="role:start", since=dt.date(2020, 9, 1)),),
                 holds=tuple(Holding(id=q, completed=dt.date(2024, 7, 1)) for q in sorted(held)),
                 studying=tuple(Study(id=q, started=dt.date(2026, 1, 5))
                                for q in sorted(studying)))
    g = build_graph(_catalogue(months, reqs))
    result = query.routes(g, "start", "target", on=ON, k=5, profile=me)
    begun = dt.date(2026, 1, 5)
    left = {q: next(m for m in range(100) if add_months(ON, m) >= add_months(begun, months[q]))
            for q in studying}
    expected = brute_force_with(months, reqs, held=held, under_way=left)
    if expected == math.inf:
        assert len(result) == 0
        return
    assert result[0].months == expected
    for route in result:
        assert not held & route.step_ids()  # what the profile holds is never taken again
        assert route.step_ids() >= {"role:target"}
        for step in route.steps:
            assert (step.started == begun) == (step.id in studying)
            if step.id in studying:
                assert (step.start, step.finish) == (0, left[step.id])
