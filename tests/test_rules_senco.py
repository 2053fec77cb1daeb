"""The SENCO rule (reg. 49 of the SEND Regulations 2014 as amended by SI 2024/535), row by row.

Each row of the truth table is one case: a profile, a date, and the state and date that
``evaluate(..., "role:senco")`` must give. Unless a row says otherwise the person is a teacher
with QTS and completed induction, appointed SENCO on the date shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

import sendpath
from sendpath.model import Holding, Profile, RoleSpell, ServicePeriod, Study
from sendpath.rules import Reason, Status, evaluate

D = dt.date
QTS = Holding(id="qual:qts", awarded=D(2005, 7, 1))
INDUCTION = Holding(id="qual:induction", completed=D(2006, 7, 20))
TEACHER = RoleSpell(id="role:teacher", since=D(2005, 9, 1))
NPQ_STUDY = Study(id="qual:npq-senco", started=D(2025, 2, 1))


def senco(appointed: dt.date | None, *, holds: Iterable[Holding] = (),
          studying: Iterable[Study] = (), service: Iterable[ServicePeriod] = (),
          roles: Iterable[RoleSpell] = (TEACHER,),
          base: Iterable[Holding] = (QTS, INDUCTION)) -> Profile:
    """A profile appointed SENCO on ``appointed`` (None: not appointed)."""
    spells = list(roles)
    if appointed is not None:
        spells.append(RoleSpell(id="role:senco", since=appointed))
    return Profile(roles=tuple(spells), holds=(*base, *holds), studying=tuple(studying),
                   service=tuple(service))


def nasenco(started: dt.date | None = None, completed: dt.date | None = None) -> Holding:
    return Holding(id="qual:nasenco", started=started, completed=completed)


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load_default()


def status(cat: sendpath.Catalogue, profile: Profile, on: dt.date) -> Status:
    return evaluate(cat, profile, "role:senco", on=on)


def obligation(result: Status) -> Reason:
    (ob,) = [r for r in result.reasons if r.text.startswith("obligation")]
    return ob


def branches(result: Status) -> tuple[Reason, Reason]:
    """The NPQ and NASENCO branches of the obligation's ``met by``."""
    met_by = obligation(result).children[-1]
    npq, nas = met_by.children
    assert "qual:npq-senco" in npq.text
    assert "qual:nasenco" in nas.text
    return npq, nas


NPQ_AWARDED = Holding(id="qual:npq-senco", started=D(2025, 2, 1), awarded=D(2026, 7, 1))
HEAD = RoleSpell(id="role:headteacher", since=D(2020, 9, 1))
NEW_TEACHER = RoleSpell(id="role:teacher", since=D(2024, 9, 1))
QTS_2024 = Holding(id="qual:qts", awarded=D(2024, 7, 1))

