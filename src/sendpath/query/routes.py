"""Routes from one role to another: the steps to take, in order, with their timing and reasons.

It runs past 500 lines because the route contract is one piece: its results (routes, steps,
held lines) and the driver that builds them over the search in ``_search``.

:func:`routes` answers "how does a teacher become a SENCO?" on a
:class:`~sendpath.graph.ProgressionGraph`, following DESIGN's route contract:

- the start role implies what it requires (shown as ``held`` lines; where a requirement offers
  alternatives, the first listed, the usual one, is assumed and said to be; pass a profile to
  say what the person really holds);
- a route is a list of steps (qualifications, activities, experience, role entries and the
  obligations that fall due after the target role is taken), each feasible: its own
  requirements are met by what is held plus earlier steps;
- each distinct step counts once; ``cost`` and ``hours`` are sums; ``months`` is the critical
  path to full compliance (a step starts when the steps it needs are done, independent steps
  overlap, obligations included) and ``months_to_entry`` the critical path to the target alone;
- a qualification is only offered if it can be started on its planned start date and meets the
  date conditions of the requirement it serves (the NASENCO, withdrawn in 2024, is not offered);
- the ``k`` best routes by the weight, different step sets each, none a superset of a better
  one; steps whose weight is unknown rank their routes after the known ones and are flagged.
  By months the search is exact (k-best by deviation from the fastest plan,
  :func:`~sendpath.query._search.ranked`) unless it passes its budget
  (:data:`~sendpath.query._search.SEARCH_BUDGET`): routes that tie on months are ordered by
  cost, then fewest steps, which no DP ranks, and on large graphs a tie can hold too many of
  them to search through. By cost or hours (a step shared by two requirements counts once)
  every plan is listed, exact unless a list of alternatives passes
  :data:`~sendpath.query._search.PLAN_CAP`. A cut search marks the result ``partial`` and
  ``heuristic``.

Example:
    >>> import datetime as dt
    >>> import sendpath
    >>> from sendpath import query
    >>> g = sendpath.load_default().graph
    >>> r = query.routes(g, "teacher", "senco", on=dt.date(2026, 9, 1))
    >>> [(s.kind, s.id) for s in r[0].steps]
    [('role', 'role:senco'), ('obligation', 'qual:npq-senco')]
    >>> r[0].months, r[0].months_to_entry, r[0].steps[-1].due
    (18, 0, datetime.date(2029, 9, 1))
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from sendpath import rules
from sendpath._dates import add_months, check_day
from sendpath._gc import paused
from sendpath._output import JsonResult, Worded, envelope
from sendpath.ids import ID_PATTERN
from sendpath.model import Holds, Qualification, Ref
from sendpath.query._result import ListedResult
from sendpath.query._route_words import held_lines, late, short_steps, step_lines, totals_words
from sendpath.query._route_words import why as why_words
from sendpath.query._search import PLAN_CAP, Net, Plan, Solver, longest, ranked, upstream
from sendpath.render import count, titled, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.graph import ProgressionGraph
    from sendpath.model.profile import Profile

__all__ = ["WEIGHTS", "Held", "Route", "RouteResult", "Step", "routes"]

#: What routes can be ranked by.
WEIGHTS: Final = ("months", "cost", "hours")
# The date conditions a requirement edge can carry (the fields of a ``holds`` node).
_EDGE_CONDITIONS: Final = ("started_before", "started_on_or_after", "completed_before",
                           "valid_for_months")
# What a route can start from, pass through and reach.
_STEP_RECORDS: Final = ("role", "qual", "activity")
# How heavily an unknown duration weighs when plans are ranked (far beyond any career).
_UNKNOWN: Final = 10_000.0
# In JSON, an unknown value is shown as null, not left out (a step's months, cost and hours).
_KEEP: Final = {"json_keep": True}
#: How many nets a graph keeps for searches without a profile (the oldest go first).
_NETS_KEPT: Final = 4096
_STEP_KINDS: Final = {"qual": "qualification", "activity": "activity", "role": "role",
                      "gate": "experience"}


@attrs.frozen(kw_only=True)
class Held:
    """Something the start already has: a line of a result's ``held`` list.

    Attributes:
        id: The record held.
        title: Its title.
        why: Where it comes from (``implied by role:teacher``, ``in the profile``).
        how: The same, as a word: ``implied`` (the start role requires it), ``assumed`` (the
            first way listed of a choice the start role's requirement offers), ``profile`` or
            ``conferred`` (a status what the profile holds confers).

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> r.held[0].id, r.held[0].why
        ('qual:qualified-teacher', 'implied by role:teacher')
    """

    id: str
    title: str
    why: str
    how: str = ""


@attrs.frozen(kw_only=True)
class Step:
    """One step of a route.

    Attributes:
        id: The record gained (or role entered); for experience, the requirement's gate id.
        kind: ``qualification``, ``activity``, ``role``, ``experience`` or ``obligation`` (a
            qualification that meets a duty of the target role, after taking it).
        title: What the step is, in words.
        months: Typical duration in months, if known (role entries take none).
        hours: Study hours, if known.
        cost: Cost in pounds, if known.
        start: Months from the start of the route to the step's start (critical path).
        finish: Months from the start of the route to the step's end.
        needs: The steps this one waits for.
        why: Why the step is there, in words.
        due: For an obligation, the last day by which it must be met.
        sources: The ids of the sources behind the step (its record's and its requirement's).
        unconfirmed: Fields of the step's record that no source confirms.
        started: For a course the profile says is under way, the day it was started; it
            finishes at that day plus its length (``start`` is then 0 and ``finish`` the months
            left), and it adds no cost (paid for when started) and its remaining hours only.
        ends: For a course under way, the day it is expected to finish.
        overran: A course under way whose expected end is already past on the route's start
            date: it is taken to finish on that date (and the step says so).
        conferred: A status a rule confers as soon as its requirement is met (a qualified
            teacher): nothing to do, so short text leaves it out.
        late: An obligation step that would be done after its due date.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> npq = r[0].steps[-1]
        >>> npq.kind, npq.id, npq.months, npq.needs, npq.due
        ('obligation', 'qual:npq-senco', 18, ('role:senco',), datetime.date(2029, 9, 1))
    """

    #: In JSON, fields with no value are left out (:func:`sendpath._output.to_data`).
    JSON_OMIT_EMPTY: ClassVar[bool] = True

    id: str
    kind: str
    title: str
    months: int | None = attrs.field(metadata=_KEEP)
    hours: float | None = attrs.field(metadata=_KEEP)
    cost: float | None = attrs.field(metadata=_KEEP)
    start: int
    finish: int
    needs: tuple[str, ...]
    why: tuple[str, ...]
    due: dt.date | None = None
    sources: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    started: dt.date | None = None
    ends: dt.date | None = None
    overran: bool = False
    conferred: bool = False
    late: bool = False


@attrs.frozen(kw_only=True)
class Route(JsonResult):
    """One way from the start to the target: ordered steps and their totals.

    Attributes:
        steps: The steps, in the order they can be taken.
        months: Critical path to full compliance, in months; ``None`` if a step's length is
            unknown (``unknown["months"]`` names them, ``at_least["months"]`` is the bound).
        months_to_entry: Critical path to the target itself, without its obligations; ``None``
            if a step before the entry has an unknown length.
        cost: Total cost in pounds; ``None`` if a step's cost is unknown.
        hours: Total hours; ``None`` if a step's hours are unknown.
        unknown: For each weight, the steps whose value for it is unknown.
        at_least: For each weight, the total counting unknown values as 0: a lower bound, equal
            to the total when nothing is unknown.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> best = r[0]
        >>> len(best.steps), best.months, best.months_to_entry, best.unknown["cost"]
        (2, 18, 0, ())
    """

    steps: tuple[Step, ...]
    months: int | None
    months_to_entry: int | None
    cost: float | None
    hours: float | None
    unknown: Mapping[str, tuple[str, ...]]
    at_least: Mapping[str, float] = attrs.field(factory=dict)

    def step_ids(self) -> frozenset[str]:
        """Return the ids of the route's steps (what makes two routes different).

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
            ...                  on=dt.date(2026, 9, 1))
            >>> sorted(r[0].step_ids())
            ['qual:npq-senco', 'role:senco']
        """
        return frozenset(s.id for s in self.steps)

    def _json(self) -> dict[str, Any]:
        """What the route shows in JSON (its steps without empty fields, and its totals).

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
            ...                  on=dt.date(2026, 9, 1))
            >>> d = r[0].to_dict()
            >>> [s["id"] for s in d["steps"]], d["months"], d["cost"], d["unknown"]
            (['role:senco', 'qual:npq-senco'], 18, 1265, {})
            >>> d["steps"][-1]["due"], d["steps"][-1]["needs"]
            ('2029-09-01', ['role:senco'])
        """
        unknown = {k: v for k, v in sorted(self.unknown.items()) if v}
        return {"steps": self.steps, "months": self.months,
                "months_to_entry": self.months_to_entry, "cost": self.cost, "hours": self.hours,
                "unknown": unknown,
                **({"at_least": {k: self.at_least[k] for k in unknown}} if unknown else {})}


@attrs.frozen(kw_only=True)
class RouteResult(ListedResult[Route], Worded):
    """The routes from ``start`` to ``target``: a sequence of :class:`Route`, best first.

    Attributes:
        start: The start role (full id).
        target: The target (full id).
        as_of: The date the routes start on.
        weight: What the routes are ranked by (``months``, ``cost`` or ``hours``).
        held: What the start already has.
        routes: The routes, best first.
        reason: Why there is no route, when there is none.
        partial: Some alternatives were cut (the search passed its budget, or by cost or
            hours a list passed the size cap).
        heuristic: The ranking may not be the exact best (set with ``partial``).
        data_version: The version of the data the answer comes from.
        start_title: The start role's title.
        target_title: The target's title.
    """

    start: str
    target: str
    as_of: dt.date
    weight: str
    held: tuple[Held, ...]
    routes: tuple[Route, ...]
    reason: str = ""
    partial: bool = False
    heuristic: bool = False
    data_version: str = ""
    start_title: str = ""
    target_title: str = ""
    #: The titles of the records the reason names, to word it for people.
    titles: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False,
                                            metadata={"json": False})

    def _items(self) -> tuple[Route, ...]:
        return self.routes

    def _json(self) -> dict[str, Any]:
        """What the result shows in JSON, with the usual envelope.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
            ...                  on=dt.date(2026, 9, 1))
            >>> d = r.to_dict()
            >>> d["format"], d["as_of"], d["routes"][0]["steps"][1]["id"]
            (1, '2026-09-01', 'qual:npq-senco')
        """
        return envelope(
            self.data_version, as_of=self.as_of,
            start={"id": self.start, "title": self.start_title},
            target={"id": self.target, "title": self.target_title}, weight=self.weight,
            reason=self.reason, partial=self.partial, heuristic=self.heuristic,
            held=self.held, routes=self.routes,
        )


    def _lines(self, *, detail: bool) -> list[str]:
        found = count(len(self.routes), "route")
        lines = [words("route-head", self.start_title or self.start,
                       self.target_title or self.target, self.as_of, found, self.weight)]
        if self.held:
            lines += held_lines(self.held, self.start_title, detail=detail)
        if not self.routes:
            lines.append(words("route-none", self.reason if detail
                               else titled(self.reason, self.titles)))
        for i, route in enumerate(self.routes, 1):
            lines.append("")
            shown = [s for s in route.steps if detail or not s.conferred]
            lines.append(words("route-line", i, totals_words(route),
                               count(len(shown), "step")))
            if detail:
                for step in route.steps:
                    lines += step_lines(step, self.as_of, detail=True)
                for weight, unknown in sorted(route.unknown.items()):
                    if unknown:
                        lines.append(words("route-unknown-for", weight, ", ".join(unknown)))
            else:
                lines += short_steps(route.steps, self.as_of)
        notes = [words("route-unknown-last")] if any(r.unknown["months"] for r in self.routes) \
            else []
        if any(r.unknown[w] and r.at_least[w] for r in self.routes for w in ("cost", "hours")):
            notes.append(words("route-lower-bounds" if not detail else "route-lower-bounds-at"))
        notes += [words("route-cut")] if self.partial else []
        notes += [words("route-more")] if self.routes and not detail else []
        return [*lines, "", *notes] if notes else lines


def routes(g: ProgressionGraph, start: str, target: str, *, k: int = 5, weight: str = "months",
           on: dt.date | None = None, profile: Profile | None = None,
           via: Sequence[str] = (), avoid: Sequence[str] = ()) -> RouteResult:
    """Return the ``k`` best routes from the ``start`` role to ``target``.

    Args:
        g: The progression graph (``catalogue.graph``).
        start: The role to start from (an id or a short name).
        target: The role (or qualification) to reach.
        k: How many routes to return at most.
        weight: Rank by ``months`` (critical path), ``cost`` or ``hours``.
        on: The day the routes start (default today); reported as ``as_of``.
        profile: What the person already holds, if known (adds to what ``start`` implies).
        via: Steps every route must include.
        avoid: Records no route may use.

    Raises:
        UnknownIdError: ``start``, ``target``, ``via`` or ``avoid`` names nothing.
        ValueError: ``k`` is below 1 or ``weight`` is not one of ``WEIGHTS``.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> r = query.routes(g, "headteacher", "teacher", on=dt.date(2026, 9, 1))
        >>> len(r) > 0 or r.reason != ""
        True
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
    if type(k) is not int or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, not {k!r}")
    on = check_day(on or dt.date.today(), "on")
    resolve = g.catalogue.resolve
    start_id = resolve(start, kinds=("role",))
    target_id = resolve(target, kinds=_STEP_RECORDS)
    via_ids = tuple(resolve(v, kinds=_STEP_RECORDS) for v in via)
    avoid_ids = frozenset(resolve(a, kinds=_STEP_RECORDS) for a in avoid)
    held, held_lines = _held(g, start_id, profile, on)
    best, rejected, cut = search(g, target_id, held=held, profile=profile, on=on, k=k,
                                 weight=weight, via=via_ids, avoid=avoid_ids)
    reason = "" if best else _no_route_reason(start_id, target_id, via_ids, rejected)
    titles = {i: g.nx.nodes[i]["title"] for i in re.findall(ID_PATTERN, reason) if i in g.nx}
    return RouteResult(start=start_id, target=target_id, as_of=on, weight=weight,
                       held=tuple(held_lines), routes=best, reason=reason, partial=cut,
                       heuristic=cut, data_version=g.catalogue.data_version,
                       start_title=g.nx.nodes[start_id]["title"],
                       target_title=g.nx.nodes[target_id]["title"], titles=titles)


