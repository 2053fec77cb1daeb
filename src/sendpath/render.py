r"""Plain-text rendering of records and requirement trees, for people to read.

All of sendpath's wording is here (:data:`PHRASES`): the rules' answers and statuses, and the
text of routes, find, crosswalk and conformance-case reports (:func:`words` gives one phrase,
:func:`say` a reason's run of them). The module runs past 500 lines because one home for the
words is the point. (The meanings of reason codes, :data:`sendpath.rules.REASON_CODES`, are
their definitions and stay beside them.)

Example:
    >>> import sendpath
    >>> from sendpath.render import requirement_lines
    >>> cat = sendpath.load_default()
    >>> tree = cat.qualifications["qual:qualified-teacher"].requires
    >>> print("\n".join(requirement_lines(tree, cat)))  # doctest: +ELLIPSIS
    any of:
      holds qual:qts (Qualified teacher status (QTS))
      all of:
        holds qual:qtls (Qualified teacher learning and skills (QTLS))
        holds qual:etf-membership (Professional membership of the Education and Training ...
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from sendpath.ids import ID_PATTERN
from sendpath.model import (
    Activity,
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AreaOfNeed,
    AtLeast,
    ByStart,
    Experience,
    Framework,
    Funding,
    Holds,
    InForce,
    InRole,
    MinCredits,
    MinHours,
    Obligation,
    Outcome,
    Policy,
    PriorServiceOver,
    Qualification,
    Ref,
    Requirement,
    Role,
    Scale,
    Source,
)

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue, Entity

__all__ = [
    "PHRASES",
    "Name",
    "Phrase",
    "count",
    "describe",
    "funding_text",
    "hours_text",
    "in_force_text",
    "obligation_items",
    "obligation_lines",
    "people",
    "plan_facts",
    "pounds",
    "requirement_items",
    "requirement_lines",
    "say",
    "short_title",
    "words",
    "wrap",
]

_INDENT = "  "
# Any id in a text (``kind:slug``), to put titles in its place.
_ANY_ID = re.compile(ID_PATTERN)


def _name(ref: str, cat: Catalogue, ids: bool = True) -> str:
    if ref in cat:
        return f"{ref} ({cat.get(ref).title})" if ids else cat.get(ref).title
    return ref


def requirement_lines(node: Requirement | None, cat: Catalogue, depth: int = 0, *,
                      ids: bool = True) -> list[str]:
    """Return a requirement tree as indented lines (``none`` for no requirement).

    Records are named by id and title, or by title alone with ``ids=False``.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> tree = cat.qualifications["qual:qualified-teacher"].requires
        >>> requirement_lines(tree, cat, depth=1)[:2]
        ['  any of:', '    holds qual:qts (Qualified teacher status (QTS))']
        >>> requirement_lines(None, cat)
        ['none']
        >>> requirement_lines(tree, cat, ids=False)[1]
        '  holds Qualified teacher status (QTS)'
    """
    return _indented(requirement_items(node, cat, depth, ids=ids))


def need_words(leaf: Requirement, cat: Catalogue) -> str:
    """Return a requirement's leaf as a thing needed, by title: what a gap lists as missing.

    Example:
        >>> import sendpath
        >>> from sendpath.model import InRole, Ref
        >>> cat = sendpath.load_default()
        >>> need_words(Ref(id="qual:qts"), cat), need_words(InRole(in_role="role:teacher"), cat)
        ('Qualified teacher status (QTS)', 'the role Teacher (qualified, induction completed)')
    """
    text = requirement_lines(leaf, cat, ids=False)[0]
    if text.startswith("is in role "):
        return "the role " + text.removeprefix("is in role ")
    return text.removeprefix("holds ")


def requirement_items(node: Requirement | None, cat: Catalogue,
                      depth: int = 0, *, ids: bool = True) -> list[tuple[int, str]]:
    """Return a requirement tree as ``(depth, text)`` pairs, for nested lists (the docs).

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> requirement_items(cat.qualifications["qual:qualified-teacher"].requires, cat)[:2]
        [(0, 'any of:'), (1, 'holds qual:qts (Qualified teacher status (QTS))')]
    """
    return list(_items(node, lambda ref: _name(ref, cat, ids), depth))


def _indented(items: list[tuple[int, str]]) -> list[str]:
    return [_INDENT * depth + text for depth, text in items]


def in_force_text(in_force: InForce | None) -> str:
    """Return when a wording is in force, in words (empty when it always has been).

    Example:
        >>> import datetime as dt
        >>> in_force_text(InForce(from_=dt.date(2014, 9, 1), until=dt.date(2024, 8, 31)))
        'in force 2014-09-01 to 2024-08-31'
        >>> in_force_text(InForce(from_=dt.date(2024, 9, 1)))
        'in force from 2024-09-01'
    """
    if in_force is None or (in_force.from_ is None and in_force.until is None):
        return ""
    if in_force.until is None:
        return f"in force from {in_force.from_.isoformat()}"  # type: ignore[union-attr]
    if in_force.from_ is None:
        return f"in force until {in_force.until.isoformat()}"
    return f"in force {in_force.from_.isoformat()} to {in_force.until.isoformat()}"


def _dated(text: str, node: Requirement) -> str:
    when = in_force_text(getattr(node, "in_force", None))  # a bare id has none
    return f"{text} ({when})" if when else text


def _items(node: Requirement | None, name: _Namer, depth: int) -> Iterator[tuple[int, str]]:
    if node is None:
        yield depth, "none"
        return
    yield depth, _dated(_WORDS[type(node)](node, name), node)
    for child in node.children():
        yield from _items(child, name, depth + 1)


#: How a record is named in a requirement's words (id and title, or the title alone).
_Namer = Callable[[str], str]


def _experience_words(node: Experience, name: _Namer) -> str:
    amount = f"{node.months} months'" if node.months is not None else f"{node.hours} hours'"
    scope = f"as {name(node.role)}" if node.role else f"({node.kind})"
    return f"at least {amount} experience {scope}"


def _amount_words(unit: str) -> Callable[[Any, _Namer], str]:
    def words(node: MinHours | MinCredits, _name: _Namer) -> str:
        window = f", within the last {node.within_months} months" if node.within_months else ""
        return f"at least {node.n} {unit} from {', '.join(node.of)}{window}"

    return words


#: How each node type reads in words: the one table render keeps of the node types.
_WORDS: Final[dict[type, Callable[[Any, _Namer], str]]] = {
    Ref: lambda n, name: (f"{'is in role' if n.id.startswith('role:') else 'holds'} "
                          f"{name(n.id)}"),
    Holds: lambda n, name: ", ".join([f"holds {name(n.holds)}", *n.conditions()]),
    InRole: lambda n, name: f"is in role {name(n.in_role)}",
    AllOf: lambda _n, _cat: "all of:",
    AnyOf: lambda _n, _cat: "any of:",
    AtLeast: lambda n, _cat: f"at least {n.n} of:",
    Experience: _experience_words,
    MinHours: _amount_words("hours"),
    MinCredits: _amount_words("credits"),
    AppointedOnOrBefore: lambda n, _cat: (
        f"appointed on or before {n.appointed_on_or_before.isoformat()}"),
    AppointedAfter: lambda n, _cat: f"appointed after {n.appointed_after.isoformat()}",
    PriorServiceOver: lambda n, name: (f"earlier service as {name(n.role)} of more than "
                                       f"{n.months} months in total"),
}


def obligation_lines(ob: Obligation, cat: Catalogue, *, ids: bool = True) -> list[str]:
    """Return an obligation as lines: when it falls due, who is exempt, what meets it.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> lines = obligation_lines(cat.roles["role:senco"].obligations[0], cat)
        >>> lines[0].split("; ")[1]
        'in force from 2024-09-01'
        >>> for line in lines[1:4]:
        ...     print(line)
          exempt if:
            any of:
              appointed on or before 2009-09-01
    """
    return _indented(obligation_items(ob, cat, ids=ids))


def obligation_items(ob: Obligation, cat: Catalogue, *,
                     ids: bool = True) -> list[tuple[int, str]]:
    """Return an obligation as ``(depth, text)`` pairs, for nested lists (the docs).

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> obligation_items(cat.roles["role:senco"].obligations[0], cat)[1]
        (1, 'exempt if:')
    """
    period = f"{ob.due.years} years" if ob.due.years else f"{ob.due.months} months"
    if ob.anchor == "appointed":
        anchor = "of appointment"
    else:
        anchor = f"of first teaching a class of pupils with {_name(ob.need or '', cat, ids)}"
    when = in_force_text(ob.in_force)
    out = [(0, f"within {period} {anchor} (the anniversary day itself is in time)"
               + (f"; {when}" if when else ""))]
    if ob.exempt is not None:
        out.append((1, "exempt if:"))
        out += requirement_items(ob.exempt, cat, 2, ids=ids)
    out.append((1, "met by:"))
    out += requirement_items(ob.requires, cat, 2, ids=ids)
    return out


def describe(entity: Entity, cat: Catalogue) -> str:
    """Return a record as readable text: title, facts, requirements, obligations, sources.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> print(describe(cat.qualifications["qual:induction"], cat).splitlines()[0])
        qual:induction: Statutory induction
    """
    lines = [f"{entity.id}: {entity.title}"]
    if not isinstance(entity, Source) and entity.description:
        lines.append(entity.description)
    lines += _facts(entity)
    if isinstance(entity, (Role, Qualification, Activity)):
        label = "Eligibility" if isinstance(entity, Role) else "Requires"
        lines += ["", f"{label}:", *requirement_lines(entity.requires, cat, 1)]
    if isinstance(entity, Role) and entity.typical_entry is not None:
        lines += ["", "Typical entry (usual, not statutory):",
                  *requirement_lines(entity.typical_entry, cat, 1)]
    if isinstance(entity, Role):
        for ob in entity.obligations:
            lines += ["", "Obligation:", *(_INDENT + x for x in obligation_lines(ob, cat))]
    unconfirmed = getattr(entity, "unconfirmed", ())
    if unconfirmed:
        lines += ["", "Unconfirmed (no source confirms):", *(f"{_INDENT}{u}" for u in unconfirmed)]
    lines += ["", "Sources:"]
    for i, cite in enumerate(entity.sources, 1):
        src = cat.sources.get(cite.source)
        title = src.title if src else cite.source
        where = f", {cite.locator}" if cite.locator else ""
        lines.append(f"{_INDENT}[{i}] {title}{where} ({cite.source})")
        if src and src.urls:
            lines.append(f"{_INDENT}    {src.urls[0]}")
    return "\n".join(lines)


def _facts(entity: Entity) -> list[str]:
    facts: list[tuple[str, object]] = []
    if isinstance(entity, Qualification):
        facts = [("kind", entity.kind), ("status", entity.status),
                 ("RQF level", entity.rqf_level), ("level", entity.level),
                 ("months", entity.months),
                 ("months at most", entity.months_max), ("credits", entity.credits),
                 *plan_facts(entity),
                 ("starts from", entity.starts_from),
                 ("last start", entity.starts_until),
                 ("counts if completed by", entity.completes_by),
                 ("valid for months", entity.valid_for_months),
                 ("replaces", ", ".join(entity.replaces)),
                 ("replaced by", ", ".join(entity.replaced_by)),
                 ("conferred", "yes: held while its rule is met" if entity.conferred else ""),
                 ("counts as", ", ".join(entity.counts_as)),
                 *((f"months, if started {_window(row)}", row.months)
                   for row in entity.months_by_start),
                 *((f"covers, if started {_window(row)}", ", ".join(row.covers))
                   for row in entity.covers_by_start)]
    elif isinstance(entity, Activity):
        facts = [("months", entity.months), *plan_facts(entity), ("level", entity.level)]
    elif isinstance(entity, Policy):
        facts = [("status", entity.status), ("announced", entity.announced),
                 ("affects", ", ".join(entity.affects)), ("areas", ", ".join(entity.areas))]
    elif isinstance(entity, Outcome):
        facts = [("code", entity.code), ("statement", entity.statement), ("kind", entity.kind),
                 ("part of", entity.parent), ("level", entity.level),
                 ("areas", ", ".join(entity.areas))]
    elif isinstance(entity, Framework):
        facts = [("publisher", entity.publisher), ("published", entity.published),
                 ("statutory", "yes" if entity.statutory else ""),
                 ("replaced by", ", ".join(entity.replaced_by)),
                 ("outcomes", ", ".join(o.id for o in entity.outcomes))]
    elif isinstance(entity, Scale):
        facts = [("levels, lowest first", ", ".join(level.id for level in entity.levels))]
    elif isinstance(entity, AreaOfNeed):
        facts = [("census code", entity.code), ("part of", entity.parent)]
    elif isinstance(entity, Source):
        facts = [("publisher", entity.publisher), ("kind", entity.kind),
                 ("published", entity.published), ("date", entity.date_note),
                 ("url", "; ".join(entity.urls))]
    if isinstance(entity, (Role, Qualification, Activity)):
        facts.append(("areas", ", ".join(entity.areas)))
    if isinstance(entity, (Qualification, Activity)):
        facts.append(("covers", ", ".join(entity.covers)))
    if isinstance(entity, Role):
        facts.append(("leads to", ", ".join(entity.leads_to)))
    if isinstance(entity, (Role, Qualification, Activity, Policy)):
        facts.append(("dates in force", in_force_text(entity.in_force).removeprefix("in force ")))
    return [f"{label}: {value}" for label, value in facts if value not in (None, "")]


def _window(row: ByStart) -> str:
    """A ``months_by_start`` or ``covers_by_start`` row's dates, in words."""
    parts = []
    if row.started_on_or_after is not None:
        parts.append(f"on or after {row.started_on_or_after.isoformat()}")
    if row.started_before is not None:
        parts.append(f"before {row.started_before.isoformat()}")
    text = " and ".join(parts) or "at any time"
    if row.completed_on_or_before is not None:
        text += f" and completed by {row.completed_on_or_before.isoformat()}"
    return text


