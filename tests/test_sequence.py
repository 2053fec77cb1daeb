"""CPD plans term by term (``query.sequence`` and ``sendpath plan``) on the shipped data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import Term, query
from sendpath.cli import main
from sendpath.model import Holding, Profile, RoleSpell, Study
from sendpath.model.profile import TeachingPeriod

ON = dt.date(2026, 9, 1)
QUALIFIED = (Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
             Holding(id="qual:induction", completed=dt.date(2021, 7, 20)))


@pytest.fixture(scope="module")
def g():
    return sendpath.load_default().graph


def _teacher(**kw) -> Profile:
    return Profile(roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),),
                   holds=QUALIFIED, **kw)


def _item(plan, rid):
    return next(i for i in plan.items if i.id == rid)


def test_a_teacher_plans_the_senco_role_then_the_npq_by_its_due_date(g):
    plan = query.sequence(g, _teacher(), "senco", hours_per_term=30, on=ON)
    role, npq = _item(plan, "role:senco"), _item(plan, "qual:npq-senco")
    assert role.milestone
    assert role.start_term == Term(2026, "autumn")
    assert npq.start_term >= role.start_term  # after taking the role
    assert npq.due == dt.date(2029, 9, 1)
    assert npq.finish <= npq.due
    assert not npq.late
    # 18 months at 1.5 hours a week: a load in each of its five terms, within the cap
    assert npq.finish_term - npq.start_term + 1 == 5
    assert 0 < npq.hours_per_term <= 30
    assert npq.hours_per_term == pytest.approx(npq.hours / 5, abs=0.1)
    assert [t.hours for t in plan.terms] == [npq.hours_per_term] * 5
    assert plan.cap_needed is None
    assert plan.exact


def test_a_later_start_moves_the_role_and_its_due_date(g):
    plan = query.sequence(g, _teacher(), "senco", hours_per_term=30, on=ON,
                          start="2027-summer")
    npq = _item(plan, "qual:npq-senco")
    assert _item(plan, "role:senco").start_term == Term(2027, "summer")
    assert npq.start_term == Term(2027, "autumn")  # offered in autumn only
    assert npq.due == dt.date(2030, 4, 1)  # three years after taking the role


def test_an_npq_under_way_keeps_its_terms(g):
    me = Profile(roles=(RoleSpell(id="role:senco", since=dt.date(2025, 1, 6)),
                        RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1))),
                 holds=QUALIFIED, studying=(Study(id="qual:npq-senco",
                                                  started=dt.date(2025, 2, 1)),))
    plan = query.sequence(g, me, "senco", hours_per_term=30, on=dt.date(2025, 3, 1))
    npq = _item(plan, "qual:npq-senco")
    assert npq.started == dt.date(2025, 2, 1)
    assert npq.start_term == Term(2025, "spring")
    assert npq.ends == dt.date(2026, 8, 1)
    assert npq.finish < dt.date(2028, 1, 6)
    assert npq.due == dt.date(2028, 1, 6)
    assert not npq.late


def test_the_mq_is_planned_over_the_cap_by_the_third_anniversary(g):
    me = _teacher(teaching=(TeachingPeriod(need="area:vi", since=ON),))
    plan = query.sequence(g, me, "qtvi", hours_per_term=40, on=ON)
    mq = _item(plan, "qual:mq-vi")
    assert mq.due == dt.date(2029, 9, 1)
    assert mq.finish <= mq.due
    assert not mq.late
    assert mq.kind == "obligation"
    assert mq.over_cap == mq.hours_per_term - 40 > 0
    assert plan.over_cap > 0
    assert plan.cap_needed == mq.hours_per_term
    # at the cap it names, the plan is within the cap
    again = query.sequence(g, me, "qtvi", hours_per_term=plan.cap_needed, on=ON)
    assert again.over_cap == 0
    assert not again.late
    assert again.cap_needed is None


def test_a_due_date_too_close_is_missed_and_no_cap_would_meet_it(g):
    me = Profile(roles=(RoleSpell(id="role:senco", since=dt.date(2025, 1, 6)),
                        RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1))),
                 holds=QUALIFIED)
    plan = query.sequence(g, me, "senco", hours_per_term=30, on=dt.date(2026, 11, 28))
    npq = _item(plan, "qual:npq-senco")
    assert npq.late
    assert npq.due == dt.date(2028, 1, 6)
    assert npq.ends == dt.date(2028, 5, 28)  # 18 months from the day the plan is made
    assert plan.cap_needed is None
    assert "No cap meets every due date" in plan.summary()
    assert "is due by 2028-01-06 but finishes 2028-05-28" in plan.summary()


def test_a_role_waits_for_the_steps_of_a_conferred_status(g):
    me = Profile(roles=(RoleSpell(id="role:ect", since=dt.date(2026, 9, 1)),),
                 holds=(Holding(id="qual:qts", awarded=dt.date(2026, 7, 1)),))
    plan = query.sequence(g, me, "teacher", hours_per_term=30, on=ON)
    by_id = {i.id: i for i in plan.items}
    teacher, induction = by_id["role:teacher"], by_id["qual:induction"]
    assert "qual:induction" in teacher.needs or any(
        "qual:induction" in by_id[n].needs for n in teacher.needs if n in by_id)
    assert teacher.start_term > induction.finish_term


def test_a_plan_of_the_npq_frameworks_outcomes_picks_the_npq(g):
    plan = query.sequence(g, Profile(), ["fw:npq-senco-framework"], hours_per_term=30, on=ON)
    assert [i.id for i in plan.items] == ["qual:npq-senco"]
    outcomes = {o.id for o in g.catalogue.frameworks["fw:npq-senco-framework"].outcomes}
    assert set(plan.outcomes) == outcomes
    assert set(plan.covered) == outcomes
    assert not plan.unplanned
    assert plan.target == ""


def test_what_cannot_be_planned_says_why(g):
    ta = Profile(roles=(RoleSpell(id="role:teaching-assistant", since=dt.date(2019, 9, 1)),))
    plan = query.sequence(g, ta, "senco", hours_per_term=30, on=ON)
    codes = {u.code for u in plan.unplanned}
    assert not plan
    assert "over-cap" in codes
    assert "waits-for" in codes
    assert plan.summary().splitlines()[0].endswith("nothing can be planned")


def test_nothing_left_to_do_is_an_empty_plan(g):
    me = Profile(roles=(RoleSpell(id="role:senco", since=dt.date(2025, 1, 6)),
                        RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1))),
                 holds=(*QUALIFIED, Holding(id="qual:npq-senco", started=dt.date(2025, 2, 1),
                                            awarded=dt.date(2026, 8, 1))))
    plan = query.sequence(g, me, "senco", hours_per_term=30, on=ON)
    assert not plan.items
    assert not plan.unplanned


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), True, "30"])
def test_the_cap_must_be_a_number(g, bad):
    with pytest.raises(ValueError, match="hours_per_term"):
        query.sequence(g, Profile(), "senco", hours_per_term=bad, on=ON)


def test_the_plan_cannot_start_before_its_day(g):
    with pytest.raises(ValueError, match="cannot start"):
        query.sequence(g, Profile(), "senco", hours_per_term=30, on=ON, start="2026-summer")


SHIPPED_TARGETS = ["role:senco", "role:hlta", "qual:npq-senco", "role:qtvi", "role:qtod",
                   "qual:hlta-status", "role:headteacher", "qual:npq-ltd", "activity:elsa-training",
                   "activity:anna-freud-mhat", "activity:rnib-ueb-contracted-braille"]


@settings(max_examples=40, deadline=None)
@given(target=st.sampled_from(SHIPPED_TARGETS), cap=st.integers(0, 120),
       start=st.integers(0, 5), teaches=st.booleans())
def test_every_plan_keeps_order_cap_offering_and_due_dates(target, cap, start, teaches):
    g = sendpath.load_default().graph  # cached: not a fixture, which hypothesis would print
    me = _teacher(teaching=(TeachingPeriod(need="area:vi", since=dt.date(2026, 1, 5)),)
                  if teaches else ())
    plan = query.sequence(g, me, target, hours_per_term=cap, on=ON,
                          start=Term(2026, "autumn") + start)
    cat = g.catalogue
    by_id = {i.id: i for i in plan.items}
    for item in plan.items:
        assert item.start_term >= plan.start or item.started
        for need in item.needs:  # hard order: after what it needs (with a role, in its term)
            before = by_id[need]
            assert before.finish_term < item.start_term or (
                before.milestone and before.start_term == before.finish_term <= item.start_term)
        assert item.finish == item.finish_term.last_day
        record = cat.qualifications.get(item.id) or cat.activities.get(item.id)
        if record is not None and record.offered and not item.started:
            assert item.start_term.season in record.offered
        if item.due and not item.late:
            assert (item.ends or item.finish) <= item.due
        if item.over_cap:
            assert item.kind == "obligation"
    for t in plan.terms:  # over the cap only with statutory duties alone
        if t.hours > cap + 1e-6:
            assert all(by_id[i].kind == "obligation" or not by_id[i].hours_per_term
                       for i in t.items)
    if plan.late:  # a due date missed even over the cap: time alone is too short
        assert plan.cap_needed is None or plan.cap_needed > cap


def test_cli_plan_prints_the_term_table_and_json(tmp_path, capsys):
    profile = tmp_path / "me.toml"
    profile.write_text('[[roles]]\nid = "teacher"\nsince = 2019-09-01\n'
                       '[[holds]]\nid = "qts"\nawarded = 2019-07-01\n'
                       '[[holds]]\nid = "induction"\ncompleted = 2021-07-20\n')
    assert main(["plan", "--profile", str(profile), "--target", "senco",
                 "--hours-per-term", "30", "--on", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert "2026-autumn" in out
    assert "take the role: SENCO" in out
    assert main(["plan", "--profile", str(profile), "--target", "senco", "--json",
                 "--hours-per-term", "30", "--start", "2027-spring", "--on", "2026-09-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["start"] == "2027-spring"
    assert data["as_of"] == "2026-09-01"
    assert [i["id"] for i in data["items"]] == ["role:senco", "qual:npq-senco"]
    assert data["items"][1]["start_term"] == "2027-autumn"
    assert main(["plan", "--profile", str(profile), "--outcomes", "fw:npq-senco-framework",
                 "--hours-per-term", "30", "--on", "2026-09-01"]) == 0
    assert "NPQ for SENCOs" in capsys.readouterr().out
    assert main(["plan", "--profile", str(profile), "--target", "senco",
                 "--hours-per-term", "30", "--start", "autumn-2026"]) == 2
    assert "YEAR-SEASON" in capsys.readouterr().err


def test_cli_plan_exits_1_when_nothing_can_be_planned(tmp_path, capsys):
    profile = tmp_path / "ta.toml"
    profile.write_text('[[roles]]\nid = "teaching-assistant"\nsince = 2019-09-01\n')
    assert main(["plan", "--profile", str(profile), "--target", "senco",
                 "--hours-per-term", "30", "--on", "2026-09-01"]) == 1
    assert "Not planned" in capsys.readouterr().out


def test_a_plan_draws_as_well_formed_svg(g):
    import xml.etree.ElementTree as ET

    from sendpath._svg import plan_svg

    me = _teacher(teaching=(TeachingPeriod(need="area:vi", since=ON),))
    plan = query.sequence(g, me, "qtvi", hours_per_term=40, on=ON)
    root = ET.fromstring(plan_svg(plan))  # noqa: S314  (our own output)
    # what each text shows (a name's whole form is its <title>, shown on hover)
    texts = [t.text or t[0].tail for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert [str(t.term) for t in plan.terms] == texts[:len(plan.terms)]
    assert "MQ VI" in texts
    shaded = [r for r in root.iter("{http://www.w3.org/2000/svg}rect")
              if r.get("fill") == "#fde2e1"]
    assert len(shaded) == len([t for t in plan.terms if t.over])


def test_a_course_of_no_stated_length_spreads_over_as_few_terms_as_the_cap_allows(g):
    record = g.catalogue.activities["activity:elklan-communication-counts"]
    assert record.months is None
    plan = query.sequence(g, _teacher(), record.id, hours_per_term=30, on=ON)
    item = _item(plan, record.id)
    terms = item.finish_term - item.start_term + 1
    assert terms == -(-record.total_hours // 30)  # 100 hours at 30 a term: 4 terms
    assert item.hours_per_term == pytest.approx(record.total_hours / terms, abs=0.1)
