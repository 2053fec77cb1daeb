"""The records of a data package: roles, qualifications, activities, frameworks and the rest.

It runs past 500 lines because every kind of record of the data format is here, each
class with its documented fields.

Every record is a frozen, slotted, keyword-only attrs class with an ``id`` of its own kind, a
``title``, its ``sources`` (at least one :class:`~sendpath.model.Citation`; ``.source`` is the
first) and ``unconfirmed``: the names of fields no source confirms.

Example:
    >>> from sendpath.model import Citation, Role
    >>> role = Role(id="role:teacher", title="Teacher",
    ...             sources=(Citation(source="source:teachers-standards"),))
    >>> role.source.source
    'source:teachers-standards'
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs

from sendpath.model import _checks as c
from sendpath.model.provenance import Citation, citations
from sendpath.model.requirements import InForce, Obligation, Requirement, requirement_tree

__all__ = [
    "FUNDING_COVERS",
    "HOURS_BASES",
    "MODES",
    "OUTCOME_KINDS",
    "POLICY_STATUSES",
    "QUALIFICATION_KINDS",
    "QUALIFICATION_STATUSES",
    "TERMS",
    "Activity",
    "AreaOfNeed",
    "ByStart",
    "Framework",
    "Funding",
    "Level",
    "Outcome",
    "Policy",
    "Qualification",
    "Role",
    "Scale",
]

#: What a qualification record is.
QUALIFICATION_KINDS = frozenset(
    {"status", "qualification", "npq", "apprenticeship", "accreditation", "licence", "degree",
     "award"}
)
#: Whether a qualification can still be started.
QUALIFICATION_STATUSES = frozenset({"current", "withdrawn", "closed"})
#: Kinds of learning outcome, where a framework distinguishes them.
OUTCOME_KINDS = frozenset({"knowledge", "practice"})
#: What a number of hours counts: guided (taught) hours, total study hours, or hours a week.
HOURS_BASES = frozenset({"guided", "total", "per-week"})
#: Teaching weeks in a school year: a ``per-week`` course is counted over these (a convention).
SCHOOL_WEEKS_A_YEAR = 39
#: How a course is delivered.
MODES = frozenset({"online", "face-to-face", "blended"})
#: The English school terms a course may be offered in.
TERMS = frozenset({"autumn", "spring", "summer"})
#: How much of the cost a funder pays.
FUNDING_COVERS = frozenset({"full", "part"})
#: Where a policy stands: only ``in-force`` law changes a rule, and sendpath's rules are data.
POLICY_STATUSES = frozenset({"proposed", "announced", "enacted", "in-force", "ended"})


def _own_kind(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    c.id_of(inst.KIND)(inst, attribute, value)


_requirement = c.optional(requirement_tree())


@attrs.frozen(kw_only=True)
class _Record:
    """Fields every record has."""

    KIND: ClassVar[str] = ""

    id: str = attrs.field(validator=_own_kind)
    title: str = attrs.field(validator=c.text)
    sources: tuple[Citation, ...] = attrs.field(validator=citations(required=True))
    description: str = attrs.field(default="", validator=c.optional_text)
    unconfirmed: tuple[str, ...] = attrs.field(default=(), validator=c.texts)
    in_force: InForce | None = attrs.field(
        default=None, validator=c.optional(c.instance_of(InForce, "in_force")))

    @property
    def source(self) -> Citation:
        """The first citation: the source that matters most for this record."""
        return self.sources[0]


@attrs.frozen(kw_only=True)
class AreaOfNeed(_Record):
    """A broad area of need or a census primary need type: ``[[area]]``.

    Example:
        >>> a = AreaOfNeed(id="area:vi", title="Visual impairment", code="VI",
        ...                parent="area:sensory-physical",
        ...                sources=(Citation(source="source:sen-in-england-2025"),))
        >>> a.parent
        'area:sensory-physical'
    """

    KIND: ClassVar[str] = "area"

    code: str = attrs.field(default="", validator=c.optional_text)
    parent: str | None = attrs.field(default=None, validator=c.optional(c.id_of("area")))


@attrs.frozen(kw_only=True)
class Level(_Record):
    """One step of a :class:`Scale`: ``[[scale.level]]``; its rank is its position.

    Example:
        >>> Level(id="level:cop/awareness", title="Awareness",
        ...       sources=(Citation(source="source:cop-0-25"),)).id
        'level:cop/awareness'
    """

    KIND: ClassVar[str] = "level"


def _levels(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    levels_ok = isinstance(value, tuple) and all(isinstance(v, Level) for v in value)
    if not levels_ok or len(value) < 2:
        c.fail(attribute, "a scale needs at least two levels, lowest first")


@attrs.frozen(kw_only=True)
class Scale(_Record):
    """An ordered proficiency scale (awareness, enhanced, specialist): ``[[scale]]``.

    Example:
        >>> cite = (Citation(source="source:cop-0-25"),)
        >>> s = Scale(id="scale:cop", title="Training levels", sources=cite, levels=(
        ...     Level(id="level:cop/awareness", title="Awareness", sources=cite),
        ...     Level(id="level:cop/enhanced", title="Enhanced", sources=cite)))
        >>> s.rank("level:cop/enhanced")
        1
    """

    KIND: ClassVar[str] = "scale"

    levels: tuple[Level, ...] = attrs.field(validator=_levels, metadata=c.key("level"))

    def rank(self, level_id: str) -> int:
        """Return the 0-based position of a level on this scale (lowest is 0).

        Raises:
            LookupError: The level is not on this scale.

        Example:
            >>> import sendpath
            >>> cop = sendpath.load_default().scales["scale:cop"]
            >>> cop.rank("level:cop/awareness"), cop.rank("level:cop/specialist")
            (0, 2)
            >>> cop.rank("level:aet/awareness")
            Traceback (most recent call last):
            ...
            LookupError: level:aet/awareness is not a level of scale:cop
        """
        for i, level in enumerate(self.levels):
            if level.id == level_id:
                return i
        raise LookupError(f"{level_id} is not a level of {self.id}")


@attrs.frozen(kw_only=True)
class Outcome(_Record):
    """A learning outcome or standard within a framework: ``[[framework.outcome]]``.

    Example:
        >>> o = Outcome(id="outcome:ts/5", title="Adapt teaching", code="5",
        ...             sources=(Citation(source="source:teachers-standards"),))
        >>> o.code
        '5'
    """

    KIND: ClassVar[str] = "outcome"

    code: str = attrs.field(default="", validator=c.optional_text)
    statement: str = attrs.field(default="", validator=c.optional_text)
    kind: str | None = attrs.field(default=None, validator=c.optional(c.one_of(OUTCOME_KINDS)))
    parent: str | None = attrs.field(default=None, validator=c.optional(c.id_of("outcome")))
    areas: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("area"))
    level: str | None = attrs.field(default=None, validator=c.optional(c.id_of("level")))


@attrs.frozen(kw_only=True)
class Framework(_Record):
    """A framework of outcomes or standards: ``[[framework]]``.

    Example:
        >>> Framework(id="fw:ts", title="Teachers' Standards",
        ...           sources=(Citation(source="source:teachers-standards"),)).outcomes
        ()
    """

    KIND: ClassVar[str] = "fw"

    publisher: str = attrs.field(default="", validator=c.optional_text)
    published: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    statutory: bool = attrs.field(default=False, validator=c.flag)
    replaced_by: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("fw"))
    outcomes: tuple[Outcome, ...] = attrs.field(
        metadata=c.key("outcome"),
        default=(), validator=c.tuple_of(Outcome, "outcomes")
    )


def _funding_dates(inst: Funding, _attribute: attrs.Attribute[Any], _v: Any) -> None:
    if inst.from_ is not None and inst.until is not None and inst.until < inst.from_:
        c.fail(attrs.fields(Funding).until, "is before from")


@attrs.frozen(kw_only=True)
class Funding:
    """Who pays for a course, for whom and when: ``funding = [{ funder, covers, from, ... }]``.

    Attributes:
        funder: Who pays (``Department for Education``).
        covers: ``full`` or ``part`` of the cost.
        from_: The first day (or the first cohort's start) the funding applies to (key
            ``from``).
        until: The last day it applies to.
        for_: Whom it is for, in words (key ``for``): "all eligible state schools",
            "schools in the top half for pupil premium".

    Example:
        >>> f = Funding(funder="DfE", covers="full", from_=dt.date(2026, 11, 1))
        >>> f.applies_on(dt.date(2026, 10, 31)), f.applies_on(dt.date(2026, 11, 1))
        (False, True)
    """

    funder: str = attrs.field(validator=c.text)
    covers: str = attrs.field(validator=c.one_of(FUNDING_COVERS))
    from_: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date),
                                        metadata=c.key("from"))
    until: dt.date | None = attrs.field(
        default=None, validator=[c.optional(c.a_date), _funding_dates])
    for_: str = attrs.field(default="", validator=c.optional_text, metadata=c.key("for"))

    def applies_on(self, day: dt.date) -> bool:
        """Whether the funding applies to a course starting on ``day``."""
        return (self.from_ is None or self.from_ <= day) and (
            self.until is None or day <= self.until)


def _start_window(inst: ByStart, _attribute: attrs.Attribute[Any], _v: Any) -> None:
    if inst.months is None and not inst.covers:
        c.fail(attrs.fields(ByStart).months, "give months or covers")


@attrs.frozen(kw_only=True)
class ByStart:
    """A fact of a record that depends on the person's own dates: ``months_by_start`` rows.

    The row applies to a holding that started before ``started_before`` (strictly), on or after
    ``started_on_or_after``, and was completed on or before ``completed_on_or_before``; a
    condition the holding's dates leave open does not rule the row out. The first row that
    applies wins; without one, the record's own ``months`` or ``covers`` hold.

    Example:
        >>> one_year = ByStart(months=12, started_before=dt.date(2021, 9, 1),
        ...                    completed_on_or_before=dt.date(2023, 9, 1))
        >>> one_year.applies(dt.date(2020, 9, 1), dt.date(2021, 7, 20))
        True
        >>> one_year.applies(dt.date(2020, 9, 1), dt.date(2023, 9, 2))
        False
    """

    months: int | None = attrs.field(default=None, validator=c.optional(c.months))
    covers: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("outcome"))
    started_before: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    started_on_or_after: dt.date | None = attrs.field(
        default=None, validator=c.optional(c.a_date))
    completed_on_or_before: dt.date | None = attrs.field(
        default=None, validator=[c.optional(c.a_date), _start_window])

    def applies(self, started: dt.date | None, completed: dt.date | None = None) -> bool:
        """Return whether the row applies to a holding with these dates (``None``: unknown)."""
        if started is not None:
            if self.started_before is not None and started >= self.started_before:
                return False
            if self.started_on_or_after is not None and started < self.started_on_or_after:
                return False
        return not (completed is not None and self.completed_on_or_before is not None
                    and completed > self.completed_on_or_before)


@attrs.frozen(kw_only=True)
class _Learning(_Record):
    """What qualifications and activities share: the facts a plan needs."""

    hours: float | None = attrs.field(default=None, validator=c.optional(c.non_negative_number))
    hours_basis: str | None = attrs.field(default=None, validator=c.optional(c.one_of(HOURS_BASES)))
    cost: float | None = attrs.field(default=None, validator=c.optional(c.non_negative_number))
    funding: tuple[Funding, ...] = attrs.field(
        default=(), validator=c.tuple_of(Funding, "funding rows"))
    provider: str = attrs.field(default="", validator=c.optional_text)
    mode: str | None = attrs.field(default=None, validator=c.optional(c.one_of(MODES)))
    offered: tuple[str, ...] = attrs.field(default=(), validator=c.choices_of(TERMS))
    cohorts: tuple[dt.date, ...] = attrs.field(default=(), validator=c.dates)
    level: str | None = attrs.field(default=None, validator=c.optional(c.id_of("level")))
    requires: Requirement | None = attrs.field(default=None, validator=_requirement)
    areas: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("area"))
    covers: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("outcome"))

    @property
    def total_hours(self) -> float | None:
        """The hours of the whole course: ``per-week`` hours over its months of school weeks.

        A per-week figure counts 39 teaching weeks a school year (``SCHOOL_WEEKS_A_YEAR``), so
        an 18-month course at 1.5 hours a week is about 88 hours. ``None`` when the hours (or,
        for a per-week figure, the months) are not known.

        Example:
            >>> import sendpath
            >>> round(sendpath.load_default().qualifications["qual:npq-senco"].total_hours)
            88
        """
        if self.hours is None:
            return None
        if self.hours_basis != "per-week":
            return self.hours
        months: int | None = getattr(self, "months", None)
        if months is None:
            return None
        return self.hours * months * SCHOOL_WEEKS_A_YEAR / 12

    def funded_on(self, day: dt.date) -> tuple[Funding, ...]:
        """Return the funding that applies to a course starting on ``day``.

        Example:
            >>> import sendpath
            >>> npq = sendpath.load_default().qualifications["qual:npq-senco"]
            >>> bool(npq.funded_on(dt.date(2026, 11, 1)))
            True
        """
        return tuple(f for f in self.funding if f.applies_on(day))


@attrs.frozen(kw_only=True)
class Qualification(_Learning):
    """A qualification, status, award or licence a person can hold: ``[[qualification]]``.

    Attributes:
        kind: One of ``sendpath.model.QUALIFICATION_KINDS``.
        status: ``current``, ``withdrawn`` (no longer started) or ``closed``.
        rqf_level: The RQF/FHEQ level, where it has one.
        months: Typical duration in months; ``months_max`` the longest typical duration.
        credits: Credits (e.g. 60 Master's credits), where known.
        hours: Guided or study hours in total, where known.
        cost: The typical fee in pounds sterling, where a source gives one.
        starts_from: The first day a course may start (inclusive).
        starts_until: The last day a course may start (inclusive).
        completes_by: The last day a completion still counts (inclusive).
        valid_for_months: The holding lapses this many months after award.
        requires: What a person needs before starting it.
        areas: The areas of need it serves.
        covers: The outcomes it teaches.
        replaces: Qualifications it replaced; ``replaced_by`` the reverse.
        conferred: A status a rule confers: held whenever ``requires`` is met on the date, and
            never listed in a profile (``qual:qualified-teacher``).
        counts_as: Qualifications a holding of this one also counts as (an apprenticeship
            that includes a mandatory qualification).
        months_by_start: Durations that depend on when the holding started (induction).
        covers_by_start: Outcomes taught that depend on when the holding started.

    Example:
        >>> q = Qualification(id="qual:nasenco", title="NASENCO", kind="qualification",
        ...                   status="withdrawn", rqf_level=7, credits=60,
        ...                   starts_until=dt.date(2024, 8, 31),
        ...                   sources=(Citation(source="source:send-regs-2014-reg49"),))
        >>> q.is_startable_on(dt.date(2024, 9, 1))
        False
    """

    KIND: ClassVar[str] = "qual"

    kind: str = attrs.field(validator=c.one_of(QUALIFICATION_KINDS))
    status: str = attrs.field(default="current", validator=c.one_of(QUALIFICATION_STATUSES))
    rqf_level: int | None = attrs.field(default=None, validator=c.optional(c.positive_int))
    months: int | None = attrs.field(default=None, validator=c.optional(c.months))
    months_max: int | None = attrs.field(default=None, validator=c.optional(c.months))
    credits: int | None = attrs.field(default=None, validator=c.optional(c.positive_int))
    starts_from: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    starts_until: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    completes_by: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    valid_for_months: int | None = attrs.field(default=None, validator=c.optional(c.months))
    replaces: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("qual"))
    replaced_by: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("qual"))
    conferred: bool = attrs.field(default=False, validator=c.flag)
    counts_as: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("qual"))
    months_by_start: tuple[ByStart, ...] = attrs.field(
        default=(), validator=c.tuple_of(ByStart, "months_by_start rows"))
    covers_by_start: tuple[ByStart, ...] = attrs.field(
        default=(), validator=c.tuple_of(ByStart, "covers_by_start rows"))

    def __attrs_post_init__(self) -> None:
        if self.conferred and self.requires is None:
            c.fail(attrs.fields(Qualification).conferred,
                   "a conferred status needs requires (what confers it)")
        if self.conferred and self.counts_as:
            c.fail(attrs.fields(Qualification).counts_as, "a conferred status counts as nothing")
        if self.id in self.counts_as:
            c.fail(attrs.fields(Qualification).counts_as, "a qualification cannot count as itself")
        if any(r.months is None for r in self.months_by_start):
            c.fail(attrs.fields(Qualification).months_by_start, "every row needs months")
        if any(not r.covers for r in self.covers_by_start):
            c.fail(attrs.fields(Qualification).covers_by_start, "every row needs covers")
        if self.months and self.months_max and self.months_max < self.months:
            c.fail(attrs.fields(Qualification).months_max, "is shorter than months")
        if self.starts_from and self.starts_until and self.starts_until < self.starts_from:
            c.fail(attrs.fields(Qualification).starts_until, "is before starts_from")

    def is_startable_on(self, day: dt.date) -> bool:
        """Return whether a course may start on ``day`` (inside the start window).

        Example:
            >>> q = Qualification(id="qual:x", title="X", kind="npq",
            ...                   starts_from=dt.date(2024, 9, 1),
            ...                   sources=(Citation(source="source:x"),))
            >>> q.is_startable_on(dt.date(2024, 8, 31)), q.is_startable_on(dt.date(2024, 9, 1))
            (False, True)
        """
        if self.starts_from is not None and day < self.starts_from:
            return False
        return self.starts_until is None or day <= self.starts_until

    def months_for(self, started: dt.date | None, completed: dt.date | None = None) -> int | None:
        """Return the duration in months for a holding with these dates (``months_by_start``).

        Example:
            >>> import sendpath
            >>> induction = sendpath.load_default().qualifications["qual:induction"]
            >>> induction.months_for(dt.date(2020, 9, 1), dt.date(2021, 7, 20))
            12
            >>> induction.months_for(dt.date(2021, 9, 1)), induction.months_for(None)
            (24, 24)
        """
        if started is not None:
            for row in self.months_by_start:
                if row.applies(started, completed):
                    return row.months
        return self.months

    def covers_for(self, started: dt.date | None) -> tuple[str, ...]:
        """Return the outcomes a holding started on ``started`` covers (``covers_by_start``).

        Example:
            >>> import sendpath
            >>> qts = sendpath.load_default().qualifications["qual:qts"]
            >>> "outcome:ittecf/5" in qts.covers_for(dt.date(2025, 9, 1))
            True
        """
        if started is not None:
            for row in self.covers_by_start:
                if row.applies(started):
                    return row.covers
        return self.covers


@attrs.frozen(kw_only=True)
class Activity(_Learning):
    """A CPD activity that is not a qualification (a course, a training tier): ``[[activity]]``.

    Example:
        >>> Activity(id="activity:aet-awareness", title="Autism awareness", hours=3,
        ...          sources=(Citation(source="source:aet"),)).hours
        3
    """

    KIND: ClassVar[str] = "activity"

    months: int | None = attrs.field(default=None, validator=c.optional(c.months))


@attrs.frozen(kw_only=True)
class Role(_Record):
    """A role in the school workforce: ``[[role]]``, with ``[[role.obligation]]`` tables.

    Attributes:
        requires: Eligibility: what a person needs to take the role (statutory or formal).
        typical_entry: Where the law is silent, the usual way into the role, marked as typical
            rather than statutory: routes use it, the rules never do.
        obligations: Duties that fall due after taking the role (TOML key ``obligation``).
        areas: The areas of need it serves (``area:all`` for every area).
        leads_to: Typical next steps (roles or qualifications).
        entry_point: Whether the role can be entered from outside the model (no route needed).

    Example:
        >>> Role(id="role:headteacher", title="Head teacher",
        ...      sources=(Citation(source="source:send-regs-2014-reg49"),)).obligations
        ()
    """

    KIND: ClassVar[str] = "role"

    requires: Requirement | None = attrs.field(default=None, validator=_requirement)
    typical_entry: Requirement | None = attrs.field(default=None, validator=_requirement)
    obligations: tuple[Obligation, ...] = attrs.field(
        metadata=c.key("obligation"),
        default=(),
        validator=c.tuple_of(Obligation, "obligations"),
    )
    areas: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("area"))
    leads_to: tuple[str, ...] = attrs.field(
        default=(), validator=c.ids_of("role", "qual", "activity"))
    entry_point: bool = attrs.field(default=False, validator=c.flag)


@attrs.frozen(kw_only=True)
class Policy(_Record):
    """A change to the landscape, dated, with where it stands: ``[[policy]]``.

    A white paper's proposals, an announced programme, an Act passed but not yet in force, a
    funding rule: recorded so that answers and the docs can say what is coming. A policy never
    changes a rule; when law takes effect, the rule's own wording gets its ``in_force`` dates.

    Attributes:
        status: ``proposed``, ``announced``, ``enacted`` (passed, not yet in force),
            ``in-force`` or ``ended``.
        announced: The day it was published or announced.
        in_force: For law and funding rules, the days it applies (``from``, ``until``).
        affects: The records it bears on.
        areas: The areas of need it concerns.

    Example:
        >>> p = Policy(id="policy:send-training-2027", title="National SEND training",
        ...            status="announced", announced=dt.date(2026, 1, 16),
        ...            sources=(Citation(source="source:x"),))
        >>> p.status
        'announced'
    """

    KIND: ClassVar[str] = "policy"

    status: str = attrs.field(validator=c.one_of(POLICY_STATUSES))
    announced: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    affects: tuple[str, ...] = attrs.field(
        default=(), validator=c.ids_of("role", "qual", "activity", "fw", "area"))
    areas: tuple[str, ...] = attrs.field(default=(), validator=c.ids_of("area"))
