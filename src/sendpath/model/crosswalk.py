"""Crosswalks: typed links between outcomes of different frameworks.

Mainstream and specialist expertise sit in separate frameworks (the ITTECF, the Teachers'
Standards, the NPQ for SENCOs, the mandatory qualifications, ...). A crosswalk says how an
outcome of one relates to an outcome of another, in the terms CASE uses for associations:

- ``exact``: the two say the same thing;
- ``broad``: ``to`` is broader than ``from`` (``from`` is a part of it);
- ``narrow``: ``to`` is narrower than ``from``;
- ``related``: they overlap without either containing the other.

A crosswalk rests on a source that makes the link (``confidence = "sourced"``, the default),
or on the compilers' reasoning, stated in ``rationale`` (``confidence = "editorial"``).

Example:
    >>> from sendpath.model import Citation, Crosswalk
    >>> link = Crosswalk(from_="outcome:ittecf/5", to="outcome:ts/5", relation="exact",
    ...                  sources=(Citation(source="source:ittecf"),))
    >>> link.key, link.confidence
    (('outcome:ittecf/5', 'outcome:ts/5'), 'sourced')
"""

from __future__ import annotations

from typing import Final

import attrs

from sendpath.model import _checks as c
from sendpath.model.provenance import Citation, citations

__all__ = ["CONFIDENCES", "RELATIONS", "Crosswalk"]

#: How the ``to`` end of a crosswalk relates to its ``from`` end.
RELATIONS: Final = frozenset({"exact", "broad", "narrow", "related"})
#: What a crosswalk rests on.
CONFIDENCES: Final = frozenset({"sourced", "editorial"})


@attrs.frozen(kw_only=True)
class Crosswalk:
    """A link between two outcomes of different frameworks: ``[[crosswalk]]``.

    In a data file the ends are ``from`` and ``to`` (``from_`` in Python, since ``from`` is a
    keyword).

    Attributes:
        from_: The outcome the link starts from.
        to: The outcome it points to.
        relation: One of ``exact``, ``broad``, ``narrow`` or ``related``.
        sources: The sources that make the link (required unless editorial).
        confidence: ``sourced`` (the default) or ``editorial``.
        rationale: Why the two match; required for an editorial link.

    Example:
        >>> Crosswalk(from_="outcome:a/1", to="outcome:b/1", relation="related",
        ...           confidence="editorial", rationale="Both ask for adaptive teaching.").sources
        ()
    """

    from_: str = attrs.field(alias="from_", validator=c.id_of("outcome"), metadata=c.key("from"))
    to: str = attrs.field(validator=c.id_of("outcome"))
    relation: str = attrs.field(validator=c.one_of(RELATIONS))
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=citations(required=False))
    confidence: str = attrs.field(default="sourced", validator=c.one_of(CONFIDENCES))
    rationale: str = attrs.field(default="", validator=c.optional_text)

    def __attrs_post_init__(self) -> None:
        fields = attrs.fields(Crosswalk)
        if self.from_ == self.to:
            c.fail(fields.to, "a crosswalk links two different outcomes")
        if self.confidence == "sourced" and not self.sources:
            c.fail(fields.sources, "a sourced crosswalk must cite a source "
                                   "(or say confidence = \"editorial\" with a rationale)")
        if self.confidence == "editorial" and not self.rationale.strip():
            c.fail(fields.rationale, "an editorial crosswalk must give its rationale")

    @property
    def key(self) -> tuple[str, str]:
        """The pair of ends, ``(from, to)``: a package links a pair at most once.

        Example:
            >>> Crosswalk(from_="outcome:ecf/5", to="outcome:ts/5", relation="narrow",
            ...           sources=(Citation(source="source:ecf"),)).key
            ('outcome:ecf/5', 'outcome:ts/5')
        """
        return (self.from_, self.to)

    @property
    def source(self) -> Citation | None:
        """The first citation, if the link has one."""
        return self.sources[0] if self.sources else None