TABLE = [
    pytest.param(senco(D(2008, 3, 1)), D(2026, 9, 1), "met", None, id="1-appointed-2008-exempt"),
    pytest.param(senco(D(2009, 9, 1)), D(2026, 9, 1), "met", None,
                 id="2-appointed-on-cutoff-exempt"),
    pytest.param(senco(D(2009, 9, 2)), D(2012, 9, 2), "due", D(2012, 9, 2),
                 id="3-anniversary-day-in-time"),
    pytest.param(senco(D(2009, 9, 2)), D(2012, 9, 3), "overdue", D(2012, 9, 2),
                 id="4-day-after-anniversary"),
    pytest.param(senco(D(2025, 1, 6), studying=[NPQ_STUDY]), D(2026, 9, 1), "due", D(2028, 1, 6),
                 id="5-studying-npq"),
    pytest.param(senco(D(2025, 1, 6), studying=[NPQ_STUDY]), D(2028, 1, 6), "due", D(2028, 1, 6),
                 id="6-studying-npq-on-deadline"),
    pytest.param(senco(D(2025, 1, 6), studying=[NPQ_STUDY]), D(2028, 1, 7), "overdue",
                 D(2028, 1, 6), id="7-studying-npq-day-after"),
    pytest.param(senco(D(2025, 1, 6), holds=[NPQ_AWARDED]), D(2026, 9, 1), "met", None,
                 id="8-npq-awarded"),
    pytest.param(senco(D(2025, 1, 6), holds=[nasenco(D(2023, 10, 2), D(2025, 6, 30))]),
                 D(2026, 9, 1), "met", None, id="9-nasenco-completed"),
    pytest.param(senco(D(2025, 1, 6), holds=[nasenco(D(2024, 8, 31), D(2027, 8, 31))]),
                 D(2027, 9, 1), "met", None, id="10-nasenco-last-days"),
    pytest.param(senco(D(2025, 1, 6), holds=[nasenco(D(2024, 9, 1), D(2025, 8, 31))]),
                 D(2026, 9, 1), "due", D(2028, 1, 6), id="11-nasenco-started-too-late"),
    pytest.param(senco(D(2025, 6, 2), holds=[nasenco(D(2023, 10, 2))]), D(2027, 9, 1), "due",
                 D(2028, 6, 2), id="12-nasenco-not-completed"),
    pytest.param(senco(D(2025, 6, 2), studying=[Study(id="qual:nasenco", started=D(2023, 10, 2))]),
                 D(2027, 9, 1), "due", D(2028, 6, 2), id="12b-nasenco-studying"),
    pytest.param(senco(D(2025, 1, 6), holds=[nasenco(completed=D(2025, 6, 30))]), D(2026, 9, 1),
                 "indeterminate", None, id="13-nasenco-no-start-date"),
    pytest.param(senco(D(2025, 1, 6), holds=[nasenco()]), D(2026, 9, 1), "indeterminate", None,
                 id="13b-nasenco-no-dates"),
    pytest.param(senco(D(2025, 1, 6), roles=[HEAD], base=[]), D(2026, 9, 1), "due", D(2028, 1, 6),
                 id="14-head-without-qts"),
    pytest.param(senco(D(2025, 1, 6), roles=[NEW_TEACHER],
                       base=[QTS_2024, Holding(id="qual:induction", started=D(2024, 9, 1))]),
                 D(2026, 9, 1), "not_met", None, id="15-induction-not-completed"),
    pytest.param(senco(D(2025, 1, 6), roles=[NEW_TEACHER],
                       base=[QTS_2024, Holding(id="qual:induction", not_required=True)]),
                 D(2026, 9, 1), "due", D(2028, 1, 6), id="16-induction-not-required"),
    pytest.param(senco(D(2025, 1, 6),
                       service=[ServicePeriod(role="role:senco", start=D(2020, 9, 1),
                                              end=D(2021, 9, 30))]),
                 D(2026, 9, 1), "met", None, id="17-prior-service-395-days"),
    pytest.param(senco(D(2025, 1, 6),
                       service=[ServicePeriod(role="role:senco", start=D(2020, 9, 1),
                                              end=D(2021, 8, 31))]),
                 D(2026, 9, 1), "due", D(2028, 1, 6), id="18-prior-service-365-days"),
    pytest.param(senco(D(2024, 2, 29)), D(2027, 2, 28), "due", D(2027, 2, 28),
                 id="19-leap-day-anniversary"),
    pytest.param(senco(None), D(2026, 9, 1), "met", None, id="20-not-appointed"),
]


@pytest.mark.parametrize(("profile", "on", "state", "due"), TABLE)
def test_truth_table(cat: sendpath.Catalogue, profile: Profile, on: dt.date, state: str,
                     due: dt.date | None) -> None:
    result = status(cat, profile, on)
    assert (result.state, result.due) == (state, due)
    assert result.as_of == on
    assert result.target == "role:senco"


@pytest.mark.parametrize("appointed", [D(2008, 3, 1), D(2009, 9, 1)])
def test_exemption_lifts_only_the_obligation(cat: sendpath.Catalogue, appointed: dt.date) -> None:
    exempt = status(cat, senco(appointed), D(2026, 9, 1))
    ob = obligation(exempt)
    assert ob.state == "met"
    assert "exempt" in ob.text
    assert ob.children[0].state == "met"  # the exemption, not the qualification
    # the same appointment without QTS, induction or a teaching role is still not eligible
    ineligible = status(cat, senco(appointed, roles=[], base=[]), D(2026, 9, 1))
    assert ineligible.state == "not_met"
    assert ineligible.reasons[0].state == "not_met"
    assert obligation(ineligible).state == "met"


def test_row_11_nasenco_does_not_count_but_npq_branch_is_open(cat: sendpath.Catalogue) -> None:
    result = status(cat, senco(D(2025, 1, 6), holds=[nasenco(D(2024, 9, 1), D(2025, 8, 31))]),
                    D(2026, 9, 1))
    npq, nas = branches(result)
    assert (npq.state, npq.due) == ("due", D(2028, 1, 6))
    assert nas.state == "not_met"
    assert "not before 2024-09-01" in nas.text


def test_row_13_indeterminate_still_lists_the_other_branch(cat: sendpath.Catalogue) -> None:
    result = status(cat, senco(D(2025, 1, 6), holds=[nasenco(completed=D(2025, 6, 30))]),
                    D(2026, 9, 1))
    npq, nas = branches(result)
    assert nas.state == "indeterminate"
    assert (npq.state, npq.due) == ("due", D(2028, 1, 6))
    assert "2028-01-06" in obligation(result).children[-1].text
    assert "2028-01-06" in result.explain()


