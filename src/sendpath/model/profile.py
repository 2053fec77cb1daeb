"""A person's profile: their roles, holdings, studies, service, teaching, experience and CPD.

A profile is what the rules engine (:mod:`sendpath.rules`) evaluates requirements against. In a
file it is a set of plural tables (``[[roles]]``, ``[[holds]]``, ``[[studying]]``,
``[[service]]``, ``[[teaching]]``, ``[[experience]]``, ``[[activities]]``);
:func:`sendpath.load_profile` reads one. Every class here is frozen, slotted and keyword-only, and
checks its fields the way the data package records do. Dated periods include both ends.

Example:
    >>> import datetime as dt
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> me = Profile(
    ...     roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),),
    ...     holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),),
    ... )
    >>> me.roles[0].current_on(dt.date(2026, 9, 1)), me.holds[0].counts_from
    (True, datetime.date(2019, 7, 1))
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from sendpath.model import _checks as c
from sendpath.model.requirements import EXPERIENCE_KINDS

__all__ = [
    "PROFILE_TABLES",
    "ActivityRecord",
    "ExperiencePeriod",
    "Holding",
    "Profile",
    "RoleSpell",
    "ServicePeriod",
    "Study",
    "TeachingPeriod",
]

_HELD = ("qual", "activity")


def _not_before(earlier: str) -> c.Validator:
    """Return a check that a date is not before the date in the field ``earlier``."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        first = getattr(inst, earlier)
        if type(value) is dt.date and type(first) is dt.date and value < first:
            c.fail(attribute, f"{value.isoformat()} is before {earlier} ({first.isoformat()})")

    return check


def _after(earlier: str) -> list[c.Validator]:
    """Validators for an optional date that may not come before the field ``earlier``."""
    return [c.optional(c.a_date), _not_before(earlier)]


@attrs.frozen(kw_only=True)
class RoleSpell:
    """A role the person has or had: ``[[roles]]``; without ``until`` it is current.

    Several roles may be current at once (a head teacher who is also the SENCO).

    Attributes:
        id: The role (``role:`` id).
        since: The first day in the role (the day of appointment).
        until: The last day in the role (inclusive), or ``None`` while it lasts.

    Example:
        >>> spell = RoleSpell(id="role:senco", since=dt.date(2025, 1, 6),
        ...                   until=dt.date(2026, 8, 31))
        >>> spell.current_on(dt.date(2026, 8, 31)), spell.current_on(dt.date(2026, 9, 1))
        (True, False)
    """

    id: str = attrs.field(validator=c.id_of("role"))
    since: dt.date = attrs.field(validator=c.a_date)
    until: dt.date | None = attrs.field(default=None, validator=_after("since"))

    def current_on(self, day: dt.date) -> bool:
        """Return whether the person is in the role on ``day`` (both ends included).

        Example:
            >>> spell = RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1))
            >>> spell.current_on(dt.date(2019, 8, 31)), spell.current_on(dt.date(2019, 9, 1))
            (False, True)
        """
        return self.since <= day and (self.until is None or day <= self.until)


@attrs.frozen(kw_only=True)
class Holding:
    """A qualification, status or activity the person holds: ``[[holds]]``.

    A holding counts from its ``awarded`` date, else its ``completed`` date. An entry with neither
    date and without ``not_required`` is held with its date unknown (rules that need the date are
    then indeterminate); an entry with only ``started`` is still in progress and is not held.
    ``not_required = true`` records that the item was never required of the person (statutory
    induction, for some teachers); it meets only requirements that say ``unless_not_required``.
    ``until`` is the last day of a holding that lapses (a professional membership): from the
    next day it is no longer held.

    Attributes:
        id: What is held (``qual:`` or ``activity:`` id).
        awarded: The day it was awarded.
        started: The day the course started.
        completed: The day the course was completed.
        not_required: The item was not required of this person.
        until: The last day it is held, for a holding that lapses.

    Example:
        >>> Holding(id="qual:nasenco", started=dt.date(2023, 10, 2),
        ...         completed=dt.date(2025, 6, 30)).counts_from
        datetime.date(2025, 6, 30)
        >>> Holding(id="qual:induction", not_required=True).is_held
        False
    """

    id: str = attrs.field(validator=c.id_of(*_HELD))
    awarded: dt.date | None = attrs.field(default=None, validator=_after("started"))
    started: dt.date | None = attrs.field(default=None, validator=c.optional(c.a_date))
    completed: dt.date | None = attrs.field(default=None, validator=_after("started"))
    not_required: bool = attrs.field(default=False, validator=c.flag)
    until: dt.date | None = attrs.field(default=None, validator=_after("awarded"))

    def __attrs_post_init__(self) -> None:
        if self.not_required and (self.awarded or self.started or self.completed or self.until):
            c.fail(attrs.fields(Holding).not_required,
                   "an item that was not required has no award, start, completion or end dates")

    @property
    def counts_from(self) -> dt.date | None:
        """The day the holding counts from (``awarded``, else ``completed``, else ``None``).

        Example:
            >>> Holding(id="qual:npq-senco", completed=dt.date(2026, 3, 31),
            ...         awarded=dt.date(2026, 5, 1)).counts_from
            datetime.date(2026, 5, 1)
            >>> Holding(id="qual:qts").counts_from is None
            True
        """
        return self.awarded or self.completed

    @property
    def is_held(self) -> bool:
        """Whether the entry says the item is held (not merely started, not ``not_required``).

        Example:
            >>> Holding(id="qual:npq-senco", started=dt.date(2025, 2, 1)).is_held
            False
            >>> Holding(id="qual:qts").is_held  # held, date unknown
            True
        """
        if self.not_required:
            return False
        return self.counts_from is not None or self.started is None

    def held_on(self, day: dt.date) -> bool | None:
        """Whether the item is held on ``day``: ``None`` when its date is not known.

        Example:
            >>> member = Holding(id="qual:etf-membership", awarded=dt.date(2019, 7, 1),
            ...                  until=dt.date(2027, 8, 31))
            >>> member.held_on(dt.date(2027, 8, 31)), member.held_on(dt.date(2027, 9, 1))
            (True, False)
        """
        if not self.is_held or (self.until is not None and day > self.until):
            return False
        counts = self.counts_from
        return None if counts is None else counts <= day


