"""How :func:`sendpath.query.plan_school` works out each person's wants, courses and terms.

The school plan's working parts (see :mod:`sendpath.query.school` for what it does): the levels
each person should reach, the courses that meet them (the exact cover of
:mod:`sendpath.query._cover`), their statutory duties, each person's items planned tier by tier
(:mod:`sendpath.query._planner`), and paying for them within a budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from sendpath import rules
from sendpath.model import Term
from sendpath.query import _schedule
from sendpath.query._cover import choose
from sendpath.query._ladder import Ladder
from sendpath.query._planner import PlanItem, Planner
from sendpath.query.gap import gap
from sendpath.render import pounds, short_title, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.graph import ProgressionGraph
    from sendpath.model import Profile
    from sendpath.query.routes import Step

__all__ = ["LEVELS", "LINK_GOVERNOR", "OVERSEE", "SPECIALIST_THRESHOLD", "TEACH", "TIERS",
           "WORK_WITH_PUPILS", "SchoolLine", "Shortfall", "governance", "pay", "person_lines",
           "rung", "specialist_of"]

#: How many pupils with a need call for a specialist in the school (sendpath's, not the law's).
SPECIALIST_THRESHOLD: Final = 10
#: The levels a want names, lowest first (a record's level by its position on its scale).
LEVELS: Final = ("awareness", "enhanced", "specialist")
#: The roles of staff who work with pupils, and those of staff who teach them.
WORK_WITH_PUPILS: Final = frozenset({"role:teacher", "role:ect", "role:teaching-assistant",
                                     "role:hlta", "role:senco", "role:assistant-senco",
                                     "role:qtvi", "role:qtod", "role:qtmsi"})
TEACH: Final = frozenset({"role:teacher", "role:ect", "role:senco", "role:qtvi", "role:qtod",
                          "role:qtmsi"})
#: The roles that oversee the school's SEN arrangements: its leaders and the SEND link governor.
OVERSEE: Final = frozenset({"role:headteacher", "role:senior-leader", "role:send-link-governor"})
#: The role the Code of Practice (6.3) expects the governing body to have.
LINK_GOVERNOR: Final = "role:send-link-governor"
TIERS: Final = ("statutory", "priority", "coverage")
# How many route answers the memo of school plans keeps at most.
_MEMO_SIZE: Final = 4096
# How many times a person's wants are chosen again without the courses that could not be planned.
_ROUNDS: Final = 3


@attrs.frozen(kw_only=True)
class SchoolLine:
    """One line of a school plan: a person, an item in its terms, and why.

    Attributes:
        person: Who takes it.
        item: What, in which terms, with its hours (a :class:`~sendpath.query.PlanItem`).
        tier: ``statutory``, ``priority`` or ``coverage``.
        need: The area of need it answers (``""`` for a duty that names none).
        level: ``awareness``, ``enhanced`` or ``specialist`` (``""`` for a step on the way).
        rule: The rule it answers, in words.
        sources: The ids of the sources of that rule.
        cost: What it costs the school: 0 when funded, ``None`` when not known.
        over_budget: A statutory duty kept although the budget is spent.
    """

    JSON_OMIT_EMPTY: ClassVar[bool] = True

    person: str
    item: PlanItem
    tier: str
    need: str
    level: str
    rule: str
    sources: tuple[str, ...]
    cost: float | None = attrs.field(metadata={"json_keep": True})
    over_budget: bool = False


@attrs.frozen(kw_only=True)
class Shortfall:
    """What the plan could not cover, for whom (``""``: the school), and what it would take."""

    person: str
    id: str
    title: str
    need: str
    code: str
    reason: str


@attrs.frozen
class _Want:
    need: str
    level: int  # 1 awareness, 2 enhanced, 3 specialist
    tier: str
    rule: str
    sources: tuple[str, ...]


def person_lines(g: ProgressionGraph, person: str, profile: Profile, *,
                 needs: Mapping[str, int], focus: Sequence[str], threshold: int,
                 specialist: bool, organised: set[str], first: Term, day0: dt.date,
                 terms: int | None, cap: float, shortfalls: list[Shortfall],
                 names: dict[str, str]) -> list[SchoolLine]:
    """One person's plan lines: their wants, the courses and duties for them, in terms.

    A course chosen for a want that cannot be planned (not offered, or not within the terms)
    is set aside and the wants chosen again without it, a few times at most, so that a want
    another course could meet is not lost with it.
    """
    wants = _wants(g, profile, day0, needs, focus, threshold, specialist=specialist)
    exclude: set[str] = set()
    for _round in range(_ROUNDS):
        found: list[Shortfall] = []
        steps, tier_of, why = _steps(g, profile, person, wants, organised, day0, found,
                                     exclude=exclude)
        lines = _schedule_person(g, person, steps, tier_of=tier_of, why=why, first=first,
                                 day0=day0, terms=terms, cap=cap, shortfalls=found)
        placed = {line.item.id for line in lines}
        dropped = {c for c, reason in why.items()
                   if isinstance(reason, _Want) and c not in placed} - exclude
        if not dropped:
            break
        exclude |= dropped
    names.update((s.id, short_title(s.title)) for s in steps)
    shortfalls += found
    return lines


def rung(g: ProgressionGraph, rid: str, day: dt.date) -> int:
    """A course's rung on sendpath's ladder (:class:`~sendpath.query._ladder.Ladder`; 0: none).

    The one reading of levels that diagnostics and school plans share: a level's position on
    its scale (first awareness, second enhanced, third and beyond specialist), else what the
    outcomes it covers or its RQF level say. One ladder is kept per graph and day.

    Example:
        >>> import datetime as dt, sendpath
        >>> g = sendpath.load_default().graph
        >>> day = dt.date(2026, 9, 1)
        >>> rung(g, "activity:makaton-level-1", day), rung(g, "qual:mq-vi", day)
        (1, 3)
    """
    ladders: dict[dt.date, Ladder] = g.memo.setdefault("ladders", {})
    if day not in ladders:
        ladders[day] = Ladder(g.catalogue, day)
    return ladders[day].own(rid) or 0


def _current(profile: Profile, day: dt.date) -> set[str]:
    return {r.id for r in profile.roles if r.current_on(day)}


def specialist_of(people: Mapping[str, Profile], day: dt.date) -> str | None:
    """Who becomes the school's specialist for a need: the SENCO, else the first teacher."""
    for role in ("role:senco", "role:teacher"):
        found = sorted(n for n, p in people.items() if role in _current(p, day))
        if found:
            return found[0]
    return None


