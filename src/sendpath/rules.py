"""The rules engine: requirement trees and statutory obligations, evaluated on a date.

:func:`evaluate` answers "where does this person stand with this role (or qualification) on
this day?": ``met``, ``due`` (not yet met, still in time, with the date by which it must be),
``overdue``, ``not_met`` or ``indeterminate`` (a needed fact is missing). The answer carries its
reasons as a tree, the citations behind them, and the unconfirmed facts it rests on.

The combination is three-valued, as in Kleene logic: an unknown branch might be met. ``all``
takes the worst child (not_met > overdue > indeterminate > due, earliest date > met) and ``any``
the best (met > indeterminate > due, latest date > overdue > not_met). A role's status is
``all(eligibility, obligations)``; eligibility itself is never ``due``.

Dates follow sendpath's conventions: periods include both ends; an obligation's due date is the
anchor plus the period and that anniversary day is still in time; an anniversary of 29 February
falls on 28 February (:func:`add_months`); "after" a date is strictly after it.

The rules are a model of the law, written for planning and research; they are not legal advice.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> me = Profile(
    ...     roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),
    ...            RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))),
    ...     holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
    ...            Holding(id="qual:induction", completed=dt.date(2021, 7, 20))))
    >>> status = evaluate(sendpath.load_default(), me, "senco", on=dt.date(2026, 9, 1))
    >>> status.state, status.due
    ('due', datetime.date(2028, 1, 6))
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, NamedTuple, Protocol

import attrs

from sendpath._dates import add_months, more_than_months, whole_months
from sendpath._output import JSON_FORMAT, dumps, envelope
from sendpath.errors import UnknownIdError
from sendpath.ids import Resolver, kind_of
from sendpath.model import (
    Activity,
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AreaOfNeed,
    AtLeast,
    Citation,
    Experience,
    Holding,
    Holds,
    InRole,
    MinCredits,
    MinHours,
    Obligation,
    PriorServiceOver,
    Profile,
    Qualification,
    Ref,
    Requirement,
    Role,
    Source,
    referenced_ids,
    wording_on,
)

__all__ = [
    "JSON_FORMAT",
    "REASON_CODES",
    "STATES",
    "CatalogueLike",
    "Reason",
    "Status",
    "Verdict",
    "add_months",
    "check",
    "combine_all",
    "combine_any",
    "combine_at_least",
    "evaluate",
    "whole_months",
]

#: The states of a result, best first.
STATES: Final = ("met", "due", "overdue", "not_met", "indeterminate")
_MODEL_NOTE: Final = "sendpath's rules are a model of the law for planning, not legal advice."
# `all` keeps the worst child; `any` the best. The orders differ only in where `indeterminate`
# sits: an unknown branch might be met, so it beats `due` in `any` and loses to it in `all`.
_ALL_RANK: Final = {"met": 0, "due": 1, "indeterminate": 2, "overdue": 3, "not_met": 4}
_ANY_RANK: Final = {"met": 0, "indeterminate": 1, "due": 2, "overdue": 3, "not_met": 4}
_TARGET_KINDS: Final = ("role", "qual", "activity")

#: Every reason code with its meaning. A code names what a step of an answer found; codes are
#: stable: once published, a code keeps its meaning and is never reused.
REASON_CODES: Final[Mapping[str, str]] = MappingProxyType({
    "eligibility": "the conditions for taking the role",
    "no-conditions": "the role has no conditions of eligibility",
    "prerequisites": "what a person needs before starting the qualification (for information)",
    "obligation": "a duty that falls due a period after its anchor (appointment, first class)",
    "not-binding": "the duty would bind once the person holds the role (for information)",
    "exempt": "an exemption lifts the duty",
    "all-of": "every branch must be met",
    "any-of": "one branch is enough",
    "at-least": "a number of branches must be met",
    "held": "the profile holds the item, and every date condition is met",
    "conferred": "a status conferred by its rule: held while the rule is met",
    "counts-as": "held through an award that counts as the item",
    "not-required": "the item was not required of this person",
    "not-held": "the profile does not hold the item",
    "not-yet-held": "the item counts only from a date after the evaluation date",
    "started-too-late": "the course started on or after the last day a start counts",
    "started-too-early": "the course started before the first day a start counts",
    "completed-too-late": "the course was completed on or after the cut-off",
    "lapsed": "the holding has lapsed (its validity or membership ended)",
    "missing-date": "a date the rule needs is not given and the known dates leave it open",
    "in-role": "the person is in the role on the date",
    "not-in-role": "the person is not in the role on the date",
    "appointment-in-range": "the appointment date meets the rule's date",
    "appointment-out-of-range": "the appointment date does not meet the rule's date",
    "service-over": "earlier service comes to more than the stated months",
    "service-not-over": "earlier service does not come to more than the stated months",
    "service-unsettled": "the law gives no answer: the service is exactly on the edge of the "
                         "months stated (366 days over separate spells, or a spell from 29 "
                         "February, or another day its end month lacks, ending on that month's "
                         "last day or the next day)",
    "experience-enough": "enough experience is recorded",
    "experience-short": "not enough experience is recorded",
    "experience-unknown": "some experience has no hours recorded",
    "amount-enough": "enough hours or credits are recorded",
    "amount-short": "not enough hours or credits are recorded",
    "amount-unknown": "some hours, credits or dates are not recorded",
    "covered": "a held qualification or activity covers the outcome",
    "not-covered": "nothing held covers the outcome",
    "not-in-force": "no wording of the rule was in force on the rules date",
})
_ONE_DAY: Final = dt.timedelta(days=1)


class CatalogueLike(Resolver, Protocol):
    """What the rules read from a catalogue (``sendpath.Catalogue`` is one).

    Example:
        A catalogue, given to :func:`check`, supplies titles (and citations):

        >>> import sendpath
        >>> from sendpath.model import Profile, Ref
        >>> cat = sendpath.load_default()
        >>> check(Ref(id="qual:qts"), Profile(), on=dt.date(2026, 9, 1), catalogue=cat).text
        'holds qual:qts (Qualified teacher status (QTS)): not held'
        >>> check(Ref(id="qual:qts"), Profile(), on=dt.date(2026, 9, 1)).text
        'holds qual:qts: not held'
    """

    @property
    def roles(self) -> Mapping[str, Role]:
        """Roles by id."""
        ...

    @property
    def qualifications(self) -> Mapping[str, Qualification]:
        """Qualifications by id."""
        ...

    @property
    def activities(self) -> Mapping[str, Activity]:
        """Activities by id."""
        ...

    @property
    def areas(self) -> Mapping[str, AreaOfNeed]:
        """Areas of need by id."""
        ...

    @property
    def sources(self) -> Mapping[str, Source]:
        """Sources by id."""
        ...

    @property
    def data_version(self) -> str:
        """The version of the data."""
        ...


class Verdict(NamedTuple):
    """A state and, for ``due`` and ``overdue``, the date it falls (or fell) due.

    Example:
        >>> Verdict("due", dt.date(2028, 1, 6)).due.isoformat()
        '2028-01-06'
    """

    state: str
    due: dt.date | None = None


_MET: Final = Verdict("met")
_NOT_MET: Final = Verdict("not_met")
_UNKNOWN: Final = Verdict("indeterminate")


def _merged(periods: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Merge overlapping and adjacent inclusive periods (so no day counts twice)."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(p for p in periods if p[0] <= p[1]):
        if out and start <= out[-1][1] + _ONE_DAY:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# -- combination -------------------------------------------------------------------------------


def combine_all(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine as ``all``: the worst verdict; among ``due`` or ``overdue``, the earliest date.

    Example:
        >>> combine_all([Verdict("met"), Verdict("due", dt.date(2028, 1, 6)),
        ...              Verdict("due", dt.date(2027, 8, 31))])
        Verdict(state='due', due=datetime.date(2027, 8, 31))
        >>> combine_all([Verdict("due", dt.date(2028, 1, 6)), Verdict("indeterminate")]).state
        'indeterminate'
    """
    items = list(verdicts)
    if not items:
        return _MET
    state = max((v.state for v in items), key=_ALL_RANK.__getitem__)
    dates = [v.due for v in items if v.state == state and v.due is not None]
    return Verdict(state, min(dates) if dates else None)