@attrs.frozen(kw_only=True)
class Study:
    """A course the person is studying for: ``[[studying]]``. Studying never meets a requirement.

    Example:
        >>> Study(id="qual:npq-senco", started=dt.date(2025, 2, 1)).started.isoformat()
        '2025-02-01'
    """

    id: str = attrs.field(validator=c.id_of(*_HELD))
    started: dt.date = attrs.field(validator=c.a_date)


@attrs.frozen(kw_only=True)
class ServicePeriod:
    """An earlier period in a role: ``[[service]]`` (for "more than twelve months in total").

    Attributes:
        role: The role (``role:`` id).
        start: The first day (inclusive).
        end: The last day (inclusive).

    Example:
        >>> ServicePeriod(role="role:senco", start=dt.date(2020, 9, 1),
        ...               end=dt.date(2021, 8, 31)).days
        365
    """

    role: str = attrs.field(validator=c.id_of("role"))
    start: dt.date = attrs.field(validator=c.a_date)
    end: dt.date = attrs.field(validator=[c.a_date, _not_before("start")])

    @property
    def days(self) -> int:
        """The number of days in the period, both ends included.

        Example:
            >>> ServicePeriod(role="role:senco", start=dt.date(2023, 9, 1),
            ...               end=dt.date(2024, 8, 31)).days  # 29 February 2024 included
            366
        """
        return (self.end - self.start).days + 1


@attrs.frozen(kw_only=True)
class TeachingPeriod:
    """Teaching a class of pupils with a need: ``[[teaching]]``.

    It anchors obligations such as the mandatory qualifications for teachers of classes of
    pupils with sensory impairment (``anchor = "teaches_class"``).

    Attributes:
        need: The area of need (``area:`` id).
        since: The first day of teaching such a class.
        until: The last day (inclusive), or ``None`` while it lasts.

    Example:
        >>> TeachingPeriod(need="area:vi", since=dt.date(2026, 9, 1)).current_on(
        ...     dt.date(2026, 9, 1))
        True
    """

    need: str = attrs.field(validator=c.id_of("area"))
    since: dt.date = attrs.field(validator=c.a_date)
    until: dt.date | None = attrs.field(default=None, validator=_after("since"))

    def current_on(self, day: dt.date) -> bool:
        """Return whether the person teaches such a class on ``day`` (both ends included)."""
        return self.since <= day and (self.until is None or day <= self.until)


def _experience_scope(inst: ExperiencePeriod, _a: attrs.Attribute[Any], _v: Any) -> None:
    if (inst.role is None) == (inst.kind is None):
        c.fail(attrs.fields(ExperiencePeriod).role, "give exactly one of role or kind")


@attrs.frozen(kw_only=True)
class ExperiencePeriod:
    """A period of experience: ``[[experience]]``, of a kind or in a role.

    Attributes:
        kind: A kind of experience (one of ``sendpath.model.EXPERIENCE_KINDS``).
        role: Or the role it was gained in (``role:`` id).
        start: The first day (inclusive).
        end: The last day (inclusive), or ``None`` while it lasts.
        hours: The hours it amounted to, where known.

    Example:
        >>> ExperiencePeriod(kind="children-and-young-people", start=dt.date(2018, 9, 1),
        ...                  end=dt.date(2019, 8, 31)).hours is None
        True
    """

    kind: str | None = attrs.field(default=None, validator=c.optional(c.one_of(EXPERIENCE_KINDS)))
    role: str | None = attrs.field(default=None, validator=c.optional(c.id_of("role")))
    start: dt.date = attrs.field(validator=c.a_date)
    end: dt.date | None = attrs.field(default=None, validator=_after("start"))
    hours: float | None = attrs.field(
        default=None, validator=[c.optional(c.non_negative_number), _experience_scope]
    )