def _family(cat: Catalogue, need: str) -> set[str]:
    area = cat.areas.get(need)
    return {need} | ({area.parent} if area is not None and area.parent else set())


def _code_of_practice(cat: Catalogue) -> tuple[str, ...]:
    """The sources of the Code of Practice's expectation of a SEND link governor (6.3)."""
    role = cat.roles.get(LINK_GOVERNOR)
    return tuple(c.source for c in role.sources) if role is not None else ()


def governance(cat: Catalogue, people: Mapping[str, Profile], day: dt.date) -> list[Shortfall]:
    """What the Code of Practice expects of the board that the staff list does not show.

    The Code (6.3) expects a member of the governing body, or a committee, with specific
    oversight of the school's arrangements for SEN and disability: a plan whose people include
    no SEND link governor says so (the school may have a committee instead).
    """
    if LINK_GOVERNOR not in cat.roles or any(
            LINK_GOVERNOR in _current(p, day) for p in people.values()):
        return []
    role = cat.roles[LINK_GOVERNOR]
    return [Shortfall(person="", id=role.id, title=role.title, need="", code="no-link-governor",
                      reason=words("school-no-link-governor",
                                   ", ".join(_code_of_practice(cat))))]


def _wants(g: ProgressionGraph, profile: Profile, day: dt.date, needs: Mapping[str, int],
           focus: Sequence[str], threshold: int, *, specialist: bool) -> list[_Want]:
    """What one person should reach, by need and level (less what they already hold)."""
    cat = g.catalogue
    roles = _current(profile, day)
    works, teaches = bool(roles & WORK_WITH_PUPILS), bool(roles & TEACH)
    oversees = not works and bool(roles & OVERSEE)
    taught = {t.need for t in profile.teaching if t.current_on(day)}
    levels = {lv.id: [c.source for c in lv.sources]
              for s in cat.scales.values() for lv in s.levels}
    cop = [f"level:cop/{name}" for name in LEVELS]
    out = []
    for need in focus:
        if works:
            out.append(_Want(need, 1, "priority", words("school-rule-priority"),
                             tuple(levels.get(cop[0], ()))))
    code = _code_of_practice(cat)
    for need, pupils in needs.items():
        if works:
            out.append(_Want(need, 1, "coverage", words("school-rule-awareness"),
                             tuple(levels.get(cop[0], ()))))
        elif oversees:
            out.append(_Want(need, 1, "coverage", words("school-rule-oversight"),
                             (*code, *levels.get(cop[0], ()))))
        if teaches and taught & _family(cat, need):
            out.append(_Want(need, 2, "coverage", words("school-rule-enhanced"),
                             tuple(levels.get(cop[1], ()))))
        if specialist and pupils >= threshold:
            out.append(_Want(need, 3, "coverage",
                             words("school-rule-specialist", pupils, threshold),
                             tuple(levels.get(cop[2], ()))))
    held = [cat.get(rid) for rid in {h.id for h in profile.holds} |
            {a.id for a in profile.activities} if rid in cat]
    return [w for w in out if not any(
        rung(g, r.id, day) >= w.level and
        _family(cat, w.need) & set(getattr(r, "areas", ())) for r in held)]


