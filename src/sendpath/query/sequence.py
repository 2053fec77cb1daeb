"""CPD plans term by term: what a person does in each school term to reach a target.

:func:`sequence` turns a target (a role, a qualification or an activity) or a set of
framework outcomes into a plan within the hours a person has each term, following DESIGN's
CPD sequencing contract:

- the steps are those of the best way to the target (:func:`sendpath.query.gap`: by months,
  then cost), with their order, their obligations and due dates, and the courses under way;
- a course spreads its hours over the terms it runs (the data's hours, guided or total as the
  record says; a per-week figure over its months of school weeks), so an 18-month NPQ is a load
  in each of five terms, not one lump; a course of no stated length is spread over as few terms
  as the cap allows;
- taking a role and time-only steps (experience) are milestones: they occupy terms and take no
  hours;
- a course starts only in the terms it is offered in (``offered``, ``cohorts``) and inside its
  start window; a course under way keeps its own terms;
- the plan keeps, in this order: every hard requirement, the statutory due dates, the fewest
  terms, then the data's ``recommended_before`` (the scheduler,
  :func:`~sendpath.query._schedule.solve`, is exact unless its budget runs out);
- a statutory duty (an obligation of a role) is scheduled even over the cap, and the plan says by
  how many hours; where a due date is missed or the cap is passed, it says the cap that would
  meet every due date within it.

For outcomes, the qualifications and activities that cover them with the fewest hours (then
the least cost) are chosen first (:func:`~sendpath.query._cover.choose`) and planned together.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> me = Profile(roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),),
    ...              holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
    ...                     Holding(id="qual:induction", completed=dt.date(2021, 7, 20))))
    >>> plan = query.sequence(sendpath.load_default().graph, me, "senco", hours_per_term=30,
    ...                       start=sendpath.Term(2026, "autumn"), on=dt.date(2026, 9, 1))
    >>> [(i.id, str(i.start_term), str(i.finish_term)) for i in plan.items]
    [('role:senco', '2026-autumn', '2026-autumn'), ('qual:npq-senco', '2026-autumn', '2028-spring')]
"""

from __future__ import annotations

import datetime as dt
import graphlib
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sendpath._dates import check_day
from sendpath._output import JsonResult, Worded, envelope
from sendpath.model import Term
from sendpath.query import _schedule
from sendpath.query._cover import choose
from sendpath.query._planner import CODES, PlanItem, Planner, PlanTerm, Unplanned
from sendpath.query.gap import gap
from sendpath.render import count, short_title, words

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph
    from sendpath.model import Profile
    from sendpath.query.routes import Step

__all__ = ["PlanItem", "PlanTerm", "SequenceResult", "Unplanned", "sequence"]