def test_row_14_head_is_eligible_through_the_head_branch(cat: sendpath.Catalogue) -> None:
    result = status(cat, senco(D(2025, 1, 6), roles=[HEAD], base=[]), D(2026, 9, 1))
    eligibility = result.reasons[0]
    teacher_branch, head_branch = eligibility.children
    assert (eligibility.state, teacher_branch.state, head_branch.state) == (
        "met", "not_met", "met")


def test_row_15_eligibility_is_never_due(cat: sendpath.Catalogue) -> None:
    profile = senco(D(2025, 1, 6), roles=[NEW_TEACHER],
                    base=[QTS_2024, Holding(id="qual:induction", started=D(2024, 9, 1))])
    result = status(cat, profile, D(2026, 9, 1))
    assert all(r.state != "due" for r in result.reasons[0].walk())
    assert obligation(result).state == "due"


def test_row_20_obligation_listed_three_years_after_appointment(cat: sendpath.Catalogue) -> None:
    result = status(cat, senco(None), D(2026, 9, 1))
    ob = obligation(result)
    assert ob.informative
    assert (ob.state, ob.due) == ("due", D(2029, 9, 1))
    assert "3 years" in ob.text
    assert result.reasons[0].state == "met"


def test_row_20_not_eligible_without_a_qualifying_role(cat: sendpath.Catalogue) -> None:
    result = status(cat, senco(None, roles=[]), D(2026, 9, 1))
    assert (result.state, result.due) == ("not_met", None)


# -- day-by-day edges ----------------------------------------------------------------------------


@pytest.mark.parametrize(("appointed", "state", "due"), [
    (D(2009, 8, 31), "met", None),
    (D(2009, 9, 1), "met", None),
    (D(2009, 9, 2), "due", D(2012, 9, 2)),
])
def test_edge_appointment_cutoff(cat: sendpath.Catalogue, appointed: dt.date, state: str,
                                 due: dt.date | None) -> None:
    result = status(cat, senco(appointed), D(2010, 1, 1))
    assert (result.state, result.due) == (state, due)


@pytest.mark.parametrize(("appointed", "on", "state"), [
    (D(2009, 9, 2), D(2012, 9, 1), "due"),
    (D(2009, 9, 2), D(2012, 9, 2), "due"),
    (D(2009, 9, 2), D(2012, 9, 3), "overdue"),
    (D(2025, 1, 6), D(2028, 1, 5), "due"),
    (D(2025, 1, 6), D(2028, 1, 6), "due"),
    (D(2025, 1, 6), D(2028, 1, 7), "overdue"),
    (D(2024, 2, 29), D(2027, 2, 27), "due"),
    (D(2024, 2, 29), D(2027, 2, 28), "due"),
    (D(2024, 2, 29), D(2027, 3, 1), "overdue"),
])
def test_edge_third_anniversary(cat: sendpath.Catalogue, appointed: dt.date, on: dt.date,
                                state: str) -> None:
    result = status(cat, senco(appointed, studying=[NPQ_STUDY]), on)
    expected_due = sendpath.rules.add_months(appointed, 36)
    assert (result.state, result.due) == (state, expected_due)


@pytest.mark.parametrize(("started", "state"), [
    (D(2024, 8, 30), "met"),
    (D(2024, 8, 31), "met"),
    (D(2024, 9, 1), "due"),
])
def test_edge_nasenco_start_cutoff(cat: sendpath.Catalogue, started: dt.date, state: str) -> None:
    result = status(cat, senco(D(2025, 1, 6), holds=[nasenco(started, D(2025, 6, 30))]),
                    D(2026, 9, 1))
    assert result.state == state
    assert result.due == (D(2028, 1, 6) if state == "due" else None)


@pytest.mark.parametrize(("completed", "state"), [
    (D(2027, 8, 30), "met"),
    (D(2027, 8, 31), "met"),
    (D(2027, 9, 1), "due"),
])
def test_edge_nasenco_completion_cutoff(cat: sendpath.Catalogue, completed: dt.date,
                                        state: str) -> None:
    result = status(cat, senco(D(2025, 1, 6), holds=[nasenco(D(2023, 10, 2), completed)]),
                    D(2027, 9, 2))
    assert result.state == state
    assert result.due == (D(2028, 1, 6) if state == "due" else None)


