"""A school's SEND CPD plan from its pupils' needs: who takes what in which term.

:func:`plan_school` follows DESIGN's "School plan and diagnostics". For each need among the
pupils it sets what each member of staff should reach, law first:

1. **Statutory duties.** The duties of the roles each person holds that the rules engine says
   are not met (the SENCO's qualification, with its due date), and the mandatory qualification
   of a teacher of a class *organised* for pupils with a visual, hearing or multi-sensory
   impairment (a ``[[teaching]]`` row for the need, and a class named for it in the pupils
   file): the duty the data gives the specialist teacher's role. A mainstream teacher of one
   such pupil has no such duty: the need is met through awareness and the local authority's
   specialist teacher. Duties are planned by their due dates, over the hours cap if they must
   be (flagged).
2. **Development-plan priorities**: awareness of each priority area for all who work with pupils.
3. **Coverage** (sendpath's reading of the Code of Practice's awareness, enhanced and
   specialist levels, not a rule of law): awareness of every need present for all staff who
   work with pupils (teachers, TAs, HLTAs, the SENCO); enhanced for those who teach a class of
   pupils with it (a ``[[teaching]]`` row); specialist in one member of staff (the SENCO, else
   the first teacher) where the pupils with a need reach :data:`SPECIALIST_THRESHOLD`
   (adjustable; sendpath's threshold, not the law's); and awareness of every need for the
   leaders who do not work with pupils and the SEND link governor, who oversee the school's
   SEN arrangements (the Code of Practice, 6.3; the level is sendpath's reading).

The Code (6.3) also expects a member of the governing body, or a committee, with specific
oversight of SEN and disability: when no one in the staff list holds the SEND link governor's
role, the plan lists that under what it does not cover (``no-link-governor``).

A course's level is its rung on sendpath's ladder, the one diagnostics use
(``sendpath.query._school.rung``: its level's position on its scale, first awareness,
second enhanced, third and beyond specialist; else what its outcomes or RQF level say). A
course meets a want when its level is at least the level wanted and it
names the need or its broad area; a course for all areas does not meet a particular need. For
each person, the courses that meet their wants with the fewest hours, then least cost, are
chosen (:func:`~sendpath.query._cover.choose`), with the steps before them; each person's items
are planned in the three tiers above, each tier within the terms the earlier ones leave
(:mod:`sendpath.query._planner`); with ``terms``, courses that would end after them are listed
with what they would take. A course that cannot be planned is set aside and the wants it was
chosen for are chosen again without it. With a ``budget``, courses are paid for in the tiers' order
(funded courses cost nothing; unknown costs are listed, not taken as free) and what passes the
budget is listed; statutory duties are kept even over it (flagged).

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> from sendpath.model import Holding, Profile, PupilGroup, RoleSpell
    >>> ta = Profile(roles=(RoleSpell(id="role:teaching-assistant", since=dt.date(2022, 9, 1)),))
    >>> plan = query.plan_school(sendpath.load_default().graph,
    ...                          [PupilGroup(need="area:asd", count=5)], {"bo": ta},
    ...                          hours_per_term=10, on=dt.date(2026, 9, 1))
    >>> [(line.person, line.item.id, line.need, line.level) for line in plan.lines]
    [('bo', 'activity:aet-awareness', 'area:asd', 'awareness')]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sendpath._dates import check_day
from sendpath._output import JsonResult, Worded, envelope
from sendpath.model import Term
from sendpath.query._school import (
    LEVELS,
    SPECIALIST_THRESHOLD,
    TIERS,
    SchoolLine,
    Shortfall,
    governance,
    pay,
    person_lines,
    specialist_of,
)
from sendpath.render import count, pounds, short_title, words

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph
    from sendpath.model import Profile, PupilGroup

__all__ = ["LEVELS", "SPECIALIST_THRESHOLD", "SchoolLine", "SchoolPlan", "Shortfall",
           "plan_school"]


@attrs.frozen(kw_only=True)
class SchoolPlan(JsonResult, Worded):
    """A school's CPD plan: the result of :func:`plan_school`.

    Attributes:
        as_of: The day the plan is made.
        start: Its first term.
        terms: How many terms it was asked to plan (``None``: as many as it takes).
        finish: The last day of the plan's last term (``None`` if nothing is planned).
        hours_per_term: Each person's hours a term for CPD.
        budget: The budget in pounds, if one was given.
        needs: The needs among the pupils, with their counts.
        lines: Who takes what in which term, in the tiers' order, then by term and person.
        shortfalls: What could not be covered, with reasons and codes.
        spent: What the planned courses of known cost cost the school.
        unknown_costs: The planned courses whose cost is not known.
        threshold: The pupils with a need that call for a specialist.
        data_version: The version of the data.
    """

    as_of: dt.date
    start: Term
    terms: int | None
    hours_per_term: float
    budget: float | None
    needs: Mapping[str, int]
    lines: tuple[SchoolLine, ...]
    shortfalls: tuple[Shortfall, ...]
    spent: float
    unknown_costs: tuple[str, ...]
    threshold: int
    finish: dt.date | None = None
    data_version: str = ""
    names: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False,
                                           metadata={"json": False})

    def __bool__(self) -> bool:
        return bool(self.lines)

    def _json(self) -> dict[str, Any]:
        return envelope(self.data_version, as_of=self.as_of, start=self.start, terms=self.terms,
                        finish=self.finish,
                        hours_per_term=self.hours_per_term, budget=self.budget,
                        needs=dict(self.needs), threshold=self.threshold, lines=self.lines,
                        shortfalls=self.shortfalls, spent=self.spent,
                        unknown_costs=self.unknown_costs)

    def _lines(self, *, detail: bool) -> list[str]:
        needs = ", ".join(f"{self.names.get(n, n)} {c}" for n, c in self.needs.items())
        span = count(self.terms, "term") if self.terms else words("school-as-needed")
        out = [words("school-head", self.start, span, self.hours_per_term, needs)]
        for tier in TIERS:
            lines = [line for line in self.lines if line.tier == tier]
            if not lines:
                continue
            out += ["", words(f"school-tier-{tier}")]
            rows: dict[tuple[str, str], list[str]] = {}  # in short, alike lines share a row
            for line in lines:
                item = line.item
                when = str(item.start_term) if item.start_term == item.finish_term else \
                    words("plan-terms", item.start_term, item.finish_term)
                flags = (words("plan-over", item.over_cap) if item.over_cap else "") + \
                    (words("school-late", item.due) if item.late else "") + \
                    (words("school-over-budget") if line.over_budget else "")
                name = self.names.get(item.id, item.title)
                what = words("school-what", when,
                             words("plan-take-role", name) if item.kind == "role" else name,
                             flags)
                if detail:
                    out.append(words("school-line", line.person, what))
                    out.append(words("school-why", line.rule, ", ".join(line.sources)))
                else:
                    rows.setdefault((what, line.need), []).append(line.person)
            out += [words("school-line", ", ".join(people), what)
                    for (what, _need), people in rows.items()]
        if self.shortfalls:
            out += ["", words("school-shortfalls")]
            out += [words("school-shortfall", s.person or words("school-whole"),
                          self.names.get(s.id, s.title), s.reason)
                    + (words("plan-code", s.code) if detail else "") for s in self.shortfalls]
        out += ["", words("school-spent", pounds(self.spent),
                          words("school-budget", pounds(self.budget))
                          if self.budget is not None else "")]
        if self.unknown_costs:
            out.append(words("school-unknown-costs", "; ".join(
                self.names.get(i, i) for i in self.unknown_costs)))
        if not detail:
            out.append(words("school-more"))
        return out


def plan_school(g: ProgressionGraph, pupils: Iterable[PupilGroup],
                staff: Mapping[str, Profile] | Iterable[tuple[str, Profile]], *,
                hours_per_term: float, budget: float | None = None,
                priorities: Sequence[str] = (), start: Term | str | None = None,
                on: dt.date | None = None, terms: int | None = None,
                threshold: int = SPECIALIST_THRESHOLD) -> SchoolPlan:
    """Return a school's CPD plan from its pupils' needs (see the module's description).

    Args:
        g: The progression graph (``catalogue.graph``).
        pupils: The pupils by primary need (:class:`~sendpath.model.PupilGroup`).
        staff: Each member of staff's profile, by name.
        hours_per_term: Each person's hours a term for CPD (the cap).
        budget: The school's CPD budget in pounds, if any.
        priorities: Areas of need the development plan puts first (after statutory duties).
        start: The first term (default: the term ``on`` falls in).
        on: The day the plan is made (default today).
        terms: How many terms to plan (default: as many as it takes; statutory duties are
            planned to their end whatever the number).
        threshold: The pupils with a need that call for a specialist (sendpath's threshold).

    Raises:
        UnknownIdError: A priority names no area of need.
        ValueError: A number out of range, or ``start`` before the term of ``on``.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath.model import Profile, PupilGroup, RoleSpell
        >>> senco = Profile(roles=(RoleSpell(id="role:senco", since=dt.date(2026, 1, 5)),))
        >>> plan = plan_school(sendpath.load_default().graph, [PupilGroup(need="area:vi",
        ...                    count=1)], {"sam": senco}, hours_per_term=10,
        ...                    on=dt.date(2026, 9, 1))
        >>> [(ln.tier, ln.item.id) for ln in plan.lines][0]
        ('statutory', 'qual:npq-senco')
        >>> [(s.id, s.code) for s in plan.shortfalls][:2]
        [('role:send-link-governor', 'no-link-governor'), ('qual:degree', 'over-cap')]
    """
    if (terms is not None and (type(terms) is not int or terms < 1)) or \
            type(threshold) is not int or threshold < 1:
        raise ValueError("terms and threshold must be whole numbers of at least 1")
    if budget is not None and not 0 <= budget < math.inf:
        raise ValueError(f"budget must be a number of 0 or more, not {budget!r}")
    on = check_day(on or dt.date.today(), "on")
    first = Term.parse(start) if isinstance(start, str) else start or Term.of(on)
    check_day(first.first_day, "start")
    if first < Term.of(on) or not 0 <= hours_per_term < math.inf:
        raise ValueError("hours_per_term must be 0 or more, and start not before the term of on")
    day0 = max(on, first.first_day)
    cat = g.catalogue
    groups = list(pupils)
    needs: dict[str, int] = {}
    for group in groups:
        needs[group.need] = needs.get(group.need, 0) + group.count
    organised = {group.need for group in groups if group.organised}
    people = dict(staff.items() if isinstance(staff, Mapping) else staff)
    focus = [cat.resolve(p, kind="area") for p in priorities]
    specialist = specialist_of(people, day0)
    lines: list[SchoolLine] = []
    shortfalls: list[Shortfall] = governance(cat, people, day0)
    names: dict[str, str] = {n: short_title(cat.areas[n].title) for n in needs if n in cat.areas}
    for person, profile in sorted(people.items()):
        lines += person_lines(g, person, profile, needs=needs, focus=focus,
                              threshold=threshold, specialist=person == specialist,
                              organised=organised, first=first, day0=day0, terms=terms,
                              cap=float(hours_per_term), shortfalls=shortfalls, names=names)
    lines.sort(key=lambda ln: (TIERS.index(ln.tier), ln.item.start_term, ln.person))
    lines, spent, unknown = pay(cat, lines, budget, shortfalls)
    finish = max((ln.item.finish for ln in lines), default=None)
    return SchoolPlan(as_of=on, start=first, terms=terms, finish=finish,
                      hours_per_term=hours_per_term,
                      budget=budget, needs=needs, lines=tuple(lines),
                      shortfalls=tuple(shortfalls), spent=spent, unknown_costs=unknown,
                      threshold=threshold, data_version=cat.data_version, names=names)


