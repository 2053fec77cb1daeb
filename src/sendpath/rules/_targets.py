"""Targets: a role's eligibility and obligations, a qualification's holding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from sendpath._dates import add_months, check_day
from sendpath.model import (
    Activity,
    Citation,
    Obligation,
    Profile,
    Qualification,
    Ref,
    Requirement,
    Role,
    referenced_ids,
)
from sendpath.render import Name

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
from sendpath.rules._context import (
    _Ctx,
    _merged,
    _record,
    _rules_day,
    _title,
)
from sendpath.rules._nodes import P, _eval, _eval_tree, _not_in_force
from sendpath.rules._results import (
    Reason,
    Status,
)
from sendpath.rules._verdicts import (
    _UNKNOWN,
    Verdict,
    combine_all,
    combine_any,
)

_TARGET_KINDS: Final = ("role", "qual", "activity")


# -- targets -----------------------------------------------------------------------------------


def evaluate(catalogue: Catalogue, profile: Profile, target: str, *,
             on: dt.date | None = None, rules_as_of: dt.date | None = None) -> Status:
    """Evaluate where ``profile`` stands with ``target`` on ``on`` (default today).

    For a role: ``all(eligibility, obligations)``. Eligibility is the role's ``requires`` (never
    ``due``). An obligation runs from its anchor (the appointment, the current continuous spell
    in the role; or first teaching a class with the obligation's need) and falls due the stated
    period later, that day itself in time; an exemption makes it ``met``. For a role the profile
    does not hold, the status is eligibility only, and each obligation is listed (as an
    informative reason) as falling due the stated period after a hypothetical appointment on
    ``on``.

    For a qualification or activity: ``met`` when the profile holds it (counted from its award,
    else its completion, and not lapsed), else ``not_met``; its prerequisites are listed as an
    informative reason. A conferred status is held while its rule is met.

    The rules are read in the wording in force on ``rules_as_of``; by default, in the wording
    in force today (the current wording). A rule with no wording in force on ``rules_as_of``
    is ``indeterminate`` with the code ``not-in-force``.

    Args:
        catalogue: The records (and what resolves ``target``).
        profile: The person.
        target: A role, qualification or activity: a full id or a short name.
        on: The date of the evaluation.
        rules_as_of: The date whose wording of the rules applies (default: today's).

    Raises:
        UnknownIdError: ``target`` names no role, qualification or activity (with close matches).
        AmbiguousIdError: A short name names records of several kinds.

    Example:
        >>> from sendpath.rules import evaluate
        >>> import sendpath
        >>> from sendpath.model import Holding, Profile, RoleSpell
        >>> head = Profile(roles=(RoleSpell(id="role:headteacher", since=dt.date(2020, 9, 1)),
        ...                       RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))))
        >>> cat = sendpath.load_default()
        >>> s = evaluate(cat, head, "role:senco", on=dt.date(2028, 1, 7))
        >>> s.state, s.due
        ('overdue', datetime.date(2028, 1, 6))
        >>> evaluate(cat, head, "sencoo")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sendpath.errors.UnknownIdError: unknown role, qualification or activity id 'sencoo' (...)
    """
    day = check_day(on or dt.date.today(), "on")
    full = catalogue.resolve(target, kinds=_TARGET_KINDS)  # a role, else a qual or activity
    ctx = _Ctx(cat=catalogue, profile=profile, on=day, rules_on=_rules_day(rules_as_of))
    record: Role | Qualification | Activity
    reasons: tuple[Reason, ...]
    if full in catalogue.roles:
        record = catalogue.roles[full]
    else:
        record = catalogue.qualifications.get(full) or catalogue.activities[full]
    if (rules_as_of is not None and record.in_force is not None
            and not record.in_force.covers(rules_as_of)):
        verdict, reasons, used = _UNKNOWN, (_not_in_force(P("text", full), ctx),), [full]
    elif isinstance(record, Role):
        verdict, reasons, used = _role_status(record, ctx)
    else:
        verdict, reasons, used = _holding_status(record, ctx)
    citations = tuple(dict.fromkeys(c for r in reasons for n in r.walk() for c in n.citations))
    return Status(
        target=full, title=record.title, as_of=day, state=verdict.state, due=verdict.due,
        reasons=reasons, citations=citations, unconfirmed=_unconfirmed(catalogue, used),
        data_version=catalogue.data_version, rules_as_of=rules_as_of,
        source_titles=MappingProxyType({c.source: catalogue.sources[c.source].title
                                        for c in citations if c.source in catalogue.sources}),
        titles=MappingProxyType(_titles(catalogue, reasons)),
    )


def _titles(cat: Catalogue, reasons: tuple[Reason, ...]) -> dict[str, str]:
    """The titles of the records the reasons name, for their wording."""
    named = {a for r in reasons for n in r.walk() for p in n.says for a in p.args
             if isinstance(a, Name)}
    return {ref: title for ref in sorted(named) if (title := _title(cat, ref))}


def _role_status(role: Role, ctx: _Ctx) -> tuple[Verdict, tuple[Reason, ...], list[str]]:
    used = [role.id]
    if role.requires is None:
        eligibility = Reason(state="met", code="no-conditions",
                             says=(P("eligibility"), P("no-conditions")),
                             citations=ctx.cites(role.id, "requires"))
    else:
        used += sorted(_referenced_closure(role.requires, ctx))
        tree = _eval_tree(role.requires, ctx)
        eligibility = attrs.evolve(tree, says=(P("eligibility"), *tree.says),
                                   citations=ctx.cites(role.id, "requires") + tree.citations)
    reasons = [eligibility]
    verdicts = [eligibility.verdict]
    appointed = _appointment(role.id, ctx)
    for duty in _duties(role):
        ob = next((w for w in duty if w.in_force is None or w.in_force.covers(ctx.rules_on)),
                  None)
        if ob is None:
            reason = attrs.evolve(_not_in_force(P("obligation-word"), ctx),
                                  citations=_obligation_citations(role, duty[0], ctx))
            reasons.append(reason)
            verdicts.append(reason.verdict)
            continue
        used += sorted(referenced_ids(ob.requires) | _exempt_ids(ob))
        used += [ob.need] if ob.need else []
        anchor, binding = _anchor(ob, appointed, ctx)
        reason = _obligation(role, ob, ctx, anchor, binding=binding)
        reasons.append(reason)
        if binding:
            verdicts.append(reason.verdict)
    return combine_all(verdicts), tuple(reasons), used


def _duties(role: Role) -> list[list[Obligation]]:
    """The role's duties, each as the list of its wordings (same anchor and need), in order."""
    duties: dict[tuple[str, str | None], list[Obligation]] = {}
    for ob in role.obligations:
        duties.setdefault((ob.anchor, ob.need), []).append(ob)
    return list(duties.values())