def search(g: ProgressionGraph, target: str, *, held: frozenset[str], profile: Profile | None,
           on: dt.date, k: int = 5, weight: str = "months", via: Sequence[str] = (),
           avoid: frozenset[str] = frozenset(),
           via_why: str = "why-via") -> tuple[tuple[Route, ...], list[str], bool]:
    """Return the ``k`` best routes to ``target`` from what is ``held`` (full ids throughout).

    The one search behind :func:`routes` and the person's questions (``gap``): best first,
    each a different step set, none a superset of a better one. Also returns why routes
    failed (when there is none, the answer says so) and whether a list was cut. ``via_why``
    is the phrase that says why a ``via`` step is there.
    """
    if target in avoid:
        return (), [words("route-avoided", target)], False
    context = _Context(g, on, held, profile, avoid, cap=max(PLAN_CAP, 4 * k), via=tuple(via),
                       via_why=via_why)
    if weight == "months":
        with paused():  # a search makes many short-lived objects and no cycles
            found, rejected = context.best(target, k)
    else:
        found, rejected = context.search(target)
    seen, lean = context.leaned  # as the search last leaned them, if none was found since
    lean = lean if weight == "months" and seen == len(found) else _lean(found, weight)
    rejected += sorted(context.unusable.values())
    # Only the routes shown are built step by step (the others were ranked on their totals).
    cut = context.truncated or context.solver.truncated
    return tuple(context.build(d) for d in lean[:k]), rejected, cut


