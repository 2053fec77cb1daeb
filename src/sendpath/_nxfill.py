"""Filling a new networkx MultiDiGraph through its own dicts, as its methods would, faster.

networkx's ``add_node`` and ``add_edge`` check their arguments, clear the graph's cache and
copy each attribute mapping on every call: a graph of hundreds of nodes and edges, built once,
spends most of its build there. :class:`Filler` makes the same changes to the graph's dicts
(``_node``, ``_succ``, ``_pred``), in the same order, and nothing else, so that the graph is the
same, its orders of iteration included. :class:`Public` does it through the public methods;
the tests build the progression graph both ways and compare them.

Example:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> fill = Filler(g)
    >>> fill.node("a", {"kind": "role"})
    >>> fill.edge("a", "b", "leads_to", {"kind": "leads_to"})
    >>> list(g.nodes(data=True)), list(g.edges(keys=True, data=True))
    ([('a', {'kind': 'role'}), ('b', {})], [('a', 'b', 'leads_to', {'kind': 'leads_to'})])
"""

from __future__ import annotations

from typing import Any

from networkx import MultiDiGraph

__all__ = ["Filler", "Public"]


class Filler:
    """Adds nodes and edges to a new, empty :class:`networkx.MultiDiGraph` through its dicts.

    It takes the attribute dicts it is given as the graph's own (no copy): each must be a new
    dict, used nowhere else.

    Raises:
        ValueError: The graph is not a new, empty, plain ``MultiDiGraph``.
    """

    __slots__ = ("_node", "_pred", "_succ")

    def __init__(self, g: MultiDiGraph[str]) -> None:
        parts = vars(g)
        if type(g) is not MultiDiGraph or g.number_of_nodes() or parts.get("__networkx_cache__"):
            raise ValueError("a Filler fills a new, empty networkx.MultiDiGraph")
        self._node: dict[str, dict[str, Any]] = parts["_node"]
        self._succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = parts["_succ"]
        self._pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = parts["_pred"]

    def node(self, n: str, data: dict[str, Any]) -> None:
        """``g.add_node(n, **data)``: add ``n`` with ``data``, or update its attributes."""
        found = self._node.get(n)
        if found is None:
            self._succ[n] = {}
            self._pred[n] = {}
            self._node[n] = data
        else:
            found.update(data)

    def edge(self, u: str, v: str, key: str, data: dict[str, Any]) -> None:
        """``g.add_edge(u, v, key=key, **data)``: add the edge (and its ends), or update it."""
        if u not in self._succ:
            self.node(u, {})
        if v not in self._succ:
            self.node(v, {})
        keydict = self._succ[u].get(v)
        if keydict is None:
            self._succ[u][v] = self._pred[v][u] = {key: data}
            return
        found = keydict.get(key)
        if found is None:
            keydict[key] = data
        else:
            found.update(data)


class Public:
    """The same changes as :class:`Filler`, made through networkx's public methods (slower)."""

    __slots__ = ("_g",)

    def __init__(self, g: MultiDiGraph[str]) -> None:
        self._g = g

    def node(self, n: str, data: dict[str, Any]) -> None:
        """``g.add_node(n, **data)``."""
        self._g.add_node(n, **data)

    def edge(self, u: str, v: str, key: str, data: dict[str, Any]) -> None:
        """``g.add_edge(u, v, key=key, **data)``."""
        self._g.add_edge(u, v, key=key, **data)
