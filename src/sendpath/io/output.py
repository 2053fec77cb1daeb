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
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sendpath._output import JSON_FORMAT, dumps, envelope
from sendpath.errors import WriteError

__all__ = ["JSON_FORMAT", "atomic_write", "atomic_writer", "dumps", "envelope"]


def atomic_write(path: str | Path, data: bytes) -> None:
    r"""Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    The bytes go to a temporary file in the same folder, are flushed to disk, take the old file's
    permissions, and then replace it in one step. On any failure the temporary file is removed
    and the original is left as it was.

    Raises:
        WriteError: The file could not be written (the message names it and the reason).

    Example:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.json"
        >>> atomic_write(target, b"{}\n")
        >>> target.read_bytes()
        b'{}\n'
    """
    with atomic_writer(path, binary=True) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    r"""Write to ``path`` through a file that replaces it only when the block ends without error.

    As :func:`atomic_write`, for output written a piece at a time (a large CSV): text is
    UTF-8 with ``\n`` line ends unless ``binary``.

    Raises:
        WriteError: The file could not be written (the message names it and the reason).

    Example:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
        >>> with atomic_writer(target) as fh:
        ...     _ = fh.write("a,b\n")
        >>> target.read_text()
        'a,b\n'
    """
    target = Path(os.path.realpath(path))
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
            tmp.chmod(0o644)
        tmp.replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
