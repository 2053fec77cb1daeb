"""The progression graph out, for other tools; crosswalks out and in as SSSOM.

Node-link JSON, GraphML, DOT and Mermaid for the graph; SSSOM TSV for crosswalks. Free
functions in the style of networkx's ``readwrite``, one module per format. Each writes the
graph, or the part of it around one record (:func:`view`), with every attribute a scalar (dates
as ISO text; lists and tables as JSON text), sorted, so that the same data always gives the same
bytes, and writes files atomically. networkx's own readers read them back into an equal graph.

Example:
    >>> import sendpath
    >>> from sendpath import export
    >>> g = sendpath.load_default().graph
    >>> part = export.view(g, "role:senco")
    >>> "qual:npq-senco" in part, part.graph["data_version"] == g.catalogue.data_version
    (True, True)
"""

from sendpath.export._view import view
from sendpath.export.dot import to_dot
from sendpath.export.graphml import graphml_bytes, write_graphml
from sendpath.export.mermaid import to_mermaid
from sendpath.export.node_link import node_link_data, write_node_link
from sendpath.export.sssom import imported_sssom, read_sssom, to_sssom, write_sssom

__all__ = ["graphml_bytes", "imported_sssom", "node_link_data", "read_sssom", "to_dot",
           "to_mermaid", "to_sssom", "view", "write_graphml", "write_node_link", "write_sssom"]