def _settled(lean: Sequence[_Draft], k: int, bound: tuple[float, float, int], *,
             known: bool) -> bool:
    """Whether ``k`` routes found are sure to rank before any plan still to come.

    ``lean`` is the routes found as :func:`_lean` keeps them. Every plan to come has months,
    cost and steps at least ``bound`` (in that order: the ranking's). Looking for known
    lengths (``known``), a route of known lengths below the bound is sure; looking for
    unknown ones, every route of known length is found and sure, and one with unknown steps
    is sure below the bound (its months counting those as 0).
    """
    if len(lean) < k:  # fewer routes than asked for: none of them can settle it
        return False
    sure = 0
    for draft in lean:
        low = draft.at_least
        below = (low["months"], low["cost"], len(draft.steps)) < bound
        if draft.unknown["months"]:
            sure += not known and below
        else:
            sure += not known or below
    return sure >= k


def _beaten(drafted: list[tuple[int, tuple[bool, float]]], steps: int,
            rank: tuple[bool, float]) -> bool:
    """Whether a route found beats every route a plan of ``steps`` (a bitset) could give.

    ``rank`` is the plan's (unknown lengths or not, months at least): a route found beats it
    when it takes some of those steps and none else and ranks no worse, or takes the same
    steps in fewer months.
    """
    for found, found_rank in drafted:
        if found & ~steps == 0 and (found_rank <= rank if found != steps
                                    else found_rank[1] < rank[1]):
            return True
    return False


def _duties_met(net: Net) -> bool:
    """Whether every obligation the net holds can be planned (whether or not the target can)."""
    ways = net.options[net.root]
    if not ways:
        return False
    val, _arg = net.solve([0.0] * len(net.ids), wait=False)
    return all(val[i] < math.inf for i in ways[0][net.entry:])


def _lean(found: Sequence[_Draft], weight: str) -> list[_Draft]:
    """The routes found, best first: one per step set, none a superset of a better one.

    Of two ways to take the same steps equally well, the one with fewer waits is kept.
    """
    unique: dict[frozenset[str], tuple[tuple[Any, ...], _Draft]] = {}
    for key, draft in sorted(((d.rank(weight), d) for d in found),
                             key=lambda kd: (kd[0], len(kd[1].needs), _Waits(kd[1].needs))):
        unique.setdefault(draft.steps, (key, draft))
    # A route that takes every step of another, and more, without being better, is noise.
    return [d for key, d in unique.values()
            if not any(other < d.steps and okey[:2] <= key[:2]
                       for other, (okey, _o) in unique.items())]


class _Waits:
    """A route's waits, ordered as their sorted lists are, sorted only if a tie asks for it."""

    __slots__ = ("_needs", "_sorted")

    def __init__(self, needs: frozenset[tuple[str, str]]) -> None:
        self._needs = needs
        self._sorted: list[tuple[str, str]] | None = None

    def key(self) -> list[tuple[str, str]]:
        """The waits, sorted (once)."""
        if self._sorted is None:
            self._sorted = sorted(self._needs)
        return self._sorted

    def __lt__(self, other: _Waits) -> bool:
        return self.key() < other.key()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Waits) and self.key() == other.key()

    __hash__ = None  # type: ignore[assignment]


@attrs.frozen
class _Compiled:
    """A search's net and what each of its nodes weighs, shared by searches that agree.

    ``length`` and ``cost`` are each step's months (None if unknown) and cost, 0 for a gate;
    ``unknown_steps`` the steps of unknown length (a bitset); ``unusable`` the records found
    unusable while numbering, with why.
    """

    net: Net
    length: tuple[int | None, ...]
    cost: tuple[float, ...]
    unknown_steps: int
    duties_met: bool
    unusable: tuple[tuple[str, str], ...]


