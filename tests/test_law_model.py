"""The data format for dated law: in_force, conferred statuses, counts_as, by-start facts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import sendpath
from sendpath.cli import main
from sendpath.errors import DataError
from sendpath.io import structure, unstructure
from sendpath.model import (
    AtLeast,
    ByStart,
    Citation,
    Experience,
    InForce,
    MinHours,
    PriorServiceOver,
    Qualification,
    Ref,
    Requirement,
)

D = dt.date
CITE = (Citation(source="source:x"),)


@pytest.mark.parametrize("data", [
    {"at_least": {"n": 1, "of": ["qual:a"]}, "in_force": {"from": D(2024, 9, 1)}},
    {"min_hours": {"n": 3, "of": ["activity:a"]}, "in_force": {"until": D(2024, 8, 31)}},
    {"prior_service_over": {"role": "role:senco", "months": 12},
     "in_force": {"from": D(2014, 9, 1), "until": D(2024, 8, 31)}},
    {"experience": {"kind": "teaching"}, "months": 12, "in_force": {"from": D(2021, 9, 1)}},
    {"any": ["qual:a", "qual:b"], "in_force": {"from": D(2024, 9, 1)}},
    {"holds": "qual:a", "started_before": D(2024, 9, 1), "in_force": {"until": D(2030, 1, 1)}},
])
def test_in_force_sits_beside_the_node_key_and_round_trips(data: dict[str, object]) -> None:
    node = structure(data, Requirement)  # type: ignore[type-abstract]
    assert isinstance(node.in_force, InForce)  # type: ignore[union-attr]
    iso = json.loads(json.dumps(data, default=str))
    assert unstructure(node) == iso


def test_in_force_inside_a_wrapped_node_is_refused() -> None:
    with pytest.raises(DataError) as info:
        structure({"at_least": {"n": 1, "of": ["qual:a"], "in_force": {"from": D(2024, 9, 1)}}},
                  Requirement)  # type: ignore[type-abstract]
    (problem,) = info.value.problems
    assert (problem.code, problem.field) == ("unknown-field", "at_least.in_force")


def test_in_force_nodes_build_from_python() -> None:
    when = InForce(from_=D(2024, 9, 1))
    for node in (AtLeast(n=1, of=(Ref(id="qual:a"),), in_force=when),
                 MinHours(n=1, of=("activity:a",), in_force=when),
                 Experience(kind="teaching", months=1, in_force=when),
                 PriorServiceOver(role="role:senco", months=12, in_force=when)):
        assert node.in_force == when


def test_a_conferred_status_needs_its_rule_and_counts_as_nothing() -> None:
    with pytest.raises(DataError, match="needs requires"):
        Qualification(id="qual:x", title="X", kind="status", conferred=True, sources=CITE)
    with pytest.raises(DataError, match="counts as nothing"):
        Qualification(id="qual:x", title="X", kind="status", conferred=True, sources=CITE,
                      requires=Ref(id="qual:y"), counts_as=("qual:z",))
    with pytest.raises(DataError, match="cannot count as itself"):
        Qualification(id="qual:x", title="X", kind="award", sources=CITE, counts_as=("qual:x",))


def test_by_start_rows_need_their_value() -> None:
    with pytest.raises(DataError, match="give months or covers"):
        ByStart(started_before=D(2021, 9, 1))
    with pytest.raises(DataError, match="every row needs months"):
        Qualification(id="qual:x", title="X", kind="award", sources=CITE,
                      months_by_start=(ByStart(covers=("outcome:a",)),))


@pytest.mark.parametrize(("started", "completed", "months"), [
    (D(2021, 8, 31), D(2023, 9, 1), 12),   # the last day to start, the last day to finish
    (D(2021, 8, 31), D(2023, 9, 2), 24),   # finished a day late: two years
    (D(2021, 9, 1), D(2022, 7, 20), 24),   # started on 1 Sep 2021: two years
    (D(2021, 8, 31), None, 12),            # still under way: the year it started under
    (None, None, 24),                      # unknown start: the record's own months
])
def test_induction_length_depends_on_the_persons_dates(started: dt.date | None,
                                                       completed: dt.date | None,
                                                       months: int) -> None:
    induction = sendpath.load_default().qualifications["qual:induction"]
    assert induction.months_for(started, completed) == months


def test_show_lists_the_new_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "qual:induction"]) == 0
    out = capsys.readouterr().out
    assert "months, if started before 2021-09-01 and completed by 2023-09-01: 12" in out
    assert main(["show", "qual:qualified-teacher"]) == 0
    assert "conferred: yes: held while its rule is met" in capsys.readouterr().out
    assert main(["show", "qual:si-teacher-apprenticeship-vi"]) == 0
    assert "counts as: qual:mq-vi" in capsys.readouterr().out


def test_status_rules_as_of_on_the_command_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the text wraps to the terminal
    me = tmp_path / "me.toml"
    me.write_text('[[roles]]\nid = "headteacher"\nsince = 2020-09-01\n'
                  '[[roles]]\nid = "senco"\nsince = 2024-01-08\n'
                  '[[holds]]\nid = "nasenco"\nstarted = 2024-10-01\ncompleted = 2025-07-01\n')
    args = ["status", "--profile", str(me), "--target", "senco", "--on", "2026-09-01"]
    assert main([*args, "--rules-as-of", "2024-08-31", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert (before["state"], before["rules_as_of"]) == ("met", "2024-08-31")
    assert main([*args, "--rules-as-of", "2024-09-01", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert (after["state"], after["due"]) == ("due", "2027-01-08")
    assert "started-too-late" in after["codes"]
    assert main([*args, "--rules-as-of", "2024-09-01", "--explain"]) == 0
    text = capsys.readouterr().out
    assert "As of 2026-09-01 (rules as in force on 2024-09-01): due by 2027-01-08" in text
    assert "{started-too-late}" in text
    assert main([*args, "--rules-as-of", "2024-02-30"]) == 2
    assert "not a real date" in capsys.readouterr().err


def test_a_profile_holding_can_lapse(tmp_path: Path) -> None:
    me = tmp_path / "me.toml"
    me.write_text('[[holds]]\nid = "etf-membership"\nawarded = 2019-07-01\nuntil = 2019-06-30\n')
    with pytest.raises(DataError) as info:
        sendpath.load_profile(me, catalogue=sendpath.load_default())
    (problem,) = info.value.problems
    assert (problem.record, problem.field, problem.line) == ("holds[0]", "until", 4)


def test_a_profile_may_not_list_a_conferred_status(tmp_path: Path) -> None:
    me = tmp_path / "me.toml"
    me.write_text('[[holds]]\nid = "qualified-teacher"\nawarded = 2019-07-01\n')
    with pytest.raises(DataError) as info:
        sendpath.load_profile(me, catalogue=sendpath.load_default())
    (problem,) = info.value.problems
    assert (problem.code, problem.record, problem.line) == ("conferred-status", "holds[0]", 2)
    assert "list what confers it" in problem.message


def test_a_package_may_not_date_or_count_as_a_conferred_status() -> None:
    from _catalogues import catalogue, qual

    from sendpath.model import AnyOf, Holds

    status = qual("status", kind="status", conferred=True, requires=Ref(id="qual:base"))
    with pytest.raises(DataError) as info:
        catalogue([qual("base"), status,
                   qual("dated", requires=AnyOf(items=(
                       Holds(holds="qual:status", started_before=D(2024, 9, 1)),))),
                   qual("counting", counts_as=("qual:status",))])
    messages = sorted(p.message for p in info.value.problems)
    assert len(messages) == 2
    assert any("count as what confers it" in m for m in messages)
    assert any("no start, completion or validity" in m for m in messages)
