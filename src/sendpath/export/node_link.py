"""networkx node-link JSON: :func:`networkx.node_link_data` with ``edges="edges"``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from sendpath._output import dumps
from sendpath.export._view import view

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph


def node_link_data(g: ProgressionGraph, ref: str | None = None, *,
                   nodes: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the graph (or ``ref``'s part: see :func:`~sendpath.export.view`) as node-link data.

    ``networkx.node_link_graph(data, edges="edges")`` reads it back into an equal graph.

    Example:
        >>> import sendpath
        >>> data = node_link_data(sendpath.load_default().graph, "role:senco")
        >>> data["directed"], data["multigraph"], "edges" in data
        (True, True, True)
    """
    data: dict[str, Any] = nx.node_link_data(view(g, ref, nodes=nodes), edges="edges")
    return data


def write_node_link(g: ProgressionGraph, path: str | Path, ref: str | None = None, *,
                    nodes: Iterable[str] | None = None) -> None:
    """Write :func:`node_link_data` to ``path`` as sorted JSON, atomically.

    Raises:
        WriteError: The file cannot be written (or is a file of the catalogue's package).
    """
    from sendpath.io.output import atomic_write  # noqa: PLC0415

    atomic_write(path, dumps(node_link_data(g, ref, nodes=nodes)).encode(),
                 inputs=[g.catalogue.root] if isinstance(g.catalogue.root, Path) else ())
