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
from sendpath.query.feeders import Feeder, FeedersResult, feeders
from sendpath.query.find import FindResult, Match, find
from sendpath.query.gap import GapResult, Option, UnderWay, gap
from sendpath.query.next_steps import MOVES, Move, NextSteps, next_steps
from sendpath.query.requirements import RequirementsResult, requirements
from sendpath.query.routes import WEIGHTS, Held, Route, RouteResult, Step, routes

__all__ = [
    "MOVES",
    "WEIGHTS",
    "Alignment",
    "CrosswalkResult",
    "Feeder",
    "FeedersResult",
    "FindResult",
    "GapResult",
    "Held",
    "Match",
    "Move",
    "NextSteps",
    "Option",
    "RequirementsResult",
    "Route",
    "RouteResult",
    "Step",
    "UnderWay",
    "crosswalk",
    "feeders",
    "find",
    "gap",
    "next_steps",
    "requirements",
    "routes",
]
