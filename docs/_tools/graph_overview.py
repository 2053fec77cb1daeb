"""Draw ``docs/_static/graph-overview.svg``: the exported GraphML as a network tool shows it.

Run ``python docs/_tools/graph_overview.py`` (needs Graphviz's ``sfdp``) after a data change.
The picture is drawn from the GraphML file sendpath writes, read back with networkx, exactly the
file the Gephi how-to opens: nodes coloured by their ``kind`` attribute (Gephi's "partition" by
``kind``), sized by their degree, roles labelled, laid out by a force-directed layout (sfdp, a
close cousin of Gephi's ForceAtlas 2).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx

import sendpath
from sendpath.export import write_graphml
from sendpath.export.dot import quote as quote_dot
from sendpath.render import short_title

OUT = Path(__file__).parent.parent / "_static" / "graph-overview.svg"
COLOURS = {"role": "#d95f02", "qual": "#1b9e77", "activity": "#66a61e", "gate": "#999999",
           "outcome": "#7570b3", "fw": "#e7298a", "area": "#e6ab02", "level": "#a6761d",
           "scale": "#a6761d", "policy": "#666666"}


def main(out: Path = OUT) -> None:
    """Write the picture to ``out`` (its suffix is the format: ``.svg``, or ``.png``)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sendpath.graphml"
        write_graphml(sendpath.load_default().graph, path)
        g = nx.read_graphml(path, force_multigraph=True)
    lines = ["graph overview {", '  graph [outputorder=edgesfirst, overlap=prism, splines=false,'
             ' bgcolor="white", pad=0.2, K=0.6, fontname="Helvetica", fontsize=22];',
             '  node [shape=circle, style=filled, penwidth=0, label="", fixedsize=true,'
             ' fontname="Helvetica", fontsize=9, fontcolor="#333333"];',
             '  edge [color="#00000022", arrowhead=none, penwidth=0.6];']
    for n, data in sorted(g.nodes(data=True)):
        kind = data.get("kind", "")
        size = 0.08 + 0.02 * min(g.degree(n), 20)
        extra = ""
        if kind == "role":  # roles named, beside their dot
            extra = f", xlabel={quote_dot(short_title(data.get('title', n)))}"
        lines.append(f"  {quote_dot(n)} [fillcolor={quote_dot(COLOURS.get(kind, '#cccccc'))}, "
                     f"width={size:.2f}{extra}];")
    for u, v in sorted({tuple(sorted((u, v))) for u, v in g.edges()}):
        lines.append(f"  {quote_dot(u)} -- {quote_dot(v)};")
    legend = " ".join(f'<font color="{c}">&#9679;</font> {k}' for k, c in COLOURS.items()
                      if k != "scale")
    lines.append(f"  label=<{legend}>; labelloc=b;")
    lines.append("}")
    fmt = out.suffix.lstrip(".") or "svg"  # another suffix (png) for a quick look
    drawn = subprocess.run(["sfdp", f"-T{fmt}"],  # noqa: S603, S607  (Graphviz, on our DOT) input="\n".join(lines).encode(),
                           capture_output=True, check=True).stdout
    out.write_bytes(drawn)
    print(f"wrote {out} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
