"""The docs' diagram, chart and overview directives: tiny Sphinx projects built with ``-n -W``.

One project holds every kind (built once for the module); another holds the mistakes, built
without ``-W`` to read its warnings. Sphinx and Graphviz's ``dot`` are dev dependencies.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import textwrap
from html import unescape
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.ext.graphviz import graphviz
from test_sphinxext import PACKAGE, build, text

import sendpath
from sendpath import query, sphinxext
from sendpath._diagrams import MAX_NODES
from sendpath.export import to_dot
from sendpath.sphinxext import html_id

CONF = ('extensions = ["sphinx.ext.graphviz", "sendpath.sphinxext"]\nproject = "t"\n'
        'nitpicky = True\ngraphviz_output_format = "svg"\n')
ON = "2026-09-01"
DIAGRAMS = f"""
Diagrams
========

.. sendpath-diagram:: route
   :from: teacher
   :to: senco
   :on: {ON}

.. sendpath-diagram:: route
   :from: teaching-assistant
   :to: role:senco
   :k: 3
   :on: {ON}
   :caption: Three *ways* in
   :alt: Three routes, drawn.

.. sendpath-diagram:: requirements
   :target: role:senco

.. sendpath-diagram:: crosswalks
   :framework: ittecf

.. sendpath-diagram:: plan
   :profile: me.toml
   :target: senco
   :hours-per-term: 30
   :on: {ON}

.. sendpath-diagram:: requirements
   :target: qual:mq-vi
   :direction: TB
   :name: npq-tree
"""
CHARTS = f"""
Charts
======

.. sendpath-chart:: coverage

.. sendpath-chart:: routes
   :from: teaching-assistant
   :to: senco
   :k: 3
   :on: {ON}

.. sendpath-chart:: coverage
   :frameworks: ittecf fw:ts
   :caption: Two frameworks
"""
PROFILE = (Path(__file__).parents[1] / "docs" / "examples" / "teacher.toml").read_text()


def project(root: Path, pages: dict[str, str], files: dict[str, str] | None = None) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    toctree = "".join(f"   {name}\n" for name in pages)
    (src / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}")
    for name, body in {**pages, **(files or {})}.items():
        (src / name if "." in name else src / f"{name}.rst").write_text(textwrap.dedent(body))
    return src


def doctree(out: Path, name: str) -> nodes.document:
    with (out / ".doctrees" / f"{name}.doctree").open("rb") as f:
        tree: nodes.document = pickle.load(f)  # noqa: S301  (written by this test's build)
    return tree


def figures(out: Path, name: str) -> list[nodes.figure]:
    return list(doctree(out, name).findall(nodes.figure))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind of diagram and chart, and every overview, built with ``-n -W``."""
    root = tmp_path_factory.mktemp("diagrams")
    pages = {"diagrams": DIAGRAMS, "charts": CHARTS}
    for kind in sphinxext.OVERVIEW_KINDS:
        pages[kind] = f"{kind.title()}\n{'=' * len(kind)}\n\n.. sendpath-catalogue:: {kind}\n" \
                      "   :overview:\n"
    status, warnings = build(project(root, pages, {"me.toml": PROFILE}), root / "html")
    assert (status, warnings) == (0, "")
    return root / "html"


def test_a_route_diagram_draws_the_route_steps(site: Path) -> None:
    g = sendpath.load_default().graph
    r = query.routes(g, "teacher", "senco", k=1, on=dt.date.fromisoformat(ON))
    first = figures(site, "diagrams")[0]
    dot = next(first.findall(graphviz))["code"]
    assert dot.startswith("digraph sendpath {")
    for step in r[0].steps:
        assert f'"{step.id}" [label=' in dot
    assert '"role:teacher" -> "role:senco";' in dot
    assert '"role:senco" -> "qual:npq-senco";' in dot
    assert '"role:senco" [label="SENCO"' in dot
    caption = first.next_node(nodes.caption).astext()
    assert caption == "The route from Teacher (qualified, induction completed) to SENCO"
    alt = next(first.findall(graphviz))["alt"]
    assert "take the role SENCO, then NPQ for SENCOs (a duty of the role)" in alt


def test_several_routes_label_their_edges(site: Path) -> None:
    g = sendpath.load_default().graph
    r = query.routes(g, "teaching-assistant", "senco", k=3, on=dt.date.fromisoformat(ON))
    second = figures(site, "diagrams")[1]
    node = next(second.findall(graphviz))
    for route in r:
        for step in route.steps:
            assert f'"{step.id}" [label=' in node["code"]
    assert 'label="route 1, 2, 3"' in node["code"]
    assert node["alt"] == "Three routes, drawn."
    caption = second.next_node(nodes.caption)
    assert caption.astext() == "Three ways in"
    assert caption.next_node(nodes.emphasis) is not None  # the caption is parsed as rst


