"""Reading bytes into plain Python documents, TOML or JSON, with every failure as a Problem.

Nothing here raises anything but :class:`~sendpath.errors.DataError`: bad encodings, syntax
errors, duplicate keys, non-finite numbers, runaway nesting and oversized files all come back as
problems that name the file and, where the parser knows it, the line and column.
"""

from __future__ import annotations

import json
import re
import stat
import sys
import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn

import attrs

from sendpath.errors import DataError, Problem, safe_repr
from sendpath.io._files import FORMATS

#: The largest file sendpath reads, in bytes: another format's file to import, a CSV.
MAX_BYTES = 16 * 1024 * 1024
#: The largest data package file, profile or case file, in bytes. These are read into the
#: model record by record, and TOML is parsed in pure Python (about 3 MB a second on a small
#: machine), so 1 MiB keeps any such file read or refused within two seconds. The largest
#: shipped file is about 115 KB; a bigger package is split over several files.
MAX_DATA_BYTES = 1024 * 1024

_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def format_of(name: str) -> str:
    """Return ``toml`` or ``json`` for a file name, or raise a DataError naming the suffix.

    Example:
        >>> format_of("roles.TOML"), format_of("frameworks/ts.json")
        ('toml', 'json')
        >>> format_of("a.yaml")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          a.yaml: cannot read 'a.yaml': sendpath reads .json and .toml files [unsupported-format]
    """
    for suffix, fmt in FORMATS.items():
        if name.lower().endswith(suffix):
            return fmt
    raise DataError([Problem(code="unsupported-format", file=name, message=(
        f"cannot read {safe_repr(name, 200)}: sendpath reads "
        f"{' and '.join(sorted(FORMATS))} files"))])


def read_capped(source: Path | Traversable, *, name: str, limit: int = MAX_BYTES) -> bytes:
    """Read a file's bytes, refusing anything that is not a regular file or is too large.

    A device such as ``/dev/zero``, a FIFO or a folder is never read; at most ``limit`` + 1
    bytes are (:data:`MAX_BYTES`, or :data:`MAX_DATA_BYTES` for what the model reads), so a
    huge file fails fast without filling memory.

    Raises:
        DataError: The file is missing, not a regular file, unreadable or too large.

    Example:
        >>> read_capped(Path("/dev/null"), name="null.toml")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          null.toml: not a regular file [unreadable]
    """
    try:
        if isinstance(source, Path):
            mode = source.stat().st_mode
            if not stat.S_ISREG(mode):
                _fail(name, "unreadable", "not a regular file")
        with source.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        _fail(name, "not-found", "no such file")
    except OSError as exc:
        _fail(name, "unreadable", exc.strerror or str(exc))
    if len(data) > limit:
        _fail(name, "too-large", f"the file is larger than {_size(limit)}")
    return data


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def parse(data: bytes, *, name: str, fmt: str | None = None) -> dict[str, Any]:
    """Parse ``data`` as TOML or JSON (by ``fmt``, else by the suffix of ``name``).

    Raises:
        DataError: The bytes are not a valid document whose top level is a table.

    Example:
        >>> parse(b'name = "england"', name="package.toml")
        {'name': 'england'}
        >>> parse(b'{"a": 1, "a": 2}', name="x.json")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          x.json:1:10: duplicate key 'a' in the same table [duplicate-key]
    """
    fmt = fmt or format_of(name)
    if len(data) > MAX_BYTES:
        _fail(name, "too-large", f"the file is larger than {_size(MAX_BYTES)}")
    text = _decode(data, name)
    if not text.strip():
        _fail(name, "empty-document", "the file is empty")
    doc = _parse_toml(text, name) if fmt == "toml" else _parse_json(text, name)
    if fmt == "toml" and doc == {}:  # only comments: no more a document than an empty file
        _fail(name, "empty-document", "the file holds only comments")
    if not isinstance(doc, dict):
        _fail(name, "wrong-type", f"the top level must be a table, not {type(doc).__name__}")
    return doc


