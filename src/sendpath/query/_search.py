"""The search behind :func:`sendpath.query.routes`: ways to meet a requirement, as step sets.

It runs past 500 lines because its two searches must read the graph one way (what is held,
what an edge's date conditions ask, the ways each gate can be met) and are kept side by side.

A *plan* is a set of steps (records to gain, or experience gates to serve) with the pairs
``(step, needed)`` saying which step waits for which. Every ``all``, ``any`` and ``at_least``
gate is read the one way :func:`sendpath.rules.shape` gives it, as n of its inputs. Date
conditions are checked by :func:`sendpath.rules.planned_fails`, the rules' own reading.

- :func:`ranked` yields plans soonest first, exactly: the k best by months. :meth:`Solver.net`
  numbers the nodes a search can reach (a :class:`Net`: each node's ways, each way the nodes
  it waits for); a DP over it gives the soonest plan (shared steps take no extra time, so a
  node's earliest finish follows from its inputs' alone); Lawler's partition of the space
  around each plan found (keep the ways chosen for its first nodes, rule out the next one's),
  each part solved by the same DP brought up to date, gives the next plans in order.
- :meth:`Solver.plans_for` lists, for any node, the plans that would meet it (``any``: the
  union of its inputs' lists; n of them: the products of the n-subsets). Cost and hours need
  it: a step shared by two requirements counts once, so no DP ranks by them. Lists longer
  than a cap are cut to the cheapest by a lower bound, and the cut is recorded, so that
  callers can flag a result as heuristic.
"""

from __future__ import annotations

import graphlib
import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    #: What each node is for the search (:meth:`shape`); routes keep it per graph.
    shapes: dict[str, Shape] = attrs.field(factory=dict)
    _memo: dict[str, list[Plan]] = attrs.field(factory=dict)
    _ranks: dict[Plan, tuple[float, int, list[str]]] = attrs.field(factory=dict)
    _leaves: dict[str, frozenset[str]] = attrs.field(factory=dict)
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
        exact for time whatever the size of the graph (:meth:`Net.solve`).
        """
        if node in self.held:
            return 0.0, EMPTY
        net = self.net([node])
        val, arg = net.solve([self.duration(x) if step else 0.0
                              for x, step in zip(net.ids, net.step, strict=True)])
        finish = val[net.root]
        if finish == _INF:
            return None
        return finish, net.plans(arg, net.reached(arg)[0], finish)[0]

    def shape(self, node: str) -> Shape:
        """What ``node`` is for the search: its kind, its n and the inputs it reads.

        A record reads its requirement's root; an experience gate, its role; an obligation
        gate, its requirement's root; a threshold, its items with their amounts; any other
        gate, all its inputs.
        """
        found = self.shapes.get(node)
        if found is None:
            found = self.shapes[node] = _shape(self.g, node, self.inputs(node))
        return found

    def net(self, entry: Sequence[str], duties: Sequence[str] = (), target: str = "",
            leaves: frozenset[str] = frozenset()) -> Net:
        """Number what a search for ``entry`` (and for the obligation gates ``duties``) reaches.

        Every record reached is asked :attr:`allowed` once, as :meth:`plans_for` would. The
        obligations in ``leaves`` that cannot be on the way to ``target`` wait for it.
        """
        return _Compiler(self).root(entry, duties, target, leaves)

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
        out: list[Plan] = []
        for combo in itertools.combinations(children, n):  # C(40, 20) is 10^11: stop at the cap
            out.extend(self.product(combo))
            if len(out) > self.cap:
                self.truncated = True
                break
        return out

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
            acc = self._cut([acc[i] | plans[j] for i, j in _by_rank_sum(len(acc), len(plans),
                                                                         2 * self.cap)
                             if acc[i].agrees_with(plans[j])])
        return acc

    def _serving(self, plan: Plan, node: str) -> frozenset[tuple[str, str]]:
        """Say that ``node`` waits for the steps of ``plan`` that its requirement names.

        Those steps wait in turn for their own, so the timing follows the whole chain.
        """
        return frozenset((node, s) for s in plan.steps & self.direct(node))

    def direct(self, node: str) -> frozenset[str]:
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

    def _rank(self, plan: Plan) -> tuple[float, int, list[str]]:
        """How lists order ``plan``: cheapest, fewest steps, then by ids (worked out once)."""
        found = self._ranks.get(plan)
        if found is None:
            found = self._ranks[plan] = (self.cost(plan), len(plan.steps), sorted(plan.steps))
        return found

    def _cut(self, plans: list[Plan]) -> list[Plan]:
        unique = list(dict.fromkeys(plans))
        if len(unique) > self.cap:
            self.truncated = True
        # Lists stay sorted, cheapest first, so that a beam above keeps the best of them.
        unique.sort(key=self._rank)
        return unique[:self.cap]


def _by_rank_sum(n: int, m: int, most: int) -> list[tuple[int, int]]:
    """The first ``most`` pairs ``(i, j)``, ``i < n`` and ``j < m``, by ``i + j`` then ``i``.

    What sorting every pair by that key would give, without making the ``n * m`` pairs.

    Example:
        >>> _by_rank_sum(2, 3, 5)
        [(0, 0), (0, 1), (1, 0), (0, 2), (1, 1)]
    """
    pairs: list[tuple[int, int]] = []
    for total in range(n + m - 1):
        for i in range(max(0, total - m + 1), min(total, n - 1) + 1):
            pairs.append((i, total - i))
            if len(pairs) == most:
                return pairs
    return pairs


def _inputs_of(g: nx.MultiDiGraph[str]) -> Callable[[str], list[tuple[str, Mapping[str, Any]]]]:
    """Read a bare networkx graph's ``requires`` edges into a node, in index order."""

    def inputs(node: str) -> list[tuple[str, Mapping[str, Any]]]:
        edges = sorted((d.get("index", 0), u, d) for u, _v, d in g.in_edges(node, data=True)
                       if d["kind"] == "requires")
        return [(u, d) for _i, u, d in edges]

    return inputs


