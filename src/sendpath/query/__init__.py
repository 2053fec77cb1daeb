"""Questions asked of a progression graph, one topic per module.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
    ...                  on=dt.date(2026, 9, 1))
    >>> r[0].steps[0].id
    'role:senco'
"""

from sendpath.query.crosswalk import Alignment, CrosswalkResult, crosswalk
from sendpath.query.find import FindResult, Match, find
from sendpath.query.routes import WEIGHTS, Held, Route, RouteResult, Step, routes

__all__ = [
    "WEIGHTS",
    "Alignment",
    "CrosswalkResult",
    "FindResult",
    "Held",
    "Match",
    "Route",
    "RouteResult",
    "Step",
    "crosswalk",
    "find",
    "routes",
]
