"""Reading a person's profile (TOML or JSON) into a :class:`~sendpath.model.Profile`.

A profile file holds the plural tables ``[[roles]]``, ``[[holds]]``, ``[[studying]]``,
``[[service]]``, ``[[teaching]]``, ``[[experience]]`` and ``[[activities]]`` (see the rules page
of the docs). It goes through the same strict reader as data packages: unknown keys, wrong types
and impossible dates are problems, and every problem of the file is reported at once, each naming
the file, the row (``roles[1]``) and the field, with the line in a TOML file.

Given a catalogue, ids may be written as short names, resolved by the kind the field implies:
``id = "senco"`` under ``[[roles]]`` is ``role:senco``; under ``[[holds]]`` and ``[[studying]]``
a ``qual:`` (else an ``activity:``) id; ``need = "vi"`` under ``[[teaching]]`` is ``area:vi``.
An id the catalogue does not know is a problem with close matches. Without a catalogue, ids must
be full ids.

Example:
    >>> import sendpath
    >>> from sendpath.io.profile import profile_from_mapping
    >>> me = profile_from_mapping({"roles": [{"id": "senco", "since": "2025-01-06"}]},
    ...                           catalogue=sendpath.load_default())
    >>> me.roles[0].id
    'role:senco'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from sendpath.errors import AmbiguousIdError, DataError, Problem, UnknownIdError, safe_repr
from sendpath.ids import Resolver, is_id, is_slug
from sendpath.io._converter import structure
from sendpath.io._parse import MAX_DATA_BYTES, Lines, format_of, parse, read_capped
from sendpath.model import PROFILE_TABLES, Profile, ref_kinds
from sendpath.model.profile import MAX_ROWS

__all__ = ["ID_FIELDS", "load_profile", "profile_from_mapping"]

def _id_field(row: type) -> tuple[str, tuple[str, ...]]:
    """The first field of a row class that holds an id, with the kinds it names."""
    return next((a.name, ref_kinds(row, a.name)) for a in attrs.fields(row)
                if ref_kinds(row, a.name))


#: The field of each profile table that holds an id, and the kinds it may name, preferred first
#: (read from the model, where each field declares its kinds).
ID_FIELDS: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    table: _id_field(row) for table, row in PROFILE_TABLES.items()
}

_ROW = re.compile(r"(?P<table>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<field>.+))?")


def load_profile(path: str | Path, catalogue: Resolver | None = None) -> Profile:
    r"""Read the profile at ``path`` (``.toml`` or ``.json``).

    Args:
        path: The profile file.
        catalogue: Resolves short names (``senco``) by the kind each field implies, and checks
            that every id exists. Without it, ids must be full ids (``role:senco``).

    Raises:
        DataError: Every problem in the file, at once (a missing or unreadable file is one).

    Example:
        >>> import pathlib, tempfile, sendpath
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "me.toml"
        >>> _ = path.write_text('[[roles]]\nid = "senco"\nsince = 2025-01-06\n')
        >>> sendpath.load_profile(path, catalogue=sendpath.load_default()).roles[0].id
        'role:senco'
        >>> _ = path.write_text('[[roles]]\nid = "sencoo"\nsince = "2025-02-30"\n')
        >>> sendpath.load_profile(path, catalogue=sendpath.load_default())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 2 problems in the data:
          ...me.toml:2: roles[0]: id: unknown role id 'sencoo' (did you mean role:senco?) [...]
          ...me.toml:3: roles[0]: since: '2025-02-30' is not a real date (...) [wrong-type]
    """
    name = str(path)
    fmt = format_of(name)
    data = read_capped(Path(path), name=name, limit=MAX_DATA_BYTES)
    doc = parse(data, name=name, fmt=fmt)
    return _build(doc, catalogue, name, (data.decode("utf-8"), fmt))


def profile_from_mapping(
    document: Mapping[str, Any], *, catalogue: Resolver | None = None, name: str = "<profile>"
) -> Profile:
    """Build a profile from an already parsed document (the tables as lists of mappings).

    Dates may be :class:`datetime.date` objects or ISO strings. The document is not changed.

    Raises:
        DataError: Every problem, at once; ``name`` stands for the file in each.

    Example:
        >>> profile_from_mapping({"holds": [{"id": "qual:qts", "awarded": "2019-07-01"}]}
        ...                      ).holds[0].awarded
        datetime.date(2019, 7, 1)
        >>> profile_from_mapping(  # doctest: +ELLIPSIS
        ...     {"roles": [{"id": "senco", "since": "2025-01-06"}]})
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          <profile>: roles[0]: id: 'senco' is a short name; write the full id ... [short-name]
    """
    return _build(dict(document), catalogue, name, None)


def _build(doc: dict[str, Any], catalogue: Resolver | None, name: str,
           text: tuple[str, str] | None) -> Profile:
    """Structure ``doc``; ``text`` is the file's text and format, for the lines of problems."""
    doc, too_many = _within_bounds(doc)
    doc, problems = _resolve_ids(doc, catalogue)
    problems = too_many + problems
    claimed = {(p.record, p.field) for p in problems}
    try:
        profile = structure(doc, Profile)
    except DataError as exc:
        problems += [p for p in map(_located, exc.problems) if (p.record, p.field) not in claimed]
    if problems:
        order = {table: i for i, table in enumerate(doc)}
        lines = Lines.of(*text) if text is not None else None
        located = [attrs.evolve(p, file=name, line=p.line or _line_of(lines, p)) for p in problems]
        raise DataError(sorted(located, key=lambda p: _sort_key(p, order)))
    return profile


