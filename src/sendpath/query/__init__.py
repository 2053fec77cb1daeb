"""Questions asked of a progression graph, one topic per module.

Each name is imported from its module on first use, so a command pays only for the query it
asks (``from sendpath.query import routes`` loads the routes module alone).

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
    ...                  on=dt.date(2026, 9, 1))
    >>> r[0].steps[0].id
    'role:senco'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendpath._lazy import install

if TYPE_CHECKING:
    from sendpath.query.coverage import BY, CoverageGroup, CoverageResult, Gap, coverage
    from sendpath.query.crosswalk import Alignment, CrosswalkResult, crosswalk
    from sendpath.query.diagnose import (
        PROGRESSIONS,
        Bottleneck,
        DeadEnd,
        Diagnosis,
        MissingRung,
        Unreachable,
        diagnose,
    )
    from sendpath.query.feeders import Feeder, FeedersResult, feeders
    from sendpath.query.find import FindResult, Match, find
    from sendpath.query.gap import GapResult, Option, UnderWay, gap
    from sendpath.query.next_steps import MOVES, Move, NextSteps, next_steps
    from sendpath.query.requirements import RequirementsResult, requirements
    from sendpath.query.routes import WEIGHTS, Held, Route, RouteResult, Step, routes
    from sendpath.query.school import (
        LEVELS,
        SPECIALIST_THRESHOLD,
        SchoolLine,
        SchoolPlan,
        Shortfall,
        plan_school,
    )
    from sendpath.query.sequence import PlanItem, PlanTerm, SequenceResult, Unplanned, sequence

__all__ = [
    "BY",
    "LEVELS",
    "MOVES",
    "PROGRESSIONS",
    "SPECIALIST_THRESHOLD",
    "WEIGHTS",
    "Alignment",
    "Bottleneck",
    "CoverageGroup",
    "CoverageResult",
    "CrosswalkResult",
    "DeadEnd",
    "Diagnosis",
    "Feeder",
    "FeedersResult",
    "FindResult",
    "Gap",
    "GapResult",
    "Held",
    "Match",
    "MissingRung",
    "Move",
    "NextSteps",
    "Option",
    "PlanItem",
    "PlanTerm",
    "RequirementsResult",
    "Route",
    "RouteResult",
    "SchoolLine",
    "SchoolPlan",
    "SequenceResult",
    "Shortfall",
    "Step",
    "UnderWay",
    "Unplanned",
    "Unreachable",
    "coverage",
    "crosswalk",
    "diagnose",
    "feeders",
    "find",
    "gap",
    "next_steps",
    "plan_school",
    "requirements",
    "routes",
    "sequence",
]

#: Where each public name lives: one module per topic.
_MODULES = {
    "coverage": ("BY", "CoverageGroup", "CoverageResult", "Gap", "coverage"),
    "crosswalk": ("Alignment", "CrosswalkResult", "crosswalk"),
    "diagnose": ("PROGRESSIONS", "Bottleneck", "DeadEnd", "Diagnosis", "MissingRung",
                 "Unreachable", "diagnose"),
    "feeders": ("Feeder", "FeedersResult", "feeders"),
    "find": ("FindResult", "Match", "find"),
    "gap": ("GapResult", "Option", "UnderWay", "gap"),
    "next_steps": ("MOVES", "Move", "NextSteps", "next_steps"),
    "requirements": ("RequirementsResult", "requirements"),
    "routes": ("WEIGHTS", "Held", "Route", "RouteResult", "Step", "routes"),
    "school": ("LEVELS", "SPECIALIST_THRESHOLD", "SchoolLine", "SchoolPlan", "Shortfall",
               "plan_school"),
    "sequence": ("PlanItem", "PlanTerm", "SequenceResult", "Unplanned", "sequence"),
}

install(__name__, {name: f"{__name__}.{module}" for module, names in _MODULES.items()
                   for name in names})