def test_requirements_diagram_is_the_exports_drawing(site: Path) -> None:
    g = sendpath.load_default().graph
    node = next(figures(site, "diagrams")[2].findall(graphviz))
    assert node["code"] == to_dot(g, "role:senco", short=True, rankdir="TB")  # a long tree
    assert "What SENCO requires" in figures(site, "diagrams")[2].astext()
    assert node["alt"].startswith("What SENCO requires, as a tree of what it needs and the "
                                  "gates that join them: any of (all of (holds Qualified")
    assert "And a duty after taking it: within 3 years of appointment" in node["alt"]
    npq = figures(site, "diagrams")[5]
    assert next(npq.findall(graphviz))["code"] == to_dot(g, "qual:mq-vi", short=True,
                                                         rankdir="TB")
    assert "npq-tree" in npq["names"]
    html = (site / "diagrams.html").read_text()
    assert html.count('<object data="_images/graphviz-') == 5
    assert len(list((site / "_images").glob("graphviz-*.svg"))) == 5


def test_crosswalk_diagram_links_outcomes_of_two_frameworks(site: Path) -> None:
    cat = sendpath.load_default()
    dot = next(figures(site, "diagrams")[3].findall(graphviz))["code"]
    own = {o.id for o in cat.frameworks["fw:ittecf"].outcomes}
    links = [c for c in cat.crosswalks if c.from_ in own or c.to in own]
    assert links
    for link in links:
        assert f'"{link.from_}" -> "{link.to}" [label="{link.relation}"];' in dot
    assert 'label="ITTECF"; style=rounded' in dot
    assert "subgraph cluster_" in dot


def test_plan_diagram_is_the_plan_chart(site: Path) -> None:
    plan = figures(site, "diagrams")[4]
    assert "sendpath-plan" in plan["classes"]
    raw = next(plan.findall(nodes.raw)).astext()
    assert raw.startswith("<svg")
    assert "NPQ for SENCOs" in raw


def test_coverage_chart_has_a_cell_per_framework_and_area(site: Path) -> None:
    g = sendpath.load_default().graph
    html = (site / "charts.html").read_text()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title>Outcomes by area of need, framework by framework</title>" in svg
    cells = re.findall(r"<title>([^<]+): (\d+) outcomes? for ([^<]+)</title></rect>", svg)
    frameworks = list(g.catalogue.frameworks.values())
    results = [query.coverage(g, fw.id, by="area") for fw in frameworks]
    assert len(cells) == len(frameworks) * len(results[0].groups)
    expected = {(r.title, str(gr.count), gr.title) for r in results for gr in r.groups}
    assert {(unescape(t), n, unescape(a)) for t, n, a in cells} == expected
    ittecf = next(r for r in results if r.framework == "fw:ittecf")
    all_areas = next(gr for gr in ittecf.groups if gr.id == "area:all")
    assert (f"<title>{ittecf.title}: {all_areas.count} outcomes for All areas of need"
            "</title>") in unescape(svg)
    assert f">{all_areas.count}</text>" in svg


def test_coverage_chart_of_some_frameworks(site: Path) -> None:
    html = (site / "charts.html").read_text()
    svg = html[html.rindex("<svg"):html.rindex("</svg>")]
    assert "<title>Two frameworks</title>" in svg
    columns = re.findall(r"<title>([^<]+)</title>[^<]+</text>", svg)
    assert [unescape(c) for c in columns] == [
        "Initial Teacher Training and Early Career Framework (ITTECF)", "Teachers' Standards"]


def test_routes_chart_draws_a_bar_per_route(site: Path) -> None:
    html = (site / "charts.html").read_text()
    start = html.index("Route 1</text>")
    svg = html[html.rindex("<svg", 0, start):html.index("</svg>", start)]
    g = sendpath.load_default().graph
    r = query.routes(g, "teaching-assistant", "senco", k=3, on=dt.date.fromisoformat(ON))
    for n, route in enumerate(r, 1):
        assert f">Route {n}</text>" in svg
        if route.months is not None:
            assert f">{route.months} months</text>" in svg
    assert svg.count("<rect x=") == len(r)  # a bar each (the hatching tile has no x)


def test_overview_lists_every_record(site: Path) -> None:
    cat = sendpath.load_default()
    for kind in sphinxext.OVERVIEW_KINDS:
        html = (site / f"{kind}.html").read_text()
        start = html.index("sendpath-overview")
        table = html[start:html.index("</table>", start)]
        records = getattr(cat, kind)
        assert table.count("<tr") == len(records) + 1, kind
        for rid in records:
            assert f'href="#{html_id(rid)}"' in table, rid
    shown = text((site / "frameworks.html").read_text())
    assert "ITTECF" in shown or "Initial Teacher Training" in shown


