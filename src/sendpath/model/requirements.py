"""Requirement trees: the node types of DESIGN's requirement grammar, and obligations.

It runs past 500 lines because every node type of the grammar is here, each with its own
documented, tested example: the grammar reads as one page.

A requirement is a tree. Its leaves ask about a person's profile (holds a qualification, is in a
role, has experience, has done enough hours); ``all``, ``any`` and ``at_least`` combine them.
Each class here mirrors one TOML form (shown in its docstring); :mod:`sendpath.io` reads and writes
those forms. Evaluating a tree against a profile is :mod:`sendpath.rules`' job.

Example:
    >>> from sendpath.model import AnyOf, Holds, Ref, walk
    >>> tree = AnyOf(items=(Ref(id="qual:npq-senco"), Holds(holds="qual:nasenco")))
    >>> sorted(referenced_ids(tree))
    ['qual:nasenco', 'qual:npq-senco']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar, TypeAlias

import attrs

from sendpath.model import _checks as c

__all__ = [
    "ANCHORS",
    "EXEMPTION_TYPES",
    "EXPERIENCE_KINDS",
    "REQUIREMENT_TYPES",
    "AllOf",
    "AnyOf",
    "AppointedAfter",
    "AppointedOnOrBefore",
    "AtLeast",
    "Experience",
    "Holds",
    "InForce",
    "InRole",
    "MinCredits",
    "MinHours",
    "Obligation",
    "Period",
    "PriorServiceOver",
    "Ref",
    "Requirement",
    "referenced_ids",
    "requirement_tree",
    "walk",
    "wording_on",
]

_HELD = ("qual", "activity")

#: What an obligation's clock starts from.
ANCHORS = frozenset({"appointed", "teaches_class"})
#: Kinds of experience that are not time in a catalogued role.
EXPERIENCE_KINDS = frozenset({"children-and-young-people", "teaching", "leadership"})


def _in_order(inst: InForce, _attribute: attrs.Attribute[Any], _v: Any) -> None:
    if inst.from_ is not None and inst.until is not None and inst.until < inst.from_:
        c.fail(attrs.fields(InForce).until, "is before from")


@attrs.frozen(kw_only=True)
class InForce:
    """``in_force = { from = D, until = D }``: the days a wording is law, both ends included.

    A requirement node, an obligation or a whole record may carry one; without it, the wording
    has always been and still is in force. ``from`` is the commencement day; ``until`` the last
    day before a repeal or an amendment took effect.

    Example:
        >>> wording = InForce(from_=dt.date(2014, 9, 1), until=dt.date(2024, 8, 31))
        >>> wording.covers(dt.date(2024, 8, 31)), wording.covers(dt.date(2024, 9, 1))
        (True, False)
    """

    from_: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date),
                                        metadata=c.key("from"))
    until: dt.date | None = attrs.field(
        default=None, validator=[c.optional(c.a_date), _in_order])

    def covers(self, day: dt.date) -> bool:
        """Return whether the wording is in force on ``day``."""
        return (self.from_ is None or self.from_ <= day) and (
            self.until is None or day <= self.until)


#: Checks the ``in_force`` field every requirement node (but a bare id) and obligation has.
_in_force = c.optional(c.instance_of(InForce, "in_force"))


@attrs.frozen(kw_only=True)
class Ref:
    """A bare id leaf, ``"qual:qts"``: met when the profile holds it (or has the role).

    Example:
        >>> Ref(id="qual:qts").id
        'qual:qts'
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "id"
    FORM: ClassVar[str] = "leaf"

    id: str = attrs.field(validator=c.id_of("qual", "activity", "role", "outcome"))

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset({self.id})


@attrs.frozen(kw_only=True)
class Holds:
    """``{ holds = ID, ... }``: held, and every stated date condition true.

    Dates compare as written: ``started_before`` is strictly before, ``started_on_or_after`` is on
    or after, ``completed_before`` is strictly before. ``valid_for_months`` makes the holding
    lapse that many months after its award; ``unless_not_required`` also accepts a profile entry
    marked ``not_required``.

    Example:
        >>> Holds(holds="qual:nasenco", started_before=dt.date(2024, 9, 1)).started_before
        datetime.date(2024, 9, 1)
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "holds"
    FORM: ClassVar[str] = "flat"

    holds: str = attrs.field(validator=c.id_of(*_HELD))
    started_before: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    started_on_or_after: dt.date | None = attrs.field(
        default=None, validator=c.optional(c.a_date)
    )
    completed_before: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    valid_for_months: int | None = attrs.field(
        default=None, validator=c.optional(c.months)
    )
    unless_not_required: bool = attrs.field(
        default=False, validator=c.flag
    )
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def conditions(self) -> list[str]:
        """Return the node's conditions in words, in the order people read them.

        Example:
            >>> Holds(holds="qual:nasenco", started_before=dt.date(2024, 9, 1),
            ...       completed_before=dt.date(2027, 9, 1)).conditions()
            ['started before 2024-09-01', 'completed before 2027-09-01']
        """
        parts = []
        if self.started_on_or_after:
            parts.append(f"started on or after {self.started_on_or_after.isoformat()}")
        if self.started_before:
            parts.append(f"started before {self.started_before.isoformat()}")
        if self.completed_before:
            parts.append(f"completed before {self.completed_before.isoformat()}")
        if self.valid_for_months:
            parts.append(f"awarded within the last {self.valid_for_months} months")
        if self.unless_not_required:
            parts.append("or marked not required")
        return parts

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset({self.holds})


@attrs.frozen(kw_only=True)
class InRole:
    """``{ in_role = ID }``: the profile has the role, current on the date.

    Example:
        >>> InRole(in_role="role:teacher").in_role
        'role:teacher'
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "in_role"
    FORM: ClassVar[str] = "flat"

    in_role: str = attrs.field(validator=c.id_of("role"))
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset({self.in_role})