# -- the k-best search: plans ranked by months, one deviation at a time -----------------------

_INF: Final = math.inf
#: How much the k-best search may do before it stops and says it was cut: plans opened
#: times nodes numbered (each plan brings the DP up to date), and at least 100 plans. On
#: the ladder of 800 rungs that is 200 plans, about 0.4 s; 5 routes take 16.
SEARCH_BUDGET: Final = 300_000
_MIN_PLANS: Final = 100
#: How many ways a threshold of hours or credits may be met before the list is cut.
_AMOUNT_OPTIONS: Final = 4096
#: The most ways an ``at_least`` (or ``all``/``any``) gate offers: ranking the ways grows with
#: the square of their number, and ``at_least 20 of 40`` alone has 10^11 of them.
_N_OF_OPTIONS: Final = 256
_FREE: Final = -1  # an edge already met (held, or not required)
_DEAD: Final = -2  # an edge that can never be met

Check = tuple[str, tuple[tuple[str, Any], ...]]
#: An input of a node: its source, the edge's data, the edge's date check, the source's amount.
_Edge = tuple[str, Mapping[str, Any], tuple[Check, ...], float]
#: What a node is, for the search: its kind, its n, and the inputs it reads.
Shape = tuple[int, float, tuple[_Edge, ...]]
_RECORD, _EXPERIENCE, _N_OF, _AMOUNT = range(4)


