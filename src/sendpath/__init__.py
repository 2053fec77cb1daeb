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

from typing import TYPE_CHECKING

from sendpath._lazy import install

if TYPE_CHECKING:
    from sendpath._version import __version__
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

install(__name__, {
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
    "__version__": "sendpath._version",
}, submodules=("graph", "query", "rules"))