@c.described({"minItems": 1, "uniqueItems": True})
def _children(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        c.fail(attribute, "expected a non-empty list of requirements")
    elif not all(isinstance(v, REQUIREMENT_TYPES) for v in value):
        c.fail(attribute, "every item must be a requirement")
    seen: set[Requirement] = set()
    for item in value:
        if item in seen:
            what = f"{item.id!r}" if item.FORM == "leaf" else f"the same {item.KEY} requirement"
            c.fail(attribute, f"lists {what} more than once: a repeated requirement would be "
                              "counted twice (in at_least) or says nothing more (in all and "
                              "any), so the count is ambiguous")
        seen.add(item)


@attrs.frozen(kw_only=True)
class AllOf:
    """``{ all = [...] }``: every child is met.

    Example:
        >>> len(AllOf(items=(Ref(id="qual:qts"), InRole(in_role="role:teacher"))).items)
        2
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "all"
    FORM: ClassVar[str] = "flat"

    items: tuple[Requirement, ...] = attrs.field(validator=_children, metadata=c.key("all"))
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return self.items

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset()

    def with_children(self, children: tuple[Requirement, ...]) -> AllOf:
        """The same node over other children."""
        return attrs.evolve(self, items=children)


@attrs.frozen(kw_only=True)
class AnyOf:
    """``{ any = [...] }``: at least one child is met.

    Example:
        >>> AnyOf(items=(Ref(id="qual:qts"),)).items[0].id
        'qual:qts'
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "any"
    FORM: ClassVar[str] = "flat"

    items: tuple[Requirement, ...] = attrs.field(validator=_children, metadata=c.key("any"))
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return self.items

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset()

    def with_children(self, children: tuple[Requirement, ...]) -> AnyOf:
        """The same node over other children."""
        return attrs.evolve(self, items=children)


@attrs.frozen(kw_only=True)
class AtLeast:
    """``{ at_least = { n = 2, of = [...] } }``: at least ``n`` children are met.

    Example:
        >>> AtLeast(n=1, of=(Ref(id="qual:qts"),)).n
        1
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "at_least"
    FORM: ClassVar[str] = "wrapped"

    n: int = attrs.field(validator=c.positive_int)
    of: tuple[Requirement, ...] = attrs.field(validator=_children)
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def __attrs_post_init__(self) -> None:
        if self.n > len(self.of):
            c.fail(attrs.fields(AtLeast).n, f"asks for {self.n} of only {len(self.of)} items")

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return self.of

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset()

    def with_children(self, children: tuple[Requirement, ...]) -> AtLeast:
        """The same node over other children (``n`` falls to their number if it must)."""
        return attrs.evolve(self, n=min(self.n, len(children)), of=children)


def _experience_scope(inst: Experience, _attribute: attrs.Attribute[Any], _v: Any) -> None:
    if (inst.role is None) == (inst.kind is None):
        c.fail(attrs.fields(Experience).role, "give exactly one of role or kind")
    if (inst.months is None) == (inst.hours is None):
        c.fail(attrs.fields(Experience).months, "give exactly one of months or hours")


@attrs.frozen(kw_only=True)
class Experience:
    """``{ experience = { role = ID } or { kind = K }, months = N or hours = N }``.

    Met by at least ``months`` whole calendar months (summed over periods) or ``hours`` of
    experience in the role or of the kind.

    Example:
        >>> Experience(kind="children-and-young-people", months=12).months
        12
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "experience"
    FORM: ClassVar[str] = "experience"

    role: str | None = attrs.field(default=None, validator=c.optional(c.id_of("role")))
    kind: str | None = attrs.field(default=None, validator=c.optional(c.one_of(EXPERIENCE_KINDS)))
    months: int | None = attrs.field(default=None, validator=c.optional(c.months))
    hours: int | None = attrs.field(
        default=None, validator=[c.optional(c.positive_int), _experience_scope]
    )
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset({self.role}) if self.role else frozenset()


@attrs.frozen(kw_only=True)
class MinHours:
    """``{ min_hours = { n = 30, of = [...], within_months = 36 } }``.

    Completed items among ``of`` add up to at least ``n`` hours, counting only those completed
    within ``within_months`` before the date when a window is given.

    Example:
        >>> MinHours(n=30, of=("activity:aet-awareness",), within_months=36).n
        30
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "min_hours"
    FORM: ClassVar[str] = "wrapped"

    n: int = attrs.field(validator=c.positive_int)
    of: tuple[str, ...] = attrs.field(validator=c.ids_of(*_HELD))
    within_months: int | None = attrs.field(default=None, validator=c.optional(c.months))
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset(self.of)


@attrs.frozen(kw_only=True)
class MinCredits:
    """``{ min_credits = { n = 60, of = [...], within_months = N } }``: as MinHours, in credits.

    Example:
        >>> MinCredits(n=60, of=("qual:nasenco",)).within_months is None
        True
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "min_credits"
    FORM: ClassVar[str] = "wrapped"

    n: int = attrs.field(validator=c.positive_int)
    of: tuple[str, ...] = attrs.field(validator=c.ids_of(*_HELD))
    within_months: int | None = attrs.field(default=None, validator=c.optional(c.months))
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset(self.of)


@attrs.frozen(kw_only=True)
class AppointedOnOrBefore:
    """``{ appointed_on_or_before = D }`` (exemptions only): the anchor date is on or before D.

    Example:
        >>> AppointedOnOrBefore(appointed_on_or_before=dt.date(2009, 9, 1)).appointed_on_or_before
        datetime.date(2009, 9, 1)
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "appointed_on_or_before"
    FORM: ClassVar[str] = "flat"

    appointed_on_or_before: dt.date = attrs.field(validator=c.a_date)
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset()


@attrs.frozen(kw_only=True)
class AppointedAfter:
    """``{ appointed_after = D }`` (exemptions only): the anchor date is strictly after D.

    Example:
        >>> AppointedAfter(appointed_after=dt.date(2009, 9, 1)).appointed_after.isoformat()
        '2009-09-01'
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "appointed_after"
    FORM: ClassVar[str] = "flat"

    appointed_after: dt.date = attrs.field(validator=c.a_date)
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset()


@attrs.frozen(kw_only=True)
class PriorServiceOver:
    """``{ prior_service_over = { role = ID, months = N } }`` (exemptions only).

    Earlier service in the role, before the current appointment, of strictly more than ``months``
    calendar months in total. One continuous spell is counted by the corresponding-date rule;
    separate spells by their days summed (see the rules page of the docs for the edges).

    Example:
        >>> PriorServiceOver(role="role:senco", months=12).months
        12
    """

    #: The node's key in the data format, and how its fields sit around it.
    KEY: ClassVar[str] = "prior_service_over"
    FORM: ClassVar[str] = "wrapped"

    role: str = attrs.field(validator=c.id_of("role"))
    months: int = attrs.field(validator=c.months)
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)

    def children(self) -> tuple[Requirement, ...]:
        """The nodes below this one (none for a leaf)."""
        return ()

    def refs(self) -> frozenset[str]:
        """The ids this node itself names (not those below it)."""
        return frozenset({self.role})


