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

from sendpath.errors import DataError, Problem, safe_repr
from sendpath.io._files import FORMATS

#: The largest file sendpath reads, in bytes.
MAX_BYTES = 16 * 1024 * 1024

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


def read_capped(source: Path | Traversable, *, name: str) -> bytes:
    """Read a file's bytes, refusing anything that is not a regular file or is too large.

    A device such as ``/dev/zero``, a FIFO or a folder is never read; at most
    :data:`MAX_BYTES` + 1 bytes are, so a huge file fails fast without filling memory.

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
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        _fail(name, "not-found", "no such file")
    except OSError as exc:
        _fail(name, "unreadable", exc.strerror or str(exc))
    if len(data) > MAX_BYTES:
        _fail(name, "too-large", f"the file is larger than {_size(MAX_BYTES)}")
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
          x.json: duplicate key 'a' in the same table [duplicate-key]
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
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = int(m.group(1)) if m else None
        column = int(m.group(2)) if m else None
        _fail(name, "syntax", _TOML_POS.sub("", message).strip(), line, column)
    except RecursionError:
        _fail(name, "too-deep", "the file nests tables or arrays too deeply")
    except ValueError as exc:  # e.g. the integer digit limit
        _too_long_number(text, name, exc)


_LONG_NUMBER = re.compile(f"[0-9_]{{{sys.get_int_max_str_digits() or 4300},}}")


def _too_long_number(text: str, name: str, exc: ValueError) -> NoReturn:
    """Report a ValueError of a parser: Python's limit on digits, said for a reader, or else it."""
    found = _LONG_NUMBER.search(text)
    if found is None:  # pragma: no cover - the parsers raise ValueError for long numbers only
        _fail(name, "invalid-value", str(exc))
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    _fail(name, "invalid-value", f"a number of {len(found.group()):,} digits: far more than any "
          "value sendpath accepts", line, column)


class _DuplicateKeyError(ValueError):
    pass


class _NonFiniteError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _no_constants(token: str) -> Any:
    raise _NonFiniteError(token)


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        _fail(name, "syntax", exc.msg, exc.lineno, exc.colno)
    except _DuplicateKeyError as exc:
        _fail(name, "duplicate-key", f"duplicate key {exc.args[0]!r} in the same table")
    except _NonFiniteError as exc:
        _fail(name, "non-finite-number", f"{exc.args[0]} is not a number sendpath accepts")
    except RecursionError:
        _fail(name, "too-deep", "the file nests tables or arrays too deeply")
    except ValueError as exc:  # e.g. the integer digit limit
        _too_long_number(text, name, exc)
