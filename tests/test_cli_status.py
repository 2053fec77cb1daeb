"""``sendpath status`` and ``sendpath validate``: exit codes, output, diagnostics."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _docs import DOCS, code_blocks

import sendpath
from sendpath.cli import EXIT_BAD_INPUT, EXIT_NO_ANSWER, EXIT_OK, JSON_FORMAT, main
from sendpath.rules import JSON_FORMAT as RULES_JSON_FORMAT

PACKAGE = Path(__file__).parent / "data" / "rules" / "package"

SENCO = """\
[[roles]]
id = "teacher"
since = 2019-09-01
[[roles]]
id = "senco"
since = 2025-01-06
[[holds]]
id = "qts"
awarded = 2019-07-01
[[holds]]
id = "induction"
completed = 2021-07-20
"""


#: The README's profile: the SENCO above, studying for the NPQ.
README = SENCO + '[[studying]]\nid = "npq-senco"\nstarted = 2025-02-01\n'
HEAD = Path(__file__).parent / "golden" / "profiles" / "head.toml"
NPQ = ("National Professional Qualification for Special Educational Needs Co-ordinators "
       "(NPQ for SENCOs)")


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(SENCO, encoding="utf-8")
    return path


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "readme.toml"
    path.write_text(README, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text wraps to the terminal: the tests fix its width (80, the usual default)."""
    monkeypatch.setenv("COLUMNS", "80")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("on", "code", "state"), [
    ("2026-09-01", EXIT_OK, "due"),
    ("2028-01-06", EXIT_OK, "due"),
    ("2028-01-07", EXIT_NO_ANSWER, "overdue"),
])
def test_status_exit_codes_follow_the_state(capsys: pytest.CaptureFixture[str], profile: Path,
                                            on: str, code: int, state: str) -> None:
    got, out, err = run(capsys, "status", "--profile", str(profile), "--target", "senco",
                        "--on", on, "--json")
    assert got == code
    assert err == ""
    assert json.loads(out)["state"] == state