#: Any requirement node (the union of the node classes below).
Requirement: TypeAlias = (
    Ref
    | Holds
    | InRole
    | AllOf
    | AnyOf
    | AtLeast
    | Experience
    | MinHours
    | MinCredits
    | AppointedOnOrBefore
    | AppointedAfter
    | PriorServiceOver
)
#: The requirement node classes, for ``isinstance`` checks.
REQUIREMENT_TYPES: tuple[type[Requirement], ...] = (
    Ref,
    Holds,
    InRole,
    AllOf,
    AnyOf,
    AtLeast,
    Experience,
    MinHours,
    MinCredits,
    AppointedOnOrBefore,
    AppointedAfter,
    PriorServiceOver,
)


@attrs.frozen(kw_only=True)
class Period:
    """``{ years = N }`` or ``{ months = N }``: how long after the anchor a duty falls due.

    Example:
        >>> Period(years=3).in_months()
        36
    """

    years: int | None = attrs.field(default=None, validator=c.optional(c.years))
    months: int | None = attrs.field(default=None, validator=c.optional(c.months))

    def __attrs_post_init__(self) -> None:
        if (self.years is None) == (self.months is None):
            c.fail(attrs.fields(Period).years, "give exactly one of years or months")

    def in_months(self) -> int:
        """Return the period as a number of months.

        Example:
            >>> Period(months=18).in_months(), Period(years=5).in_months()
            (18, 60)
        """
        return self.months if self.months is not None else 12 * (self.years or 0)


