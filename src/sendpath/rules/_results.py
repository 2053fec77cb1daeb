"""Results: reason codes, reasons and statuses, with their JSON and text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from sendpath._output import JsonResult, envelope
from sendpath.model import (
    Citation,
    Requirement,
)
from sendpath.render import Phrase, say, words
from sendpath.rules._verdicts import (
    STATES,
    State,
    Verdict,
)

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


# -- results -----------------------------------------------------------------------------------


def _to_state(value: object) -> State:
    """Convert a state name to a :class:`State` (a ``ValueError`` names the valid ones)."""
    if isinstance(value, State):
        return value
    if value not in STATES:
        raise ValueError(f"state must be one of {', '.join(STATES)}, not {value!r}")
    return State(value)


def _check_code(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in REASON_CODES:
        raise ValueError(f"{attribute.name} must be a reason code, not {value!r}")


@attrs.frozen(kw_only=True)
class Reason(JsonResult):
    """One step of an answer: what was asked, how it stands, and on whose authority.

    Attributes:
        state: A :class:`~sendpath.rules.State` (one of :data:`~sendpath.rules.STATES`).
        says: What the step is and what the profile shows, as phrases for
            :func:`sendpath.render.say` to word (the rules keep no wording of their own).
        code: What the step found, one of :data:`~sendpath.rules.REASON_CODES` (stable).
        due: For ``due`` and ``overdue``, the date it falls (or fell) due.
        citations: The citations behind the step: those of the records it read that back
            the record itself or a field the step read (never, say, a course's cost).
        children: The steps it combines.
        informative: The step is shown for information and does not count toward the result
            (an obligation of a role the person does not hold, a qualification's prerequisites).
        node: The requirement node the step evaluated, where it is one (gap and plan queries
            read it to know what is missing).

    Example:
        >>> from sendpath.render import Name, Phrase
        >>> r = Reason(state="met", code="held", says=(Phrase("holds", (Name("qual:qts"),)),))
        >>> r.to_dict()["code"], r.text, r.children
        ('held', 'holds qual:qts', ())
    """

    state: State = attrs.field(converter=_to_state)
    says: tuple[Phrase, ...] = ()
    code: str = attrs.field(validator=_check_code)
    due: dt.date | None = None
    citations: tuple[Citation, ...] = ()
    children: tuple[Reason, ...] = ()
    informative: bool = False
    node: Requirement | None = attrs.field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The step in words, ids without their titles (a status words them with titles)."""
        return say(self.says)

    @property
    def verdict(self) -> Verdict:
        """The state and date as a :class:`Verdict`."""
        return Verdict(self.state, self.due)

    def walk(self) -> Iterator[Reason]:
        """Yield this reason and every reason below it, depth first.

        Example:
            >>> from sendpath.render import Phrase
            >>> leaf = Reason(state="met", code="held", says=(Phrase("not-held"),))
            >>> [r.code for r in Reason(state="met", code="all-of", children=(leaf,)).walk()]
            ['all-of', 'held']
        """
        yield self
        for child in self.children:
            yield from child.walk()

    def _json(self, titles: Mapping[str, str] | None = None) -> dict[str, Any]:
        """What the reason shows in JSON, worded with ``titles`` for the ids it names."""
        return {"state": self.state, "code": self.code, "text": say(self.says, titles),
                "due": self.due, "citations": [_citation_dict(c) for c in self.citations],
                "children": [c._json(titles) for c in self.children],
                "informative": self.informative}

    def lines(self, depth: int = 0, numbers: Mapping[Citation, int] | None = None,
              titles: Mapping[str, str] | None = None) -> Iterator[str]:
        """Yield the reason and its children as indented lines of text.

        ``numbers`` maps citations to the numbers of a source list; each line then ends with the
        numbers of its own citations. ``titles`` gives the titles of the ids it names.

        Example:
            >>> from sendpath.render import Name, Phrase
            >>> list(Reason(state="due", code="not-held", due=dt.date(2028, 1, 6),
            ...             says=(Phrase("holds", (Name("qual:x"),)),)).lines())
            ['[due by 2028-01-06] holds qual:x {not-held}']
        """
        numbers = numbers or {}
        refs = "".join(words("citation-number", numbers[c]) for c in self.citations
                       if c in numbers)
        yield words("reason-line", "  " * depth, _tag(self), say(self.says, titles), self.code,
                    refs)
        for child in self.children:
            yield from child.lines(depth + 1, numbers, titles)


@attrs.frozen(kw_only=True)
class Status(JsonResult):
    """Where a profile stands with a target on a date: the result of :func:`evaluate`.

    Attributes:
        target: The full id evaluated (``role:senco``).
        title: Its title.
        as_of: The date of the evaluation.
        state: A :class:`~sendpath.rules.State` (one of :data:`~sendpath.rules.STATES`).
        due: For ``due`` and ``overdue``, the date by which it must be (or had to be) met.
        reasons: Why, as a tree: for a role, its eligibility and each obligation.
        citations: Every citation behind the reasons, without repeats, in order of use.
        unconfirmed: The facts used that no source confirms, each as ``id: field: note``.
        data_version: The version of the data the answer came from.
        source_titles: The titles of the cited sources, by source id.
        titles: The titles of the records the reasons name, by id (for their wording).
        rules_as_of: The date whose wording of the rules was applied, when one was asked for
            (``None``: the current wording).

    Example:
        >>> from sendpath.rules import evaluate
        >>> import sendpath
        >>> from sendpath.model import Profile
        >>> s = evaluate(sendpath.load_default(), Profile(), "role:senco", on=dt.date(2026, 9, 1))
        >>> s.state, s.as_of.isoformat()
        ('not_met', '2026-09-01')
    """

    target: str
    title: str
    as_of: dt.date
    state: State = attrs.field(converter=_to_state)
    due: dt.date | None
    reasons: tuple[Reason, ...]
    citations: tuple[Citation, ...]
    unconfirmed: tuple[str, ...]
    data_version: str
    source_titles: Mapping[str, str] = attrs.field(factory=dict, repr=False, hash=False)
    rules_as_of: dt.date | None = None
    titles: Mapping[str, str] = attrs.field(factory=dict, repr=False, hash=False)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every reason code in the answer, once each, in the order they first appear.

        Example:
            >>> from sendpath.rules import evaluate
            >>> import sendpath
            >>> from sendpath.model import Profile
            >>> s = evaluate(sendpath.load_default(), Profile(), "senco", on=dt.date(2026, 9, 1))
            >>> "not-held" in s.codes
            True
        """
        return tuple(dict.fromkeys(n.code for r in self.reasons for n in r.walk()))

    def _json(self) -> dict[str, Any]:
        """What the status shows in JSON, with the versions and the date it is as of.

        ``codes`` maps every reason code in the answer to its meaning; ``rules_as_of`` is
        present when a date's wording of the rules was asked for.

        Example:
            >>> from sendpath.rules import evaluate
            >>> import sendpath
            >>> from sendpath.model import Profile
            >>> d = evaluate(sendpath.load_default(), Profile(), "senco",
            ...              on=dt.date(2026, 9, 1)).to_dict()
            >>> d["format"], d["as_of"], d["target"]["id"], d["state"]
            (1, '2026-09-01', 'role:senco', 'not_met')
        """
        return envelope(
            self.data_version,
            as_of=self.as_of,
            target={"id": self.target, "title": self.title},
            state=self.state,
            due=self.due,
            reasons=[r._json(self.titles) for r in self.reasons],
            citations=[
                {**_citation_dict(c), "title": self.source_titles.get(c.source, c.source)}
                for c in self.citations
            ],
            unconfirmed=self.unconfirmed,
            codes={code: REASON_CODES[code] for code in self.codes},
            **({"rules_as_of": self.rules_as_of} if self.rules_as_of else {}),
        )

    def summary(self) -> str:
        r"""Return the result in short, for people: the answer first, one line per item.

        A headline (the target, the date and the state with its due date); what is met; what
        is still to do (where one of several ways would do, those still open); what the
        profile holds that does not count; the informative parts (an obligation that would
        bind once in the role); the sources, once; and a pointer to the full detail
        (``--explain`` on the command line, :meth:`explain` here: the reasons, every citation
        and the unconfirmed facts). Records are named by their titles. ``sendpath status``
        prints this by default, wrapped to the terminal (:func:`sendpath.render.wrap`).

        Example:
            >>> from sendpath.rules import evaluate
            >>> import sendpath
            >>> from sendpath.model import Holding, Profile, RoleSpell, Study
            >>> me = Profile(
            ...     roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),
            ...            RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))),
            ...     holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
            ...            Holding(id="qual:induction", completed=dt.date(2021, 7, 20))),
            ...     studying=(Study(id="qual:npq-senco", started=dt.date(2025, 2, 1)),))
            >>> text = evaluate(sendpath.load_default(), me, "senco",
            ...                 on=dt.date(2026, 9, 1)).summary()
            >>> print("\n".join(text.splitlines()[:6]))  # doctest: +NORMALIZE_WHITESPACE
            Special educational needs co-ordinator (SENCO), as of 2026-09-01: due by 2028-01-06
            (not yet met; the day itself is in time)
            Met:
              holds Qualified teacher status (QTS): awarded 2019-07-01
              holds Statutory induction, or marked not required: completed 2021-07-20
              is in role Teacher (qualified, induction completed): since 2019-09-01
            To do:
        """
        from sendpath.rules._summary import summary_lines  # noqa: PLC0415  (it imports this)

        return "\n".join(summary_lines(self))

    def explain(self) -> str:
        """Return the result in full, for people: the verdict, the reasons, the sources.

        Every reason with its code and the numbers of its citations, every citation, and every
        unconfirmed fact the answer rests on (``sendpath status --explain``); :meth:`summary`
        is the short text.

        Example:
            >>> from sendpath.rules import evaluate
            >>> import sendpath
            >>> from sendpath.model import Profile
            >>> text = evaluate(sendpath.load_default(), Profile(), "senco",
            ...                 on=dt.date(2026, 9, 1)).explain()
            >>> print(text.splitlines()[1])
            As of 2026-09-01: not met
        """
        when = words("status-rules-as-of", self.rules_as_of) if self.rules_as_of else ""
        lines = [words("status-target", self.target, self.title),
                 words("status-as-of", self.as_of, when, _state_text(self)), ""]
        numbers = {c: i for i, c in enumerate(self.citations, 1)}
        for reason in self.reasons:
            lines.extend(reason.lines(numbers=numbers, titles=self.titles))
        if self.citations:
            lines += ["", words("status-sources")]
            for i, cite in enumerate(self.citations, 1):
                where = words("status-locator", cite.locator) if cite.locator else ""
                title = self.source_titles.get(cite.source, cite.source)
                lines.append(words("status-source", i, title, where, cite.source))
        if self.unconfirmed:
            lines += ["", words("status-unconfirmed")]
            lines += [words("status-unconfirmed-item", u) for u in self.unconfirmed]
        lines += ["", words("status-model-note")]
        return "\n".join(lines)


def _citation_dict(cite: Citation) -> dict[str, str]:
    return {"source": cite.source, "locator": cite.locator}


def _tag(reason: Reason) -> str:
    if reason.state in ("due", "overdue"):
        text = words(f"tag-{reason.state}", reason.due)
    else:
        text = words(f"tag-{reason.state.replace('_', '-')}")
    return words("tag-if-so", text) if reason.informative else text


def _state_text(status: Status) -> str:
    """The state in words, with its date for ``due`` and ``overdue``."""
    if status.state in ("due", "overdue"):
        return words(f"status-{status.state}", status.due)
    return words(f"status-{status.state.replace('_', '-')}")