def _referenced_closure(tree: Requirement, ctx: _Ctx) -> set[str]:
    """The ids a tree refers to, with those of the conferred statuses it uses."""
    found = referenced_ids(tree)
    todo = list(found)
    while todo:
        record = _record(ctx.cat, todo.pop())
        if isinstance(record, Qualification) and record.conferred and record.requires:
            new = referenced_ids(record.requires) - found
            found |= new
            todo += new
    return found


def _exempt_ids(ob: Obligation) -> set[str]:
    return referenced_ids(ob.exempt) if ob.exempt is not None else set()


def _appointment(role: str, ctx: _Ctx) -> dt.date | None:
    """The start of the continuous spell in ``role`` that includes ``ctx.on``, if any."""
    if not any(r.id == role and r.current_on(ctx.on) for r in ctx.profile.roles):
        return None
    spells = _merged((r.since, r.until or ctx.on) for r in ctx.profile.roles
                     if r.id == role and r.since <= ctx.on)
    return next(start for start, end in spells if start <= ctx.on <= end)


def _anchor(ob: Obligation, appointed: dt.date | None, ctx: _Ctx) -> tuple[dt.date, bool]:
    """Return the obligation's anchor and whether it binds now (else the anchor is notional)."""
    if ob.anchor == "appointed":
        return (appointed, True) if appointed is not None else (ctx.on, False)
    rows = [t for t in ctx.profile.teaching if t.since <= ctx.on and _is_need(t.need, ob, ctx)]
    teaching_now = any(t.current_on(ctx.on) for t in rows)
    first = min((t.since for t in rows), default=ctx.on)
    return (first, True) if appointed is not None and teaching_now else (first, False)