def combine_any(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine as ``any``: the best verdict; among ``due`` or ``overdue``, the latest date.

    Example:
        >>> combine_any([Verdict("not_met"), Verdict("due", dt.date(2028, 1, 6)),
        ...              Verdict("due", dt.date(2027, 8, 31))])
        Verdict(state='due', due=datetime.date(2028, 1, 6))
        >>> combine_any([Verdict("due", dt.date(2028, 1, 6)), Verdict("indeterminate")]).state
        'indeterminate'
    """
    items = list(verdicts)
    if not items:
        return _NOT_MET
    state = min((v.state for v in items), key=_ANY_RANK.__getitem__)
    dates = [v.due for v in items if v.state == state and v.due is not None]
    return Verdict(state, max(dates) if dates else None)


def combine_at_least(n: int, verdicts: Iterable[Verdict]) -> Verdict:
    """Combine as ``at least n of``: ``any`` over every choice of ``n`` children, each ``all``.

    With ``n = 1`` this is :func:`combine_any`; with ``n`` equal to the number of children it is
    :func:`combine_all`.

    Example:
        >>> combine_at_least(2, [Verdict("met"), Verdict("not_met"),
        ...                      Verdict("due", dt.date(2027, 1, 1))])
        Verdict(state='due', due=datetime.date(2027, 1, 1))
        >>> combine_at_least(2, [Verdict("met"), Verdict("indeterminate"), Verdict("not_met")])
        Verdict(state='indeterminate', due=None)
    """
    items = list(verdicts)
    by_state: dict[str, list[dt.date]] = {s: [] for s in STATES}
    for v in items:
        by_state[v.state].append(v.due or dt.date.max)
    met, unknown = len(by_state["met"]), len(by_state["indeterminate"])
    due = sorted(by_state["due"], reverse=True)
    overdue = sorted(by_state["overdue"], reverse=True)
    if met >= n:
        return _MET
    need = n - met
    if unknown and len(due) + unknown >= need:
        return _UNKNOWN
    if len(due) >= need:
        return Verdict("due", due[need - 1])
    need -= len(due) + unknown
    if len(overdue) >= need:
        return Verdict("overdue", overdue[need - 1])
    return _NOT_MET


# -- results -----------------------------------------------------------------------------------


def _check_state(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in STATES:
        raise ValueError(f"{attribute.name} must be one of {', '.join(STATES)}, not {value!r}")


def _check_code(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in REASON_CODES:
        raise ValueError(f"{attribute.name} must be a reason code, not {value!r}")


@attrs.frozen(kw_only=True)
class Reason:
    """One step of an answer: what was asked, how it stands, and on whose authority.

    Attributes:
        state: One of :data:`STATES`.
        text: What the step is and what the profile shows, in words.
        code: What the step found, one of :data:`REASON_CODES` (stable, for machines).
        due: For ``due`` and ``overdue``, the date it falls (or fell) due.
        citations: The sources behind the step (the record's, or the obligation's).
        children: The steps it combines.
        informative: The step is shown for information and does not count toward the result
            (an obligation of a role the person does not hold, a qualification's prerequisites).

    Example:
        >>> r = Reason(state="met", code="held", text="holds qual:qts")
        >>> r.to_dict()["code"], r.children
        ('held', ())
    """

    state: str = attrs.field(validator=_check_state)
    text: str
    code: str = attrs.field(validator=_check_code)
    due: dt.date | None = None
    citations: tuple[Citation, ...] = ()
    children: tuple[Reason, ...] = ()
    informative: bool = False

    @property
    def verdict(self) -> Verdict:
        """The state and date as a :class:`Verdict`."""
        return Verdict(self.state, self.due)

    def walk(self) -> Iterator[Reason]:
        """Yield this reason and every reason below it, depth first.

        Example:
            >>> leaf = Reason(state="met", code="held", text="b")
            >>> [r.text for r in Reason(state="met", code="all-of", text="a",
            ...                         children=(leaf,)).walk()]
            ['a', 'b']
        """
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        """Return the reason as JSON-ready data (ISO dates).

        Example:
            >>> Reason(state="due", code="not-held", text="x",
            ...        due=dt.date(2028, 1, 6)).to_dict()["due"]
            '2028-01-06'
        """
        return {
            "state": self.state,
            "code": self.code,
            "text": self.text,
            "due": _iso(self.due),
            "citations": [_citation_dict(c) for c in self.citations],
            "children": [c.to_dict() for c in self.children],
            "informative": self.informative,
        }

    def lines(self, depth: int = 0, numbers: Mapping[Citation, int] | None = None
              ) -> Iterator[str]:
        """Yield the reason and its children as indented lines of text.

        ``numbers`` maps citations to the numbers of a source list; each line then ends with the
        numbers of its own citations.

        Example:
            >>> list(Reason(state="due", code="not-held", text="holds X",
            ...             due=dt.date(2028, 1, 6)).lines())
            ['[due by 2028-01-06] holds X {not-held}']
        """
        numbers = numbers or {}
        refs = "".join(f" [{numbers[c]}]" for c in self.citations if c in numbers)
        yield f"{'  ' * depth}[{_tag(self)}] {self.text} {{{self.code}}}{refs}"
        for child in self.children:
            yield from child.lines(depth + 1, numbers)


@attrs.frozen(kw_only=True)
class Status:
    """Where a profile stands with a target on a date: the result of :func:`evaluate`.

    Attributes:
        target: The full id evaluated (``role:senco``).
        title: Its title.
        as_of: The date of the evaluation.
        state: One of :data:`STATES`.
        due: For ``due`` and ``overdue``, the date by which it must be (or had to be) met.
        reasons: Why, as a tree: for a role, its eligibility and each obligation.
        citations: Every citation behind the reasons, without repeats, in order of use.
        unconfirmed: The facts used that no source confirms, each as ``id: field: note``.
        data_version: The version of the data the answer came from.
        source_titles: The titles of the cited sources, by source id.
        rules_as_of: The date whose wording of the rules was applied, when one was asked for
            (``None``: the current wording).

    Example:
        >>> import sendpath
        >>> from sendpath.model import Profile
        >>> s = evaluate(sendpath.load_default(), Profile(), "role:senco", on=dt.date(2026, 9, 1))
        >>> s.state, s.as_of.isoformat()
        ('not_met', '2026-09-01')
    """

    target: str
    title: str
    as_of: dt.date
    state: str = attrs.field(validator=_check_state)
    due: dt.date | None
    reasons: tuple[Reason, ...]
    citations: tuple[Citation, ...]
    unconfirmed: tuple[str, ...]
    data_version: str
    source_titles: Mapping[str, str] = attrs.field(factory=dict, repr=False, hash=False)
    rules_as_of: dt.date | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """Every reason code in the answer, once each, in the order they first appear.

        Example:
            >>> import sendpath
            >>> from sendpath.model import Profile
            >>> s = evaluate(sendpath.load_default(), Profile(), "senco", on=dt.date(2026, 9, 1))
            >>> "not-held" in s.codes
            True
        """
        return tuple(dict.fromkeys(n.code for r in self.reasons for n in r.walk()))

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data, with the versions and the date it is as of.

        ``codes`` maps every reason code in the answer to its meaning; ``rules_as_of`` is
        present when a date's wording of the rules was asked for.

        Example:
            >>> import sendpath
            >>> from sendpath.model import Profile
            >>> d = evaluate(sendpath.load_default(), Profile(), "senco",
            ...              on=dt.date(2026, 9, 1)).to_dict()
            >>> d["format"], d["as_of"], d["target"]["id"], d["state"]
            (1, '2026-09-01', 'role:senco', 'not_met')
        """
        return envelope(
            self.data_version,
            as_of=self.as_of.isoformat(),
            target={"id": self.target, "title": self.title},
            state=self.state,
            due=_iso(self.due),
            reasons=[r.to_dict() for r in self.reasons],
            citations=[
                {**_citation_dict(c), "title": self.source_titles.get(c.source, c.source)}
                for c in self.citations
            ],
            unconfirmed=list(self.unconfirmed),
            codes={code: REASON_CODES[code] for code in self.codes},
            **({"rules_as_of": self.rules_as_of.isoformat()} if self.rules_as_of else {}),
        )

    def to_json(self) -> str:
        """Return :meth:`Status.to_dict` as JSON text: sorted keys, two-space indent, final newline.

        Example:
            >>> import json, sendpath
            >>> from sendpath.model import Profile
            >>> text = evaluate(sendpath.load_default(), Profile(), "senco",
            ...                 on=dt.date(2026, 9, 1)).to_json()
            >>> json.loads(text)["target"]
            {'id': 'role:senco', 'title': 'Special educational needs co-ordinator (SENCO)'}
        """
        return dumps(self.to_dict())

    def explain(self) -> str:
        """Return the result as text for people: the verdict, the reasons, the sources.

        Example:
            >>> import sendpath
            >>> from sendpath.model import Profile
            >>> text = evaluate(sendpath.load_default(), Profile(), "senco",
            ...                 on=dt.date(2026, 9, 1)).explain()
            >>> print(text.splitlines()[1])
            As of 2026-09-01: not met
        """
        rules = (f" (rules as in force on {self.rules_as_of.isoformat()})"
                 if self.rules_as_of else "")
        lines = [f"{self.target}: {self.title}",
                 f"As of {self.as_of.isoformat()}{rules}: {_summary(self)}", ""]
        numbers = {c: i for i, c in enumerate(self.citations, 1)}
        for reason in self.reasons:
            lines.extend(reason.lines(numbers=numbers))
        if self.citations:
            lines += ["", "Sources:"]
            for i, cite in enumerate(self.citations, 1):
                where = f", {cite.locator}" if cite.locator else ""
                title = self.source_titles.get(cite.source, cite.source)
                lines.append(f"  [{i}] {title}{where} ({cite.source})")
        if self.unconfirmed:
            lines += ["", "Unconfirmed (no source confirms):"]
            lines += [f"  {u}" for u in self.unconfirmed]
        lines += ["", _MODEL_NOTE]
        return "\n".join(lines)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _citation_dict(cite: Citation) -> dict[str, str]:
    return {"source": cite.source, "locator": cite.locator}


def _tag(reason: Reason) -> str:
    words = {"met": "met", "not_met": "not met", "indeterminate": "unknown"}
    if reason.state == "due":
        text = f"due by {_iso(reason.due)}"
    elif reason.state == "overdue":
        text = f"overdue since {_iso(reason.due)}"
    else:
        text = words[reason.state]
    return f"if so: {text}" if reason.informative else text


def _summary(status: Status) -> str:
    if status.state == "due":
        return f"due by {_iso(status.due)} (not yet met; the day itself is in time)"
    if status.state == "overdue":
        return f"overdue (it was due by {_iso(status.due)})"
    return {"met": "met", "not_met": "not met",
            "indeterminate": "indeterminate (a needed fact is missing)"}[status.state]


# -- evaluation context ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Ctx:
    """What a requirement is evaluated against.

    ``deadline`` is set inside an obligation: an unmet leaf that can still be met is then ``due``
    by it (or by its own earlier cut-off), or ``overdue`` after it. ``anchor`` is the day the
    obligation's clock started (the appointment), for exemptions. ``rules_on`` is the day whose
    wording of the rules applies.
    """

    cat: CatalogueLike | None
    profile: Profile
    on: dt.date
    rules_on: dt.date
    deadline: dt.date | None = None
    anchor: dt.date | None = None

    def name(self, ref: str) -> str:
        title = _title(self.cat, ref)
        return f"{ref} ({title})" if title else ref

    def cites(self, ref: str) -> tuple[Citation, ...]:
        record = _record(self.cat, ref)
        return record.sources if record is not None else ()

    def unmet(self, text: str, cites: tuple[Citation, ...], code: str, *,
              last_day: dt.date | None = None, closed: bool = False) -> Reason:
        """An unmet leaf: ``not_met`` outside an obligation or once closed, else due/overdue."""
        if closed or self.deadline is None or (last_day is not None and self.on > last_day):
            return Reason(state="not_met", code=code, text=text, citations=cites)
        if self.on > self.deadline:
            return Reason(state="overdue", code=code, text=text, due=self.deadline,
                          citations=cites)
        last = self.deadline if last_day is None else min(self.deadline, last_day)
        return Reason(state="due", code=code, text=text, due=last, citations=cites)


def _record(cat: CatalogueLike | None, ref: str) -> Role | Qualification | Activity | None:
    if cat is None:
        return None
    return cat.roles.get(ref) or cat.qualifications.get(ref) or cat.activities.get(ref)


def _title(cat: CatalogueLike | None, ref: str) -> str | None:
    record = _record(cat, ref)
    if record is not None:
        return record.title
    area = cat.areas.get(ref) if cat is not None else None
    return area.title if area is not None else None


def _rules_day(rules_as_of: dt.date | None) -> dt.date:
    """The day whose wording applies: ``rules_as_of``, else today (the current wording)."""
    return rules_as_of if rules_as_of is not None else dt.date.today()


# -- requirement nodes -------------------------------------------------------------------------


def check(requirement: Requirement, profile: Profile, *, on: dt.date | None = None,
          catalogue: CatalogueLike | None = None, rules_as_of: dt.date | None = None) -> Reason:
    """Evaluate one requirement tree against ``profile`` on ``on`` (default today).

    This is the eligibility reading: an unmet requirement is ``not_met`` (never ``due``). A
    catalogue, when given, supplies titles, citations and facts such as a qualification's
    ``valid_for_months``, hours and credits, and the rules of conferred statuses. The tree is
    read in the wording in force on ``rules_as_of`` (default: today's).

    Example:
        >>> from sendpath.model import AnyOf, Holding, Profile, Ref
        >>> me = Profile(holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),))
        >>> tree = AnyOf(items=(Ref(id="qual:qts"), Ref(id="qual:npq-senco")))
        >>> check(tree, me, on=dt.date(2026, 9, 1)).state
        'met'
        >>> check(tree, me, on=dt.date(2019, 6, 30)).state
        'not_met'
    """
    day = on or dt.date.today()
    ctx = _Ctx(cat=catalogue, profile=profile, on=day, rules_on=_rules_day(rules_as_of))
    return _eval_tree(requirement, ctx)


def _eval_tree(tree: Requirement, ctx: _Ctx) -> Reason:
    """Evaluate the wording of ``tree`` in force on the rules day."""
    wording = wording_on(tree, ctx.rules_on)
    if wording is None:
        return _not_in_force("this requirement", ctx)
    return _eval(wording, ctx)


def _not_in_force(what: str, ctx: _Ctx) -> Reason:
    return Reason(state="indeterminate", code="not-in-force",
                  text=f"{what}: no wording was in force on {ctx.rules_on.isoformat()}")


def _eval(node: Requirement, ctx: _Ctx) -> Reason:
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
        verdict, text, code = combine_all(verdicts), "all of", "all-of"
    elif isinstance(node, AnyOf):
        verdict, text, code = combine_any(verdicts), "any of", "any-of"
    else:
        verdict = combine_at_least(node.n, verdicts)
        text, code = f"at least {node.n} of", "at-least"
    if verdict.state == "indeterminate":
        text += _otherwise(children)
    return Reason(state=verdict.state, code=code, text=text, due=verdict.due, children=children)


def _otherwise(children: Sequence[Reason]) -> str:
    """For an unknown group: what the branches that are merely due need, and by when."""
    dated = sorted({c.due for c in children if c.state == "due" and c.due is not None})
    if not dated:
        return " (a needed fact is missing)"
    return (f" (a needed fact is missing; failing that, the other branches are due by "
            f"{dated[-1].isoformat()})")


def _in_role(role: str, ctx: _Ctx) -> Reason:
    text = f"is in role {ctx.name(role)}"
    spells = [r for r in ctx.profile.roles if r.id == role and r.current_on(ctx.on)]
    if spells:
        since = min(s.since for s in spells)
        return Reason(state="met", code="in-role", text=f"{text}: since {since.isoformat()}",
                      citations=ctx.cites(role))
    return ctx.unmet(f"{text}: not on {ctx.on.isoformat()}", ctx.cites(role), "not-in-role")


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
    why: str


def _holding_verdict(node: Holds, h: Holding, ctx: _Ctx) -> _Finding:
    """How one held row stands against ``node`` on the date."""
    counts = h.counts_from
    if counts is not None and counts > ctx.on:
        return _Finding("not_met", "not-yet-held", f"not held until {counts.isoformat()}")
    if h.until is not None and ctx.on > h.until:
        return _Finding("not_met", "lapsed", f"lapsed: held until {h.until.isoformat()}")
    fails: list[tuple[str, str]] = []
    unknown: list[str] = []
    _start_conditions(node, h, fails, unknown)
    _end_conditions(node, h, ctx, fails, unknown)
    if fails:
        return _Finding("not_met", fails[0][0], "; ".join(why for _c, why in fails))
    if unknown:
        return _Finding("indeterminate", "missing-date", "; ".join(dict.fromkeys(unknown)))
    return _Finding("met", "held", _held_since(h))


def _latest_start(h: Holding) -> dt.date | None:
    """The latest the course can have started: its start, else its completion, else its award."""
    return h.started or h.completed or h.awarded


def _start_conditions(node: Holds, h: Holding, fails: list[tuple[str, str]],
                      unknown: list[str]) -> None:
    """Check the start-date conditions; a missing start is bounded by the completion and award."""
    if node.started_before is None and node.started_on_or_after is None:
        return
    latest = _latest_start(h)
    if h.started is not None:
        started = h.started.isoformat()
        if node.started_before is not None and h.started >= node.started_before:
            fails.append(("started-too-late", f"started {started}, not before "
                                              f"{node.started_before.isoformat()}"))
        if node.started_on_or_after is not None and h.started < node.started_on_or_after:
            fails.append(("started-too-early", f"started {started}, before "
                                               f"{node.started_on_or_after.isoformat()}"))
        return
    if node.started_on_or_after is not None:
        if latest is not None and latest < node.started_on_or_after:
            fails.append(("started-too-early",
                          f"finished {latest.isoformat()}, so started before "
                          f"{node.started_on_or_after.isoformat()}"))
        else:
            unknown.append("its start date is not given")
    if node.started_before is not None and not (latest is not None
                                                and latest < node.started_before):
        unknown.append("its start date is not given")


def _end_conditions(node: Holds, h: Holding, ctx: _Ctx, fails: list[tuple[str, str]],
                    unknown: list[str]) -> None:
    if node.completed_before is not None:
        cut = node.completed_before.isoformat()
        # A completion is no later than the award and no earlier than the start.
        done = h.completed or h.awarded
        if done is not None and done < node.completed_before:
            pass
        elif h.completed is not None:
            fails.append(("completed-too-late",
                          f"completed {h.completed.isoformat()}, not before {cut}"))
        elif h.started is not None and h.started >= node.completed_before:
            fails.append(("completed-too-late",
                          f"started {h.started.isoformat()}, so not completed before {cut}"))
        else:
            unknown.append("its completion date is not given")
    months = _valid_months(node, ctx)
    if months is not None:
        counts = h.counts_from
        if counts is None:
            unknown.append("its award date is not given, so its validity is unknown")
        elif ctx.on >= add_months(counts, months):
            fails.append(("lapsed", f"lapsed on {add_months(counts, months).isoformat()}"))


def _held_since(h: Holding) -> str:
    if h.awarded is not None:
        return f"awarded {h.awarded.isoformat()}"
    if h.completed is not None:
        return f"completed {h.completed.isoformat()}"
    return "held (date not given)"


def _holds_text(node: Holds, ctx: _Ctx) -> str:
    return ", ".join([f"holds {ctx.name(node.holds)}", *node.conditions()])


def _holds(node: Holds, ctx: _Ctx) -> Reason:
    record = _record(ctx.cat, node.holds)
    if isinstance(record, Qualification) and record.conferred and record.requires is not None:
        return _conferred(node, record, ctx)
    text = _holds_text(node, ctx)
    cites = ctx.cites(node.holds)
    rows = _holdings(node.holds, ctx)
    if node.unless_not_required and any(h.not_required for h, _via in rows):
        return Reason(state="met", code="not-required",
                      text=f"{text}: not required of this person", citations=cites)
    findings = [(_holding_verdict(node, h, ctx), via) for h, via in rows if h.is_held]
    for state in ("met", "indeterminate"):
        found = [(f, via) for f, via in findings if f.state == state]
        if found:
            f, via = found[0]
            code = "counts-as" if via is not None and state == "met" else f.code
            why = f"{f.why} (through {ctx.name(via)})" if via is not None else f.why
            extra = ctx.cites(via) if via is not None else ()
            return Reason(state=state, code=code, text=f"{text}: {why}",
                          citations=cites + extra)
    parts = [f.why for f, _via in findings] or ["not held"]
    code = findings[0][0].code if findings else "not-held"
    # Courses under way: started and not yet finished on the date.
    starts = [h.started for h, _via in rows if h.started is not None
              and (not h.is_held or (h.counts_from is not None and h.counts_from > ctx.on))]
    starts += [s.started for s in ctx.profile.studying if s.id == node.holds]
    if starts:
        parts.append(f"studying since {min(starts).isoformat()}")
    closed = False
    if node.started_before is not None and ctx.on >= node.started_before:
        closed = not any(s < node.started_before for s in starts)
        if closed:
            parts.append(f"can no longer be started (a course had to start before "
                         f"{node.started_before.isoformat()})")
    last_day = node.completed_before - _ONE_DAY if node.completed_before else None
    if last_day is not None and ctx.on > last_day:
        parts.append(f"can no longer be completed in time (the last day was "
                     f"{last_day.isoformat()})")
    detail = "; ".join(parts)
    return ctx.unmet(f"{text}: {detail}", cites, code, last_day=last_day, closed=closed)


def _conferred(node: Holds, record: Qualification, ctx: _Ctx) -> Reason:
    """A status a rule confers is held exactly while its rule is met."""
    text = f"holds {ctx.name(record.id)}"
    assert record.requires is not None  # checked by the caller  # noqa: S101
    rule = _eval_tree(record.requires, ctx)
    code = "conferred" if rule.state == "met" else rule.code
    if rule.state == "met":
        text += ": conferred by its rule"
    return Reason(state=rule.state, code=code, text=text, due=rule.due,
                  citations=record.sources, children=(rule,))


def _outcome(ref: str, ctx: _Ctx) -> Reason:
    """An outcome is met by a held qualification or activity whose record covers it."""
    text = f"covers {ref}"
    if ctx.cat is None:
        return Reason(state="indeterminate", code="missing-date",
                      text=f"{text}: no catalogue to say what covers it")
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
                              text=f"{text}: through holds {ctx.name(record.id)}: {finding.why}",
                              citations=ctx.cites(record.id))
    return ctx.unmet(f"{text}: nothing held covers it", (), "not-covered")


def _role_periods(role: str, ctx: _Ctx, *, before: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every period in ``role`` (roles, service, experience rows) ending before ``before``."""
    last = before - _ONE_DAY
    p = ctx.profile
    raw = [(r.since, r.until or last) for r in p.roles if r.id == role]
    raw += [(s.start, s.end) for s in p.service if s.role == role]
    raw += [(e.start, e.end or last) for e in p.experience if e.role == role]
    return _merged((start, min(end, last)) for start, end in raw)


def _experience(node: Experience, ctx: _Ctx) -> Reason:
    scope = f"as {ctx.name(node.role)}" if node.role else f"of {node.kind}"
    cites = ctx.cites(node.role) if node.role else ()
    rows = [e for e in ctx.profile.experience
            if (e.role == node.role if node.role else e.kind == node.kind) and e.start <= ctx.on]
    if node.months is not None:
        text = f"at least {node.months} months' experience {scope}"
        if node.role:
            periods = _role_periods(node.role, ctx, before=ctx.on + _ONE_DAY)
        else:
            periods = _merged((e.start, min(e.end or ctx.on, ctx.on)) for e in rows)
        months = sum(whole_months(s, e) for s, e in periods)
        detail = f"{months} whole months"
        if months >= node.months:
            return Reason(state="met", code="experience-enough", text=f"{text}: {detail}",
                          citations=cites)
        return ctx.unmet(f"{text}: {detail}", cites, "experience-short")
    need = node.hours or 0
    text = f"at least {need} hours' experience {scope}"
    known = sum(e.hours for e in rows if e.hours is not None)
    missing = sum(1 for e in rows if e.hours is None)
    detail = f"{known:g} hours recorded"
    if known >= need:
        return Reason(state="met", code="experience-enough", text=f"{text}: {detail}",
                      citations=cites)
    if missing:
        return Reason(state="indeterminate", code="experience-unknown", citations=cites,
                      text=f"{text}: {detail}; {missing} period(s) without hours")
    return ctx.unmet(f"{text}: {detail}", cites, "experience-short")


def _amount(node: MinHours | MinCredits, ctx: _Ctx) -> Reason:
    unit = "hours" if isinstance(node, MinHours) else "credits"
    window = ""
    if node.within_months is not None:
        window = f" within the last {node.within_months} months"
    text = f"at least {node.n} {unit} from {', '.join(node.of)}{window}"
    known = 0.0
    unsure: list[str] = []
    for ref, amount, day in _amount_items(node, ctx):
        if day is not None and day > ctx.on:
            continue
        if node.within_months is not None:
            if day is None:
                unsure.append(f"{ref} (date not given)")
                continue
            if ctx.on >= add_months(day, node.within_months):
                continue
        if amount is None:
            unsure.append(f"{ref} ({unit} not known)")
        else:
            known += amount
    detail = f"{known:g} {unit} counted"
    if known >= node.n:
        return Reason(state="met", code="amount-enough", text=f"{text}: {detail}")
    if unsure:
        return Reason(state="indeterminate", code="amount-unknown",
                      text=f"{text}: {detail}; unknown: {', '.join(unsure)}")
    return ctx.unmet(f"{text}: {detail}", (), "amount-short")


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
        limit, text = node.appointed_on_or_before, "appointed on or before"
    else:
        limit, text = node.appointed_after, "appointed after"
    text = f"{text} {limit.isoformat()}"
    if ctx.anchor is None:
        return Reason(state="indeterminate", code="missing-date",
                      text=f"{text}: no appointment date")
    ok = ctx.anchor <= limit if isinstance(node, AppointedOnOrBefore) else ctx.anchor > limit
    return Reason(state="met" if ok else "not_met",
                  code="appointment-in-range" if ok else "appointment-out-of-range",
                  text=f"{text}: appointed {ctx.anchor.isoformat()}")


def _prior_service(node: PriorServiceOver, ctx: _Ctx) -> Reason:
    """Earlier service in the role, before the anchor, of more than ``months`` calendar months."""
    before = ctx.anchor or ctx.on + _ONE_DAY
    periods = _role_periods(node.role, ctx, before=before)
    days = sum((end - start).days + 1 for start, end in periods)
    spells = "1 continuous spell" if len(periods) == 1 else f"{len(periods)} separate spells"
    text = (f"earlier service as {ctx.name(node.role)} of more than {node.months} months "
            f"in total")
    detail = f"{days} days in {spells} before {before.isoformat()}" if periods else (
        f"none before {before.isoformat()}")
    over = more_than_months(periods, node.months)
    if over is None:
        why = ("exactly on the edge: a month in a statute is a calendar month, and the law "
               "gives no rule for this count")
        return Reason(state="indeterminate", code="service-unsettled",
                      text=f"{text}: {detail}; {why}", citations=ctx.cites(node.role))
    return Reason(state="met" if over else "not_met",
                  code="service-over" if over else "service-not-over",
                  text=f"{text}: {detail}", citations=ctx.cites(node.role))


# -- targets -----------------------------------------------------------------------------------


def evaluate(catalogue: CatalogueLike, profile: Profile, target: str, *,
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
        >>> import sendpath
        >>> from sendpath.model import Holding, Profile, RoleSpell
        >>> head = Profile(roles=(RoleSpell(id="role:headteacher", since=dt.date(2020, 9, 1)),
        ...                       RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))))
        >>> cat = sendpath.load_default()
        >>> s = evaluate(cat, head, "role:senco", on=dt.date(2028, 1, 7))
        >>> s.state, s.due
        ('overdue', datetime.date(2028, 1, 6))
        >>> evaluate(cat, head, "sencoo")
        Traceback (most recent call last):
        ...
        sendpath.errors.UnknownIdError: unknown id 'sencoo' (did you mean role:senco?)
    """
    day = on or dt.date.today()
    full = _resolve_target(catalogue, target)
    if kind_of(full) not in _TARGET_KINDS:
        raise UnknownIdError(target, kind=" or ".join(_TARGET_KINDS))
    ctx = _Ctx(cat=catalogue, profile=profile, on=day, rules_on=_rules_day(rules_as_of))
    record: Role | Qualification | Activity
    reasons: tuple[Reason, ...]
    if full in catalogue.roles:
        record = catalogue.roles[full]
    else:
        record = catalogue.qualifications.get(full) or catalogue.activities[full]
    if (rules_as_of is not None and record.in_force is not None
            and not record.in_force.covers(rules_as_of)):
        verdict, reasons, used = _UNKNOWN, (_not_in_force(full, ctx),), [full]
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
    )


def _resolve_target(catalogue: CatalogueLike, target: str) -> str:
    """Resolve a target: a role, else a qualification, else an activity.

    Other kinds never make a short name ambiguous here (``ittecf`` names a framework and a
    source, neither of them a target).
    """
    for kind in _TARGET_KINDS:
        with contextlib.suppress(UnknownIdError):
            return catalogue.resolve(target, kind)
    return catalogue.resolve(target)  # raises, with the closest ids of any kind


def _role_status(role: Role, ctx: _Ctx) -> tuple[Verdict, tuple[Reason, ...], list[str]]:
    used = [role.id]
    if role.requires is None:
        eligibility = Reason(state="met", code="no-conditions", text="eligibility: no conditions",
                             citations=role.sources)
    else:
        used += sorted(_referenced_closure(role.requires, ctx))
        tree = _eval_tree(role.requires, ctx)
        eligibility = attrs.evolve(tree, text=f"eligibility: {tree.text}",
                                   citations=role.sources + tree.citations)
    reasons = [eligibility]
    verdicts = [eligibility.verdict]
    appointed = _appointment(role.id, ctx)
    for duty in _duties(role):
        ob = next((w for w in duty if w.in_force is None or w.in_force.covers(ctx.rules_on)),
                  None)
        if ob is None:
            reason = attrs.evolve(_not_in_force("obligation", ctx), citations=role.sources)
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
    period = f"{ob.due.years} years" if ob.due.years else f"{ob.due.months} months"
    if ob.anchor == "appointed":
        start = (f"appointment on {anchor.isoformat()}" if binding
                 else f"appointment (if appointed on {anchor.isoformat()})")
    else:
        what = f"first teaching a class of pupils with {ctx.name(ob.need or '')}"
        start = f"{what} on {anchor.isoformat()}" if binding else f"{what} ({anchor.isoformat()})"
    text = (f"obligation: within {period} of {start}, so by {deadline.isoformat()} "
            "(the anniversary day is in time)")
    if not binding:
        text += f"; it does not bind until the profile holds {role.id}"
        if ob.anchor == "teaches_class":
            text += " and teaches such a class"
    inner = attrs.evolve(ctx, anchor=anchor)
    children: list[Reason] = []
    exempt_met = False
    if ob.exempt is not None:
        exempt = _eval_tree(ob.exempt, inner)
        exempt_met = exempt.state == "met"
        children.append(attrs.evolve(exempt, text=f"exempt if: {exempt.text}"))
    met_by = _eval_tree(ob.requires, attrs.evolve(inner, deadline=deadline))
    children.append(attrs.evolve(met_by, text=f"met by: {met_by.text}"))
    verdict = combine_any(c.verdict for c in children) if ob.exempt is not None else met_by.verdict
    if exempt_met:
        text += "; exempt"
    code = "exempt" if exempt_met else "obligation" if binding else "not-binding"
    citations = _obligation_citations(role, ob)
    return Reason(state=verdict.state, code=code, due=verdict.due, text=text,
                  citations=citations, children=tuple(children), informative=not binding)


def _obligation_citations(role: Role, ob: Obligation) -> tuple[Citation, ...]:
    """The obligation's own citations where it has them, else the role's."""
    own = getattr(ob, "sources", ())
    return tuple(own) or role.sources


def _holding_status(record: Qualification | Activity,
                    ctx: _Ctx) -> tuple[Verdict, tuple[Reason, ...], list[str]]:
    held = _eval(Ref(id=record.id), ctx)
    reasons = [held]
    used = [record.id]
    if record.requires is not None and not (isinstance(record, Qualification)
                                            and record.conferred):
        used += sorted(_referenced_closure(record.requires, ctx))
        pre = _eval_tree(record.requires, ctx)
        reasons.append(attrs.evolve(pre, code="prerequisites", text=f"to start it: {pre.text}",
                                    informative=True, children=(pre,)))
    return held.verdict, tuple(reasons), used


def _unconfirmed(cat: CatalogueLike, used: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for ref in dict.fromkeys(used):
        record = _record(cat, ref) or cat.areas.get(ref)
        if record is not None:
            out += [f"{ref}: {note}" for note in record.unconfirmed]
    return tuple(out)
