"""The mandatory qualification for teachers of classes of visually impaired pupils, day by day.

A qualified teacher who teaches a class of visually impaired pupils must hold the approved
qualification (the MQ VI) as well as QTS (reg. 7 of the 2003 teacher-qualification regulations);
one who starts without it must gain it within three years. In the data this is the obligation of
``role:qtvi`` anchored on ``teaches_class``: the clock starts the day the person first teaches such
a class (the profile's ``[[teaching]]``), not the day they took the role, and the third
anniversary itself is in time. Unless a row says otherwise the person is a teacher with QTS and
induction, in the QTVI role from the day they first teach the class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

import sendpath
from sendpath.model import Holding, Profile, RoleSpell, Study, TeachingPeriod
from sendpath.rules import Reason, Status, add_months, evaluate

D = dt.date
QTS = Holding(id="qual:qts", awarded=D(2015, 7, 1))
INDUCTION = Holding(id="qual:induction", completed=D(2016, 7, 20))
TEACHER = RoleSpell(id="role:teacher", since=D(2015, 9, 1))
START = D(2026, 9, 1)
DUE = D(2029, 9, 1)


def qtvi(teaching: Iterable[TeachingPeriod] = (TeachingPeriod(need="area:vi", since=START),),
         *, appointed: dt.date | None = START, holds: Iterable[Holding] = (),
         studying: Iterable[Study] = (), base: Iterable[Holding] = (QTS, INDUCTION)) -> Profile:
    """A teacher in the QTVI role from ``appointed`` (None: not in it) who teaches ``teaching``."""
    roles = [TEACHER]
    if appointed is not None:
        roles.append(RoleSpell(id="role:qtvi", since=appointed))
    return Profile(roles=tuple(roles), holds=(*base, *holds), studying=tuple(studying),
                   teaching=tuple(teaching))


def mq(awarded: dt.date) -> Holding:
    return Holding(id="qual:mq-vi", started=add_months(awarded, -24), awarded=awarded)


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load_default()


def status(cat: sendpath.Catalogue, profile: Profile, on: dt.date) -> Status:
    return evaluate(cat, profile, "role:qtvi", on=on)


def obligation(result: Status) -> Reason:
    (ob,) = [r for r in result.reasons if r.text.startswith("obligation")]
    return ob


TABLE = [
    pytest.param(qtvi(), START, "due", DUE, id="1-first-day-teaching-the-class"),
    pytest.param(qtvi(), D(2029, 8, 31), "due", DUE, id="2-day-before-third-anniversary"),
    pytest.param(qtvi(), DUE, "due", DUE, id="3-third-anniversary-in-time"),
    pytest.param(qtvi(), D(2029, 9, 2), "overdue", DUE, id="4-day-after-third-anniversary"),
    pytest.param(qtvi(holds=[mq(D(2028, 7, 1))]), D(2028, 7, 1), "met", None,
                 id="5-mq-awarded"),
    pytest.param(qtvi(holds=[mq(D(2028, 7, 1))]), D(2028, 6, 30), "due", DUE,
                 id="6-mq-not-yet-awarded"),
    pytest.param(qtvi(holds=[mq(D(2029, 10, 1))]), D(2029, 10, 1), "met", None,
                 id="7-mq-awarded-late-still-meets-it"),
    pytest.param(qtvi(studying=[Study(id="qual:mq-vi", started=D(2027, 9, 1))]), D(2029, 9, 2),
                 "overdue", DUE, id="8-studying-is-not-holding"),
    pytest.param(qtvi([TeachingPeriod(need="area:vi", since=D(2025, 1, 6))]), D(2028, 1, 6),
                 "due", D(2028, 1, 6), id="9-anchor-is-teaching-not-appointment"),
    pytest.param(qtvi([TeachingPeriod(need="area:vi", since=D(2024, 2, 29))],
                      appointed=D(2024, 2, 29)), D(2027, 2, 28), "due", D(2027, 2, 28),
                 id="10-leap-day-anniversary"),
    pytest.param(qtvi([]), D(2030, 1, 1), "met", None, id="11-in-role-but-no-class"),
    pytest.param(qtvi([TeachingPeriod(need="area:hi", since=START)]), D(2030, 1, 1), "met", None,
                 id="12-teaching-another-need"),
    pytest.param(qtvi([TeachingPeriod(need="area:vi", since=START, until=D(2027, 7, 31))]),
                 D(2030, 1, 1), "met", None, id="13-no-longer-teaching-the-class"),
    pytest.param(qtvi(base=[]), START, "not_met", None, id="14-without-qts"),
]


@pytest.mark.parametrize(("profile", "on", "state", "due"), TABLE)
def test_truth_table(cat: sendpath.Catalogue, profile: Profile, on: dt.date, state: str,
                     due: dt.date | None) -> None:
    result = status(cat, profile, on)
    assert (result.state, result.due) == (state, due)
    assert result.as_of == on
    assert result.target == "role:qtvi"


# -- day-by-day edges ----------------------------------------------------------------------------


@pytest.mark.parametrize(("since", "on", "state"), [
    (START, D(2029, 8, 31), "due"),
    (START, D(2029, 9, 1), "due"),
    (START, D(2029, 9, 2), "overdue"),
    (D(2025, 1, 6), D(2028, 1, 5), "due"),
    (D(2025, 1, 6), D(2028, 1, 6), "due"),
    (D(2025, 1, 6), D(2028, 1, 7), "overdue"),
    (D(2024, 2, 29), D(2027, 2, 27), "due"),
    (D(2024, 2, 29), D(2027, 2, 28), "due"),
    (D(2024, 2, 29), D(2027, 3, 1), "overdue"),
])
def test_edge_third_anniversary_of_first_teaching_the_class(
        cat: sendpath.Catalogue, since: dt.date, on: dt.date, state: str) -> None:
    profile = qtvi([TeachingPeriod(need="area:vi", since=since)], appointed=since)
    result = status(cat, profile, on)
    assert (result.state, result.due) == (state, add_months(since, 36))


@pytest.mark.parametrize(("awarded", "on", "state", "due"), [
    (D(2029, 8, 31), DUE, "met", None),
    (DUE, DUE, "met", None),  # awarded on the anniversary: in time
    (D(2029, 9, 3), D(2029, 9, 2), "overdue", DUE),  # not held yet, and past the due date
    (D(2029, 9, 3), D(2029, 9, 3), "met", None),  # late, but the duty is met from then on
])
def test_edge_mq_awarded_around_the_due_date(cat: sendpath.Catalogue, awarded: dt.date,
                                             on: dt.date, state: str,
                                             due: dt.date | None) -> None:
    result = status(cat, qtvi(holds=[mq(awarded)]), on)
    assert (result.state, result.due) == (state, due)


@pytest.mark.parametrize(("on", "state"), [
    (D(2028, 6, 30), "due"),
    (D(2028, 7, 1), "met"),  # the award day counts
])
def test_edge_the_award_day_counts(cat: sendpath.Catalogue, on: dt.date, state: str) -> None:
    assert status(cat, qtvi(holds=[mq(D(2028, 7, 1))]), on).state == state


def test_the_anchor_is_the_first_day_teaching_the_class(cat: sendpath.Catalogue) -> None:
    # in the QTVI role (say, in a VI service) from 2025, teaching a VI class only from 2026
    profile = qtvi(appointed=D(2025, 1, 6))
    ob = obligation(status(cat, profile, D(2027, 1, 1)))
    assert not ob.informative
    assert (ob.state, ob.due) == ("due", DUE)
    assert "first teaching a class of pupils with area:vi" in ob.text
    assert START.isoformat() in ob.text


def test_eligibility_is_qts_and_never_due(cat: sendpath.Catalogue) -> None:
    result = status(cat, qtvi(base=[]), START)
    assert result.reasons[0].state == "not_met"
    assert all(r.state != "due" for r in result.reasons[0].walk())
    assert obligation(result).state == "due"


def test_not_in_the_role_the_obligation_is_listed_three_years_on(cat: sendpath.Catalogue) -> None:
    result = status(cat, qtvi([], appointed=None), START)
    ob = obligation(result)
    assert ob.informative
    assert (ob.state, ob.due) == ("due", DUE)
    assert "3 years" in ob.text
    assert (result.state, result.due) == ("met", None)


def test_teaching_without_the_role_does_not_bind_the_role(cat: sendpath.Catalogue) -> None:
    # the duty is modelled on role:qtvi: a teacher of a VI class should hold that role
    result = status(cat, qtvi(appointed=None), D(2030, 1, 1))
    ob = obligation(result)
    assert ob.informative
    assert ob.due == DUE  # listed from the real first day of teaching the class
    assert result.state == "met"


def test_citations_and_unconfirmed_travel(cat: sendpath.Catalogue) -> None:
    result = status(cat, qtvi(), START)
    sources = [c.source for c in result.citations]
    assert sources[0] == "source:teacher-quals-regs-2003"
    assert "source:view-mandatory-training" in sources
    ob = obligation(result)
    # the obligation cites the role itself and what backs its obligation, not its requires
    assert [c.source for c in ob.citations] == [
        "source:teacher-quals-regs-2003", "source:mq-specialist-teachers",
        "source:view-mandatory-training", "source:si-2014-2697", "source:batod-mq-funding"]
    assert ob.children[-1].citations == cat.qualifications["qual:mq-vi"].sources  # all its own
    assert any(u.startswith("role:qtvi: obligation:") for u in result.unconfirmed)
    assert "2029-09-01" in result.explain()
