"""What each requirement node means (the one home of it): evaluation and alternatives.

Every reading of a requirement tree lives here: its evaluation on a date against a profile
(with its date conditions) and the alternatives that would satisfy it. Keeping both in one
module, rather than one per concern, is why it runs past 500 lines.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import attrs

from sendpath._dates import add_months, check_day, more_than_months, whole_months
from sendpath.model import (
    Activity,
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AtLeast,
    Experience,
    Holding,
    Holds,
    InRole,
    MinCredits,
    MinHours,
    PriorServiceOver,
    Profile,
    Qualification,
    Ref,
    Requirement,
    wording_on,
)
from sendpath.render import Phrase

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
from sendpath.rules._context import (
    _ONE_DAY,
    _Ctx,
    _merged,
    _record,
    _rules_day,
)
from sendpath.rules._results import (
    Reason,
)
from sendpath.rules._verdicts import (
    combine_all,
    combine_any,
    combine_at_least,
)

# -- requirement nodes -------------------------------------------------------------------------


def check(requirement: Requirement, profile: Profile, *, on: dt.date | None = None,
          catalogue: Catalogue | None = None, rules_as_of: dt.date | None = None) -> Reason:
    """Evaluate one requirement tree against ``profile`` on ``on`` (default today).

    This is the eligibility reading: an unmet requirement is ``not_met`` (never ``due``). A
    catalogue, when given, supplies titles, citations and facts such as a qualification's
    ``valid_for_months``, hours and credits, and the rules of conferred statuses. The tree is
    read in the wording in force on ``rules_as_of`` (default: today's).

    Example:
        >>> from sendpath.rules import check
        >>> from sendpath.model import AnyOf, Holding, Profile, Ref
        >>> me = Profile(holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),))
        >>> tree = AnyOf(items=(Ref(id="qual:qts"), Ref(id="qual:npq-senco")))
        >>> check(tree, me, on=dt.date(2026, 9, 1)).state
        'met'
        >>> check(tree, me, on=dt.date(2019, 6, 30)).state
        'not_met'
    """
    day = check_day(on or dt.date.today(), "on")
    ctx = _Ctx(cat=catalogue, profile=profile, on=day, rules_on=_rules_day(rules_as_of))
    return _eval_tree(requirement, ctx)


def _eval_tree(tree: Requirement, ctx: _Ctx) -> Reason:
    """Evaluate the wording of ``tree`` in force on the rules day."""
    wording = wording_on(tree, ctx.rules_on)
    if wording is None:
        return _not_in_force(P("this-requirement"), ctx)
    return _eval(wording, ctx)


def _not_in_force(what: Phrase, ctx: _Ctx) -> Reason:
    return Reason(state="indeterminate", code="not-in-force",
                  says=(what, P("no-wording", ctx.rules_on)))


def P(key: str, *args: Any) -> Phrase:  # noqa: N802  (reads as the phrase it makes)
    """A phrase of an answer: its key in :data:`sendpath.render.PHRASES` and its values."""
    return Phrase(key, args)


def _joined(parts: Sequence[tuple[Phrase, ...]]) -> tuple[Phrase, ...]:
    """Parts of an answer one after another, ``; `` between them."""
    out: list[Phrase] = []
    for i, part in enumerate(parts):
        if i:
            out.append(P("semi"))
        out += part
    return tuple(out)


def _eval(node: Requirement, ctx: _Ctx) -> Reason:
    reason = _meaning(node, ctx)
    return reason if reason.node is not None else attrs.evolve(reason, node=node)


def _meaning(node: Requirement, ctx: _Ctx) -> Reason:
    """What ``node`` means on the date: the one dispatch on node types."""
    if isinstance(node, (AllOf, AnyOf, AtLeast)):
        return _group(node, ctx)
    if isinstance(node, Ref):
        if node.id.startswith("role:"):
            return _in_role(node.id, ctx)
        if node.id.startswith("outcome:"):
            return _outcome(node.id, ctx)
        return _holds(Holds(holds=node.id), ctx)
    if isinstance(node, Holds):
        return _holds(node, ctx)
    if isinstance(node, InRole):
        return _in_role(node.in_role, ctx)
    if isinstance(node, Experience):
        return _experience(node, ctx)
    if isinstance(node, (MinHours, MinCredits)):
        return _amount(node, ctx)
    if isinstance(node, PriorServiceOver):
        return _prior_service(node, ctx)
    return _appointed(node, ctx)


def _group(node: AllOf | AnyOf | AtLeast, ctx: _Ctx) -> Reason:
    items = node.of if isinstance(node, AtLeast) else node.items
    children = tuple(_eval(child, ctx) for child in items)
    verdicts = [c.verdict for c in children]
    if isinstance(node, AllOf):
        verdict, says, code = combine_all(verdicts), [P("all-of")], "all-of"
    elif isinstance(node, AnyOf):
        verdict, says, code = combine_any(verdicts), [P("any-of")], "any-of"
    else:
        verdict = combine_at_least(node.n, verdicts)
        says, code = [P("at-least", node.n)], "at-least"
    if verdict.state == "indeterminate":
        says.append(_otherwise(children))
    return Reason(state=verdict.state, code=code, says=tuple(says), due=verdict.due,
                  children=children)


def _otherwise(children: Sequence[Reason]) -> Phrase:
    """For an unknown group: what the branches that are merely due need, and by when."""
    dated = sorted({c.due for c in children if c.state == "due" and c.due is not None})
    if not dated:
        return P("missing-fact")
    return P("missing-fact-otherwise", dated[-1])


def _in_role(role: str, ctx: _Ctx) -> Reason:
    head = P("in-role", ctx.name(role))
    spells = [r for r in ctx.profile.roles if r.id == role and r.current_on(ctx.on)]
    if spells:
        since = min(s.since for s in spells)
        return Reason(state="met", code="in-role", says=(head, P("since", since)),
                      citations=ctx.cites(role))
    return ctx.unmet((head, P("not-on", ctx.on)), ctx.cites(role), "not-in-role")


def _holdings(ref: str, ctx: _Ctx) -> list[tuple[Holding, str | None]]:
    """The profile's holdings of ``ref``, each with the id it is held through.

    ``[[holds]]`` rows and completed ``[[activities]]`` of ``ref`` itself (through ``None``),
    then those of every qualification that counts as ``ref`` (through that qualification).
    """
    through: list[str | None] = [None]
    if ctx.cat is not None:
        through += sorted(q.id for q in ctx.cat.qualifications.values() if ref in q.counts_as)
    rows: list[tuple[Holding, str | None]] = []
    for via in through:
        rid = via or ref
        rows += [(h, via) for h in ctx.profile.holds if h.id == rid]
        rows += [(Holding(id=a.id, completed=a.date), via)
                 for a in ctx.profile.activities if a.id == rid]
    return rows


def _valid_months(node: Holds, ctx: _Ctx) -> int | None:
    if node.valid_for_months is not None:
        return node.valid_for_months
    record = _record(ctx.cat, node.holds)
    return record.valid_for_months if isinstance(record, Qualification) else None


class _Finding(NamedTuple):
    """One held row against a ``holds`` node: a state, its code and why."""

    state: str
    code: str
    why: tuple[Phrase, ...]


def _holding_verdict(node: Holds, h: Holding, ctx: _Ctx) -> _Finding:
    """How one held row stands against ``node`` on the date."""
    counts = h.counts_from
    if counts is not None and counts > ctx.on:
        return _Finding("not_met", "not-yet-held", (P("not-held-until", counts),))
    if h.until is not None and ctx.on > h.until:
        return _Finding("not_met", "lapsed", (P("lapsed-held-until", h.until),))
    fails: list[tuple[str, Phrase]] = []
    unknown: list[Phrase] = []
    _start_conditions(node, h, fails, unknown)
    _end_conditions(node, h, ctx, fails, unknown)
    if fails:
        return _Finding("not_met", fails[0][0], _joined([(why,) for _c, why in fails]))
    if unknown:
        return _Finding("indeterminate", "missing-date",
                        _joined([(why,) for why in dict.fromkeys(unknown)]))
    return _Finding("met", "held", (_held_since(h),))


def _latest_start(h: Holding) -> dt.date | None:
    """The latest the course can have started: its start, else its completion, else its award."""
    return h.started or h.completed or h.awarded


def _start_conditions(node: Holds, h: Holding, fails: list[tuple[str, Phrase]],
                      unknown: list[Phrase]) -> None:
    """Check the start-date conditions; a missing start is bounded by the completion and award."""
    if node.started_before is None and node.started_on_or_after is None:
        return
    latest = _latest_start(h)
    if h.started is not None:
        if node.started_before is not None and h.started >= node.started_before:
            fails.append(("started-too-late",
                          P("started-not-before", h.started, node.started_before)))
        if node.started_on_or_after is not None and h.started < node.started_on_or_after:
            fails.append(("started-too-early",
                          P("started-before", h.started, node.started_on_or_after)))
        return
    if node.started_on_or_after is not None:
        if latest is not None and latest < node.started_on_or_after:
            fails.append(("started-too-early",
                          P("finished-so-started-before", latest, node.started_on_or_after)))
        else:
            unknown.append(P("no-start-date"))
    if node.started_before is not None and not (latest is not None
                                                and latest < node.started_before):
        unknown.append(P("no-start-date"))


def _end_conditions(node: Holds, h: Holding, ctx: _Ctx, fails: list[tuple[str, Phrase]],
                    unknown: list[Phrase]) -> None:
    _completion_condition(node, h, fails, unknown)
    months = _valid_months(node, ctx)
    if months is not None:
        counts = h.counts_from
        if counts is None:
            unknown.append(P("no-award-date"))
        elif ctx.on >= add_months(counts, months):
            fails.append(("lapsed", P("lapsed-on", add_months(counts, months))))


def _completion_condition(node: Holds, h: Holding, fails: list[tuple[str, Phrase]],
                          unknown: list[Phrase]) -> None:
    """Check ``completed_before``; a missing completion is bounded by the award and the start."""
    if node.completed_before is not None:
        cut = node.completed_before
        # A completion is no later than the award and no earlier than the start.
        done = h.completed or h.awarded
        if done is not None and done < node.completed_before:
            pass
        elif h.completed is not None:
            fails.append(("completed-too-late", P("completed-not-before", h.completed, cut)))
        elif h.started is not None and h.started >= node.completed_before:
            fails.append(("completed-too-late", P("started-so-not-completed", h.started, cut)))
        else:
            unknown.append(P("no-completion-date"))


#: The date condition (a ``holds`` field) behind each date failure's reason code.
_CONDITION_OF_CODE = {"started-too-late": "started_before",
                      "started-too-early": "started_on_or_after",
                      "completed-too-late": "completed_before"}

#: The date conditions a ``holds`` node can carry, which a planned course must meet.
DATE_CONDITIONS: Final = tuple(_CONDITION_OF_CODE.values())


def planned_fails(node: Holds, started: dt.date, completed: dt.date) -> tuple[str, ...]:
    """Return the date conditions of ``node`` that a course run on these dates would fail.

    The route search asks this of each course it plans: the conditions are read exactly as
    :func:`check` reads a held row with those start and completion dates (the same code),
    so a plan and the status it leads to never disagree. The answer names the ``holds``
    fields that fail (``started_before``, ``started_on_or_after``, ``completed_before``);
    empty means the course would meet them all.

    Example:
        >>> import datetime as dt
        >>> from sendpath.model import Holds
        >>> npq = Holds(holds="qual:npq-senco", started_on_or_after=dt.date(2024, 9, 1))
        >>> planned_fails(npq, dt.date(2024, 9, 1), dt.date(2026, 7, 31))
        ()
        >>> planned_fails(npq, dt.date(2024, 8, 31), dt.date(2026, 7, 31))
        ('started_on_or_after',)
    """
    h = _planned_holding(node.holds, started, completed)
    fails: list[tuple[str, Phrase]] = []
    unknown: list[Phrase] = []
    _start_conditions(node, h, fails, unknown)
    _completion_condition(node, h, fails, unknown)
    return tuple(_CONDITION_OF_CODE[code] for code, _why in fails)


def _planned_holding(ref: str, started: dt.date, completed: dt.date) -> Holding:
    """A held row for a course a plan works out, built without the model's checks.

    Its dates are computed (a start a plan chose, plus the course's months), not read, so they
    may run past the last date a file may give (``sendpath._dates.LAST_DATE``): a plan made on
    a day at the top of that range ends after it.
    """
    h = Holding(id=ref)
    object.__setattr__(h, "started", started)  # frozen: set once, here, before any use
    object.__setattr__(h, "completed", completed)
    return h


def _held_since(h: Holding) -> Phrase:
    if h.awarded is not None:
        return P("awarded", h.awarded)
    if h.completed is not None:
        return P("completed", h.completed)
    return P("held-no-date")


def _holds_head(node: Holds, ctx: _Ctx) -> tuple[Phrase, ...]:
    return (P("holds", ctx.name(node.holds)), *(P("condition", c) for c in node.conditions()))


def _holds(node: Holds, ctx: _Ctx) -> Reason:
    record = _record(ctx.cat, node.holds)
    if isinstance(record, Qualification) and record.conferred and record.requires is not None:
        return _conferred(node, record, ctx)
    head = _holds_head(node, ctx)
    # a held row is read against the record's validity, unless the node gives its own
    cites = ctx.cites(node.holds, *(() if node.valid_for_months is not None
                                     else ("valid_for_months",)))
    rows = _holdings(node.holds, ctx)
    if node.unless_not_required and any(h.not_required for h, _via in rows):
        return Reason(state="met", code="not-required",
                      says=(*head, P("not-required-of-person")), citations=cites)
    findings = [(_holding_verdict(node, h, ctx), via) for h, via in rows if h.is_held]
    for state in ("met", "indeterminate"):
        found = [(f, via) for f, via in findings if f.state == state]
        if found:
            f, via = found[0]
            code = "counts-as" if via is not None and state == "met" else f.code
            why = (*f.why, P("through", ctx.name(via))) if via is not None else f.why
            extra = ctx.cites(via, "counts_as") if via is not None else ()
            return Reason(state=state, code=code, says=(*head, P("colon"), *why),
                          citations=cites + extra)
    parts = [f.why for f, _via in findings] or [(P("not-held"),)]
    code = findings[0][0].code if findings else "not-held"
    # Courses under way: started and not yet finished on the date.
    starts = [h.started for h, _via in rows if h.started is not None
              and (not h.is_held or (h.counts_from is not None and h.counts_from > ctx.on))]
    starts += [s.started for s in ctx.profile.studying if s.id == node.holds]
    if starts:
        parts.append((P("studying-since", min(starts)),))
    closed = False
    if node.started_before is not None and ctx.on >= node.started_before:
        closed = not any(s < node.started_before for s in starts)
        if closed:
            parts.append((P("cannot-start", node.started_before),))
    last_day = node.completed_before - _ONE_DAY if node.completed_before else None
    if last_day is not None and ctx.on > last_day:
        parts.append((P("cannot-complete", last_day),))
    return ctx.unmet((*head, P("colon"), *_joined(parts)), cites, code, last_day=last_day,
                     closed=closed)


def _conferred(node: Holds, record: Qualification, ctx: _Ctx) -> Reason:
    """A status a rule confers is held exactly while its rule is met."""
    says: tuple[Phrase, ...] = (P("holds", ctx.name(record.id)),)
    assert record.requires is not None  # checked by the caller  # noqa: S101
    rule = _eval_tree(record.requires, ctx)
    code = "conferred" if rule.state == "met" else rule.code
    if rule.state == "met":
        says += (P("conferred-by-rule"),)
    return Reason(state=rule.state, code=code, says=says, due=rule.due,
                  citations=ctx.cites(record.id, "conferred", "requires"), children=(rule,))


def _outcome(ref: str, ctx: _Ctx) -> Reason:
    """An outcome is met by a held qualification or activity whose record covers it."""
    head = P("covers", ref)
    if ctx.cat is None:
        return Reason(state="indeterminate", code="missing-date",
                      says=(head, P("no-catalogue")))
    records: list[Qualification | Activity] = [*ctx.cat.qualifications.values(),
                                               *ctx.cat.activities.values()]
    for record in sorted(records, key=lambda r: r.id):
        if ref not in record.covers and not (
                isinstance(record, Qualification)
                and any(ref in row.covers for row in record.covers_by_start)):
            continue
        for h, _via in _holdings(record.id, ctx):
            covers = (record.covers_for(h.started) if isinstance(record, Qualification)
                      else record.covers)
            if ref not in covers:
                continue
            finding = _holding_verdict(Holds(holds=record.id), h, ctx)
            if h.is_held and finding.state == "met":
                return Reason(state="met", code="covered",
                              says=(head, P("through-holds", ctx.name(record.id)), *finding.why),
                              citations=ctx.cites(record.id, "covers", "covers_by_start",
                                                  "valid_for_months"))
    return ctx.unmet((head, P("nothing-covers")), (), "not-covered")


def _role_periods(role: str, ctx: _Ctx, *, before: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every period in ``role`` (roles, service, experience rows) ending before ``before``."""
    last = before - _ONE_DAY
    p = ctx.profile
    raw = [(r.since, r.until or last) for r in p.roles if r.id == role]
    raw += [(s.start, s.end) for s in p.service if s.role == role]
    raw += [(e.start, e.end or last) for e in p.experience if e.role == role]
    return _merged((start, min(end, last)) for start, end in raw)


def _experience(node: Experience, ctx: _Ctx) -> Reason:
    scope = P("as", ctx.name(node.role)) if node.role else P("of", node.kind)
    cites = ctx.cites(node.role) if node.role else ()
    rows = [e for e in ctx.profile.experience
            if (e.role == node.role if node.role else e.kind == node.kind) and e.start <= ctx.on]
    if node.months is not None:
        head = (P("experience-months", node.months), scope)
        if node.role:
            periods = _role_periods(node.role, ctx, before=ctx.on + _ONE_DAY)
        else:
            periods = _merged((e.start, min(e.end or ctx.on, ctx.on)) for e in rows)
        months = sum(whole_months(s, e) for s, e in periods)
        says = (*head, P("whole-months", months))
        if months >= node.months:
            return Reason(state="met", code="experience-enough", says=says, citations=cites)
        return ctx.unmet(says, cites, "experience-short")
    need = node.hours or 0
    known = sum(e.hours for e in rows if e.hours is not None)
    missing = sum(1 for e in rows if e.hours is None)
    says = (P("experience-hours", need), scope, P("hours-recorded", known))
    if known >= need:
        return Reason(state="met", code="experience-enough", says=says, citations=cites)
    if missing:
        return Reason(state="indeterminate", code="experience-unknown", citations=cites,
                      says=(*says, P("periods-without-hours", missing)))
    return ctx.unmet(says, cites, "experience-short")


def _amount(node: MinHours | MinCredits, ctx: _Ctx) -> Reason:
    unit = "hours" if isinstance(node, MinHours) else "credits"
    head = [P(f"amount-{unit}", node.n, ", ".join(node.of))]
    if node.within_months is not None:
        head.append(P("within-last", node.within_months))
    known = 0.0
    unsure: list[Phrase] = []
    for ref, amount, day in _amount_items(node, ctx):
        if day is not None and day > ctx.on:
            continue
        if node.within_months is not None:
            if day is None:
                unsure.append(P("item-no-date", ref))
                continue
            if ctx.on >= add_months(day, node.within_months):
                continue
        if amount is None:
            unsure.append(P(f"item-no-{unit}", ref))
        else:
            known += amount
    says = (*head, P(f"counted-{unit}", known))
    if known >= node.n:
        return Reason(state="met", code="amount-enough", says=says)
    if unsure:
        listed = [x for i, item in enumerate(unsure) for x in ((P("comma"),) if i else ())
                  + (item,)]
        return Reason(state="indeterminate", code="amount-unknown",
                      says=(*says, P("unknown-items"), *listed))
    return ctx.unmet(says, (), "amount-short")


def _amount_items(node: MinHours | MinCredits,
                  ctx: _Ctx) -> Iterator[tuple[str, float | None, dt.date | None]]:
    """Yield (id, amount or None if unknown, date or None if unknown) for each completed item."""
    hours = isinstance(node, MinHours)
    for ref in node.of:
        record = _record(ctx.cat, ref)
        if hours:
            listed = record.hours if isinstance(record, (Qualification, Activity)) else None
        else:
            listed = record.credits if isinstance(record, Qualification) else None
        logged = [row for row in ctx.profile.activities if row.id == ref]
        for row in logged:
            yield ref, (row.hours if hours else listed), row.date
        if logged:  # the [[activities]] rows are the record of it: a holding would count twice
            continue
        for h in ctx.profile.holds:
            if h.id == ref and h.is_held:
                yield ref, (float(listed) if listed is not None else None), h.counts_from


def _appointed(node: AppointedOnOrBefore | AppointedAfter, ctx: _Ctx) -> Reason:
    if isinstance(node, AppointedOnOrBefore):
        limit = node.appointed_on_or_before
        head = P("appointed-on-or-before", limit)
    else:
        limit = node.appointed_after
        head = P("appointed-after", limit)
    if ctx.anchor is None:
        return Reason(state="indeterminate", code="missing-date",
                      says=(head, P("no-appointment-date")))
    ok = ctx.anchor <= limit if isinstance(node, AppointedOnOrBefore) else ctx.anchor > limit
    return Reason(state="met" if ok else "not_met",
                  code="appointment-in-range" if ok else "appointment-out-of-range",
                  says=(head, P("appointed-on", ctx.anchor)))


def _prior_service(node: PriorServiceOver, ctx: _Ctx) -> Reason:
    """Earlier service in the role, before the anchor, of more than ``months`` calendar months."""
    before = ctx.anchor or ctx.on + _ONE_DAY
    periods = _role_periods(node.role, ctx, before=before)
    days = sum((end - start).days + 1 for start, end in periods)
    head = P("earlier-service", ctx.name(node.role), node.months)
    if not periods:
        detail = P("none-before", before)
    elif len(periods) == 1:
        detail = P("days-in-one-spell", days, before)
    else:
        detail = P("days-in-spells", days, len(periods), before)
    over = more_than_months(periods, node.months)
    if over is None:
        return Reason(state="indeterminate", code="service-unsettled",
                      says=(head, detail, P("edge-unsettled")), citations=ctx.cites(node.role))
    return Reason(state="met" if over else "not_met",
                  code="service-over" if over else "service-not-over",
                  says=(head, detail), citations=ctx.cites(node.role))




# -- alternatives ------------------------------------------------------------------------------

#: The most alternatives :func:`alternatives` lists before it stops (and says so).
ALTERNATIVES_CAP = 256


class Alternatives(NamedTuple):
    """The ways to satisfy a requirement tree: sets of its leaves, each enough on its own."""

    #: The alternatives, each a frozenset of leaf nodes (``Ref``, ``Holds``, ``InRole``,
    #: ``Experience``, ``MinHours`` ...), smallest first; no set contains another.
    sets: tuple[frozenset[Requirement], ...]
    #: ``False`` when the list stopped at the cap.
    complete: bool


def alternatives(tree: Requirement, *, cap: int = ALTERNATIVES_CAP) -> Alternatives:
    """Return the minimal sets of leaves that would satisfy ``tree``, at most ``cap`` of them.

    ``all`` takes one alternative of every child together, ``any`` the alternatives of any
    child, ``at_least n`` those of every choice of ``n`` children; a set that contains another
    is dropped (it is never needed). Date conditions stay on their leaves: holding a leaf means
    meeting it as written.

    Example:
        >>> from sendpath.model import AllOf, AnyOf, Ref
        >>> tree = AllOf(items=(Ref(id="qual:qts"), AnyOf(items=(Ref(id="qual:a"),
        ...                                                     Ref(id="qual:b")))))
        >>> [sorted(leaf.id for leaf in s) for s in alternatives(tree).sets]
        [['qual:a', 'qual:qts'], ['qual:b', 'qual:qts']]
    """
    found, complete = _alternatives(tree, cap)
    return Alternatives(sets=tuple(sorted(found, key=_order)), complete=complete)


def _order(leaves: frozenset[Requirement]) -> tuple[int, list[str]]:
    return len(leaves), sorted(repr(leaf) for leaf in leaves)


def _alternatives(node: Requirement, cap: int) -> tuple[list[frozenset[Requirement]], bool]:
    children = node.children()
    if not children:
        return [frozenset({node})], True
    parts = [_alternatives(child, cap) for child in children]
    complete = all(ok for _sets, ok in parts)
    if isinstance(node, AnyOf):
        return _minimal([s for sets, _ok in parts for s in sets], cap, complete)
    need = node.n if isinstance(node, AtLeast) else len(children)
    combined: list[frozenset[Requirement]] = []
    for chosen in _choices(len(children), need):
        partial: list[frozenset[Requirement]] = [frozenset()]
        for i in chosen:
            partial = [a | b for a in partial for b in parts[i][0]]
            if len(partial) > cap * 4:  # keep the work bounded before minimising
                partial, complete = partial[: cap * 4], False
        combined += partial
        if len(combined) > cap * 4:
            combined, complete = combined[: cap * 4], False
            break
    return _minimal(combined, cap, complete)


def _choices(m: int, n: int) -> Iterator[tuple[int, ...]]:
    return itertools.combinations(range(m), n)


def _minimal(sets: list[frozenset[Requirement]], cap: int,
             complete: bool) -> tuple[list[frozenset[Requirement]], bool]:
    """Drop repeats and every set that contains another; cap the rest, smallest first."""
    unique = sorted(set(sets), key=len)
    kept: list[frozenset[Requirement]] = []
    for s in unique:
        if not any(k <= s for k in kept):
            kept.append(s)
    if len(kept) > cap:
        return kept[:cap], False
    return kept, complete


# -- shape on the progression graph ------------------------------------------------------------


class Shape(NamedTuple):
    """How a requirement node sits on the progression graph (:mod:`sendpath.graph` builds it).

    A leaf is a record (``record``, with the data its edge carries: date conditions, ``in_role``);
    any other node is a gate of kind ``gate`` with its attributes, fed by ``inputs``: child
    nodes, or record ids for the items of an amount or the role of an experience.
    """

    gate: str | None = None
    record: str | None = None
    edge: dict[str, Any] = {}  # noqa: RUF012  (a NamedTuple's default, never changed)
    attrs: dict[str, Any] = {}  # noqa: RUF012
    inputs: tuple[Requirement | str, ...] = ()


def shape(node: Requirement) -> Shape:
    """Return how ``node`` sits on the progression graph.

    Raises:
        TypeError: An exemption-only node (an appointment date, earlier service): those are
            facts about a person, never a step on a route.

    Example:
        >>> from sendpath.model import AtLeast, Ref
        >>> shape(AtLeast(n=1, of=(Ref(id="qual:a"), Ref(id="qual:b")))).attrs
        {'n': 1}
        >>> shape(Ref(id="role:teacher"))
        Shape(gate=None, record='role:teacher', edge={'in_role': True}, attrs={}, inputs=())
    """
    if isinstance(node, Ref):
        return Shape(record=node.id, edge={"in_role": True} if node.id.startswith("role:") else {})
    if isinstance(node, Holds):
        edge = {k: v for k, v in attrs.asdict(node).items()
                if k not in ("holds", "in_force") and v not in (None, False)}
        return Shape(record=node.holds, edge=edge)
    if isinstance(node, InRole):
        return Shape(record=node.in_role, edge={"in_role": True})
    if isinstance(node, (AllOf, AnyOf, AtLeast)):
        children = node.children()
        n = node.n if isinstance(node, AtLeast) else (len(children) if isinstance(node, AllOf)
                                                        else 1)
        return Shape(gate=node.KEY, attrs={"n": n}, inputs=children)
    if isinstance(node, Experience):
        scope = {"role": node.role} if node.role else {"experience_kind": node.kind}
        amount = {"months": node.months} if node.months is not None else {"hours": node.hours}
        return Shape(gate="experience", attrs={**scope, **amount},
                     inputs=(node.role,) if node.role else ())
    if isinstance(node, (MinHours, MinCredits)):
        extra = {"within_months": node.within_months} if node.within_months else {}
        return Shape(gate=node.KEY, attrs={"n": node.n, **extra}, inputs=node.of)
    raise TypeError(f"{type(node).__name__} cannot appear in a requirement tree here")


# -- the columnar form of a node ---------------------------------------------------------------


class Form(NamedTuple):
    """What a node asks, for a reader that evaluates it over columns (:mod:`sendpath.bulk`).

    ``kind`` is one of ``all``, ``any``, ``at_least`` (with ``n`` and ``children``),
    ``in_role`` (``ref``: the role), ``holds`` (``holds``: the node as a ``holds`` node),
    ``appointed_on_or_before`` / ``appointed_after`` (``day``), ``prior_service`` (``ref``,
    ``n``: months) or ``per_person`` (read by :func:`check`'s own code, person by person).
    """

    kind: str
    n: int = 0
    children: tuple[Requirement, ...] = ()
    ref: str = ""
    holds: Holds | None = None
    day: dt.date | None = None


def form(node: Requirement) -> Form:
    """Return what ``node`` asks, as a :class:`Form` (the dispatch of :func:`_meaning`).

    Example:
        >>> form(Ref(id="role:teacher"))
        Form(kind='in_role', n=0, children=(), ref='role:teacher', holds=None, day=None)
        >>> form(Ref(id="qual:qts")).holds.holds
        'qual:qts'
    """
    if isinstance(node, (AllOf, AnyOf, AtLeast)):
        kind = "all" if isinstance(node, AllOf) else "any" if isinstance(node, AnyOf) \
            else "at_least"
        return Form(kind, n=node.n if isinstance(node, AtLeast) else 0,
                    children=node.children())
    if isinstance(node, Ref) and node.id.startswith("role:"):
        return Form("in_role", ref=node.id)
    if isinstance(node, InRole):
        return Form("in_role", ref=node.in_role)
    if isinstance(node, Ref) and not node.id.startswith("outcome:"):
        return Form("holds", holds=Holds(holds=node.id))
    if isinstance(node, Holds):
        return Form("holds", holds=node)
    if isinstance(node, AppointedOnOrBefore):
        return Form("appointed_on_or_before", day=node.appointed_on_or_before)
    if isinstance(node, AppointedAfter):
        return Form("appointed_after", day=node.appointed_after)
    if isinstance(node, PriorServiceOver):
        return Form("prior_service", ref=node.role, n=node.months)
    return Form("per_person")


# -- the normal form of a tree ------------------------------------------------------------------


def normalise(tree: Requirement) -> Requirement:
    """Return ``tree`` with nested groups of one kind merged; the meaning is unchanged.

    An ``all`` directly inside an ``all`` (or an ``any`` inside an ``any``) gives its children to
    its parent, a group of one child is that child, and a repeated child is kept once (an
    ``at_least`` keeps its children as written). A group with its own dates in force is kept
    as it is written, so that its dates still apply.

    Example:
        >>> from sendpath.model import AllOf, AnyOf, Ref
        >>> tree = AllOf(items=(Ref(id="qual:a"), AllOf(items=(Ref(id="qual:b"),
        ...                                                   AnyOf(items=(Ref(id="qual:c"),))))))
        >>> normalise(tree) == AllOf(items=(Ref(id="qual:a"), Ref(id="qual:b"), Ref(id="qual:c")))
        True
    """
    children = tree.children()
    if isinstance(tree, AtLeast):  # n of its children as written: a repeat counts as written
        return tree.with_children(tuple(normalise(c) for c in children))
    if not children or not isinstance(tree, (AllOf, AnyOf)):
        return tree
    kept: list[Requirement] = []
    for child in (normalise(c) for c in children):
        merge = (type(child) is type(tree) and isinstance(child, (AllOf, AnyOf))
                 and child.in_force is None)
        for part in (child.children() if merge else (child,)):
            if part not in kept:
                kept.append(part)
    if len(kept) == 1 and tree.in_force is None:
        return kept[0]
    return tree.with_children(tuple(kept))