@attrs.frozen
class _Draft:
    """A feasible route before its steps are built: its timing and totals, enough to rank it."""

    target: str
    steps: frozenset[str]
    needs: frozenset[tuple[str, str]]
    start: Mapping[str, int]
    finish: Mapping[str, int]
    length: Mapping[str, int | None]
    due: Mapping[str, dt.date]
    duties: frozenset[str]
    amounts: Mapping[str, tuple[float | None, float | None]]  # (hours, cost) of each step
    entry_month: int
    #: The route built from it, by the search's ``via``, its words and its day (see
    #: :meth:`_Context.build`): a draft kept per graph is built once for each.
    built: dict[tuple[Any, ...], Route] = attrs.field(init=False, factory=dict, eq=False,
                                                      repr=False)

    @functools.cached_property
    def ids(self) -> list[str]:
        """The steps' ids, sorted."""
        return sorted(self.steps)

    @functools.cached_property
    def unknown(self) -> dict[str, tuple[str, ...]]:
        """For each weight, the steps whose value is unknown (in id order)."""
        ids = self.ids
        return {"months": tuple(s for s in ids if self.length[s] is None),
                "cost": tuple(s for s in ids if self.amounts[s][1] is None),
                "hours": tuple(s for s in ids if self.amounts[s][0] is None)}

    @functools.cached_property
    def at_least(self) -> dict[str, float]:
        """The totals counting unknown values as 0."""
        return {"months": max(self.finish.values(), default=0),
                "cost": sum(c or 0 for _h, c in self.amounts.values()),
                "hours": sum(h or 0 for h, _c in self.amounts.values())}

    def rank(self, weight: str) -> tuple[Any, ...]:
        """Known before unknown, then the weight, months, cost, fewest steps (lower bounds)."""
        low = self.at_least
        return (bool(self.unknown[weight]), low[weight], low["months"], low["cost"],
                len(self.steps), self.ids)


def _no_route_reason(start: str, target: str, via: Sequence[str], rejected: list[str]) -> str:
    text = words("route-infeasible", start, target)
    if via:
        text += words("route-through", ", ".join(via))
    if rejected:
        text += words("route-ruled-out", "; ".join(sorted(set(rejected))[:5]))
    return text


def _held(g: ProgressionGraph, start: str | None, profile: Profile | None,
          on: dt.date) -> tuple[frozenset[str], list[Held]]:
    """Return what the start holds, and the lines that show it.

    With a profile, what is held is what the profile holds on ``on``, as the rules engine reads
    it: nothing is implied or assumed. Without one, the start role implies what it requires
    (where a requirement offers alternatives, the first listed, the usual one, is assumed and
    the line says so).
    """
    if profile is not None:
        named = {r.id for r in profile.roles} | {h.id for h in profile.holds} | \
            {a.id for a in profile.activities}
        found = _profile_held(g, profile, on)
        lines = [Held(id=node, title=g.nx.nodes[node]["title"],
                      why=words("held-in-profile" if node in named else "held-conferred"),
                      how="profile" if node in named else "conferred")
                 for node in sorted(found - {start})]
        return frozenset(found | ({start} if start else set())), lines
    if start is None:
        raise TypeError("without a profile, what is held follows from a start role")
    implied = g.memo.setdefault("held by role", {})  # the same on any day: once per graph
    if start not in implied:
        implied[start] = _implied(g, start)
    found, lines = implied[start]
    return found, list(lines)


def _implied(g: ProgressionGraph, start: str) -> tuple[frozenset[str], tuple[Held, ...]]:
    """What a start role implies, and the lines that show it (see :func:`_held`)."""
    nxg = g.nx
    held: set[str] = set()
    lines = []

    def imply(node: str, how: str) -> None:
        if node in held:
            return
        held.add(node)
        if nxg.nodes[node]["kind"] != "gate":
            if node != start:
                lines.append(Held(id=node, title=nxg.nodes[node]["title"],
                                  why=words(f"held-{how}", start), how=how))
            root = g.requirement_root(node)
            if root is not None:
                imply(root, how)
            return
        data = nxg.nodes[node]
        children = [u for u, _d in g.edges_into(node, "requires")]
        take = data.get("n", len(children))  # n of the inputs, as the rules shape the gate
        if take < len(children):  # a choice the data cannot settle: take the first listed
            how = "assumed"
        for u in children[:take]:
            imply(u, how)

    imply(start, "implied")
    return frozenset(held), tuple(lines)


def held_by(g: ProgressionGraph, profile: Profile, on: dt.date) -> tuple[frozenset[str],
                                                                          tuple[Held, ...]]:
    """Return what ``profile`` holds on ``on`` (as the rules engine reads it), and its lines."""
    held, lines = _held(g, None, profile, on)
    return held, tuple(lines)


def _profile_held(g: ProgressionGraph, profile: Profile, on: dt.date) -> set[str]:
    """What the profile holds on ``on``, as the rules engine reads it (lapses and all).

    That is what it names, and the statuses conferred by what it holds (a qualified teacher).
    """
    cat = g.catalogue
    named = {r.id for r in profile.roles} | {h.id for h in profile.holds} | \
        {a.id for a in profile.activities}
    named |= {q.id for q in cat.qualifications.values() if q.conferred}
    return {ref for ref in named if ref in g.nx and
            rules.check(Ref(id=ref), profile, on=on, catalogue=cat).state == "met"}


