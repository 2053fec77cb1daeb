"""Choosing the courses that cover a set of outcomes with the fewest hours, then least cost.

A weighted set cover: each candidate covers some of the outcomes wanted and has a weight
(hours, cost, steps, compared in that order and summed part by part). :func:`choose` covers
every outcome some candidate covers at the least total weight: exactly, by a branch-and-bound
search (branch on the outcome the fewest candidates cover, cut when the weight so far is no
better than the best cover found), which is quick for the handfuls of candidates a framework
has; past a budget of branches it returns the greedy cover (:func:`greedy`, most new outcomes
per hour first, then redundant choices dropped) and says it is not exact. The greedy cover is
within a factor of about ln(n) + 1 of the best (n the outcomes), and closer in practice: the
measured gap is on the docs' plans page.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Final, TypeVar

__all__ = ["BUDGET", "choose", "greedy"]

#: How many branches the exact search tries before it falls back to :func:`greedy`.
BUDGET: Final = 50_000

Weight = tuple[float, ...]
#: What is covered: outcome ids, or any other hashable keys.
K = TypeVar("K", bound=Hashable)


def _add(a: Weight, b: Weight) -> Weight:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _total(chosen: list[str], sets: Mapping[str, tuple[frozenset[K], Weight]]) -> Weight:
    width = len(next(iter(sets.values()))[1]) if sets else 0
    total: Weight = (0.0,) * width
    for key in chosen:
        total = _add(total, sets[key][1])
    return total


def greedy(wanted: frozenset[K], sets: Mapping[str, tuple[frozenset[K], Weight]]) -> list[str]:
    """Return a cover of what ``sets`` can cover of ``wanted``: most new outcomes an hour first.

    Example:
        >>> sets = {"a": (frozenset("xy"), (10.0,)), "b": (frozenset("y"), (1.0,)),
        ...         "c": (frozenset("x"), (1.0,))}
        >>> greedy(frozenset("xy"), sets)
        ['b', 'c']
    """
    left = wanted & frozenset().union(*(s for s, _w in sets.values()))
    chosen: list[str] = []
    while left:
        key = min((k for k in sets if sets[k][0] & left),
                  key=lambda k: (sets[k][1][0] / len(sets[k][0] & left), sets[k][1][1:], k))
        chosen.append(key)
        left -= sets[key][0]
    for key in sorted(chosen, key=lambda k: sets[k][1], reverse=True):  # drop what is redundant
        rest = [k for k in chosen if k != key]
        if wanted & frozenset().union(*(sets[k][0] for k in rest), frozenset()) >= \
                wanted & frozenset().union(*(sets[k][0] for k in chosen)):
            chosen = rest
    return chosen


def choose(wanted: frozenset[K], sets: Mapping[str, tuple[frozenset[K], Weight]], *,
           budget: int = BUDGET) -> tuple[list[str], bool]:
    """Return the cheapest cover of what ``sets`` can cover of ``wanted``, and if it is exact.

    Example:
        >>> sets = {"a": (frozenset("xy"), (10.0,)), "b": (frozenset("y"), (1.0,)),
        ...         "c": (frozenset("x"), (1.0,)), "d": (frozenset("z"), (5.0,))}
        >>> choose(frozenset("xyz"), sets)
        (['b', 'c', 'd'], True)
    """
    reach = wanted & frozenset().union(*(s for s, _w in sets.values()), frozenset())
    useful = {k: v for k, v in sets.items() if v[0] & reach}
    by_outcome: dict[K, list[str]] = {o: [] for o in reach}
    for k in sorted(useful, key=lambda k: useful[k][1]):
        for o in useful[k][0] & reach:
            by_outcome[o].append(k)
    best: list[tuple[Weight, list[str]]] = [(_total(g := greedy(reach, useful), useful), g)]
    tried = 0

    def visit(left: frozenset[K], chosen: list[str], weight: Weight) -> None:
        nonlocal tried
        tried += 1
        if weight >= best[0][0] or tried > budget:
            return
        if not left:
            best[0] = (weight, list(chosen))
            return
        pivot = min(left, key=lambda o: (len(by_outcome[o]), o))
        for k in by_outcome[pivot]:
            chosen.append(k)
            visit(left - useful[k][0], chosen, _add(weight, useful[k][1]))
            chosen.pop()

    if useful:
        visit(reach, [], (0.0,) * len(next(iter(useful.values()))[1]))
    order = list(sets)
    return sorted(best[0][1], key=order.index), tried <= budget
