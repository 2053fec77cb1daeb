"""Which files make a data package: the manifest and the record files, in reading order.

One home for the listing, shared by the reader (:mod:`sendpath.io.package`) and by the digest of
a package's bytes (:mod:`sendpath.io.snapshot`), so that both always mean the same files. It
imports no parser.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final

from sendpath.errors import DataError, Problem

__all__ = ["CASES_DIR", "FORMATS", "MANIFEST", "record_files"]

#: The manifest every package folder has.
MANIFEST: Final = "package.toml"
#: A package's folder of conformance cases (read by :mod:`sendpath.cases`, not as records).
CASES_DIR: Final = "cases"
#: The formats sendpath reads, by file suffix.
FORMATS: Final = {".toml": "toml", ".json": "json"}


def record_files(root: Traversable, prefix: str = "", *,
                 problems: list[Problem] | None = None,
                 ) -> Iterator[tuple[str, Traversable]]:
    """Yield ``(path relative to the package, file)`` for each record file, sorted by name.

    Names starting with ``.`` or ``_`` are passed over, and so are the manifest and the cases
    folder. A folder that cannot be listed, and a folder reached again through a symbolic link
    (a loop), are problems: added to ``problems`` when it is given (and the walk goes on),
    else raised.

    Raises:
        DataError: A folder cannot be listed or leads round in a loop (without ``problems``).

    Example:
        >>> import sendpath.catalogue as cat
        >>> files = [rel for rel, _f in record_files(cat._shipped_root("england"))]
        >>> "roles.toml" in files, MANIFEST in files, any(f.startswith("cases/") for f in files)
        (True, False, False)
    """
    found: list[Problem] = [] if problems is None else problems
    before = len(found)
    above: set[tuple[int, int]] = set()  # a link to a folder above the package is a loop too
    if isinstance(root, Path):
        with contextlib.suppress(OSError):
            for parent in root.resolve().parents:
                st = parent.stat()
                above.add((st.st_dev, st.st_ino))
    yield from _walk(root, prefix, found, above)
    if problems is None and len(found) > before:
        raise DataError(found[before:])


def _walk(folder: Traversable, prefix: str, problems: list[Problem],
          seen: set[tuple[int, int]]) -> Iterator[tuple[str, Traversable]]:
    where = prefix.rstrip("/") or "."
    if isinstance(folder, Path):
        try:
            st = folder.stat()
        except OSError as exc:
            problems.append(_unreadable(where, exc))
            return
        if (st.st_dev, st.st_ino) in seen:
            problems.append(Problem(code="symlink-loop", file=where, message=(
                "a symbolic link leads back to a folder already read (left out)")))
            return
        seen = seen | {(st.st_dev, st.st_ino)}  # the folders above this one: a loop returns
    try:
        items = _listed(folder)
    except OSError as exc:
        problems.append(_unreadable(where, exc))
        return
    for name, item in items:
        if name.startswith((".", "_")):
            continue
        rel = f"{prefix}{name}"
        try:
            is_dir = item.is_dir()
        except OSError as exc:
            problems.append(Problem(code="unreadable", file=rel,
                                    message=f"cannot read it: {exc.strerror or exc}"))
            continue
        if rel == CASES_DIR and is_dir:  # conformance cases, not records
            continue
        if is_dir:
            yield from _walk(folder / name, f"{rel}/", problems, seen)
        elif rel != MANIFEST and any(name.endswith(s) for s in FORMATS):
            yield rel, folder / name


def _listed(folder: Traversable) -> list[tuple[str, Traversable | os.DirEntry[str]]]:
    """A folder's entries by name, sorted; a real folder's read by ``os.scandir``.

    Its entries know whether they are folders without another call to the system (a package
    is listed each time it loads, to check a snapshot against its files).

    Raises:
        OSError: The folder cannot be listed.
    """
    if isinstance(folder, Path):
        with os.scandir(folder) as entries:
            found: list[tuple[str, Traversable | os.DirEntry[str]]] = [
                (e.name, e) for e in entries]
    else:
        found = [(t.name, t) for t in folder.iterdir()]
    found.sort(key=lambda pair: pair[0])
    return found


def _unreadable(where: str, exc: OSError) -> Problem:
    return Problem(code="unreadable", file=where,
                   message=f"cannot read the folder: {exc.strerror or exc}")
