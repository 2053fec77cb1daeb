"""The progression graph: every record and requirement of a catalogue on a frozen networkx graph.

Nodes are record ids (``role:senco``, ``qual:npq-senco``, ``outcome:ts/5``, ...) and *gate* ids
for the inner nodes of requirement trees (``gate:role-senco/requires/0``). Every edge points the
way a career moves: ``u -> v`` with ``kind="requires"`` means *v requires u*, so the ancestors
of a node are everything it needs. Nodes and edges carry ids and scalar attributes only; the
records themselves stay in the :class:`~sendpath.catalogue.Catalogue`.

Node attributes: ``kind`` (the id's kind: ``role``, ``qual``, ``gate``, ...), ``title`` and, where
the record has them, ``months``, ``hours``, ``cost``, ``status``. Gate nodes add ``gate`` (``all``,
``any``, ``at_least``, ``experience``, ``min_hours``, ``min_credits`` or ``obligation``),
``owner`` (the record the tree belongs to) and ``n``, ``months``, ``role``, ``anchor``,
``due_months``, ``need`` as the gate needs.

Edges are keyed by their kind (``g.nx[u][v]["requires"]``; a gate's inputs by kind and
place, ``requires/0``). Edge kinds: ``requires`` (carrying the date conditions of a ``holds``
leaf and ``in_role``), ``obliges`` (role -> its obligation gate), ``leads_to``,
``recommended_before``, ``covers``
(qualification or activity -> outcome), ``part_of`` (outcome -> framework, level -> scale, area
-> its broad area), ``replaced_by``, ``aligns_with`` and ``affects`` (policy -> the records it
bears on).

Example:
    >>> import sendpath
    >>> g = sendpath.load_default().graph
    >>> g.nx.nodes["gate:role-senco/requires"]["gate"]
    'any'
    >>> sorted(g.requirement_leaves("role:teacher"))
    ['qual:induction', 'qual:induction-exemption-qtls', 'qual:qualified-teacher']
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs
import networkx as nx
from networkx import MultiDiGraph

from sendpath._gc import paused
from sendpath.errors import UnknownIdError
from sendpath.ids import parse_id

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

__all__ = ["EDGE_KINDS", "GATE_KINDS", "ProgressionGraph", "build_graph", "gate_id"]

#: Every kind of edge the graph holds.
EDGE_KINDS: Final = frozenset({
    "requires", "recommended_before", "leads_to", "covers", "part_of", "replaced_by",
    "aligns_with", "obliges", "affects",
})
#: Every kind of gate node.
GATE_KINDS: Final = frozenset({
    "all", "any", "at_least", "experience", "min_hours", "min_credits", "obligation",
})


def gate_id(owner: str, path: str) -> str:
    """Return the id of the gate at ``path`` in the requirement tree of ``owner``.

    Example:
        >>> gate_id("role:senco", "requires/0")
        'gate:role-senco/requires/0'
    """
    kind, slug = parse_id(owner)
    return f"gate:{kind}-{slug}/{path}"


@attrs.frozen(eq=False, repr=False)
class ProgressionGraph:
    """A catalogue's records and requirements on a frozen :class:`networkx.MultiDiGraph`.

    The graph composes, never subclasses, networkx: :attr:`nx` is the frozen graph (adding or
    removing a node or edge raises), for any networkx algorithm to read. Query functions live in
    ``sendpath.query`` and take a ``ProgressionGraph``.

    Attributes:
        catalogue: The catalogue the graph was built from (records, titles, sources).

    Example:
        >>> import sendpath
        >>> g = sendpath.load_default().graph
        >>> g.nx.has_edge("qual:qts", "gate:qual-induction/requires")
        True
        >>> "role:senco" in g
        True
    """

    catalogue: Catalogue
    _nx: MultiDiGraph[str]

    @property
    def nx(self) -> MultiDiGraph[str]:
        """The frozen networkx graph (read it; structural changes raise).

        Example:
            >>> import sendpath
            >>> g = sendpath.load_default().graph
            >>> g.nx.nodes["qual:npq-senco"]["months"]
            18
            >>> g.nx.add_node("role:x")
            Traceback (most recent call last):
            ...
            networkx.exception.NetworkXError: Frozen graph can't be modified
        """
        return self._nx

    def __contains__(self, node: object) -> bool:
        return node in self._nx

    def __repr__(self) -> str:
        return (f"<ProgressionGraph {self._nx.number_of_nodes()} nodes, "
                f"{self._nx.number_of_edges()} edges>")

    def node(self, ref: str, kind: str | None = None) -> str:
        """Return the node id that ``ref`` (an id or a short name) names.

        Raises:
            UnknownIdError: No such node; the error suggests close ids.

        Example:
            >>> import sendpath
            >>> sendpath.load_default().graph.node("senco", kind="role")
            'role:senco'
        """
        full = self.catalogue.resolve(ref, kind)
        if full not in self._nx:  # sources are records, not nodes of the graph
            raise UnknownIdError(ref, kind=kind or "graph node")
        return full

    def edges_into(self, node: str, kind: str) -> tuple[tuple[str, Mapping[str, Any]], ...]:
        """Return the edges of ``kind`` into ``node`` as ``(source, data)``, in index order.

        The frozen graph answers this once per kind: every later call is a dictionary look-up.

        Example:
            >>> import sendpath
            >>> g = sendpath.load_default().graph
            >>> [u for u, _data in g.edges_into("gate:role-senco/requires", "requires")]
            ['gate:role-senco/requires/0', 'role:headteacher']
        """
        return self._adjacency[0].get(kind, {}).get(node, ())

    def edges_from(self, node: str, kind: str) -> tuple[tuple[str, Mapping[str, Any]], ...]:
        """Return the edges of ``kind`` out of ``node`` as ``(target, data)``, in index order.

        Example:
            >>> import sendpath
            >>> [v for v, _d in sendpath.load_default().graph.edges_from("role:senco", "obliges")]
            ['gate:role-senco/obligation/0']
        """
        return self._adjacency[1].get(kind, {}).get(node, ())

    @functools.cached_property
    def _adjacency(self) -> tuple[dict[str, dict[str, tuple[tuple[str, Mapping[str, Any]], ...]]],
                                  dict[str, dict[str, tuple[tuple[str, Mapping[str, Any]], ...]]]]:
        """Per kind, the edges into and out of every node, sorted by ``index`` then by id."""
        into: dict[str, dict[str, list[tuple[int, str, Mapping[str, Any]]]]] = {}
        out: dict[str, dict[str, list[tuple[int, str, Mapping[str, Any]]]]] = {}
        for u, v, data in self._nx.edges(data=True):
            kind, index, view = data["kind"], data.get("index", 0), MappingProxyType(data)
            into.setdefault(kind, {}).setdefault(v, []).append((index, u, view))
            out.setdefault(kind, {}).setdefault(u, []).append((index, v, view))

        def ordered(by: dict[str, dict[str, list[tuple[int, str, Mapping[str, Any]]]]],
                    ) -> dict[str, dict[str, tuple[tuple[str, Mapping[str, Any]], ...]]]:
            return {kind: {n: tuple((w, d) for _i, w, d in sorted(rows, key=lambda r: r[:2]))
                           for n, rows in nodes.items()} for kind, nodes in by.items()}

        return ordered(into), ordered(out)

    def requirement_root(self, node: str) -> str | None:
        """Return the node whose satisfaction means ``node``'s own requirement is met, if any.

        That is the gate at the top of its ``requires`` tree, or the single id it requires.

        Example:
            >>> import sendpath
            >>> g = sendpath.load_default().graph
            >>> g.requirement_root("qual:induction"), g.requirement_root("qual:mq-vi")
            ('gate:qual-induction/requires', 'qual:qualified-teacher')
        """
        return next((u for u, data in self.edges_into(node, "requires") if data.get("root")),
                    None)

    def requirement_leaves(self, node: str) -> Iterator[str]:
        """Yield the records (not gates) anywhere in ``node``'s ``requires`` tree, once each.

        Example:
            >>> import sendpath
            >>> sorted(sendpath.load_default().graph.requirement_leaves("role:headteacher"))
            ['qual:qualified-teacher', 'role:senior-leader']
            >>> sorted(sendpath.load_default().graph.requirement_leaves("qual:qualified-teacher"))
            ['qual:etf-membership', 'qual:qtls', 'qual:qts']
        """
        found = self._leaves.get(node)
        if found is None:  # the frozen graph answers once per node
            leaves: list[str] = []
            seen: set[str] = set()
            root = self.requirement_root(node)
            stack = [root] if root is not None else []
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                if self._nx.nodes[current]["kind"] == "gate":
                    stack.extend(u for u, _d in self.edges_into(current, "requires"))
                else:
                    leaves.append(current)
            found = self._leaves[node] = tuple(leaves)
        return iter(found)

    def requirement_closure(self, node: str) -> Mapping[str, int]:
        """Return the records ``node``'s requirement needs at any depth, each with its depth.

        Depth 1 is named in ``node``'s own requirement; 2, in the requirement of one of those;
        and so on, the least depth where a record is needed in several places.

        Example:
            >>> import sendpath
            >>> needs = sendpath.load_default().graph.requirement_closure("role:senco")
            >>> needs["qual:qualified-teacher"], needs["qual:qts"]
            (1, 2)
        """
        key = f"closure {node}"
        found = self._closures.get(key)
        if found is None:
            depth: dict[str, int] = {}
            seen = {node}
            frontier = deque([(node, 0)])  # gates cost nothing: to the front, levels in order
            while frontier:
                current, level = frontier.popleft()
                for u, _d in self.edges_into(current, "requires"):
                    if u in seen:
                        continue
                    seen.add(u)
                    if self._nx.nodes[u]["kind"] == "gate":
                        frontier.appendleft((u, level))
                    else:
                        depth[u] = level + 1
                        frontier.append((u, level + 1))
            found = self._closures[key] = MappingProxyType(depth)
        return found

    @functools.cached_property
    def _closures(self) -> dict[str, Mapping[str, int]]:
        """Each node's requirement closure, filled in when asked."""
        return {}

    @functools.cached_property
    def memo(self) -> dict[str, Any]:
        """What queries work out once for the frozen graph, each under its own name."""
        return {}

    @functools.cached_property
    def _leaves(self) -> dict[str, tuple[str, ...]]:
        """The records in each node's (and obligation gate's) tree, filled in when asked."""
        return {}

    def obligations(self, role: str) -> list[str]:
        """Return the obligation gates of ``role``, in the record's order.

        Example:
            >>> import sendpath
            >>> sendpath.load_default().graph.obligations("role:senco")
            ['gate:role-senco/obligation/0']
        """
        return [v for v, _data in self.edges_from(role, "obliges")]

    @functools.cached_property
    def _progression(self) -> MultiDiGraph[str]:
        view: MultiDiGraph[str] = nx.MultiDiGraph()
        view.add_nodes_from((n, d) for n, d in self._nx.nodes(data=True) if d["kind"] != "gate")
        for u, v, data in self._nx.edges(data=True):
            if data["kind"] == "requires" or self._nx.nodes[u]["kind"] == "gate" or \
                    self._nx.nodes[v]["kind"] == "gate":
                continue
            view.add_edge(u, v, **data)
        for node in list(view.nodes):
            for leaf in sorted(self.requirement_leaves(node)):
                view.add_edge(leaf, node, kind="requires")
            for gate in self.obligations(node):
                for leaf in sorted(self.obligation_leaves(gate)):
                    view.add_edge(node, leaf, kind="obliges")
        nx.freeze(view)  # freezes in place
        return view

    def obligation_leaves(self, gate: str) -> Iterator[str]:
        """Yield the records that can meet the obligation ``gate``, once each.

        Example:
            >>> import sendpath
            >>> g = sendpath.load_default().graph
            >>> sorted(g.obligation_leaves("gate:role-senco/obligation/0"))
            ['qual:nasenco', 'qual:npq-senco']
        """
        key = f"obligation {gate}"  # beside the requirement leaves, apart from any node id
        found = self._leaves.get(key)
        if found is None:
            leaves: dict[str, None] = {}
            stack = [gate]
            seen: set[str] = set()
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                for u, _d in self.edges_into(current, "requires"):
                    if self._nx.nodes[u]["kind"] == "gate":
                        stack.append(u)
                    else:
                        leaves[u] = None
            found = self._leaves[key] = tuple(leaves)
        return iter(found)

    def progression_view(self) -> MultiDiGraph[str]:
        """Return the graph without gate nodes: each record linked straight to what it needs.

        A ``requires`` edge ``u -> v`` here means ``u`` appears somewhere in ``v``'s requirement
        tree (an ``any`` branch included); ``obliges`` links a role to what meets its
        obligations. The view is built once and frozen.

        Example:
            >>> import sendpath
            >>> view = sendpath.load_default().graph.progression_view()
            >>> any(n.startswith("gate:") for n in view)
            False
            >>> view.has_edge("role:teacher", "role:senco")
            True
        """
        return self._progression


def build_graph(cat: Catalogue) -> ProgressionGraph:
    """Build the frozen progression graph of a catalogue (``cat.graph`` caches it).

    Example:
        >>> import sendpath
        >>> g = build_graph(sendpath.load_default())
        >>> g.nx.nodes["qual:npq-senco"]["months"]
        18
    """
    from sendpath._draw import draw  # noqa: PLC0415  (it needs gate_id from here)

    with paused():  # thousands of attribute dicts that live as long as the graph
        return ProgressionGraph(cat, draw(cat))
