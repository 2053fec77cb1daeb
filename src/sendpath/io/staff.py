r"""Reading many profiles at once: the long profile CSV, or a folder of profile files.

The long CSV of DESIGN ("Bulk and impact") has one row per fact: a ``person`` column, a
``table`` column naming the profile table (``roles``, ``holds``, ``studying``, ``service``,
``teaching``, ``experience``, ``activities``), an ``id`` column for the id the table holds (its
role, qualification, activity, or for ``teaching`` the area of need), and the table's own
columns (``since``, ``until``, ``awarded``, ``started``, ``completed``, ``start``, ``end``,
``hours``, ``date``, ``kind``, ``role``, ``need``); a cell left empty is a field not given.
A person's rows come together, one after another, so that the file is read as a stream: one
person is built while the next is read, and memory stays flat whatever the number of rows.

Each person's rows are checked as a profile file is (:func:`sendpath.io.profile_from_mapping`):
short names resolve by the table's kind when a catalogue is given, and every problem names the
file, the person, the table row and the field, with the CSV line. ``errors="raise"`` (the
default) reads the whole file and raises every problem at once; ``errors="skip"`` yields the
people whose rows are sound and reports the others' problems in ``problems``, so that nothing is
dropped without a word.

Example:
    >>> import pathlib, tempfile, sendpath
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
    >>> _ = path.write_text("person,table,id,since,awarded\n"
    ...                     "ann,roles,teacher,2019-09-01,\n"
    ...                     "ann,holds,qts,,2019-07-01\n"
    ...                     "bob,roles,teaching-assistant,2022-09-01,\n")
    >>> [(who, p.roles[0].id) for who, p in read_staff(path, catalogue=sendpath.load_default())]
    [('ann', 'role:teacher'), ('bob', 'role:teaching-assistant')]
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from sendpath.errors import DataError, Problem, capped
from sendpath.ids import Resolver
from sendpath.io.profile import ID_FIELDS, load_profile, profile_from_mapping
from sendpath.model import PROFILE_TABLES, Profile

__all__ = ["COLUMNS", "LongCsv", "read_staff", "row_fields"]

#: The columns a long profile CSV may have besides ``person``, ``table`` and ``id``.
COLUMNS: Final = ("since", "until", "awarded", "started", "completed", "start", "end", "hours",
                  "date", "kind", "role", "need")
_NUMBERS: Final = frozenset({"hours"})


def read_staff(path: str | Path, *, catalogue: Resolver | None = None, errors: str = "raise",
               problems: list[Problem] | None = None) -> Iterator[tuple[str, Profile]]:
    """Yield ``(person, profile)`` for each person of a long CSV or a folder of profile files.

    A folder's profiles are its ``.toml`` and ``.json`` files, by name; the person is the
    file's name without its suffix.

    Args:
        path: The CSV file, or the folder.
        catalogue: Resolves short names and checks every id (as for a profile file).
        errors: ``raise``: every problem at once, as a :class:`~sendpath.errors.DataError`,
            once the file is read; ``skip``: leave out the people with problems, and add their
            problems to ``problems``.
        problems: Where ``skip`` reports problems (a list the caller gives).

    Raises:
        DataError: With ``errors="raise"``, every problem of the input; with either, a file or
            folder that cannot be read, or a CSV without the ``person``, ``table`` and ``id``
            columns.
        ValueError: ``errors`` is not ``raise`` or ``skip``.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    found: list[Problem] = [] if problems is None else problems
    before = len(found)
    source = Path(path)
    people = _folder(source, catalogue, found) if source.is_dir() else \
        _csv(source, catalogue, found)
    for person, profile in people:
        if errors == "raise" and len(found) > before:
            continue  # keep reading, to report every problem at once
        yield person, profile
    if errors == "raise" and len(found) > before:
        raise DataError(capped(found[before:]))


def _folder(folder: Path, catalogue: Resolver | None,
            problems: list[Problem]) -> Iterator[tuple[str, Profile]]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".json") and
                   not p.name.startswith("."))
    if not files:
        raise DataError([Problem(code="missing-file", file=str(folder),
                                 message="the folder holds no .toml or .json profile")])
    for file in files:
        try:
            yield file.stem, load_profile(file, catalogue=catalogue)
        except DataError as exc:
            problems += exc.problems


def _csv(path: Path, catalogue: Resolver | None,
         problems: list[Problem]) -> Iterator[tuple[str, Profile]]:
    name = str(path)
    table = LongCsv(path, problems)
    for person, rows in table:
        yield from _person(person, [(line, table.mapping(row)) for line, row in rows], catalogue,
                           name, problems)


