"""Drawing a catalogue on the progression graph: the nodes and edges :mod:`sendpath.graph` holds.

:func:`draw` walks the records once and hands each node and edge, with a new attribute dict, to
a sink that puts it straight into networkx's dicts (:mod:`sendpath._nxfill`): the graph is the
one networkx's own ``add_node`` and ``add_edge`` would build, in a fraction of the time. The
module docstring of :mod:`sendpath.graph` describes what the nodes and edges carry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Protocol

import networkx as nx
from networkx import MultiDiGraph

from sendpath._nxfill import Filler
from sendpath.graph import gate_id
from sendpath.model import (
    Activity,
    Framework,
    Obligation,
    Qualification,
    Requirement,
    Scale,
    wording_on,
)
from sendpath.rules import shape

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

__all__ = ["draw"]


class _Sink(Protocol):
    """Where the build adds nodes and edges (:class:`sendpath._nxfill.Filler`, in effect)."""

    def node(self, n: str, data: dict[str, Any]) -> None: ...
    def edge(self, u: str, v: str, key: str, data: dict[str, Any]) -> None: ...


def draw(cat: Catalogue, sink: Callable[[MultiDiGraph[str]], _Sink] = Filler,
         ) -> MultiDiGraph[str]:
    """Return the frozen networkx graph of ``cat``'s records, requirements and links.

    ``sink`` adds the nodes and edges: :class:`~sendpath._nxfill.Filler`, or for the tests
    :class:`~sendpath._nxfill.Public`, which gives the same graph through networkx's methods.

    Example:
        >>> import sendpath
        >>> g = draw(sendpath.load_default())
        >>> g.nodes["qual:npq-senco"]["months"], nx.is_frozen(g)
        (18, True)
    """
    g: MultiDiGraph[str] = nx.MultiDiGraph()
    b = _Builder(sink(g), _today())
    for mapping in (cat.areas, cat.scales, cat.levels, cat.frameworks, cat.outcomes,
                    cat.qualifications, cat.activities, cat.roles, cat.policies):
        for rid, record in mapping.items():
            b.sink.node(rid, _node_attrs(rid, record))
    for rid, role in cat.roles.items():
        if role.requires is not None:
            b.tree(rid, "requires", role.requires)
        else:  # where the law is silent, the typical way in (its root edge says so)
            b.tree(rid, "requires", role.typical_entry, typical=True)
        for i, ob in enumerate(role.obligations):
            if ob.in_force is None or ob.in_force.covers(b.today):
                b.obligation(rid, i, ob)
        for nxt in role.leads_to:
            b.link(rid, nxt, "leads_to")
    replacements: set[tuple[str, str]] = set()
    for qual in cat.qualifications.values():
        b.learning(qual)
        replacements.update((qual.id, newer) for newer in qual.replaced_by)
        replacements.update((older, qual.id) for older in qual.replaces)
    for older, newer in sorted(replacements):  # said on either side, drawn once
        b.link(older, newer, "replaced_by")
    for activity in cat.activities.values():
        b.learning(activity)
    for policy in cat.policies.values():
        for rid in policy.affects:
            b.link(policy.id, rid, "affects")
    b.structure(cat)
    nx.freeze(g)  # freezes in place: adding or removing nodes and edges now raises
    return g


def _today() -> dt.date:
    """The day whose wording of the rules the graph holds: today's (the current wording)."""
    return dt.date.today()