@attrs.define(eq=False)
class Net:
    """The part of the graph a search can reach, with nodes numbered for the DP.

    Node ``i`` is a step (a record, or an experience gate) or a gate; ``options[i]`` lists the
    ways to have it, each the tuple of nodes that way waits for (a step has one way, its
    requirement; a gate one per choice of its inputs), and ``checks[i]`` the date conditions
    of the edges each way takes. A node with no way can never be had. ``after[i]`` is the node
    that ``i`` also waits for (an obligation waits for the role that brings it), or -1.
    ``order`` lists every node after the nodes it waits for (once :meth:`link` has renumbered
    them, it is 0, 1, 2, ...: a node's number is above those of the nodes it waits for); the
    root, last, waits for what the search wants (its entry side first, then its duties).
    """

    ids: list[str]
    step: list[bool]
    options: list[list[tuple[int, ...]]]
    checks: list[list[tuple[Check, ...]]]
    after: list[int]
    order: list[int]
    entry: int = 0  # how many of the root's inputs are on the entry side
    truncated: bool = False
    #: When :func:`ranked` stopped at its ``until``: the finish of the first plan left.
    rest: float = math.inf
    #: The number of each node.
    pos: dict[str, int] = attrs.field(factory=dict)
    parents: list[list[int]] = attrs.field(factory=list)
    #: Whether each node has more than one way (a choice a plan makes).
    choice: list[bool] = attrs.field(factory=list)
    #: Each node's bit in a plan's steps (0 for a gate).
    bit: list[int] = attrs.field(factory=list)
    #: For each step, the steps its requirement names that the net holds: (number, id).
    named: list[tuple[tuple[int, str], ...]] = attrs.field(factory=list)
    #: The records (and experience gates) a node's requirement names: what it may wait for.
    leaves: Callable[[str], frozenset[str]] = lambda _node: frozenset()
    #: The plans read so far (:meth:`plans`), by the ways chosen and the finish; shared by the
    #: copies a search makes of a net kept per graph.
    _read: dict[tuple[Any, ...], tuple[Plan, Plan]] = attrs.field(factory=dict)

    @property
    def root(self) -> int:
        """The node the search solves: every input of it at once."""
        return len(self.ids) - 1

    def link(self) -> None:
        """Renumber the nodes in ``order`` and fill in who waits for each, and which have a choice.

        Gates that offer no choice are folded into their users first (:meth:`_fold`). Once
        renumbered, each node comes after every node it waits for (``order`` is 0, 1, 2, ...),
        so sorting nodes by number sorts them the way the DP reads them.
        """
        self._fold()
        new = [-1] * len(self.ids)
        for r, i in enumerate(self.order):
            new[i] = r
        old = self.order
        self.ids = [self.ids[i] for i in old]
        self.step = [self.step[i] for i in old]
        self.options = [[tuple(new[c] for c in way) for way in self.options[i]] for i in old]
        self.checks = [self.checks[i] for i in old]
        self.after = [-1 if self.after[i] < 0 else new[self.after[i]] for i in old]
        self.pos = {node: new[i] for node, i in self.pos.items() if new[i] >= 0}
        self.order = list(range(len(self.ids)))
        parents: list[set[int]] = [set() for _ in self.ids]
        for i, ways in enumerate(self.options):
            for way in ways:
                for c in way:
                    parents[c].add(i)
            if self.after[i] >= 0:
                parents[self.after[i]].add(i)
        self.parents = [sorted(p) for p in parents]
        self.choice = [len(ways) >= 2 for ways in self.options]
        self.bit = [1 << i if step else 0 for i, step in enumerate(self.step)]
        self.named = [tuple((self.pos[leaf], leaf) for leaf in sorted(self.leaves(node))
                            if leaf in self.pos) if step else ()
                      for node, step in zip(self.ids, self.step, strict=True)]

    def _fold(self) -> None:
        """Fold the gates that offer no choice into the nodes that wait for them.

        A gate with one way (all of its inputs) is no choice: whoever waits for it waits for
        its inputs instead, with its date checks; and a node whose one way is one gate that
        nothing else waits for takes that gate's ways as its own. Each plan stays the same
        plan (the same steps, waits, checks and finish) over fewer nodes, so the search does
        less for each. The root's inputs stay as they are (the entry side comes first), and
        so do steps.
        """
        root = self.order[-1]
        parents: list[set[int]] = [set() for _ in self.ids]
        for i in self.order:
            for way in self.options[i]:
                for c in way:
                    parents[c].add(i)
        kept = set(self.options[root][0]) if self.options[root] else set()
        folded: dict[int, tuple[tuple[int, ...], tuple[Check, ...]]] = {}
        gone: set[int] = set()
        for i in self.order[:-1]:
            self._unfold(i, folded)
            ways = self.options[i]
            if len(ways) != 1:
                continue
            if not self.step[i]:  # waited for in its users' ways from now on
                if i in kept:
                    continue
                folded[i] = (ways[0], self.checks[i][0])
                gone.add(i)
                for c in ways[0]:
                    parents[c].discard(i)
                    parents[c] |= parents[i]
            elif len(ways[0]) == 1 and not self.step[g := ways[0][0]] and g not in kept \
                    and parents[g] == {i}:  # the gate's choice becomes this node's own
                self.options[i] = list(self.options[g])
                self.checks[i] = [self.checks[i][0] + c for c in self.checks[g]]
                gone.add(g)
                for way in self.options[g]:
                    for c in way:
                        parents[c].discard(g)
                        parents[c].add(i)
        self.order = [i for i in self.order if i not in gone]

    def _unfold(self, i: int, folded: Mapping[int, tuple[tuple[int, ...], tuple[Check, ...]]],
                ) -> None:
        """Put in node ``i``'s ways the inputs (and checks) of the gates folded so far."""
        ways, checks = self.options[i], self.checks[i]
        for n, way in enumerate(ways):
            if any(c in folded for c in way):
                kids: list[int] = []
                more = list(checks[n])
                for c in way:
                    if c in folded:
                        kids += folded[c][0]
                        more += folded[c][1]
                    else:
                        kids.append(c)
                ways[n], checks[n] = tuple(dict.fromkeys(kids)), tuple(more)

    def solve(self, dur: list[float], *, wait: bool = True) -> tuple[list[float], list[int]]:
        """Return when each node is soonest had, and the way that has it then (-1: never).

        Without ``wait``, obligations do not wait for the role that brings them.
        """
        val = [_INF] * len(self.ids)
        arg = [-1] * len(self.ids)
        options, after = self.options, self.after if wait else [-1] * len(self.ids)
        for i in self.order:
            best, way = _INF, -1
            for w, kids in enumerate(options[i]):
                v = 0.0
                for c in kids:
                    if val[c] > v:  # noqa: PLR1730  (a call to max costs 3x in this loop)
                        v = val[c]
                if v < best:
                    best, way = v, w
            if way >= 0:
                a = after[i]
                if a >= 0 and val[a] > best:
                    best = val[a]
                best += dur[i]
            val[i], arg[i] = best, way
        return val, arg

    def reached(self, arg: list[int]) -> tuple[list[int], int]:
        """The nodes the plan ``arg`` takes, each before what it waits for, and its steps.

        The steps are a bitset: bit ``i`` for step ``i``.
        """
        # nodes are numbered after what they wait for: one sweep down the numbers finds them
        options, after, bit = self.options, self.after, self.bit
        seen = bytearray(len(arg))
        seen[-1] = 1
        found = []
        bits = 0
        for i in range(len(arg) - 1, -1, -1):
            if seen[i]:
                found.append(i)
                bits |= bit[i]
                for c in options[i][arg[i]]:
                    seen[c] = 1
                a = after[i]
                if a >= 0:
                    seen[a] = 1
        return found, bits

    def plans(self, arg: list[int], reached: list[int], finish: float) -> tuple[Plan, Plan]:
        """The plan ``arg`` chose, as its entry side and its duties (read once for each)."""
        key = (finish, *arg)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = self._plans(arg, reached, finish)
        return found

    def _plans(self, arg: list[int], reached: list[int], finish: float) -> tuple[Plan, Plan]:
        ids, options, named, bit = self.ids, self.options, self.named, self.bit
        below = [0] * len(ids)
        needs: list[tuple[str, str]] = []
        checks: list[Check] = []
        for i in reversed(reached):  # each node after what it waits for
            bits = 0
            for c in options[i][arg[i]]:
                bits |= below[c] | bit[c]
            below[i] = bits
            if bits and named[i]:
                node = ids[i]
                needs += [(node, s) for x, s in named[i] if bits >> x & 1]
            checks += self.checks[i][arg[i]]
        root = self.options[self.root][arg[self.root]]
        entry = duty = 0
        for n, c in enumerate(root):
            bits = below[c] | bit[c]
            if n < self.entry:
                entry |= bits
            else:
                duty |= bits
        return (Plan(frozenset(ids[i] for i in reached if entry >> i & 1), frozenset(needs),
                     frozenset(checks), finish),
                Plan(frozenset(ids[i] for i in reached if duty >> i & 1)))