def _within_bounds(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Return ``doc`` without its tables of more than :data:`MAX_ROWS` rows, and a problem each.

    Such a table is refused before its rows are read (the model refuses it too), so that a
    profile of 50,000 broken rows is one problem found at once, not 50,000 found one by one.
    """
    over = [t for t, rows in doc.items() if type(rows) is list and len(rows) > MAX_ROWS]
    problems = [Problem(code="too-many-rows", field=table,
                        message=f"a profile holds at most {MAX_ROWS:,} [[{table}]] rows (one "
                                f"person's record), not {len(doc[table]):,}; none was read")
                for table in over]
    return {t: [] if t in over else rows for t, rows in doc.items()}, problems


def _resolve_ids(
    doc: dict[str, Any], catalogue: Resolver | None
) -> tuple[dict[str, Any], list[Problem]]:
    """Return a copy of ``doc`` with every id field resolved, and the problems found."""
    problems: list[Problem] = []
    out = dict(doc)
    for table, (field, kinds) in ID_FIELDS.items():
        rows = doc.get(table)
        if type(rows) is not list:
            continue
        new_rows: list[Any] = []
        for i, row in enumerate(rows):
            value = row.get(field) if type(row) is dict else None
            if not isinstance(value, str):
                new_rows.append(row)
                continue
            try:
                resolved = _resolve(value, kinds, catalogue)
            except UnknownIdError as exc:
                code = "ambiguous-id" if isinstance(exc, AmbiguousIdError) else "unknown-reference"
                problems.append(Problem(code=code, message=str(exc), record=f"{table}[{i}]",
                                        field=field))
                resolved = value
            except _ShortNameError as exc:
                problems.append(Problem(code="short-name", message=str(exc),
                                        record=f"{table}[{i}]", field=field))
                resolved = value
            if table in ("holds", "studying") and _is_conferred(resolved, catalogue):
                problems.append(Problem(
                    code="conferred-status", record=f"{table}[{i}]", field=field,
                    message=f"{resolved} is conferred by its rule, never held by itself: list "
                            "what confers it (see sendpath show " + resolved + ")"))
            new_rows.append({**row, field: resolved})
        out[table] = new_rows
    return out, problems


def _is_conferred(ref: str, catalogue: Resolver | None) -> bool:
    """Whether the catalogue says ``ref`` is a status its rule confers."""
    records = getattr(catalogue, "qualifications", None)
    record = records.get(ref) if records is not None else None
    return bool(getattr(record, "conferred", False))


class _ShortNameError(ValueError):
    pass


def _resolve(ref: str, kinds: tuple[str, ...], catalogue: Resolver | None) -> str:
    """Resolve ``ref`` in the first of ``kinds`` that knows it; raise with every close match."""
    if catalogue is None:
        if not is_id(ref) and is_slug(ref):
            raise _ShortNameError(
                f"{safe_repr(ref)} is a short name; write the full id "
                f"(e.g. {kinds[0]}:{ref}) or pass a catalogue to resolve it"
            )
        return ref  # the model's validators check full ids
    return catalogue.resolve(ref, kinds=kinds)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _located(problem: Problem) -> Problem:
    """Split a field path ``roles[1].until`` into the row (``roles[1]``) and the field."""
    m = _ROW.fullmatch(problem.field or "")
    if m is None:
        return problem
    return attrs.evolve(problem, record=f"{m['table']}[{m['index']}]", field=m["field"])


def _sort_key(problem: Problem, order: dict[str, int]) -> tuple[int, int, int, str]:
    m = _ROW.fullmatch(problem.record or "")
    if m is not None:
        table, index = m["table"], int(m["index"])
    else:
        table, index = (problem.field or "").split(".")[0], -1
    position = order.get(table, len(order))
    return position, index, problem.line or 0, problem.field or ""


def _line_of(lines: Lines | None, problem: Problem) -> int | None:
    """Return the line of a problem's row (or field in it), where it can be found."""
    if lines is None:
        return None
    m = _ROW.fullmatch(problem.record or "")
    if m is None:
        return lines.top.get((problem.field or "").split(".")[0])
    rows = lines.rows.get(m["table"], [])
    index = int(m["index"])
    if index >= len(rows):
        return None
    if problem.field:
        key = problem.field.split(".")[0].split("[")[0]
        found = lines.keys.get((m["table"], index), {}).get(key)
        if found is not None:
            return found
    return rows[index]