def short_title(title: str) -> str:
    """Return the short name a title gives in brackets at its end, else the title.

    A short name is an abbreviation: at most 16 characters, starting with a capital or a
    digit, two capitals or more, no comma (``SENCO``, ``NPQ for SENCOs``; not ``Level 4`` or
    ``leading to QTS``).

    Example:
        >>> short_title("Special educational needs co-ordinator (SENCO)"), short_title("Teacher")
        ('SENCO', 'Teacher')
        >>> short_title("Teacher (qualified, induction completed)")  # not a short name
        'Teacher (qualified, induction completed)'
        >>> short_title("PECS Level 1 training (Pyramid Educational Consultants UK)")
        'PECS Level 1 training (Pyramid Educational Consultants UK)'
        >>> short_title("Elklan Communication Counts (Level 4)")
        'Elklan Communication Counts (Level 4)'
        >>> short_title("Higher level teaching assistant (HLTA) status")
        'Higher level teaching assistant (HLTA) status'
        >>> short_title("Postgraduate initial teacher training (leading to QTS)")
        'Postgraduate initial teacher training (leading to QTS)'
    """
    head, bracket, short = title.rstrip().rpartition(" (")
    if not short.endswith(")"):
        return title
    short = short[:-1]
    if bracket and head and len(short) <= 16 and "(" not in short and ")" not in short and \
            "," not in short and sum(c.isupper() for c in short) >= 2 and \
            (short[:1].isupper() or short[:1].isdigit()):
        return short
    return title


