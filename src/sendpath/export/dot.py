"""Graphviz DOT: roles, qualifications, activities, outcomes and gates each drawn their way."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from sendpath.export._draw import Drawn, drawing, shape
from sendpath.render import short_title

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph

# How each kind of edge is drawn.
_EDGES: Final = {"requires": "", "obliges": ' style=bold color="#b02a37"',
                 "leads_to": ' style=dashed color="#6c757d"', "part_of": " style=dotted",
                 "covers": ' color="#198754"', "aligns_with": " style=dotted dir=none"}
_RANKDIRS: Final = ("LR", "TB", "RL", "BT")


def quote(text: str) -> str:
    r"""``text`` as a DOT quoted string: backslashes and quotes escaped, line breaks as ``\n``.

    Example:
        >>> print(quote('say "hi" \\ bye'))
        "say \"hi\" \\ bye"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def to_dot(g: ProgressionGraph, ref: str | None = None, *,
           nodes: Iterable[str] | None = None,
           edges: Iterable[tuple[str, str, str]] | None = None,
           rankdir: str = "LR", short: bool = False,
           labels: Mapping[str, str] | None = None,
           clusters: Mapping[str, Iterable[str]] | None = None) -> str:
    r"""Return the graph as DOT text.

    Without ``ref``, the progression view of roles and qualifications; with it, the part around
    ``ref``; with ``nodes``, just those (a route's steps) and the edges between them. Every id
    and label is quoted; nodes and edges are sorted.

    The other options shape the drawing (the documentation's diagrams use them):

    - ``edges``: with ``nodes``, the edges to draw instead of the graph's own, as
      ``(from, to, label)`` (an empty label draws none), say a route's order of steps;
    - ``rankdir``: the direction of the layout, ``LR`` (left to right, the default), ``TB``,
      ``RL`` or ``BT``;
    - ``short``: label nodes with their short names (:func:`sendpath.render.short_title`),
      wrapped on lines of about 24 characters, and draw edges without their kinds;
    - ``labels``: a label for some nodes, instead of their titles;
    - ``clusters``: named groups of nodes, each drawn in a box with its name.

    Raises:
        ValueError: ``edges`` without ``nodes``, an edge or a cluster with a node not drawn,
            or an unknown ``rankdir``.

    Example:
        >>> import sendpath
        >>> text = to_dot(sendpath.load_default().graph, "role:senco")
        >>> text.splitlines()[0], '"role:senco" [label=' in text
        ('digraph sendpath {', True)
        >>> text = to_dot(sendpath.load_default().graph, nodes=["role:teacher", "role:senco"],
        ...               edges=[("role:teacher", "role:senco", "")], short=True, rankdir="TB")
        >>> '"role:senco" [label="SENCO"' in text, '"role:teacher" -> "role:senco";' in text
        (True, True)
    """
    if rankdir not in _RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(_RANKDIRS)}, not {rankdir!r}")
    if edges is not None and nodes is None:
        raise ValueError("edges are drawn between nodes: give nodes too")
    drawn, graph_edges = drawing(g, ref, nodes)
    names = {node.id for node in drawn}
    lines = ["digraph sendpath {", f"  rankdir={rankdir};",
             '  node [style=filled fontname="Helvetica" fontsize=10];',
             '  edge [fontname="Helvetica" fontsize=9];']
    grouped: dict[str, str] = {}
    for name, members in (clusters or {}).items():
        for member in members:
            _drawn(member, names)
            grouped.setdefault(member, name)
    own = labels or {}

    def node_line(node: Drawn) -> str:
        form, fill, _open, _close = shape(node.kind)
        text = own.get(node.id) or (_wrap(short_title(node.label)) if short else node.label)
        return f"{quote(node.id)} [label={quote(text)} shape={form} fillcolor=\"{fill}\"];"

    lines += [f"  {node_line(node)}" for node in drawn if node.id not in grouped]
    for n, name in enumerate(clusters or {}):
        inside = [d for d in drawn if grouped.get(d.id) == name]
        if inside:
            lines.append(f"  subgraph cluster_{n} {{")
            lines.append(f'    label={quote(name)}; style=rounded; color="#6c757d"; '
                         'fontname="Helvetica"; fontsize=11;')
            lines += [f"    {node_line(d)}" for d in inside]
            lines.append("  }")
    if edges is not None:
        for u, v, text in sorted(set(edges)):
            _drawn(u, names)
            _drawn(v, names)
            lines.append(f"  {quote(u)} -> {quote(v)}"
                         + (f" [label={quote(text)}];" if text else ";"))
    else:
        for u, v, kind in graph_edges:
            label = "" if short else f"label={quote(kind)}"
            style = f"{label}{_EDGES.get(kind, '')}".strip()
            lines.append(f"  {quote(u)} -> {quote(v)}" + (f" [{style}];" if style else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _drawn(node: str, names: set[str]) -> None:
    if node not in names:
        raise ValueError(f"{node} is not one of the nodes drawn")


def _wrap(text: str) -> str:
    """``text`` on lines of about 24 characters."""
    return "\n".join(textwrap.wrap(text, 24, break_long_words=False)) or text
