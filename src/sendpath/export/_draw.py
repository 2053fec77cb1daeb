"""What a drawing shows: the nodes and edges to draw, each with its label and style."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, NamedTuple

from sendpath.export._view import label, view

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph

#: How each kind of node is drawn: (DOT shape, DOT fill colour, Mermaid opening and closing).
SHAPES: Final = {
    "role": ("box", "#cfe2ff", "[", "]"),
    "qual": ("ellipse", "#fff3cd", "(", ")"),
    "activity": ("ellipse", "#e2e3e5", "([", "])"),
    "outcome": ("note", "#d1e7dd", ">", "]"),
    "fw": ("folder", "#f8d7da", "[[", "]]"),
    "area": ("tab", "#e0cffc", "[/", "/]"),
    "gate": ("diamond", "#ffffff", "{", "}"),
}
_OTHER: Final = ("box", "#ffffff", "[", "]")


class Drawn(NamedTuple):
    """A node to draw: its id, kind and label."""

    id: str
    kind: str
    label: str


def drawing(g: ProgressionGraph, ref: str | None = None,
            nodes: Iterable[str] | None = None) -> tuple[list[Drawn], list[tuple[str, str, str]]]:
    """The nodes and edges (``from``, ``to``, kind) to draw, sorted.

    ``nodes`` draws just those (a route's steps, say) with the edges between them; ``ref``
    draws the part around a record (:func:`~sendpath.export.view`); neither draws the
    progression view of roles and qualifications.
    """
    if nodes is not None:
        chosen = set(nodes)
        full = g.nx
        for n in chosen:
            if n not in full:
                view(g, n)  # raises the unknown-id error
        drawn = [Drawn(n, full.nodes[n]["kind"], label(full.nodes[n], n)) for n in sorted(chosen)]
        edges = sorted({(u, v, d["kind"]) for u, v, d in full.edges(data=True)
                        if u in chosen and v in chosen})
        return drawn, edges
    if ref is None:
        prog = g.progression_view()
        keep = {n for n, d in prog.nodes(data=True) if d["kind"] in ("role", "qual")}
        drawn = [Drawn(n, prog.nodes[n]["kind"], label(prog.nodes[n], n)) for n in sorted(keep)]
        edges = sorted({(u, v, d["kind"]) for u, v, d in prog.edges(data=True)
                        if u in keep and v in keep})
        return drawn, edges
    part = view(g, ref)
    drawn = [Drawn(n, d.get("kind", ""), label(d, n)) for n, d in part.nodes(data=True)]
    edges = sorted({(u, v, d["kind"]) for u, v, d in part.edges(data=True)})
    return drawn, edges


def shape(kind: str) -> tuple[str, str, str, str]:
    """How a node of ``kind`` is drawn (see :data:`SHAPES`)."""
    return SHAPES.get(kind, _OTHER)
