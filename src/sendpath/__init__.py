"""sendpath: a typed, sourced model of SEND professional development in English schools.

Importing sendpath is cheap: it loads no data and imports its submodules only when a name from
them is first used.

Example:
    >>> import sendpath
    >>> cat = sendpath.load_default()
    >>> cat.roles["role:senco"].source.source
    'source:send-regs-2014-reg49'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue, load, load_default
    from sendpath.errors import (
        AmbiguousIdError,
        DataError,
        NoRouteError,
        Problem,
        SendpathError,
        UnknownIdError,
        WriteError,
    )
    from sendpath.io.profile import load_profile
    from sendpath.model.term import Term

    from . import rules as rules

__all__ = [
    "AmbiguousIdError",
    "Catalogue",
    "DataError",
    "NoRouteError",
    "Problem",
    "SendpathError",
    "Term",
    "UnknownIdError",
    "WriteError",
    "__version__",
    "load",
    "load_default",
    "load_profile",
]

_LAZY = {
    "Catalogue": "sendpath.catalogue",
    "load": "sendpath.catalogue",
    "load_default": "sendpath.catalogue",
    "AmbiguousIdError": "sendpath.errors",
    "DataError": "sendpath.errors",
    "NoRouteError": "sendpath.errors",
    "Problem": "sendpath.errors",
    "SendpathError": "sendpath.errors",
    "UnknownIdError": "sendpath.errors",
    "WriteError": "sendpath.errors",
    "load_profile": "sendpath.io.profile",
    "Term": "sendpath.model.term",
}
#: Submodules reachable as attributes before anything imported them (``sendpath.rules``).
_SUBMODULES = frozenset({"graph", "query", "rules"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from sendpath._output import sendpath_version  # noqa: PLC0415

        return sendpath_version()
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"sendpath.{name}")
    raise AttributeError(f"module 'sendpath' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | _SUBMODULES)
