"""The graph as exported: the whole progression graph or the part around one record."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
from networkx import MultiDiGraph

from sendpath._output import sendpath_version
from sendpath.errors import UnknownIdError

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph

def view(g: ProgressionGraph, ref: str | None = None, *,
         nodes: Iterable[str] | None = None) -> MultiDiGraph[str]:
    """Return the graph to export: all of it, or the part around ``ref``, attributes as scalars.

    For a role, qualification or activity the part is what it requires and obliges, gates
    included, at any depth; for a framework, an area of need, a scale or an outcome, its parts
    at any depth. With ``nodes``, just those nodes and the edges between them: a route's
    steps, say (``nodes=route.step_ids()``). Nodes and edges are in sorted order; the graph's
    attributes name the data (``data_version``, ``data_digest``, ``sendpath_version``,
    ``source``: the record, ``nodes``, or ``all``). Each node has a ``label`` besides the
    graph's own attributes: its title (for a gate, what it asks: ``all``, ``any``, ``2 of``),
    which Gephi, yEd and Cytoscape show as the node's name.

    Raises:
        UnknownIdError: ``ref`` or one of ``nodes`` is not a node of the graph.
        ValueError: Both ``ref`` and ``nodes`` are given.

    Example:
        >>> import sendpath
        >>> g = sendpath.load_default().graph
        >>> sorted(view(g, "area:sensory-physical"))[:3]
        ['area:hi', 'area:msi', 'area:pd']
    """
    full = g.nx
    if ref is not None and nodes is not None:
        raise ValueError("give ref (a record's part) or nodes (just those), not both")
    if nodes is not None:
        chosen = set(nodes)
        for n in sorted(chosen):
            _known(full, n)
    elif ref is None:
        chosen = set(full)
    else:
        _known(full, ref)
        chosen = {ref} | _reach(full, ref)
    version = g.catalogue.data_version
    about = {"data_version": str(version), "sendpath_version": sendpath_version(),
             "source": ref or ("nodes" if nodes is not None else "all")}
    if version.digest is not None:  # GraphML has no null: a catalogue built in memory has none
        about["data_digest"] = version.digest
    out: MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(about)
    for n in sorted(chosen):
        out.add_node(n, **_scalars({**full.nodes[n], "label": label(full.nodes[n], n)}))
    for u, v, k, data in sorted(full.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u in chosen and v in chosen:
            out.add_edge(u, v, key=k, **_scalars(data))
    return out


def label(data: dict[str, object], node: str) -> str:
    """A node's label: its title, or for a gate what it asks (all, any, 2 of ...)."""
    if data.get("kind") == "gate":
        gate, n = data.get("gate"), data.get("n")
        return f"{n} of" if gate == "at_least" else str(gate)
    return str(data.get("title") or node)


def _known(full: MultiDiGraph[str], ref: str) -> None:
    if ref not in full:
        import difflib  # noqa: PLC0415  (only a mistyped id pays for it)

        nodes = [n for n in full if not n.startswith("gate:")]  # records, not gates
        raise UnknownIdError(ref, candidates=difflib.get_close_matches(ref[:100], nodes, 3))


def _reach(full: MultiDiGraph[str], ref: str) -> set[str]:
    """The nodes in ``ref``'s part, following edges towards what it needs or is made of.

    Requirement edges run from what is needed to what needs it, and a duty's edge from the role
    to the duty's gate; parts point at what they are part of.
    """
    needs = full.nodes[ref].get("kind") in ("role", "qual", "activity", "gate")
    seen: set[str] = set()
    todo = [ref]
    while todo:
        node = todo.pop()
        wanted = "requires" if needs else "part_of"
        found = [u for u, _v, data in full.in_edges(node, data=True) if data["kind"] == wanted]
        if needs:
            found += [v for _u, v, data in full.out_edges(node, data=True)
                      if data["kind"] == "obliges"]
        for other in found:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes as GraphML can hold them: text, numbers and flags; the rest as text."""
    out: dict[str, Any] = {}
    for key in sorted(data):
        value = data[key]
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool)):
            value = json.dumps(value, sort_keys=True, default=str)
        out[key] = value
    return out