def pounds(value: float | None) -> str:
    """Return an amount in pounds as people write it (empty for ``None``).

    Example:
        >>> pounds(1250), pounds(89.5), pounds(None)
        ('£1,250', '£89.50', '')
    """
    if value is None:
        return ""
    return f"£{value:,.0f}" if value == int(value) else f"£{value:,.2f}"


def hours_text(hours: float | None, basis: str | None) -> str:
    """Return hours with what they count (empty for ``None``).

    Example:
        >>> hours_text(120, "guided"), hours_text(1.5, "per-week"), hours_text(6, None)
        ('120 guided hours', '1.5 hours a week', '6 hours')
    """
    if hours is None:
        return ""
    if basis == "per-week":
        return f"{hours:g} hours a week"
    return f"{hours:g} {basis} hours" if basis else f"{hours:g} hours"


def funding_text(funding: Funding) -> str:
    """Return one funding row in words.

    Example:
        >>> import datetime as dt
        >>> print(funding_text(Funding(funder="DfE", covers="full", from_=dt.date(2026, 11, 1),
        ...                            for_="all eligible state schools")))
        full, by DfE, for all eligible state schools, from 2026-11-01
    """
    parts = [f"{funding.covers}, by {funding.funder}"]
    if funding.for_:
        parts.append(f"for {funding.for_}")
    if funding.from_ and funding.until:
        parts.append(f"{funding.from_.isoformat()} to {funding.until.isoformat()}")
    elif funding.from_:
        parts.append(f"from {funding.from_.isoformat()}")
    elif funding.until:
        parts.append(f"until {funding.until.isoformat()}")
    return ", ".join(parts)