@attrs.define
class _Context:
    """One route search: the graph, the date, what is held, and the solver."""

    g: ProgressionGraph
    on: dt.date
    held: frozenset[str]
    profile: Profile | None
    avoid: frozenset[str]
    cap: int
    via: tuple[str, ...] = ()
    via_why: str = "why-via"  # how a via step's why reads (asked for, or a way's item)
    solver: Solver = attrs.field(init=False)
    fixed_due: dt.date | None = attrs.field(init=False, default=None)
    unusable: dict[str, str] = attrs.field(init=False, factory=dict)
    #: Courses the profile has under way, with the day each was started.
    under_way: dict[str, dt.date] = attrs.field(init=False, factory=dict)
    _durations: dict[str, float] = attrs.field(init=False, factory=dict)
    #: Whether a list of alternatives was cut (the result is then partial and heuristic).
    truncated: bool = attrs.field(init=False, default=False)
    # each step's length by target, and the day n months on: per graph without a profile
    _lengths: dict[str, dict[str, int | None]] = attrs.field(init=False, factory=dict)
    _days: dict[int, dt.date] = attrs.field(init=False, factory=dict)
    # What the frozen graph answers the same for every search: kept per graph (its memo).
    _windows: dict[str, bool] = attrs.field(init=False)
    _records: dict[str, tuple[Any, tuple[str, ...]]] = attrs.field(init=False)
    _checked: dict[tuple[Any, ...], str] = attrs.field(init=False)
    _leaf_sets: dict[str, frozenset[str]] = attrs.field(init=False)
    _step_facts: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], bool, bool]] = \
        attrs.field(init=False)
    #: How many routes the search had found when it last leaned them, and those it kept.
    leaned: tuple[int, list[_Draft]] = attrs.field(init=False, default=(-1, []))
    _amounts_of: dict[str, tuple[float | None, float | None]] = attrs.field(init=False,
                                                                             factory=dict)
    #: Each plan's draft (or why it is not feasible): per graph without a profile.
    _drafts: dict[tuple[Any, ...], tuple[_Draft | None, str]] | None = attrs.field(
        init=False, default=None)

    def __attrs_post_init__(self) -> None:
        nxg = self.g.nx
        memo = self.g.memo
        self._windows = memo.setdefault("route windows", {})
        self._records = memo.setdefault("route records", {})
        self._checked = memo.setdefault("route date checks", {})
        if self.profile is None:  # nothing under way: lengths follow from the graph alone
            self._lengths = memo.setdefault("route lengths", {})
            days = memo.setdefault("route days", {})
            if len(days) >= _NETS_KEPT:
                days.clear()
            self._days = days.setdefault(self.on, {})
            self._drafts = memo.setdefault("route drafts", {})
        self._leaf_sets = memo.setdefault("requirement leaf sets", {})
        self._step_facts = memo.setdefault("route step facts", {})
        not_required = frozenset(h.id for h in self.profile.holds if h.not_required) \
            if self.profile else frozenset()
        if self.profile is not None:
            self.under_way = {ref: day for ref, day in self.profile.under_way(self.on).items()
                              if ref in nxg and ref not in self.held}
        self.solver = Solver(nxg, self.held, not_required, frozenset(self.under_way),
                             allowed=self._allowed, held_ok=self._held_ok, cap=self.cap,
                             duration=self._duration,
                             inputs=lambda node: self.g.edges_into(node, "requires"),
                             shapes=self.g.memo.setdefault("search shapes", {}))

    def _duration(self, node: str) -> float:
        """Months a step takes for ranking plans; an unknown duration weighs heavily."""
        if node not in self._durations:
            months = self.length(node)
            self._durations[node] = _UNKNOWN if months is None else float(months)
        return self._durations[node]

    def length(self, node: str, target: str = "") -> int | None:
        """The months step ``node`` takes from the route's start, or ``None`` if unknown.

        Entering a role takes no time of its own once its requirements are met; a role with no
        requirements in the data (head teacher, say) is no free step on the way to another: how
        long it takes is unknown. A status (QTS, HLTA status, a registration) is conferred on
        meeting its requirement and takes no time unless the data gives some. A course under way
        takes the months left until its start plus its length (none, if that is past).
        """
        data = self.g.nx.nodes[node]
        if data["kind"] == "role":
            return None if node != target and self.g.requirement_root(node) is None else 0
        months: int | None = data.get("months")
        if node in self.under_way:
            return None if months is None else _months_left(
                self.on, add_months(self.under_way[node], months))
        if months is None and data["kind"] != "gate":
            record = self.g.catalogue.qualifications.get(node)
            return 0 if record is not None and record.kind == "status" else None
        return months

    def _allowed(self, node: str) -> bool:
        """Whether ``node`` may be a step; if not, the reason is kept for the answer."""
        why = self._unusable(node)
        if why:
            self.unusable[node] = why
        return not why

    def _unusable(self, node: str) -> str:
        if node in self.avoid:
            return words("route-avoided", node)
        return not_offered(self.g.catalogue, node, self.on)

    def _held_ok(self, node: str, data: Mapping[str, Any]) -> bool:
        """Whether a held record meets an edge's date conditions, as the rules engine reads it.

        A record the start role implies has no dates to check; one in the profile is checked
        with the profile's dates (an unknown date does not meet a condition).
        """
        conditions = {k: data[k] for k in _EDGE_CONDITIONS if k in data}
        if self.profile is None or not conditions or \
                not any(h.id == node for h in self.profile.holds):
            return True
        node_ = Holds(holds=node, **conditions)
        return rules.check(node_, self.profile, on=self.on,
                           catalogue=self.g.catalogue).state == "met"

    def search(self, target: str) -> tuple[list[_Draft], list[str]]:
        """Return every feasible route found to ``target`` and the reasons others failed.

        The plans are listed whole (every way to meet each requirement, joined), which cost
        and hours need: a step shared by two requirements counts once, so no DP ranks them.
        """
        found: list[_Draft] = []
        rejected: list[str] = []
        # ``via`` steps are met beside the target (the search goes through them; a route is
        # never found first and filtered after).
        wanted = (target, *self.via)
        entry_plans = self.solver.product([self.solver.plans_for(n) for n in wanted])
        fastest = [self.solver.fastest(n) for n in wanted]
        if all(f is not None for f in fastest):
            # The earliest finish of each is its own (a shared step is the same memoised plan
            # in each), so their join is the fastest plan through them all: exact by time,
            # even where the lists were cut.
            plans = [f[1] for f in fastest if f is not None]
            joined = plans[0]
            for plan in plans[1:]:
                joined = joined | plan if joined.agrees_with(plan) else joined
            if all(n in joined.steps or n in self.held for n in wanted[1:]) and \
                    joined not in entry_plans:
                entry_plans.append(joined)
        obligations, self.fixed_due = self._open_obligations(target)
        duty_plans = self.solver.product(
            [self.solver.requirement_plans(gate) for gate in obligations])
        if obligations and not duty_plans:
            rejected.append(words("route-no-obligation-plan", target))
            return found, rejected
        for entry in entry_plans:
            for duty in duty_plans:
                if not entry.agrees_with(duty):
                    continue
                draft, why_not = self._draft(target, entry, duty, obligations)
                if draft is None:
                    rejected.append(why_not)
                else:
                    found.append(draft)
        return found, rejected

    def best(self, target: str, k: int) -> tuple[list[_Draft], list[str]]:
        """Return routes to ``target`` among which are its ``k`` best by months, and failures.

        Plans come from :func:`~sendpath.query._search.ranked` soonest first (by the DP's
        finish, which is the route's months, or a lower bound of them when a duty might also
        be on the way to the target); the search stops once ``k`` routes that no plan still to
        come could beat are found. Routes with a step of unknown length rank after the others
        by the months of the rest: they are searched for again with unknown lengths as 0, only
        if fewer than ``k`` routes have known lengths.

        That second ranking alone is the whole answer when it sees every plan, as a pair with
        fewer than ``k`` routes must, whatever the order. A search without a profile that
        found so keeps it per graph (for what is held, the target, ``via``, ``avoid`` and the
        day, with the least ``k`` it saw every plan for), and the same search again, for as
        many routes or more, ranks once, unknown lengths as 0, skipping the first ranking's
        plans of known length that the second would only open again.
        """
        obligations, self.fixed_due = self._open_obligations(target)
        compiled = self._compiled(target, obligations)
        self.unusable.update(compiled.unusable)
        if not compiled.duties_met:
            self.truncated = compiled.net.truncated
            return [], [words("route-no-obligation-plan", target)]
        # the least k for which each search saw every plan (so does any larger k)
        once: dict[Any, int] | None = None
        if self.profile is None and compiled.unknown_steps:
            once = self.g.memo.setdefault("route searches seeing every plan", {})
        key = self._net_key(target)
        least = once.get(key) if once is not None else None
        if least is not None and k >= least:
            found, rejected, _every = self._ranked(target, k, obligations, compiled, (0.0,))
            return found, rejected
        found, rejected, every = self._ranked(target, k, obligations, compiled, (_UNKNOWN, 0.0))
        if once is not None and every:
            if len(once) >= _NETS_KEPT:
                once.clear()
            once[key] = k
        return found, rejected

    def _ranked(self, target: str, k: int, obligations: list[str], compiled: _Compiled,
                passes: tuple[float, ...]) -> tuple[list[_Draft], list[str], bool]:
        """The search of :meth:`best`: one ranking for each weight of unknown lengths in ``passes``.

        Returns the routes, the failures, and whether the last ranking saw every plan (it was
        not settled early, nor cut). A ranking with unknown lengths as 0 that is not after one
        by known lengths drafts the plans of known length too.
        """
        found: list[_Draft] = []
        rejected: list[str] = []
        # the search's own copy: ``ranked`` marks it when it passes its budget
        net = attrs.evolve(compiled.net)
        self.truncated = net.truncated
        length, cost, unknown_steps = compiled.length, compiled.cost, compiled.unknown_steps
        drafted: list[tuple[int, tuple[bool, float]]] = []  # steps and rank of each route

        def beaten(steps: int, finish: float) -> bool:
            return _beaten(drafted, steps, (bool(steps & unknown_steps), finish))

        lean: list[_Draft] = []  # the routes found, leaned, as of the last check
        leaned = 0  # how many routes had been found then
        for unknown in passes:
            dur = [unknown if m is None else float(m) for m in length]
            # whether routes of known length are still to be found (and drafted): in the
            # ranking by known lengths, or in a ranking alone
            known = bool(unknown) or len(passes) == 1
            checked = (-1.0, 0.0, 0)  # the last bound the routes found were checked against
            # the first time round, every plan left once one has a step of unknown length
            # waits for the second
            for bound, steps, arg, reached in ranked(net, dur, cost, beaten=beaten,
                                                     until=unknown or math.inf):
                finish = bound[0]
                if bound > checked and len(found) >= k:
                    if leaned != len(found):
                        lean, leaned = _lean(found, "months"), len(found)
                        self.leaned = (leaned, lean)
                    if _settled(lean, k, bound, known=known):
                        return found, rejected, False
                checked = bound
                flag = bool(steps & unknown_steps)
                if (not known and not flag) or beaten(steps, finish):
                    continue  # seen before (known lengths throughout), or no better
                entry, duty = net.plans(arg, reached, finish)
                draft, why_not = self._draft(target, entry, duty, obligations)
                if draft is None:
                    rejected.append(why_not)
                else:
                    found.append(draft)
                    drafted.append((steps, (flag, draft.at_least["months"])))
            if net.rest == math.inf:
                break  # every plan was seen (or the search passed its budget)
        self.truncated = net.truncated
        return found, rejected, not net.truncated and unknown == passes[-1]

    def _net_key(self, target: str) -> tuple[Any, ...]:
        """What a search's net follows from besides the frozen graph (without a profile)."""
        return (self.held, target, self.via, self.avoid, self.on)

    def _compiled(self, target: str, obligations: list[str]) -> _Compiled:
        """The net a search for ``target`` (and its ``obligations``) runs on, with its weights.

        Without a profile everything in it follows from the frozen graph and the search's
        inputs (what is held, the target, ``via``, ``avoid`` and the day, which says what is
        still offered), so it is numbered once per graph for those and shared; a profile's
        dates, courses under way and records not required make each search its own.
        """
        key = self._net_key(target)
        nets: dict[Any, _Compiled] = self.g.memo.setdefault("route nets", {})
        if self.profile is None and key in nets:
            return nets[key]
        before = dict(self.unusable)
        leaves = frozenset(leaf for gate in obligations for leaf in self.g.obligation_leaves(gate))
        net = self.solver.net((target, *self.via), obligations, target, leaves)
        length = tuple(self.length(node, target) if step else 0
                       for node, step in zip(net.ids, net.step, strict=True))
        cost = tuple((self._amounts(node, m)[1] or 0.0) if step else 0.0
                     for node, step, m in zip(net.ids, net.step, length, strict=True))
        compiled = _Compiled(
            net=net, length=length, cost=cost,
            unknown_steps=sum(1 << i for i, m in enumerate(length) if m is None),
            duties_met=not obligations or _duties_met(net),
            unusable=tuple((n, why) for n, why in self.unusable.items() if n not in before))
        if self.profile is None:
            while len(nets) >= _NETS_KEPT:  # the oldest go first
                del nets[next(iter(nets))]
            nets[key] = compiled
        return compiled

    def _open_obligations(self, target: str) -> tuple[list[str], dt.date | None]:
        """The obligation gates still to meet, and their due date if the target is held.

        A target the route enters brings all its obligations, due the stated period after the
        entry. A target role the profile already holds brings them only if the rules engine
        says they are not met (an exemption or a held qualification settles them), due when
        the engine says; one the start role implies brings none.
        """
        if target not in self.held:
            return self.g.obligations(target), None
        if self.profile is None or not target.startswith("role:") or \
                target not in _profile_held(self.g, self.profile, self.on):
            return [], None
        status = rules.evaluate(self.g.catalogue, self.profile, target, on=self.on)
        if status.state == "met":
            return [], None
        return self.g.obligations(target), status.due

    def _draft(self, target: str, entry: Plan, duty: Plan,
               obligations: list[str]) -> tuple[_Draft | None, str]:
        """Time a plan (and its duties); ``None`` with the reason if it is not feasible.

        Without a profile the answer follows from the frozen graph, the plan and the day
        alone: it is worked out once per graph (a search to another start that meets the same
        plan reads it back).
        """
        drafts = self._drafts
        if drafts is None:
            return self._time(target, entry, duty, obligations)
        key = (target, entry, duty, tuple(obligations), self.on)
        found = drafts.get(key)
        if found is None:
            found = self._time(target, entry, duty, obligations)
            if len(drafts) >= _NETS_KEPT:
                drafts.clear()
            drafts[key] = found
        return found

    def _time(self, target: str, entry: Plan, duty: Plan,
              obligations: list[str]) -> tuple[_Draft | None, str]:
        """Time a plan (and its duties), as :meth:`_draft` says."""
        nxg = self.g.nx
        new_duties = duty.steps - entry.steps
        needs = set(entry.needs | duty.needs)
        if target in entry.steps and new_duties:
            duty_leaves = {leaf for gate in obligations
                           for leaf in self.g.obligation_leaves(gate)}
            needs |= {(s, target) for s in new_duties if s in duty_leaves}
        steps = entry.steps | duty.steps
        waits: dict[str, list[str]] = {s: [] for s in steps}
        for x, d in needs:
            waits[x].append(d)
        known = self._lengths.get(target)
        if known is None:
            known = self._lengths[target] = {}
        length: dict[str, int | None] = {}
        for s in steps:
            m = known.get(s, -1)
            if m == -1:
                m = known[s] = self.length(s, target)
            length[s] = m
        finish = longest(waits, {s: m or 0 for s, m in length.items()})
        start = {s: f - (length[s] or 0) for s, f in finish.items()}
        entry_month = finish.get(target, 0)
        due: dict[str, dt.date] = {}
        if new_duties:
            entry_day = self._day(entry_month)
            for gate in obligations:
                day = self.fixed_due or add_months(entry_day, nxg.nodes[gate]["due_months"])
                for leaf in self.g.obligation_leaves(gate):
                    if leaf in new_duties:
                        due[leaf] = min(due.get(leaf, day), day)
        problem = self._infeasible(steps, start, finish, entry.checks | duty.checks, due)
        if problem:
            return None, problem
        amounts = self._amounts_of
        return _Draft(target=target, steps=steps, needs=frozenset(needs), start=start,
                      finish=finish, length=length, due=due, duties=frozenset(new_duties),
                      amounts={s: amounts[s] if s in amounts else self._amounts(s, length[s])
                               for s in steps},
                      entry_month=entry_month), ""

    def _day(self, months: int) -> dt.date:
        """The day ``months`` after the routes' start."""
        if months not in self._days:
            self._days[months] = add_months(self.on, months)
        return self._days[months]

    def build(self, draft: _Draft) -> Route:
        """Build a route's steps, in the order they can be taken, with its totals.

        Without courses under way the route follows from the draft, ``via`` and the day
        alone, so a draft is built once for each (drafts are kept per graph).
        """
        if self.under_way:
            return self._build(draft)
        key = (self.via, self.via_why, self.on)
        route = draft.built.get(key)
        if route is None:
            route = draft.built[key] = self._build(draft)
        return route

    def _build(self, draft: _Draft) -> Route:
        needs = set(draft.needs)
        waits: dict[str, list[str]] = {s: [] for s in draft.steps}
        waiters: dict[str, list[str]] = {s: [] for s in draft.steps}
        for x, d in needs:
            waits[x].append(d)
            waiters[d].append(x)
        built = []
        for s in draft.steps:
            w, by = waits[s], waiters[s]
            step = self._step(s, draft, w if len(w) < 2 else sorted(w),
                              by if len(by) < 2 else sorted(by))
            built.append(step if step.due is None else late(step, self._day(step.finish)))
        depth = longest(waits, dict.fromkeys(waits, 1))
        built.sort(key=lambda st: (st.start, depth[st.id], st.finish, st.id))
        order = {st.id: n for n, st in enumerate(built)}
        unknown = MappingProxyType({w: tuple(sorted(ids, key=order.__getitem__))
                                    for w, ids in draft.unknown.items()})
        at_least = MappingProxyType(draft.at_least)
        # the months to entry are unknown when a step of unknown length comes before it
        blind = bool(unknown["months"]) and draft.target in draft.steps and \
            not upstream(draft.target, waits).isdisjoint(unknown["months"])
        return Route(
            steps=tuple(built),
            months=None if unknown["months"] else int(at_least["months"]),
            months_to_entry=None if blind else draft.entry_month,
            cost=None if unknown["cost"] else at_least["cost"],
            hours=None if unknown["hours"] else at_least["hours"],
            unknown=unknown, at_least=at_least)

    def _amounts(self, s: str, months: int | None) -> tuple[float | None, float | None]:
        """A step's hours and cost (``months`` is its length in this search).

        None for a role or experience; for a course under way, no cost (paid for when it was
        started) and only the hours still to do.
        """
        if s not in self._amounts_of:
            self._amounts_of[s] = self._hours_and_cost(s, months)
        return self._amounts_of[s]

    def _hours_and_cost(self, s: str, months: int | None) -> tuple[float | None, float | None]:
        data = self.g.nx.nodes[s]
        if data["kind"] in ("role", "gate"):
            return 0.0, 0.0
        hours, cost = data.get("hours"), data.get("cost")
        if s in self.under_way:
            total = data.get("months")
            if hours is not None and total and months is not None:
                hours = round(hours * min(months, total) / total, 1)
            cost = 0.0
        return hours, cost

    def _infeasible(self, steps: frozenset[str], start: dict[str, int], finish: dict[str, int],
                    checks: frozenset[tuple[str, tuple[tuple[str, Any], ...]]],
                    due: dict[str, dt.date]) -> str:
        windows = self._windows
        for s in sorted([s for s in steps if (windows[s] if s in windows else self._window(s))]):
            record = self.g.catalogue.qualifications[s]
            begin = self.under_way.get(s) or self._day(start[s])
            if isinstance(record, Qualification) and not record.is_startable_on(begin):
                return words("step-cannot-start-on", s, begin)
        for s, conditions in sorted(checks, key=repr) if len(checks) > 1 else checks:
            begin, end = self._day(start[s]), self._day(finish[s])
            if s in self.under_way:  # begun already: its own start, and its expected end
                begin, end = self.under_way[s], self._ends(s) or end
            fails = self._fails(s, conditions, begin, end)
            if fails:
                return fails
        if self.fixed_due is not None:
            # The person already holds the role: a late way to comply is still the way to
            # comply, and each step says when it would be done against when it was due.
            return ""
        for s, day in sorted(due.items()):
            if self._day(finish[s]) > day:
                return words("step-not-by-due-date", s, day)
        return ""

    def _fails(self, s: str, conditions: tuple[tuple[str, Any], ...], begin: dt.date,
               end: dt.date) -> str:
        """Why step ``s`` run from ``begin`` to ``end`` fails ``conditions``, or ``""``.

        The answer follows from the frozen data and the dates alone: worded once per graph.
        """
        key = (s, conditions, begin, end)
        found = self._checked.get(key)
        if found is None:
            node = Holds(holds=s, **dict(conditions))
            fails = rules.planned_fails(node, begin, end)
            found = words("step-would-not-be", s, fails[0].replace("_", " "),
                          getattr(node, fails[0])) if fails else ""
            if len(self._checked) >= _NETS_KEPT:
                self._checked.clear()
            self._checked[key] = found
        return found

    def _window(self, s: str) -> bool:
        """Whether step ``s`` is a qualification that can only be started within dates."""
        if s not in self._windows:
            q = self.g.catalogue.qualifications.get(s)
            self._windows[s] = q is not None and (q.starts_from is not None or
                                                  q.starts_until is not None)
        return self._windows[s]

    def _ends(self, s: str) -> dt.date | None:
        """When a course under way is expected to end: its start plus its length, if known."""
        months = self.g.nx.nodes[s].get("months")
        return None if months is None else add_months(self.under_way[s], months)

    def _step(self, s: str, draft: _Draft, waits: list[str], waiters: list[str]) -> Step:
        """Build step ``s`` of a route: it waits for ``waits``, and ``waiters`` wait for it."""
        kind, title, sources, unconfirmed, conferred, gate = \
            self._step_facts.get(s) or self._facts(s)
        duty = s in draft.duties
        due, target = draft.due.get(s), draft.target
        hours, cost = draft.amounts[s]
        sets, leaves = self._leaf_sets, self._leaves
        why = why_words(s, tuple([x for x in waiters if s in (sets.get(x) or leaves(x))]),
                        duty, due, target)
        if self.via and s in self.via:
            why = (*why, words(self.via_why))
        if duty:
            kind = "obligation"
        if gate:
            return Step(id=s, kind=kind, title=title, months=draft.length[s], hours=hours,
                        cost=cost, start=draft.start[s], finish=draft.finish[s],
                        needs=tuple(waits), why=why, sources=sources)
        if not self.under_way or s not in self.under_way:
            return Step(id=s, kind=kind, title=title, months=draft.length[s], hours=hours,
                        cost=cost, start=draft.start[s], finish=draft.finish[s],
                        needs=tuple(waits), why=why, due=due, sources=sources,
                        unconfirmed=unconfirmed, conferred=conferred)
        started = self.under_way[s]  # a course under way: its own length and dates
        ends = self._ends(s)
        overran = ends is not None and ends < self.on
        why = (*why, words("why-under-way", started, ends) if ends
               else words("why-under-way-open", started))
        if overran:
            why = (*why, words("why-overran", ends, self.on))
        return Step(
            id=s, kind=kind, title=title, months=self.g.nx.nodes[s].get("months"),
            hours=hours, cost=cost, start=draft.start[s], finish=draft.finish[s],
            needs=tuple(waits), why=why,
            due=due, sources=sources, unconfirmed=unconfirmed,
            started=started, ends=ends, overran=overran, conferred=conferred,
        )

    def _facts(self, s: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...], bool, bool]:
        """What a step says of its record whatever the route (once per graph).

        Its kind, title, sources, unconfirmed fields, whether it is conferred, and whether
        it is experience (a gate: its title says how long, in what).
        """
        found = self._step_facts.get(s)
        if found is None:
            data = self.g.nx.nodes[s]
            kind = _STEP_KINDS[data["kind"]]
            if data["kind"] == "gate":
                scope = data.get("role") or data.get("experience_kind", "")
                found = (kind, words("step-experience", data.get("months", "?"), scope),
                         self._record(data["owner"])[1], (), False, True)
            else:
                record, sources = self._record(s)
                found = (kind, data["title"], sources, tuple(record.unconfirmed),
                         isinstance(record, Qualification) and record.conferred, False)
            self._step_facts[s] = found
        return found

    def _record(self, rid: str) -> tuple[Any, tuple[str, ...]]:
        """Record ``rid`` and the ids of its sources (once per graph)."""
        if rid not in self._records:
            self._records[rid] = self.g.catalogue.get(rid), _source_ids(self.g, rid)
        return self._records[rid]

    def _leaves(self, node: str) -> frozenset[str]:
        """The records anywhere in ``node``'s requirement (once per graph)."""
        if node not in self._leaf_sets:
            self._leaf_sets[node] = frozenset(self.g.requirement_leaves(node))
        return self._leaf_sets[node]