@attrs.frozen(kw_only=True)
class SequenceResult(JsonResult, Worded):
    """A CPD plan term by term: the result of :func:`sequence`.

    Attributes:
        target: The target (full id), or ``""`` for a plan of outcomes.
        title: The target's title (or the outcomes', in words).
        outcomes: The outcomes asked for, for a plan of outcomes.
        as_of: The day the plan is made on.
        start: The plan's first term.
        hours_per_term: The cap: the hours a term the person has for CPD.
        items: What is scheduled, in the order it starts.
        terms: Each term from ``start`` to the plan's last, with its hours.
        unplanned: What could not be scheduled, with why.
        covered: For a plan of outcomes, the outcomes the chosen items cover (and those
            already covered by what the person holds).
        finish: The last day of the plan's last term.
        cap_needed: Where a due date is missed or a term goes over the cap: the fewest whole
            hours a term that would meet every due date within the cap (``None`` if none
            would: time alone is too short).
        exact: The scheduler searched every plan (else the best it found in its budget), and
            for outcomes the choice of items is the exact cheapest.
        rules_as_of: The date whose wording of the rules applied, if one was asked for.
        data_version: The version of the data the plan comes from.
    """

    target: str
    title: str
    outcomes: tuple[str, ...]
    as_of: dt.date
    start: Term
    hours_per_term: float
    items: tuple[PlanItem, ...]
    terms: tuple[PlanTerm, ...]
    unplanned: tuple[Unplanned, ...]
    covered: tuple[str, ...] = ()
    finish: dt.date | None = None
    cap_needed: float | None = None
    exact: bool = True
    rules_as_of: dt.date | None = None
    data_version: str = ""
    #: The short names of records, for the term table.
    names: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False,
                                           metadata={"json": False})

    def __bool__(self) -> bool:
        """A plan is true when it schedules anything."""
        return bool(self.items)

    @property
    def late(self) -> tuple[PlanItem, ...]:
        """The statutory duties the plan finishes after their due date."""
        return tuple(i for i in self.items if i.late)

    @property
    def over_cap(self) -> float:
        """The hours, over all terms, by which the plan goes over the cap."""
        return round(sum(t.over for t in self.terms), 1)

    def _json(self) -> dict[str, Any]:
        """What the plan shows in JSON, with the usual envelope.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> from sendpath.model import Profile
            >>> plan = query.sequence(sendpath.load_default().graph, Profile(), "hlta-status",
            ...                       hours_per_term=30, on=dt.date(2026, 9, 1))
            >>> d = plan.to_dict()
            >>> d["format"], d["start"], d["hours_per_term"], "items" in d
            (1, '2026-autumn', 30, True)
        """
        return envelope(
            self.data_version, as_of=self.as_of,
            target={"id": self.target, "title": self.title} if self.target else None,
            outcomes=self.outcomes, start=self.start, hours_per_term=self.hours_per_term,
            finish=self.finish, items=self.items, terms=self.terms, unplanned=self.unplanned,
            covered=self.covered, cap_needed=self.cap_needed, over_cap=self.over_cap,
            exact=self.exact, rules_as_of=self.rules_as_of)

    def _lines(self, *, detail: bool) -> list[str]:
        if self.items:
            lines = [words("plan-head", self.title, self.start, self.hours_per_term,
                           count(len(self.items), "item"), count(len(self.terms), "term"),
                           self.terms[-1].term)]
        elif self.unplanned:
            lines = [words("plan-head-none", self.title, self.start,
                           self.hours_per_term)]
        else:
            lines = [words("plan-head-done", self.title, self.as_of)]
        if self.items:
            lines += ["", *_table(self)]
        if detail:
            for item in self.items:
                lines += ["", *_item_lines(item)]
        if self.unplanned:
            lines += ["", *_unplanned_lines(self, detail=detail)]
        lines += _notes(self, detail=detail)
        return lines


def _table(plan: SequenceResult) -> list[str]:
    """The term table: one line per term, what starts, goes on and ends in it."""
    starts = {i.id: i for i in plan.items}
    rows: list[tuple[float, str]] = []
    for t in plan.terms:
        parts = []
        for rid in t.items:
            item, name = starts[rid], plan.names.get(rid, rid)
            first = item.start_term == t.term or (t.term == plan.start and
                                                  item.start_term < plan.start)
            unknown = words("plan-unknown-hours") if item.hours_per_term is None else ""
            due = words("plan-due", item.due) if item.due else ""
            if item.kind == "role":
                parts.append(words("plan-take-role", name))
            elif first and item.finish_term == t.term:
                parts.append(words("plan-once", name, f" ({(due + unknown)[2:]})"
                                   if due or unknown else ""))
            elif first:
                parts.append(words("plan-starts", name, item.finish_term, due,
                                   words("plan-since", item.started) if item.started else "",
                                   unknown))
            elif item.finish_term == t.term:
                parts.append(words("plan-ends", name))
            else:
                parts.append(name)
        what = "; ".join(parts) or words("plan-idle")
        if t.over:
            what += words("plan-over", round(t.over, 1))
        rows.append((round(t.hours, 1), what))
    out: list[str] = []
    i = 0
    while i < len(rows):  # terms alike (the same courses going on) share one line
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[i]:
            j += 1
        if j > i:
            out.append(words("plan-row", words("plan-terms", plan.terms[i].term,
                                               plan.terms[j].term), *rows[i]))
        else:
            out.append(words("plan-row", str(plan.terms[i].term), *rows[i]))
        i = j + 1
    return out


def _unplanned_lines(plan: SequenceResult, *, detail: bool) -> list[str]:
    """What could not be planned; in short, what waits for it on one line."""
    if detail:
        return [words("plan-unplanned", f"{u.title} ({u.id})", u.reason) +
                words("plan-code", u.code) for u in plan.unplanned]
    lines = [words("plan-unplanned", u.title, u.reason) for u in plan.unplanned
             if u.code != "waits-for"]
    waiting = [plan.names.get(u.id, u.title) for u in plan.unplanned if u.code == "waits-for"]
    if waiting:
        lines.append(words("plan-unplanned-waiting", "; ".join(waiting)))
    return lines


