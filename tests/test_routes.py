"""Routes: the route contract on the shipped data and on small built catalogues."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from _catalogues import catalogue, qual, role
from hypothesis import example, given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import query
from sendpath.errors import UnknownIdError
from sendpath.graph import build_graph
from sendpath.model import AllOf, AnyOf, Holds, InRole, Obligation, Period, Ref

ON = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def g():
    return sendpath.load_default().graph


def test_teacher_to_senco(g):
    r = query.routes(g, "teacher", "senco", on=ON)
    assert (r.start, r.target, r.as_of) == ("role:teacher", "role:senco", ON)
    held = {h.id for h in r.held}
    assert {"qual:qualified-teacher", "qual:qts", "qual:induction", "role:ect"} <= held
    why = {h.id: h.why for h in r.held}
    assert why["qual:qualified-teacher"] == "implied by role:teacher"
    # A teacher is a qualified teacher through QTS or QTLS, and has served induction or is
    # exempt: the first of each is assumed, and said to be.
    assert why["qual:qts"].startswith("assumed for")
    assert why["qual:induction"].startswith("assumed for role:teacher")
    # QTS has several routes; the first listed is assumed, and said to be
    assert why["qual:pg-itt"].startswith("assumed for role:teacher")
    best = r[0]
    assert [(s.kind, s.id) for s in best.steps] == [("role", "role:senco"),
                                                   ("obligation", "qual:npq-senco")]
    npq = best.steps[1]
    assert npq.due == dt.date(2029, 9, 1)  # three years after appointment on the start date
    assert npq.needs == ("role:senco",)
    assert npq.sources[0] == "source:npq-senco-guidance"
    assert (best.months, best.months_to_entry) == (18, 0)
    # the NASENCO can no longer be started, so it is never offered
    assert all("qual:nasenco" not in route.step_ids() for route in r)


def test_result_is_a_sequence_and_serialises(g):
    r = query.routes(g, "teacher", "senco", on=ON)
    assert len(r) == len(list(r)) == len(r.routes) >= 1
    assert r[0] is r.routes[0]
    data = json.loads(r.to_json())
    assert data["format"] == 1
    assert data["as_of"] == "2026-09-01"
    assert data["data_version"] == sendpath.load_default().data_version
    assert data["routes"][0]["steps"][1]["id"] == "qual:npq-senco"
    assert data["routes"][0]["steps"][1]["due"] == "2029-09-01"
    assert r.to_json() == query.routes(g, "teacher", "senco", on=ON).to_json()
    text = r.explain()
    assert "qual:qts (Qualified teacher status (QTS)), assumed for role:teacher" in text
    assert "why: obligation of role:senco, due by 2029-09-01" in text
    short = r.summary()
    assert "National Professional Qualification for Special Educational Needs Co-ordinators " \
           "(NPQ for SENCOs), due by 2029-09-01" in short
    assert "qual:" not in short
    assert "role:senco" not in short


def test_the_due_date_follows_the_start_date(g):
    r = query.routes(g, "teacher", "senco", on=dt.date(2024, 2, 29))
    assert r[0].steps[-1].due == dt.date(2027, 2, 28)  # 29 February falls on 28 February


def test_unknown_ids_raise_with_suggestions(g):
    with pytest.raises(UnknownIdError, match="role:senco"):
        query.routes(g, "teacher", "sencoo", on=ON)


def test_bad_arguments(g):
    with pytest.raises(ValueError, match="weight"):
        query.routes(g, "teacher", "senco", weight="speed")
    with pytest.raises(ValueError, match="k must"):
        query.routes(g, "teacher", "senco", k=0)


def _ladder():
    """start -> (a then b) or c -> target; c is slow; target obliges d within a year."""
    return catalogue([
        qual("a", months=2, hours=10, cost=100),
        qual("b", months=3, hours=10, cost=100, requires=Ref(id="qual:a")),
        qual("c", months=12, hours=5, cost=50),
        qual("d", months=6, hours=40, cost=1000),
        qual("e"),
        role("start"),
        role("target", requires=AnyOf(items=(Ref(id="qual:b"), Ref(id="qual:c"))),
             obligations=(Obligation(anchor="appointed", due=Period(years=1),
                                     requires=Ref(id="qual:d")),)),
    ])


def test_critical_path_and_ranking_by_each_weight():
    g = build_graph(_ladder())
    by_months = query.routes(g, "start", "target", on=ON)
    assert [sorted(r.step_ids()) for r in by_months] == [
        ["qual:a", "qual:b", "qual:d", "role:target"], ["qual:c", "qual:d", "role:target"]]
    first = by_months[0]
    assert (first.months_to_entry, first.months) == (5, 11)
    assert (first.cost, first.hours) == (1200, 60)
    order = [s.id for s in first.steps]
    assert order.index("qual:a") < order.index("qual:b") < order.index("role:target") \
        < order.index("qual:d")
    # entered on 2027-02-01 (five months in); the duty falls due a year later
    assert first.steps[-1].due == dt.date(2028, 2, 1)
    by_cost = query.routes(g, "start", "target", on=ON, weight="cost")
    assert sorted(by_cost[0].step_ids()) == ["qual:c", "qual:d", "role:target"]
    by_hours = query.routes(g, "start", "target", on=ON, weight="hours", k=1)
    assert len(by_hours) == 1
    assert by_hours[0].hours == 45


def test_via_and_avoid():
    g = build_graph(_ladder())
    assert all("qual:c" in r.step_ids() for r in query.routes(g, "start", "target", via=["c"]))
    avoided = query.routes(g, "start", "target", avoid=["qual:a"], on=ON)
    assert [sorted(r.step_ids()) for r in avoided] == [["qual:c", "qual:d", "role:target"]]
    none = query.routes(g, "start", "target", avoid=["qual:d"], on=ON)
    assert len(none) == 0
    assert "no feasible route" in none.reason


def test_obligation_that_cannot_be_met_in_time_rules_the_route_out():
    cat = catalogue([
        qual("slow", months=30),
        role("start"),
        role("target", obligations=(Obligation(anchor="appointed", due=Period(years=2),
                                               requires=Ref(id="qual:slow")),)),
    ])
    r = query.routes(build_graph(cat), "start", "target", on=ON)
    assert len(r) == 0
    assert "due date" in r.reason


def test_withdrawn_and_not_yet_available_qualifications():
    cat = catalogue([
        qual("old", months=1, starts_until=dt.date(2024, 8, 31)),
        qual("new", months=1, starts_from=dt.date(2027, 1, 1)),
        role("start"),
        role("target", requires=AnyOf(items=(Ref(id="qual:old"), Ref(id="qual:new")))),
    ])
    g = build_graph(cat)
    assert len(query.routes(g, "start", "target", on=ON)) == 0
    later = query.routes(g, "start", "target", on=dt.date(2027, 1, 1))
    assert [sorted(r.step_ids()) for r in later] == [["qual:new", "role:target"]]
    earlier = query.routes(g, "start", "target", on=dt.date(2024, 8, 31))
    assert [sorted(r.step_ids()) for r in earlier] == [["qual:old", "role:target"]]


def test_date_conditions_on_a_requirement_edge():
    cat = catalogue([
        qual("x", months=12),
        role("start"),
        role("target", requires=Holds(holds="qual:x", completed_before=dt.date(2027, 9, 1))),
    ])
    g = build_graph(cat)
    assert len(query.routes(g, "start", "target", on=dt.date(2026, 8, 31))) == 1
    # started on 2026-09-01, a 12-month course ends on 2027-09-01: not before the cut-off
    assert len(query.routes(g, "start", "target", on=dt.date(2026, 9, 1))) == 0


def test_unknown_weights_rank_last_and_are_flagged():
    cat = catalogue([
        qual("known", months=20), qual("mystery"),
        role("start"),
        role("target", requires=AnyOf(items=(Ref(id="qual:mystery"), Ref(id="qual:known")))),
    ])
    r = query.routes(build_graph(cat), "start", "target", on=ON)
    assert [sorted(x.step_ids())[0] for x in r] == ["qual:known", "qual:mystery"]
    assert r[1].unknown["months"] == ("qual:mystery",)
    assert "qual:mystery" not in r[0].unknown["months"]


def test_each_step_counts_once():
    cat = catalogue([
        qual("shared", months=4, cost=10),
        qual("p", months=1, cost=0, requires=Ref(id="qual:shared")),
        qual("q", months=1, cost=0, requires=Ref(id="qual:shared")),
        role("start"),
        role("target", requires=AllOf(items=(Ref(id="qual:p"), Ref(id="qual:q")))),
    ])
    (route,) = query.routes(build_graph(cat), "start", "target", on=ON)
    assert [s.id for s in route.steps].count("qual:shared") == 1
    assert route.cost == 10
    assert route.months == 5


def test_unknown_totals_are_none_with_the_steps_that_lack_them():
    cat = catalogue([
        qual("a", months=4, cost=10, hours=5),
        qual("b", months=None, cost=None, hours=7, requires=Ref(id="qual:a")),
        role("start"),
        role("target", requires=Ref(id="qual:b")),
    ])
    (route,) = query.routes(build_graph(cat), "start", "target", on=ON)
    assert (route.months, route.months_to_entry, route.cost, route.hours) == (None, None, None, 12)
    assert route.unknown["months"] == route.unknown["cost"] == ("qual:b",)
    assert (route.at_least["months"], route.at_least["cost"]) == (4, 10)
    data = route.to_dict()
    assert data["months"] is None
    assert data["cost"] is None
    assert data["unknown"] == {"cost": ["qual:b"], "months": ["qual:b"]}
    assert data["at_least"] == {"cost": 10, "months": 4}


def test_an_unknown_step_after_the_entry_leaves_the_entry_known():
    from sendpath.model import Obligation, Period

    cat = catalogue([
        qual("duty", months=None),
        role("start"),
        role("target", obligations=(Obligation(anchor="appointed", requires=Ref(id="qual:duty"),
                                               due=Period(years=1)),)),
    ])
    (route,) = query.routes(build_graph(cat), "start", "target", on=ON)
    assert route.months is None
    assert route.months_to_entry == 0


def test_profile_holdings_are_held():
    from sendpath.model.profile import Holding, Profile, RoleSpell

    g = build_graph(_ladder())
    me = Profile(roles=(RoleSpell(id="role:start", since=dt.date(2020, 1, 1)),),
                 holds=(Holding(id="qual:b", awarded=dt.date(2022, 1, 1)),))
    r = query.routes(g, "start", "target", on=ON, profile=me)
    assert sorted(r[0].step_ids()) == ["qual:d", "role:target"]
    assert any(h.id == "qual:b" and h.why == "in the profile" for h in r.held)


def test_role_requirement_through_in_role():
    cat = catalogue([
        role("start"), role("middle", requires=InRole(in_role="role:start")),
        role("target", requires=InRole(in_role="role:middle")),
    ])
    (route,) = query.routes(build_graph(cat), "start", "target", on=ON)
    assert [s.id for s in route.steps] == ["role:middle", "role:target"]
    assert route.steps[1].why == ("the target",) or "required by" in route.steps[0].why[0]


def test_a_status_takes_no_time_of_its_own_and_withdrawn_records_are_never_offered():
    cat = catalogue([
        qual("course", months=12),
        qual("status", kind="status", requires=Ref(id="qual:course")),
        qual("gone", months=1, status="withdrawn"),
        role("start"),
        role("target", requires=AnyOf(items=(Ref(id="qual:gone"), Ref(id="qual:status")))),
    ])
    (route,) = query.routes(build_graph(cat), "start", "target", on=ON)
    assert [s.id for s in route.steps] == ["qual:course", "qual:status", "role:target"]
    assert route.steps[1].months == 0
    assert route.unknown["months"] == ()
    assert route.months == 12


def test_trainee_to_senco_goes_through_training_not_a_headship(g):
    r = query.routes(g, "trainee-teacher", "senco", on=ON)
    best = r[0]
    ids = [s.id for s in best.steps]
    assert "role:headteacher" not in ids
    assert ids.index("qual:qts") < ids.index("role:ect") < ids.index("role:teacher") \
        < ids.index("role:senco") < ids.index("qual:npq-senco")
    assert not best.unknown["months"]
    heads = [route for route in r if "role:headteacher" in route.step_ids()]
    assert all(route.unknown["months"] for route in heads)  # how long a headship takes: unknown


def _senco_profile(appointed: dt.date, **extra):
    from sendpath.model.profile import Holding, Profile, RoleSpell

    return Profile(
        roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),
               RoleSpell(id="role:senco", since=appointed)),
        holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
               Holding(id="qual:induction", completed=dt.date(2021, 7, 20)),
               *extra.get("holds", ())),
    )


def test_a_senco_in_post_still_owes_the_npq(g):
    me = _senco_profile(dt.date(2025, 1, 6))
    (route, *_rest) = query.routes(g, "teacher", "senco", on=dt.date(2025, 6, 1), profile=me)
    assert [(s.kind, s.id) for s in route.steps] == [("obligation", "qual:npq-senco")]
    assert route.steps[0].due == dt.date(2028, 1, 6)  # from the appointment, as the rules say
    assert route.months == 18
    assert not any("late" in why for why in route.steps[0].why)


def test_a_late_way_to_comply_is_shown_as_late(g):
    me = _senco_profile(dt.date(2024, 10, 1))
    (route, *_rest) = query.routes(g, "teacher", "senco", on=ON, profile=me)
    step = route.steps[0]
    assert step.due == dt.date(2027, 10, 1)
    assert any(why.startswith("late: done by about 2028-03-01") for why in step.why)


def test_a_senco_exempt_or_qualified_has_nothing_left_to_do(g):
    from sendpath.model.profile import Holding

    exempt = _senco_profile(dt.date(2008, 3, 1))
    assert [r.steps for r in query.routes(g, "teacher", "senco", on=ON, profile=exempt)] == [()]
    qualified = _senco_profile(dt.date(2025, 1, 6), holds=(
        Holding(id="qual:npq-senco", started=dt.date(2025, 2, 1), awarded=dt.date(2026, 7, 1)),))
    assert [r.steps for r in query.routes(g, "teacher", "senco", on=ON,
                                          profile=qualified)] == [()]


def test_no_route_says_why_a_record_cannot_be_used(g):
    r = query.routes(g, "teacher", "nasenco", on=ON)
    assert len(r) == 0
    assert "qual:nasenco is withdrawn: its last start was 2024-08-31" in r.reason


@settings(max_examples=40, deadline=None)
@given(appointed=st.dates(min_value=dt.date(2024, 9, 1), max_value=dt.date(2027, 12, 31)),
       after=st.integers(0, 2000))
@example(appointed=dt.date(2025, 1, 6), after=546)  # done 18 months on: 2028-01-06, the due day
@example(appointed=dt.date(2025, 1, 6), after=547)  # a day later: late
def test_an_obligation_is_due_on_the_anniversary_and_late_only_after_it(appointed, after):
    from sendpath.rules import add_months

    g = sendpath.load_default().graph
    on = appointed + dt.timedelta(days=after)
    me = _senco_profile(appointed)
    (route, *_rest) = query.routes(g, "teacher", "senco", on=on, profile=me)
    (step,) = [s for s in route.steps if s.id == "qual:npq-senco"]
    due = add_months(appointed, 36)
    assert step.due == due  # the third anniversary, from the appointment
    done = add_months(on, step.finish)
    assert any(w.startswith("late") for w in step.why) is (done > due)  # the due day is in time


def test_the_summary_counts_steps_in_good_english():
    g = build_graph(catalogue([role("start"), role("target", requires=Ref(id="qual:a")),
                               qual("a", months=3), role("near")]))
    one = query.routes(g, "start", "near", on=ON).explain()
    two = query.routes(g, "start", "target", on=ON).explain()
    assert "1. 0 months (0 to entry), £0, 0 hours; 1 step\n" in one
    assert "1. 3 months (3 to entry), cost unknown, hours unknown; 2 steps\n" in two
    assert "(cost unknown for: qual:a)" in two


def _readme_profile():
    """The README's teacher, SENCO since January 2025, studying the NPQ since February."""
    from sendpath.model import Holding, Profile, RoleSpell, Study

    return Profile(roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),
                          RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))),
                   holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
                          Holding(id="qual:induction", completed=dt.date(2021, 7, 20))),
                   studying=(Study(id="qual:npq-senco", started=dt.date(2025, 2, 1)),))


