"""The manifest of a data package: ``package.toml``.

Example:
    >>> import datetime as dt
    >>> from sendpath.model import PackageInfo
    >>> PackageInfo(name="england", format_version=1, data_version="2026.11",
    ...             published=dt.date(2026, 11, 22)).data_version
    '2026.11'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from sendpath.errors import safe_repr
from sendpath.ids import WORD_PATTERN, is_slug
from sendpath.model import _checks as c

__all__ = ["FORMAT_VERSION", "PackageInfo"]

#: The data package format this sendpath reads.
FORMAT_VERSION = 1


@c.described({"type": "string", "pattern": f"^{WORD_PATTERN}$"})
def _name(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not is_slug(value) or "/" in value:
        c.fail(attribute, f"{safe_repr(value)} is not a package name "
                          "(lower-case words joined by -)")


@c.described({"const": FORMAT_VERSION})
def _format(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value != FORMAT_VERSION:
        c.fail(attribute, f"this sendpath reads format_version {FORMAT_VERSION}; "
                          f"got {safe_repr(value)}")


@attrs.frozen(kw_only=True)
class PackageInfo:
    """What ``package.toml`` says about a package.

    Attributes:
        name: The package's name (``england`` for the shipped data).
        format_version: The data format version; this sendpath reads 1.
        data_version: The version of the data itself, e.g. ``2026.11``.
        published: The day this data version was published.
        extends: The package this one adds to (add-only), if any.
        replaces: Ids of the base package this one may redefine.
        description: A line about the package.

    Example:
        >>> PackageInfo(name="my-school", format_version=1, data_version="1",
        ...             extends="england").extends
        'england'
        >>> PackageInfo(name="my-school", format_version=2, data_version="1")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          <input>: format_version: this sendpath reads format_version 1; got 2 [invalid-value]
    """

    name: str = attrs.field(validator=_name)
    format_version: int = attrs.field(validator=_format)
    data_version: str = attrs.field(validator=c.text)
    published: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    extends: str | None = attrs.field(default=None, validator=c.optional(_name))
    replaces: tuple[str, ...] = attrs.field(default=(), validator=c.texts)
    description: str = attrs.field(default="", validator=c.optional_text)
