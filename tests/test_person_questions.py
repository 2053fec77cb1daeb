"""A person's questions: requirements, gap, next steps and feeders, on the shipped data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import sendpath
from sendpath import query
from sendpath.cli import main
from sendpath.errors import UnknownIdError
from sendpath.model import AllOf, AnyOf, AtLeast, Holding, Profile, Ref, RoleSpell, Study

ON = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def g():
    return sendpath.load_default().graph


def _teacher(*extra_roles: RoleSpell, holds: tuple[Holding, ...] = (),
             studying: tuple[Study, ...] = ()) -> Profile:
    return Profile(roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)), *extra_roles),
                   holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
                          Holding(id="qual:induction", completed=dt.date(2021, 7, 20)), *holds),
                   studying=studying)


def _senco(since: dt.date, **kw) -> Profile:
    return _teacher(RoleSpell(id="role:senco", since=since), **kw)


# -- requirements -------------------------------------------------------------------------------


def test_requirements_merge_nested_groups_of_one_kind():
    from sendpath.rules import normalise

    tree = AllOf(items=(Ref(id="qual:a"),
                        AllOf(items=(Ref(id="qual:b"), AnyOf(items=(Ref(id="qual:c"),)))),
                        AnyOf(items=(Ref(id="qual:d"), AnyOf(items=(Ref(id="qual:e"),
                                                                    Ref(id="qual:a")))))))
    assert normalise(tree) == AllOf(items=(
        Ref(id="qual:a"), Ref(id="qual:b"), Ref(id="qual:c"),
        AnyOf(items=(Ref(id="qual:d"), Ref(id="qual:e"), Ref(id="qual:a")))))
    at_least = AtLeast(n=2, of=(Ref(id="qual:a"), AllOf(items=(Ref(id="qual:b"),))))
    assert normalise(at_least) == AtLeast(n=2, of=(Ref(id="qual:a"), Ref(id="qual:b")))


def test_requirements_of_senco(g):
    r = query.requirements(g, "SENCO")
    assert r.target == "role:senco"
    alt = r.alternatives()
    assert alt.complete
    ways = [sorted(ref for leaf in s for ref in leaf.refs()) for s in alt.sets]
    assert ["role:headteacher"] in ways
    assert ["qual:induction", "qual:qualified-teacher", "role:teacher"] in ways
    assert len(r.obligations) == 2  # the 2014 and 2024 wordings
    text = r.summary()
    assert text.startswith("Special educational needs co-ordinator (SENCO) requires:\n")
    assert "role:" not in text.replace("take the role:", "")
    assert "is in role role:headteacher (Head teacher" in r.explain()
    data = json.loads(r.to_json())
    assert data["target"]["id"] == "role:senco"
    assert {"in_role": "role:headteacher"} in data["alternatives"][0]


def test_requirements_cap_says_it_is_incomplete(g):
    alt = query.requirements(g, "senco").alternatives(cap=1)
    assert (len(alt.sets), alt.complete) == (1, False)


def test_requirements_of_something_that_is_not_a_record_is_an_error(g):
    with pytest.raises(UnknownIdError):
        query.requirements(g, "area:vi")


# -- gap ----------------------------------------------------------------------------------------


def test_a_teachers_gap_to_senco_names_the_npq_and_its_due_date(g):
    gap = query.gap(g, _teacher(), "senco", on=ON)
    assert (gap.state, gap.holds_target) == ("met", False)  # eligible, not in the role
    best = gap.best
    assert best is not None
    assert best.missing == ()  # nothing missing: take the role, then the duty
    npq = [s for s in best.route.steps if s.id == "qual:npq-senco"]
    assert npq[0].due == dt.date(2029, 9, 1)  # three years after taking the role on ON
    assert "qual:qts" in {h.id for h in gap.counts}
    text = gap.summary()
    assert "NPQ for SENCOs" in text
    assert "due by 2029-09-01" in text


def test_a_senco_with_a_nasenco_started_in_2023_is_met(g):
    me = _senco(dt.date(2023, 9, 1), holds=(Holding(id="qual:nasenco",
                                                   started=dt.date(2023, 10, 2),
                                                   completed=dt.date(2024, 7, 1)),))
    gap = query.gap(g, me, "senco", on=ON)
    assert (gap.state, gap.holds_target, gap.options) == ("met", True, ())
    assert "qual:nasenco" in {h.id for h in gap.counts}


def test_gap_agrees_with_status_and_routes_on_a_course_under_way(g):
    me = _senco(dt.date(2025, 1, 6),
                studying=(Study(id="qual:npq-senco", started=dt.date(2025, 2, 1)),))
    on = dt.date(2026, 3, 1)
    gap = query.gap(g, me, "senco", on=on)
    status = sendpath.rules.evaluate(g.catalogue, me, "senco", on=on)
    assert (gap.state, gap.due) == (status.state, status.due) == ("due", dt.date(2028, 1, 6))
    (under,) = gap.under_way
    assert (under.id, under.ends, under.overran) == ("qual:npq-senco", dt.date(2026, 8, 1),
                                                     False)
    (step,) = [s for s in gap.best.route.steps if s.id == "qual:npq-senco"]
    route = query.routes(g, "teacher", "senco", on=on, profile=me)[0]
    (same,) = [s for s in route.steps if s.id == "qual:npq-senco"]
    assert (step.started, step.finish, step.due) == (same.started, same.finish, same.due)
    assert step.finish == 5


def test_assume_answers_what_if(g):
    me = Profile(roles=(RoleSpell(id="role:teaching-assistant", since=dt.date(2022, 9, 1)),))
    before = query.gap(g, me, "hlta", on=ON)
    after = query.gap(g, me, "hlta", on=ON, assume=["hlta-status"])
    assert before.state == "not_met"
    assert before.best.missing == ("qual:hlta-status",)
    assert (after.state, after.assumed) == ("met", ("qual:hlta-status",))
    assert "Assuming you also hold" in after.summary()


def test_gap_json_carries_codes_and_citations(g):
    data = query.gap(g, _teacher(), "senco", on=ON).to_dict()
    assert data["format"] == 1
    assert data["as_of"] == "2026-09-01"
    assert "in-role" in data["codes"]
    assert any(c["source"] == "source:send-regs-2014-reg49" for c in data["citations"])
    assert data["options"][0]["route"]["steps"][-1]["due"] == "2029-09-01"


def test_no_query_changes_the_graph(g):
    import networkx as nx

    before = nx.to_dict_of_dicts(g.nx)
    nodes = dict(g.nx.nodes(data=True))
    me = _teacher()
    query.gap(g, me, "senco", on=ON)
    query.next_steps(g, me, on=ON)
    query.feeders(g, "senco", on=ON)
    query.requirements(g, "senco")
    assert nx.to_dict_of_dicts(g.nx) == before
    assert dict(g.nx.nodes(data=True)) == nodes


# -- next steps ---------------------------------------------------------------------------------


def test_a_tas_next_steps_include_the_hlta_and_routes_into_teaching(g):
    ta = Profile(roles=(RoleSpell(id="role:teaching-assistant", since=dt.date(2022, 9, 1)),),
                 holds=(Holding(id="qual:l2-english-maths", awarded=dt.date(2010, 7, 1)),))
    moves = query.next_steps(g, ta, on=ON)
    hlta = moves.get("qual:hlta-status")
    assert hlta is not None
    assert hlta.now
    assert moves.get("role:hlta").after == ("qual:hlta-status",)
    assert "role:hlta" in hlta.opens
    assert moves.get("qual:tda").now  # the teacher degree apprenticeship
    assert moves.get("qual:pg-itt").after == ("qual:degree",)
    assert {m.move for m in moves} <= set(query.MOVES)
    # open moves first, then by months
    flags = [not m.now for m in moves]
    assert flags == sorted(flags)


def test_a_senco_without_training_in_leading_cpd_gets_the_npq_ltd(g):
    moves = query.next_steps(g, _senco(dt.date(2025, 1, 6)), on=ON)
    ltd = moves.get("qual:npq-ltd")
    assert ltd is not None
    assert ltd.now
    npq = moves.get("qual:npq-senco")
    assert (npq.move, npq.due) == ("duty", dt.date(2028, 1, 6))
    assert moves.get("qual:nasenco") is None  # withdrawn: no longer offered


def test_a_move_already_held_is_not_offered(g):
    me = _senco(dt.date(2025, 1, 6), holds=(Holding(id="qual:npq-ltd",
                                                   completed=dt.date(2024, 7, 1)),))
    assert query.next_steps(g, me, on=ON).get("qual:npq-ltd") is None


# -- feeders ------------------------------------------------------------------------------------


def test_feeders_of_senco_include_teacher(g):
    f = query.feeders(g, "senco", on=ON)
    teacher = f.get("role:teacher")
    assert (teacher.steps, teacher.named) == (1, True)
    assert f.get("role:senco") is None
    qts = f.get("qual:qts")
    assert qts is not None
    assert qts.kind == "qualification"
    roles = [x for x in f if x.kind == "role"]
    assert [x.steps for x in roles] == sorted(x.steps for x in roles)
    # a role that already implies the target does not feed it
    assert all(x.steps >= 1 for x in roles)


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def readme_profile(tmp_path):
    path = tmp_path / "me.toml"
    path.write_text('[[roles]]\nid = "teacher"\nsince = 2019-09-01\n'
                    '[[roles]]\nid = "senco"\nsince = 2025-01-06\n'
                    '[[holds]]\nid = "qts"\nawarded = 2019-07-01\n'
                    '[[holds]]\nid = "induction"\ncompleted = 2021-07-20\n'
                    '[[studying]]\nid = "npq-senco"\nstarted = 2025-02-01\n')
    return str(path)


@pytest.mark.parametrize("argv", [
    ["gap", "--target", "senco"],
    ["next"],
])
def test_person_commands_answer_in_text_and_json(argv, readme_profile, capsys):
    full = [*argv, "--profile", readme_profile, "--on", "2026-03-01"]
    assert main(full) == 0
    text = capsys.readouterr().out
    assert "gate:" not in text
    assert main([*full, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-03-01"
    assert data["format"] == 1


def test_gap_command_text(readme_profile, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["gap", "--profile", readme_profile, "--target", "senco",
                 "--on", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Special educational needs co-ordinator (SENCO), as of 2026-03-01: "
                          "due by 2028-01-06")
    assert "Under way: National Professional Qualification" in out
    assert main(["gap", "--profile", readme_profile, "--target", "senco",
                 "--on", "2026-03-01", "--explain"]) == 0
    assert "Sources:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["requirements", "senco"], ["feeders", "senco"]])
def test_record_commands_answer_in_text_and_json(argv, capsys):
    assert main(argv) == 0
    assert "Special educational needs co-ordinator (SENCO)" in capsys.readouterr().out
    assert main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["target"]["id"] == "role:senco"


def test_gap_with_an_unknown_target_exits_2(readme_profile, capsys):
    assert main(["gap", "--profile", readme_profile, "--target", "nosuch"]) == 2
    assert "nosuch" in capsys.readouterr().err


# -- routes, gap and status agree ---------------------------------------------------------------

_GOLDEN = sorted((Path(__file__).parent / "golden" / "profiles").glob("*.toml"))


@pytest.mark.parametrize("path", _GOLDEN, ids=lambda p: p.stem)
@pytest.mark.parametrize("target", ["senco", "qualified-teacher", "hlta", "qtvi", "npq-senco"])
@pytest.mark.parametrize("on", [dt.date(2026, 3, 1), dt.date(2026, 9, 1), dt.date(2028, 1, 7)])
def test_routes_gap_and_status_agree(g, path, target, on):
    cat = g.catalogue
    me = sendpath.load_profile(path, catalogue=cat)
    status = sendpath.rules.evaluate(cat, me, target, on=on)
    gap = query.gap(g, me, target, on=on)
    assert (gap.state, gap.due) == (status.state, status.due)
    if status.state == "met" and gap.holds_target:
        assert gap.options == ()
    for option in gap.options:
        if option.route is None:
            continue
        for step in option.route.steps:  # a course under way finishes when it will, everywhere
            if step.id in me.under_way(on):
                (under,) = [u for u in gap.under_way if u.id == step.id]
                assert (step.started, step.ends, step.overran) == (under.started, under.ends,
                                                                   under.overran)
    for role in me.current_roles(on):
        routes = query.routes(g, role, target, on=on, profile=me)
        held = {h.id for h in routes.held}
        assert not any(h.why.startswith("assumed") for h in routes.held)
        for route in routes:
            assert not held & route.step_ids()  # nothing held is taken again
            if gap.holds_target and status.state == "met":
                assert all(s.kind != "obligation" for s in route.steps)


def test_a_way_already_met_leaves_out_the_others_and_a_late_duty_says_so(g):
    me = sendpath.load_profile(Path(__file__).parent / "golden" / "profiles" / "head.toml",
                               catalogue=g.catalogue)
    gap = query.gap(g, me, "senco", on=ON)
    (option,) = gap.options  # eligible as head teacher: the other ways are beside the point
    assert option.missing == ()
    (npq,) = [s for s in option.route.steps if s.id == "qual:npq-senco"]
    assert (npq.due, npq.late) == (dt.date(2027, 1, 8), True)
    text = " ".join(gap.summary().split())
    assert "(late: done about 2028-03-01)" in text
    # the NASENCO the profile holds was started too late to count: said, as status says it
    assert "Does not count: holds National Award for Special Educational Needs " \
           "Co-ordination (NASENCO)" in text


def test_what_counts_never_lists_the_target_itself(g):
    from sendpath.model import ServicePeriod

    me = _senco(dt.date(2025, 1, 6))
    me = Profile(roles=me.roles, holds=me.holds,
                 service=(ServicePeriod(role="role:senco", start=dt.date(2019, 9, 1),
                                        end=dt.date(2021, 7, 31)),))
    gap = query.gap(g, me, "senco", on=ON)
    assert gap.state == "met"  # exempt: more than twelve months' earlier service as SENCO
    assert "role:senco" not in {h.id for h in gap.counts}
    assert any(a.endswith("exempt") for a in gap.applied)  # the exemption is said
