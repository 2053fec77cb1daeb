"""Which files make a data package: the manifest and the record files, in reading order.

One home for the listing, shared by the reader (:mod:`sendpath.io.package`) and by the digest of
a package's bytes (:mod:`sendpath.io.snapshot`), so that both always mean the same files. It
imports no parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources.abc import Traversable
from typing import Final

__all__ = ["CASES_DIR", "FORMATS", "MANIFEST", "record_files"]

#: The manifest every package folder has.
MANIFEST: Final = "package.toml"
#: A package's folder of conformance cases (read by :mod:`sendpath.cases`, not as records).
CASES_DIR: Final = "cases"
#: The formats sendpath reads, by file suffix.
FORMATS: Final = {".toml": "toml", ".json": "json"}


def record_files(root: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Yield ``(path relative to the package, file)`` for each record file, sorted by name.

    Names starting with ``.`` or ``_`` are passed over, and so are the manifest and the cases
    folder.

    Example:
        >>> import sendpath.catalogue as cat
        >>> files = [rel for rel, _f in record_files(cat._shipped_root("england"))]
        >>> "roles.toml" in files, MANIFEST in files, any(f.startswith("cases/") for f in files)
        (True, False, False)
    """
    for item in sorted(root.iterdir(), key=lambda t: t.name):
        name = item.name
        if name.startswith((".", "_")):
            continue
        rel = f"{prefix}{name}"
        if rel == CASES_DIR and item.is_dir():  # conformance cases, not records
            continue
        if item.is_dir():
            yield from record_files(item, f"{rel}/")
        elif rel != MANIFEST and any(name.endswith(s) for s in FORMATS):
            yield rel, item
