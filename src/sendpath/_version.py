"""The version of sendpath, looked up once, when first asked for.

A built package carries ``sendpath/_build_version.py``, written from ``pyproject.toml`` by the
build (hatchling's version hook), so the version costs one small import. A source tree that was
never built asks the installed metadata instead (:mod:`importlib.metadata`, which is slower to
import), and says ``0+unknown`` when sendpath is not installed at all.

Example:
    >>> from sendpath._version import __version__
    >>> import sendpath
    >>> sendpath.__version__ == __version__ != ""
    True
"""

from __future__ import annotations

import importlib
from typing import Final

__all__ = ["__version__"]


def _lookup() -> str:
    try:
        built: str = importlib.import_module("sendpath._build_version").version
    except ImportError:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("sendpath")
        except PackageNotFoundError:  # pragma: no cover - only in an uninstalled tree
            return "0+unknown"
    return built


__version__: Final = _lookup()