def _route(g: ProgressionGraph, profile: Profile, target: str, day0: dt.date,
           ) -> Sequence[Step] | None:
    """The steps of the best way from ``profile`` to ``target`` (the gap's), kept per graph.

    Staff often share a profile (five teachers with the same record), so the answer is kept
    in the graph's memo, keyed by the profile, the target and the day; the memo is emptied when
    it holds :data:`_MEMO_SIZE` answers, so that it stays bounded over many schools.
    """
    memo: dict[Any, Sequence[Step] | None] = g.memo.setdefault("school-routes", {})
    key = (profile, target, day0)
    if key not in memo:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        answer = gap(g, profile, target, on=day0)
        best = answer.best
        memo[key] = best.route.steps if best is not None and best.route is not None else None
    return memo[key]


def _steps(g: ProgressionGraph, profile: Profile, person: str, wants: list[_Want],
           organised: set[str], day0: dt.date, shortfalls: list[Shortfall], *,
           exclude: set[str]) -> tuple[list[Step], dict[str, str], dict[str, _Want | str]]:
    """One person's steps: their duties' and the chosen courses', each with its tier."""
    cat = g.catalogue
    tier_of: dict[str, str] = {}
    why: dict[str, _Want | str] = {}
    steps: dict[str, Step] = {}

    def add(route_steps: Iterable[Step], tier: str, reason: _Want | str) -> None:
        for s in route_steps:
            if s.id not in steps:
                steps[s.id], tier_of[s.id] = s, tier
                why[s.id] = reason
            elif TIERS.index(tier) < TIERS.index(tier_of[s.id]):
                tier_of[s.id] = tier
    for role in sorted(_duties(cat, profile, day0, organised)):
        route = _route(g, profile, role, day0)
        if route is not None:
            add(route, "statutory", role)
    for tier in ("priority", "coverage"):
        tier_wants = [w for w in wants if w.tier == tier]
        keys = frozenset((w.need, w.level) for w in tier_wants)
        sets, routes = _candidates(g, profile, keys, day0)
        sets = {c: v for c, v in sets.items() if c not in exclude}
        chosen, _exact = choose(keys, sets)
        covered = {k for c in chosen for k in sets[c][0]}
        for c in chosen:
            want = max((w for w in tier_wants if (w.need, w.level) in sets[c][0]),
                       key=lambda w: w.level)  # the highest level it is chosen for
            add(routes[c], tier, want)
        for w in tier_wants:
            if (w.need, w.level) not in covered:
                shortfalls.append(Shortfall(
                    person=person, id=w.need, title=cat.areas[w.need].title, need=w.need,
                    code="no-course", reason=words("school-no-course", LEVELS[w.level - 1])))
    return list(steps.values()), tier_of, why


def _duties(cat: Catalogue, profile: Profile, day: dt.date, organised: set[str]) -> set[str]:
    """The roles whose duties the person must meet: held, or teaching an organised class."""
    out = set()
    for role in _current(profile, day):
        record = cat.roles.get(role)
        if record is not None and record.obligations and \
                rules.evaluate(cat, profile, role, on=day).state != "met":
            out.add(role)
    taught = {t.need for t in profile.teaching if t.current_on(day)} & organised
    for record in cat.roles.values():
        if any(ob.anchor == "teaches_class" and ob.need in taught for ob in record.obligations):
            out.add(record.id)
    return out


def _duty_need(cat: Catalogue, role: str) -> str:
    """The need a role's duty answers: that of its obligation anchored on teaching a class."""
    record = cat.roles.get(role)
    needs = [ob.need for ob in (record.obligations if record is not None else ())
             if ob.anchor == "teaches_class" and ob.need]
    return needs[0] if needs else ""


def _candidates(g: ProgressionGraph, profile: Profile, keys: frozenset[tuple[str, int]],
                day0: dt.date) -> tuple[dict[str, Any], dict[str, Sequence[Step]]]:
    """The courses that meet some of ``keys``, weighted by their route's hours and cost."""
    cat = g.catalogue
    sets: dict[str, tuple[frozenset[tuple[str, int]], tuple[float, float, int]]] = {}
    routes: dict[str, Sequence[Step]] = {}
    for record in (*cat.activities.values(), *cat.qualifications.values()):
        level = rung(g, record.id, day0)
        meets = frozenset(k for k in keys if level >= k[1] and
                          _family(cat, k[0]) & set(record.areas))
        if not meets or getattr(record, "status", "current") != "current":
            continue
        route = _route(g, profile, record.id, day0)
        if route is None:
            continue
        hours = [s.hours for s in route]
        cost = sum(s.cost or 0.0 for s in route)
        unknown = 1e6 * any(h is None for h in hours)
        sets[record.id] = (meets, (sum(h or 0.0 for h in hours) + unknown, cost, len(route)))
        routes[record.id] = route
    return sets, routes