@pytest.mark.parametrize(("on", "finish", "overran"), [
    (dt.date(2026, 3, 1), 5, False),     # 2025-02-01 + 18 months = 2026-08-01: five months on
    (dt.date(2026, 7, 31), 1, False),    # the day before the expected end: a part month
    (dt.date(2026, 8, 1), 0, False),     # the expected end itself
    (dt.date(2026, 8, 2), 0, True),      # the day after: past, so finishing now, flagged
])
def test_a_course_under_way_finishes_at_its_start_plus_its_length(on, finish, overran):
    cat = sendpath.load_default()
    me = _readme_profile()
    (route, *_rest) = query.routes(cat.graph, "teacher", "senco", on=on, profile=me)
    (npq,) = [s for s in route.steps if s.id == "qual:npq-senco"]
    assert (npq.started, npq.ends) == (dt.date(2025, 2, 1), dt.date(2026, 8, 1))
    assert (npq.start, npq.finish, npq.overran) == (0, finish, overran)
    assert npq.cost == 0  # paid for when it was started
    # routes and status agree: the same due date, and nothing late
    status = sendpath.rules.evaluate(cat, me, "senco", on=on)
    assert status.state == "due"
    assert npq.due == status.due == dt.date(2028, 1, 6)
    assert not any("late" in w for w in npq.why)


