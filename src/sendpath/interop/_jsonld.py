"""Reading Credential Engine JSON-LD without a JSON-LD processor (no network, no contexts fetched).

CTDL and CTDL-ASN files come compact (``"ceterms:name": {"en-US": "..."}`` under the
Credential Engine context) or expanded (``"https://purl.org/ctdl/terms/name": [{"@value":
"...", "@language": "en"}]``, often a top-level array). Both are read into the same
:class:`Node` objects, keyed on the prefixed terms: a full IRI of a known vocabulary is
shortened to its prefix by a local table (:data:`PREFIXES`), ``@value`` objects become their
values, a language map its texts (preferred language first), ``{"@id": ...}`` a :class:`Link`,
and a node written inline (a ``ComponentCondition`` inside its component) a node of its own,
with an ``@id`` made from where it was found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from sendpath.errors import DataError, Problem
from sendpath.interop._package import plain

__all__ = ["JSON_PROPS", "PREFIXES", "Graph", "GraphReader", "Link", "Node", "parse",
           "parse_all", "read_source", "short"]

#: The vocabularies read, by namespace IRI: each is shortened to the prefix the compact form uses.
PREFIXES: Final = {
    "https://purl.org/ctdl/terms/": "ceterms:",
    "http://purl.org/ctdl/terms/": "ceterms:",
    "https://purl.org/ctdlasn/terms/": "ceasn:",
    "http://purl.org/ctdlasn/terms/": "ceasn:",
    "http://purl.org/ASN/schema/core/": "asn:",
    "https://purl.org/ASN/schema/core/": "asn:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://purl.org/dc/terms/": "dcterms:",
    "https://schema.org/": "schema:",
    "http://schema.org/": "schema:",
    "urn:sendpath:terms:": "sendpath:",
}
#: sendpath's extension properties whose values are JSON literals (``"@type": "@json"``).
JSON_PROPS: Final = frozenset({"sendpath:requirement", "sendpath:obligation", "sendpath:inForce",
                               "sendpath:step"})
# Languages preferred when a text is given in several (sendpath's data is British English).
_LANGUAGES: Final = ("en-gb", "en", "en-us")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@attrs.frozen
class Link:
    """A reference to another node by its ``@id``."""

    id: str


Value = str | int | float | bool | Link


@attrs.frozen(kw_only=True)
class Node:
    """One JSON-LD node: its ``@id``, its types and its properties, all keyed by prefixed terms.

    Example:
        >>> n = Node(id="x", types=("ceterms:Pathway",), props={"ceterms:name": ("P",)})
        >>> n.is_a("ceterms:Pathway"), n.text("ceterms:name"), n.links("ceterms:hasPart")
        (True, 'P', ())
    """

    id: str
    types: tuple[str, ...]
    props: dict[str, tuple[Value, ...]] = attrs.field(eq=False)
    #: Where an inline node was found: the node and property it sits in.
    inline_in: tuple[str, str] | None = None

    def is_a(self, *types: str) -> bool:
        """Whether the node has any of ``types``."""
        return any(t in self.types for t in types)

    def values(self, prop: str) -> tuple[Value, ...]:
        """The values of ``prop`` (empty when it is absent)."""
        return self.props.get(prop, ())

    def has(self, prop: str) -> bool:
        """Whether ``prop`` has a value."""
        return bool(self.props.get(prop))

    def texts(self, prop: str) -> list[str]:
        """The distinct texts of ``prop``, preferred language first, whitespace collapsed."""
        out: list[str] = []
        for v in self.values(prop):
            if isinstance(v, str) and (t := " ".join(v.split())) and t not in out:
                out.append(t)
        return out

    def text(self, prop: str) -> str:
        """The first text of ``prop``, or ``""``."""
        found = self.texts(prop)
        return found[0] if found else ""

    def links(self, prop: str) -> tuple[str, ...]:
        """The ``@id`` of each node ``prop`` refers to (a plain string counts as an IRI)."""
        return tuple(v.id if isinstance(v, Link) else v for v in self.values(prop)
                     if isinstance(v, (Link, str)))

    def number(self, prop: str) -> int | float | None:
        """The first number of ``prop`` (a numeric string counts), or ``None``."""
        for v in self.values(prop):
            if isinstance(v, bool):
                continue
            if isinstance(v, (int, float)):
                return v
            if isinstance(v, str) and re.fullmatch(r"\s*-?\d+\s*", v):
                return int(v)
        return None

    def literal(self, prop: str) -> Any:
        """The JSON literal of an extension property (:data:`JSON_PROPS`), or ``None``."""
        values = self.values(prop)
        return json.loads(values[0]) if values and isinstance(values[0], str) else None


@attrs.frozen(kw_only=True)
class Graph:
    """The nodes of one file, in document order."""

    file: str
    nodes: dict[str, Node] = attrs.field(eq=False)
    #: The file's own ``@id`` (a registry graph's address), if it has one.
    id: str | None = None

    def of_type(self, *types: str) -> list[Node]:
        """The nodes that have any of ``types``, in document order."""
        return [n for n in self.nodes.values() if n.is_a(*types)]


def short(iri: str) -> str:
    """Return ``iri`` with a known namespace replaced by its prefix.

    Example:
        >>> short("https://purl.org/ctdl/terms/Pathway"), short("ceterms:Pathway")
        ('ceterms:Pathway', 'ceterms:Pathway')
    """
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def read_source(source: str | Path | bytes, problems: list[Problem]) -> tuple[str, bytes | None]:
    """Return a name for ``source`` (a path, or ``<bytes>``) and its bytes (``None``: unreadable).

    Example:
        >>> read_source(b"{}", [])
        ('<bytes>', b'{}')
    """
    if isinstance(source, bytes):
        return "<bytes>", source
    name = str(source)
    try:
        return name, Path(source).read_bytes()
    except OSError as exc:
        problems.append(Problem(code="unreadable", file=name,
                                message=f"cannot read the file: {exc.strerror or exc}"))
        return name, None


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a JSON number")


def parse(data: bytes, name: str) -> Graph:
    """Parse JSON-LD bytes into a :class:`Graph` of prefixed-term nodes.

    Raises:
        DataError: The bytes are not UTF-8 JSON, or not JSON-LD nodes (an object with
            ``@graph``, a node object, or an array of node objects).

    Example:
        >>> g = parse(b'[{"@id": "p", "@type": ["https://purl.org/ctdl/terms/Pathway"],'
        ...           b' "https://purl.org/ctdl/terms/name":'
        ...           b' [{"@value": "P", "@language": "en"}]}]', "p.jsonld")
        >>> g.nodes["p"].types, g.nodes["p"].text("ceterms:name")
        (('ceterms:Pathway',), 'P')
    """
    try:
        doc = plain(json.loads(data.decode("utf-8"), parse_constant=_no_constant))
    except UnicodeDecodeError as exc:
        raise DataError([Problem(code="syntax", file=name,
                                 message=f"not UTF-8 text: {exc.reason}")]) from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise DataError([Problem(code="syntax", file=name, line=line,
                                 message=f"not JSON: {getattr(exc, 'msg', exc)}")]) from None
    graph_id: str | None = None
    if isinstance(doc, dict) and "@graph" in doc:
        graph_id = doc.get("@id") if isinstance(doc.get("@id"), str) else None
        items = doc["@graph"]
    elif isinstance(doc, dict):
        items = [doc]
    else:
        items = doc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataError([Problem(code="wrong-type", file=name,
                                 message="not JSON-LD: expected an object with @graph, a node "
                                         "object or an array of node objects")])
    nodes: dict[str, Node] = {}
    for i, item in enumerate(items):
        _node(item, f"_:node/{i}", nodes, None)
    return Graph(file=name, nodes=nodes, id=graph_id)


def _node(item: dict[str, Any], fallback: str, nodes: dict[str, Node],
          inline_in: tuple[str, str] | None) -> str:
    raw_id = item.get("@id")
    node_id = raw_id if isinstance(raw_id, str) and raw_id else fallback
    raw_types = item.get("@type", ())
    types = tuple(short(t) for t in ([raw_types] if isinstance(raw_types, str) else raw_types)
                  if isinstance(t, str))
    props: dict[str, tuple[Value, ...]] = {}
    for key, value in item.items():
        if key.startswith("@"):
            continue
        prop = short(key)
        if prop in JSON_PROPS and not _expanded_json(value):
            props[prop] = (json.dumps(value, sort_keys=True),)
            continue
        props[prop] = tuple(_values(value, f"{node_id}#{prop}", nodes, (node_id, prop)))
    if node_id not in nodes:  # the first description of a node wins
        nodes[node_id] = Node(id=node_id, types=types, props=props, inline_in=inline_in)
    return node_id


def _expanded_json(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(isinstance(v, dict) and "@value" in v for v in items)


def _values(value: Any, where: str, nodes: dict[str, Node],
            owner: tuple[str, str]) -> Iterator[Value]:
    items = value if isinstance(value, list) else [value]
    for i, v in enumerate(items):
        if isinstance(v, dict):
            yield from _object(v, f"{where}/{i}", nodes, owner)
        elif isinstance(v, (str, int, float, bool)):
            yield v


def _object(v: dict[str, Any], where: str, nodes: dict[str, Node],
            owner: tuple[str, str]) -> Iterator[Value]:
    if "@value" in v:
        if v.get("@type") in ("@json", "rdf:JSON",
                              "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"):
            yield json.dumps(v["@value"], sort_keys=True)
        elif isinstance(v["@value"], (str, int, float, bool)):
            yield v["@value"]
    elif set(v) == {"@id"} and isinstance(v["@id"], str):
        yield Link(v["@id"])
    elif v and not any(k.startswith("@") for k in v) and all(
            _LANGUAGE_TAG.match(k) and _is_texts(t) for k, t in v.items()):
        for lang in sorted(v, key=_language_rank):  # a language map
            texts = v[lang]
            yield from (texts if isinstance(texts, list) else [texts])
    else:
        yield Link(_node(v, where, nodes, owner))


def _is_texts(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(t, str) for t in value))


def _language_rank(lang: str) -> tuple[int, str]:
    low = lang.lower()
    return (_LANGUAGES.index(low) if low in _LANGUAGES else len(_LANGUAGES), low)


def parse_all(source: Any, companions: Sequence[Any]) -> tuple[Graph, list[Graph]]:
    """Read and parse a file and its companions, reporting every problem of every file at once.

    Raises:
        DataError: A file cannot be read or is not JSON-LD.
    """
    problems: list[Problem] = []
    name, data = read_source(source, problems)
    others = [read_source(c, problems) for c in companions]
    if problems:
        raise DataError(problems)
    parsed: list[Graph] = []
    for each_name, each_data in [(name, data), *others]:
        try:
            parsed.append(parse(each_data or b"", each_name))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return parsed[0], parsed[1:]


class GraphReader:
    """What the CTDL and CTDL-ASN readers share.

    The nodes of a file and its companions by ``@id``, the problems (which stop the import) and
    the warnings (which do not), and the one node of the type the file is about.
    """

    def __init__(self, graph: Graph, companions: Sequence[Graph]) -> None:
        self.graph = graph
        self.file = graph.file
        self.index: dict[str, Node] = {}
        for g in (graph, *companions):
            for nid, node in g.nodes.items():
                self.index.setdefault(nid, node)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.taken: set[str] = set()

    def problem(self, code: str, node: str | None, prop: str | None, message: str, *,
                fatal: bool) -> None:
        """Note a problem (``fatal``) or a warning, naming the file, the node and the property."""
        (self.problems if fatal else self.warnings).append(
            Problem(code=code, file=self.file, record=node, field=prop, message=message))

    def the_one(self, of_type: str, what: str) -> Node:
        """The first node of type ``of_type`` (others are warned of, not read).

        Raises:
            DataError: The file holds no such node.
        """
        found = self.graph.of_type(of_type)
        if not found:
            raise DataError([Problem(code="missing-field", file=self.file,
                                     message=f"no {of_type} node in the file")])
        for other in found[1:]:
            self.problem("not-read", other.id, None, f"a second {what} in the file is not read "
                         f"(read one {what} per file)", fatal=False)
        return found[0]
