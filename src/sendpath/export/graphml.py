"""GraphML, for Gephi, yEd and ``networkx.read_graphml``."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from sendpath.export._view import view

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph


def graphml_bytes(g: ProgressionGraph, ref: str | None = None, *,
                  nodes: Iterable[str] | None = None) -> bytes:
    """Return the graph (or ``ref``'s part) as GraphML.

    Each attribute has one type across the graph (``infer_numeric_types``: a number that is
    sometimes whole and sometimes not is a ``double``); ``networkx.read_graphml(path,
    force_multigraph=True)`` reads it back into an equal graph.

    Example:
        >>> import sendpath
        >>> graphml_bytes(sendpath.load_default().graph, "role:senco")[:38]
        b"<?xml version='1.0' encoding='utf-8'?>"
    """
    out = io.BytesIO()
    nx.write_graphml(view(g, ref, nodes=nodes), out, infer_numeric_types=True)
    return out.getvalue()


def write_graphml(g: ProgressionGraph, path: str | Path, ref: str | None = None, *,
                  nodes: Iterable[str] | None = None) -> None:
    """Write :func:`graphml_bytes` to ``path``, atomically.

    Raises:
        WriteError: The file cannot be written (or is a file of the catalogue's package).
    """
    from sendpath.io.output import atomic_write  # noqa: PLC0415

    atomic_write(path, graphml_bytes(g, ref, nodes=nodes),
                 inputs=[g.catalogue.root] if isinstance(g.catalogue.root, Path) else ())