@attrs.define(eq=False)
class _Branch:
    """A part of the search space and its best plan.

    The part has a way fixed for some nodes (``forced``) and some ways ruled out (``forbid``);
    its best plan says when every node is soonest had there (``val``) and which way has it
    then (``arg``). ``choices`` are the nodes of that plan whose way could still change.
    """

    finish: float
    val: list[float]
    arg: list[int]
    forced: dict[int, int]
    forbid: dict[int, frozenset[int]]
    choices: list[int] = attrs.field(factory=list)


class _Compiler:
    """Numbers the nodes a search can reach, reading them the way :class:`Solver` does."""

    def __init__(self, solver: Solver) -> None:
        self.s = solver
        self.pos: dict[str, int] = {}
        self.net = Net([], [], [], [], [], [])
        self.building: set[int] = set()

    def edge(self, u: str, data: Mapping[str, Any], check: tuple[Check, ...],
             ) -> tuple[int, tuple[Check, ...]]:
        """One edge ``u -> gate/owner``: free, dead or the node to have, with its check."""
        s = self.s
        if u in s.held:
            return (_FREE if s.held_ok(u, data) else _DEAD), ()
        if data.get("unless_not_required") and u in s.not_required:
            return _FREE, ()
        i = self.node(u)
        if i in self.building:  # a requirement cycle: this branch cannot be met
            return _DEAD, ()
        if not self.net.step[i] and self.net.options[i] == [()]:
            return _FREE, ()  # a gate already met: nothing to do
        return i, check

    def node(self, node: str) -> int:
        """The number of ``node`` (not held), numbering what it needs first."""
        i = self.pos.get(node)
        if i is not None:
            return i
        net, s = self.net, self.s
        i = self.pos[node] = len(net.ids)
        kind, n, edges = s.shape(node)
        net.ids.append(node)
        net.step.append(kind <= _EXPERIENCE)
        net.after.append(-1)
        net.options.append([])
        net.checks.append([])
        self.building.add(i)
        ways: list[tuple[tuple[int, ...], tuple[Check, ...]]]
        if kind == _RECORD and not s.allowed(node):
            ways = []
        elif kind <= _EXPERIENCE:  # a record's requirement; an experience gate's role
            ways = [((), ())] if not edges or node in s.under_way else \
                _ways(*self.edge(*edges[0][:3]))
        elif kind == _N_OF:
            ways = self._n_of(n, edges)
        else:
            ways = self._amounts(n, edges)
        self.building.discard(i)
        net.options[i] = [w for w, _c in ways]
        net.checks[i] = [c for _w, c in ways]
        net.order.append(i)
        return i

    def _n_of(self, n: float, edges: tuple[_Edge, ...],
              ) -> list[tuple[tuple[int, ...], tuple[Check, ...]]]:
        """all, any and at-least alike: n of the inputs, those already met counting first."""
        found = [self.edge(*e[:3]) for e in edges]
        need = n - sum(i == _FREE for i, _c in found)
        if need <= 0:
            return [((), ())]
        live = [(i, c) for i, c in found if i >= 0]
        combos = itertools.combinations(live, int(need))  # bounded: C(40, 20) is 10^11
        ways = [(tuple(i for i, _c in combo), tuple(x for _i, c in combo for x in c))
                for combo in itertools.islice(combos, _N_OF_OPTIONS + 1)]
        if len(ways) > _N_OF_OPTIONS:
            self.net.truncated = True
            return ways[:_N_OF_OPTIONS]
        return ways

    def _amounts(self, n: float, edges: tuple[_Edge, ...],
                 ) -> list[tuple[tuple[int, ...], tuple[Check, ...]]]:
        """min_hours / min_credits: each minimal set of items adding up to ``n``."""
        items = [(e[3], *self.edge(*e[:3])) for e in edges]
        need = n - sum(amount for amount, i, _c in items if i == _FREE)
        if need <= 0:
            return [((), ())]
        live = [(amount, i, c) for amount, i, c in items if i >= 0 and amount > 0]
        ways: list[tuple[tuple[int, ...], tuple[Check, ...]]] = []
        for size in range(1, len(live) + 1):
            for combo in itertools.combinations(live, size):
                total = sum(a for a, _i, _c in combo)
                if total >= need and all(total - a < need for a, _i, _c in combo):
                    ways.append((tuple(i for _a, i, _c in combo),
                                 tuple(x for _a, _i, c in combo for x in c)))
            if len(ways) > _AMOUNT_OPTIONS:
                self.net.truncated = True
                return ways[:_AMOUNT_OPTIONS]
        return ways

    def root(self, entry: Sequence[str], duties: Sequence[str], target: str,
             leaves: frozenset[str]) -> Net:
        """Finish the net: the root waits for ``entry`` and the requirements of ``duties``.

        The obligations in ``leaves`` wait for ``target`` when they cannot be on its way.
        """
        kids: list[int] = []
        checks: list[Check] = []
        dead = False
        for node in entry:
            if node not in self.s.held:
                kids.append(self.node(node))
        on_way = set(self.pos)
        for gate in duties:
            _kind, _n, edges = self.s.shape(gate)
            if not edges or gate in self.s.under_way:
                continue
            i, c = self.edge(*edges[0][:3])
            dead = dead or i == _DEAD
            if i >= 0:
                kids.append(i)
                checks += c
        net = self.net
        if target in self.pos and target not in self.s.held:
            for leaf in leaves - on_way:
                if leaf in self.pos:
                    net.after[self.pos[leaf]] = self.pos[target]
        net.entry = sum(1 for node in entry if node not in self.s.held)
        net.ids.append("")
        net.step.append(False)
        net.after.append(-1)
        net.options.append([] if dead else [tuple(kids)])
        net.checks.append([] if dead else [tuple(checks)])
        net.order.append(len(net.ids) - 1)
        net.pos = self.pos
        net.leaves = self.s.direct
        net.link()
        return net


