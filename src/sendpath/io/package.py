"""Reading a data package folder: ``package.toml`` plus record files, TOML or JSON.

:func:`read_package` parses and structures every file it finds and returns what loaded together
with every problem, so the catalogue can check references over whatever loaded and report the
whole lot at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from sendpath.errors import MAX_PROBLEMS, DataError, Problem
from sendpath.io._converter import structure
from sendpath.io._files import CASES_DIR, MANIFEST, record_files
from sendpath.io._parse import MAX_DATA_BYTES, Lines, format_of, parse, read_capped
from sendpath.model import RECORD_TABLES, PackageInfo

__all__ = ["CASES_DIR", "MANIFEST", "Located", "RawPackage", "read_package"]


@attrs.frozen
class Located:
    """A structured record and where it was read (file relative to the package, line).

    Example:
        >>> import sendpath.catalogue as cat
        >>> raw, _ = read_package(cat._shipped_root("england"))
        >>> senco = next(loc for loc in raw.records
        ...              if getattr(loc.record, "id", "") == "role:senco")
        >>> type(senco.record).__name__, senco.file, senco.line is not None
        ('Role', 'roles.toml', True)
    """

    record: Any
    file: str
    line: int | None
    #: The line of each of the record's keys, where the file says (a problem with a field
    #: points there: :meth:`line_of`).
    keys: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    def line_of(self, field: str | None) -> int | None:
        """The line of ``field`` (a path such as ``sources[0].source``: its first key's line).

        The record's line when the field's is not known.

        Example:
            >>> Located(None, "roles.toml", 2, {"requires": 5}).line_of("requires.items[1].id")
            5
            >>> Located(None, "roles.toml", 2).line_of("title")
            2
        """
        found = _key_line(self.keys, field)
        return self.line if found is None else found


def _key_line(keys: Mapping[str, int], field: str | None) -> int | None:
    """The line of the key a field's path starts with (``sources`` for ``sources[0].source``)."""
    return keys.get(field.split(".")[0].split("[")[0]) if field else None


@attrs.frozen
class RawPackage:
    r"""What a package folder held: its manifest (if it loaded) and its records, in file order.

    ``failed`` holds the ids (with their places) of records that did not load, so that later
    checks can still see duplicates of them and need not call references to them unknown.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     root = Path(tmp)
        ...     _ = (root / MANIFEST).write_text(
        ...         'name = "mine"\nformat_version = 1\ndata_version = "1"\n')
        ...     _ = (root / "roles.toml").write_text(
        ...         '[[role]]\nid = "role:a"\ntitle = "A"\nsources = [{ source = "source:x" }]\n'
        ...         '[[role]]\nid = "role:b"\ntitle = "B"\n')
        ...     raw, problems = read_package(root)
        >>> raw.info.name, raw.files, [loc.record.id for loc in raw.records]
        ('mine', ('roles.toml',), ['role:a'])
        >>> raw.failed
        (Located(record='role:b', file='roles.toml', line=6),)
        >>> print(*problems)
        roles.toml:6: role:b: sources: required field missing [missing-field]
    """

    info: PackageInfo | None
    records: tuple[Located, ...]
    files: tuple[str, ...]
    failed: tuple[Located, ...] = ()
    #: Whether every record file could be read (when one could not, what it defines is unknown,
    #: so no reference can be called unknown either).
    complete: bool = True


def read_package(root: Traversable) -> tuple[RawPackage, list[Problem]]:
    """Read every file of the package at ``root``; return what loaded and every problem.

    Example:
        >>> import sendpath.catalogue as cat
        >>> raw, problems = read_package(cat._shipped_root("england"))
        >>> raw.info.name, problems
        ('england', [])
    """
    problems: list[Problem] = []
    info: PackageInfo | None = None
    manifest = root / MANIFEST
    if not manifest.is_file():
        problems.append(Problem(code="not-a-package", file=MANIFEST,
                                message=f"the folder has no {MANIFEST}"))
    else:
        try:
            data = read_capped(manifest, name=MANIFEST, limit=MAX_DATA_BYTES)
            info = structure(parse(data, name=MANIFEST), PackageInfo)
        except DataError as exc:
            problems.extend(attrs.evolve(p, file=MANIFEST) for p in exc.problems)
    records: list[Located] = []
    failed: list[Located] = []
    files: list[str] = []
    complete = True
    for rel, item in record_files(root, problems=problems):
        files.append(rel)
        try:
            data = read_capped(item, name=rel, limit=MAX_DATA_BYTES)
        except DataError as exc:
            problems.extend(exc.problems)
            complete = False
            continue
        try:
            doc = parse(data, name=rel)
        except DataError as exc:
            problems.extend(exc.problems)
            # The ids it defines can still be read off its lines: references to them are not
            # unknown (a file that does not parse must not make problems elsewhere).
            text = data.decode("utf-8", errors="replace")
            failed.extend(Located(rid, rel, at[0]) for rid, at in _id_lines(text).items())
            continue
        lines = _Lines(data.decode("utf-8", errors="replace"), fmt=format_of(rel))
        for ok, loc in _records(doc, rel, lines, problems):
            (records if ok else failed).append(loc)
    raw = RawPackage(info=info, records=tuple(records), files=tuple(files), failed=tuple(failed),
                     complete=complete and not any(p.code == "unreadable" for p in problems))
    return raw, problems




def _records(doc: dict[str, Any], rel: str, lines: _Lines,
             problems: list[Problem]) -> Iterator[tuple[bool, Located]]:
    """Yield ``(True, record)`` for each record that loads, ``(False, its id)`` for the rest.

    After :data:`~sendpath.errors.MAX_PROBLEMS` problems in the file, the records left are not
    checked: each is yielded as failed, by its id if it has one (so references to it are not
    unknown).
    """
    found = 0
    left: list[tuple[str, int]] = []  # the tables' records not checked: (table, index)
    for table, rows in doc.items():
        cls = RECORD_TABLES.get(table)
        if cls is None:

            close = difflib.get_close_matches(table, list(RECORD_TABLES), n=1)
            hint = f" (did you mean [[{close[0]}]]?)" if close else ""
            problems.append(Problem(code="unknown-table", file=rel, field=table,
                                    message=f"unknown table {table!r}{hint}; expected one of "
                                            f"{', '.join(sorted(RECORD_TABLES))}"))
            continue
        if type(rows) is not list:
            problems.append(Problem(code="wrong-type", file=rel, field=table,
                                    message=f"expected an array of tables ([[{table}]])"))
            continue
        for i, row in enumerate(rows):
            rid = row.get("id") if type(row) is dict else None
            record = rid if isinstance(rid, str) else f"{table}[{i}]"
            if found >= MAX_PROBLEMS:
                left.append((table, i))
                if isinstance(rid, str):
                    yield False, Located(rid, rel, None)
                continue
            line = lines.record(table, i, rid)
            try:
                yield True, Located(structure(row, cls), rel, line, lines.keys(table, i))
            except DataError as exc:
                found += len(exc.problems)
                problems.extend(
                    attrs.evolve(p, file=rel, record=record,
                                 line=p.line or lines.field(table, i, p.field) or line)
                    for p in exc.problems
                )
                if isinstance(rid, str):
                    yield False, Located(rid, rel, line)
    if left:
        table, i = left[0]
        problems.append(Problem(
            code="too-many-problems", file=rel, line=lines.record(table, i, None),
            message=f"{found:,} problems in this file: its other {len(left):,} "
                    f"record{'s' if len(left) > 1 else ''} were not checked (from "
                    f"[[{table}]] {i + 1} on); fix these and check again"))


_ID_LINE = re.compile(r'^[ \t]*"?id"?[ \t]*[=:][ \t]*"([^"\n]*)"', re.MULTILINE)


def _id_lines(text: str) -> dict[str, list[int]]:
    r"""Return the lines where each record id is defined (TOML or JSON), in one pass.

    An id defined twice has two lines, so that each definition is reported at its own.

    Example:
        >>> _id_lines('[[role]]\nid = "role:a"\n\n[[role]]\nid = "role:b"\nid = "role:a"\n')
        {'role:a': [2, 6], 'role:b': [5]}
    """
    found: dict[str, list[int]] = {}
    line, pos = 1, 0
    for m in _ID_LINE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        found.setdefault(m.group(1), []).append(line)
    return found


class _Lines:
    """Where the records of one file are: each record's line, and each field's.

    Found in one pass over the text for the records and one for the ids, however many
    problems there are.
    """

    def __init__(self, text: str, *, fmt: str) -> None:
        self._ids = _id_lines(text)
        self._taken: dict[str, int] = {}
        self._doc = Lines.of(text, fmt)

    def record(self, table: str, index: int, rid: object) -> int | None:
        """The line of the ``index``-th record of ``table`` (its id's, else its start's)."""
        own = self._doc.keys.get((table, index), {}).get("id")
        rows = self._doc.rows.get(table, [])
        if own is not None or (not isinstance(rid, str) and index < len(rows)):
            return own if own is not None else rows[index]
        if not isinstance(rid, str):
            return None
        lines = self._ids.get(rid, [])  # a TOML array written inline: the n-th such id line
        n = self._taken.get(rid, 0)
        self._taken[rid] = n + 1
        return lines[min(n, len(lines) - 1)] if lines else None

    def field(self, table: str, index: int, field: str | None) -> int | None:
        """The line of a field of the ``index``-th record of ``table``, if known."""
        return _key_line(self.keys(table, index), field)

    def keys(self, table: str, index: int) -> Mapping[str, int]:
        """The line of each key of the ``index``-th record of ``table`` (what the file says)."""
        return self._doc.keys.get((table, index), {})


def as_root(path: str | Path) -> Path:
    """Return the package folder for ``path`` (a folder, or its ``package.toml``).

    Raises:
        DataError: The path does not exist or is not a package.
    """
    p = Path(path)
    if p.is_file() and p.name == MANIFEST:
        p = p.parent
    if not p.exists():
        raise DataError(
            [Problem(code="not-found", file=str(path), message="no such file or folder")]
        )
    if not p.is_dir():
        raise DataError([Problem(code="not-a-package", file=str(path),
                                 message=f"expected a package folder (with {MANIFEST})")])
    return p
