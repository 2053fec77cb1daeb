"""What an importer found, and writing it out as a data package folder.

Every reader in :mod:`sendpath.interop` (and :func:`sendpath.export.read_sssom` through
:func:`imported_crosswalks`) returns an :class:`Imported`: model records, ready to be written as a
package that :func:`sendpath.load` reads, and the warnings of what was guessed. One writer,
:func:`write_package`, turns any of them into a folder: ``package.toml`` and one JSON record
file per table (``frameworks.json`` holding ``{"framework": [...]}``), through the model's own
converter, so an imported package reads back into equal records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import attrs

from sendpath.errors import DataError, Problem, WriteError
from sendpath.io.output import _make_folders

__all__ = ["Imported", "one_line", "unique", "web", "write_package"]

# The record table each model class is written under (the inverse of ``RECORD_TABLES``).
_FILE_ORDER: Final = ("source", "area", "scale", "framework", "qualification", "activity",
                      "role", "crosswalk", "policy")


@attrs.frozen(kw_only=True)
class Imported:
    """Records read from another format, with what had to be guessed.

    Attributes:
        name: A package name for them (lower-case words joined by ``-``).
        title: What the file called itself, for the package's description.
        records: Model records (:class:`~sendpath.model.Source`,
            :class:`~sendpath.model.Framework`, :class:`~sendpath.model.Role`, ...), in the
            order they were read.
        warnings: What the reader guessed or left out, each naming the file and the place.
        data_version: The version the source file gave itself, if any.

    Example:
        >>> from sendpath.model import Source
        >>> src = Source(id="source:mine", title="Mine", publisher="Me", kind="framework")
        >>> Imported(name="mine", title="Mine", records=(src,)).tables()
        {'source': [Source(id='source:mine', ...)]}
    """

    name: str
    title: str
    records: tuple[Any, ...]
    warnings: tuple[Problem, ...] = ()
    data_version: str = "1"

    def tables(self) -> dict[str, list[Any]]:
        """Return the records by table name (``framework``, ``role``...), in reading order."""
        from sendpath.model import RECORD_TABLES  # noqa: PLC0415

        table_of = {cls: name for name, cls in RECORD_TABLES.items()}
        out: dict[str, list[Any]] = defaultdict(list)
        for record in self.records:
            out[table_of[type(record)]].append(record)
        return {name: out[name] for name in _FILE_ORDER if name in out}


def plain(value: Any) -> Any:
    r"""Return a document read from another format with control characters dropped from its text.

    Other formats' files carry what their tools let through (a C1 control left by a wrong
    decoding, an escape code); sendpath's own records refuse them
    (:data:`sendpath.model._checks.BAD_CHARACTERS`), so the readers drop them on the way in.
    Tabs and newlines stay. Every string in ``value`` is cleaned, keys too; the rest is kept.

    Example:
        >>> plain({"title": "Caf\x98e\x1b[0m", "n": [1, "a\tb\ud800"]})
        {'title': 'Cafe[0m', 'n': [1, 'a\tb']}
    """
    from sendpath.model._checks import BAD_CHARACTERS  # noqa: PLC0415

    if isinstance(value, str):
        return BAD_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def one_line(value: Any) -> str:
    r"""Return a value read from a file as a title.

    As it is when it is one line of text, else its words joined by spaces (``""`` for what is
    not text).

    Example:
        >>> one_line("A  title"), one_line(" two\n lines "), one_line(None)
        ('A  title', 'two lines', '')
    """
    if not isinstance(value, str):
        return ""
    if value.strip() and not any(ch in value for ch in "\n\r\t\u2028\u2029"):
        return value
    return " ".join(value.split())


def unique(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``... the first not in ``taken`` (and take it).

    Example:
        >>> taken = {"qual:a"}
        >>> unique("qual:a", taken), unique("qual:a", taken), sorted(taken)
        ('qual:a-2', 'qual:a-3', ['qual:a', 'qual:a-2', 'qual:a-3'])
    """
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def web(urls: Iterable[str]) -> tuple[str, ...]:
    """Return the ``http(s)`` addresses among ``urls``, once each, in order.

    They are what a :class:`~sendpath.model.Source` may hold.

    Example:
        >>> web(["urn:x", "https://a.org/", "https://a.org/", "http://b c"])
        ('https://a.org/',)
    """
    return tuple(dict.fromkeys(u for u in urls if u.startswith(("http://", "https://"))
                               and not any(c.isspace() for c in u)))


