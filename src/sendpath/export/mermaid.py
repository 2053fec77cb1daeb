"""Mermaid flowchart text, for Markdown: safe ids, escaped labels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from sendpath.export._draw import drawing, shape

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph

_ARROWS: Final = {"requires": "-->", "obliges": "==>", "leads_to": "-.->",
                  "part_of": "-.->", "covers": "-->", "aligns_with": "---"}
# Characters Mermaid reads in a label, written as its entity codes.
_ENTITIES: Final = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;",
                    "|": "#124;", "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
                    "(": "#40;", ")": "#41;", "`": "#96;"}


def label(text: str) -> str:
    """``text`` as a quoted Mermaid label: its special characters as entity codes.

    Example:
        >>> label('QTS (or "QTLS") & <more>')
        '"QTS #40;or #quot;QTLS#quot;#41; #amp; #lt;more#gt;"'
    """
    out = "".join(_ENTITIES.get(ch, ch) for ch in text.replace("\r", " ").replace("\n", " "))
    return f'"{out}"'


def to_mermaid(g: ProgressionGraph, ref: str | None = None, *,
               nodes: Iterable[str] | None = None) -> str:
    """Return the graph as a Mermaid flowchart: as :func:`~sendpath.export.to_dot` does.

    Node ids are ``n0``, ``n1`` ... in sorted order of the records' ids (Mermaid ids cannot hold
    ``:`` or ``/``); the records' ids are in a comment at the top of each node's line.

    Example:
        >>> import sendpath
        >>> text = to_mermaid(sendpath.load_default().graph, "role:senco")
        >>> text.splitlines()[0]
        'flowchart LR'
    """
    drawn, edges = drawing(g, ref, nodes)
    ids = {node.id: f"n{i}" for i, node in enumerate(drawn)}
    lines = ["flowchart LR"]
    for node in drawn:
        _form, _fill, opening, closing = shape(node.kind)
        lines.append(f"  %% {node.id}")
        lines.append(f"  {ids[node.id]}{opening}{label(node.label)}{closing}")
    for u, v, kind in edges:
        lines.append(f"  {ids[u]} {_ARROWS.get(kind, '-->')}|{kind}| {ids[v]}")
    return "\n".join(lines) + "\n"
