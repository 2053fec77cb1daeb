"""The progression graph: nodes, typed edges, gates, freezing, the progression view."""

from __future__ import annotations

import copy
import datetime as dt

import networkx as nx
import pytest
from _catalogues import catalogue, qual, role

import sendpath
from sendpath import query
from sendpath.errors import DataError
from sendpath.graph import EDGE_KINDS, GATE_KINDS, build_graph, gate_id
from sendpath.model import AllOf, AnyOf, AtLeast, Experience, Holds, InRole, MinHours, Ref


@pytest.fixture(scope="module")
def g() -> sendpath.graph.ProgressionGraph:
    return sendpath.load_default().graph


def test_graph_is_cached_on_the_catalogue(g):
    assert sendpath.load_default().graph is g


def test_every_record_is_a_node_with_scalar_attributes_only(g):
    cat = g.catalogue
    for rid in cat:
        if rid.startswith("source:"):
            continue
        assert rid in g.nx
    for _node, data in g.nx.nodes(data=True):
        for value in data.values():
            assert isinstance(value, (str, int, float, bool, dt.date)), value
    for _u, _v, data in g.nx.edges(data=True):
        assert data["kind"] in EDGE_KINDS
        for value in data.values():
            assert isinstance(value, (str, int, float, bool, dt.date)), value


def test_senco_gates_follow_the_requirement_tree(g):
    root = "gate:role-senco/requires"
    assert g.nx.nodes[root]["gate"] == "any"
    assert g.requirement_root("role:senco") == root
    first = "gate:role-senco/requires/0"
    assert g.nx.nodes[first]["gate"] == "all"
    feeding = {u for u, _v, d in g.nx.in_edges(first, data=True) if d["kind"] == "requires"}
    assert feeding == {"qual:qualified-teacher", "gate:role-senco/requires/0/1", "role:teacher"}
    induction = [d for _u, _v, d in g.nx.edges("qual:induction", data=True)
                 if _v == "gate:role-senco/requires/0/1"]
    assert induction[0]["unless_not_required"] is True


def test_obligation_gate_carries_anchor_period_and_date_conditions(g):
    gate = "gate:role-senco/obligation/0"
    data = g.nx.nodes[gate]
    assert (data["gate"], data["anchor"], data["due_months"]) == ("obligation", "appointed", 36)
    assert g.obligations("role:senco") == [gate]  # only the wording in force today
    edges = {u: d for u, _v, d in g.nx.in_edges("gate:role-senco/obligation/0/requires",
                                                  data=True)}
    assert edges["qual:nasenco"]["started_before"] == dt.date(2024, 9, 1)
    assert edges["qual:nasenco"]["completed_before"] == dt.date(2027, 9, 1)
    assert edges["qual:npq-senco"]["started_on_or_after"] == dt.date(2024, 9, 1)


def test_graph_is_frozen(g):
    assert nx.is_frozen(g.nx)
    with pytest.raises(nx.NetworkXError):
        g.nx.add_node("role:x")
    with pytest.raises(nx.NetworkXError):
        g.nx.remove_edge("qual:qts", "qual:induction")


def test_progression_view_has_no_gates_and_links_leaves(g):
    view = g.progression_view()
    assert not [n for n in view if n.startswith("gate:")]
    assert view.has_edge("qual:qualified-teacher", "role:senco")
    assert view.has_edge("qual:qts", "qual:qualified-teacher")
    assert view.has_edge("role:headteacher", "role:senco")
    assert view.has_edge("role:senco", "qual:npq-senco")
    assert nx.is_frozen(view)
    assert g.progression_view() is view


def test_queries_change_no_attribute(g):
    before = (copy.deepcopy(dict(g.nx.nodes(data=True))),
              copy.deepcopy(list(g.nx.edges(keys=True, data=True))),
              copy.deepcopy(g.nx.graph))
    query.routes(g, "teacher", "senco", on=dt.date(2026, 9, 1))
    query.routes(g, "headteacher", "teacher", on=dt.date(2026, 9, 1), k=3, weight="cost")
    query.routes(g, "teaching-assistant", "teacher", on=dt.date(2026, 9, 1), via=["tda"])
    query.crosswalk(g, "outcome:ts/5", depth=3)
    query.find(g.catalogue, "adaptive teaching")
    g.progression_view()
    after = (dict(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)), g.nx.graph)
    assert before == after


def test_gate_ids():
    assert gate_id("role:senco", "requires/0") == "gate:role-senco/requires/0"
    assert gate_id("qual:npq-senco", "requires") == "gate:qual-npq-senco/requires"


def test_every_gate_kind_is_built():
    cat = catalogue([
        qual("a", months=3, hours=10), qual("b", months=6, hours=20), qual("c", months=1),
        role("start"),
        role("target", requires=AllOf(items=(
            AnyOf(items=(Ref(id="qual:a"), Holds(holds="qual:b"))),
            AtLeast(n=1, of=(Ref(id="qual:a"), Ref(id="qual:c"))),
            Experience(role="role:start", months=12),
            MinHours(n=25, of=("qual:a", "qual:b")),
            InRole(in_role="role:start"),
        ))),
    ])
    g = build_graph(cat)
    kinds = {d["gate"] for _n, d in g.nx.nodes(data=True) if d["kind"] == "gate"}
    assert kinds == GATE_KINDS - {"min_credits", "obligation"}
    assert g.nx.nodes["gate:role-target/requires/2"] == {
        "kind": "gate", "gate": "experience", "owner": "role:target", "role": "role:start",
        "months": 12}
    assert g.nx.nodes["gate:role-target/requires/3"]["n"] == 25


