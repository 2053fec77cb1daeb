"""1EdTech CASE 1.1: a framework out as a CFPackage, CFPackages in as frameworks.

It runs past 500 lines because both directions of the format, and the lenient reading of its
older shapes, sit together so that the one mapping between them is in one place.

`CASE <https://www.1edtech.org/standards/case>`_ (Competencies and Academic Standards Exchange,
1EdTech) exchanges frameworks as a *CFPackage*: one ``CFDocument`` (the framework), its
``CFItems`` (statements) and ``CFAssociations`` (typed links: ``isChildOf``, ``exactMatchOf``,
``precedes``, ...). Every object has a UUID ``identifier``, a ``uri`` and a
``lastChangeDateTime``.

Out (:func:`to_case`, :func:`case_bytes`, :func:`write_case`): a framework becomes a CFDocument,
each outcome a CFItem (``humanCodingScheme`` its code, ``fullStatement`` its statement, or its
title when it has none, ``abbreviatedStatement`` its title then, ``CFItemType`` ``Knowledge``,
``Practice`` or ``Outcome``), and the links become associations:

- ``isChildOf`` from each outcome to its parent, or to the document, with ``sequenceNumber``;
- crosswalks touching the framework's outcomes: ``exact`` as ``exactMatchOf``, ``related`` as
  ``isRelatedTo``, ``broad`` as ``isPartOf`` (the ``from`` outcome is part of the broader ``to``)
  and ``narrow`` as ``isPartOf`` the other way round (``to`` is part of ``from``); CASE's
  ``isPartOf`` says the origin "is included in" the destination, which is what broad and narrow
  mean. The sendpath relation, confidence and rationale are kept in the association's
  ``extensions``, so reading back gives the same crosswalk;
- ``replacedBy`` from a framework to each framework that replaced it (both ways round: the
  package of the successor says what it replaced);
- ``precedes`` from each qualification or activity to the courses covering the framework that
  require it: CASE has no "requires", so a hard prerequisite travels as an order, with
  ``{"sendpath_edge": "requires"}`` in its extensions and the whole requirement tree in the
  document's ``extensions`` (``learning``).

Identifiers are UUIDs made with :func:`uuid.uuid5` from the sendpath id under one fixed
namespace (:data:`NAMESPACE`), so the same data always gives the same bytes and the same outcome
has the same identifier in every package that mentions it: a crosswalk's far end in one package
is the item of the other framework's package. ``uri`` is ``urn:sendpath:<id>``; every item and
document keeps its id in ``extensions`` (``sendpath_id``) with the fields CASE has no place for.
The package validates against 1EdTech's CASE 1.1 JSON Schema.

In (:func:`read_case`): one or more CFPackages (CASE 1.1 and 1.0, and the older OpenSALT draft
shapes, leniently) become frameworks with their outcomes, a source per document, and
crosswalks for ``exactMatchOf``, ``isRelatedTo`` and ``isPartOf`` links between items of
different packages read together. Everything guessed or left out is a warning naming the file
and the place.

Example:
    >>> import sendpath
    >>> cat = sendpath.load_default()
    >>> package = to_case(cat, "fw:ts")
    >>> package["CFDocument"]["title"], len(package["CFItems"])
    ("Teachers' Standards", 16)
    >>> back = read_case(package)
    >>> [o.id for o in back.records[1].outcomes] == [o.id for o in cat.frameworks["fw:ts"].outcomes]
    True
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath import ids
from sendpath.errors import DataError, Problem
from sendpath.interop._package import Imported, one_line, plain, unique
from sendpath.model import (
    Citation,
    Crosswalk,
    Framework,
    InForce,
    Outcome,
    Source,
    referenced_ids,
)

if TYPE_CHECKING:
    import datetime as dt

    from sendpath.catalogue import Catalogue

__all__ = ["CASE_VERSION", "NAMESPACE", "case_bytes", "case_id", "read_case", "to_case",
           "write_case"]

#: The CASE version written (``caseVersion``).
CASE_VERSION: Final = "1.1"
#: The fixed namespace of every identifier written (``uuid5`` of sendpath's CASE page address).
NAMESPACE: Final = uuid.UUID("21005015-7715-5d03-96a5-421f17e38947")

# How each crosswalk relation is written: the association type and whether the ends swap.
_ASSOCIATION_OF: Final = {"exact": ("exactMatchOf", False), "related": ("isRelatedTo", False),
                          "broad": ("isPartOf", False), "narrow": ("isPartOf", True)}
# How each association type between items reads back, before the extension's relation.
_RELATION_OF: Final = {"exactMatchOf": "exact", "isRelatedTo": "related", "isPartOf": "broad"}
_ITEM_TYPE_OF: Final = {"knowledge": "Knowledge", "practice": "Practice", None: "Outcome"}
_KIND_OF: Final = {"knowledge": "knowledge", "practice": "practice"}
_CASE_TYPES: Final = frozenset({"isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes",
                                "isRelatedTo", "replacedBy", "exemplar", "hasSkillLevel",
                                "isTranslationOf"})
_TIMEZONE = re.compile(r"(?:[Zz]|[+-]\d\d:?\d\d)$")
_DRAFT_LINK_FIELDS: Final = ("originNodeIdentifier", "destinationNodeIdentifier",
                             "CFAssociationGroupingIdentifier")
_SHOWN = 3  # places a grouped warning names before "..."


def case_id(ref: str) -> str:
    """Return the CASE identifier written for a sendpath id: a UUID 5 under :data:`NAMESPACE`.

    Example:
        >>> case_id("outcome:ts/5") == case_id("outcome:ts/5") != case_id("outcome:ts/6")
        True
        >>> case_id("fw:ts")
        '29719bd5-4aa2-5d8d-ad3e-7870b5aa309b'
    """
    return str(uuid.uuid5(NAMESPACE, ref))


# --- out -----------------------------------------------------------------------------------------


def to_case(catalogue: Catalogue, framework_id: str) -> dict[str, Any]:
    """Return a framework of ``catalogue`` as a CASE 1.1 CFPackage (JSON-ready data).

    ``framework_id`` may be a short name (``ts``). Items are in the framework's order;
    associations are ``isChildOf`` in that order, then the rest sorted by type and ends. The
    package's ``extensions`` carry ``format``, ``sendpath_version`` and ``data_version``.

    Raises:
        UnknownIdError: ``framework_id`` names no framework.

    Example:
        >>> import sendpath
        >>> package = to_case(sendpath.load_default(), "ts")
        >>> item = package["CFItems"][5]
        >>> item["humanCodingScheme"], item["abbreviatedStatement"], item["CFItemType"]
        ('5.1', 'Differentiate appropriately', 'Outcome')
        >>> sorted({a["associationType"] for a in package["CFAssociations"]})
        ['exactMatchOf', 'isChildOf', 'isPartOf', 'isRelatedTo', 'precedes']
    """
    from sendpath._output import envelope  # noqa: PLC0415

    fw = catalogue.frameworks[catalogue.resolve(framework_id, "fw")]
    stamp = _stamp(catalogue, fw)
    mine = {o.id for o in fw.outcomes}
    learning = _learning(catalogue, mine)
    covered_by: dict[str, list[str]] = defaultdict(list)
    for record_id, covers in learning:
        for outcome_id in covers:
            covered_by[outcome_id].append(record_id)
    package = {
        "CFDocument": _document(catalogue, fw, stamp, learning),
        "CFItems": [_item(o, stamp, sorted(covered_by[o.id]), n)
                    for o, n in zip(fw.outcomes, _sequence(fw), strict=True)],
        "CFAssociations": _associations(catalogue, fw, stamp, mine, learning),
        "extensions": envelope(catalogue.data_version),
    }
    return package


def case_bytes(catalogue: Catalogue, framework_id: str) -> bytes:
    """Return :func:`to_case` as UTF-8 JSON: sorted keys, two-space indent, a final newline.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> case_bytes(cat, "ts") == case_bytes(cat, "fw:ts")
        True
    """
    from sendpath._output import dumps  # noqa: PLC0415

    return dumps(to_case(catalogue, framework_id)).encode()


def write_case(catalogue: Catalogue, framework_id: str, path: str | Path) -> None:
    """Write :func:`case_bytes` to ``path``, atomically.

    Raises:
        UnknownIdError: ``framework_id`` names no framework.
        WriteError: The file cannot be written (or is a file of the catalogue's package).

    Example:
        >>> import pathlib, sendpath, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ts.case.json"
        >>> write_case(sendpath.load_default(), "fw:ts", path)
        >>> read_case(path).records[1].id
        'fw:ts'
    """
    from sendpath.io.output import atomic_write  # noqa: PLC0415

    atomic_write(path, case_bytes(catalogue, framework_id),
                 inputs=[catalogue.root] if isinstance(catalogue.root, Path) else ())


def _stamp(catalogue: Catalogue, fw: Framework) -> str:
    """``lastChangeDateTime``: the day the data was published (else the framework's)."""
    day = catalogue.info.published or fw.published
    return f"{day.isoformat() if day else '1970-01-01'}T00:00:00Z"


def _uri(ref: str) -> str:
    return f"urn:sendpath:{ref}"


def _link(ref: str, title: str, target: str | None = None) -> dict[str, Any]:
    link = {"title": title, "identifier": case_id(ref), "uri": _uri(ref)}
    if target is not None:
        link["targetType"] = target
    return link


def _learning(catalogue: Catalogue, mine: set[str]) -> list[tuple[str, list[str]]]:
    """The qualifications and activities teaching any of ``mine``, with the outcomes."""
    out = []
    for record in (*catalogue.qualifications.values(), *catalogue.activities.values()):
        covers = set(record.covers)
        for row in getattr(record, "covers_by_start", ()):
            covers.update(row.covers)
        if covers & mine:
            out.append((record.id, sorted(covers & mine)))
    return sorted(out)


def _in_force(record: Framework | Outcome) -> dict[str, str]:
    span = record.in_force
    out = {}
    if span is not None and span.from_ is not None:
        out["statusStartDate"] = span.from_.isoformat()
    if span is not None and span.until is not None:
        out["statusEndDate"] = span.until.isoformat()
    return out


def _notes(record: Framework | Outcome) -> dict[str, str]:
    lines = [record.description] if record.description else []
    lines += [f"Unconfirmed: {u}" for u in record.unconfirmed]
    return {"notes": "\n".join(lines)} if lines else {}


def _citations(record: Framework | Outcome | Crosswalk) -> list[dict[str, Any]]:
    from sendpath.io._converter import unstructure  # noqa: PLC0415  (cattrs)

    return [unstructure(c) for c in record.sources]


def _kept(record: Framework | Outcome) -> dict[str, Any]:
    """What the record has that CASE keeps nowhere, for its ``extensions``."""
    ext: dict[str, Any] = {"sendpath_id": record.id, "sources": _citations(record)}
    if record.unconfirmed:
        ext["unconfirmed"] = list(record.unconfirmed)
        ext["description"] = record.description
    return ext


def _document(catalogue: Catalogue, fw: Framework, stamp: str,
              learning: list[tuple[str, list[str]]]) -> dict[str, Any]:
    source = catalogue.sources.get(fw.source.source)
    ext = _kept(fw)
    ext["statutory"] = fw.statutory
    if fw.published is not None:
        ext["published"] = fw.published.isoformat()
    if learning:
        ext["learning"] = [_learning_entry(catalogue, rid, covers) for rid, covers in learning]
    doc: dict[str, Any] = {
        "identifier": case_id(fw.id), "uri": _uri(fw.id), "title": fw.title,
        "creator": fw.publisher or (source.publisher if source else "") or "sendpath",
        "lastChangeDateTime": stamp, "caseVersion": CASE_VERSION,
        "version": catalogue.data_version, "language": "en",
        "adoptionStatus": "Deprecated" if fw.replaced_by else "Adopted",
        **_in_force(fw), **_notes(fw), "extensions": ext,
    }
    if fw.publisher:
        doc["publisher"] = fw.publisher
    if source is not None and source.urls:
        doc["officialSourceURL"] = source.urls[0]
    return doc


def _learning_entry(catalogue: Catalogue, record_id: str, covers: list[str]) -> dict[str, Any]:
    from sendpath.io._converter import unstructure  # noqa: PLC0415  (cattrs)

    record = catalogue.get(record_id)
    entry: dict[str, Any] = {"id": record_id, "title": record.title, "covers": covers}
    requires = getattr(record, "requires", None)
    if requires is not None:
        entry["requires"] = unstructure(requires)
    return entry


def _sequence(fw: Framework) -> list[int]:
    """Each outcome's 1-based place among its siblings (outcomes of the same parent)."""
    seen: dict[str | None, int] = defaultdict(int)
    out = []
    for o in fw.outcomes:
        seen[o.parent] += 1
        out.append(seen[o.parent])
    return out


def _item(o: Outcome, stamp: str, covered_by: list[str], n: int) -> dict[str, Any]:
    ext = _kept(o)
    if not o.code:
        ext["code"] = ""
    if o.areas:
        ext["areas"] = list(o.areas)
    if o.level is not None:
        ext["level"] = o.level
    if covered_by:
        ext["covered_by"] = covered_by
    item: dict[str, Any] = {
        "identifier": case_id(o.id), "uri": _uri(o.id),
        "fullStatement": o.statement or o.title,
        "humanCodingScheme": o.code or o.id.rsplit("/", 1)[-1],
        "listEnumeration": str(n), "CFItemType": _ITEM_TYPE_OF[o.kind], "language": "en",
        "lastChangeDateTime": stamp, **_in_force(o), **_notes(o), "extensions": ext,
    }
    if o.statement:
        item["abbreviatedStatement"] = o.title
    return item


def _associations(catalogue: Catalogue, fw: Framework, stamp: str, mine: set[str],
                  learning: list[tuple[str, list[str]]]) -> list[dict[str, Any]]:
    def association(kind: str, origin: dict[str, Any], destination: dict[str, Any],
                    **more: Any) -> dict[str, Any]:
        key = f"{kind} {origin['uri']} {destination['uri']}"
        ident = str(uuid.uuid5(NAMESPACE, key))
        return {"identifier": ident, "uri": f"urn:uuid:{ident}", "associationType": kind,
                "originNodeURI": origin, "destinationNodeURI": destination,
                "lastChangeDateTime": stamp, **more}

    def title(ref: str) -> str:
        return catalogue.get(ref).title if ref in catalogue else ref

    document = _link(fw.id, fw.title)
    tree = [association("isChildOf", _link(o.id, o.title),
                        _link(o.parent, title(o.parent)) if o.parent else document,
                        sequenceNumber=n)
            for o, n in zip(fw.outcomes, _sequence(fw), strict=True)]
    others = []
    for link in catalogue.crosswalks:
        if link.from_ not in mine and link.to not in mine:
            continue
        kind, swap = _ASSOCIATION_OF[link.relation]
        ends = (link.to, link.from_) if swap else (link.from_, link.to)
        ext = {"sendpath_relation": link.relation, "confidence": link.confidence,
               "sources": _citations(link)}
        if link.rationale:
            ext["rationale"] = link.rationale
        others.append(association(kind, _link(ends[0], title(ends[0])),
                                  _link(ends[1], title(ends[1])), extensions=ext))
    for old in sorted({fw.id} | {f.id for f in catalogue.frameworks.values()
                                 if fw.id in f.replaced_by}):
        for new in catalogue.frameworks[old].replaced_by:
            if fw.id in (old, new):
                others.append(association("replacedBy", _link(old, title(old)),
                                          _link(new, title(new))))
    for record_id, _covers in learning:
        requires = getattr(catalogue.get(record_id), "requires", None)
        needed = referenced_ids(requires) if requires is not None else set()
        for before in sorted(r for r in needed if ids.kind_of(r) in ("qual", "activity")):
            others.append(association(
                "precedes", _link(before, title(before), f"ext:sendpath-{ids.kind_of(before)}"),
                _link(record_id, title(record_id), f"ext:sendpath-{ids.kind_of(record_id)}"),
                extensions={"sendpath_edge": "requires"}))
    others.sort(key=lambda a: (a["associationType"], a["originNodeURI"]["uri"],
                               a["destinationNodeURI"]["uri"]))
    return tree + others


# --- in ------------------------------------------------------------------------------------------

Input = str | Path | bytes | Mapping[str, Any]


@attrs.define
class _Package:
    """One CFPackage being read: its parts, and what was found wrong or guessed."""

    name: str
    document: dict[str, Any]
    items: list[dict[str, Any]]
    associations: list[dict[str, Any]]
    fw_id: str = ""
    item_ids: list[str] = attrs.Factory(list)

    def place(self, table: str, index: int | None = None, field: str | None = None) -> str:
        where = table if index is None else f"{table}[{index}]"
        return f"{where}.{field}" if field else where


@attrs.define
class _Reader:
    """The problems (errors) and warnings of a read; repeated warnings grouped into one."""

    problems: list[Problem] = attrs.Factory(list)
    _groups: dict[tuple[str, str, str, str], list[str]] = attrs.Factory(dict)

    def error(self, pkg: str, code: str, field: str | None, message: str) -> None:
        self.problems.append(Problem(code=code, file=pkg, field=field, message=message))

    def note(self, pkg: str, code: str, place: str, what: str, then: str,
             label: str = "") -> None:
        """Warn that ``place`` is one of ``what`` (``then``: what was done); ``label`` names it."""
        shown = f"{place} ({label})" if label else place
        self._groups.setdefault((pkg, code, what, then), []).append(shown)

    def warnings(self) -> tuple[Problem, ...]:
        """One warning a group, in the order each group was first met: count and first places."""
        out = []
        for (pkg, code, what, then), places in self._groups.items():
            shown = ", ".join(places[:_SHOWN]) + (", ..." if len(places) > _SHOWN else "")
            out.append(Problem(code=code, file=pkg, field=places[0].split(" ", 1)[0],
                               message=f"{what}: {len(places)} ({shown}); {then}"))
        return tuple(out)


def read_case(source: Input, *more: Input) -> Imported:
    """Read one or more CASE CFPackages as frameworks, sources and crosswalks.

    Each ``source`` is a file path, the file's bytes, or the parsed package (as
    :func:`to_case` returns). Each package's CFDocument becomes a
    :class:`~sendpath.model.Framework` (id ``fw:<slug of the title>``, or the ``sendpath_id``
    a sendpath export kept), with a :class:`~sendpath.model.Source` for the document
    (publisher from ``publisher`` or ``creator``, web addresses from ``officialSourceURL`` and
    ``uri``); each CFItem an :class:`~sendpath.model.Outcome` (id
    ``outcome:<framework slug>/<slug of humanCodingScheme>``, or its place in the file; title
    ``abbreviatedStatement``, else ``fullStatement``; parent from ``isChildOf``, in the order of
    the file, siblings by ``sequenceNumber``); ``exactMatchOf``, ``isRelatedTo`` and ``isPartOf``
    between items of two packages read together a :class:`~sendpath.model.Crosswalk`, and
    ``replacedBy`` between two documents the older framework's ``replaced_by``.

    CASE 1.1 and 1.0 are read as they are; the older OpenSALT draft shapes (``CFPackageURI`` and
    ``CFDocumentURI`` as strings, ``educationalLevel``, identifiers that are not UUIDs, times
    without a time zone, extra association fields) leniently. Each guess is a warning in the
    result naming the file and the place (``CFItems[3].CFItemType``): the draft shapes, items
    with no ``CFItemType`` or no parent, associations left out (pointing outside the packages
    read, or of a kind sendpath has no record for), the number of each.

    Raises:
        DataError: Every problem of every package at once: not JSON, not a CFPackage (no
            CFDocument), an item or association without what it must have, an ``isChildOf``
            to an unknown parent, a cycle of parents.

    Example:
        >>> back = read_case(b'''{"CFDocument": {"identifier": "d1", "title": "Reading",
        ...   "creator": "Us", "uri": "https://example.org/reading"},
        ...   "CFItems": [{"identifier": "i1", "fullStatement": "Decode words",
        ...                "humanCodingScheme": "R.1", "CFItemType": "Standard"}],
        ...   "CFAssociations": [{"identifier": "a1", "associationType": "isChildOf",
        ...     "originNodeURI": {"identifier": "i1", "title": "R.1", "uri": "x"},
        ...     "destinationNodeURI": {"identifier": "d1", "title": "Reading", "uri": "y"}}]}''')
        >>> fw = back.records[1]
        >>> fw.id, fw.outcomes[0].id, fw.outcomes[0].title, back.records[0].urls
        ('fw:reading', 'outcome:reading/r-1', 'Decode words', ('https://example.org/reading',))
        >>> [w.field for w in back.warnings]
        ['CFDocument.identifier']
    """
    reader = _Reader()
    packages = [pkg for n, s in enumerate((source, *more))
                if (pkg := _load(s, n, reader)) is not None]
    for pkg in packages:
        _check_shape(pkg, reader)
    if reader.problems:
        raise DataError(reader.problems)
    nodes = _index(packages, reader)
    _name(packages)
    records = _records(packages, nodes, reader)
    if reader.problems:
        raise DataError(reader.problems)
    first = packages[0]
    version = " ".join(str(first.document.get("version") or "").split())
    slug = ids.parse_id(first.fw_id)[1].replace("/", "-")
    title = "; ".join(one_line(p.document.get("title")) for p in packages)
    return Imported(name=slug, title=title, records=tuple(records), warnings=reader.warnings(),
                    data_version=version or "1")


def _load(source: Input, n: int, reader: _Reader) -> _Package | None:
    """Parse one input; a problem (and ``None``) when it is not JSON or not a CFPackage."""
    from sendpath.io import parse, read_capped  # noqa: PLC0415

    name = f"<input {n + 1}>" if n else "<input>"
    try:
        if isinstance(source, Mapping):
            data: Any = source
        else:
            if isinstance(source, (str, Path)):
                name = str(source)
                raw = read_capped(Path(source), name=name)
            else:
                raw = source
            data = parse(raw, name=name, fmt="json")
        data = plain(data)  # control characters dropped from every text
    except DataError as exc:
        reader.problems.extend(exc.problems)
        return None
    document = data.get("CFDocument")
    if not isinstance(document, dict):
        what = "no CFDocument" if document is None else "CFDocument is not an object"
        reader.error(name, "missing-field" if document is None else "wrong-type", "CFDocument",
                     f"not a CASE CFPackage: {what}")
        return None
    if data.get("CFRubrics"):
        reader.note(name, "left-out", "CFRubrics", "rubrics",
                    "left out (sendpath has no record of them)")
    parts = []
    for table in ("CFItems", "CFAssociations"):
        value = data.get(table, [])
        if not isinstance(value, list):
            reader.error(name, "wrong-type", table, "must be an array")
            value = []
        bad = [i for i, v in enumerate(value) if not isinstance(v, dict)]
        for i in bad:
            reader.error(name, "wrong-type", f"{table}[{i}]", "must be an object")
        parts.append([v for v in value if isinstance(v, dict)] if not bad else [])
    return _Package(name=name, document=document, items=parts[0], associations=parts[1])


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _check_shape(pkg: _Package, reader: _Reader) -> None:
    """Record the errors that make a package unreadable and warn about the draft shapes."""
    doc, name = pkg.document, pkg.name
    for field in ("identifier", "title"):
        if not _text(doc.get(field)):
            reader.error(name, "missing-field", f"CFDocument.{field}",
                         "a CFDocument needs a non-empty string here")
    for i, item in enumerate(pkg.items):
        if not _text(item.get("identifier")):
            reader.error(name, "missing-field", pkg.place("CFItems", i, "identifier"),
                         "an item needs an identifier")
        if not any(one_line(item.get(f)) for f in ("fullStatement", "abbreviatedStatement",
                                                    "humanCodingScheme")):
            reader.error(name, "missing-field", pkg.place("CFItems", i, "fullStatement"),
                         "an item needs a fullStatement")
    for i, assoc in enumerate(pkg.associations):
        if not _text(assoc.get("associationType")):
            reader.error(name, "missing-field", pkg.place("CFAssociations", i, "associationType"),
                         "an association needs a type")
        for end in ("origin", "destination"):
            if _end(assoc, end) is None:
                reader.error(name, "missing-field", pkg.place("CFAssociations", i, f"{end}NodeURI"),
                             f"an association needs its {end} (an object with an identifier)")
    if isinstance(doc.get("CFPackageURI"), str):
        reader.note(name, "draft-shape", "CFDocument.CFPackageURI", "CFPackageURI is a string, "
                    "not a link object (the OpenSALT draft shape before CASE 1.0)", "ignored")
    _draft_fields(pkg, reader)


def _draft_fields(pkg: _Package, reader: _Reader) -> None:
    found: dict[str, list[str]] = defaultdict(list)
    every = [("CFDocument", None, pkg.document),
             *(("CFItems", i, v) for i, v in enumerate(pkg.items)),
             *(("CFAssociations", i, v) for i, v in enumerate(pkg.associations))]
    for table, i, obj in every:
        ident = _text(obj.get("identifier"))
        if ident and not _is_uuid(ident):
            found["identifier"].append(pkg.place(table, i, "identifier"))
        stamp = obj.get("lastChangeDateTime")
        if isinstance(stamp, str) and not _TIMEZONE.search(stamp.strip()):
            found["time"].append(pkg.place(table, i, "lastChangeDateTime"))
        if isinstance(obj.get("CFDocumentURI"), str):
            found["CFDocumentURI"].append(pkg.place(table, i, "CFDocumentURI"))
        if "educationalLevel" in obj:
            found["educationalLevel"].append(pkg.place(table, i, "educationalLevel"))
        found["extra"] += [pkg.place(table, i, f) for f in _DRAFT_LINK_FIELDS if f in obj]
    said = {"identifier": ("identifiers are not UUIDs (an older or ASN-style shape)",
                           "read as they are"),
            "time": ("times have no time zone (the OpenSALT draft shape)", "ignored"),
            "CFDocumentURI": ("CFDocumentURI values are strings, not link objects (the "
                              "OpenSALT draft shape)", "ignored"),
            "educationalLevel": ("educationalLevel fields (the draft's name for "
                                 "educationLevel)", "ignored"),
            "extra": ("association fields of the OpenSALT draft shape", "ignored")}
    for key, (what, then) in said.items():
        for place in found[key]:
            reader.note(pkg.name, "draft-shape", place, what, then)


def _end(assoc: dict[str, Any], end: str) -> tuple[str, str] | None:
    """An association's ``origin`` or ``destination``: its identifier and uri, if it has one."""
    link = assoc.get(f"{end}NodeURI")
    ident = _text(link.get("identifier")) if isinstance(link, dict) else ""
    ident = ident or _text(assoc.get(f"{end}NodeIdentifier"))
    if not ident:
        return None
    return ident.lower(), _text(link.get("uri")) if isinstance(link, dict) else ""


# A node of the packages read: (package index, item index or None for the document).
Node = tuple[int, int | None]
# An association other than isChildOf: its index, itself, its type and its ends' nodes.
_Left = tuple[int, dict[str, Any], str, Node | None, Node | None]


def _index(packages: list[_Package], reader: _Reader) -> dict[str, Node]:
    """Every identifier (lower-case) and uri of the packages read, to its node."""
    nodes: dict[str, Node] = {}
    for p, pkg in enumerate(packages):
        objs: list[tuple[int | None, dict[str, Any]]] = [(None, pkg.document)]
        objs += list(enumerate(pkg.items))
        for i, obj in objs:
            ident = _text(obj.get("identifier")).lower()
            place = pkg.place("CFItems", i, "identifier") if i is not None \
                else "CFDocument.identifier"
            if ident in nodes:
                reader.error(pkg.name, "duplicate-id", place,
                             f"{obj.get('identifier')!r} is the identifier of another "
                             "document or item read")
                continue
            nodes[ident] = (p, i)
            uri = _text(obj.get("uri"))
            if uri:
                nodes.setdefault(uri, (p, i))
    return nodes


def _resolve(nodes: dict[str, Node], end: tuple[str, str] | None) -> Node | None:
    if end is None:
        return None
    return nodes.get(end[0]) or (nodes.get(end[1]) if end[1] else None)


def _kept_ext(obj: dict[str, Any], kind: str) -> dict[str, Any]:
    """The extensions of a sendpath export (``sendpath_id`` of ``kind``), else ``{}``."""
    ext = obj.get("extensions")
    if isinstance(ext, dict) and isinstance(ext.get("sendpath_id"), str) \
            and ids.is_id(ext["sendpath_id"]) and ids.kind_of(ext["sendpath_id"]) == kind:
        return ext
    return {}


def _name(packages: list[_Package]) -> None:
    """Give each package its framework id and each item its outcome id (sendpath's when kept)."""
    used: set[str] = set()
    for pkg in packages:
        kept = _kept_ext(pkg.document, "fw").get("sendpath_id")
        if kept and kept not in used:
            pkg.fw_id = kept
            used.add(kept)
        pkg.item_ids = [_kept_ext(item, "outcome").get("sendpath_id", "") for item in pkg.items]
        for n, ref in enumerate(pkg.item_ids):
            if ref in used:
                pkg.item_ids[n] = ""
            elif ref:
                used.add(ref)
    for pkg in packages:
        if not pkg.fw_id:
            title = one_line(pkg.document.get("title"))
            pkg.fw_id = unique(f"fw:{ids.slugify(title, default='case')}", used)
        base = ids.parse_id(pkg.fw_id)[1]
        for n, item in enumerate(pkg.items):
            if not pkg.item_ids[n]:
                slug = ids.slugify(one_line(item.get("humanCodingScheme")), default=str(n + 1),
                                   limit=80)
                pkg.item_ids[n] = unique(f"outcome:{base}/{slug}", used)


def _records(packages: list[_Package], nodes: dict[str, Node], reader: _Reader) -> list[Any]:
    sources, frameworks = [], []
    links: dict[tuple[str, str], Crosswalk] = {}
    replaced: dict[int, list[str]] = defaultdict(list)
    for p, pkg in enumerate(packages):
        source = _source(pkg, reader)
        parents, left_out = _tree(p, pkg, nodes, reader)
        for left in left_out:
            _other(packages, p, left, source.id, links, replaced, reader)
        sources.append(source)
        frameworks.append((pkg, source, parents))
    built = [fw for p, (pkg, source, parents) in enumerate(frameworks)
             if (fw := _framework(pkg, source.id, parents, tuple(replaced[p]), reader))]
    return [*sources, *built, *links.values()]


def _source(pkg: _Package, reader: _Reader) -> Source:
    doc = pkg.document
    publisher = one_line(doc.get("publisher")) or one_line(doc.get("creator"))
    if not publisher:
        reader.note(pkg.name, "guessed", "CFDocument.creator", "no creator or publisher",
                    "the source's publisher is 'unknown'")
    urls = []
    for field in ("officialSourceURL", "uri"):
        url = _text(doc.get(field))
        if url.startswith(("http://", "https://")) and not any(c.isspace() for c in url) \
                and url not in urls:
            urls.append(url)
    slug = ids.parse_id(pkg.fw_id)[1]
    return Source(id=f"source:{slug}", title=one_line(doc.get("title")),
                  publisher=publisher or "unknown", kind="framework", urls=tuple(urls))


def _tree(p: int, pkg: _Package, nodes: dict[str, Node],
          reader: _Reader) -> tuple[dict[int, tuple[int | None, int | None]], list[_Left]]:
    """Each item's parent (``None``: the document) and sequence number; the other links."""
    parents: dict[int, tuple[int | None, int | None]] = {}
    others: list[_Left] = []
    twice: list[str] = []
    for i, assoc in enumerate(pkg.associations):
        kind = _text(assoc.get("associationType"))
        origin = _resolve(nodes, _end(assoc, "origin"))
        destination = _resolve(nodes, _end(assoc, "destination"))
        if kind != "isChildOf":
            others.append((i, assoc, kind, origin, destination))
            continue
        place = pkg.place("CFAssociations", i, "destinationNodeURI")
        if origin is None or origin[0] != p or origin[1] is None:
            reader.error(pkg.name, "unknown-reference",
                         pkg.place("CFAssociations", i, "originNodeURI"),
                         "isChildOf from a node that is not an item of this package")
        elif destination is None or destination[0] != p:
            reader.error(pkg.name, "unknown-reference", place,
                         f"the parent of {pkg.place('CFItems', origin[1])} is not in this "
                         "package")
        elif origin[1] in parents:
            twice.append(pkg.place("CFAssociations", i))
        else:
            parents[origin[1]] = (destination[1], _number(assoc.get("sequenceNumber")))
    for place in twice:
        reader.note(pkg.name, "guessed", place, "items with a second parent",
                    "the first parent is kept")
    for i in range(len(pkg.items)):
        if i not in parents:
            reader.note(pkg.name, "guessed", pkg.place("CFItems", i), "items with no isChildOf",
                        "read as top-level outcomes")
    for start in parents:
        seen, at = {start}, parents[start][0]
        while at is not None and at in parents:
            if at in seen:
                reader.error(pkg.name, "invalid-value", pkg.place("CFItems", start),
                             "its isChildOf parents form a cycle")
                break
            seen.add(at)
            at = parents[at][0]
    return parents, others


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _other(packages: list[_Package], p: int, left: _Left, source_id: str,
           links: dict[tuple[str, str], Crosswalk], replaced: dict[int, list[str]],
           reader: _Reader) -> None:
    """Read one association that is not ``isChildOf``: a crosswalk, a replacement, or a warning."""
    i, assoc, kind, origin, destination = left
    pkg = packages[p]
    place = pkg.place("CFAssociations", i)
    if kind not in _CASE_TYPES and not kind.startswith("ext:"):
        reader.note(pkg.name, "left-out", place + ".associationType",
                    "associations of a type CASE does not define", "left out", repr(kind))
        return
    if kind not in _RELATION_OF and kind != "replacedBy":
        reader.note(pkg.name, "left-out", place, f"{kind} associations",
                    "left out (sendpath has no record of them)")
        return
    if origin is None or destination is None:
        outside = _end(assoc, "origin" if origin is None else "destination")
        reader.note(pkg.name, "left-out", place, f"{kind} to or from nodes outside the "
                    "packages read", "left out (read those packages too to keep them)",
                    outside[1] or outside[0] if outside else "")
        return
    if kind == "replacedBy":
        if origin[1] is None and destination[1] is None:
            new = packages[destination[0]].fw_id
            if new not in replaced[origin[0]]:
                replaced[origin[0]].append(new)
        else:
            reader.note(pkg.name, "left-out", place, "replacedBy between items",
                        "left out (sendpath records replacements of frameworks)")
        return
    if origin[1] is None or destination[1] is None:
        reader.note(pkg.name, "left-out", place, f"{kind} to or from a document",
                    "left out (a crosswalk links two outcomes)")
        return
    if origin[0] == destination[0]:
        reader.note(pkg.name, "left-out", place, f"{kind} between two items of one framework",
                    "left out (a crosswalk links two frameworks)")
        return
    ends = (packages[origin[0]].item_ids[origin[1]],
            packages[destination[0]].item_ids[destination[1]])
    raw_ext = assoc.get("extensions")
    ext: dict[str, Any] = raw_ext if isinstance(raw_ext, dict) else {}
    relation = _RELATION_OF[kind]
    if kind == "isPartOf" and ext.get("sendpath_relation") == "narrow":
        relation, ends = "narrow", (ends[1], ends[0])
    confidence = "editorial" if ext.get("confidence") == "editorial" else "sourced"
    rationale = ext["rationale"] if isinstance(ext.get("rationale"), str) else ""
    if confidence == "editorial" and not rationale.strip():
        rationale = f"imported from {Path(pkg.name).name}"
    if ends in links:
        if links[ends].relation != relation:
            reader.note(pkg.name, "left-out", place, "second links between the same outcomes",
                        "left out (the first is kept)")
        return
    try:
        links[ends] = Crosswalk(from_=ends[0], to=ends[1], relation=relation,
                                sources=(Citation(source=source_id),), confidence=confidence,
                                rationale=rationale)
    except DataError as exc:
        for problem in exc.problems:
            reader.error(pkg.name, problem.code, place, problem.message)


def _ordered(pkg: _Package, parents: dict[int, tuple[int | None, int | None]]) -> list[int]:
    """The items in the file's order, siblings re-ordered in their places by sequenceNumber."""
    order = list(range(len(pkg.items)))
    groups: dict[int | None, list[int]] = defaultdict(list)
    for i in order:
        groups[parents.get(i, (None, None))[0]].append(i)
    for members in groups.values():
        ranked = sorted(members, key=lambda m: (parents.get(m, (None, None))[1] is None,
                                                parents.get(m, (None, None))[1] or 0, m))
        for slot, member in zip(members, ranked, strict=True):
            order[slot] = member
    return order


def _framework(pkg: _Package, source_id: str, parents: dict[int, tuple[int | None, int | None]],
               replaced_by: tuple[str, ...], reader: _Reader) -> Framework | None:
    doc = pkg.document
    ext = _kept_ext(doc, "fw")
    outcomes = []
    untyped: list[str] = []
    for i in _ordered(pkg, parents):
        item = pkg.items[i]
        if not _item_type(item):
            untyped.append(pkg.place("CFItems", i, "CFItemType"))
        parent = parents.get(i, (None, None))[0]
        outcome = _outcome(pkg, i, None if parent is None else pkg.item_ids[parent], source_id,
                           reader)
        if outcome is not None:
            outcomes.append(outcome)
    for place in untyped:
        reader.note(pkg.name, "guessed", place, "items with no CFItemType",
                    "read as outcomes of no kind")
    published = _date(ext.get("published"))
    try:
        return Framework(
            id=pkg.fw_id, title=one_line(doc.get("title")),
            publisher=one_line(doc.get("publisher")) or ("" if ext else
                                                          one_line(doc.get("creator"))),
            sources=(Citation(source=source_id),), published=published,
            statutory=ext.get("statutory") is True, replaced_by=replaced_by,
            outcomes=tuple(outcomes), in_force=_span(doc), **_described(doc, ext))
    except DataError as exc:
        for problem in exc.problems:
            reader.error(pkg.name, problem.code, f"CFDocument ({problem.field})", problem.message)
        return None


def _item_type(item: dict[str, Any]) -> str:
    """An item's ``CFItemType``, else the title of its ``CFItemTypeURI``."""
    link = item.get("CFItemTypeURI")
    return _text(item.get("CFItemType")) or (_text(link.get("title")) if isinstance(link, dict)
                                             else "")


def _described(obj: dict[str, Any], ext: dict[str, Any]) -> dict[str, Any]:
    """``description`` and ``unconfirmed``: kept by a sendpath export, else from ``notes``."""
    notes = obj.get("notes") if isinstance(obj.get("notes"), str) else ""
    unconfirmed = ext.get("unconfirmed")
    if isinstance(unconfirmed, list) and all(isinstance(u, str) for u in unconfirmed):
        description = ext.get("description")
        return {"description": description if isinstance(description, str) else "",
                "unconfirmed": tuple(unconfirmed)}
    return {"description": notes}


def _date(value: Any) -> dt.date | None:
    import datetime as dt  # noqa: PLC0415

    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _span(obj: dict[str, Any]) -> InForce | None:
    start, end = _date(obj.get("statusStartDate")), _date(obj.get("statusEndDate"))
    if start is None and end is None:
        return None
    if start is not None and end is not None and end < start:
        return None
    return InForce(from_=start, until=end)


def _outcome(pkg: _Package, i: int, parent: str | None, source_id: str,
             reader: _Reader) -> Outcome | None:
    item = pkg.items[i]
    ext = _kept_ext(item, "outcome")
    raw_full = item.get("fullStatement")
    full = raw_full if isinstance(raw_full, str) else ""
    short = one_line(item.get("abbreviatedStatement"))
    code = one_line(item.get("humanCodingScheme"))
    title = short or one_line(full) or code
    if not short and not one_line(full):
        reader.note(pkg.name, "guessed", pkg.place("CFItems", i, "fullStatement"),
                    "items with no statement", "the humanCodingScheme is the title")
    kind = _KIND_OF.get(_item_type(item).lower())
    try:
        return Outcome(
            id=pkg.item_ids[i], title=title, code="" if ext.get("code") == "" else code,
            statement=full if short else "", kind=kind, parent=parent,
            sources=(Citation(source=source_id, locator=code),), in_force=_span(item),
            **_described(item, ext))
    except DataError as exc:
        for problem in exc.problems:
            reader.error(pkg.name, problem.code, pkg.place("CFItems", i, problem.field),
                         problem.message)
        return None
