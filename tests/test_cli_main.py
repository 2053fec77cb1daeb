"""The command as a whole: where --json may go, usage errors in JSON, closed pipes."""

from __future__ import annotations

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
    with pytest.raises(SystemExit) as info:
        cli.run()
    assert info.value.code == 0
    assert calls == ["freeze"]
