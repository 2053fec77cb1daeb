"""Build the snapshots of the shipped data: ``python -m sendpath._snapshot`` after a data change.

Each shipped package is read from its TOML files with every check, then written as
``src/sendpath/snapshots/<name>.json`` (see :mod:`sendpath.io.snapshot`). The test suite fails
while a snapshot is stale, naming this command; until it is rebuilt, ``load_default`` reads the
TOML files (slower, never wrong). ``--check`` only says whether each snapshot is current
(exit 0) or not (exit 1).

Example:
    >>> from sendpath.catalogue import _shipped_root
    >>> from sendpath.io import snapshot
    >>> snapshot.loads(build("england"), _shipped_root("england")).info.name
    'england'
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sendpath.catalogue import SHIPPED, _read_shipped, _snapshot_file, _top_level
from sendpath.io import snapshot
from sendpath.io.output import atomic_write

__all__ = ["build", "main"]


def build(name: str) -> bytes:
    """Return the snapshot of the shipped package ``name``, read from its TOML files.

    Raises:
        DataError: The package's files have problems (no snapshot of bad data is made).
    """
    cat = _read_shipped(name)
    assert cat.root is not None  # noqa: S101  (a shipped package always has its folder)
    return snapshot.dumps(snapshot.Snapshot(
        package=name, info=cat.info, records=tuple(_top_level(cat)), crosswalks=cat.crosswalks),
        cat.root)


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check``, compare) the snapshot of every shipped package."""
    parser = argparse.ArgumentParser(prog="python -m sendpath._snapshot", description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a snapshot is missing or stale, without writing")
    args = parser.parse_args(argv)
    stale = 0
    for name in SHIPPED:
        data = build(name)
        file = Path(str(_snapshot_file(name)))
        current = file.is_file() and file.read_bytes() == data
        if args.check:
            stale += not current
            print(f"{file}: {'current' if current else 'STALE: rebuild it'}")
        elif not current:
            file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(file, data)
            print(f"{file}: written")
        else:
            print(f"{file}: current")
    return 1 if stale else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