#: Nodes that state facts about a person's appointment: they belong in ``exempt`` trees only.
EXEMPTION_TYPES: tuple[type, ...] = (AppointedOnOrBefore, AppointedAfter, PriorServiceOver)


def requirement_tree(*, exemptions: bool = False) -> c.Validator:
    """Check that a value is a requirement tree; exemption-only nodes only if ``exemptions``.

    Example:
        >>> import datetime as dt
        >>> Obligation(anchor="appointed", due=Period(years=1),
        ...            requires=AppointedAfter(appointed_after=dt.date(2009, 9, 1)))
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          <input>: requires: appointed_after may appear only in an exempt tree [invalid-value]
    """

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, REQUIREMENT_TYPES):
            c.fail(attribute, f"expected a requirement, got {type(value).__name__}")
        if not exemptions:
            for node in walk(value):
                if isinstance(node, EXEMPTION_TYPES):
                    c.fail(attribute, f"{node.KEY} may appear only in an exempt tree")

    return check


def _anchor_need(inst: Obligation, _attribute: attrs.Attribute[Any], _v: Any) -> None:
    if (inst.anchor == "teaches_class") != (inst.need is not None):
        c.fail(attrs.fields(Obligation).need, "is required with, and only with, teaches_class")


@attrs.frozen(kw_only=True)
class Obligation:
    """A duty that falls due a period after an anchor: ``[[role.obligation]]``.

    Attributes:
        anchor: ``appointed`` (the day the person took the role) or ``teaches_class`` (the day
            they first taught a class of pupils with ``need``).
        due: How long after the anchor; the anniversary day itself is in time.
        requires: What meets the duty.
        exempt: Who the duty does not bind (only lifts the duty, never eligibility).
        need: The area of need, for ``teaches_class``.

    Example:
        >>> ob = Obligation(anchor="appointed", due=Period(years=3),
        ...                 requires=Ref(id="qual:npq-senco"))
        >>> ob.due.in_months()
        36
    """

    anchor: str = attrs.field(validator=c.one_of(ANCHORS))
    due: Period = attrs.field(validator=c.instance_of(Period, "a period"))
    requires: Requirement = attrs.field(validator=requirement_tree())
    exempt: Requirement | None = attrs.field(
        default=None, validator=c.optional(requirement_tree(exemptions=True)))
    need: str | None = attrs.field(
        default=None, validator=[c.optional(c.id_of("area")), _anchor_need]
    )
    in_force: InForce | None = attrs.field(default=None, validator=_in_force)


def walk(node: Requirement) -> Iterator[Requirement]:
    """Yield ``node`` and every node below it, depth first, in document order.

    Example:
        >>> tree = AllOf(items=(Ref(id="qual:qts"), InRole(in_role="role:teacher")))
        >>> [type(n).__name__ for n in walk(tree)]
        ['AllOf', 'Ref', 'InRole']
    """
    stack: list[Requirement] = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def referenced_ids(node: Requirement) -> set[str]:
    """Return every id the tree refers to.

    Example:
        >>> tree = AllOf(items=(Ref(id="qual:qts"), InRole(in_role="role:teacher")))
        >>> sorted(referenced_ids(tree))
        ['qual:qts', 'role:teacher']
    """
    found: set[str] = set()
    for n in walk(node):
        found.update(n.refs())
    return found


def wording_on(node: Requirement, day: dt.date) -> Requirement | None:
    """Return the wording of the tree in force on ``day``, or ``None`` if none of it is.

    A node whose ``in_force`` does not cover ``day`` is left out, with everything below it; a
    group left with no children is left out too. An ``at_least`` left with fewer children than
    it asks for keeps them all (``n`` falls to their number). Nodes in force are kept as they
    are, ``in_force`` included.

    Example:
        >>> old = Holds(holds="qual:nasenco",
        ...             in_force=InForce(until=dt.date(2024, 8, 31)))
        >>> new = Holds(holds="qual:npq-senco", in_force=InForce(from_=dt.date(2024, 9, 1)))
        >>> tree = AnyOf(items=(old, new))
        >>> [n.holds for n in wording_on(tree, dt.date(2024, 8, 31)).items]
        ['qual:nasenco']
        >>> wording_on(old, dt.date(2024, 9, 1)) is None
        True
    """
    in_force = getattr(node, "in_force", None)  # a bare id is always in force
    if in_force is not None and not in_force.covers(day):
        return None
    items = node.children()
    if not items:
        return node
    kept = tuple(k for k in (wording_on(child, day) for child in items) if k is not None)
    if not kept:
        return None
    if kept == items:
        return node
    return node.with_children(kept)  # type: ignore[union-attr]  # only groups have children