class _Builder:
    """Draws a catalogue's requirement trees and links into a sink, as of one day."""

    __slots__ = ("sink", "today")

    def __init__(self, sink: _Sink, today: dt.date) -> None:
        self.sink, self.today = sink, today

    def link(self, u: str, v: str, kind: str, data: dict[str, Any] | None = None) -> None:
        """Add an edge keyed by its kind (and its place, for a gate's inputs): ``[u][v][kind]``.

        Its attributes are ``kind`` then ``data``.
        """
        if data is None:
            self.sink.edge(u, v, kind, {"kind": kind})
        else:
            key = f"{kind}/{data['index']}" if "index" in data else kind
            self.sink.edge(u, v, key, {"kind": kind, **data})

    def learning(self, item: Qualification | Activity) -> None:
        """Add what a qualification or activity requires and the outcomes it covers."""
        self.tree(item.id, "requires", item.requires)
        for outcome in item.covers:
            self.link(item.id, outcome, "covers")

    def structure(self, cat: Catalogue) -> None:
        """Add the part_of, replaced_by and aligns_with edges of areas, scales and frameworks."""
        for link in cat.crosswalks:
            self.link(link.from_, link.to, "aligns_with",
                      {"relation": link.relation, "confidence": link.confidence})
        for rid, area in cat.areas.items():
            if area.parent:
                self.link(rid, area.parent, "part_of")
        for rid, scale in cat.scales.items():
            for level in scale.levels:
                self.link(level.id, rid, "part_of")
        for rid, fw in cat.frameworks.items():
            for newer in fw.replaced_by:
                self.link(rid, newer, "replaced_by")
            for outcome in fw.outcomes:
                self.link(outcome.id, rid, "part_of")
                if outcome.parent:
                    self.link(outcome.id, outcome.parent, "part_of")

    def obligation(self, role: str, index: int, ob: Obligation) -> None:
        """Add the obligation gate ``index`` of ``role``, its ``obliges`` edge and its tree."""
        gate = gate_id(role, f"obligation/{index}")
        data = {"kind": "gate", "gate": "obligation", "owner": role, "anchor": ob.anchor,
                "due_months": ob.due.in_months()}
        if ob.need:
            data["need"] = ob.need
        self.sink.node(gate, data)
        self.link(role, gate, "obliges", {"index": index})
        self.tree(gate, "requires", ob.requires, owner=role, path=f"obligation/{index}/requires")

    def tree(self, target: str, kind: str, node: Requirement | None, *,
             owner: str | None = None, path: str = "requires", typical: bool = False) -> None:
        """Add the current wording of the tree ``node`` below ``target`` (root edge ``root``)."""
        node = wording_on(node, self.today) if node is not None else None
        if node is None:
            return
        u, data = self.node(node, owner or target, path)
        self.link(u, target, kind, {"root": True, **data, **({"typical": True} if typical else {})})

    def node(self, node: Requirement, owner: str, path: str) -> tuple[str, dict[str, Any]]:
        """Add ``node`` (and its children); return the node id feeding its parent and edge data.

        What each node is on the graph (a record, or a gate of some kind) is the rules' to say
        (:func:`sendpath.rules.shape`): the graph only draws it.
        """
        form = shape(node)
        if form.gate is None:
            assert form.record is not None  # a leaf names its record  # noqa: S101
            return form.record, dict(form.edge)
        gate = gate_id(owner, path)
        self.sink.node(gate, {"kind": "gate", "gate": form.gate, "owner": owner, **form.attrs})
        for i, item in enumerate(form.inputs):
            if isinstance(item, str):  # the items of an amount, the role of an experience
                self.link(item, gate, "requires",
                          {"in_role": True} if item.startswith("role:") else {"index": i})
            else:
                u, data = self.node(item, owner, f"{path}/{i}")
                self.link(u, gate, "requires", {"index": i, **data})
        return gate, {}


_SCALARS: Final = ("months", "months_max", "hours", "credits", "cost", "status", "rqf_level",
                   "starts_from", "starts_until", "completes_by", "valid_for_months", "level",
                   "code", "parent", "entry_point")


_CLASS_ATTRS: dict[type, tuple[tuple[str, ...], bool, bool]] = {}


def _class_attrs(cls: type) -> tuple[tuple[str, ...], bool, bool]:
    """The scalars a record class has, whether its hours are its courses', whether it has a size.

    The scalars are the names in :data:`_SCALARS` it has; the hours of a qualification or an
    activity are its whole courses'; a framework's size is its outcomes, a scale's its levels.
    Worked out once per class.
    """
    found = _CLASS_ATTRS.get(cls)
    if found is None:
        found = _CLASS_ATTRS[cls] = (tuple(n for n in _SCALARS if hasattr(cls, n)),
                                     issubclass(cls, (Qualification, Activity)),
                                     issubclass(cls, (Framework, Scale)))
    return found


def _node_attrs(rid: str, record: Any) -> dict[str, Any]:
    attrs_: dict[str, Any] = {"kind": rid.partition(":")[0], "title": record.title}
    names, courses, sized = _class_attrs(type(record))
    for name in names:
        value = getattr(record, name)
        if value is not None and value != "":
            attrs_[name] = value
    if courses:  # routes add whole courses' hours
        attrs_.pop("hours", None)
        if record.total_hours is not None:
            attrs_["hours"] = record.total_hours
    if sized:
        attrs_["size"] = len(record.outcomes if isinstance(record, Framework) else record.levels)
    return attrs_
