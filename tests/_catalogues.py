"""Build small catalogues in memory for graph and query tests; copy a package folder."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
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


def copy_tree(src: Traversable, dest: Path) -> None:
    """Copy a folder (the shipped data, wherever it is installed) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in src.iterdir():
        if item.is_dir():
            copy_tree(item, dest / item.name)
        else:
            (dest / item.name).write_bytes(item.read_bytes())