def _fail(name: str, code: str, message: str, line: int | None = None,
          column: int | None = None) -> NoReturn:
    raise DataError([Problem(code=code, message=message, file=name, line=line, column=column)])


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        _fail(name, "bad-encoding",
              f"the file must be UTF-8; byte {exc.start} (0x{data[exc.start]:02x}) is not", line)
    return text.removeprefix("\ufeff")


def _parse_toml(text: str, name: str) -> Any:
    _check_toml_depth(text, name)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = int(m.group(1)) if m else None
        column = int(m.group(2)) if m else None
        # The same fault has one code whatever the format: a key given twice is JSON's too.
        code = "duplicate-key" if message.startswith(_TOML_TWICE) else "syntax"
        _fail(name, code, _TOML_POS.sub("", message).strip(), line, column)
    except RecursionError:
        _fail(name, "too-deep", "the file nests tables or arrays too deeply")
    except ValueError as exc:  # e.g. the integer digit limit
        _too_long_number(text, name, exc)


#: The most digits of an integer (Python's limit on converting text to int).
MAX_DIGITS = sys.get_int_max_str_digits() or 4300
_LONG_NUMBER = re.compile(f"[0-9_]{{{MAX_DIGITS},}}")


def _too_long_number(text: str, name: str, exc: ValueError) -> NoReturn:
    """Report a ValueError of a parser: Python's limit on digits, said for a reader, or else it."""
    found = _LONG_NUMBER.search(text)
    if found is None:  # pragma: no cover - the parsers raise ValueError for long numbers only
        _fail(name, "invalid-value", str(exc))
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    _fail(name, "invalid-value", f"a number of {len(found.group()):,} digits: far more than any "
          "value sendpath accepts", line, column)


#: How tomllib words a key or table given twice.
_TOML_TWICE = ("Cannot overwrite", "Cannot declare", "Cannot mutate")
#: The most parts a TOML key or table header may have (``[[a.b.c]]`` has three): tomllib's
#: work grows with the square of a header's depth, so a deeper one is refused before parsing.
MAX_KEY_PARTS = 64
_TOML_KEYS = re.compile(r"(?m)^[ \t]*(?:\[\[?([^\]\n]*)|([^=\n\[\"']*)=)")


def _check_toml_depth(text: str, name: str) -> None:
    """Refuse a TOML key or header of more than :data:`MAX_KEY_PARTS` parts, in one pass."""
    for m in _TOML_KEYS.finditer(text):
        key = m.group(1) if m.group(1) is not None else m.group(2)
        if key.count(".") >= MAX_KEY_PARTS:
            _fail(name, "too-deep", f"a key or table name of more than {MAX_KEY_PARTS} parts",
                  _line_at(text, m.start()))


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _no_constants(token: str) -> Any:
    # NaN and Infinity come through as numbers, as TOML's nan and inf do, so that either is
    # the same problem at its field (non-finite-number) when the record is read.
    return float(token)


_JSON_TOKEN = re.compile(r'[{}\[\]]|"(?:[^"\\]|\\.)*"(?:[ \t\r\n]*:)?')


def _duplicate_at(text: str) -> tuple[int | None, int | None]:
    r"""The line and column of the first key given twice in one JSON object (one pass).

    Run only when the parser has found one: it tracks the keys of each open object.

    Example:
        >>> _duplicate_at('{"a": {"b": 1},\n "b": 2, "a": 3}')
        (2, 10)
    """
    stack: list[set[str] | None] = []
    for m in _JSON_TOKEN.finditer(text):
        piece = m.group()
        if piece in ("{", "["):
            stack.append(set() if piece == "{" else None)
        elif piece in ("}", "]"):
            if stack:
                stack.pop()
        elif piece.endswith(":") and stack and stack[-1] is not None:
            key = json.loads(piece.rstrip(" \t\r\n:"))
            if key in stack[-1]:
                line = _line_at(text, m.start())
                return line, m.start() - text.rfind("\n", 0, m.start())
            stack[-1].add(key)
    return None, None


def _int(token: str) -> int:
    if len(token) > MAX_DIGITS:
        raise _HugeNumberError(token)
    return int(token)


