"""Route steps as a term plan: each step's options in terms, the scheduler's answer as items.

The half of :func:`sendpath.query.sequence` that speaks to the scheduler
(:mod:`sendpath.query._schedule`): a step becomes a task with every term it may start in (its
offering terms, its start window, its cohorts), its hours spread over the terms it runs, the
steps it waits for and its due date (moved with the role it follows); the chosen plan becomes
:class:`PlanItem` and :class:`PlanTerm` records, and what is left out :class:`Unplanned`, with
the reason and its code.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Final

import attrs

from sendpath._dates import add_months
from sendpath.model import Activity, Qualification, Term
from sendpath.model.requirements import referenced_ids
from sendpath.query import _schedule
from sendpath.render import words

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph
    from sendpath.query.routes import Step

__all__ = ["CODES", "HORIZON", "PlanItem", "PlanTerm", "Planner", "Unplanned"]

#: The most terms a plan looks ahead (twenty school years).
HORIZON: Final = 60
#: Why an item could not be planned: each code with what it means.
CODES: Final = {
    "no-route": "no way to the target from what the person holds",
    "not-offered": "no term the course is offered in and open to start, within the horizon",
    "over-cap": "it needs more hours a term than the cap, and it is not a statutory duty",
    "no-room": "no term with room for it, within the horizon",
    "waits-for": "a step it needs could not be planned",
    "uncovered": "no qualification or activity covers the outcome",
}


@attrs.frozen(kw_only=True)
class PlanItem:
    """One thing a plan schedules: a course, a role to take, or time to serve.

    Attributes:
        id: The record (or, for experience, the requirement's gate id).
        title: What it is.
        kind: The route step's kind: ``qualification``, ``activity``, ``role``,
            ``experience`` or ``obligation`` (a statutory duty of a role).
        start_term: The first term it occupies.
        finish_term: The last term it occupies.
        finish: The last day of ``finish_term``.
        hours_per_term: The hours it takes in each of its terms; 0 for a milestone, ``None``
            when its hours are not known.
        hours: Its hours in all.
        milestone: Taking a role, serving time (experience, an apprenticeship, statutory
            induction): it occupies terms and counts no hours against the cap.
        why: Why it is in the plan, in words.
        needs: The items it waits for (it starts once they are done, or in the same term as a
            role it follows).
        due: For a statutory duty, the day by which it must be done.
        late: It is done after ``due``.
        over_cap: The hours by which it takes its terms over the cap (statutory duties only).
        started: For a course under way, the day it was started (it keeps its terms).
        ends: The day it is done, where its length is known (a course under way, or one with
            stated months).
        sources: The ids of the sources behind it.
    """

    JSON_OMIT_EMPTY: ClassVar[bool] = True

    id: str
    title: str
    kind: str
    start_term: Term
    finish_term: Term
    finish: dt.date
    hours_per_term: float | None = attrs.field(metadata={"json_keep": True})
    hours: float | None = attrs.field(metadata={"json_keep": True})
    milestone: bool = False
    why: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    due: dt.date | None = None
    late: bool = False
    over_cap: float = 0.0
    started: dt.date | None = None
    ends: dt.date | None = None
    sources: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Unplanned:
    """Something the plan could not schedule, with its reason and its code.

    The codes: ``no-route``, ``not-offered``, ``over-cap``, ``no-room``, ``waits-for`` and
    ``uncovered`` (:doc:`/plans` says what each means).
    """

    id: str
    title: str
    code: str
    reason: str


@attrs.frozen(kw_only=True)
class PlanTerm:
    """One term of a plan: its hours, and what starts, goes on and finishes in it.

    Attributes:
        term: The term.
        hours: The hours planned in it (known hours only).
        over: The hours over the cap.
        items: The ids of the items it holds, in the plan's order.
    """

    term: Term
    hours: float
    over: float
    items: tuple[str, ...]


class Planner:
    """Route steps as scheduler tasks: their options in terms, their order and due dates."""

    def __init__(self, g: ProgressionGraph, steps: Sequence[Step], first: Term,
                 day0: dt.date) -> None:
        # A status conferred as soon as its requirement is met is nothing to do: the steps
        # that wait for it wait for what it waits for.
        conferred = {s.id: s.needs for s in steps if s.conferred}

        def needs(ids: Sequence[str]) -> tuple[str, ...]:
            out: list[str] = []
            for n in ids:
                out += needs(conferred[n]) if n in conferred else [n]
            return tuple(dict.fromkeys(out))

        self.g, self.first, self.day0 = g, first, day0
        self.steps = [attrs.evolve(s, needs=needs(s.needs)) for s in steps if not s.conferred]
        self.index = {s.id: i for i, s in enumerate(self.steps)}
        length = sum(max(1, math.ceil((s.months or 0) / 3)) for s in self.steps)
        self.horizon = min(HORIZON, length + 3 * len(self.steps) + 3)

    def _record(self, step: Step) -> Qualification | Activity | None:
        cat = self.g.catalogue
        return cat.qualifications.get(step.id) or cat.activities.get(step.id)

    def milestone(self, step: Step) -> bool:
        """Whether a step occupies terms without study hours against the cap.

        Taking a role, serving time (experience), an apprenticeship (time served in the job)
        and a status of no stated hours (statutory induction) are milestones.
        """
        record = self._record(step)
        if step.kind in ("role", "experience") or record is None:
            return True
        return isinstance(record, Qualification) and (
            record.kind == "apprenticeship" or (record.kind == "status" and record.hours is None))

    def _hours(self, step: Step) -> float | None:
        """A step's hours in all (the data's; ``None`` when not known)."""
        record = self._record(step)
        if record is None:
            return 0.0
        return record.total_hours if record.total_hours is not None else step.hours

    def _load(self, step: Step) -> float | None:
        """The hours a step counts against the cap: none for a milestone."""
        return 0.0 if self.milestone(step) else self._hours(step)

    def _begin(self, s: int) -> dt.date:
        return max(self.day0, (self.first + s).first_day)

    def _option(self, begin: dt.date, end: dt.date, s: int, hours: float | None,
                *, course: bool) -> _schedule.Option:
        """An option from its days: the terms it occupies, when its dependants may start."""
        last = max(s, Term.of(max(begin, end - dt.timedelta(days=1))) - self.first) \
            if end > begin else s
        ready = last + 1 if course or end > begin else s
        load = 0.0 if not hours else hours / (last - s + 1)
        return _schedule.Option(start=s, last=last, ready=ready, begin=begin, end=end, load=load)

    def _startable(self, step: Step, s: int) -> bool:
        record = self._record(step)
        if record is None:
            return True
        term = self.first + s
        begin = self._begin(s)
        if record.offered and term.season not in record.offered:
            return False
        if record.cohorts and not any(begin <= c <= term.last_day for c in record.cohorts):
            return False
        return not isinstance(record, Qualification) or record.is_startable_on(begin)

    def options(self, step: Step, cap: float) -> tuple[_schedule.Option, ...]:
        """The ways to place a step: every term it may start in, within the horizon."""
        hours = self._load(step)
        if step.started:  # under way: its own terms, to its expected end (or today, if past)
            end = self.day0 if step.overran else step.ends or self.day0
            s = Term.of(step.started) - self.first
            return (self._option(step.started, end, s, hours, course=True),)
        course = step.kind not in ("role", "experience")
        out = []
        for s in range(self.horizon):
            if course and not self._startable(step, s):
                continue
            begin = self._begin(s)
            if step.months:
                end = add_months(begin, step.months)
            elif course and hours and cap > 0:  # no stated length: as few terms as fit
                terms = max(1, math.ceil(hours / cap - 1e-9))
                end = (self.first + (s + terms - 1)).last_day + dt.timedelta(days=1)
            else:
                end = (self.first + s).last_day + dt.timedelta(days=1) if course else begin
            out.append(self._option(begin, end, s, hours, course=course))
        return tuple(out)

    def tasks(self, cap: float, *, over_ok: bool = True) -> list[_schedule.Task]:
        """The scheduler's tasks at a cap (``over_ok``: statutory duties may go over it)."""
        anchors = self._anchors()
        out = []
        for step in self.steps:
            needs = () if step.started else tuple(
                sorted({self.index[n] for n in step.needs if n in self.index}))
            after = tuple(sorted(self.index[u] for u, _d in
                                 self.g.edges_into(step.id, "recommended_before")
                                 if u in self.index)) if step.id in self.g.nx else ()
            due_after = anchors.get(step.id)
            out.append(_schedule.Task(
                options=self.options(step, cap), needs=needs,
                over_ok=over_ok and step.kind == "obligation",
                required=step.kind == "obligation",
                due=step.due, due_after=due_after, after=after))
        return out

    def _anchors(self) -> dict[str, tuple[int, int]]:
        """Duties due a period after taking a role the plan takes: the role and the months."""
        out = {}
        for role_id, i in self.index.items():
            role = self.g.catalogue.roles.get(role_id)
            if role is None:
                continue
            for ob in role.obligations:
                if ob.anchor != "appointed":
                    continue
                for rid in referenced_ids(ob.requires):
                    if rid in self.index and self.index[rid] > i:
                        out[rid] = (i, ob.due.in_months())
        return out

    def cap_needed(self, cap: float) -> float | None:
        """The fewest whole hours a term at which a plan meets every due date within the cap.

        ``None`` when no cap does: time alone is too short. A plan at a higher cap may leave
        out only what it leaves out at any cap.
        """
        least = _schedule.solve(self.tasks(math.inf, over_ok=False), math.inf).cost[0]

        def meets(c: float) -> bool:
            found = _schedule.solve(self.tasks(c, over_ok=False), c)
            return not found.cost[1] and found.cost[0] <= least

        low = math.ceil(cap)
        high = max(low, math.ceil(sum(self._load(s) or 0.0 for s in self.steps)))
        if not meets(high):
            return None
        while low < high:
            mid = (low + high) // 2
            if meets(mid):
                high = mid
            else:
                low = mid + 1
        return float(high)

    def result(self, tasks: Sequence[_schedule.Task], schedule: _schedule.Schedule, cap: float,
               ) -> tuple[tuple[PlanItem, ...], tuple[PlanTerm, ...], list[Unplanned]]:
        """The plan's items, terms and what it left out, from the scheduler's answer."""
        choice = schedule.choice
        hours = _schedule.loads(tasks, choice)
        items: list[tuple[int, PlanItem]] = []
        left: list[Unplanned] = []
        for i, (step, task) in enumerate(zip(self.steps, tasks, strict=True)):
            o = _schedule.picked(tasks, choice, i)
            if o is None:
                left.append(self.why_not(i, step, task, choice, cap))
                continue
            over = max((min(o.load, hours[t] - cap) for t in range(max(o.start, 0), o.last + 1)
                        if hours.get(t, 0.0) > cap + 1e-9), default=0.0)
            total, milestone = self._hours(step), self.milestone(step)
            items.append((o.start, PlanItem(
                id=step.id, title=step.title, kind=step.kind, start_term=self.first + o.start,
                finish_term=self.first + o.last, finish=(self.first + o.last).last_day,
                hours_per_term=0.0 if milestone else None if total is None else round(o.load, 1),
                hours=None if total is None else round(total, 1), milestone=milestone,
                why=step.why, needs=step.needs if not step.started else (),
                due=_schedule.due(tasks, choice, i),
                late=_schedule.late(tasks, choice, i), over_cap=round(over, 1),
                started=step.started, ends=o.end if step.months or step.started else None,
                sources=step.sources)))
        items.sort(key=lambda pair: pair[0])
        plan = tuple(item for _s, item in items)
        span = max((o.last + 1 for i in range(len(tasks))
                    if (o := _schedule.picked(tasks, choice, i))), default=0)
        terms = tuple(
            PlanTerm(term=self.first + t, hours=round(hours.get(t, 0.0), 1),
                     over=round(max(0.0, hours.get(t, 0.0) - cap), 1),
                     items=tuple(i.id for i in plan
                                 if i.start_term <= self.first + t <= i.finish_term))
            for t in range(span))
        return plan, terms, left

    def why_not(self, i: int, step: Step, task: _schedule.Task,
                 choice: Sequence[int | None], cap: float) -> Unplanned:
        waiting = [self.steps[n] for n in task.needs if choice[n] is None]
        if waiting:
            code, reason = "waits-for", words("plan-waits-for", waiting[0].title)
        elif not task.options:
            code, reason = "not-offered", CODES["not-offered"]
        elif not task.over_ok and min(o.load for o in task.options) > cap:
            code = "over-cap"
            reason = words("plan-needs-hours", round(min(o.load for o in task.options), 1),
                           cap)
        else:
            code, reason = "no-room", CODES["no-room"]
        return Unplanned(id=step.id, title=step.title, code=code, reason=reason)
