"""The k best routes by months, checked against every feasible step set of random small worlds.

The brute force ranks every set of quals from which the target is reached the way routes rank
them (known lengths first, months, cost, fewest steps, ids), drops a set when a smaller one is
at least as good, and keeps the first ``k``: routes must return exactly those, ties and all.
On ladders (the adversarial layered world of ``benchmarks/``) the search must stay exact.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import sys
from pathlib import Path

import pytest
from _catalogues import catalogue, qual, role
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_routes_properties import ON, _catalogue, _time, trees, worlds

from sendpath import query
from sendpath._dates import add_months
from sendpath.graph import build_graph
from sendpath.model import AnyOf, AtLeast, Ref
from sendpath.query._search import Solver

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_graph import ladder


def choices(below: int) -> st.SearchStrategy:
    """A requirement over qual:q0 .. qual:q{below-1}, most often a choice of two or three."""
    kids = st.lists(trees(below, 2), unique=True, min_size=2, max_size=3)
    return st.one_of(
        kids.map(lambda xs: AnyOf(items=tuple(xs))),
        kids.flatmap(lambda xs: st.integers(1, len(xs)).map(
            lambda n: AtLeast(n=n, of=tuple(xs)))),
        trees(below, 3),
    )


@st.composite
def rich_worlds(draw: st.DrawFn, size: int = 7) -> tuple[dict, dict]:
    """As ``worlds``, with more choices and short lengths (so that months often tie)."""
    n = draw(st.integers(3, size))
    months = {f"qual:q{i}": draw(st.integers(1, 4)) for i in range(n)}
    reqs = {f"qual:q{i}": (draw(st.none() | choices(i)) if i > 1 else None) for i in range(n)}
    reqs["role:target"] = draw(choices(n))
    return months, reqs


def brute_force_routes(months: dict[str, int | None], reqs: dict, k: int, *,
                       must: str | None = None, avoid: str | None = None,
                       ) -> list[tuple[int, list[str]]]:
    """The k best routes (months, step ids) over every feasible set of quals."""
    quals = sorted(months, key=lambda q: int(q[6:]))
    ranked = []
    for size in range(len(quals) + 1):
        for chosen in itertools.combinations(quals, size):
            if (must is not None and must not in chosen) or avoid in chosen:
                continue
            finish: dict[str, float] = {}
            for q in chosen:  # in index order: a qual needs only quals of lower index
                start = 0.0 if reqs[q] is None else _time(reqs[q], finish)
                finish[q] = start + (months[q] or 0)
            entry = _time(reqs["role:target"], finish)
            if entry == math.inf or math.inf in finish.values():
                continue
            steps = frozenset({*chosen, "role:target"})
            unknown = any(months[q] is None for q in chosen)
            total = max([entry, *finish.values()])
            # routes' rank: known first, months, months, cost (unknown: 0), fewest, ids
            ranked.append(((unknown, total, total, 0.0, len(steps), sorted(steps)), steps))
    ranked.sort(key=lambda ks: ks[0])
    lean = [(key, steps) for key, steps in ranked
            if not any(other < steps and okey[:2] <= key[:2] for okey, other in ranked)]
    return [(int(key[1]), key[5]) for key, _steps in lean[:k]]


def found(result) -> list[tuple[int, list[str]]]:
    return [(r.at_least["months"], sorted(r.step_ids())) for r in result]


@settings(max_examples=200)
@given(worlds(), st.integers(1, 8))
# two ways tie on months: the one with fewer steps first, then by ids
@example(({"qual:q0": 3, "qual:q1": 3, "qual:q2": 1},
          {"qual:q0": None, "qual:q1": None, "qual:q2": Ref(id="qual:q0"),
           "role:target": AnyOf(items=(Ref(id="qual:q1"), Ref(id="qual:q2"),
                                       Ref(id="qual:q0")))}), 5)
def test_the_k_best_routes_are_the_k_best_step_sets(world, k):
    months, reqs = world
    result = query.routes(build_graph(_catalogue(months, reqs)), "start", "target", on=ON, k=k)
    assert not result.partial
    assert found(result) == brute_force_routes(months, reqs, k)


@settings(max_examples=150)
@given(rich_worlds(), st.integers(2, 8))
def test_the_k_best_routes_are_exact_on_worlds_of_many_choices(world, k):
    months, reqs = world
    result = query.routes(build_graph(_catalogue(months, reqs)), "start", "target", on=ON, k=k)
    assert found(result) == brute_force_routes(months, reqs, k)


@settings(max_examples=100)
@given(rich_worlds(size=6), st.data())
def test_the_k_best_routes_with_unknown_lengths(world, data):
    months, reqs = world
    unknown = data.draw(st.sets(st.sampled_from(sorted(months)), max_size=3))
    months = {q: None if q in unknown else m for q, m in months.items()}
    k = data.draw(st.integers(2, 8))
    records = [qual(q.partition(":")[2], months=m, requires=reqs[q]) for q, m in months.items()]
    records += [role("start"), role("target", requires=reqs["role:target"])]
    g = build_graph(catalogue(records))
    result = query.routes(g, "start", "target", on=ON, k=k)
    assert found(result) == brute_force_routes(months, reqs, k)
    # asked again on the same graph: a search that saw every plan ranks once the second time
    again = query.routes(g, "start", "target", on=ON, k=k)
    assert found(again) == found(result)
    assert again.to_dict()["routes"] == result.to_dict()["routes"]
    assert again.reason == result.reason


@settings(max_examples=100)
@given(rich_worlds(size=6), st.data())
def test_the_k_best_routes_through_via_and_around_avoid(world, data):
    months, reqs = world
    g = build_graph(_catalogue(months, reqs))
    k = data.draw(st.integers(1, 6))
    via = data.draw(st.sampled_from(sorted(months)))
    result = query.routes(g, "start", "target", on=ON, k=k, via=[via])
    assert found(result) == brute_force_routes(months, reqs, k, must=via)
    avoid = data.draw(st.sampled_from(sorted(months)))
    result = query.routes(g, "start", "target", on=ON, k=k, avoid=[avoid])
    assert found(result) == brute_force_routes(months, reqs, k, avoid=avoid)


@pytest.mark.parametrize(("n", "seed"), [(50, 1), (50, 2), (100, 3), (200, 1), (200, 4)])
def test_routes_on_ladders_are_exact(n, seed):
    g = build_graph(ladder(n, seed=seed))
    result = query.routes(g, "start", "target", on=ON, k=5)
    assert not result.partial
    assert not result.heuristic
    assert len(result) == 5
    solver = Solver(g.nx, frozenset({"role:start"}),
                    duration=lambda node: g.nx.nodes[node].get("months", 0))
    fastest = solver.fastest("role:target")
    assert fastest is not None
    assert result[0].months == fastest[0]
    months = [r.months for r in result]
    assert months == sorted(months)
    assert len({r.step_ids() for r in result}) == 5
    assert "role:target" in g.memo["search shapes"]  # what each node is: read once per graph


def test_at_least_ways_on_a_ladder_rung():
    # each rung needs two of three from below: the search takes every pair, not only the best
    records = [qual("q0", months=1), qual("q1", months=2), qual("q2", months=3),
               qual("q3", months=1, requires=AtLeast(n=2, of=(
                   Ref(id="qual:q0"), Ref(id="qual:q1"), Ref(id="qual:q2")))),
               role("start"), role("target", requires=Ref(id="qual:q3"))]
    result = query.routes(build_graph(catalogue(records)), "start", "target", on=ON, k=5)
    assert [(r.months, sorted(r.step_ids())) for r in result] == [
        (3, ["qual:q0", "qual:q1", "qual:q3", "role:target"]),
        (4, ["qual:q0", "qual:q2", "qual:q3", "role:target"]),
        (4, ["qual:q1", "qual:q2", "qual:q3", "role:target"]),
    ]


def listed(g, k: int, *, profile=None, via=(), avoid=frozenset()):
    """The k best routes by months from the full listing of plans (the cost and hours search)."""
    from sendpath.query.routes import _Context, _held, _lean

    held, _lines = _held(g, "role:start", profile, ON)
    context = _Context(g, ON, held, profile, frozenset(avoid), cap=100_000, via=tuple(via))
    drafts, _rejected = context.search("role:target")
    assert not context.solver.truncated
    return [context.build(d) for d in _lean(drafts, "months")[:k]]


@settings(max_examples=200)
@given(rich_worlds(size=6), st.data())
def test_the_k_best_equal_the_full_listing_with_duties_dates_and_profiles(world, data):
    # Obligations after the entry (with a due date some routes miss), start windows that close
    # before some steps could start, and a profile with holdings and courses under way: the
    # k-best search ranks the same routes as listing every plan and sorting them.
    from sendpath.model import Holding, Obligation, Period, Profile, RoleSpell, Study

    months, reqs = world
    quals = sorted(months)
    closes = data.draw(st.dictionaries(st.sampled_from(quals), st.integers(0, 30), max_size=2))
    duty = data.draw(choices(len(quals))) if data.draw(st.integers(0, 4)) else None
    due = data.draw(st.integers(1, 36))
    records = [qual(q.partition(":")[2], months=m, requires=reqs[q],
                    starts_until=(add_months(ON, closes[q]) if q in closes else None))
               for q, m in months.items()]
    obligations = () if duty is None else (
        Obligation(anchor="appointed", due=Period(months=due), requires=duty),)
    records += [role("start"), role("target", requires=reqs["role:target"],
                                    obligations=obligations)]
    g = build_graph(catalogue(records))
    profile = None
    if data.draw(st.booleans()):
        held = data.draw(st.sets(st.sampled_from(quals), max_size=2))
        studying = data.draw(st.sets(st.sampled_from(quals), max_size=2)) - held
        profile = Profile(
            roles=(RoleSpell(id="role:start", since=dt.date(2020, 9, 1)),),
            holds=tuple(Holding(id=q, completed=dt.date(2024, 7, 1)) for q in sorted(held)),
            studying=tuple(Study(id=q, started=dt.date(2026, 1, 5)) for q in sorted(studying)))
    via = data.draw(st.lists(st.sampled_from(quals), max_size=1))
    k = data.draw(st.integers(2, 6))
    result = query.routes(g, "start", "target", on=ON, k=k, profile=profile, via=via)
    assert not result.partial
    assert list(result) == listed(g, k, profile=profile, via=via)


def test_the_search_pauses_the_garbage_collector_and_restores_it():
    import gc

    g = build_graph(ladder(50))
    assert gc.isenabled()
    assert len(query.routes(g, "start", "target", on=ON)) == 5
    assert gc.isenabled()
    gc.disable()
    try:
        query.routes(g, "start", "target", on=ON)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_cost_and_hours_still_list_every_plan():
    # by cost a shared step counts once, which no DP ranks: the full listing answers
    records = [qual("a", months=1, cost=500), qual("b", months=2, cost=100),
               qual("c", months=1, cost=300, requires=Ref(id="qual:a")),
               role("start"),
               role("target", requires=AnyOf(items=(Ref(id="qual:b"), Ref(id="qual:c"))))]
    g = build_graph(catalogue(records))
    by_cost = query.routes(g, "start", "target", on=ON, weight="cost")
    assert [(r.cost, sorted(r.step_ids())) for r in by_cost] == [
        (100, ["qual:b", "role:target"]), (800, ["qual:a", "qual:c", "role:target"])]
    by_months = query.routes(g, "start", "target", on=ON)
    assert [r.months for r in by_months] == [2, 2]
    assert [sorted(r.step_ids()) for r in by_months] == [
        ["qual:b", "role:target"], ["qual:a", "qual:c", "role:target"]]


def test_a_tie_too_large_to_search_is_flagged_and_the_best_months_stay_exact():
    # On this ladder every plan the search opens first ties at the best months: the routes
    # with the fewest steps among them cannot all be found within the budget.
    g = build_graph(ladder(800, seed=2))
    result = query.routes(g, "start", "target", on=ON, k=5)
    assert result.partial
    assert result.heuristic
    solver = Solver(g.nx, frozenset({"role:start"}),
                    duration=lambda node: g.nx.nodes[node].get("months", 0))
    fastest = solver.fastest("role:target")
    assert fastest is not None
    assert [r.months for r in result] == [fastest[0]] * 5
