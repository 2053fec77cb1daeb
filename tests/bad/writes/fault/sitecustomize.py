"""A fault injected into a ``sendpath`` child process by ``tests/test_bad_writes.py``.

Put this folder first on ``PYTHONPATH`` and set ``SENDPATH_TEST_FAULT=WHERE:WHAT``: the call
WHERE (``fsync``, ``replace``, ``mkstemp``, ``mkdtemp``) then raises ``OSError(errno.WHAT)``
(``ENOSPC``: the disk is full, ``EACCES``, ``EROFS``, ``ENOENT``) or, for ``INT``, a
``KeyboardInterrupt`` (Ctrl-C in the middle of a write); ``access:RO`` makes every file read-only
to ``os.access``. The test process applies the same faults with :func:`install`.
"""

from __future__ import annotations

import errno
import os
import tempfile
from typing import Any, NoReturn

PLACES = {"fsync": (os, "fsync"), "replace": (os, "replace"),
          "mkstemp": (tempfile, "mkstemp"), "mkdtemp": (tempfile, "mkdtemp")}


def install(fault: str, setattr_: Any = setattr) -> None:
    """Make the call ``fault`` names fail (``setattr_``: pytest's ``monkeypatch.setattr``)."""
    where, _, what = fault.partition(":")
    if where == "access":
        setattr_(os, "access", lambda *_a, **_k: False)
        return

    def fail(*_args: object, **_kwargs: object) -> NoReturn:
        if what == "INT":
            raise KeyboardInterrupt
        code = getattr(errno, what)
        raise OSError(code, os.strerror(code))

    module, name = PLACES[where]
    setattr_(module, name, fail)


if os.environ.get("SENDPATH_TEST_FAULT"):
    install(os.environ["SENDPATH_TEST_FAULT"])
