"""The graph out: node-link JSON and GraphML, read back by networkx into an equal graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import sendpath
from sendpath import export
from sendpath.cli import main
from sendpath.errors import UnknownIdError

G = sendpath.load_default().graph
PARTS = [None, "role:senco", "qual:npq-senco", "fw:ittecf", "area:sensory-physical"]


def same(a: Any, b: Any) -> None:
    """Two multigraphs with the same nodes, edges (with keys) and attributes."""
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted((u, v, str(k), sorted(d.items())) for u, v, k, d in a.edges(keys=True,
                                                                             data=True)) == \
        sorted((u, v, str(k), sorted(d.items())) for u, v, k, d in b.edges(keys=True, data=True))


@pytest.mark.parametrize("ref", PARTS)
def test_node_link_reads_back_equal(ref: str | None, tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    export.write_node_link(G, path, ref)
    back = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    same(back, export.view(G, ref))
    assert back.graph["data_version"] == G.catalogue.data_version


@pytest.mark.parametrize("ref", PARTS)
def test_graphml_reads_back_equal(ref: str | None, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    export.write_graphml(G, path, ref)
    back = nx.read_graphml(path, force_multigraph=True)
    same(back, export.view(G, ref))


def test_every_attribute_is_a_scalar_and_the_output_is_deterministic() -> None:
    part = export.view(G)
    for _n, data in part.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    assert export.graphml_bytes(G) == export.graphml_bytes(G)
    assert list(part) == sorted(part)


def test_a_part_follows_requirements_and_parts() -> None:
    senco = export.view(G, "role:senco")
    assert {"qual:npq-senco", "qual:nasenco", "qual:qts", "role:teacher"} <= set(senco)
    assert "role:teaching-assistant" not in senco
    ittecf = export.view(G, "fw:ittecf")
    assert all(n == "fw:ittecf" or n.startswith("outcome:") for n in ittecf)
    with pytest.raises(UnknownIdError):
        export.view(G, "role:nobody")


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "node-link", "--subgraph", "role:senco"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any(n["id"] == "qual:npq-senco" for n in data["nodes"])
    out = tmp_path / "g.graphml"
    assert main(["export", "--format", "graphml", "-o", str(out)]) == 0
    assert nx.read_graphml(out, force_multigraph=True).number_of_nodes() == \
        G.nx.number_of_nodes()
    assert main(["export", "--format", "graphml", "--subgraph", "role:nobody"]) == 2
