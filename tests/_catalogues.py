"""Build small catalogues in memory for graph and query tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sendpath.catalogue import Catalogue, build
from sendpath.model import Citation, Qualification, Role, Source

SRC = "source:test"
CITE = (Citation(source=SRC),)


def qual(slug: str, **kw: Any) -> Qualification:
    kw.setdefault("kind", "award")
    kw.setdefault("sources", CITE)
    return Qualification(id=f"qual:{slug}", title=slug.upper(), **kw)


def role(slug: str, **kw: Any) -> Role:
    kw.setdefault("sources", CITE)
    return Role(id=f"role:{slug}", title=slug.title(), **kw)


def catalogue(records: Iterable[Any]) -> Catalogue:
    """Return a checked catalogue of ``records`` plus the one test source."""
    rows = [Source(id=SRC, title="Test source", publisher="tests", kind="other"), *records]
    return build(rows, name="test", data_version="t1")
