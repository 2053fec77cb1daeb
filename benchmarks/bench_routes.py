"""Benchmark routes against the goals of issue 13: exact k-best on ladders, fast shipped pairs.

Run from a checkout with sendpath installed::

    python benchmarks/bench_routes.py

Each function takes no argument and returns one goal's figure as a dict: ``goal`` (what is
asked), ``value`` and ``unit`` (what was measured), ``baseline`` (the nearest plain networkx
operation on the same graph, in the same unit, or None), ``ratio`` (value / baseline) and
``met``. ``benchmarks/run.py`` imports :data:`GOALS` and prints them; timing belongs here,
never in the tests. Times are medians of warm calls (the graph and its caches built first:
they are built once per graph).

- The ladder is ``bench_graph.ladder(n)``, the adversarial layered world: each qualification
  needs any of three, or at least two of three, from the layer below. Its baseline is
  ``nx.single_source_dijkstra_path_length`` by months from a source of the progression view.
- The shipped pairs are every ``routes(a, b)`` for ``a`` and ``b`` in the shipped roles; the
  baseline is ``nx.ancestors`` of ``b`` on the progression view.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_graph import ladder, median_ms, weighted_view

import sendpath
from sendpath import query
from sendpath.graph import build_graph

ON = dt.date(2026, 9, 1)
#: The ladder sizes the growth exponent is fitted over.
SIZES = (50, 100, 200, 400, 800, 1600, 3200)
LADDER_N, LADDER_K, LADDER_MS, GROWTH = 800, 5, 250.0, 1.1
PAIR_MS = 1.0


def _ms(fn: Callable[[], object], repeat: int) -> float:
    """The median time of ``repeat`` calls of ``fn``, in milliseconds, after one warm-up."""
    fn()
    return median_ms(fn, repeat)


def _ladder(n: int, repeat: int = 5) -> tuple[float, float, bool]:
    """Routes k=5 on the ladder of ``n``: ms, Dijkstra's ms on its view, and whether exact."""
    g = build_graph(ladder(n))
    view = weighted_view(g)
    src = min(v for v in view if view.in_degree(v) == 0)
    ours = _ms(lambda: query.routes(g, "start", "target", on=ON, k=LADDER_K), repeat)
    theirs = _ms(lambda: nx.single_source_dijkstra_path_length(view, src, weight="weight"),
                 repeat)
    result = query.routes(g, "start", "target", on=ON, k=LADDER_K)
    return ours, theirs, not result.partial and not result.heuristic and len(result) == LADDER_K


def _goal(goal: str, value: float, unit: str, baseline: float | None,
          met: bool) -> dict[str, Any]:
    ratio = value / baseline if baseline else None
    return {"goal": goal, "value": value, "unit": unit, "baseline": baseline, "ratio": ratio,
            "met": met}


def ladder_k5() -> dict[str, Any]:
    """Routes on the ladder at n = 800, k = 5: exact, in at most 250 ms."""
    ours, theirs, exact = _ladder(LADDER_N)
    return _goal(f"routes on the ladder n={LADDER_N}, k={LADDER_K}, exact, <= {LADDER_MS:g} ms",
                 ours, "ms", theirs, exact and ours <= LADDER_MS)


def _slope(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log time against log n."""
    xs = [math.log(n) for n, _t in points]
    ys = [math.log(t) for _n, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mx) ** 2 for x in xs)


def ladder_growth() -> dict[str, Any]:
    """How routes' time grows on ladders from n = 50 to 3,200 (a fitted exponent, <= 1.1)."""
    ours, theirs, exact = [], [], True
    for n in SIZES:
        t, base, ok = _ladder(n, repeat=3)
        ours.append((n, t))
        theirs.append((n, base))
        exact = exact and ok
    value = _slope(ours)
    return _goal(f"growth exponent of routes k={LADDER_K} on ladders n={SIZES[0]}..{SIZES[-1]}"
                 f" (exact), <= {GROWTH}", value, "exponent", _slope(theirs),
                 exact and value <= GROWTH)


def _pairs(repeat: int = 5) -> tuple[list[float], list[float]]:
    """Every shipped role pair: routes' ms, and ``nx.ancestors`` of the target's ms."""
    cat = sendpath.load_default()
    g = cat.graph
    view = g.progression_view()
    closure = {b: _ms(lambda b=b: nx.ancestors(view, b), repeat) for b in cat.roles}
    ours, theirs = [], []
    for a in cat.roles:
        for b in cat.roles:
            ours.append(_ms(lambda a=a, b=b: query.routes(g, a, b, on=ON), repeat))
            theirs.append(closure[b])
    return ours, theirs


_PAIRS: dict[str, tuple[list[float], list[float]]] = {}


def _shipped() -> tuple[list[float], list[float]]:
    if "all" not in _PAIRS:  # both goals read one run
        _PAIRS["all"] = _pairs()
    return _PAIRS["all"]


def shipped_pairs_median() -> dict[str, Any]:
    """The median over every shipped role pair of routes' time (< 1 ms)."""
    ours, theirs = _shipped()
    value = statistics.median(ours)
    return _goal(f"routes, every shipped role pair ({len(ours)}): median < {PAIR_MS:g} ms",
                 value, "ms", statistics.median(theirs), value < PAIR_MS)


def shipped_pairs_max() -> dict[str, Any]:
    """The slowest shipped role pair (reported; the goal is on the median)."""
    ours, theirs = _shipped()
    value = max(ours)
    return _goal("routes, every shipped role pair: the slowest (reported)", value, "ms",
                 max(theirs), True)


def shipped_pairs_first_ask() -> dict[str, Any]:
    """Every shipped role pair asked once, on a graph that has kept nothing yet (reported).

    The warm figures above read what a graph keeps between searches (each net, and each
    plan's draft and route); this is what a pair costs the first time it is asked, after one
    search on another day has paid for the imports.
    """
    cat = sendpath.load_default()
    g = build_graph(cat)
    query.routes(g, "teacher", "senco", on=dt.date(2020, 1, 1))
    ours = []
    for a in cat.roles:
        for b in cat.roles:
            t0 = time.perf_counter()
            query.routes(g, a, b, on=ON)
            ours.append((time.perf_counter() - t0) * 1000)
    value = statistics.median(ours)
    return _goal(f"routes, every shipped role pair asked once on a fresh graph: median "
                 f"(slowest {max(ours):.1f} ms, {sum(t > PAIR_MS for t in ours)} over "
                 f"{PAIR_MS:g} ms; reported)", value, "ms", None, True)


#: The goals, in the order to print them.
GOALS = (ladder_k5, ladder_growth, shipped_pairs_median, shipped_pairs_max,
         shipped_pairs_first_ask)


def main() -> None:
    for goal in GOALS:
        r = goal()
        base = "" if r["baseline"] is None else \
            f"   networkx {r['baseline']:9.3f}   ratio {r['ratio']:7.1f}x"
        print(f"{'met ' if r['met'] else 'MISS'} {r['value']:9.3f} {r['unit']:<8}{base}   "
              f"{r['goal']}")


if __name__ == "__main__":
    main()
