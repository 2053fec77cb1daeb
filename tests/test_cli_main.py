"""The command as a whole: where --json may go, usage errors in JSON, closed pipes."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sendpath import cli
from sendpath.cli import main

PROFILE = Path(__file__).parent / "golden" / "profiles" / "ta.toml"


@pytest.mark.parametrize("argv", [
    ["--json", "routes", "teacher", "senco", "--on", "2026-09-01"],
    ["routes", "teacher", "senco", "--on", "2026-09-01", "--json"],
    ["routes", "--json", "teacher", "senco", "--on", "2026-09-01"],
])
def test_json_may_come_before_or_after_the_command(argv, capsys):
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["target"]["id"] == "role:senco"


def test_without_json_the_answer_is_text(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["routes", "teacher", "senco", "--on", "2026-09-01"]) == 0
    assert capsys.readouterr().out.startswith(
        "Teacher (qualified, induction completed) to Special educational needs co-ordinator")


@pytest.mark.parametrize("argv", [
    ["--json", "routes", "teacher"],
    ["routes", "teacher", "--json"],
    ["--json", "nosuchcommand"],
])
def test_usage_errors_under_json_come_as_json(argv, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["error"]["type"] == "UsageError"
    assert data["error"]["message"] in captured.err


def test_usage_errors_without_json_are_text_on_stderr_only(capsys):
    assert main(["routes", "teacher"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "sendpath: error:" in captured.err


class _ReaderGone(io.StringIO):
    """A stdout whose reader leaves after a few characters, as ``| head -c 5`` does."""

    def write(self, text: str) -> int:
        if self.tell() + len(text) > 5:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


@pytest.mark.parametrize(("argv", "code"), [
    (["routes", "teacher", "senco", "--json", "--on", "2026-09-01"], 0),
    (["routes", "teacher", "senco", "--avoid", "npq-senco", "--on", "2026-09-01"], 1),
    (["--json", "routes", "teacher", "senco", "--avoid", "npq-senco", "--on", "2026-09-01"], 1),
    (["status", "--profile", str(PROFILE), "--target", "senco", "--on", "2026-09-01"], 1),
    (["show", "nosuchthing", "--json"], 2),
])
def test_a_closed_pipe_keeps_the_commands_own_exit_code(argv, code, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _ReaderGone())
    assert main(argv) == code
    assert "Traceback" not in capsys.readouterr().err


def test_a_closed_pipe_is_quiet_in_a_real_process():
    # 128 KB of JSON, more than a pipe holds: the writes fail once the reader has gone
    with subprocess.Popen([sys.executable, "-m", "sendpath", "find", "a", "--limit", "5000",
                           "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.read(5)
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0
    assert err == b""  # no traceback, no "Exception ignored"


@pytest.mark.parametrize(("argv", "code"), [
    (["routes", "teacher", "senco", "--on", "2026-09-01"], 0),
    (["routes", "teacher", "senco", "--avoid", "npq-senco", "--on", "2026-09-01"], 1),
    (["show", "nosuchthing"], 2),
])
def test_the_command_ends_with_mains_exit_code(argv, code):
    command = [sys.executable, "-m", "sendpath", *argv]
    done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
    assert done.returncode == code
    assert b"Traceback" not in done.stderr
    if code != 2:
        assert done.stdout.startswith(b"Teacher")


def test_run_freezes_what_the_command_built_before_exit(monkeypatch):
    # the process is ending: its shutdown collections need not walk what the command built
    calls = []
    monkeypatch.setattr(sys, "argv", ["sendpath", "show", "senco"])
    monkeypatch.setattr(cli.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(cli, "_end", lambda code: calls.append(f"end {code}"))
    cli.run()
    assert calls == ["freeze", "end 0"]


_ENDING = """
import atexit, sys, threading, time
from sendpath.cli import _end
atexit.register(lambda: print("exit handler ran", flush=True))
if sys.argv[1] == "thread":
    threading.Thread(target=lambda: (time.sleep(0.2), print("thread finished"))).start()
sys.stdout.write("no newline, still buffered")
_end(3)
"""


@pytest.mark.parametrize("case", ["alone", "thread"])
def test_the_end_runs_exit_handlers_flushes_and_waits_for_threads(case):
    # alone, the process ends at once, but not before its exit handlers and its output;
    # with a thread still running, it ends as Python does, after the thread
    done = subprocess.run([sys.executable, "-c", _ENDING, case],  # noqa: S603
                          capture_output=True, text=True, check=False)
    assert done.returncode == 3, done.stderr
    assert "no newline, still buffered" in done.stdout
    assert "exit handler ran" in done.stdout
    assert ("thread finished" in done.stdout) == (case == "thread")


def _commands(parser):
    """The parser's command subparsers, by name."""
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices


def test_one_commands_parser_is_that_command_of_the_whole_parser():
    # a run builds only the parser of the command it names; that parser must be the same
    whole = _commands(cli._parser())
    assert len(whole) > 20
    for name, full in whole.items():
        alone = _commands(cli._parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == full.format_help()
        assert alone[name]._defaults == full._defaults
    assert list(_commands(cli._parser("no-such-command"))) == list(whole)


def test_the_cli_page_names_every_command_and_option():
    # docs/cli.rst is the reference: a new command or option must be written up there
    page = (Path(__file__).resolve().parents[1] / "docs" / "cli.rst").read_text()
    missing = [f"{name} {option}" if option else name
               for name, sub in _commands(cli._parser()).items()
               for option in ["", *(o for a in sub._actions for o in a.option_strings
                                    if o.startswith("--") and o != "--help")]
               if (option or f"sendpath {name}") not in page]
    assert missing == []
    codes = page.split("\nExit codes\n", 1)[1].split("\nDiagnostics\n", 1)[0]  # their table
    for code in ("0", "1", "2", "130"):
        assert f"   * - {code}\n" in codes, f"exit code {code}"