def not_offered(cat: Catalogue, rid: str, on: dt.date) -> str:
    """Why record ``rid`` cannot be started on or after ``on``, or ``""`` if it can.

    Example:
        >>> import datetime as dt, sendpath
        >>> not_offered(sendpath.load_default(), "qual:nasenco", dt.date(2026, 9, 1))
        'qual:nasenco is withdrawn: its last start was 2024-08-31'
    """
    record = cat.qualifications.get(rid)
    if record is None or (record.status == "current" and record.starts_until is None):
        return ""
    if record.starts_until is None:  # withdrawn or closed with no last start: never offered
        return words("step-record-status", rid, record.status)
    if record.starts_until < on:
        return words("step-last-start", rid, record.status, record.starts_until)
    return ""


def _months_left(on: dt.date, end: dt.date) -> int:
    """The months from ``on`` until ``end``, a part month counting as one; 0 if ``end`` is past.

    Example:
        >>> _months_left(dt.date(2026, 1, 1), dt.date(2026, 8, 1))
        7
        >>> _months_left(dt.date(2026, 1, 2), dt.date(2026, 8, 1)), _months_left(
        ...     dt.date(2026, 9, 1), dt.date(2026, 8, 1))
        (7, 0)
    """
    months = 0
    while add_months(on, months) < end:
        months += 1
    return months


def _source_ids(g: ProgressionGraph, rid: str) -> tuple[str, ...]:
    """The sources behind a step: its record's citations that back what a route reads of it."""
    record = g.catalogue.get(rid)
    return tuple(dict.fromkeys(c.source for c in record.sources
                               if any(c.backs(f) for f in _STEP_FIELDS)))


# What a route reads of a step's record: what it requires, when it can start, how long it takes
# and what it costs (not its description, its next steps or its funding).
_STEP_FIELDS: Final = ("requires", "typical_entry", "obligation", "months", "months_by_start",
                       "hours", "hours_basis", "cost", "status", "starts_from", "starts_until",
                       "conferred", "kind", "in_force")