def plan_facts(record: Qualification | Activity) -> list[tuple[str, str]]:
    """Return what a plan needs to know of a course, as (label, text) pairs with a value.

    One list for ``show`` and the docs catalogue: hours, cost, funding, provider, mode and
    when it runs.

    Example:
        >>> import sendpath
        >>> npq = sendpath.load_default().qualifications["qual:npq-senco"]
        >>> [label for label, _text in plan_facts(npq)][:2]
        ['hours', 'cost']
    """
    facts = [("hours", hours_text(record.hours, record.hours_basis)),
             ("cost", pounds(record.cost)),
             *(("funding", funding_text(f)) for f in record.funding),
             ("provider", record.provider),
             ("mode", record.mode or ""),
             ("offered", ", ".join(record.offered)),
             ("cohorts", ", ".join(d.isoformat() for d in record.cohorts))]
    return [(label, text) for label, text in facts if text]


# -- the wording of the rules' answers ---------------------------------------------------------


class Name(str):
    """An id in an answer, shown with its title where one is known: ``qual:qts (QTS)``."""

    __slots__ = ()


class Phrase(NamedTuple):
    """One piece of an answer's wording: a key of :data:`PHRASES` and the values it shows."""

    key: str
    args: tuple[Any, ...] = ()


#: Every phrase the rules' answers are worded in. The rules say which phrase and with what
#: values (:class:`Phrase`); the words are here alone.
PHRASES: Final[Mapping[str, str]] = MappingProxyType({
    "text": "{0}",
    "semi": "; ",
    "comma": ", ",
    "colon": ": ",
    "this-requirement": "this requirement",
    "obligation-word": "obligation",
    "no-wording": ": no wording was in force on {0}",
    "all-of": "all of",
    "any-of": "any of",
    "at-least": "at least {0} of",
    "missing-fact": " (a needed fact is missing)",
    "missing-fact-otherwise": (" (a needed fact is missing; failing that, the other branches "
                               "are due by {0})"),
    "in-role": "is in role {0}",
    "since": ": since {0}",
    "not-on": ": not on {0}",
    "holds": "holds {0}",
    "condition": ", {0}",
    "not-required-of-person": ": not required of this person",
    "through": " (through {0})",
    "not-held": "not held",
    "not-held-until": "not held until {0}",
    "lapsed-held-until": "lapsed: held until {0}",
    "started-not-before": "started {0}, not before {1}",
    "started-before": "started {0}, before {1}",
    "finished-so-started-before": "finished {0}, so started before {1}",
    "completed-not-before": "completed {0}, not before {1}",
    "started-so-not-completed": "started {0}, so not completed before {1}",
    "lapsed-on": "lapsed on {0}",
    "no-start-date": "its start date is not given",
    "no-completion-date": "its completion date is not given",
    "no-award-date": "its award date is not given, so its validity is unknown",
    "awarded": "awarded {0}",
    "completed": "completed {0}",
    "held-no-date": "held (date not given)",
    "studying-since": "studying since {0}",
    "cannot-start": "can no longer be started (a course had to start before {0})",
    "cannot-complete": "can no longer be completed in time (the last day was {0})",
    "conferred-by-rule": ": conferred by its rule",
    "covers": "covers {0}",
    "no-catalogue": ": no catalogue to say what covers it",
    "through-holds": ": through holds {0}: ",
    "nothing-covers": ": nothing held covers it",
    "experience-months": "at least {0} months' experience ",
    "experience-hours": "at least {0} hours' experience ",
    "as": "as {0}",
    "of": "of {0}",
    "whole-months": ": {0} whole months",
    "hours-recorded": ": {0:g} hours recorded",
    "periods-without-hours": "; {0} period(s) without hours",
    "amount-hours": "at least {0} hours from {1}",
    "amount-credits": "at least {0} credits from {1}",
    "within-last": " within the last {0} months",
    "counted-hours": ": {0:g} hours counted",
    "counted-credits": ": {0:g} credits counted",
    "unknown-items": "; unknown: ",
    "item-no-date": "{0} (date not given)",
    "item-no-hours": "{0} (hours not known)",
    "item-no-credits": "{0} (credits not known)",
    "appointed-on-or-before": "appointed on or before {0}",
    "appointed-after": "appointed after {0}",
    "no-appointment-date": ": no appointment date",
    "appointed-on": ": appointed {0}",
    "earlier-service": "earlier service as {0} of more than {1} months in total",
    "days-in-one-spell": ": {0} days in 1 continuous spell before {1}",
    "days-in-spells": ": {0} days in {1} separate spells before {2}",
    "none-before": ": none before {0}",
    "edge-unsettled": ("; exactly on the edge: a month in a statute is a calendar month, and the "
                       "law gives no rule for this count"),
    "eligibility": "eligibility: ",
    "no-conditions": "no conditions",
    "obligation-years": "obligation: within {0} years of ",
    "obligation-months": "obligation: within {0} months of ",
    "appointment-on": "appointment on {0}",
    "appointment-if": "appointment (if appointed on {0})",
    "first-teaching": "first teaching a class of pupils with {0} on {1}",
    "first-teaching-notional": "first teaching a class of pupils with {0} ({1})",
    "so-by": ", so by {0} (the anniversary day is in time)",
    "not-binding-until": "; it does not bind until the profile holds {0}",
    "and-teaches": " and teaches such a class",
    "semi-exempt": "; exempt",
    "exempt-if": "exempt if: ",
    "met-by": "met by: ",
    "to-start-it": "to start it: ",
    # a status (sendpath.rules.Status.explain)
    "status-target": "{0}: {1}",
    "status-as-of": "As of {0}{1}: {2}",
    "status-rules-as-of": " (rules as in force on {0})",
    "status-met": "met",
    "status-not-met": "not met",
    "status-indeterminate": "indeterminate (a needed fact is missing)",
    "status-due": "due by {0} (not yet met; the day itself is in time)",
    "status-overdue": "overdue (it was due by {0})",
    "status-sources": "Sources:",
    "status-source": "  [{0}] {1}{2} ({3})",
    "status-locator": ", {0}",
    "status-unconfirmed": "Unconfirmed (no source confirms):",
    "status-unconfirmed-item": "  {0}",
    "status-model-note": "sendpath's rules are a model of the law for planning, not legal advice.",
    # a status in short (sendpath.rules.Status.summary)
    "summary-head": "{0}, as of {1}{2}: {3}",
    "summary-met": "Met:",
    "summary-to-do": "To do:",
    "summary-not-counting": "Does not count:",
    "summary-information": "For information:",
    "summary-item": "[{0}] {1}",
    "summary-one-of": "one of:",
    "summary-at-least": "at least {0} of:",
    "summary-all-of": "all of:",
    "summary-sources": "Sources: {0}",
    "summary-sources-more": "Sources ({1} of {2}): {0}",
    "summary-explain": "(--explain for the reasons, the {0} and the {1})",
    "summary-explain-confirmed": "(--explain for the reasons and the {0})",
    "tag-met": "met",
    "tag-not-met": "not met",
    "tag-indeterminate": "unknown",
    "tag-due": "due by {0}",
    "tag-overdue": "overdue since {0}",
    "tag-if-so": "if so: {0}",
    "reason-line": "{0}[{1}] {2} {{{3}}}{4}",
    "citation-number": " [{0}]",
    # routes (sendpath.query.routes)
    "route-head": "{0} to {1}, as of {2}: {3}, by {4}",
    "route-line": "{0}. {1}; {2}",
    "route-unknown-for": "                      ({0} unknown for: {1})",
    "hours-about": "{0} hours",
    "route-already-held": "Already held:",
    "held-line": "Already held: {0}",
    "held-by-implied": "{1} (implied by {0}).",
    "held-by-assumed": "{1} (assumed: the first way listed where {0} allows several).",
    "held-by-profile": "{1} (in the profile).",
    "held-by-conferred": "{1} (conferred by what the profile holds).",
    "months-to-entry": "{0} ({1} to entry)",
    "at-least-months": "at least {0} ({1} of unknown length)",
    "at-least-cost": "{0}+",
    "at-least-hours": "{0}+ hours",
    "route-lower-bounds": ("A + marks a lower bound: the cost or hours of some steps are not "
                           "known (--explain names them)."),
    "route-lower-bounds-at": ("A + marks a lower bound: the cost or hours of some steps are not "
                              "known."),
    "unknown-cost": "cost unknown",
    "unknown-hours": "hours unknown",
    "step-roles": "take the roles: {0}",
    "months-at-least": "at least {0} ({1} of unknown length)",
    "route-unknown-last": ("Routes with a step of unknown length come after those whose length is "
                           "known: their totals are only lower bounds."),
    "route-more": ("--explain adds why each step is there, its sources and the facts no source "
                   "confirms."),
    "step-line": "   {0:<18} {1}",
    "step-from": "{0} onwards",
    "step-between": "{0} to {1}",
    "step-role": "take the role: {0}",
    "step-under-way": " (under way since {0})",
    "step-late-short": " (late: done about {0})",
    "step-overran": " (expected by {0}; not recorded as held)",
    "route-held": "  {0} ({1}), {2}",
    "route-none": "No route: {0}",
    "route-cut": ("The search was cut at its size cap: other routes may be missing and their "
                  "ranking is heuristic (the fastest route by months is still exact)."),
    "route-avoided": "{0} is in the avoid list",
    "route-infeasible": "no feasible route from {0} to {1}",
    "route-through": " through {0}",
    "route-ruled-out": "; ruled out: {0}",
    "route-no-obligation-plan": "no way to meet the obligations of {0}",
    "step-due-by": ", due by {0}",
    "step-why": "                      why: {0}",
    "step-sources": "                      sources: {0}",
    "step-unconfirmed": "                      unconfirmed: {0}",
    "step-experience": "{0} months' experience as {1}",
    "step-late": "late: done by about {0}, after the due date {1}",
    "step-record-status": "{0} is {1}",
    "step-last-start": "{0} is {1}: its last start was {2}",
    "step-cannot-start-on": "{0} cannot be started on {1}",
    "step-would-not-be": "{0} would not be {1} {2}",
    "step-not-by-due-date": "{0} could not be completed by its due date {1}",
    "why-target": "the target",
    "why-via": "asked for (via)",
    "gap-heading": "{0}, as of {1}: {2}",
    "bulk-heading": "{0}, as of {1}: {2}",
    "bulk-total": "  {0}: {1} ({2}%)",
    "bulk-left-out": "{0} problem(s) in the input: those people are left out (see --json)",
    "impact-heading": "{0}, as of {1}: {2}",
    "impact-sides": "before: {0}; after: {1}",
    "impact-changed": "{0} change state ({1}%)",
    "impact-row": "  {0} -> {1}: {2} ({3}%), e.g. {4}",
    "gap-not-in-role": " (eligible; not in the role yet)",
    "gap-assumed": "Assuming you also hold: {0}",
    "gap-counts": "What counts: {0}",
    "gap-not-counting": "Does not count: {0}",
    "gap-applied": "Applied: {0}",
    "gap-under-way": "Under way: {0}, since {1}, expected by {2}",
    "gap-overran": " (that day is past and it is not recorded as held)",
    "gap-way": "Way {0} of {1}: {2}",
    "why-way": "an item this way of meeting the target needs",
    "gap-already-met": "nothing missing",
    "gap-needs": "needs {0}",
    "gap-rules-as-of": ("Rules as in force on {0}; the ways on are planned with the rules in force "
                        "on {1}."),
    "gap-no-route": "no route reaches it",
    "gap-other-ways": "{0}:",
    "gap-other-way": "   {0}. {1}",
    "gap-way-brief": "{0} ({1})",
    "gap-way-none": "{0} (no way found: {1})",
    "gap-more": ("--explain adds every way in full, why each step is there, the rules' reasons "
                 "with their codes, every citation and the facts no source confirms."),
    # framework coverage (sendpath.query.coverage)
    "coverage-head": "{0}: {1}, counted by {2}",
    "coverage-by-area": "area of need",
    "coverage-by-level": "level",
    "coverage-by-section": "section",
    "coverage-row": "  {0}: {1}",
    "coverage-outcomes": "      {0}",
    "coverage-no-area": "(no area of need named)",
    "coverage-no-level": "(no level)",
    "coverage-gaps-area": "Areas of need no outcome names (outcomes for all areas aside):",
    "coverage-gaps-level": "Broad areas of need with no outcome at a level:",
    "coverage-gaps-section": "Sections in which no outcome names an area of need:",
    "coverage-gap": "  {0}",
    "coverage-gap-levels": ": {0}",
    "coverage-no-gaps": "No gaps.",
    "coverage-more": "--explain adds the ids and each row's outcomes.",
    # a school's plan (sendpath.query.plan_school)
    "school-head": ("School CPD plan from {0} for {1} at {2:g} hours a term each; pupils' "
                    "needs: {3}"),
    "school-tier-statutory": "Statutory duties (first, over the cap if they must be):",
    "school-tier-priority": "Development-plan priorities:",
    "school-tier-coverage": "Covering the pupils' needs:",
    "school-line": "  {0}: {1}",
    "school-what": "{0}  {1}{2}",
    "school-why": "      rule: {0}; sources: {1}",
    "school-late": "  [due by {0}: late]",
    "school-over-budget": "  [over the budget]",
    "school-shortfalls": "Not covered:",
    "school-shortfall": "  {0}: {1}: {2}",
    "school-whole": "the school",
    "school-spent": "Cost to the school: {0}{1}",
    "school-budget": " of a budget of {0}",
    "school-as-needed": "as many terms as it takes",
    "school-unknown-costs": "Costs not known (not counted as free): {0}",
    "school-more": ("--explain adds the rule and sources of each line and the codes of what is "
                    "not covered."),
    "school-rule-statutory": "a statutory duty of {0}",
    "school-rule-priority": ("a development-plan priority: awareness for all who work with "
                             "pupils"),
    "school-rule-awareness": ("a need among the pupils: awareness for all staff who work with "
                              "pupils (sendpath's reading of the Code of Practice's levels)"),
    "school-rule-enhanced": ("a need of the pupils they teach: enhanced (sendpath's reading of "
                             "the Code of Practice's levels)"),
    "school-rule-specialist": ("{0} pupils with the need reach sendpath's threshold of {1} for "
                               "a specialist in the school (sendpath's, not the law's)"),
    "school-rule-oversight": ("a need among the pupils: awareness for the leaders and the SEND "
                              "link governor who oversee the school's SEN arrangements (Code of "
                              "Practice 6.3; the level is sendpath's reading)"),
    "school-no-link-governor": ("no one in the list is the SEND link governor: the Code of "
                                "Practice (6.3) expects a member of the governing body, or a "
                                "committee, with specific oversight of SEN and disability "
                                "(sources: {0})"),
    "school-no-course": "no course in the data meets it at the {0} level",
    "school-beyond-terms": "it does not fit in the {0} terms planned at {1:g} hours a term",
    "school-over-budget-reason": "it would cost {0}, past the budget",
    # CPD plans (sendpath.query.sequence)
    "plan-head": "Plan for {0} from {1} at {2:g} hours a term: {3} over {4}, to {5}",
    "plan-head-done": "Plan for {0}: nothing left to do, as of {1}",
    "plan-head-none": "Plan for {0} from {1} at {2:g} hours a term: nothing can be planned",
    "plan-row": "  {0:<26} {1:>5g} h  {2}",
    "plan-terms": "{0} to {1}",
    "plan-due": ", due by {0}",
    "plan-since": ", under way since {0}",
    "plan-unplanned-waiting": "Not planned, as they wait for it: {0}",
    "plan-outcomes": "{0}",
    "plan-covers": "covers {0} asked for",
    "plan-take-role": "take the role: {0}",
    "plan-starts": "start {0} (to {1}{2}{3}{4})",
    "plan-once": "{0}{1}",
    "plan-unknown-hours": ", hours not known",
    "plan-ends": "finish {0}",
    "plan-over": "  [{0:g} h over the cap]",
    "plan-idle": "(nothing)",
    "plan-item": "{0} ({1}, {2})",
    "plan-item-when": "   {0} to {1}, done by the end of that term ({2})",
    "plan-milestone": "   a milestone: it takes no study hours",
    "plan-hours-unknown": "   hours not known: counted as none against the cap",
    "plan-item-hours": "   {0:g} hours a term, {1:g} in all",
    "plan-item-due": "   due by {0}",
    "plan-item-late": ", but it finishes after that",
    "plan-item-over": "   a statutory duty: over the cap by {0:g} hours a term",
    "plan-item-under-way": "   under way since {0}: it keeps its terms",
    "plan-item-why": "   why: {0}",
    "plan-item-sources": "   sources: {0}",
    "plan-unplanned": "Not planned: {0}: {1}",
    "plan-code": " [{0}]",
    "plan-waits-for": "it needs {0}, which could not be planned",
    "plan-needs-hours": "it needs {0:g} hours a term, over the cap of {1:g}",
    "plan-late": "{0} is due by {1} but finishes {2}.",
    "plan-over-cap": "Statutory duties take the plan over the cap by {0:g} hours in all.",
    "plan-cap-needed": "At {0:g} hours a term every due date is met within the cap.",
    "plan-no-cap": "No cap meets every due date: there is not time enough.",
    "plan-heuristic": "The search stopped at its budget: a better plan may exist.",
    "plan-more": ("--explain adds each item's terms, hours, due date, why it is there and its "
                  "sources."),
    "next-heading": "Next steps from {0}, as of {1}:",
    "next-no-role": "no current role",
    "next-none": "No next step the data names is open now or one step away.",
    "next-open-now": "Open now:",
    "next-after-one": "After one more step:",
    "next-move": "   {0:<12} {1}",
    "next-after": ", after {0}",
    "next-months": " ({0})",
    "next-months-unknown": " (length unknown)",
    "next-due": ", due by {0}",
    "next-opens": "; opens {0}",
    "next-why": "; {0}",
    "next-why-duty": "meets a duty of {0}",
    "next-why-leads-to": "a next step of {0} in the data",
    "next-under-way": "Under way (not listed): {0}",
    "next-more": "--explain adds ids and why each move is listed.",
    "feeders-heading": "Into {0}: {1}",
    "feeders-line": "   {0:<18} {1}",
    "feeders-named": " (named as a next step)",
    "feeders-depth": "needed {0} deep",
    "feeders-months": ", {0}",
    "feeders-more": ("For a role: the steps of the fastest route up to the target (records gained "
                     "and roles taken); for a qualification: how many records deep the "
                     "target's requirement needs it. --explain adds ids."),
    "diagnose-heading": "Gaps in the pathways, as of {0}: {1}",
    "diagnose-missing": ("Missing rungs (climbs of more than {0} within an area of need, with "
                         "nothing in the data between):"),
    "diagnose-broad": "  {0}",
    "diagnose-area": "    {0}: nothing at {1}",
    "diagnose-rung": "{0} ({1})",
    "diagnose-jump": "       {0} ({1}) -> {2} ({3}){4}",
    "diagnose-via": " by {0}",
    "diagnose-none-in": "  No missing rung in: {0}",
    "diagnose-dead-ends": ("Dead ends (nothing requires them or follows them, and no role names "
                           "them):"),
    "diagnose-unreachable": "Unreachable (no path from an entry-point role or a free start):",
    "diagnose-bottlenecks": ("Bottlenecks (on average, the share of the shortest paths from an "
                             "entry-point role into a specialist role that pass through it):"),
    "diagnose-item": "   {0}{1}",
    "diagnose-at": " ({0})",
    "diagnose-needs": "; needs {0}",
    "diagnose-share": "   {0:>4}  {1}{2}",
    "diagnose-pairs": " ({0:.3f}, over {1} pairs)",
    "diagnose-none": "   none",
    "diagnose-more": ("Rungs: 0 none, 1 awareness, 2 enhanced, 3 specialist (sendpath's "
                      "ladder). --explain lists every finding, with ids, the kind of each "
                      "progression, what unreachable records need and the pairs behind each "
                      "share."),
    "diagnose-and-more": "   and {0} more",
    "diagnose-more-climbs": "       and {0} more",
    "diagnose-bad-jump": "max_level_jump must be at least 1, not {0}",
    "requirements-heading": "{0} requires:",
    "requirements-typical": "Usually entered by (the law is silent; not a rule):",
    "requirements-obligation": "After taking the role, an obligation:",
    "requirements-ways": "Ways to meet it ({0}, smallest first):",
    "requirements-way": "  {0}. {1}",
    "requirements-more": "  (more ways exist; the list is capped)",
    "why-under-way": "under way since {0}; expected to finish by {1}",
    "why-under-way-open": "under way since {0} (its length is not known)",
    "why-overran": "expected by {0}, which is past and it is not recorded as held: taken as "
                   "finishing on {1}",
    "why-required-by": "required by {0}",
    "why-obligation": "obligation of {0}",
    "why-obligation-due": "obligation of {0}, due by {1}",
    "held-assumed": "assumed for {0} (the first of its alternatives)",
    "held-implied": "implied by {0}",
    "held-in-profile": "in the profile",
    "held-conferred": "conferred by what the profile holds",
    # find and crosswalk (sendpath.query)
    "find-none": "nothing matches {0}",
    "find-match": "{0}: {1}",
    "find-field": "    {0}: {1}",
    "crosswalk-heading": "{0} ({1}), in {2}:",
    "crosswalk-none": "  no crosswalk links it to another framework",
    "crosswalk-line": "  {0:<8} {1} ({2}), {3}{4}{5}",
    "crosswalk-editorial": " [editorial]",
    "crosswalk-via": " via {0}",
    "crosswalk-why": "           why: {0}",
    "crosswalk-sources": "           sources: {0}",
    # conformance cases (sendpath.cases)
    "cases-all-passed": "all passed",
    "cases-some-failed": "{0} failed, {1} passed",
    "cases-count": "{0}: {1} (data {2})",
    "case-head": "{0} {1}",
    "case-where": "     {0}",
    "case-reference": "     reference: {0}({1})",
    "case-on": "on {0}",
    "case-rules-as-of": ", rules as in force on {0}",
    "case-target": "     {0} {1}",
    "case-difference": "     - {0}",
})