def _is_need(need: str, ob: Obligation, ctx: _Ctx) -> bool:
    """Whether ``need`` is the obligation's area of need or an area within it."""
    seen: set[str] = set()
    current: str | None = need
    while current is not None and current not in seen:
        if current == ob.need:
            return True
        seen.add(current)
        area = ctx.cat.areas.get(current) if ctx.cat is not None else None
        current = area.parent if area is not None else None
    return False


def _obligation(role: Role, ob: Obligation, ctx: _Ctx, anchor: dt.date, *,
                binding: bool) -> Reason:
    deadline = add_months(anchor, ob.due.in_months())
    says = [P("obligation-years", ob.due.years) if ob.due.years
            else P("obligation-months", ob.due.months)]
    if ob.anchor == "appointed":
        says.append(P("appointment-on" if binding else "appointment-if", anchor))
    else:
        says.append(P("first-teaching" if binding else "first-teaching-notional",
                      ctx.name(ob.need or ""), anchor))
    says.append(P("so-by", deadline))
    if not binding:
        says.append(P("not-binding-until", ctx.name(role.id)))
        if ob.anchor == "teaches_class":
            says.append(P("and-teaches"))
    inner = attrs.evolve(ctx, anchor=anchor)
    children: list[Reason] = []
    exempt_met = False
    if ob.exempt is not None:
        exempt = _eval_tree(ob.exempt, inner)
        exempt_met = exempt.state == "met"
        children.append(attrs.evolve(exempt, says=(P("exempt-if"), *exempt.says)))
    met_by = _eval_tree(ob.requires, attrs.evolve(inner, deadline=deadline))
    children.append(attrs.evolve(met_by, says=(P("met-by"), *met_by.says)))
    verdict = combine_any(c.verdict for c in children) if ob.exempt is not None else met_by.verdict
    if exempt_met:
        says.append(P("semi-exempt"))
    code = "exempt" if exempt_met else "obligation" if binding else "not-binding"
    citations = _obligation_citations(role, ob, ctx)
    return Reason(state=verdict.state, code=code, due=verdict.due, says=tuple(says),
                  citations=citations, children=tuple(children), informative=not binding)


def _obligation_citations(role: Role, ob: Obligation, ctx: _Ctx) -> tuple[Citation, ...]:
    """The obligation's own citations where it has them, else the role's that back it."""
    own = getattr(ob, "sources", ())
    return tuple(own) or ctx.cites(role.id, "obligation")


def _holding_status(record: Qualification | Activity,
                    ctx: _Ctx) -> tuple[Verdict, tuple[Reason, ...], list[str]]:
    held = _eval(Ref(id=record.id), ctx)
    reasons = [held]
    used = [record.id]
    if record.requires is not None and not (isinstance(record, Qualification)
                                            and record.conferred):
        used += sorted(_referenced_closure(record.requires, ctx))
        pre = _eval_tree(record.requires, ctx)
        reasons.append(attrs.evolve(pre, code="prerequisites", says=(P("to-start-it"), *pre.says),
                                    informative=True, children=(pre,)))
    return held.verdict, tuple(reasons), used


def _unconfirmed(cat: Catalogue, used: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for ref in dict.fromkeys(used):
        record = _record(cat, ref) or cat.areas.get(ref)
        if record is not None:
            out += [f"{ref}: {note}" for note in record.unconfirmed]
    return tuple(out)

