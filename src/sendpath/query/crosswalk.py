"""Crosswalks from an outcome: what other frameworks say the same, or nearly.

See :func:`crosswalk`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs
import networkx as nx

from sendpath._output import Worded, envelope
from sendpath.graph import ProgressionGraph
from sendpath.query._result import ListedResult
from sendpath.render import words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

__all__ = ["Alignment", "CrosswalkResult", "crosswalk"]

# Read from the other end, a link's relation turns round.
_INVERSE: Final = {"exact": "exact", "broad": "narrow", "narrow": "broad", "related": "related"}


@attrs.frozen(kw_only=True)
class Alignment:
    """One outcome linked to the one asked about.

    Attributes:
        outcome: The linked outcome.
        title: Its title.
        framework: The framework it belongs to.
        relation: How it relates to the outcome asked about: ``exact``, ``broad`` (it is
            broader), ``narrow`` (it is narrower) or ``related``.
        confidence: ``sourced`` or ``editorial``.
        rationale: Why, for an editorial link.
        sources: The ids of the sources that make the link.
        via: The outcomes passed through, for links more than one step away.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> x = query.crosswalk(g, "aet-competency/individual-pupil")
        >>> a = x[1]
        >>> a.outcome, a.framework, a.relation, a.confidence, a.sources
        ('outcome:ts/5-4', 'fw:ts', 'broad', 'sourced', ('source:aet-competency-framework',))
    """

    #: In JSON, fields with no value are left out (:func:`sendpath._output.to_data`).
    JSON_OMIT_EMPTY: ClassVar[bool] = True

    outcome: str
    title: str
    framework: str
    relation: str
    confidence: str
    rationale: str = ""
    sources: tuple[str, ...] = ()
    via: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class CrosswalkResult(ListedResult[Alignment], Worded):
    """The outcomes linked to ``outcome``, nearest first: a sequence of :class:`Alignment`.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> x = query.crosswalk(g, "aet-competency/individual-pupil")
        >>> x.outcome, x.framework
        ('outcome:aet-competency/individual-pupil', 'fw:aet-competency')
        >>> [(a.relation, a.outcome) for a in x]
        [('related', 'outcome:eef-send/2'), ('broad', 'outcome:ts/5-4')]
    """

    outcome: str
    title: str
    framework: str
    alignments: tuple[Alignment, ...]
    data_version: str

    def _items(self) -> tuple[Alignment, ...]:
        return self.alignments

    def _json(self) -> dict[str, Any]:
        """What the result shows in JSON, with the usual envelope (no empty fields).

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> g = sendpath.load_default().graph
            >>> x = query.crosswalk(g, "aet-competency/individual-pupil")
            >>> d = x.to_dict()
            >>> d["outcome"]["id"]
            'outcome:aet-competency/individual-pupil'
            >>> sorted(d["alignments"][0])  # an editorial link: no sources, no via
            ['confidence', 'framework', 'outcome', 'rationale', 'relation', 'title']
        """
        return envelope(self.data_version, outcome={"id": self.outcome, "title": self.title},
                        framework=self.framework,
                        alignments=self.alignments)


    def _lines(self, *, detail: bool) -> list[str]:
        """The links, one line each, with why and sources (short and full text alike).

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> g = sendpath.load_default().graph
            >>> x = query.crosswalk(g, "aet-competency/individual-pupil")
            >>> print(x.explain().splitlines()[0])
            outcome:aet-competency/individual-pupil (The individual pupil), in fw:aet-competency:
        """
        del detail  # every link is one line, with its reason: there is nothing to shorten
        lines = [words("crosswalk-heading", self.outcome, self.title, self.framework)]
        if not self.alignments:
            lines.append(words("crosswalk-none"))
        for a in self.alignments:
            flag = words("crosswalk-editorial") if a.confidence == "editorial" else ""
            via = words("crosswalk-via", " -> ".join(a.via)) if a.via else ""
            lines.append(words("crosswalk-line", a.relation, a.outcome, a.title, a.framework,
                               flag, via))
            if a.rationale:
                lines.append(words("crosswalk-why", a.rationale))
            if a.sources:
                lines.append(words("crosswalk-sources", ", ".join(a.sources)))
        return lines


def crosswalk(g: ProgressionGraph | Catalogue, outcome: str, *, depth: int = 1,
              editorial: bool = True, to: str | None = None) -> CrosswalkResult:
    """Return the outcomes of other frameworks linked to ``outcome`` by crosswalks.

    Links are followed both ways (a ``broad`` link read backwards is ``narrow``). With
    ``depth`` above 1, links of links are followed too; each such alignment lists the outcomes
    it passes through in ``via``, and its relation is ``exact`` only if every link on the way
    is, else ``related``.

    Args:
        g: The progression graph (a catalogue is accepted too).
        outcome: An outcome id or short name (``ittecf/5-3``).
        depth: How many links to follow at most.
        editorial: Whether to follow links that rest on reasoning rather than a source.
        to: Keep only the outcomes of this framework (an id or short name); links are still
            followed through others.

    Raises:
        UnknownIdError: ``outcome`` names no outcome.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> first = next(iter(g.catalogue.crosswalks), None)
        >>> first is None or first.to in {a.outcome for a in query.crosswalk(g, first.from_)}
        True
        >>> [a.outcome for a in query.crosswalk(g, "aet-competency/individual-pupil", to="ts")]
        ['outcome:ts/5-4']
    """
    if type(depth) is not int or depth < 1:
        raise ValueError(f"depth must be a whole number of at least 1, not {depth!r}")
    graph = g if isinstance(g, ProgressionGraph) else g.graph
    cat = graph.catalogue
    start = cat.resolve(outcome, kind="outcome")
    framework_of = {o.id: fw.id for fw in cat.frameworks.values() for o in fw.outcomes}
    by_ends = {(link.from_, link.to): link for link in cat.crosswalks}
    # The graph's aligns_with edges, read both ways: a breadth-first search to ``depth``.
    view: nx.Graph[str] = nx.Graph()
    view.add_node(start)
    for u, v, data in graph.nx.edges(data=True):
        if data["kind"] == "aligns_with" and (editorial or data["confidence"] == "sourced"):
            view.add_edge(u, v)
    found: dict[str, Alignment] = {}
    path_of: dict[str, tuple[str, ...]] = {start: ()}
    relation_of = {start: "exact"}
    for parent, other in nx.bfs_edges(view, start, depth_limit=depth, sort_neighbors=sorted):
        link = by_ends.get((parent, other)) or by_ends[other, parent]
        relation = link.relation if link.from_ == parent else _INVERSE[link.relation]
        path = path_of[parent]
        combined = relation if not path else (
            "exact" if relation_of[parent] == relation == "exact" else "related")
        found[other] = Alignment(
            outcome=other, title=cat.outcomes[other].title,
            framework=framework_of.get(other, ""), relation=combined,
            confidence=link.confidence, rationale=link.rationale,
            sources=tuple(c.source for c in link.sources), via=path)
        path_of[other], relation_of[other] = (*path, other), combined
    alignments = tuple(found.values())
    if to is not None:
        target = cat.resolve(to, kind="fw")
        alignments = tuple(a for a in alignments if a.framework == target)
    return CrosswalkResult(outcome=start, title=cat.outcomes[start].title,
                           framework=framework_of.get(start, ""),
                           alignments=alignments, data_version=cat.data_version)
