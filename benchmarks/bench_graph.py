"""Benchmark sendpath's graph build and route search against plain networkx on the same graph.

Run from a checkout with sendpath installed::

    python benchmarks/bench_graph.py            # the shipped data and synthetic ladders
    python benchmarks/bench_graph.py --sizes 50 200 800

It prints the median time per call and the ratio to the plain networkx operation that answers
the nearest question on the same graph: ``nx.shortest_path`` (Dijkstra by months) over the
progression view, for routes; ``nx.ancestors`` for a requirement closure. sendpath's routes do
more (gates, obligations, dates, k alternatives), so the ratio is a cost of that, not a race.
Figures are never asserted: timing belongs here, not in the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

import sendpath
from sendpath import query
from sendpath.graph import build_graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _catalogues import catalogue, qual, role

from sendpath.model import AnyOf, AtLeast, Ref

ON = dt.date(2026, 9, 1)


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def ladder(n: int, seed: int = 1) -> sendpath.Catalogue:
    """A layered world of ``n`` qualifications: each needs any, or two, of the layer below."""
    rng = random.Random(seed)  # noqa: S311  (a reproducible test graph, not a secret)
    width = max(3, int(n ** 0.5))
    records = []
    for i in range(n):
        below = [f"qual:q{j}" for j in range(max(0, i - width - i % width), i - i % width)]
        req = None
        if below:
            picks = rng.sample(below, min(3, len(below)))
            refs = tuple(Ref(id=p) for p in picks)
            req = AtLeast(n=min(2, len(refs)), of=refs) if rng.random() < 0.3 else AnyOf(items=refs)
        records.append(qual(f"q{i}", months=rng.randint(1, 24), requires=req))
    top = tuple(Ref(id=f"qual:q{i}") for i in range(max(0, n - width), n))
    records += [role("start"), role("target", requires=AnyOf(items=top))]
    return catalogue(records)


def weighted_view(g: sendpath.graph.ProgressionGraph) -> nx.DiGraph:
    view = nx.DiGraph()
    for u, v, d in g.progression_view().edges(data=True):
        if d["kind"] == "requires":
            view.add_edge(u, v, weight=g.nx.nodes[u].get("months") or 0)
    return view


def row(name: str, ours: float, theirs: float, what: str) -> None:
    print(f"{name:<28} sendpath {ours:9.3f} ms   networkx {theirs:9.3f} ms   "
          f"ratio {ours / theirs:7.1f}x   ({what})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    args = parser.parse_args()

    cat = sendpath.load_default()
    print(f"shipped data {cat.data_version}: {len(cat)} ids")
    build = median_ms(lambda: build_graph(cat))
    plain = median_ms(lambda: nx.MultiDiGraph(cat.graph.nx))
    row("build graph (england)", build, plain, "copy of the built graph")
    g = cat.graph
    view = weighted_view(g)
    ours = median_ms(lambda: query.routes(g, "teacher", "senco", on=ON))
    theirs = median_ms(lambda: nx.ancestors(view, "role:senco"))
    row("routes teacher->senco", ours, theirs, "ancestors of role:senco")

    for n in args.sizes:
        cat = ladder(n)
        build = median_ms(lambda cat=cat: build_graph(cat), repeat=3)
        g = build_graph(cat)
        view = weighted_view(g)
        plain = median_ms(lambda g=g: nx.MultiDiGraph(g.nx), repeat=3)
        row(f"build graph (n={n})", build, plain, "copy of the built graph")
        ours = median_ms(lambda g=g: query.routes(g, "start", "target", on=ON), repeat=3)
        src = next(iter(sorted(n for n in view if view.in_degree(n) == 0)))
        theirs = median_ms(lambda view=view, src=src: nx.single_source_dijkstra_path_length(
            view, src, weight="weight"), repeat=3)
        result = query.routes(g, "start", "target", on=ON)
        note = "partial" if result.partial else "exact"
        row(f"routes k=5 (n={n}, {note})", ours, theirs, "Dijkstra from a source, by months")


if __name__ == "__main__":
    main()
