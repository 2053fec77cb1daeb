"""The ``sendpath routes`` command."""

from __future__ import annotations

import json
import re

import pytest

import sendpath
from sendpath.cli import main


def test_routes_teacher_senco_text(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # whole lines, to compare them
    assert main(["routes", "teacher", "senco", "--on", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Teacher (qualified, induction completed) to Special educational "
                          "needs co-ordinator (SENCO), as of 2026-09-01: 1 route, by months\n")
    assert "Already held: " in out
    assert "   2026-09            take the role: Special educational needs co-ordinator (SENCO)\n" \
        in out
    assert "   2026-09 to 2028-03 National Professional Qualification" in out
    assert "due by 2029-09-01" in out
    assert "source:" not in out  # sources, why and ids are the detail: --explain
    assert len(out.splitlines()) <= 10


def test_routes_explain_adds_why_and_sources(capsys):
    assert main(["routes", "teacher", "senco", "--on", "2026-09-01", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "(role:senco)" in out
    assert "why: obligation of role:senco, due by 2029-09-01" in out
    assert "sources: source:send-regs-2014-reg49" in out


def test_routes_teaching_assistant_senco_reads_in_about_40_lines(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # lines unwrapped: about 40 of them
    assert main(["routes", "teaching-assistant", "senco", "--on", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) <= 45
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["routes", "teaching-assistant", "senco", "--on", "2026-09-01"]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) <= 60
    assert "gate:" not in out
    assert not re.search(r"\b1 steps", out)


def test_routes_json_names_the_npq(capsys):
    assert main(["routes", "teacher", "senco", "--on", "2026-09-01", "--json", "--k", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == 1
    assert {"sendpath_version", "data_version", "as_of"} <= set(data)
    (route,) = data["routes"]
    assert [s["id"] for s in route["steps"]] == ["role:senco", "qual:npq-senco"]
    assert route["steps"][1]["kind"] == "obligation"


def test_no_route_exits_1_with_the_reason(capsys):
    code = main(["routes", "teacher", "senco", "--avoid", "npq-senco", "--on", "2026-09-01"])
    captured = capsys.readouterr()
    assert code == 1
    assert "No route: no feasible route from Teacher (qualified, induction completed) to " \
           "Special educational needs co-ordinator (SENCO)" in " ".join(captured.out.split())
    assert "National Award for Special Educational Needs Co-ordination (NASENCO) is " \
           "withdrawn" in " ".join(captured.out.split())
    assert captured.err == ""  # one message per failure


def test_no_route_in_json_exits_1_with_the_reason_in_the_json(capsys):
    code = main(["routes", "teacher", "senco", "--avoid", "npq-senco", "--on", "2026-09-01",
                 "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert json.loads(captured.out)["reason"].startswith("no feasible route")
    assert captured.err == ""


def test_unknown_id_exits_2_with_did_you_mean(capsys):
    assert main(["routes", "teacher", "sencoo"]) == 2
    captured = capsys.readouterr()
    assert "did you mean role:senco" in captured.err
    assert captured.out == ""
    assert "Traceback" not in captured.err


def test_bad_options_exit_2(capsys):
    assert main(["routes", "teacher", "senco", "--k", "0"]) == 2
    assert main(["routes", "teacher", "senco", "--weight", "speed"]) == 2
    assert main(["routes", "teacher", "senco", "--on", "2026-02-30"]) == 2
    assert "sendpath: error:" in capsys.readouterr().err


def test_teaching_assistant_to_teacher(capsys):
    assert main(["routes", "teaching-assistant", "teacher", "--on", "2026-09-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any("qual:tda" in {s["id"] for s in r["steps"]} for r in data["routes"])


@pytest.mark.parametrize("args", [["teacher", "area:vi"], ["teacher", "outcome:ts/5"],
                                  ["area:vi", "senco"], ["teacher", "source:si-2024-535"]])
def test_records_that_are_not_steps_are_bad_input(args, capsys):
    assert main(["routes", *args]) == 2
    err = capsys.readouterr().err
    # the record exists, of another kind: named as such, with no near name suggested
    assert f"sendpath: error: '{args[0] if args[0] != 'teacher' else args[1]}' is not a role" in err
    assert "did you mean" not in err
    assert "Traceback" not in err


def test_errors_come_as_json_too_with_json(capsys):
    assert main(["routes", "teacher", "sencoo", "--json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["format"] == 1
    assert {"sendpath_version", "data_version"} <= set(data)
    assert data["error"]["type"] == "UnknownIdError"
    assert data["error"]["candidates"] == ["role:senco"]
    assert "did you mean role:senco" in captured.err


def test_debug_after_the_command_shows_the_traceback():
    with pytest.raises(sendpath.errors.UnknownIdError):
        main(["routes", "teacher", "sencoo", "--debug"])


def test_a_start_that_is_not_a_role_says_so(capsys):
    assert main(["routes", "npq-senco", "senco"]) == 2
    captured = capsys.readouterr()
    assert "'npq-senco' names qual:npq-senco, not a role" in captured.err
    assert "did you mean" not in captured.err
