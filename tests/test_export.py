"""The graph out: node-link JSON and GraphML, read back by networkx into an equal graph."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import export
from sendpath.cli import main
from sendpath.errors import DataError, UnknownIdError
from sendpath.export._draw import drawing

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


# -- drawings ----------------------------------------------------------------------------------

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _tricky() -> Any:
    """A small catalogue whose titles hold what DOT and Mermaid must escape."""
    import attrs
    from _catalogues import catalogue, qual, role

    from sendpath.model import AnyOf, Ref

    return catalogue([
        attrs.evolve(qual("a"), title='Award "A" \\ back'),
        attrs.evolve(qual("b"), title="B (<b> & [x] {y} | #1)"),
        role("r", requires=AnyOf(items=(Ref(id="qual:a"), Ref(id="qual:b"))))]).graph


@pytest.mark.parametrize("ref", [None, "role:r"])
def test_dot_quotes_every_id_and_label(ref: str | None) -> None:
    g = _tricky()
    body = export.to_dot(g, ref).splitlines()[4:-1]
    for line in body:
        rest = _QUOTED.sub("", line)
        assert '"' not in rest  # every quote is inside a quoted string
        assert "\\" not in rest
    labels = [m.group(0) for line in body for m in _QUOTED.finditer(line)]
    assert r'"Award \"A\" \\ back"' in labels
    drawn, edges = drawing(g, ref)
    assert len([ln for ln in body if " -> " in ln]) == len(edges)
    assert len([ln for ln in body if " -> " not in ln]) == len(drawn)


_NODE = re.compile(r"n\d+(\[|\(|\(\[|>|\[\[|\[/|\{)\"[^\"]*\"(\]|\)|\]\)|\]\]|/\]|\})")
_EDGE = re.compile(r"n\d+ (-->|==>|-\.->|---)\|\w+\| n\d+")


@pytest.mark.parametrize("ref", [None, "role:r"])
def test_mermaid_ids_are_safe_and_labels_escaped(ref: str | None) -> None:
    g = _tricky()
    lines = [ln.strip() for ln in export.to_mermaid(g, ref).splitlines()[1:]
             if not ln.strip().startswith("%%")]
    drawn, edges = drawing(g, ref)
    assert len([ln for ln in lines if _NODE.fullmatch(ln)]) == len(drawn)
    assert len([ln for ln in lines if _EDGE.fullmatch(ln)]) == len(edges)
    assert all(_NODE.fullmatch(ln) or _EDGE.fullmatch(ln) for ln in lines)
    if ref is None:
        assert "B #40;#lt;b#gt; #amp; #91;x#93; #123;y#125; #124; #35;1#41;" in \
            export.to_mermaid(g, ref)


def test_a_drawing_of_a_route_and_of_the_progression_view() -> None:
    route = sendpath.query.routes(G, "teacher", "senco").routes[0]
    steps = [s.id for s in route.steps]
    dot = export.to_dot(G, nodes=steps)
    assert all(f'"{s}" [label=' in dot for s in steps)
    whole = export.to_mermaid(G)
    kinds = {G.nx.nodes[line.split()[1]]["kind"] for line in whole.splitlines()
             if line.strip().startswith("%%")}
    assert kinds == {"role", "qual"}


def test_cli_export_drawings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "dot", "--subgraph", "role:senco"]) == 0
    assert capsys.readouterr().out.startswith("digraph sendpath {")
    assert main(["export", "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR")


# -- SSSOM -------------------------------------------------------------------------------------


def links_equal(a: Any, b: Any) -> bool:
    """Whether two sets of crosswalks say the same, as far as SSSOM carries (not locators)."""
    def key(c: Any) -> tuple[Any, ...]:
        return (c.from_, c.to, c.relation, c.confidence, " ".join(c.rationale.split()),
                tuple(dict.fromkeys(s.source for s in c.sources)))

    return sorted(map(key, a)) == sorted(map(key, b))


def test_sssom_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "crosswalks.sssom.tsv"
    export.write_sssom(G.catalogue, path)
    back = export.read_sssom(path)
    assert links_equal(back, G.catalogue.crosswalks)
    assert len(back) == len(G.catalogue.crosswalks)
    assert {c.confidence for c in back} == {"sourced", "editorial"}
    header = [ln for ln in path.read_text().splitlines() if ln.startswith("#")]
    assert any(ln.startswith("# mapping_set_id: ") for ln in header)
    assert any(ln.startswith("# license: ") for ln in header)


def test_sssom_in_reports_every_bad_row_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.sssom.tsv"
    path.write_text("# mapping_set_id: x\n"
                    "subject_id\tpredicate_id\tobject_id\tconfidence\tsee_also\tcomment\n"
                    "outcome:a/1\tskos:exactMatch\toutcome:b/1\t0.5\t\twhy\n"
                    "outcome:a/1\towl:sameAs\toutcome:b/2\t0.5\t\twhy\n"
                    "role:x\tskos:broadMatch\toutcome:b/3\t1.0\tsource:s\t\n")
    with pytest.raises(DataError) as caught:
        export.read_sssom(path)
    assert sorted((p.line, p.field) for p in caught.value.problems) == [(4, "predicate_id"),
                                                                         (5, "subject_id")]


def test_cli_export_sssom(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "sssom"]) == 0
    assert "skos:exactMatch" in capsys.readouterr().out
    assert main(["export", "--format", "sssom", "--subgraph", "role:senco"]) == 2


# --- random graphs: every export reads back equal ----------------------------------------------

_TITLES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                  max_size=12).filter(lambda t: t.strip())


@st.composite
def random_graphs(draw: st.DrawFn) -> Any:
    """A small random catalogue: quals with random titles, lengths, costs and requirements."""
    import attrs
    from _catalogues import catalogue, qual, role

    from sendpath.model import AllOf, AnyOf, AtLeast, Ref

    n = draw(st.integers(1, 5))

    def tree(below: int) -> st.SearchStrategy[Any]:
        leaves = st.integers(0, below - 1).map(lambda i: Ref(id=f"qual:q{i}"))
        lists = st.lists(leaves, unique=True, min_size=1, max_size=3)
        return st.one_of(leaves, lists.map(lambda xs: AllOf(items=tuple(xs))),
                         lists.map(lambda xs: AnyOf(items=tuple(xs))),
                         lists.flatmap(lambda xs: st.integers(1, len(xs)).map(
                             lambda k: AtLeast(n=k, of=tuple(xs)))))

    records = [attrs.evolve(qual(f"q{i}", months=draw(st.none() | st.integers(1, 36)),
                                 cost=draw(st.none() | st.integers(0, 3000) | st.floats(0, 3000)),
                                 requires=draw(st.none() | tree(i)) if i else None),
                            title=draw(_TITLES))
               for i in range(n)]
    records.append(attrs.evolve(role("target", requires=draw(tree(n))), title=draw(_TITLES)))
    return catalogue(records).graph


@settings(max_examples=40, deadline=None)
@given(random_graphs(), st.sampled_from([None, "role:target", "qual:q0"]))
def test_random_graphs_read_back_equal(g: Any, ref: str | None) -> None:
    import io

    part = export.view(g, ref)
    same(nx.node_link_graph(json.loads(json.dumps(export.node_link_data(g, ref))),
                            edges="edges"), part)
    same(nx.read_graphml(io.BytesIO(export.graphml_bytes(g, ref)), force_multigraph=True), part)
    assert export.graphml_bytes(g, ref) == export.graphml_bytes(g, ref)  # deterministic


def test_a_route_exports_as_its_steps(tmp_path: Path) -> None:
    route = sendpath.query.routes(G, "teacher", "senco")[0]
    steps = route.step_ids()
    part = export.view(G, nodes=steps)
    assert set(part) == set(steps)
    assert part.graph["source"] == "nodes"
    export.write_graphml(G, tmp_path / "r.graphml", nodes=steps)
    same(nx.read_graphml(tmp_path / "r.graphml", force_multigraph=True), part)
    data = export.node_link_data(G, nodes=steps)
    same(nx.node_link_graph(data, edges="edges"), part)
    with pytest.raises(UnknownIdError):
        export.view(G, nodes=["qual:no-such"])
    with pytest.raises(ValueError, match="not both"):
        export.view(G, "role:senco", nodes=steps)


def test_graphml_declares_each_attribute_once_with_one_type() -> None:
    """Gephi reads an attribute's column from its one <key>: the same name twice in a domain,
    with two types, would split or drop it."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(export.graphml_bytes(G))  # noqa: S314  (our own output)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = [(k.get("for"), k.get("attr.name"), k.get("attr.type"))
            for k in root.findall("g:key", ns)]
    names = [(domain, name) for domain, name, _t in keys]
    assert len(names) == len(set(names)), keys
    assert {t for _d, _n, t in keys} <= {"string", "boolean", "int", "long", "float", "double"}
