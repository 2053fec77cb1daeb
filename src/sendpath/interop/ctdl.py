"""Credential Engine CTDL Pathways as JSON-LD: a role's requirements or a route out, pathways in.

It runs past 500 lines because both directions share one table of the CTDL terms and one
statement of how component conditions map to requirement trees: they read as one page.

`CTDL <https://credreg.net/ctdl/handbook>`_ (the Credential Transparency Description Language,
published by Credential Engine) describes a *pathway* as a destination component (the goal) and
the components that lead to it, each with *component conditions*: ``requiredNumber`` of its
``targetComponent`` items and nested conditions (``hasCondition``) must be met. sendpath's
requirement trees map onto them directly: ``all`` is n of n, ``any`` 1 of n, ``at_least`` k of n.

Out (:func:`to_ctdl`, :func:`write_ctdl`): compact JSON-LD under the Credential Engine context,
one ``@graph``: the ``ceterms:Pathway``, a component per record (``JobComponent`` for a role,
``CredentialComponent`` for a qualification, ``BasicComponent`` for an activity,
``CompetencyComponent`` for an outcome) with the records' own prerequisites as their conditions,
and a ``ComponentCondition`` node per group of the tree. What CTDL cannot say is kept twice:
in words in ``ceterms:description``, and exactly under ``sendpath:`` keys (the ``sendpath``
prefix is ``urn:sendpath:terms:``, declared in the file's ``@context``):

- ``sendpath:requirement`` on a condition: a leaf with dates (``started_before`` ...), a
  validity period, ``unless_not_required``, experience, or a minimum of hours or credits, in
  sendpath's data format; the condition also targets the record, so a CTDL reader sees it;
- ``sendpath:inForce`` on a condition: the days a group's wording is in force;
- ``sendpath:obligation`` on a ``BasicComponent`` (category ``Obligation``) that follows the
  role (``ceterms:precededBy``): a duty after appointment, its conditions what meets it, the
  key its anchor, period, exemptions and days in force;
- ``sendpath:kind`` and ``sendpath:conferred`` on a credential component, ``sendpath:step`` on
  a route's components (the step kind, months and due date), ``sendpath:dataVersion`` on the
  pathway.

Every ``@id`` is ``urn:sendpath:`` and a sendpath id (conditions add ``/condition/`` and their
place in the tree), and the nodes are sorted, so the same data gives the same bytes.

In (:func:`read_ctdl`): compact or expanded JSON-LD, read with a local table of the CTDL terms
(no network, no JSON-LD processor). The destination becomes a role whose ``requires`` is its
conditions (several conditions on one component must all be met); credential, course and
assessment components become qualifications (the CTDL credential type picks the closest
qualification kind, with a warning when it is not exact); a ``BasicComponent`` with conditions
becomes a conferred status (held as soon as its conditions are met), one without an activity;
job components roles; competency components the outcomes of one framework. A
``role:.../start`` role is added as the place routes start from. What sendpath cannot model
(``Constraint`` nodes: credit sums, grades; ``precedes``, the suggested order; progression
levels) is reported as warnings naming it. A reference to a node that is not in the file or
its companions is an error when it changes what a requirement asks (``targetComponent``,
``hasCondition``), a warning otherwise; ``on_dangling="drop"`` turns those errors into warnings
and reads the requirement without the missing item.

Example:
    >>> import sendpath
    >>> doc = to_ctdl(sendpath.load_default().graph, "role:senco")
    >>> [n["@type"] for n in doc["@graph"]][:2]
    ['ceterms:Pathway', 'ceterms:CredentialComponent']
    >>> back = read_ctdl(dumps(doc).encode())
    >>> senco = next(r for r in back.records if getattr(r, "id", "") == "role:senco")
    >>> senco.requires == sendpath.load_default().roles["role:senco"].requires
    True
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from sendpath._output import dumps
from sendpath.errors import DataError, NoRouteError
from sendpath.ids import is_id, kind_of, slugify
from sendpath.interop._jsonld import (
    JSON_PROPS,
    Graph,
    GraphReader,
    Link,
    Node,
    parse_all,
    short,
)
from sendpath.interop._package import Imported, one_line, unique, web
from sendpath.model import (
    Activity,
    AllOf,
    AnyOf,
    AtLeast,
    Citation,
    Framework,
    InForce,
    InRole,
    Obligation,
    Outcome,
    Qualification,
    Ref,
    Requirement,
    Role,
    Source,
)

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.graph import ProgressionGraph
    from sendpath.query.routes import Route, RouteResult

__all__ = ["CONTEXT", "CTDL_CONTEXT", "read_ctdl", "to_ctdl", "write_ctdl"]

#: The Credential Engine context of compact CTDL files.
CTDL_CONTEXT: Final = "https://credreg.net/ctdl/schema/context/json"
#: The ``@context`` sendpath writes: Credential Engine's, and the ``sendpath:`` extension terms.
CONTEXT: Final = (CTDL_CONTEXT, {"sendpath": "urn:sendpath:terms:",
                                 **{p: {"@type": "@json"} for p in sorted(JSON_PROPS)}})
_URN: Final = "urn:sendpath:"
_LANG: Final = "en-GB"
_LOGIC: Final = "https://purl.org/ctdl/vocabs/logic/"
# The sendpath qualification kind a CTDL credential type is closest to; ``_EXACT`` are true
# equivalents, the rest are read with a warning.
_QUAL_KINDS: Final = {
    "AssociateDegree": "degree", "BachelorDegree": "degree", "Degree": "degree",
    "DoctoralDegree": "degree", "MasterDegree": "degree", "ProfessionalDoctorate": "degree",
    "ResearchDoctorate": "degree", "License": "licence",
    "ApprenticeshipCertificate": "apprenticeship", "JourneymanCertificate": "apprenticeship",
    "Certification": "accreditation", "QualityAssuranceCredential": "accreditation",
    "Badge": "award", "DigitalBadge": "award", "OpenBadge": "award", "MicroCredential": "award",
    "CertificateOfCompletion": "award", "Certificate": "qualification",
    "Diploma": "qualification", "MasterCertificate": "qualification",
    "SecondarySchoolDiploma": "qualification", "GeneralEducationDevelopment": "qualification",
    "Credential": "qualification", "Course": "qualification", "LearningOpportunityProfile":
    "qualification", "AssessmentProfile": "award",
}
_EXACT: Final = frozenset({"AssociateDegree", "BachelorDegree", "Degree", "DoctoralDegree",
                           "MasterDegree", "ProfessionalDoctorate", "ResearchDoctorate",
                           "License", "ApprenticeshipCertificate"})
# The CTDL credential type each sendpath qualification kind is written as.
_CREDENTIAL_TYPES: Final = {
    "status": "Certification", "qualification": "Certificate", "npq": "Certificate",
    "apprenticeship": "ApprenticeshipCertificate", "accreditation": "Certification",
    "licence": "License", "degree": "Degree", "award": "Certificate",
}
# What each component class is read as: a role, a qualification, an outcome, an activity, or
# ``basic`` (a status when it has conditions, else an activity).
_COMPONENTS: Final = {
    "ceterms:JobComponent": "role", "ceterms:CredentialComponent": "qual",
    "ceterms:CourseComponent": "qual", "ceterms:AssessmentComponent": "qual",
    "ceterms:CompetencyComponent": "outcome", "ceterms:BasicComponent": "basic",
    "ceterms:SelectionComponent": "basic", "ceterms:MultiComponent": "basic",
    "ceterms:CocurricularComponent": "activity", "ceterms:ExtracurricularComponent": "activity",
    "ceterms:WorkExperienceComponent": "activity",
}
# Properties that point at another node, checked for dangling references.
_LINKS: Final = ("ceterms:hasPart", "ceasn:hasPart", "ceterms:proxyFor", "ceterms:precedes",
                 "ceterms:precededBy", "asn:hasProgressionLevel", "ceterms:hasProgressionLevel",
                 "ceasn:hasChild", "ceasn:isChildOf")
OnDangling = Literal["error", "drop"]
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                          r"[0-9a-fA-F]{12}$")


# --------------------------------------------------------------------------------------- out


def to_ctdl(graph: ProgressionGraph,
            target: str | Route | RouteResult = "role:senco") -> dict[str, Any]:
    """Return a record's requirements, or a route, as a CTDL Pathway (compact JSON-LD).

    Args:
        graph: The progression graph (``catalogue.graph``).
        target: A role (or qualification, activity) by id or short name: the pathway to it is
            its requirement tree, its obligations after it, and the prerequisites of every
            record in them. Or a :class:`~sendpath.query.routes.Route` (or a
            :class:`~sendpath.query.routes.RouteResult`, whose best route is used): its steps
            as components, each requiring the steps it waits for; the destination is the
            route's last role entry.

    Raises:
        UnknownIdError: ``target`` names no role, qualification or activity.
        NoRouteError: ``target`` is a route result with no route.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> doc = to_ctdl(g, query.routes(g, "teacher", "senco", on=dt.date(2026, 9, 1)))
        >>> pathway = doc["@graph"][0]
        >>> pathway["ceterms:hasDestinationComponent"], len(pathway["ceterms:hasPart"])
        ('urn:sendpath:role:senco', 2)
    """
    writer = _Writer(graph.catalogue)
    if isinstance(target, str):
        return writer.record(graph.catalogue.resolve(target, kinds=("role", "qual", "activity")))
    from sendpath.query.routes import RouteResult  # noqa: PLC0415

    if isinstance(target, RouteResult):
        if not target.routes:
            raise NoRouteError(f"no route from {target.start} to {target.target} to write"
                               + (f": {target.reason}" if target.reason else ""))
        return writer.route(target.routes[0], start=target.start_title)
    return writer.route(target)


def write_ctdl(graph: ProgressionGraph, target: str | Route | RouteResult, path: str | Path,
               ) -> None:
    """Write :func:`to_ctdl` to ``path`` as sorted JSON, atomically.

    Raises:
        WriteError: The file cannot be written (or is a file of the catalogue's package).

    Example:
        >>> import pathlib, tempfile, sendpath
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "senco.jsonld"
        >>> write_ctdl(sendpath.load_default().graph, "senco", out)
        >>> out.read_bytes() == dumps(to_ctdl(sendpath.load_default().graph)).encode()
        True
    """
    from sendpath.io.output import atomic_write  # noqa: PLC0415

    atomic_write(path, dumps(to_ctdl(graph, target)).encode(),
                 inputs=[graph.catalogue.root] if isinstance(graph.catalogue.root, Path) else ())


def _text(value: str) -> dict[str, str]:
    return {_LANG: value}


def _ctid(iri: str) -> str:
    """A registry-style CTID (``ce-`` and a UUID), derived from the ``@id`` so it is stable."""
    return f"ce-{uuid.uuid5(uuid.NAMESPACE_URL, iri)}"


class _Writer:
    """Builds one pathway's nodes; each record's component is made once."""

    def __init__(self, cat: Catalogue) -> None:
        self.cat = cat
        self.nodes: dict[str, dict[str, Any]] = {}
        self.pathway = ""

    def record(self, rid: str) -> dict[str, Any]:
        from sendpath.render import obligation_lines  # noqa: PLC0415

        rec = self.cat.get(rid)
        self.pathway = f"{_URN}pathway:{rid}"
        dest = self.component(rid, prerequisites=True)
        for i, ob in enumerate(getattr(rec, "obligations", ())):
            oid = f"{_URN}{rid}/obligation/{i}"
            lines = obligation_lines(ob, self.cat, ids=False)
            data = self._literal(ob)
            data.pop("requires")
            self.nodes[oid] = {
                "@id": oid, "@type": "ceterms:BasicComponent", "ceterms:ctid": _ctid(oid),
                "ceterms:componentCategory": _text("Obligation"),
                "ceterms:name": _text(f"{rec.title}: duty {lines[0].split(' (')[0]}"),
                "ceterms:description": _text(
                    "A duty after taking the role, " + "; ".join(
                        line.strip() for line in lines) + ". Exact terms: sendpath:obligation."),
                "ceasn:isPartOf": self.pathway, "ceterms:precededBy": [dest],
                "sendpath:obligation": {"role": rid, **data},
                "ceterms:hasCondition": [self.condition(ob.requires, f"{oid}/condition/0")],
            }
        name = f"Requirements for {rec.title}"
        about = ("What sendpath's data says it takes to be or hold this, as a CTDL pathway. "
                 "Conditions CTDL cannot express are described in words and kept exactly "
                 "under sendpath: keys.")
        return self._document(dest, name, about)

    def route(self, route: Route, start: str = "") -> dict[str, Any]:
        steps = route.steps
        dest_step = next((s for s in reversed(steps) if s.kind == "role"), steps[-1])
        key = hashlib.blake2b("\n".join(s.id for s in steps).encode(), digest_size=8)
        self.pathway = f"{_URN}route:{dest_step.id}/{key.hexdigest()}"
        for step in steps:
            cid = self.component(step.id, prerequisites=False, title=step.title)
            node = self.nodes[cid]
            node["sendpath:step"] = {k: v for k, v in (
                ("kind", step.kind), ("months", step.months), ("start", step.start),
                ("finish", step.finish), ("due", step.due.isoformat() if step.due else None))
                if v is not None}
            if step.needs:
                node["ceterms:hasCondition"] = [self._group(
                    "all", [f"{_URN}{n}" for n in step.needs], [], f"{cid}/condition/0",
                    f"Needs first: {', '.join(self._title(n) for n in step.needs)}.")]
            if step.kind == "obligation":
                node["ceterms:precededBy"] = [f"{_URN}{dest_step.id}"]
        totals = [f"{route.months} months" if route.months is not None else "months unknown",
                  f"cost £{route.cost:g}" if route.cost is not None else "cost unknown"]
        name = (f"Route from {start} to {dest_step.title}" if start
                else f"Route to {dest_step.title}")
        about = (f"A route sendpath found: {len(steps)} steps, {', '.join(totals)}. Each step "
                 "requires the steps it waits for.")
        return self._document(f"{_URN}{dest_step.id}", name, about)

    def _document(self, dest: str, name: str, about: str) -> dict[str, Any]:
        parts = sorted(n for n, node in self.nodes.items()
                       if not node["@type"].endswith("ComponentCondition"))
        pathway = {"@id": self.pathway, "@type": "ceterms:Pathway",
                   "ceterms:ctid": _ctid(self.pathway), "ceterms:name": _text(name),
                   "ceterms:description": _text(about),
                   "ceterms:hasDestinationComponent": dest, "ceterms:hasPart": parts,
                   "sendpath:dataVersion": str(self.cat.data_version)}
        if self.cat.digest is not None:
            pathway["sendpath:dataDigest"] = self.cat.digest
        self.nodes[dest]["ceterms:isDestinationComponentFor"] = self.pathway
        return {"@context": list(CONTEXT), "@id": f"{self.pathway}/graph",
                "@graph": [pathway, *(self.nodes[k] for k in sorted(self.nodes))]}

    def _title(self, rid: str) -> str:
        return self.cat.get(rid).title if rid in self.cat else rid

    def component(self, rid: str, *, prerequisites: bool, title: str = "") -> str:
        cid = f"{_URN}{rid}"
        if cid in self.nodes:
            return cid
        kind = kind_of(rid) if is_id(rid) else "gate"
        rec = self.cat.get(rid) if rid in self.cat else None
        node: dict[str, Any] = {"@id": cid, "ceterms:ctid": _ctid(cid),
                                "ceterms:name": _text(rec.title if rec else title or rid),
                                "ceasn:isPartOf": self.pathway}
        self.nodes[cid] = node
        about: str = getattr(rec, "description", "")
        if about:
            node["ceterms:description"] = _text(one_line(about))
        if kind == "role":
            node["@type"] = "ceterms:JobComponent"
        elif isinstance(rec, Qualification):
            node["@type"] = "ceterms:CredentialComponent"
            node["ceterms:credentialType"] = f"ceterms:{_CREDENTIAL_TYPES[rec.kind]}"
            node["sendpath:kind"] = rec.kind
            if rec.conferred:
                node["sendpath:conferred"] = True
            if rec.credits is not None:
                node["ceterms:creditValue"] = {"@type": "ceterms:ValueProfile",
                                               "ceterms:value": rec.credits}
        elif kind == "outcome":
            node["@type"] = "ceterms:CompetencyComponent"
        elif kind == "gate":
            node["@type"] = "ceterms:WorkExperienceComponent"
        else:
            node["@type"] = "ceterms:BasicComponent"
            node["ceterms:componentCategory"] = _text("Activity")
        tree = getattr(rec, "requires", None)
        if prerequisites and tree is not None:
            node["ceterms:hasCondition"] = [self.condition(tree, f"{cid}/condition/0")]
        return cid

    def _target(self, rid: str) -> str:
        return self.component(rid, prerequisites=True)

    def condition(self, node: Requirement, cond_id: str) -> str:
        """Write ``node`` as a ComponentCondition and return its ``@id``."""
        from sendpath.render import requirement_lines  # noqa: PLC0415

        shape = _group_shape(node)
        if shape is not None:
            targets: list[str] = []
            nested: list[str] = []
            order: list[str] = []
            for i, child in enumerate(node.children()):
                plain = _plain(child)
                if plain is not None and f"{_URN}{plain}" not in targets:  # a repeat: nested
                    targets.append(self._target(plain))
                    order.append(targets[-1])
                else:
                    nested.append(self.condition(child, f"{cond_id}.{i}"))
                    order.append(nested[-1])
            words = requirement_lines(node, self.cat, ids=False)
            out = self._group(shape, targets, nested, cond_id,
                              "Requires " + " ".join(w.strip() for w in words))
            in_force = getattr(node, "in_force", None)
            if in_force is not None:
                self.nodes[out]["sendpath:inForce"] = self._literal(in_force)
            if targets and nested and order != targets + nested:
                self.nodes[out]["sendpath:order"] = order
            return out
        plain = _plain(node)
        refs = sorted(node.refs()) if plain is None else [plain]
        said = requirement_lines(node, self.cat, ids=False)[0]
        cond: dict[str, Any] = {
            "@id": cond_id, "@type": "ceterms:ComponentCondition",
            "ceterms:description": _text(f"Requires: {said}."
                                         + ("" if plain else " Exact terms: "
                                            "sendpath:requirement.")),
        }
        targets = [self._target(r) for r in refs]
        if targets:
            cond["ceterms:requiredNumber"] = 1
            cond["ceterms:targetComponent"] = targets
        if plain is None:
            cond["sendpath:requirement"] = self._literal(node)
        self.nodes[cond_id] = cond
        return cond_id

    def _group(self, kind: str | int, targets: list[str], nested: list[str], cond_id: str,
               description: str) -> str:
        total = len(targets) + len(nested)
        number = total if kind == "all" else 1 if kind == "any" else int(kind)
        cond: dict[str, Any] = {"@id": cond_id, "@type": "ceterms:ComponentCondition",
                                "ceterms:description": _text(description),
                                "ceterms:requiredNumber": number}
        if kind in ("all", "any"):
            cond["ceterms:logicalOperator"] = _LOGIC + ("And" if kind == "all" else "Or")
        if targets:
            cond["ceterms:targetComponent"] = targets
        if nested:
            cond["ceterms:hasCondition"] = nested
        self.nodes[cond_id] = cond
        return cond_id

    def _literal(self, value: Any) -> Any:
        from sendpath.io import unstructure  # noqa: PLC0415

        return unstructure(value)


def _data(node: Requirement) -> Any:
    """The node in the data format (io's table of node types; the engine's stay in rules)."""
    from sendpath.io import unstructure  # noqa: PLC0415

    return unstructure(node)


def _plain(node: Requirement) -> str | None:
    """The record a leaf names, if CTDL's own terms say all of it (a target, nothing more).

    That is a bare id (not a role's: in the data format a role leaf is ``in_role``) or an
    ``in_role`` with no days in force.
    """
    data = _data(node)
    if isinstance(data, str):
        return data if kind_of(data) != "role" else None
    if isinstance(data, dict) and set(data) == {"in_role"}:
        return str(data["in_role"])
    return None


def _group_shape(node: Requirement) -> str | int | None:
    """``all``, ``any`` or the ``n`` of an ``at_least`` for a group; ``None`` for a leaf."""
    data = _data(node)
    if not isinstance(data, dict):
        return None
    if "all" in data or "any" in data:
        return "all" if "all" in data else "any"
    if "at_least" in data:
        return int(data["at_least"]["n"])
    return None


# ---------------------------------------------------------------------------------------- in


def read_ctdl(source: str | Path | bytes, *companions: str | Path | bytes,
              on_dangling: OnDangling = "error") -> Imported:
    """Read a CTDL Pathway (compact or expanded JSON-LD) as sendpath records.

    Args:
        source: The pathway file (a path, or its bytes).
        companions: Files that hold nodes the pathway points at (the courses a
            ``CourseComponent`` is a ``proxyFor``, a progression model): read for names, codes,
            credits, credential types and levels, never imported as records of their own.
        on_dangling: ``"error"`` (the default): a ``targetComponent`` or ``hasCondition`` that
            names a node in no file given is an error, because leaving it out would change
            what the requirement asks. ``"drop"``: leave it out, with a warning (a condition
            that then asks for more items than it has asks for all of them).

    Returns:
        The records (a source, the destination role with its requirement tree, a start role,
        qualifications, activities, roles, a framework of competencies) and the warnings of
        what was guessed or left out, each naming the file, the node's ``@id`` and the
        property.

    Raises:
        DataError: Every problem at once: the file is not JSON or not JSON-LD, it has no
            ``ceterms:Pathway`` or no destination, a dangling reference (see ``on_dangling``), a
            condition asking for more items than it has, a ``sendpath:`` key sendpath cannot
            read.

    Example:
        >>> doc = b'''{"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": [
        ...   {"@id": "_:p", "@type": "ceterms:Pathway", "ceterms:name": {"en": "Mentor"},
        ...    "ceterms:hasDestinationComponent": "_:job"},
        ...   {"@id": "_:job", "@type": "ceterms:JobComponent", "ceterms:name": {"en": "Mentor"},
        ...    "ceterms:hasCondition": [{"@type": "ceterms:ComponentCondition",
        ...      "ceterms:requiredNumber": 1, "ceterms:targetComponent": ["_:a", "_:b"]}]},
        ...   {"@id": "_:a", "@type": "ceterms:CredentialComponent", "ceterms:name": {"en": "A"},
        ...    "ceterms:credentialType": "ceterms:License"},
        ...   {"@id": "_:b", "@type": "ceterms:CredentialComponent", "ceterms:name": {"en": "B"},
        ...    "ceterms:credentialType": "ceterms:MasterDegree"}]}'''
        >>> got = read_ctdl(doc)
        >>> role = next(r for r in got.records if getattr(r, "id", "") == "role:mentor/mentor")
        >>> role.requires
        AnyOf(items=(Ref(id='qual:mentor/a'), Ref(id='qual:mentor/b')), in_force=None)
        >>> [q.kind for q in got.records if isinstance(q, Qualification)]
        ['licence', 'degree']
    """
    graph, extra = parse_all(source, companions)
    return _Reader(graph, extra, on_dangling).read()


class _Reader(GraphReader):
    """One pathway file (and its companions) read into records."""

    def __init__(self, graph: Graph, companions: Sequence[Graph], on_dangling: OnDangling,
                 ) -> None:
        if on_dangling not in ("error", "drop"):
            raise ValueError(f"on_dangling must be 'error' or 'drop', not {on_dangling!r}")
        super().__init__(graph, companions)
        self.aliased = self._alias(graph)
        self.drop = on_dangling == "drop"
        self.ids: dict[str, str] = {}  # node @id -> sendpath id
        self.kinds: dict[str, str] = {}  # node @id -> what it is read as
        self.approximate: Counter[tuple[str, str]] = Counter()
        self.childless: list[str] = []  # components whose children are read as required
        self.not_components: dict[str, list[str]] = {}  # a type used as a component: the nodes
        self.ns = ""
        self.pathway_id = ""

    def _alias(self, graph: Graph) -> list[str]:
        """Resolve references that match a node only by the UUID at the end of its ``@id``.

        Registry files write a resource as ``.../resources/ce-<uuid>`` and companion files
        sometimes as ``.../resources/<uuid>``: the same CTID, so the same node.
        """
        by_uuid: dict[str, list[str]] = {}
        for nid in self.index:
            if m := _UUID.search(nid):
                by_uuid.setdefault(m.group(0).lower(), []).append(nid)
        aliased: list[str] = []
        for node in graph.nodes.values():
            for values in node.props.values():
                for v in values:
                    ref = v.id if isinstance(v, Link) else v
                    if not isinstance(ref, str) or "://" not in ref or ref in self.index:
                        continue
                    m = _UUID.search(ref)
                    found = by_uuid.get(m.group(0).lower(), []) if m else []
                    if len(found) == 1:
                        self.index[ref] = self.index[found[0]]
                        aliased.append(ref)
        return aliased

    def read(self) -> Imported:
        pathway = self.the_one("ceterms:Pathway", "pathway")
        self.pathway_id = pathway.id
        title = pathway.text("ceterms:name") or Path(self.file).stem or "CTDL pathway"
        own = pathway.id.removeprefix(_URN)
        self.ns = slugify(own if pathway.id.startswith(_URN) else title, default="pathway")
        dest = self._destination(pathway)
        if dest is None:
            raise DataError(self.problems)
        components = self._components(pathway, dest)
        self._name_all(components, dest)
        source = self._source(pathway, title)
        records = self._records(components, dest, source.id, title)
        self._report_unread(components)
        if self.problems:
            raise DataError(self.problems)
        if self.aliased:
            self.problem("matched-by-ctid", self.aliased[0], None,
                         f"{len(self.aliased)} references matched a node of another file only "
                         "by the UUID of their CTID (the addresses differ)", fatal=False)
        for (what, kind), n in sorted(self.approximate.items()):
            self.problem("approximate-kind", pathway.id, "ceterms:credentialType",
                         f"{n} {what} read as qualification kind {kind!r}, the closest sendpath "
                         "has", fatal=False)
        version = pathway.text("sendpath:dataVersion") or "1"
        return Imported(name=self.ns, title=title, records=(source, *records),
                        warnings=tuple(self.warnings), data_version=version)

    # -- structure

    def _destination(self, pathway: Node) -> Node | None:
        named = list(pathway.links("ceterms:hasDestinationComponent"))
        named += [n.id for n in self.graph.nodes.values()
                  if pathway.id in n.links("ceterms:isDestinationComponentFor")
                  and n.id not in named]
        found = [self.index[n] for n in named if n in self.index]
        for n in named:
            if n not in self.index:
                self.problem("unknown-reference", pathway.id, "ceterms:hasDestinationComponent",
                             f"the destination {n} is not in the file", fatal=not found)
        if not named:
            self.problem("missing-field", pathway.id, "ceterms:hasDestinationComponent",
                         "the pathway names no destination component", fatal=True)
        if not found:
            return None
        if len(found) > 1:  # the one no other candidate requires
            required = {t for c in found for t in self._targets(c)}
            top = [c for c in found if c.id not in required] or found
            self.problem("ambiguous-destination", pathway.id, "ceterms:hasDestinationComponent",
                         f"{len(found)} components claim to be the destination; "
                         f"{top[0].id} ({top[0].text('ceterms:name')}) is read as it, the "
                         "others as steps towards it", fatal=False)
            return top[0]
        return found[0]

    def _targets(self, component: Node) -> set[str]:
        """Every component a component's conditions name, nested conditions included."""
        out: set[str] = set()
        stack = list(component.links("ceterms:hasCondition"))
        seen: set[str] = set()
        while stack:
            cid = stack.pop()
            if cid in seen or cid not in self.index:
                continue
            seen.add(cid)
            cond = self.index[cid]
            out.update(cond.links("ceterms:targetComponent"))
            stack.extend(cond.links("ceterms:hasCondition"))
        return out

    def _components(self, pathway: Node, dest: Node) -> list[Node]:
        """The pathway's components: the destination, its parts, and what conditions name."""
        own = [n for n in self.graph.nodes.values()
               if any(t in _COMPONENTS for t in n.types)]
        order = [dest.id, *pathway.links("ceterms:hasPart"), *pathway.links("ceasn:hasPart"),
                 *(n.id for n in own)]
        found: dict[str, Node] = {}
        queue = list(order)
        while queue:
            nid = queue.pop(0)
            if nid in found:
                continue
            node = self.index.get(nid)
            if node is None:
                continue
            if node.is_a("ceterms:Pathway", "ceterms:ComponentCondition"):
                continue
            found[nid] = node
            queue.extend(sorted(self._targets(node) - set(found)))
        return list(found.values())

    def _name_all(self, components: list[Node], dest: Node) -> None:
        for node in components:
            if node.has("sendpath:obligation"):
                continue
            what = "dest" if node.id == dest.id else self._what(node)
            self.kinds[node.id] = what
            kind = {"dest": "role", "role": "role", "qual": "qual", "status": "qual",
                    "outcome": "outcome", "activity": "activity"}[what]
            own = node.id.removeprefix(_URN)
            if node.id.startswith(_URN) and is_id(own) and kind_of(own) == kind \
                    and own not in self.taken:
                self.taken.add(own)
                self.ids[node.id] = own
                continue
            words = slugify(node.text("ceterms:name")
                            or self._proxy_text(node, "ceterms:name")
                            or node.id.rsplit("/", 1)[-1], default="component")
            self.ids[node.id] = unique(f"{kind}:{self.ns}/{words}", self.taken)

    def _what(self, node: Node) -> str:
        for t in node.types:
            what = _COMPONENTS.get(t)
            if what == "basic":
                if node.has("sendpath:conferred") or node.has("ceterms:hasCondition"):
                    return "status"
                return "activity"
            if what is not None:
                return what
        what = "qual" if any(t.removeprefix("ceterms:") in _QUAL_KINDS
                             for t in node.types) else "activity"
        self.not_components.setdefault("/".join(node.types) or "untyped", []).append(node.id)
        return what

    def _proxy(self, node: Node) -> Node | None:
        proxies = [self.index[p] for p in node.links("ceterms:proxyFor") if p in self.index]
        return proxies[0] if proxies else None

    def _proxy_text(self, node: Node, prop: str) -> str:
        proxy = self._proxy(node)
        return proxy.text(prop) if proxy is not None else ""

    def _source(self, pathway: Node, title: str) -> Source:
        owner = ""
        for who in (*pathway.links("ceterms:ownedBy"), *pathway.links("ceterms:offeredBy")):
            agent = self.index.get(who)
            owner = (agent.text("ceterms:name") if agent else "") or who
            break
        urls = web([*pathway.links("ceterms:subjectWebpage"), pathway.id,
                    *([self.graph.id] if self.graph.id else [])])
        return Source(id=unique(f"source:{self.ns}", self.taken), title=title,
                      publisher=owner or "not stated in the file", kind="other", urls=urls,
                      unconfirmed=() if owner else ("publisher: the CTDL file names none",))

    # -- records

    def _records(self, components: list[Node], dest: Node, source: str,
                 title: str) -> list[Any]:
        obligations: dict[str, list[Obligation]] = {}
        records: list[Any] = []
        outcomes: list[Outcome] = []
        for node in components:
            if node.has("sendpath:obligation"):
                self._obligation(node, obligations)
        for node in components:
            if node.has("sendpath:obligation"):
                continue
            rid = self.ids[node.id]
            what = self.kinds[node.id]
            cite = (Citation(source=source, locator=node.id),)
            title_of = (node.text("ceterms:name") or self._proxy_text(node, "ceterms:name")
                        or rid)
            names = node.texts("ceterms:name")
            if len(names) > 1:
                self.problem("several-values", node.id, "ceterms:name",
                             f"{len(names)} names ({'; '.join(names)}): the first is used",
                             fatal=False)
            about = self._description(node)
            tree = self.tree(node)
            try:
                records.append(self._record(node, what, rid, title_of, about, cite=cite,
                                            tree=tree, obligations=obligations.pop(rid, []),
                                            outcomes=outcomes))
            except DataError as exc:
                self.problems += [attrs.evolve(p, file=self.file, record=node.id)
                                  for p in exc.problems]
        records = [r for r in records if r is not None]
        if outcomes:
            records.append(Framework(
                id=unique(f"fw:{self.ns}", self.taken), title=f"Competencies of {title}",
                sources=(Citation(source=source),), outcomes=tuple(outcomes)))
        start = unique(f"role:{self.ns}/start", self.taken)
        records.append(Role(
            id=start, title=f"Starting the {title}", entry_point=True,
            sources=(Citation(source=source),),
            description="Added by sendpath's CTDL reader as the place routes start from: the "
                        "pathway names no starting role.",
            unconfirmed=("entry_point: a starting role sendpath added",)))
        for rid in obligations:
            self.problem("unknown-reference", rid, "sendpath:obligation",
                         f"an obligation names {rid}, which is not a role of the pathway",
                         fatal=True)
        return records

    def _record(self, node: Node, what: str, rid: str, title: str, about: str, *,
                cite: tuple[Citation, ...], tree: Requirement | None,
                obligations: list[Obligation], outcomes: list[Outcome]) -> Any:
        if what in ("dest", "role"):
            return Role(id=rid, title=title, description=about, sources=cite, requires=tree,
                        obligations=tuple(obligations))
        if what == "outcome":
            if tree is not None:
                self.problem("not-read", node.id, "ceterms:hasCondition",
                             "a competency's own conditions are not read (outcomes have no "
                             "requirements)", fatal=False)
            outcomes.append(Outcome(id=rid, title=title, statement=about, sources=cite,
                                    code=node.text("ceterms:codedNotation")
                                    or self._proxy_text(node, "ceterms:codedNotation")))
            return None
        if what == "activity":
            return Activity(id=rid, title=title, description=about, sources=cite,
                            requires=tree)
        conferred = what == "status"
        if conferred and tree is None:
            self.problem("not-modelled", node.id, "ceterms:hasCondition",
                         "none of its conditions is one sendpath can check: read as a status to "
                         "be gained, not one its conditions confer", fatal=False)
            conferred = False
        kind = "status" if what == "status" and not node.has("sendpath:kind") else self._kind(node)
        if node.has("sendpath:conferred"):
            conferred = node.values("sendpath:conferred") == (True,) and tree is not None
        return Qualification(id=rid, title=title, description=about, sources=cite, kind=kind,
                             requires=tree, conferred=conferred, credits=self._credits(node))

    def _description(self, node: Node) -> str:
        parts = [" ".join(node.texts("ceterms:description"))
                 or self._proxy_text(node, "ceterms:description")]
        code = node.text("ceterms:codedNotation") or self._proxy_text(node,
                                                                      "ceterms:codedNotation")
        if code:
            parts.append(f"Code {code}.")
        for level in (*node.links("asn:hasProgressionLevel"),
                      *node.links("ceterms:hasProgressionLevel")):
            concept = self.index.get(level)
            label = concept.text("skos:prefLabel") if concept else ""
            if label:
                parts.append(f"Progression level: {label}.")
        return " ".join(p for p in parts if p)

    def _kind(self, node: Node) -> str:
        own = node.text("sendpath:kind")
        if own:
            return own
        types = [short(t).removeprefix("ceterms:") for t in node.links("ceterms:credentialType")]
        proxy = self._proxy(node)
        if proxy is not None:
            types += [t.removeprefix("ceterms:") for t in proxy.types]
        types += [t.removeprefix("ceterms:") for t in node.types]
        for t in types:
            if t in _QUAL_KINDS:
                if t not in _EXACT:
                    self.approximate[(f"ceterms:{t}", _QUAL_KINDS[t])] += 1
                return _QUAL_KINDS[t]
        label = "/".join(node.types)
        self.approximate[(label, "qualification")] += 1
        return "qualification"

    def _credits(self, node: Node) -> int | None:
        for holder in (node, self._proxy(node)):
            if holder is None:
                continue
            for ref in holder.links("ceterms:creditValue"):
                profile = self.index.get(ref)
                value = profile.number("ceterms:value") if profile else None
                if value is not None and value > 0 and float(value).is_integer():
                    return int(value)
            value = holder.number("ceterms:creditValue")
            if value is not None and value > 0 and float(value).is_integer():
                return int(value)
        return None

    def _obligation(self, node: Node, out: dict[str, list[Obligation]]) -> None:
        from sendpath.io import structure  # noqa: PLC0415

        data = node.literal("sendpath:obligation")
        tree = self.tree(node)
        if not isinstance(data, dict) or not isinstance(data.get("role"), str) or tree is None:
            self.problem("wrong-type", node.id, "sendpath:obligation",
                         "an obligation needs a role and a condition that says what meets it",
                         fatal=True)
            return
        role = data.pop("role")
        try:
            ob = structure({**data, "requires": self._literal(tree)}, Obligation)
        except DataError as exc:
            self.problems += [attrs.evolve(p, file=self.file, record=node.id,
                                           field=f"sendpath:obligation.{p.field or ''}")
                              for p in exc.problems]
            return
        out.setdefault(role, []).append(ob)

    @staticmethod
    def _literal(value: Any) -> Any:
        from sendpath.io import unstructure  # noqa: PLC0415

        return unstructure(value)

    # -- requirement trees

    def tree(self, component: Node) -> Requirement | None:
        """The requirement a component's conditions state (all of them), or ``None``.

        A component with children (``ceasn:hasChild``) and no condition requires all of them.
        """
        if not component.has("ceterms:hasCondition"):
            children = [c for c in component.links("ceasn:hasChild") if c in self.ids]
            if not children:
                return None
            self.childless.append(component.id)
            leaves = [self._leaf(c, component.id) for c in children]
            kept = [leaf for leaf in leaves if leaf is not None]
            return kept[0] if len(kept) == 1 else AllOf(items=tuple(kept))
        parts = [self._condition(c, component.id, "ceterms:hasCondition", frozenset())
                 for c in component.links("ceterms:hasCondition")]
        kept = list(dict.fromkeys(p for p in parts if p is not None))  # all of them: once each
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AllOf(items=tuple(kept))

    def _dangling(self, owner: str, prop: str, ref: str) -> None:
        self.problem("unknown-reference", owner, prop,
                     f"{ref} is not in the file or its companions"
                     + (": left out of the requirement" if self.drop else ""),
                     fatal=not self.drop)

    def _condition(self, cid: str, owner: str, prop: str,
                   seen: frozenset[str]) -> Requirement | None:
        node = self.index.get(cid)
        if node is None:
            self._dangling(owner, prop, cid)
            return None
        if cid in seen:
            self.problem("cycle", cid, "ceterms:hasCondition",
                         "the condition contains itself", fatal=True)
            return None
        if not node.is_a("ceterms:ComponentCondition"):
            self.problem("wrong-type", owner, prop,
                         f"{cid} is a {'/'.join(node.types) or 'node'}, not a "
                         "ceterms:ComponentCondition", fatal=True)
            return None
        where = node.id if node.inline_in is None else f"{node.inline_in[0]} ({prop})"
        if node.has("sendpath:requirement"):
            return self._exact(node, where)
        found: dict[str, Requirement] = {}
        dropped = 0
        for t in node.links("ceterms:targetComponent"):
            leaf = self._leaf(t, where)
            dropped += leaf is None
            if leaf is not None:
                found.setdefault(t, leaf)
        for c in node.links("ceterms:hasCondition"):
            sub = self._condition(c, where, "ceterms:hasCondition", seen | {cid})
            if sub is not None:
                found.setdefault(c, sub)
        order = {ref: i for i, ref in enumerate(node.links("sendpath:order"))}
        items = [found[k] for k in sorted(found, key=lambda k: order.get(k, len(order)))]
        self._constraints(node, where)
        return self._group(node, where, items, dropped)

    def _group(self, node: Node, where: str, items: list[Requirement],
               dropped: int) -> Requirement | None:
        operator = short(next(iter(node.links("ceterms:logicalOperator")), "")).rsplit("/", 1)[-1]
        number = node.number("ceterms:requiredNumber")
        distinct = list(dict.fromkeys(items))  # sendpath's groups name each requirement once
        if len(distinct) < len(items):
            self.problem("invalid-value", where, "ceterms:hasCondition",
                         "the condition names the same requirement more than once: it is "
                         "counted once", fatal=False)
            dropped += len(items) - len(distinct)
            items = distinct
        if operator == "OnlyOne":
            self.problem("not-modelled", where, "ceterms:logicalOperator",
                         "'only one' is read as 'at least one' (sendpath cannot forbid more)",
                         fatal=False)
        if not items:
            self.problem("not-modelled", where, "ceterms:hasCondition",
                         "the condition names nothing sendpath can check (no target "
                         "components or nested conditions): it is left out", fatal=False)
            return None
        default = 1 if operator in ("Or", "OnlyOne") else len(items)
        k = default if number is None else int(number)
        if k < 1:
            self.problem("not-modelled", where, "ceterms:requiredNumber",
                         f"requiredNumber {number} asks for nothing: the condition is left "
                         "out", fatal=False)
            return None
        if k > len(items):
            message = f"requiredNumber {k} asks for more than the {len(items)} items it names"
            if dropped:
                self.problem("invalid-value", where, "ceterms:requiredNumber",
                             message + ": read as all of them", fatal=False)
                k = len(items)
            else:
                self.problem("invalid-value", where, "ceterms:requiredNumber", message,
                             fatal=True)
                return None
        in_force = self._in_force(node, where)
        if len(items) == 1:
            return items[0]
        if k == len(items):
            return AllOf(items=tuple(items), in_force=in_force)
        if k == 1:
            return AnyOf(items=tuple(items), in_force=in_force)
        return AtLeast(n=k, of=tuple(items), in_force=in_force)

    def _in_force(self, node: Node, where: str) -> InForce | None:
        if not node.has("sendpath:inForce"):
            return None
        from sendpath.io import structure  # noqa: PLC0415

        try:
            return structure(node.literal("sendpath:inForce"), InForce)
        except DataError as exc:
            self.problems += [attrs.evolve(p, file=self.file, record=where,
                                           field="sendpath:inForce") for p in exc.problems]
            return None

    def _leaf(self, target: str, where: str) -> Requirement | None:
        rid = self.ids.get(target)
        if rid is None:
            if target not in self.index:
                self._dangling(where, "ceterms:targetComponent", target)
            else:
                self.problem("wrong-type", where, "ceterms:targetComponent",
                             f"{target} is not a pathway component", fatal=True)
            return None
        if kind_of(rid) == "role":
            return InRole(in_role=rid)
        return Ref(id=rid)

    def _exact(self, node: Node, where: str) -> Requirement | None:
        from sendpath.io import structure  # noqa: PLC0415

        try:
            return structure(node.literal("sendpath:requirement"),
                             cast("type[Requirement]", Requirement))
        except DataError as exc:
            self.problems += [
                attrs.evolve(p, file=self.file, record=where,
                             field=f"sendpath:requirement.{p.field or ''}".rstrip("."))
                for p in exc.problems]
            return None

    def _constraints(self, node: Node, where: str) -> None:
        said = []
        for ref in node.links("ceterms:hasConstraint"):
            c = self.index.get(ref)
            if c is None:
                said.append(ref)
                continue
            parts = [*(_word(v) for v in c.links("ceterms:leftAction")),
                     *(_word(v) for v in c.links("ceterms:leftSource")),
                     *(_word(v) for v in c.links("ceterms:comparator")),
                     *(_word(v) for v in c.links("ceterms:rightAction")),
                     ",".join(_word(v) for v in c.links("ceterms:rightSource"))]
            said.append(" ".join(p for p in parts if p))
        if said:
            about = node.text("ceterms:description")
            self.problem("not-modelled", where, "ceterms:hasConstraint",
                         f"{len(said)} constraint{'s' if len(said) != 1 else ''} sendpath cannot "
                         f"model ({'; '.join(said)}) "
                         + (f"[{about}] " if about else "") + "are left out", fatal=False)

    def _report_unread(self, components: list[Node]) -> None:
        for types, nodes in self.not_components.items():
            read_as = "a credential component" if self.kinds[nodes[0]] == "qual" else "an activity"
            self.problem("not-a-component", nodes[0], "@type",
                         f"{_count(len(nodes), 'node')} of type {types} (not a PathwayComponent "
                         f"class) {'is' if len(nodes) == 1 else 'are'} used as pathway "
                         f"components: read as {read_as}", fatal=False)
        if self.childless:
            self.problem("children-required", self.childless[0], "ceasn:hasChild",
                         f"{_count(len(self.childless), 'component')} with children and no "
                         "ComponentCondition: all their children are read as required",
                         fatal=False)
        order = 0
        missing: dict[str, list[tuple[str, str]]] = {}
        for node in components:
            for prop in _LINKS:
                missing.setdefault(prop, []).extend(
                    (node.id, r) for r in node.links(prop) if r not in self.index)
        for prop, pairs in missing.items():
            if pairs:
                owners = sorted({o for o, _ in pairs})
                self.problem("unknown-reference", pairs[0][0], prop,
                             f"{_count(len(pairs), 'reference')} from "
                             f"{_count(len(owners), 'component')} not in the file or its "
                             f"companions (first: {pairs[0][1]}): not read", fatal=False)
        for node in components:
            if not node.has("sendpath:obligation"):  # an obligation follows its role: modelled
                order += (len(node.links("ceterms:precedes"))
                          + len(node.links("ceterms:precededBy")))
        if order:
            self.problem("not-modelled", self.pathway_id, "ceterms:precedes",
                         f"{order} precedes/precededBy links (a suggested order, not a "
                         "requirement) are not modelled", fatal=False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _word(iri: str) -> str:
    """The last word of an IRI (``.../compare/GTEQ`` -> ``GTEQ``)."""
    return short(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