class LongCsv:
    r"""A long profile CSV, its header checked: iterate for each person and their rows.

    Each person comes with their rows as ``(line, cells)`` pairs, in the order read. Rows of a
    person that are not next to their first rows, a row with more cells than the header, and a
    file that stops being CSV are reported in ``problems`` (and those rows left out; a person
    with a row left out for its cells is left out whole, so that nothing is read in part).

    Raises:
        DataError: The file cannot be read, or its header lacks ``person``, ``table`` or ``id``
            or names a column the format does not have.

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
        >>> _ = path.write_text("person,table,id,since\nann,roles,teacher,2019-09-01\n")
        >>> [(who, rows) for who, rows in LongCsv(path, [])]
        [('ann', [(2, ['ann', 'roles', 'teacher', '2019-09-01'])])]
    """

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.name = str(path)
        self.problems = problems
        try:
            self._handle = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise DataError([Problem(code="unreadable", file=self.name, message=(
                f"cannot read the file: {exc.strerror or exc}"))]) from None
        self._reader = csv.reader(self._handle)
        try:
            self.header = [h.strip() for h in next(self._reader, [])]
        except (csv.Error, UnicodeDecodeError) as exc:
            self._handle.close()
            raise DataError([Problem(code="syntax", file=self.name, line=1, message=(
                f"not a CSV file the reader can read: {exc}"))]) from None
        missing = [c for c in ("person", "table", "id") if c not in self.header]
        unknown = [c for c in self.header if c not in ("person", "table", "id", *COLUMNS)]
        if missing or unknown:
            self._handle.close()
            raise DataError([Problem(code="missing-field" if missing else "unknown-field",
                                     file=self.name, line=1, message=(
                                         f"the header lacks {', '.join(missing)}" if missing
                                         else f"unknown column(s) {', '.join(unknown)}; the "
                                              f"columns are person, table, id, "
                                              f"{', '.join(COLUMNS)}"))])
        #: Where each column is.
        self.index = {c: i for i, c in enumerate(self.header)}

    def mapping(self, cells: list[str]) -> dict[str, str]:
        """A row's cells by column (a short row's missing cells are empty)."""
        return dict(zip(self.header, cells, strict=False))

    def __iter__(self) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
        with self._handle:
            yield from self._people()

    def _people(self) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
        reader, width, where = self._reader, len(self.header), self.index["person"]
        done: set[str] = set()
        person: str | None = None
        rows: list[tuple[int, list[str]]] = []
        skip = False  # the person's rows are left out (apart from the first ones, or too wide)
        try:
            for cells in reader:
                if not cells:
                    continue  # a blank line
                line = reader.line_num
                who = cells[where].strip() if len(cells) > where else ""
                if who != person:
                    if person is not None and not skip:
                        yield person, rows
                    skip = who in done
                    if skip:  # the first rows stand (a stream cannot take them back)
                        self._report("not-together", line, who, (
                            f"person {who!r} has rows above that are not next to this one: "
                            "keep each person's rows together (these rows are left out)"))
                    done.add(who)
                    person, rows = who, []
                if len(cells) > width and not skip:
                    skip = True
                    self._report("unknown-field", line, who, (
                        f"the row has {len(cells)} cells and the header {width}: the person "
                        "is left out"))
                rows.append((line, cells))
        except (csv.Error, UnicodeDecodeError) as exc:
            self._report("syntax", reader.line_num, None,
                         f"not a CSV file the reader can read: {exc}")
            return
        if person is not None and not skip:
            yield person, rows

    def _report(self, code: str, line: int, record: str | None, message: str) -> None:
        self.problems.append(Problem(code=code, file=self.name, line=line, record=record,
                                     message=message))


def row_fields(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of one CSV row of ``table``, as a profile file's table row would give them.

    Empty cells are fields not given; ``hours`` is a number where it reads as one (else left as
    text, for the checks to name); the ``id`` column is the table's id field.

    Example:
        >>> row_fields("roles", {"person": "ann", "table": "roles", "id": "senco",
        ...                      "since": "2025-01-06", "until": ""})
        {'since': '2025-01-06', 'id': 'senco'}
    """
    fields: dict[str, Any] = {k: v.strip() for k, v in row.items()
                              if k not in ("person", "table", "id") and v and v.strip()}
    for key in _NUMBERS & fields.keys():
        with contextlib.suppress(ValueError):  # else left as text: the checks say so
            fields[key] = float(fields[key])
    ident = (row.get("id") or "").strip()
    if ident:
        fields[ID_FIELDS[table][0]] = ident
    return fields


def _person(person: str, rows: list[tuple[int, dict[str, str]]], catalogue: Resolver | None,
            name: str, problems: list[Problem]) -> Iterator[tuple[str, Profile]]:
    """Build one person's profile from their rows (nothing, and problems, if they are wrong)."""
    doc: dict[str, list[dict[str, Any]]] = {}
    lines: dict[str, int] = {}  # "roles[0]" -> its CSV line
    own: list[Problem] = []
    for line, row in rows:
        if not person:
            own.append(Problem(code="missing-field", file=name, line=line, field="person",
                               message="the person is empty"))
            continue
        table = (row.get("table") or "").strip()
        if table not in PROFILE_TABLES:
            own.append(Problem(code="wrong-type", file=name, line=line, record=person,
                               field="table", message=f"{table!r} is not a profile table "
                                                      f"(one of {', '.join(PROFILE_TABLES)})"))
            continue
        fields = row_fields(table, row)
        entries = doc.setdefault(table, [])
        lines[f"{table}[{len(entries)}]"] = line
        entries.append(fields)
    if not own:
        try:
            yield person, profile_from_mapping(doc, catalogue=catalogue, name=name)
            return
        except DataError as exc:
            own += [attrs.evolve(p, line=lines.get(p.record or "", p.line),
                                 record=f"{person}: {p.record}" if p.record else person)
                    for p in exc.problems]
    problems += own