@attrs.frozen(kw_only=True)
class ActivityRecord:
    """A CPD activity done: ``[[activities]]``, with its hours and date.

    Example:
        >>> ActivityRecord(id="activity:aet-awareness", hours=3, date=dt.date(2024, 11, 12)).hours
        3
    """

    id: str = attrs.field(validator=c.id_of("activity", "qual"))
    hours: float = attrs.field(validator=c.non_negative_number)
    date: dt.date = attrs.field(validator=c.a_date)


#: The most rows one table of a profile may hold. A profile is one person's record: a thousand
#: roles, qualifications or CPD activities is already more than a working life holds, and the
#: bound keeps reading a broken or hostile profile quick (each bad row costs a report).
MAX_ROWS = 1_000


def _rows(cls: type) -> c.Validator:
    return c.tuple_of(cls, f"[[{cls.__name__}]] rows", most=MAX_ROWS)


@attrs.frozen(kw_only=True)
class Profile:
    """A person's dated record, evaluated by :func:`sendpath.rules.evaluate`.

    Attributes:
        roles: Roles held now or before (``[[roles]]``).
        holds: Qualifications, statuses and activities held (``[[holds]]``).
        studying: Courses in progress (``[[studying]]``).
        service: Earlier periods in roles (``[[service]]``).
        teaching: Classes taught of pupils with a need (``[[teaching]]``).
        experience: Periods of experience (``[[experience]]``).
        activities: CPD done, with hours (``[[activities]]``).

    Example:
        >>> Profile().roles
        ()
        >>> Profile(roles=(RoleSpell(id="role:senco", since=dt.date(2025, 1, 6)),)).current_roles(
        ...     dt.date(2026, 9, 1))
        ('role:senco',)
    """

    roles: tuple[RoleSpell, ...] = attrs.field(default=(), validator=_rows(RoleSpell))
    holds: tuple[Holding, ...] = attrs.field(default=(), validator=_rows(Holding))
    studying: tuple[Study, ...] = attrs.field(default=(), validator=_rows(Study))
    service: tuple[ServicePeriod, ...] = attrs.field(default=(), validator=_rows(ServicePeriod))
    teaching: tuple[TeachingPeriod, ...] = attrs.field(default=(), validator=_rows(TeachingPeriod))
    experience: tuple[ExperiencePeriod, ...] = attrs.field(
        default=(), validator=_rows(ExperiencePeriod)
    )
    activities: tuple[ActivityRecord, ...] = attrs.field(
        default=(), validator=_rows(ActivityRecord)
    )

    def current_roles(self, day: dt.date) -> tuple[str, ...]:
        """Return the ids of the roles current on ``day``, sorted, without repeats."""
        return tuple(sorted({r.id for r in self.roles if r.current_on(day)}))

    def under_way(self, day: dt.date) -> dict[str, dt.date]:
        """Return the courses under way on ``day``, each with the day it was first started.

        A course is under way if a ``[[studying]]`` row names it, or a ``[[holds]]`` row gives
        it a start but it does not count yet on ``day`` (no completion, or a later one).

        Example:
            >>> me = Profile(studying=(Study(id="qual:npq-senco", started=dt.date(2025, 2, 1)),),
            ...              holds=(Holding(id="qual:nasenco", started=dt.date(2023, 10, 2),
            ...                             completed=dt.date(2025, 6, 30)),))
            >>> sorted(me.under_way(dt.date(2025, 3, 1)).items())[0]
            ('qual:nasenco', datetime.date(2023, 10, 2))
            >>> me.under_way(dt.date(2025, 7, 1))
            {'qual:npq-senco': datetime.date(2025, 2, 1)}
        """
        starts: dict[str, dt.date] = {}
        rows = [(s.id, s.started) for s in self.studying]
        rows += [(h.id, h.started) for h in self.holds if h.started is not None and
                 (not h.is_held or (h.counts_from is not None and h.counts_from > day))]
        for ref, started in rows:
            if started is not None and started <= day:
                starts[ref] = min(started, starts.get(ref, started))
        return dict(sorted(starts.items()))


#: The tables of a profile and the class of their rows, in the order files list them.
PROFILE_TABLES: dict[str, type] = {
    "roles": RoleSpell, "holds": Holding, "studying": Study, "service": ServicePeriod,
    "teaching": TeachingPeriod, "experience": ExperiencePeriod, "activities": ActivityRecord,
}
