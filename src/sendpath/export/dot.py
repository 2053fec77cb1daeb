"""Graphviz DOT: roles, qualifications, activities, outcomes and gates each drawn their way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from sendpath.export._draw import drawing, shape

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph

# How each kind of edge is drawn.
_EDGES: Final = {"requires": "", "obliges": ' style=bold color="#b02a37"',
                 "leads_to": ' style=dashed color="#6c757d"', "part_of": " style=dotted",
                 "covers": ' color="#198754"', "aligns_with": " style=dotted dir=none"}


def quote(text: str) -> str:
    r"""``text`` as a DOT quoted string: backslashes and quotes escaped, line breaks as ``\n``.

    Example:
        >>> print(quote('say "hi" \\ bye'))
        "say \"hi\" \\ bye"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def to_dot(g: ProgressionGraph, ref: str | None = None, *,
           nodes: Iterable[str] | None = None) -> str:
    """Return the graph as DOT text.

    Without ``ref``, the progression view of roles and qualifications; with it, the part around
    ``ref``; with ``nodes``, just those (a route's steps) and the edges between them. Every id
    and label is quoted; nodes and edges are sorted.

    Example:
        >>> import sendpath
        >>> text = to_dot(sendpath.load_default().graph, "role:senco")
        >>> text.splitlines()[0], '"role:senco" [label=' in text
        ('digraph sendpath {', True)
    """
    drawn, edges = drawing(g, ref, nodes)
    lines = ["digraph sendpath {", "  rankdir=LR;",
             '  node [style=filled fontname="Helvetica" fontsize=10];',
             '  edge [fontname="Helvetica" fontsize=9];']
    for node in drawn:
        form, fill, _open, _close = shape(node.kind)
        lines.append(f"  {quote(node.id)} [label={quote(node.label)} shape={form} "
                     f'fillcolor="{fill}"];')
    for u, v, kind in edges:
        lines.append(f"  {quote(u)} -> {quote(v)} [label={quote(kind)}{_EDGES.get(kind, '')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