class _HugeNumberError(ValueError):
    pass


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants,
                          parse_int=_int)
    except json.JSONDecodeError as exc:
        _fail(name, "syntax", exc.msg, exc.lineno, exc.colno)
    except _DuplicateKeyError as exc:
        line, column = _duplicate_at(text)
        _fail(name, "duplicate-key", f"duplicate key {exc.args[0]!r} in the same table", line,
              column)
    except RecursionError:
        _fail(name, "too-deep", "the file nests tables or arrays too deeply")
    except ValueError as exc:  # e.g. the integer digit limit
        _too_long_number(text, name, exc)


_HEADER = re.compile(r"[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]")
_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=")


@attrs.define
class Lines:
    r"""Where each row of each table of a document starts and where its keys are: one pass.

    ``[[table]]`` rows in TOML, the objects of a top-level array in JSON. Built once per file,
    so that finding the lines of many problems never reads the text again for each.

    Example:
        >>> lines = Lines.of('a = 1\n[[roles]]\nid = "x"\n[[roles]]\n\nsince = 2\n', "toml")
        >>> lines.rows, lines.keys[("roles", 1)], lines.top
        ({'roles': [2, 4]}, {'since': 6}, {'a': 1, 'roles': 2})
        >>> lines = Lines.of('{"a": 1,\n "roles": [{"id": "x"},\n  {\n   "since": 2}]}', "json")
        >>> lines.rows, lines.keys[("roles", 1)], lines.top
        ({'roles': [2, 3]}, {'since': 4}, {'a': 1, 'roles': 2})
    """

    rows: dict[str, list[int]] = attrs.Factory(dict)
    keys: dict[tuple[str, int], dict[str, int]] = attrs.Factory(dict)
    top: dict[str, int] = attrs.Factory(dict)

    @classmethod
    def of(cls, text: str, fmt: str) -> Lines:
        """Find the lines of ``text``, a ``toml`` or ``json`` document."""
        return cls._of_toml(text) if fmt == "toml" else cls._of_json(text)

    @classmethod
    def _of_toml(cls, text: str) -> Lines:
        found = cls()
        row: tuple[str, int] | None = None
        in_tables = False
        for number, line in enumerate(text.split("\n"), 1):
            header = _HEADER.match(line)
            if header:
                table = header[1]
                found.top.setdefault(table, number)
                rows = found.rows.setdefault(table, [])
                row = (table, len(rows))
                rows.append(number)
                in_tables = True
            elif line.lstrip(" \t").startswith("["):  # a sub-table: its keys are not the row's
                row, in_tables = None, True
            elif key := _KEY.match(line):
                if row is not None:
                    found.keys.setdefault(row, {}).setdefault(key[1], number)
                elif not in_tables:
                    found.top.setdefault(key[1], number)
        return found

    @classmethod
    def _of_json(cls, text: str) -> Lines:
        found = cls()
        # each open container, with the table it is the array of, or the row it is
        stack: list[tuple[str | None, tuple[str, int] | None]] = []
        key: str | None = None
        line, pos = 1, 0
        for m in _JSON_TOKEN.finditer(text):
            piece = m.group()
            if piece in ("{", "["):
                line += text.count("\n", pos, m.start())
                pos = m.start()
                table: str | None = None
                row: tuple[str, int] | None = None
                if len(stack) == 1 and piece == "[":
                    table = key
                elif len(stack) == 2 and piece == "{" and stack[-1][0] is not None:
                    rows = found.rows.setdefault(stack[-1][0] or "", [])
                    row = (stack[-1][0] or "", len(rows))
                    rows.append(line)
                stack.append((table, row))
                key = None
            elif piece in ("}", "]"):
                if stack:
                    stack.pop()
            elif piece.endswith(":"):
                line += text.count("\n", pos, m.start())
                pos = m.start()
                name = json.loads(piece.rstrip(" \t\r\n:"))
                key = name if isinstance(name, str) else None
                if key is not None and len(stack) == 1:
                    found.top.setdefault(key, line)
                elif key is not None and stack and stack[-1][1] is not None:
                    found.keys.setdefault(stack[-1][1], {}).setdefault(key, line)
        return found