def _item_lines(item: PlanItem) -> list[str]:
    when = words("plan-item-when", item.start_term, item.finish_term, item.finish)
    load = (words("plan-milestone") if item.milestone else
            words("plan-hours-unknown") if item.hours_per_term is None else
            words("plan-item-hours", item.hours_per_term, item.hours))
    lines = [words("plan-item", item.title, item.id, item.kind), when, load]
    if item.due:
        lines.append(words("plan-item-due", item.due) + (words("plan-item-late") if item.late
                                                        else ""))
    if item.over_cap:
        lines.append(words("plan-item-over", item.over_cap))
    if item.started:
        lines.append(words("plan-item-under-way", item.started))
    lines += [words("plan-item-why", w) for w in item.why]
    if item.sources:
        lines.append(words("plan-item-sources", ", ".join(item.sources)))
    return lines


def _notes(plan: SequenceResult, *, detail: bool) -> list[str]:
    notes = []
    for item in plan.late:
        notes.append(words("plan-late", plan.names.get(item.id, item.title), item.due,
                           item.ends or item.finish))
    if plan.over_cap:
        notes.append(words("plan-over-cap", plan.over_cap))
    if plan.late or plan.over_cap:
        notes.append(words("plan-cap-needed", plan.cap_needed)
                     if plan.cap_needed is not None else words("plan-no-cap"))
    if not plan.exact:
        notes.append(words("plan-heuristic"))
    if not detail and plan.items:
        notes.append(words("plan-more"))
    return ["", *notes] if notes else []


def sequence(g: ProgressionGraph, profile: Profile, target_or_outcomes: str | Sequence[str], *,
             hours_per_term: float, start: Term | str | None = None,
             on: dt.date | None = None, rules_as_of: dt.date | None = None) -> SequenceResult:
    """Return a term-by-term CPD plan to reach a target, or to cover a set of outcomes.

    Args:
        g: The progression graph (``catalogue.graph``).
        profile: What the person holds, with dates (courses under way keep their terms).
        target_or_outcomes: A role, qualification or activity (an id or a short name); or a
            list of outcome and framework ids (a framework stands for all its outcomes).
        hours_per_term: The hours a term the person has for CPD (the cap).
        start: The plan's first term (a :class:`~sendpath.model.Term` or ``"2026-autumn"``; default
            the term ``on`` falls in).
        on: The day the plan is made (default today); nothing starts before it.
        rules_as_of: Apply the rules as worded on this day.

    Raises:
        UnknownIdError: The target or an outcome names nothing of those kinds.
        ValueError: ``hours_per_term`` is not a number of 0 or more, or ``start`` is before
            the term ``on`` falls in.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> from sendpath.model import Profile
        >>> g = sendpath.load_default().graph
        >>> plan = query.sequence(g, Profile(), ["fw:npq-senco-framework"], hours_per_term=30,
        ...                       on=dt.date(2026, 9, 1))
        >>> "qual:npq-senco" in [i.id for i in plan.items]
        True
    """
    if isinstance(hours_per_term, bool) or not isinstance(hours_per_term, (int, float)) or \
            not 0 <= hours_per_term < math.inf:
        raise ValueError(f"hours_per_term must be a number of 0 or more, not {hours_per_term!r}")
    on = check_day(on or dt.date.today(), "on")
    first = Term.parse(start) if isinstance(start, str) else start or Term.of(on)
    check_day(first.first_day, "start")
    if first < Term.of(on):
        raise ValueError(f"the plan cannot start in {first}, before the term of {on} "
                         f"({Term.of(on)})")
    day0 = max(on, first.first_day)
    cat = g.catalogue
    ask = [target_or_outcomes] if isinstance(target_or_outcomes, str) else \
        list(target_or_outcomes)
    targets = [cat.resolve(a, kinds=("role", "qual", "activity", "fw", "outcome")) for a in ask]
    outcomes: tuple[str, ...] = ()
    if len(targets) == 1 and targets[0].split(":")[0] in ("role", "qual", "activity"):
        target = targets[0]
        steps, unplanned, covered, chose_exact = _target_steps(g, profile, target, day0,
                                                               rules_as_of)
        title = cat.get(target).title
    else:
        target, outcomes = "", tuple(_outcomes(g, targets))
        steps, unplanned, covered, chose_exact = _outcome_steps(g, profile, outcomes, day0,
                                                                rules_as_of)
        title = words("plan-outcomes", count(len(outcomes), "outcome"))
    planner = Planner(g, steps, first, day0)
    tasks = planner.tasks(float(hours_per_term))
    schedule = _schedule.solve(tasks, float(hours_per_term))
    items, terms, left = planner.result(tasks, schedule, float(hours_per_term))
    cap_needed = None
    if any(i.late for i in items) or any(t.over for t in terms):
        cap_needed = planner.cap_needed(float(hours_per_term))
    names = {s.id: short_title(s.title) for s in steps}
    names.update((u.id, short_title(u.title)) for u in (*unplanned, *left))
    return SequenceResult(
        target=target, title=title, outcomes=outcomes, as_of=on, start=first,
        hours_per_term=hours_per_term, items=items, terms=terms,
        unplanned=(*unplanned, *left), covered=covered,
        finish=terms[-1].term.last_day if terms else None, cap_needed=cap_needed,
        exact=schedule.exact and chose_exact, rules_as_of=rules_as_of,
        data_version=cat.data_version, names=names)