def _shape(g: nx.MultiDiGraph[str], node: str,
           inputs: Sequence[tuple[str, Mapping[str, Any]]]) -> Shape:
    """What ``node`` is for the search (see :meth:`Solver.shape`)."""
    data = g.nodes[node]
    kind = data["gate"] if data["kind"] == "gate" else "record"
    if kind in ("record", "obligation"):
        inputs = [(u, d) for u, d in inputs if d.get("root")][:1]
    elif kind == "experience":
        inputs = inputs[:1]
    field = {"min_hours": "hours", "min_credits": "credits"}.get(kind)
    edges = tuple((u, d, ((u, conditions),) if conditions else (),
                   (g.nodes[u].get(field) or 0) if field else 0)
                  for u, d in inputs
                  for conditions in [tuple((k, d[k]) for k in _CONDITIONS if k in d)])
    code = {"record": _RECORD, "obligation": _RECORD, "experience": _EXPERIENCE,
            "min_hours": _AMOUNT, "min_credits": _AMOUNT}.get(kind, _N_OF)
    return code, data.get("n", 0), edges


def _ways(i: int, checks: tuple[Check, ...]) -> list[tuple[tuple[int, ...], tuple[Check, ...]]]:
    """The ways a single edge gives: nothing to do, none (it is dead), or its node."""
    if i == _FREE:
        return [((), ())]
    return [] if i == _DEAD else [((i,), checks)]