def titled(text: str, titles: Mapping[str, str]) -> str:
    """Return ``text`` with every id that ``titles`` knows replaced by its title.

    For answers worded with ids (a route's ``reason``) shown to people, who read titles.

    Example:
        >>> titled("qual:nasenco is withdrawn", {"qual:nasenco": "NASENCO"})
        'NASENCO is withdrawn'
    """
    return _ANY_ID.sub(lambda m: titles.get(m.group(0), m.group(0)), text)


def count(n: int, noun: str) -> str:
    """Return ``n`` and the noun, plural unless ``n`` is 1.

    Example:
        >>> count(1, "step"), count(3, "step"), count(0, "case")
        ('1 step', '3 steps', '0 cases')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def people(n: int) -> str:
    """Return a number of people, with thousands separated.

    Example:
        >>> people(1), people(1000000)
        ('1 person', '1,000,000 people')
    """
    return "1 person" if n == 1 else f"{n:,} people"


def words(key: str, *args: Any) -> str:
    """Return the words of one phrase of :data:`PHRASES` with its values.

    Example:
        >>> words("route-avoided", "qual:npq-senco")
        'qual:npq-senco is in the avoid list'
    """
    return say((Phrase(key, args),))


def say(phrases: Iterable[Phrase], titles: Mapping[str, str] | None = None, *,
        ids: bool = True) -> str:
    """Return the words of an answer's phrases; ids (:class:`Name`) show their titles.

    With ``ids=False`` a record with a known title is named by its title alone (the short
    text of an answer); one without keeps its id.

    Example:
        >>> import datetime as dt
        >>> phrases = [Phrase("holds", (Name("qual:qts"),)), Phrase("colon"),
        ...            Phrase("awarded", (dt.date(2019, 7, 1),))]
        >>> say(phrases, {"qual:qts": "QTS"})
        'holds qual:qts (QTS): awarded 2019-07-01'
        >>> say(phrases, {"qual:qts": "QTS"}, ids=False)
        'holds QTS: awarded 2019-07-01'
    """
    titles = titles or {}

    def shown(value: Any) -> Any:
        if isinstance(value, Name):
            title = titles.get(value)
            if not title:
                return str(value)
            return f"{value} ({title})" if ids else title
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return "".join(PHRASES[p.key].format(*(shown(a) for a in p.args)) for p in phrases)


#: How much further in a wrapped line's continuation starts than the line itself.
_HANG = 4


def wrap(lines: Iterable[str], width: int | None = None) -> list[str]:
    """Return text lines wrapped to ``width`` columns (default: the terminal's width).

    A line keeps its own indent, and what runs over continues four spaces further in (a
    hanging indent), so one item stays one item to the eye. A line that fits is left as it
    is; no line comes out longer than ``width`` (a word longer than a line is broken).

    Example:
        >>> wrap(["Met:", "  holds Qualified teacher status (QTS): awarded 2019-07-01"], 40)
        ['Met:', '  holds Qualified teacher status (QTS):', '      awarded 2019-07-01']
    """
    width = max(width or shutil.get_terminal_size().columns, 2 * _HANG)
    out: list[str] = []
    for line in lines:
        line = line.rstrip()  # noqa: PLW2901  (the line as it will be shown)
        if len(line) <= width:
            out.append(line)
            continue
        body = line.lstrip(" ")
        indent = min(len(line) - len(body), width // 2)
        out += textwrap.wrap(body, width, initial_indent=" " * indent,
                             subsequent_indent=" " * min(indent + _HANG, width // 2),
                             break_on_hyphens=False)
    return out