def test_with_a_profile_held_lines_come_from_the_profile_never_assumed():
    cat = sendpath.load_default()
    r = query.routes(cat.graph, "teacher", "senco", on=dt.date(2026, 9, 1),
                     profile=_readme_profile())
    held = {h.id: h.why for h in r.held}
    assert held == {"qual:qts": "in the profile", "qual:induction": "in the profile",
                    "role:senco": "in the profile",
                    "qual:qualified-teacher": "conferred by what the profile holds"}
    bare = query.routes(cat.graph, "teacher", "senco", on=dt.date(2026, 9, 1))
    assert any("assumed" in h.why for h in bare.held)  # without a profile, it has to assume


def test_a_step_cites_what_backs_the_facts_a_route_reads(g):
    r = query.routes(g, "teacher", "senco", on=ON)
    role, npq = r[0].steps
    assert "source:send-regs-2014-reg49" in role.sources
    # the role's next steps and description, not read by a route, are not its step's sources
    assert not {"source:npq-ltd-guidance", "source:cfa-2014-s67"} & set(role.sources)
    # a course's cost and length are read; its funding is not
    assert "source:npq-prices-red-kite" in npq.sources
    assert "source:npq-funding-providers" not in npq.sources


@pytest.mark.parametrize(("start", "target", "how"), [
    ("governor", "senco", {}),
    ("teaching-assistant", "senco", {"k": 2}),
    ("send-link-governor", "senco", {"on": dt.date(2031, 3, 1)}),
    ("teacher", "senco", {"via": ["npq-senco"]}),
    ("teaching-assistant", "senco", {"weight": "cost"}),
])
def test_what_a_graph_keeps_between_searches_changes_no_answer(start, target, how):
    # drafts, their routes and the plans a net reads are kept per graph: asked again, and
    # after other starts that share them, the answer is the one a fresh graph gives
    cat = sendpath.load_default()
    kept = build_graph(cat)
    for other in ("governor", "teaching-assistant", "send-link-governor", "teacher"):
        query.routes(kept, other, target, on=ON)
    asked = {"on": ON, **how}
    first = query.routes(kept, start, target, **asked).to_dict()
    again = query.routes(kept, start, target, **asked).to_dict()
    fresh = query.routes(build_graph(cat), start, target, **asked).to_dict()
    assert first == again == fresh