def test_status_met_and_not_met(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    met = tmp_path / "met.toml"
    met.write_text(SENCO + '[[holds]]\nid = "npq-senco"\nstarted = 2025-02-01\n'
                           'awarded = 2026-07-01\n', encoding="utf-8")
    assert run(capsys, "status", "--profile", str(met), "--target", "role:senco",
               "--on", "2026-09-01")[0] == EXIT_OK
    nobody = tmp_path / "nobody.json"
    nobody.write_text("{}", encoding="utf-8")
    code, out, _ = run(capsys, "status", "--profile", str(nobody), "--target", "senco",
                       "--on", "2026-09-01")
    assert code == EXIT_NO_ANSWER
    assert out.startswith("Special educational needs co-ordinator (SENCO), as of 2026-09-01: "
                          "not met\n")


def test_status_indeterminate_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(SENCO + '[[holds]]\nid = "nasenco"\ncompleted = 2025-06-30\n',
                    encoding="utf-8")
    code, out, _ = run(capsys, "status", "--profile", str(path), "--target", "senco",
                       "--on", "2026-09-01")
    assert code == EXIT_NO_ANSWER
    assert "indeterminate" in out


def test_status_json_envelope(capsys: pytest.CaptureFixture[str], profile: Path) -> None:
    code, out, _ = run(capsys, "status", "--json", "--profile", str(profile), "--target",
                       "senco", "--on", "2026-09-01")
    data = json.loads(out)
    assert code == EXIT_OK
    assert data["format"] == JSON_FORMAT == RULES_JSON_FORMAT
    assert data["sendpath_version"] == sendpath.__version__
    assert data["data_version"] == sendpath.load_default().data_version
    assert (data["as_of"], data["due"]) == ("2026-09-01", "2028-01-06")
    assert data["target"]["id"] == "role:senco"
    assert out == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def status_text(capsys: pytest.CaptureFixture[str], path: Path, *flags: str) -> str:
    code, out, err = run(capsys, "status", "--profile", str(path), "--target", "senco",
                         "--on", "2026-09-01", *flags)
    assert (code, err) == (EXIT_OK, "")
    return out


def test_status_text_is_short_and_answers_first(capsys: pytest.CaptureFixture[str],
                                                readme: Path) -> None:
    out = status_text(capsys, readme)
    lines = out.splitlines()
    assert len(lines) <= 15
    assert lines[0].startswith("Special educational needs co-ordinator (SENCO), as of "
                               "2026-09-01: due by")
    words = " ".join(out.split())  # the text wraps; read it as one run of words
    assert "due by 2028-01-06" in " ".join(" ".join(lines[:2]).split())
    assert ("Met: holds Qualified teacher status (QTS): awarded 2019-07-01 holds Statutory "
            "induction") in words
    assert f"To do: [due by 2028-01-06] holds {NPQ}" in words
    assert "studying since 2025-02-01" in words
    assert "Sources (2 of " in words
    assert "The Special Educational Needs and Disability Regulations 2014" in words
    assert "(--explain for the reasons, the " in words
    assert "not legal advice" in words
    # records by title: no ids, no citation numbers, no reason codes, no gate ids
    for mark in ("role:", "qual:", "source:", "gate:", "#", "[1]", "{"):
        assert mark not in out, mark


def test_the_cli_page_shows_the_readme_status_as_it_is(capsys: pytest.CaptureFixture[str],
                                                        readme: Path) -> None:
    shown = code_blocks(DOCS / "cli.rst", "text")[0].lines
    assert shown == status_text(capsys, readme).splitlines()


def test_status_text_says_what_does_not_count(capsys: pytest.CaptureFixture[str]) -> None:
    words = " ".join(status_text(capsys, HEAD).split())
    assert f"To do: [due by 2027-01-08] holds {NPQ}, started on or after 2024-09-01" in words
    assert ("Does not count: holds National Award for Special Educational Needs Co-ordination "
            "(NASENCO)") in words
    assert "started 2024-10-01, not before 2024-09-01" in words


def test_status_explain_gives_the_reasons_every_citation_and_the_unconfirmed(
        capsys: pytest.CaptureFixture[str], readme: Path) -> None:
    out = status_text(capsys, readme, "--explain")
    assert out.startswith("role:senco: Special educational needs co-ordinator (SENCO)\n")
    words = " ".join(out.split())
    assert "{obligation} [1] [2] [3]" in words
    assert "Sources: [1] The Special Educational Needs and Disability Regulations 2014" in words
    assert "(source:send-regs-2014-reg49)" in words
    assert "Unconfirmed (no source confirms): role:senco: leads_to:" in words
    assert "not legal advice" in words
    assert "gate:" not in out
    assert len(out.splitlines()) > 40


@pytest.mark.parametrize("flags", [(), ("--explain",)])
@pytest.mark.parametrize("which", ["readme", "head"])
def test_status_text_wraps_to_the_terminal(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch, readme: Path,
                                           which: str, flags: tuple[str, ...]) -> None:
    path = readme if which == "readme" else HEAD
    wide = status_text(capsys, path, *flags)
    monkeypatch.setenv("COLUMNS", "60")
    narrow = status_text(capsys, path, *flags)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert len(narrow.splitlines()) > len(wide.splitlines())
    assert narrow.split() == wide.split()  # the same words, only wrapped
    continued = [line for line in narrow.splitlines() if line.startswith("    ")]
    assert continued  # a hanging indent shows where an item runs on


@pytest.mark.parametrize(("args", "message"), [
    (["--on", "2026-13-01"], "is not a real date"),
    (["--on", "1/9/2026"], "is not a date (write YYYY-MM-DD)"),
    (["--target", "sencoo"], "did you mean role:senco?"),
    (["--profile", "no-such-file.toml"], "no such file"),
])
def test_status_bad_input_exits_2(capsys: pytest.CaptureFixture[str], profile: Path,
                                  args: list[str], message: str) -> None:
    argv = {"--profile": str(profile), "--target": "senco", "--on": "2026-09-01"}
    argv.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, out, err = run(capsys, "status", *[x for kv in argv.items() for x in kv])
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_status_invalid_profile_lists_every_problem(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('[[roles]]\nid = "sencoo"\nsince = 2025-01-06\n'
                    '[[holds]]\nid = "qts"\nawarded = "July 2019"\n', encoding="utf-8")
    code, _, err = run(capsys, "status", "--profile", str(path), "--target", "senco")
    assert code == EXIT_BAD_INPUT
    assert "2 problems" in err
    assert f"{path}:2: roles[0]: id: unknown role id 'sencoo'" in err
    assert f"{path}:6: holds[0]: awarded:" in err


def test_status_requires_profile_and_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "status", "--target", "senco")
    assert code == EXIT_BAD_INPUT
    assert "--profile" in err


# -- validate ----------------------------------------------------------------------------------


def test_validate_a_good_package(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(PACKAGE, folder)
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, err) == (EXIT_OK, "")
    assert "valid: package rules-test" in out
    code, out, _ = run(capsys, "validate", str(folder), "--json")
    data = json.loads(out)
    assert (code, data["valid"], data["package"], data["data_version"]) == (
        EXIT_OK, True, "rules-test", "test.1")
    assert data["records"] == len(sendpath.load(folder))


def test_validate_a_broken_package_lists_every_problem(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(PACKAGE, folder)
    roles = folder / "roles.toml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        'requires = "qual:qts"', 'requires = "qual:qtss"', 1), encoding="utf-8")
    (folder / "extra.toml").write_text('[[activity]]\nid = "activity:x"\ntitel = "X"\n',
                                       encoding="utf-8")
    (folder / "broken.json").write_text('{"role": [', encoding="utf-8")
    code, out, err = run(capsys, "validate", str(folder))
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert "refers to qual:qtss, which no record defines (did you mean qual:qts?)" in err
    assert "broken.json:1:" in err
    assert "[syntax]" in err
    assert "extra.toml:3: activity:x: titel: unknown field 'titel'" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "validate", str(folder), "--json")
    data = json.loads(out)
    assert code == EXIT_BAD_INPUT
    assert data["valid"] is False
    files = {Path(p["file"]).name for p in data["problems"]}
    assert {"roles.toml", "extra.toml", "broken.json"} <= files


def test_validate_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == EXIT_BAD_INPUT
    assert "no such file or folder" in err
