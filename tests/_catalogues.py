"""Build small catalogues in memory for graph and query tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sendpath.catalogue import Catalogue, _build
from sendpath.io.package import Located, RawPackage
from sendpath.model import Citation, PackageInfo, Qualification, Role, Source

SRC = "source:test"
CITE = (Citation(source=SRC),)


def qual(slug: str, **kw: Any) -> Qualification:
    kw.setdefault("kind", "award")
    return Qualification(id=f"qual:{slug}", title=slug.upper(), sources=CITE, **kw)


def role(slug: str, **kw: Any) -> Role:
    return Role(id=f"role:{slug}", title=slug.title(), sources=CITE, **kw)


def catalogue(records: Iterable[Any]) -> Catalogue:
    """Return a checked catalogue of ``records`` plus the one test source."""
    info = PackageInfo(name="test", format_version=1, data_version="t1",
                       published=dt.date(2026, 1, 1))
    rows = [Source(id=SRC, title="Test source", publisher="tests", kind="other"), *records]
    raw = RawPackage(info=info, records=tuple(Located(r, "test.toml", None) for r in rows),
                     files=("test.toml",))
    return _build([raw], [], located=lambda f: f)
