"""Provenance: the sources every record cites.

Example:
    >>> from sendpath.model import Citation
    >>> Citation(source="source:send-regs-2014-reg49", locator="reg. 49(4)").locator
    'reg. 49(4)'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from sendpath.model import _checks as c

__all__ = ["SOURCE_KINDS", "Citation", "Source"]

#: What kind of publication a source is.
SOURCE_KINDS = frozenset(
    {"legislation", "statutory-guidance", "guidance", "framework", "research", "provider", "press",
     "other"}
)


@attrs.frozen(kw_only=True)
class Citation:
    """A pointer into a source: ``{ source = "source:...", locator = "reg. 49(4)" }``.

    ``supports`` names the fields of the record the citation backs (``["requires", "hours"]``);
    empty, it backs the record itself. Answers cite only what backs the facts they use.

    Example:
        >>> Citation(source="source:si-2024-535").locator
        ''
        >>> Citation(source="source:npq-funding", supports=("funding",)).backs("funding")
        True
    """

    source: str = attrs.field(validator=c.id_of("source"))
    locator: str = attrs.field(default="", validator=c.optional_text)
    supports: tuple[str, ...] = attrs.field(default=(), validator=c.texts)

    def backs(self, field: str) -> bool:
        """Whether the citation backs ``field`` (every citation without ``supports`` does).

        Example:
            >>> Citation(source="source:x", supports=("hours",)).backs("cost")
            False
        """
        return not self.supports or field in self.supports


@attrs.frozen(kw_only=True)
class Source:
    """A publication the data rests on: ``[[source]]``.

    Attributes:
        id: ``source:<slug>``.
        title: The publication's title.
        publisher: Who published it.
        kind: One of ``sendpath.model.SOURCE_KINDS``.
        urls: Where it was read.
        published: Its publication date, when known to the day.
        date_note: A date as the source gives it when it is not a single day ("2 Mar 2023",
            "c. 2010", "n.d.").
        unconfirmed: Fields of this record no source confirms.

    Example:
        >>> s = Source(id="source:si-2024-535", title="SEND (Amendment) Regulations 2024",
        ...            publisher="legislation.gov.uk", kind="legislation",
        ...            urls=("https://www.legislation.gov.uk/uksi/2024/535",))
        >>> s.source.source
        'source:si-2024-535'
    """

    id: str = attrs.field(validator=c.id_of("source"))
    title: str = attrs.field(validator=c.text)
    publisher: str = attrs.field(validator=c.text)
    kind: str = attrs.field(validator=c.one_of(SOURCE_KINDS))
    urls: tuple[str, ...] = attrs.field(default=(), validator=c.web_addresses)
    published: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    date_note: str = attrs.field(default="", validator=c.optional_text)
    unconfirmed: tuple[str, ...] = attrs.field(default=(), validator=c.texts)

    @property
    def sources(self) -> tuple[Citation, ...]:
        """One citation of this source's own id (a source stands for itself)."""
        return (Citation(source=self.id),)

    @property
    def source(self) -> Citation:
        """The first and only citation, this source's own id."""
        return self.sources[0]


def citations(*, required: bool) -> c.Validator:
    """Check that a value is a tuple of citations; at least one if ``required``.

    It lives beside :class:`Citation`, which it checks for (the records' ``sources`` fields).
    """

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, Citation) for v in value):
            c.fail(attribute, "expected a list of citations")
        elif required and not value:
            c.fail(attribute, "every record must cite at least one source")

    check.schema = {"minItems": 1} if required else {}  # type: ignore[attr-defined]
    return check
