"""Writing: deterministic JSON and atomic file writes.

Example:
    >>> print(dumps({"b": 1, "a": "é"}), end="")
    {
      "a": "é",
      "b": 1
    }
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from sendpath._output import JSON_FORMAT, dumps, envelope
from sendpath.errors import WriteError

__all__ = ["JSON_FORMAT", "atomic_write", "atomic_write_all", "atomic_writer",
           "check_not_input", "dumps", "envelope"]


def atomic_write(path: str | Path, data: bytes, *,
                 inputs: Iterable[str | Path | None] = ()) -> None:
    r"""Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    The bytes go to a temporary file in the same folder, are flushed to disk, take the old file's
    permissions (a new file those of the umask: ``0o666 & ~umask``), and then replace it in one
    step. On any failure, Ctrl-C included, the temporary file is removed and the original is
    left as it was. A symbolic link is kept and the file it points to is written (through any
    chain of links, a dangling one included); a link that loops, a folder, a read-only file
    and any of ``inputs`` (see :func:`sendpath.io.output.check_not_input`) are refused before
    anything is written.

    Raises:
        WriteError: The file could not be written (the message names it and the reason).

    Example:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.json"
        >>> atomic_write(target, b"{}\n")
        >>> target.read_bytes()
        b'{}\n'
    """
    with atomic_writer(path, binary=True, inputs=inputs) as fh:
        fh.write(data)


def atomic_write_all(files: Mapping[Path, bytes], *,
                     inputs: Iterable[str | Path | None] = ()) -> None:
    """Write several files as :func:`sendpath.io.atomic_write` does: all, or on a failure none.

    Every file goes to a temporary file first; only when all are whole do they replace their
    targets. Folders that are missing are made, and removed again if the write fails.

    Raises:
        WriteError: A file could not be written (the message names it and the reason); no
            file was changed.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp()) / "out"
        >>> atomic_write_all({folder / "a.json": b"{}", folder / "b.json": b"[]"})
        >>> sorted(p.name for p in folder.iterdir())
        ['a.json', 'b.json']
    """
    inputs = tuple(inputs)
    made: list[Path] = []
    try:
        for path in files:
            check_not_input(path, inputs)
            _target(path)
        for path in files:
            _make_folders(Path(path).parent, made)
        with contextlib.ExitStack() as stack:
            for path, data in files.items():
                stack.enter_context(atomic_writer(path, binary=True)).write(data)
    except BaseException:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Make ``folder`` and its missing parents, adding each one made to ``made``."""
    for f in [f for f in (folder, *folder.parents) if not f.exists()][::-1]:
        try:
            f.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(f"cannot write {folder}: {exc.strerror or exc}") from exc
        made.append(f)


def check_not_input(path: str | Path, inputs: Iterable[str | Path | None]) -> None:
    r"""Refuse to write ``path`` over a file the command reads, or inside a folder it reads.

    Output must never replace its own input (a file still being read, or one that failed to
    load and that the user will want to fix): ``path`` is refused when it is the same file as
    one of ``inputs`` (through links, hard links included) or lies inside one that is a folder.
    ``None`` among ``inputs`` is skipped, so an optional ``--data`` can be passed as it is.

    Raises:
        WriteError: ``path`` is one of ``inputs``, or inside one.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> staff = folder / "staff.csv"
        >>> _ = staff.write_text("person,table,id,since\n")
        >>> check_not_input(folder / "answers.csv", [staff, None])
        >>> check_not_input(staff, [staff])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        sendpath.errors.WriteError: cannot write .../staff.csv: it is an input of this command ...
        >>> check_not_input(folder / "answers.csv", [folder])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        sendpath.errors.WriteError: cannot write .../answers.csv: it is inside ..., an input ...
    """
    out = Path(os.path.realpath(path))
    for given in inputs:
        if given is None or (isinstance(given, str) and not given):
            continue
        source = Path(os.path.realpath(given))
        if source.is_dir():
            if out == source or source in out.parents:
                raise WriteError(f"cannot write {path}: it is inside {given}, an input of this "
                                 "command (choose a file elsewhere)")
        elif out == source or _same_file(out, source):
            raise WriteError(f"cannot write {path}: it is an input of this command (output "
                             "never replaces its input; choose another file)")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _target(path: str | Path) -> Path:
    """The file a write to ``path`` replaces: links followed, loops and folders refused."""
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops at a link it cannot resolve: a loop
        raise WriteError(f"cannot write {path}: {os.strerror(errno.ELOOP)} (the link loops)")
    if target.is_dir():
        raise WriteError(f"cannot write {path}: it is a folder (give a file name)")
    if target.exists() and not os.access(target, os.W_OK):
        raise WriteError(f"cannot write {path}: {os.strerror(errno.EACCES)} (the file is "
                         "read-only)")
    return target


def _umask() -> int:
    """The process's umask (the permissions a new file does not get)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False,
                  inputs: Iterable[str | Path | None] = ()) -> Iterator[IO[Any]]:
    r"""Write to ``path`` through a file that replaces it only when the block ends without error.

    As :func:`sendpath.io.atomic_write`, for output written a piece at a time (a large CSV): text is
    UTF-8 with ``\n`` line ends unless ``binary``. Whatever the block raises (an input that
    turns out bad, Ctrl-C) removes the temporary file and leaves ``path`` as it was.

    Raises:
        WriteError: The file could not be written (the message names it and the reason), or
            text holds what UTF-8 cannot encode (a lone surrogate).

    Example:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
        >>> with atomic_writer(target) as fh:
        ...     _ = fh.write("a,b\n")
        >>> target.read_text()
        'a,b\n'
    """
    check_not_input(path, inputs)
    target = _target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        opened: IO[Any] = (os.fdopen(fd, "wb") if binary
                           else os.fdopen(fd, "w", encoding="utf-8", newline=""))
        with opened as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            shutil.copymode(target, tmp)
        else:
            tmp.chmod(0o666 & ~_umask())
        tmp.replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if isinstance(exc, UnicodeEncodeError):
            bad = exc.object[exc.start:exc.end]
            raise WriteError(f"cannot write {path}: the text holds {bad!a}, which UTF-8 "
                             f"cannot encode ({exc.reason})") from exc
        raise
