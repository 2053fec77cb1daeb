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
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sendpath.errors import WriteError

__all__ = ["JSON_FORMAT", "atomic_write", "dumps", "envelope"]


def dumps(value: Any) -> str:
    """Return ``value`` as JSON: sorted keys, two-space indent, UTF-8 text, a final newline.

    Raises:
        ValueError: The value holds NaN or infinity, which JSON cannot carry.
    """
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
    target = Path(os.path.realpath(path))
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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


#: The version of the JSON output shape: the ``format`` key of every JSON output.
JSON_FORMAT = 1


def envelope(data_version: str, **payload: Any) -> dict[str, Any]:
    """Return ``payload`` with the keys every JSON output carries.

    Those are ``format`` (:data:`JSON_FORMAT`), ``sendpath_version`` and ``data_version``;
    date-dependent outputs pass ``as_of`` in ``payload``.

    Example:
        >>> out = envelope("2026.11", as_of="2026-09-01")
        >>> out["format"], out["data_version"], out["as_of"]
        (1, '2026.11', '2026-09-01')
    """
    from importlib.metadata import version  # noqa: PLC0415  (metadata is read on demand)

    return {"format": JSON_FORMAT, "sendpath_version": version("sendpath"),
            "data_version": data_version, **payload}