def _schedule_person(g: ProgressionGraph, person: str, steps: list[Step], *,
                     tier_of: Mapping[str, str], why: Mapping[str, _Want | str], first: Term,
                     day0: dt.date, terms: int | None, cap: float,
                     shortfalls: list[Shortfall]) -> list[SchoolLine]:
    """Plan one person's steps tier by tier, each tier in what the earlier ones leave."""
    fixed: dict[str, _schedule.Option] = {}
    lines: list[SchoolLine] = []
    for n in range(1, len(TIERS) + 1):
        tiers = TIERS[:n]
        chosen = [s for s in steps if tier_of[s.id] in tiers]
        if not chosen:
            continue
        planner = Planner(g, chosen, first, day0)
        tasks = []
        for step, task in zip(planner.steps, planner.tasks(cap), strict=True):
            if step.id in fixed:  # placed by an earlier tier: kept where it is
                task = attrs.evolve(task, options=(fixed[step.id],), required=True)  # noqa: PLW2901
            elif terms is not None and tier_of[step.id] != "statutory":  # within the terms
                task = attrs.evolve(task, options=tuple(  # noqa: PLW2901
                    o for o in task.options if o.last < terms))
            tasks.append(task)
        schedule = _schedule.solve(tasks, cap)
        for i, step in enumerate(planner.steps):
            o = _schedule.picked(tasks, schedule.choice, i)
            if o is not None:
                fixed[step.id] = o
    planner = Planner(g, steps, first, day0)
    unfiltered = planner.tasks(cap)
    tasks = [attrs.evolve(t, options=(fixed[s.id],) if s.id in fixed else (),
                          required=s.id in fixed)
             for s, t in zip(planner.steps, unfiltered, strict=True)]
    offered = {s.id for s, t in zip(planner.steps, unfiltered, strict=True) if t.options}
    schedule = _schedule.solve(tasks, cap)
    items, _terms, left = planner.result(tasks, schedule, cap)
    for item in items:
        reason = why.get(item.id, "")
        want = reason if isinstance(reason, _Want) else None
        rule = want.rule if want else words("school-rule-statutory", reason) if reason else ""
        need = want.need if want else _duty_need(g.catalogue, str(reason)) if reason else ""
        lines.append(SchoolLine(
            person=person, item=item, tier=tier_of[item.id], need=need,
            level=LEVELS[want.level - 1] if want else "", rule=rule,
            sources=want.sources if want else item.sources, cost=None))
    index = {s.id: i for i, s in enumerate(planner.steps)}
    for u in left:
        if u.code in ("no-room", "not-offered") and u.id in offered:
            if terms is not None:  # terms to start in, but not within those planned
                u = attrs.evolve(u, code="beyond-terms",  # noqa: PLW2901
                                 reason=words("school-beyond-terms", terms, cap))
            else:  # why no tier placed it, from all its options
                i = index[u.id]
                u = planner.why_not(i, planner.steps[i], unfiltered[i], schedule.choice, cap)  # noqa: PLW2901
        shortfalls.append(Shortfall(person=person, id=u.id, title=u.title, need="",
                                    code=u.code, reason=u.reason))
    return lines


def pay(cat: Catalogue, lines: list[SchoolLine], budget: float | None,
         shortfalls: list[Shortfall]) -> tuple[list[SchoolLine], float, tuple[str, ...]]:
    """Pay for the lines in order: funded is free, unknown listed, past the budget left out."""
    spent = 0.0
    unknown: list[str] = []
    kept = []
    for line in lines:
        record = cat.qualifications.get(line.item.id) or cat.activities.get(line.item.id)
        cost: float | None = 0.0
        if record is not None and not line.item.started:
            begin = line.item.start_term.first_day
            cost = 0.0 if record.funded_on(begin) and all(
                f.covers == "full" for f in record.funded_on(begin)) else record.cost
        if cost is None:
            unknown.append(line.item.id)
        over = budget is not None and cost is not None and spent + cost > budget + 1e-9
        if over and line.tier != "statutory":
            shortfalls.append(Shortfall(person=line.person, id=line.item.id,
                                        title=line.item.title, need=line.need,
                                        code="over-budget",
                                        reason=words("school-over-budget-reason", pounds(cost))))
            continue
        spent += cost or 0.0
        kept.append(attrs.evolve(line, cost=cost, over_budget=over))
    return kept, round(spent, 2), tuple(dict.fromkeys(unknown))
