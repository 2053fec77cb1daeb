"""Credential Engine CTDL-ASN competency frameworks (JSON-LD) in, as a framework of outcomes.

`CTDL-ASN <https://credreg.net/ctdlasn/handbook>`_ is Credential Engine's profile of the
Achievement Standards Network terms for competency frameworks: a ``ceasn:CompetencyFramework``
and its ``ceasn:Competency`` nodes, arranged by ``ceasn:isChildOf`` / ``ceasn:hasChild``.
:func:`read_ctdl_asn` reads one (compact or expanded JSON-LD, no network) as a sendpath
:class:`~sendpath.model.Framework`:

- each competency is an :class:`~sendpath.model.Outcome`: ``code`` from
  ``ceasn:codedNotation``, ``statement`` from ``ceasn:competencyText``, ``title`` from
  ``ceasn:competencyLabel`` (else the statement), ``parent`` from ``ceasn:isChildOf`` when the
  parent is a competency (a top-level competency's parent is the framework itself);
- ``ceasn:complexityLevel``: sendpath keeps levels on scales, so when the concept scheme that
  defines the levels is passed as a companion and gives them an order (``ceterms:precedes``
  between them, or labels that end in a number, ``Level 1`` ... ``Level 8``), it becomes a
  :class:`~sendpath.model.Scale` and each outcome names its level. Otherwise the level's label
  (or address) is kept in the outcome's ``unconfirmed`` list, with a warning;
- alignments to other frameworks (``ceasn:exactAlignment`` ...) are not read (warned).

Example:
    >>> doc = b'''{"@context": "https://credreg.net/ctdlasn/schema/context/json", "@graph": [
    ...   {"@id": "_:fw", "@type": "ceasn:CompetencyFramework", "ceasn:name": {"en": "Skills"}},
    ...   {"@id": "_:c1", "@type": "ceasn:Competency", "ceasn:isChildOf": "_:fw",
    ...    "ceasn:codedNotation": "1", "ceasn:competencyText": {"en": "Reads well"}},
    ...   {"@id": "_:c2", "@type": "ceasn:Competency", "ceasn:isChildOf": "_:c1",
    ...    "ceasn:codedNotation": "1.1", "ceasn:competencyText": {"en": "Reads aloud"}}]}'''
    >>> fw = next(r for r in read_ctdl_asn(doc).records if r.id == "fw:skills")
    >>> [(o.id, o.code, o.parent) for o in fw.outcomes]
    [('outcome:skills/1', '1', None), ('outcome:skills/1-1', '1.1', 'outcome:skills/1')]
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Final

from sendpath.errors import DataError, Problem
from sendpath.ids import slugify
from sendpath.interop._jsonld import GraphReader, Node, parse_all
from sendpath.interop._package import Imported, unique, web
from sendpath.model import Citation, Framework, Level, Outcome, Scale, Source

__all__ = ["read_ctdl_asn"]

_ALIGNMENTS: Final = ("ceasn:exactAlignment", "ceasn:broadAlignment", "ceasn:narrowAlignment",
                      "ceasn:majorAlignment", "ceasn:minorAlignment",
                      "ceasn:prerequisiteAlignment")
_NUMBERED = re.compile(r"(\d+)\s*$")


def read_ctdl_asn(source: str | Path | bytes, *companions: str | Path | bytes) -> Imported:
    """Read a CTDL-ASN competency framework as a sendpath framework of outcomes.

    Args:
        source: The framework file (a path, or its bytes).
        companions: Files with nodes the framework points at: the ``skos:ConceptScheme`` of
            its complexity levels (read as a scale when it orders them).

    Returns:
        A source, the framework with its outcomes (in document order, parents before
        children), and a scale of levels when the levels map cleanly; the warnings say what
        was guessed or left out.

    Raises:
        DataError: Every problem at once: not JSON or not JSON-LD, no
            ``ceasn:CompetencyFramework``, a competency whose parent is in no file given, a
            record sendpath refuses.

    Example:
        >>> import pathlib
        >>> path = pathlib.Path(__file__).parent / "missing.jsonld"
        >>> read_ctdl_asn(path)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          .../missing.jsonld: cannot read the file: No such file or directory [unreadable]
    """
    graph, extra = parse_all(source, companions)
    return _Reader(graph, extra).read()


class _Reader(GraphReader):
    def read(self) -> Imported:
        fw_node = self.the_one("ceasn:CompetencyFramework", "framework")
        title = fw_node.text("ceasn:name") or Path(self.file).stem or "CTDL-ASN framework"
        ns = slugify(title, default="framework")
        source = Source(
            id=unique(f"source:{ns}", self.taken), title=title, kind="framework",
            publisher=(fw_node.text("ceasn:publisherName")
                       or next(iter(fw_node.links("ceasn:publisher")), "")
                       or "not stated in the file"),
            urls=web([fw_node.id, *fw_node.links("ceasn:source"),
                      *([self.graph.id] if self.graph.id else [])]),
            published=_date(fw_node.text("ceasn:dateCreated")
                            or fw_node.text("ceasn:dateAvailableFrom")))
        cite_fw = (Citation(source=source.id, locator=fw_node.id),)
        competencies = self.graph.of_type("ceasn:Competency")
        scale, levels = self._scale(competencies, ns, source.id)
        outcomes = self._outcomes(competencies, fw_node, ns, source.id, levels)
        licence = fw_node.text("ceasn:license")
        about = " ".join(fw_node.texts("ceasn:description"))
        if licence:
            about = f"{about} Licence: {licence}.".strip()
        framework = Framework(id=unique(f"fw:{ns}", self.taken), title=title,
                              sources=cite_fw, description=about,
                              publisher=source.publisher, published=source.published,
                              outcomes=tuple(outcomes))
        if self.problems:
            raise DataError(self.problems)
        records: list[Any] = [source, *([scale] if scale else []), framework]
        return Imported(name=ns, title=title, records=tuple(records),
                        warnings=tuple(self.warnings))

    def _outcomes(self, competencies: list[Node], fw_node: Node, ns: str, source: str,
                  levels: dict[str, str]) -> list[Outcome]:
        ids: dict[str, str] = {}
        for node in competencies:
            words = slugify(node.text("ceasn:codedNotation")
                            or node.text("ceasn:competencyLabel")
                            or node.text("ceasn:competencyText"), default="competency")
            ids[node.id] = unique(f"outcome:{ns}/{words}", self.taken)
        unmapped: list[str] = []
        aligned = 0
        out: list[Outcome] = []
        for node in _parents_first(competencies, ids):
            parent = None
            for ref in node.links("ceasn:isChildOf"):
                if ref in ids:
                    parent = ids[ref]
                elif ref != fw_node.id and ref not in self.index:
                    self.problem("unknown-reference", node.id, "ceasn:isChildOf",
                                 f"the parent {ref} is not in the file or its companions",
                                 fatal=True)
            statement = " ".join(node.texts("ceasn:competencyText"))
            label = node.text("ceasn:competencyLabel")
            title = label or statement or node.text("ceasn:codedNotation") or ids[node.id]
            unconfirmed = []
            level = None
            for ref in node.links("ceasn:complexityLevel"):
                if ref in levels:
                    level = levels[ref]
                else:
                    concept = self.index.get(ref)
                    name = concept.text("skos:prefLabel") if concept else ref
                    unconfirmed.append(f"level: the framework gives {name}, not mapped to a "
                                       "sendpath scale")
                    unmapped.append(ref)
            aligned += sum(len(node.links(p)) for p in _ALIGNMENTS)
            try:
                out.append(Outcome(
                    id=ids[node.id], title=title, statement=statement,
                    code=node.text("ceasn:codedNotation"), parent=parent, level=level,
                    sources=(Citation(source=source, locator=node.id),),
                    unconfirmed=tuple(dict.fromkeys(unconfirmed))))
            except DataError as exc:
                self.problems += [Problem(code=p.code, message=p.message, file=self.file,
                                          record=node.id, field=p.field) for p in exc.problems]
        if unmapped:
            self.problem("not-mapped", unmapped[0], "ceasn:complexityLevel",
                         f"{len(unmapped)} complexity levels ({len(set(unmapped))} distinct) "
                         "are not on a sendpath scale (pass the concept scheme that orders "
                         "them as a companion): kept as unconfirmed notes", fatal=False)
        if aligned:
            self.problem("not-read", None, "ceasn:exactAlignment",
                         f"{aligned} alignments to other frameworks are not read", fatal=False)
        return out

    def _scale(self, competencies: list[Node], ns: str,
               source: str) -> tuple[Scale | None, dict[str, str]]:
        used = list(dict.fromkeys(r for n in competencies
                                  for r in n.links("ceasn:complexityLevel")))
        concepts = [self.index[r] for r in used if r in self.index]
        if not concepts or len(concepts) < len(used):
            return None, {}
        schemes = {s for c in concepts for s in c.links("skos:inScheme")}
        if len(schemes) != 1:
            self.problem("not-mapped", concepts[0].id, "skos:inScheme",
                         "the levels are not all in one concept scheme: not read as a scale",
                         fatal=False)
            return None, {}
        scheme_id = next(iter(schemes))
        members = [n for n in self.index.values() if scheme_id in n.links("skos:inScheme")]
        ordered = _ordered(members)
        if ordered is None:
            self.problem("not-mapped", scheme_id, "skos:inScheme",
                         "the concept scheme does not order its levels (no ceterms:precedes, "
                         "labels not numbered): not read as a scale", fatal=False)
            return None, {}
        scheme = self.index.get(scheme_id)
        title = ((scheme.text("ceasn:name") or scheme.text("dcterms:title")) if scheme else "") \
            or "Levels"
        scale_id = unique(f"scale:{ns}", self.taken)
        cite = (Citation(source=source, locator=scheme_id),)
        level_ids: dict[str, str] = {}
        levels = []
        for node in ordered:
            label = node.text("skos:prefLabel") or node.id
            scale_slug = scale_id.removeprefix("scale:")
            lid = unique(f"level:{scale_slug}/{slugify(label, default='level')}", self.taken)
            level_ids[node.id] = lid
            levels.append(Level(id=lid, title=label, sources=cite,
                                description=node.text("skos:definition")))
        if len(levels) < 2:
            return None, {}
        return Scale(id=scale_id, title=title, sources=cite, levels=tuple(levels)), level_ids


def _ordered(members: list[Node]) -> list[Node] | None:
    """The concepts lowest first: by ``ceterms:precedes``, else by a number ending the label."""
    by_id = {m.id: m for m in members}
    follows = {m.id: [p for p in m.links("ceterms:precedes") if p in by_id and p != m.id]
               for m in members}
    firsts = [m for m in members if not any(m.id in v for v in follows.values())]
    if len(firsts) == 1 and any(follows.values()):
        chain = [firsts[0]]
        while (nxt := follows[chain[-1].id]) and len(chain) <= len(members):
            chain.append(by_id[nxt[0]])
        if len(chain) == len(members) and len({c.id for c in chain}) == len(members):
            return chain
    numbers = [_NUMBERED.search(m.text("skos:prefLabel")) for m in members]
    if all(numbers) and len({int(n.group(1)) for n in numbers if n}) == len(members):
        return [m for _, m in sorted(zip((int(n.group(1)) for n in numbers if n), members,
                                         strict=True), key=lambda p: p[0])]
    return None


def _parents_first(nodes: list[Node], ids: dict[str, str]) -> list[Node]:
    by_id = {n.id: n for n in nodes}
    done: set[str] = set()
    out: list[Node] = []

    def visit(node: Node, depth: int) -> None:
        if node.id in done or depth > len(nodes):
            return
        for ref in node.links("ceasn:isChildOf"):
            if ref in ids and ref in by_id:
                visit(by_id[ref], depth + 1)
        if node.id not in done:
            done.add(node.id)
            out.append(node)

    for node in nodes:
        visit(node, 0)
    return out


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