def ranked(net: Net, dur: list[float], cost: Sequence[float] | None = None,
           budget: int | None = None, beaten: Callable[[int, float], bool] | None = None,
           until: float = _INF,
           ) -> Iterator[tuple[tuple[float, float, int], int, list[int], list[int]]]:
    """Yield the net's plans soonest first: bound, steps (a bitset), ways, nodes reached.

    The bound is ``(finish, cost, steps)``: the plan's finish, and the cost (``cost`` of each
    node, 0 by default) and number of the steps that every plan after it takes at least. The
    plans come in the order of their bounds, so that a route found that is better on those
    three is better than every plan to come. :meth:`Net.plans` reads a plan's steps, waits
    and checks from its ways and nodes.

    Lawler's partition over the DP: the best plan, then the parts of the space that keep the
    ways it chose for its first nodes (from the root down) and rule out the way it chose for
    the next one; each part's best plan is its DP with those ways fixed or ruled out, and a
    heap yields them in order. Only the ancestors of the node whose way was ruled out change,
    so a part's finish is known when it is opened (the longest path from that node to the
    root, over ways that are fixed), and its DP is brought up to date when it is reached;
    every plan of a part takes the steps its fixed ways reach (the part's cost and steps).
    Every plan (one way for each node it takes) comes out once, unless ``beaten`` says that
    every plan of a part is beaten: it is given the steps every plan of the part takes (a
    bitset) and the part's finish. Sets ``net.truncated`` and stops after ``budget`` plans
    (by default as :data:`SEARCH_BUDGET` allows), or before a plan that finishes at ``until``
    or later (``net.rest`` then says when the first of them finishes).
    """
    if budget is None:
        budget = max(_MIN_PLANS, SEARCH_BUDGET // len(net.ids))
    val, arg = net.solve(dur)
    root, options, after = net.root, net.options, net.after
    if val[root] >= until:
        net.rest = val[root]
        return
    cost = cost or [0.0] * len(net.ids)
    heap: list[tuple[tuple[float, float, int], int, _Branch | None, int, int]] = [
        ((val[root], 0.0, 0), 0, None, 0, 0)]
    first = _Branch(val[root], val, arg, {}, {})
    opened = pushed = 0
    while heap:
        bound, _n, parent, j, taken = heapq.heappop(heap)
        finish = bound[0]
        if finish >= until:
            net.rest = finish  # every plan left finishes then or later
            return
        if beaten is not None and parent is not None and beaten(taken, finish):
            continue
        branch = first if parent is None else _deviate(net, dur, parent, j, finish)
        reached, bits, tail, parts = _expand(net, dur, cost, branch)
        yield bound, bits, branch.arg, reached
        opened += 1
        if opened >= budget:
            net.truncated = bool(heap)
            return
        forbid, val, arg = branch.forbid, branch.val, branch.arg
        for n, u in enumerate(branch.choices):
            ruled_out = forbid.get(u, ())
            was = arg[u]
            # when node u is soonest had by a way other than those ruled out (as in
            # Net.solve, for one node: once for each choice of each plan)
            then = _INF
            for w, kids in enumerate(options[u]):
                if w == was or w in ruled_out:
                    continue
                v = 0.0
                for c in kids:
                    if val[c] > v:  # noqa: PLR1730  (as in Net.solve)
                        v = val[c]
                if v < then:  # noqa: PLR1730
                    then = v
            if then < _INF:
                a = after[u]
                if a >= 0 and val[a] > then:
                    then = val[a]
                pushed += 1
                steps, spent, count = parts[n]
                late = then + dur[u] + tail[u]
                heapq.heappush(heap, ((late if late > finish else finish, spent, count), pushed,
                                      branch, n, steps))


def _expand(net: Net, dur: list[float], cost: Sequence[float], branch: _Branch,
            ) -> tuple[list[int], int, list[float], list[tuple[int, float, int]]]:
    """Read a branch's plan: its nodes, its steps, how late each may finish, what parts take.

    The nodes the plan takes come each before what it waits for (by number, highest first)
    and its steps as a bitset. Then how much later than itself each node may finish without
    delaying the root (by number; -1 for a node the plan does not take). Last, for each part
    to open from the branch, the steps every plan of it takes (the ``n``-th part keeps the
    ways chosen for the first ``n`` choices: what they reach), as a bitset, with their cost
    and their number. Sets the branch's ``choices``: the nodes of its plan whose way could
    still change.
    """
    options, after, choice = net.options, net.after, net.choice
    arg, forced, forbid = branch.arg, branch.forced, branch.forbid
    root, bit = net.root, net.bit
    # the nodes the plan takes, found in one sweep down the numbers (as Net.reached, inlined):
    # a node is taken once its tail is set (it is -1 until then)
    tail = [-1.0] * len(arg)
    tail[root] = 0.0
    reached: list[int] = []
    steps = 0
    choices: list[int] = []
    # the first part in which every way to the node is fixed (parts are 0, 1, ... by choice)
    fixed_from = [len(arg) + 1] * len(arg)
    fixed_from[root] = 0
    bits: list[int] = [0]
    spent: list[float] = [0.0]
    count: list[int] = [0]
    for i in range(root, -1, -1):
        t = tail[i]
        if t < 0.0:
            continue
        reached.append(i)
        t += dur[i]
        f = fixed_from[i]
        b = bit[i]
        if b:  # a step
            steps |= b
            bits[f] |= b
            spent[f] += cost[i]
            count[f] += 1
        ways = options[i]
        if choice[i] and i not in forced and \
                (i not in forbid or len(ways) - len(forbid[i]) >= 2):
            choices.append(i)
            bits.append(0)
            spent.append(0.0)
            count.append(0)
            f = len(choices)  # below it, fixed from the part that keeps its way on
        for c in ways[arg[i]]:
            if tail[c] < t:  # noqa: PLR1730  (max and min cost 3x in this loop, as in solve)
                tail[c] = t
            if fixed_from[c] > f:  # noqa: PLR1730
                fixed_from[c] = f
        a = after[i]
        if a >= 0 and tail[a] < t:
            tail[a] = t
    branch.choices = choices
    parts = []
    taken, total, number = 0, 0.0, 0
    for n in range(len(choices)):
        taken, total, number = taken | bits[n], total + spent[n], number + count[n]
        parts.append((taken, total, number))
    return reached, steps, tail, parts


def _deviate(net: Net, dur: list[float], parent: _Branch, j: int, finish: float) -> _Branch:
    """Return the best plan of a part of ``parent``'s space.

    The part keeps the ways ``parent``'s plan chose for its first ``j`` choices and rules out
    the way it chose for the next; only that node's ancestors can change, and only later: a
    node whose way does not wait for a node that changed keeps its way and its finish.
    """
    u = parent.choices[j]
    forced = dict(parent.forced)
    for x in parent.choices[:j]:
        forced[x] = parent.arg[x]
    forbid = dict(parent.forbid)
    forbid[u] = forbid.get(u, frozenset()) | {parent.arg[u]}
    val, arg = parent.val.copy(), parent.arg.copy()
    options, parents, after = net.options, net.parents, net.after
    todo = [u]  # by number: each node after what it waits for
    queued = {u}
    while todo:
        i = heapq.heappop(todo)
        # the best way left to node i (as in Net.solve: this loop is the search's core)
        ways = options[i]
        fixed = forced.get(i, -1)
        ruled_out = forbid.get(i, ())
        best, way = _INF, -1
        for w, kids in enumerate(ways):
            if (fixed >= 0 and w != fixed) or w in ruled_out:
                continue
            v = 0.0
            for c in kids:
                if val[c] > v:  # noqa: PLR1730  (as in solve)
                    v = val[c]
            if v < best:
                best, way = v, w
        if way >= 0:
            a = after[i]
            if a >= 0 and val[a] > best:
                best = val[a]
            best += dur[i]
        arg[i] = way
        if best != val[i]:
            val[i] = best
            for p in parents[i]:
                if p not in queued and arg[p] >= 0 and (i in options[p][arg[p]] or
                                                        after[p] == i):
                    queued.add(p)
                    heapq.heappush(todo, p)
    return _Branch(finish, val, arg, forced, forbid)


# -- timing a plan: when each step ends, and what a step waits for ---------------------------


def longest(waits: Mapping[str, list[str]], size: Mapping[str, int]) -> dict[str, int]:
    """When each step ends: its ``size`` after the last of those it waits for ends.

    Raises:
        graphlib.CycleError: Two steps wait for each other.
    """
    end: dict[str, int] = {}
    active: set[str] = set()  # the steps on the path walked down to the current one
    for first in waits:
        if first in end:
            continue
        stack = [first]
        while stack:
            s = stack[-1]
            if s in active:  # back from what it waits for: it ends now
                last = 0
                for d in waits[s]:
                    if end[d] > last:  # noqa: PLR1730  (max costs more in this loop)
                        last = end[d]
                end[s] = last + size[s]
                active.discard(s)
                stack.pop()
                continue
            if s in end:  # reached again by another way
                stack.pop()
                continue
            active.add(s)
            for d in waits[s]:
                if d in active:
                    raise graphlib.CycleError("steps wait for each other", d)
                if d not in end:
                    stack.append(d)
    return end


def upstream(node: str, waits: Mapping[str, list[str]]) -> set[str]:
    """``node`` and every step it waits for (``waits``), directly or through others."""
    found, stack = {node}, [node]
    while stack:
        for needed in waits[stack.pop()]:
            if needed not in found:
                found.add(needed)
                stack.append(needed)
    return found