@pytest.mark.parametrize(("on", "state", "due"), [
    (D(2027, 8, 30), "due", D(2027, 8, 31)),
    (D(2027, 8, 31), "due", D(2027, 8, 31)),
    (D(2027, 9, 1), "not_met", None),
])
def test_edge_nasenco_branch_bounded_by_its_own_cutoff(cat: sendpath.Catalogue, on: dt.date,
                                                       state: str, due: dt.date | None) -> None:
    result = status(cat, senco(D(2025, 6, 2), holds=[nasenco(D(2023, 10, 2))]), on)
    npq, nas = branches(result)
    assert (nas.state, nas.due) == (state, due)
    assert (npq.state, npq.due) == ("due", D(2028, 6, 2))
    assert (result.state, result.due) == ("due", D(2028, 6, 2))


@pytest.mark.parametrize(("on", "state"), [
    (D(2024, 8, 31), "due"),  # a NASENCO could still be started
    (D(2024, 9, 1), "not_met"),  # it can no longer be started
])
def test_edge_nasenco_branch_that_can_no_longer_be_started(cat: sendpath.Catalogue, on: dt.date,
                                                           state: str) -> None:
    result = status(cat, senco(D(2024, 3, 1)), on)
    _npq, nas = branches(result)
    assert nas.state == state


def test_nasenco_branch_date_is_the_earlier_of_deadline_and_cutoff(
        cat: sendpath.Catalogue) -> None:
    # appointed 2024-01-06: the deadline 2027-01-06 comes before the NASENCO cut-off
    result = status(cat, senco(D(2024, 1, 6), holds=[nasenco(D(2023, 10, 2))]), D(2026, 9, 1))
    _npq, nas = branches(result)
    assert (nas.state, nas.due) == ("due", D(2027, 1, 6))
    assert (result.state, result.due) == ("due", D(2027, 1, 6))


@pytest.mark.parametrize(("end", "state"), [
    (D(2021, 8, 30), "due"),  # 364 days
    (D(2021, 8, 31), "due"),  # 365 days: not more than twelve months
    (D(2021, 9, 1), "met"),  # 366 days
])
def test_edge_prior_service(cat: sendpath.Catalogue, end: dt.date, state: str) -> None:
    service = [ServicePeriod(role="role:senco", start=D(2020, 9, 1), end=end)]
    result = status(cat, senco(D(2025, 1, 6), service=service), D(2026, 9, 1))
    assert result.state == state


def test_prior_service_counts_earlier_spells_and_sums_periods(cat: sendpath.Catalogue) -> None:
    earlier = [RoleSpell(id="role:senco", since=D(2015, 9, 1), until=D(2016, 2, 29)),
               TEACHER]
    service = [ServicePeriod(role="role:senco", start=D(2018, 9, 1), end=D(2019, 3, 31))]
    # the earlier spell alone is 182 days and the service alone 212: neither exempts
    assert status(cat, senco(D(2025, 1, 6), roles=earlier), D(2026, 9, 1)).state == "due"
    assert status(cat, senco(D(2025, 1, 6), service=service), D(2026, 9, 1)).state == "due"
    # together they are 394 days, more than twelve months
    result = status(cat, senco(D(2025, 1, 6), roles=earlier, service=service), D(2026, 9, 1))
    assert result.state == "met"
    assert "394 days" in obligation(result).children[0].children[1].text


def test_npq_awarded_on_the_evaluation_date_counts_but_not_before(
        cat: sendpath.Catalogue) -> None:
    profile = senco(D(2025, 1, 6), holds=[NPQ_AWARDED])
    assert status(cat, profile, D(2026, 7, 1)).state == "met"
    assert status(cat, profile, D(2026, 6, 30)).state == "due"


def test_citations_and_unconfirmed_travel(cat: sendpath.Catalogue) -> None:
    result = status(cat, senco(D(2025, 1, 6), studying=[NPQ_STUDY]), D(2026, 9, 1))
    sources = [c.source for c in result.citations]
    assert sources[0] == "source:send-regs-2014-reg49"
    assert "source:si-2024-535" in sources
    # the obligation cites reg. 49 itself and what backs the obligation, not the role's rule
    # of eligibility nor its next steps
    assert [c.source for c in obligation(result).citations] == [
        "source:send-regs-2014-reg49", "source:si-2024-535", "source:send-regs-2014-part3-made",
        "source:interpretation-act-1978-sch1"]
    npq, _ = branches(result)
    npq_sources = [c.source for c in npq.citations]
    assert "source:npq-senco-guidance" in npq_sources
    assert "source:npq-prices-red-kite" not in npq_sources  # backs its cost only
    assert all(not c.supports for c in npq.citations)
    assert any(u.startswith("qual:npq-senco: rqf_level") for u in result.unconfirmed)
