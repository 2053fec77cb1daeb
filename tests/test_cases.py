"""Conformance cases: the shipped ones pass and are pinned; the format and the command."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import sendpath
from sendpath.cases import Case, Expectation, load_cases, run_cases
from sendpath.cli import main
from sendpath.errors import DataError
from sendpath.io import profile_from_mapping
from sendpath.model import Citation

#: What every shipped case expects, pinned: a change to a case's expectation fails this test
#: until this file is changed with it, so no expectation changes by accident.
PINNED = Path(__file__).parent / "data" / "case_expectations.json"


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load_default()


def _pin(case: Case) -> dict[str, object]:
    return {"file": case.file, "name": case.name, "target": case.target,
            "on": case.on.isoformat(),
            "rules_as_of": case.rules_as_of.isoformat() if case.rules_as_of else None,
            "state": case.expect.state,
            "due": case.expect.due.isoformat() if case.expect.due else None,
            "codes": list(case.expect.codes)}


def test_the_shipped_cases_pass(cat: sendpath.Catalogue) -> None:
    report = run_cases(cat)
    assert len(report) >= 30
    assert [r.case.name for r in report.failures] == []
    assert report.passed


def test_the_shipped_expectations_are_pinned(cat: sendpath.Catalogue) -> None:
    assert [_pin(c) for c in load_cases(cat)] == json.loads(PINNED.read_text())


def test_the_shipped_cases_cover_what_the_law_turns_on(cat: sendpath.Catalogue) -> None:
    cases = load_cases(cat)
    codes = {code for c in cases for code in c.expect.codes}
    assert {"conferred", "lapsed", "service-unsettled", "service-over", "service-not-over",
            "started-too-late", "not-in-force", "counts-as", "missing-date", "exempt",
            "not-yet-held"} <= codes
    wordings = {c.rules_as_of for c in cases if c.rules_as_of is not None}
    assert {dt.date(2024, 8, 31), dt.date(2024, 9, 1)} <= wordings
    states = {c.expect.state for c in cases}
    assert states == {"met", "due", "overdue", "not_met", "indeterminate"}
    # every case names a legal (or official) source the package defines
    assert all(c.reference.source in cat.sources for c in cases)


def _case(expect: Expectation, **profile: object) -> Case:
    return Case(name="x", reference=Citation(source="source:send-regs-2014-reg49"),
                on=dt.date(2026, 9, 1), target="role:senco", expect=expect,
                profile=profile_from_mapping(profile, catalogue=sendpath.load_default()))


def test_a_wrong_expectation_is_a_readable_difference(cat: sendpath.Catalogue) -> None:
    wrong = _case(Expectation(state="due", due=dt.date(2028, 1, 6), codes=("exempt", "held")))
    (result,) = run_cases(cat, [wrong])
    assert not result.passed
    assert result.status.state == "not_met"  # nobody: not eligible
    assert result.differences[0] == "state: expected due, got not_met"
    assert result.differences[1] == "due: expected 2028-01-06, got none"
    assert result.differences[2].startswith("codes: expected exempt, held among ")
    text = run_cases(cat, [wrong]).explain()
    assert text.splitlines()[0] == "1 case: 1 failed, 0 passed (data 2026.11.28)"
    assert "  - state: expected due, got not_met" in text


def test_codes_must_all_be_present_but_others_may_be(cat: sendpath.Catalogue) -> None:
    (ok,) = run_cases(cat, [_case(Expectation(state="not_met", codes=("not-in-role",)))])
    assert ok.passed
    assert len(ok.status.codes) > 1


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A user's package that extends England and ships one case of its own."""
    root = tmp_path / "mine"
    (root / "cases").mkdir(parents=True)
    (root / "package.toml").write_text(
        'name = "mine"\nformat_version = 1\ndata_version = "1"\nextends = "england"\n')
    shutil.copy(Path(__file__).parent.parent / "data" / "england" / "cases" / "senco.toml",
                root / "cases" / "senco.toml")
    return root


def test_cli_runs_a_packages_cases(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", str(package)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("20 cases: all passed (data 1)")


def test_cli_exit_1_on_a_failure_with_json(package: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = package / "cases" / "senco.toml"
    path.write_text(path.read_text().replace('expect = { state = "met", codes = ["exempt", '
                                             '"appointment-in-range"] }',
                                             'expect = { state = "due" }', 1))
    assert main(["cases", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["passed"], report["failed"], report["total"]) == (False, 1, 20)
    (bad,) = [c for c in report["cases"] if not c["passed"]]
    assert bad["line"] == 7
    assert bad["differences"] == ["state: expected due, got met"]
    assert report["data_version"] == "1"  # the package the file sits in


def test_cli_bad_case_file_lists_every_problem(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[case]]\nname = "x"\nreference = { source = "source:nope" }\n'
                    'on = "2026-02-30"\ntarget = "sencoo"\n'
                    'expect = { state = "great", codes = ["bogus"] }\n'
                    '[case.profile]\nroles = [{ id = "teacherr", since = 2005-09-01 }]\n')
    assert main(["cases", str(path)]) == 2
    err = capsys.readouterr().err
    for part in ("on: '2026-02-30' is not a real date", "expect.state: 'great' is not a state",
                 "unknown reason code 'bogus'", "profile.roles[0].id: unknown role id",
                 "target: unknown id 'sencoo'", "reference.source: refers to 'source:nope'"):
        assert part in err, part
    assert f"{path}:1: case[0] (x)" in err
    assert "6 problems" in err


def test_cli_missing_path_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "no/such/cases.toml"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_load_cases_needs_a_catalogue_for_a_path(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="needs the catalogue"):
        load_cases(tmp_path)


def test_a_case_table_is_strict(cat: sendpath.Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('[[cases]]\nname = "typo in the table name"\n')
    with pytest.raises(DataError) as info:
        load_cases(path, cat)
    assert info.value.problems[0].code == "unknown-field"
    assert "a case file holds [[case]]" in info.value.problems[0].message


def test_packages_ignore_their_cases_folder_as_records(package: Path) -> None:
    assert sendpath.load(package).info.name == "mine"