def test_mistakes_are_build_errors(tmp_path: Path) -> None:
    too_big = "\n".join(f"   :target: {t}" for t in ["role:senco"])
    pages = {
        "bad": f"""
            Bad
            ===

            .. sendpath-diagram:: route
               :from: teacher

            .. sendpath-diagram:: route
               :from: teacher
               :to: nobody-at-all

            .. sendpath-diagram:: requirements
               :target: role:nobody

            .. sendpath-diagram:: requirements
               :framework: ittecf
            {too_big}

            .. sendpath-diagram:: flowers

            .. sendpath-diagram:: crosswalks
               :framework: fw:nothing

            .. sendpath-chart:: coverage
               :frameworks: ittecf fw:nothing

            .. sendpath-chart:: routes
               :to: senco

            .. sendpath-diagram:: route
               :from: teacher
               :to: senco
               :on: someday

            .. sendpath-diagram:: requirements
               :target: senco
               :direction: sideways

            .. sendpath-diagram:: requirements
               :target: qual:npq-senco

            .. sendpath-catalogue:: sources
               :overview:

            .. sendpath-diagram:: plan
               :profile: me.toml
               :target: senco
               :hours-per-term: 30
               :on: 2026-09-01
               :package: elsewhere
            """,
    }
    pages["tiny"] = """
        Tiny
        ====

        .. sendpath-diagram:: crosswalks
           :framework: tiny-a
           :package: ../tiny
        """
    data = tmp_path / "tiny"
    data.mkdir()
    for name, body in PACKAGE.items():
        (data / name).write_text(textwrap.dedent(body))
    status, warnings = build(project(tmp_path, pages), tmp_path / "html", strict=False)
    assert status == 0
    assert "tiny.rst" not in warnings
    dot = next(doctree(tmp_path / "html", "tiny").findall(graphviz))["code"]
    assert '"outcome:tiny-a/1" -> "outcome:tiny-b/2" [label="broad"];' in dot
    assert 'label="Framework B"' in dot
    assert "sendpath-diagram route needs :to:" in warnings
    assert "sendpath-diagram :to:" in warnings
    assert "nobody-at-all" in warnings
    assert "sendpath-diagram :target:" in warnings
    assert "role:nobody" in warnings
    assert "sendpath-diagram requirements does not take :framework:" in warnings
    assert "unknown kind 'flowers'; the kinds are route, requirements, crosswalks, plan" \
        in warnings
    assert "sendpath-diagram :framework:" in warnings
    assert "fw:nothing" in warnings
    assert "sendpath-chart :frameworks:" in warnings
    assert "sendpath-chart routes needs :from:" in warnings
    assert 'invalid option value: (option: "on"; value: \'someday\')' in warnings
    assert "sources are shown as a table already" in warnings
    assert "qual:npq-senco requires nothing: there is nothing to draw" in warnings
    assert "'sideways' unknown; choose LR (left to right) or TB (top down)" in warnings
    assert "cannot load the data package" in warnings  # the plan's :package: elsewhere
    strict, _ = build(tmp_path / "src", tmp_path / "strict")
    assert strict != 0  # a build error under -W


def test_a_diagram_too_big_to_read_is_refused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from sendpath import _diagrams

    monkeypatch.setattr(_diagrams, "MAX_NODES", 5)
    pages = {"big": "Big\n===\n\n.. sendpath-diagram:: requirements\n   :target: senco\n"}
    status, warnings = build(project(tmp_path, pages), tmp_path / "html", strict=False)
    assert status == 0
    size = len(sendpath.export.view(sendpath.load_default().graph, "role:senco"))
    assert f"the diagram would have {size} nodes, more than 5" in warnings
    assert size <= MAX_NODES  # the real cap draws the SENCO's requirements


def test_to_dot_options_are_checked() -> None:
    g = sendpath.load_default().graph
    with pytest.raises(ValueError, match="rankdir must be one of"):
        to_dot(g, "role:senco", rankdir="UP")
    with pytest.raises(ValueError, match="give nodes too"):
        to_dot(g, edges=[("role:teacher", "role:senco", "")])
    with pytest.raises(ValueError, match="role:hlta is not one of the nodes drawn"):
        to_dot(g, nodes=["role:teacher"], clusters={"A": ["role:hlta"]})
    dot = to_dot(g, nodes=["role:teacher", "role:senco"], rankdir="TB",
                 labels={"role:senco": 'The "SENCO"'}, clusters={"School": ["role:senco"]})
    assert "rankdir=TB;" in dot
    assert 'label="School"; style=rounded' in dot
    assert '"role:senco" [label="The \\"SENCO\\""' in dot
    assert to_dot(g, "role:senco") == to_dot(g, "role:senco", rankdir="LR", short=False)