def test_requirement_cycle_is_an_error_naming_the_cycle():
    with pytest.raises(DataError) as info:
        catalogue([qual("a", requires=Ref(id="qual:b")),
                   qual("b", requires=AnyOf(items=(Ref(id="qual:c"), Ref(id="qual:a")))),
                   qual("c")])
    (problem,) = info.value.problems
    assert problem.code == "requirement-cycle"
    assert "qual:a -> qual:b -> qual:a" in problem.message


def test_obligation_that_asks_for_its_role_is_not_a_cycle():
    from sendpath.model import Obligation, Period

    cat = catalogue([
        qual("duty", requires=InRole(in_role="role:x")),
        role("x", obligations=(Obligation(anchor="appointed", due=Period(years=1),
                                          requires=Ref(id="qual:duty")),)),
    ])
    g = build_graph(cat)
    gate = "gate:role-x/obligation/0"
    assert g.obligations("role:x") == [gate]
    assert g.requirement_root(gate) == "qual:duty"  # the duty is met by the qualification
    assert g.requirement_root("qual:duty") == "role:x"  # which asks for the role: no cycle


def test_each_replacement_is_one_edge(g):
    pairs = [(u, v) for u, v, d in g.nx.edges(data=True) if d["kind"] == "replaced_by"]
    assert len(pairs) == len(set(pairs))
    assert ("qual:nasenco", "qual:npq-senco") in pairs


def test_obligations_keep_the_record_order():
    from sendpath.model import Obligation, Period

    duties = tuple(Obligation(anchor="appointed", due=Period(months=m), requires=Ref(id="qual:a"))
                   for m in range(1, 13))
    g = build_graph(catalogue([qual("a"), role("x", obligations=duties)]))
    gates = g.obligations("role:x")
    assert [g.nx.nodes[x]["due_months"] for x in gates] == list(range(1, 13))


def test_edges_are_keyed_by_kind(g):
    assert "requires" in g.nx["qual:qts"]["gate:qual-induction/requires"] or \
        "requires/0" in g.nx["qual:qts"]["gate:qual-induction/requires"]
    assert set(g.nx["role:senco"]["gate:role-senco/obligation/0"]) == {"obliges/0"}
    for _u, _v, key, data in g.nx.edges(keys=True, data=True):
        assert key.split("/")[0] == data["kind"]



def _layout(g: nx.MultiDiGraph) -> tuple:
    """Everything of a graph, every order of iteration included, and its shared key dicts."""
    def rows(d: dict) -> list:
        return [(k, rows(v)) if isinstance(v, dict) else (k, v) for k, v in d.items()]
    shared = all(g._pred[v][u] is keys for u, nbrs in g._succ.items() for v, keys in nbrs.items())
    return rows(g._node), rows(g._succ), rows(g._pred), g.graph, shared


@pytest.mark.parametrize("which", ["england", "every gate kind"])
def test_filling_networkx_dicts_builds_what_its_methods_build(which):
    from sendpath._draw import draw
    from sendpath._nxfill import Public

    cat = sendpath.load_default() if which == "england" else catalogue([
        qual("a", months=3), qual("b", hours=10), role("x"), role("y", leads_to=("role:x",)),
        qual("c", replaces=("qual:a",), requires=AllOf(items=(
            Ref(id="qual:a"), AnyOf(items=(Ref(id="qual:b"), InRole(in_role="role:x"))),
            AtLeast(n=1, of=(Ref(id="qual:a"), Holds(holds="qual:b"))),
            MinHours(n=10, of=("qual:b",)), Experience(role="role:y", months=12))))])
    fast, public = draw(cat), draw(cat, sink=Public)
    assert _layout(fast) == _layout(public)
    assert _layout(fast)[-1] is True
    assert nx.is_frozen(fast)
    assert _layout(build_graph(cat).nx) == _layout(fast)


def test_a_filler_fills_only_a_new_graph():
    from sendpath._nxfill import Filler

    g = nx.MultiDiGraph()
    g.add_node("a")
    with pytest.raises(ValueError, match="new, empty"):
        Filler(g)
    with pytest.raises(ValueError, match="new, empty"):
        Filler(nx.MultiGraph())
    fill = Filler(h := nx.MultiDiGraph())
    fill.node("a", {"x": 1})
    fill.node("a", {"y": 2})
    fill.edge("a", "b", "k", {"w": 1})
    fill.edge("a", "b", "k", {"z": 2})
    fill.edge("b", "a", "j", {})
    assert list(h.nodes(data=True)) == [("a", {"x": 1, "y": 2}), ("b", {})]
    assert list(h.edges(keys=True, data=True)) == [("a", "b", "k", {"w": 1, "z": 2}),
                                                   ("b", "a", "j", {})]
    assert h._pred["b"]["a"] is h._succ["a"]["b"]
