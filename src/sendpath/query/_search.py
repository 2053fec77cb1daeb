"""The search behind :func:`sendpath.query.routes`: ways to meet a requirement, as step sets.

A *plan* is a set of steps (records to gain, or experience gates to serve) with the pairs
``(step, needed)`` saying which step waits for which. :class:`Solver` lists, for any node of the
progression graph, the plans that would meet it from a set of things already held. Every
``all``, ``any`` and ``at_least`` gate is read the one way :func:`sendpath.rules.shape` gives
it, as n of its inputs: the products of the n-subsets (all: the one product; any: the union).
Date conditions are checked by :func:`sendpath.rules.planned_fails`, the rules' own reading.
Lists longer than a cap are cut to the cheapest by a lower bound, and the cut is recorded, so
that callers can flag a result as heuristic.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import networkx as nx

from sendpath import rules

#: How many plans a node keeps by default; past it the cheapest by an estimate are kept (a
#: beam), and the search is flagged as cut. ``routes`` widens it with ``k``.
PLAN_CAP: Final = 16


@attrs.frozen
class Plan:
    """Steps to take, what each waits for, and the date conditions each must meet."""

    steps: frozenset[str] = frozenset()
    needs: frozenset[tuple[str, str]] = frozenset()
    checks: frozenset[tuple[str, tuple[tuple[str, Any], ...]]] = frozenset()
    #: The plan's critical path in months (for ranking; follows from the steps and needs).
    finish: float = attrs.field(default=0.0, eq=False)

    def __or__(self, other: Plan) -> Plan:
        # Joined plans agree on every shared step, so each step finishes when it did in its
        # own plan, and the join's critical path is the longer of the two.
        return Plan(self.steps | other.steps, self.needs | other.needs,
                    self.checks | other.checks, max(self.finish, other.finish))

    def then(self, node: str, needs: frozenset[tuple[str, str]], months: float) -> Plan:
        """Return this plan (which meets ``node``'s requirement) followed by ``node`` itself."""
        return Plan(self.steps | {node}, self.needs | needs, self.checks, self.finish + months)

    def agrees_with(self, other: Plan) -> bool:
        """Whether every step both plans take waits for the same steps in each.

        Two plans that meet one step's requirement in different ways cannot be joined into a
        sensible plan: the join would take both ways. The product keeps only joins that agree,
        which loses nothing, since the agreeing join is in the product as well.
        """
        shared = self.steps & other.steps
        if not shared:
            return True
        # they agree unless a wait that only one of them has is a shared step's
        return not any(x in shared for x, _d in self.needs ^ other.needs)


EMPTY: Final = Plan()
_CONDITIONS: Final = rules.DATE_CONDITIONS


@attrs.define
class Solver:
    """Lists the plans that meet nodes of ``g`` given what is ``held``.

    Attributes:
        g: The progression graph's networkx graph.
        held: Nodes already held (records, and gates already met).
        not_required: Records a profile marks ``not_required`` (they meet ``unless_not_required``
            edges only).
        under_way: Records the person has started (courses under way): their own requirement
            was met when they began, so a plan takes them alone (``duration`` says how long is
            left).
        allowed: Whether a record may become a step (``avoid`` and unusable records say no).
        held_ok: Whether a held record meets the date conditions of an edge.
        cost: A lower bound used to keep the cheapest plans when a list is cut.
        inputs: The ``requires`` edges into a node as ``(source, data)``, in index order
            (routes pass the graph's cached adjacency; by default read from ``g``).
        truncated: Set when any list was cut.
    """

    g: nx.MultiDiGraph[str]
    held: frozenset[str]
    not_required: frozenset[str] = frozenset()
    under_way: frozenset[str] = frozenset()
    allowed: Callable[[str], bool] = lambda _node: True
    held_ok: Callable[[str, Mapping[str, Any]], bool] = lambda _node, _data: True
    cost: Callable[[Plan], float] = lambda plan: plan.finish + len(plan.steps) / 1000
    duration: Callable[[str], float] = lambda _node: 0.0
    cap: int = PLAN_CAP
    inputs: Callable[[str], Sequence[tuple[str, Mapping[str, Any]]]] = attrs.field(
        default=attrs.Factory(lambda self: _inputs_of(self.g), takes_self=True))
    truncated: bool = False
    _memo: dict[str, list[Plan]] = attrs.field(factory=dict)
    _costs: dict[Plan, float] = attrs.field(factory=dict)
    _leaves: dict[str, frozenset[str]] = attrs.field(factory=dict)
    _fast: dict[str, tuple[float, Plan] | None] = attrs.field(factory=dict)
    _stack: set[str] = attrs.field(factory=set)

    def plans_for(self, node: str) -> list[Plan]:
        """Return the plans that make ``node`` held (for a record) or met (for a gate)."""
        if node in self.held:
            return [EMPTY]
        if node in self._memo:
            return self._memo[node]
        if node in self._stack:  # a requirement cycle: this branch cannot be met
            return []
        self._stack.add(node)
        try:
            data = self.g.nodes[node]
            plans = self._gate(node, data) if data["kind"] == "gate" else self._record(node)
        finally:
            self._stack.discard(node)
        plans = self._cut(plans)
        self._memo[node] = plans
        return plans

    def fastest(self, node: str) -> tuple[float, Plan] | None:
        """Return the plan that has ``node`` soonest, with its finish time, or None if none.

        Shared steps take no extra time when several requirements need them, so the earliest
        finish of every node follows from its children's alone (``all`` waits for the latest,
        ``any`` takes the earliest, ``at_least n`` the n-th earliest): a dynamic programme,
        exact for time whatever the size of the graph.
        """
        if node in self.held:
            return 0.0, EMPTY
        if node not in self._fast:
            self._fast[node] = None  # a requirement cycle reads as "never"
            data = self.g.nodes[node]
            if data["kind"] == "gate" and data["gate"] not in ("experience",):
                self._fast[node] = self._fastest_gate(node, data)
            elif data["kind"] != "gate" and not self.allowed(node):
                self._fast[node] = None
            else:
                req = self._fastest_requirement(node)
                if req is not None:
                    _finish, plan = req
                    plan = plan.then(node, self._serving(plan, node), self.duration(node))
                    self._fast[node] = (plan.finish, plan)
        return self._fast[node]

    def _fastest_requirement(self, node: str) -> tuple[float, Plan] | None:
        gate = self.g.nodes[node]["kind"] == "gate"
        edges = [(u, d) for u, d in self.inputs(node) if d.get("root") or gate]
        if not edges or node in self.under_way:
            return 0.0, EMPTY
        return self._fastest_child(*edges[0])

    def _fastest_child(self, u: str, data: Mapping[str, Any]) -> tuple[float, Plan] | None:
        if u in self.held:
            return (0.0, EMPTY) if self.held_ok(u, data) else None
        if data.get("unless_not_required") and u in self.not_required:
            return 0.0, EMPTY
        found = self.fastest(u)
        if found is None:
            return None
        conditions = tuple((k, data[k]) for k in _CONDITIONS if k in data)
        extra = Plan(checks=frozenset({(u, conditions)})) if conditions else EMPTY
        return found[0], found[1] | extra

    def _fastest_gate(self, node: str, data: Mapping[str, Any]) -> tuple[float, Plan] | None:
        options = [self._fastest_child(u, d) for u, d in self.inputs(node)]
        kind = data["gate"]
        if kind in ("min_hours", "min_credits"):
            return None  # thresholds over amounts: left to the enumeration
        ready = sorted((o for o in options if o is not None),
                       key=lambda o: (o[0], len(o[1].steps), sorted(o[1].steps)))
        need = data["n"]  # all, any and at-least alike: n of the inputs (rules.shape says which)
        if len(ready) < need:
            return None
        chosen = ready[:need]
        plan = EMPTY
        for _finish, part in chosen:
            plan = plan | part
        return chosen[-1][0], plan

    def requirement_plans(self, node: str) -> list[Plan]:
        """Return the plans that meet ``node``'s own requirement (without gaining ``node``)."""
        root = next(((u, d) for u, d in self.inputs(node) if d.get("root")), None)
        if root is None or node in self.under_way:
            return [EMPTY]
        u, data = root
        return self._child(u, data)

    def _record(self, node: str) -> list[Plan]:
        if not self.allowed(node):
            return []
        return [p.then(node, self._serving(p, node), self.duration(node))
                for p in self.requirement_plans(node)]

    def _child(self, u: str, data: Mapping[str, Any]) -> list[Plan]:
        """Plans for one edge ``u -> gate/owner``, with the edge's own conditions."""
        if u in self.held:
            return [EMPTY] if self.held_ok(u, data) else []
        if data.get("unless_not_required") and u in self.not_required:
            return [EMPTY]
        conditions = tuple((k, data[k]) for k in _CONDITIONS if k in data)
        out = []
        for p in self.plans_for(u):
            extra = Plan(checks=frozenset({(u, conditions)})) if conditions else EMPTY
            out.append(p | extra)
        return out

    def _gate(self, node: str, data: Mapping[str, Any]) -> list[Plan]:
        kind = data["gate"]
        edges = self.inputs(node)
        children = [self._child(u, d) for u, d in edges]
        if kind == "experience":
            # Time served in a role (or of a kind): the gate itself is a step of its months,
            # after the role is entered.
            role_plans = children[0] if children else [EMPTY]
            return [p.then(node, self._serving(p, node), self.duration(node))
                    for p in role_plans]
        if kind in ("min_hours", "min_credits"):
            return self._amounts(data, kind, [(u, c) for (u, _d), c in zip(edges, children,
                                                                               strict=True)])
        # all, any and at-least alike: n of the inputs, n as the rules shape the gate
        n = data["n"]
        if sum(plans == [EMPTY] for plans in children) >= n:
            return [EMPTY]  # already met: nothing beats doing nothing
        if n == 1:
            return [p for plans in children for p in plans]
        return [p for combo in itertools.combinations(children, n) for p in self.product(combo)]

    def _amounts(self, data: Mapping[str, Any], kind: str,
                 items: list[tuple[str, list[Plan]]]) -> list[Plan]:
        """Plans for min_hours / min_credits: minimal sets of items adding up to ``n``."""
        field = "hours" if kind == "min_hours" else "credits"
        amount = {u: self.g.nodes[u].get(field) or 0 for u, _p in items}
        held_total = sum(amount[u] for u, plans in items if plans == [EMPTY])
        need = data["n"] - held_total
        if need <= 0:
            return [EMPTY]
        candidates = [(u, plans) for u, plans in items if plans != [EMPTY] and amount[u] > 0]
        out: list[Plan] = []
        for size in range(1, len(candidates) + 1):
            for combo in itertools.combinations(candidates, size):
                total = sum(amount[u] for u, _p in combo)
                # minimal: enough, and no single item could be dropped
                if total >= need and all(total - amount[u] < need for u, _p in combo):
                    out.extend(self.product([plans for _u, plans in combo]))
            if len(out) > self.cap:
                self.truncated = True
                break
        return out

    def product(self, lists: Iterable[list[Plan]]) -> list[Plan]:
        """Return the plans that meet every list at once (one plan from each, combined)."""
        acc = [EMPTY]
        for plans in lists:
            if not plans:
                return []
            if len(acc) * len(plans) <= self.cap:
                acc = self._cut([a | b for a in acc for b in plans if a.agrees_with(b)])
                continue
            # Past the cap, combine the best of each side first (pairs by rank sum) and keep
            # the cheapest: a beam, so the result is flagged as heuristic.
            self.truncated = True
            pairs = sorted(itertools.product(range(len(acc)), range(len(plans))),
                           key=lambda ij: (ij[0] + ij[1], ij))[: 2 * self.cap]
            acc = self._cut([acc[i] | plans[j] for i, j in pairs
                             if acc[i].agrees_with(plans[j])])
        return acc

    def _serving(self, plan: Plan, node: str) -> frozenset[tuple[str, str]]:
        """Say that ``node`` waits for the steps of ``plan`` that its requirement names.

        Those steps wait in turn for their own, so the timing follows the whole chain.
        """
        return frozenset((node, s) for s in plan.steps & self._direct(node))

    def _direct(self, node: str) -> frozenset[str]:
        """The steps a node's requirement names: records, and experience gates, below gates."""
        if node not in self._leaves:
            found: set[str] = set()
            stack = [u for u, _d in self.inputs(node)]
            while stack:
                u = stack.pop()
                data = self.g.nodes[u]
                if data["kind"] == "gate" and data["gate"] != "experience":
                    stack.extend(w for w, _d in self.inputs(u))
                else:
                    found.add(u)
            self._leaves[node] = frozenset(found)
        return self._leaves[node]

    def _cost(self, plan: Plan) -> float:
        if plan not in self._costs:
            self._costs[plan] = self.cost(plan)
        return self._costs[plan]

    def _cut(self, plans: list[Plan]) -> list[Plan]:
        unique = list(dict.fromkeys(plans))
        if len(unique) > self.cap:
            self.truncated = True
        # Lists stay sorted, cheapest first, so that a beam above keeps the best of them.
        unique.sort(key=lambda p: (self._cost(p), len(p.steps), sorted(p.steps)))
        return unique[:self.cap]


def _inputs_of(g: nx.MultiDiGraph[str]) -> Callable[[str], list[tuple[str, Mapping[str, Any]]]]:
    """Read a bare networkx graph's ``requires`` edges into a node, in index order."""

    def inputs(node: str) -> list[tuple[str, Mapping[str, Any]]]:
        edges = sorted((d.get("index", 0), u, d) for u, _v, d in g.in_edges(node, data=True)
                       if d["kind"] == "requires")
        return [(u, d) for _i, u, d in edges]

    return inputs