def _plans_opened(monkeypatch: pytest.MonkeyPatch, ask) -> int:
    """How many plans the k-best search opens while ``ask()`` runs."""
    import importlib

    module = importlib.import_module("sendpath.query.routes")
    ranked, opened = module.ranked, [0]

    def counted(*args, **kwargs):
        for plan in ranked(*args, **kwargs):
            opened[0] += 1
            yield plan

    with monkeypatch.context() as m:
        m.setattr(module, "ranked", counted)
        ask()
    return opened[0]


def test_a_search_that_saw_every_plan_ranks_once_when_asked_again_for_as_many(monkeypatch):
    """Teaching assistant to SENCO has fewer than five routes, so the search sees every plan;
    asked again for five or more it ranks once (fewer plans, the same answer), and for one
    route it searches as on a fresh graph (the first ranking settles it sooner)."""
    cat = sendpath.load_default()

    def ask(g, k):
        return query.routes(g, "teaching-assistant", "senco", on=ON, k=k)

    g = build_graph(cat)
    first = _plans_opened(monkeypatch, lambda: ask(g, 5))
    again = _plans_opened(monkeypatch, lambda: ask(g, 5))
    assert again < first
    assert ask(g, 6).to_dict()["routes"] == ask(build_graph(cat), 6).to_dict()["routes"]
    one = _plans_opened(monkeypatch, lambda: ask(g, 1))
    assert one == _plans_opened(monkeypatch, lambda: ask(build_graph(cat), 1))
    assert ask(g, 1).to_dict()["routes"] == ask(build_graph(cat), 1).to_dict()["routes"]