def _toml_string(text: str) -> str:
    # A JSON string with only \" \\ \b \f \n \r \t and \uXXXX escapes is a TOML basic string.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def manifest(imported: Imported, *, extends: str | None = None,
             on: dt.date | None = None) -> str:
    r"""Return the ``package.toml`` text for ``imported``.

    Example:
        >>> print(manifest(Imported(name="mine", title='A "b"', records=()), extends="england",
        ...                on=dt.date(2026, 11, 28)), end="")
        # Imported by sendpath from another format; see the sources for where it came from.
        name = "mine"
        format_version = 1
        data_version = "1"
        published = 2026-11-28
        extends = "england"
        description = "Imported: A \"b\""
    """
    lines = ["# Imported by sendpath from another format; see the sources for where it came from.",
             f"name = {_toml_string(imported.name)}", "format_version = 1",
             f"data_version = {_toml_string(imported.data_version)}"]
    if on is not None:
        lines.append(f"published = {on.isoformat()}")
    if extends is not None:
        lines.append(f"extends = {_toml_string(extends)}")
    lines.append(f"description = {_toml_string('Imported: ' + imported.title)}")
    return "\n".join(lines) + "\n"


def record_files(imported: Imported) -> dict[str, bytes]:
    """Return each record file's name and bytes (sorted JSON, one file per table).

    Example:
        >>> from sendpath.model import Source
        >>> src = Source(id="source:mine", title="Mine", publisher="Me", kind="framework")
        >>> files = record_files(Imported(name="mine", title="Mine", records=(src,)))
        >>> list(files), json.loads(files["sources.json"])["source"][0]["id"]
        (['sources.json'], 'source:mine')
    """
    from sendpath.io._converter import unstructure  # noqa: PLC0415  (cattrs)
    from sendpath.io.output import dumps  # noqa: PLC0415

    return {f"{_plural(table)}.json": dumps({table: [unstructure(r) for r in records]}).encode()
            for table, records in imported.tables().items()}


def _plural(table: str) -> str:
    """A table's file name, as the shipped data names its files.

    Example:
        >>> _plural("role"), _plural("activity"), _plural("policy")
        ('roles', 'activities', 'policies')
    """
    return f"{table[:-1]}ies" if table.endswith("y") else f"{table}s"


def write_package(imported: Imported, out: str | Path, *, extends: str | None = None,
                  on: dt.date | None = None, check: bool = True) -> Path:
    """Write ``imported`` as a data package folder at ``out`` and return its path.

    The folder is built beside ``out``, loaded with every check (unless ``check`` is false),
    and only then moved into place in one step, so a failure leaves nothing half-written.
    ``out`` must not exist, or be an empty folder: nothing a user has is overwritten.

    Raises:
        WriteError: ``out`` exists and is not an empty folder, or cannot be written.
        DataError: The records do not make a valid package (every problem, named as the files
            at ``out`` would be); nothing is written.

    Example:
        >>> import tempfile, sendpath
        >>> from sendpath.model import Source
        >>> src = Source(id="source:mine", title="Mine", publisher="Me", kind="framework")
        >>> out = write_package(Imported(name="mine", title="Mine", records=(src,)),
        ...                     Path(tempfile.mkdtemp()) / "mine")
        >>> sorted(p.name for p in out.iterdir())
        ['package.toml', 'sources.json']
        >>> sendpath.load(out).sources["source:mine"].publisher
        'Me'
    """
    target = Path(out)
    if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
        raise WriteError(f"cannot write {out}: it exists and is not an empty folder "
                         "(sendpath does not overwrite a package; choose a new folder)")
    files = {"package.toml": manifest(imported, extends=extends, on=on).encode(),
             **record_files(imported)}
    made: list[Path] = []  # the missing parent folders made, removed again on a failure
    try:
        _make_folders(target.parent, made)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as exc:
        _remove(made)
        raise WriteError(f"cannot write {out}: {exc.strerror or exc}") from exc
    try:
        tmp.chmod(0o777 & ~_umask())
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if check:
            _check(tmp, target)
        if target.exists():
            target.rmdir()  # empty, checked above
        tmp.replace(target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove(made)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(f"cannot write {out}: {exc.strerror or exc}") from exc
        raise
    return target


def _remove(folders: list[Path]) -> None:
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _check(tmp: Path, target: Path) -> None:
    """Load the package written at ``tmp``; report its problems as if it were at ``target``."""
    from sendpath.catalogue import load  # noqa: PLC0415

    try:
        load(tmp)
    except DataError as exc:
        raise DataError([attrs.evolve(p, file=p.file.replace(str(tmp), str(target), 1))
                         if p.file else p for p in exc.problems]) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def merged(parts: Iterable[Imported], *, name: str, title: str) -> Imported:
    """Return one :class:`Imported` holding the records and warnings of several.

    Example:
        >>> a = Imported(name="a", title="A", records=())
        >>> merged([a, a], name="ab", title="A and B").name
        'ab'
    """
    records: list[Any] = []
    warnings: list[Problem] = []
    for part in parts:
        records.extend(part.records)
        warnings.extend(part.warnings)
    return Imported(name=name, title=title, records=tuple(records), warnings=tuple(warnings))