def _target_steps(g: ProgressionGraph, profile: Profile, target: str, day0: dt.date,
                  rules_as_of: dt.date | None,
                  ) -> tuple[list[Step], list[Unplanned], tuple[str, ...], bool]:
    """The steps of the best way to ``target`` (or why there is none)."""
    answer = gap(g, profile, target, on=day0, rules_as_of=rules_as_of)
    best = answer.best
    if best is not None and best.route is not None:
        return list(best.route.steps), [], (), True
    if not answer.options:  # met, and nothing left to do
        return [], [], (), True
    reason = answer.options[0].reason or words("gap-no-route")
    return [], [Unplanned(id=target, title=answer.title, code="no-route", reason=reason)], (), True


def _outcomes(g: ProgressionGraph, ids: Sequence[str]) -> list[str]:
    """The outcomes asked for: a framework stands for all its outcomes."""
    cat = g.catalogue
    out: list[str] = []
    for rid in ids:
        if rid.startswith("fw:"):
            out += [o.id for o in cat.frameworks[rid].outcomes]
        elif rid.startswith("outcome:"):
            out.append(rid)
        else:
            raise ValueError(f"{rid} is not an outcome or a framework: plan a target alone")
    return list(dict.fromkeys(out))


def _outcome_steps(g: ProgressionGraph, profile: Profile, outcomes: Sequence[str],
                   day0: dt.date, rules_as_of: dt.date | None,
                   ) -> tuple[list[Step], list[Unplanned], tuple[str, ...], bool]:
    """The steps to the items that cover ``outcomes`` with the fewest hours, then least cost."""
    cat = g.catalogue
    held = {h.id for h in profile.holds} | {a.id for a in profile.activities}
    done = {o for rid in held if rid in cat
            for o in getattr(cat.get(rid), "covers", ())}
    wanted = frozenset(outcomes) - done
    routes: dict[str, Sequence[Step]] = {}
    sets: dict[str, tuple[frozenset[str], tuple[float, float, int]]] = {}
    for record in (*cat.qualifications.values(), *cat.activities.values()):
        covers = wanted & frozenset(record.covers)
        if not covers or record.id in held or getattr(record, "status", "current") != "current":
            continue
        answer = gap(g, profile, record.id, on=day0, rules_as_of=rules_as_of)
        best = answer.best
        if best is None or best.route is None:
            continue
        route = best.route
        routes[record.id] = list(route.steps)
        unknown = int(bool(route.unknown["hours"]))
        sets[record.id] = (covers, (route.at_least["hours"] + unknown * 1e6,
                                    route.at_least["cost"], len(route.steps)))
    chosen, exact = choose(wanted, sets)
    steps: dict[str, Step] = {}
    for rid in chosen:
        for s in routes[rid]:
            if s.id in steps:  # a step two routes share is planned once, waiting for both
                old = steps[s.id]
                s = attrs.evolve(old, needs=tuple(dict.fromkeys((*old.needs, *s.needs))))  # noqa: PLW2901
            elif s.id == rid:  # chosen for the outcomes, not as a target
                why = (words("plan-covers", count(len(sets[rid][0]), "outcome")),
                       *(w for w in s.why if w != words("why-target")))
                s = attrs.evolve(s, why=why)  # noqa: PLW2901
            steps[s.id] = s
    covered = {o for rid in chosen for o in sets[rid][0]}
    unplanned = [Unplanned(id=o, title=cat.outcomes[o].title, code="uncovered",
                           reason=CODES["uncovered"])
                 for o in outcomes if o not in covered and o not in done]
    return (_in_order(list(steps.values())), unplanned,
            tuple(sorted(covered | (done & set(outcomes)))), exact)


def _in_order(steps: list[Step]) -> list[Step]:
    """The steps with each after the steps it needs (the merge of several routes)."""
    by_id = {s.id: s for s in steps}
    order = graphlib.TopologicalSorter({s.id: [n for n in s.needs if n in by_id]
                                        for s in steps})
    return [by_id[i] for i in order.static_order()]
