"""Issue 19, the terminal: names echoed raw, closed pipes, terminals that cannot encode a character.

Whatever a user types or a file holds, what sendpath prints is safe for a terminal: control,
bidirectional and invisible characters are escaped visibly (``sendpath.errors.safe_text``),
long arguments are cut with their length, a closed pipe ends the command quietly with its own
exit code, and a character the terminal cannot encode is written as a ``\\uXXXX`` escape. The
corpus (``tests/bad/terminal/``) holds data packages with such characters in keys, a table name,
an id and titles; the rest are command lines, built here.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from _bad import BAD, SECONDS, assert_clean, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.cli import main
from sendpath.errors import Problem, safe_repr, safe_text

CORPUS = BAD / "terminal"
ESC, CSI, RLO, LRI = "\x1b", "\x9b", "\u202e", "\u2066"
LONG = "a" * 5000


# -- the one safe-echo function ----------------------------------------------------------------

def test_safe_text_escapes_every_class_of_hidden_character() -> None:
    hostile = "a\x00\x07\x08\r\x1b[31m\x7f\x85\x9b\u061c\u200b\u200f\u2028\u202e\u2067\ufeff\udcff"
    assert safe_text(hostile) == (
        "a\\x00\\x07\\x08\\x0d\\x1b[31m\\x7f\\x85\\x9b\\u061c\\u200b\\u200f\\u2028\\u202e"
        "\\u2067\\ufeff\\udcff")
    assert safe_text("tab\there\nnext") == "tab\\x09here\\x0anext"  # a name stays on its line
    assert safe_text("tab\there\nnext", lines=True) == "tab\there\nnext"
    assert safe_text("£ é 漢字 😀") == "£ é 漢字 😀"  # printable text is itself


def test_safe_text_cuts_long_text_and_says_how_long() -> None:
    assert safe_text(LONG) == "a" * 200 + "... (5,000 characters)"
    assert safe_text(LONG, 10) == "aaaaaaaaaa... (5,000 characters)"
    assert safe_text(LONG, None) == LONG
    assert safe_text(ESC * 300, 2) == "\\x1b\\x1b... (300 characters)"  # cut, then escaped


def test_safe_repr_is_built_on_it() -> None:
    assert safe_repr("x\u202ey") == "'x\\u202ey'"
    assert safe_repr("\ufeffbom") == "'\\ufeffbom'"


def test_a_problem_shows_its_names_escaped_and_cut() -> None:
    problem = Problem(code="unknown-field", message="unknown field", file=f"evil{RLO}txt.toml",
                      record=f"role:{ESC}[31m", field="k" * 1000, line=3)
    assert str(problem) == ("evil\\u202etxt.toml:3: role:\\x1b[31m: " + "k" * 200
                            + "... (1,000 characters): unknown field [unknown-field]")
    assert problem.to_dict()["file"] == f"evil{RLO}txt.toml"  # the JSON keeps it exact


# -- exact messages for representative problems --------------------------------------------------

def test_an_unrecognised_argument_is_echoed_escaped() -> None:
    run = run_cli(["show", "role:senco", f"--bogus={RLO}x"])
    assert_clean(run, codes=[2])
    assert run.err.splitlines()[0] == "sendpath: error: unrecognized arguments: --bogus=\\u202ex"


def test_a_missing_folder_with_an_escape_in_its_name() -> None:
    run = run_cli(["validate", f"/nonexistent/{ESC}]0;pwned{chr(7)}"])
    assert_clean(run, codes=[2])
    assert run.err.splitlines() == [
        "sendpath: /nonexistent/\\x1b]0;pwned\\x07: no such file or folder [not-found]",
        "sendpath: error: 1 problem in /nonexistent/\\x1b]0;pwned\\x07"]


def test_a_long_bad_choice_is_cut() -> None:
    run = run_cli(["routes", "teacher", "senco", "--weight", LONG])
    assert_clean(run, codes=[2])
    last = run.err.splitlines()[0]
    assert last == ("sendpath: error: argument --weight: invalid choice: '" + "a" * 60
                    + "... (5,000 characters)' (choose from 'months', 'cost', 'hours')")


# -- command lines through the harness ---------------------------------------------------------

HOSTILE_ARGS = [
    ["routes", f"{ESC}[31m", "senco"],
    ["show", "x", f"--bogus={RLO}"],
    [f"{ESC}[2J"],
    ["find", CSI + "2J"],
    ["find", LONG],
    ["show", LONG],
    ["--json", "find", f"{RLO}{CSI}"],
    ["--json", "show", f"{LRI}x"],
    ["cases", f"/nonexistent/{ESC}x"],
    ["routes", "teacher", "senco", "--profile", f"/nonexistent/{RLO}.toml"],
    ["routes", "teacher", "senco", "--on", f"2026{ESC}01-01"],
    ["import", f"/nonexistent/{ESC}", "--from", "sssom", "-o", "out", "--extends", CSI],
    ["export", "--format", "dot", "--subgraph", f"role:{ESC}"],
    ["--json", "export", "--format", "node-link", "--subgraph", RLO * 3000],
    ["plan", "--profile", "p.toml", "--target", "senco", "--hours-per-term", "1",
     "--start", f"{ESC}autumn"],
]


@pytest.mark.parametrize("args", HOSTILE_ARGS, ids=lambda a: ascii(" ".join(a))[:40])
def test_hostile_arguments_reach_the_terminal_escaped(args: list[str], tmp_path: Path) -> None:
    run = run_cli(args, cwd=tmp_path)
    assert_clean(run, codes=[1, 2], seconds=SECONDS + 3)  # a long id is not matched for seconds
    assert max(len(line) for line in (run.out + run.err).splitlines()) < 500
    assert list(tmp_path.iterdir()) == []


def test_hostile_keys_table_and_id_in_a_package() -> None:
    run = run_cli(["validate", str(CORPUS / "hostile-keys")])
    assert_clean(run, codes=[2])
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in run.err
    assert "evil\\u202eexe.txt" in run.err
    assert "\\x9b31mtable\\u2066" in run.err
    assert "role:\\x1b[31mred" in run.err
    json_run = run_cli(["--json", "validate", str(CORPUS / "hostile-keys")])
    assert_clean(json_run, codes=[2])
    fields = {p.get("field") for p in json.loads(json_run.out)["problems"]}
    assert "\x1b]0;pwned\x07\x1b[2J" in fields  # JSON keeps the key exact, escaped as JSON


@pytest.mark.parametrize("args", [
    ["show", "goal"], ["show", "source:tiny"], ["routes", "start", "goal", "--explain"],
    ["find", "goal"], ["--json", "show", "goal"], ["--json", "routes", "start", "goal"],
    ["export", "--format", "dot"], ["export", "--format", "mermaid"],
    ["export", "--format", "node-link"],
])
def test_control_characters_in_titles_never_reach_the_terminal(args: list[str]) -> None:
    run = run_cli([*args, "--data", str(CORPUS / "control-titles")])
    assert_clean(run, codes=[0, 1, 2])  # 2 if the loader comes to reject such titles
    if run.code == 0 and "--json" in args:
        text = json.dumps(json.loads(run.out), ensure_ascii=False)
        assert "\u009b2J" in text or "\u0085" in text  # the values themselves, exact


# -- a closed pipe -------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "code"), [
    (["find", "senco"], 0),
    (["export", "--format", "graphml"], 0),
    (["--json", "export", "--format", "node-link"], 0),
    (["export", "--format", "dot"], 0),
    (["routes", "teacher", "senco", "--explain"], 0),
    (["schema"], 0),
    (["find", "zzzzzz"], 1),
    (["show", "sencoo"], 2),
])
def test_a_closed_pipe_ends_quietly_with_the_commands_code(args: list[str], code: int) -> None:
    # ``sendpath ... 2>&1 | head -c1``: read one byte, close the pipe, and the command must end
    # with its own code, and nothing at all (no traceback, no "Exception ignored") on stderr.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for stderr in (subprocess.PIPE, subprocess.STDOUT):
        child = subprocess.Popen([sys.executable, "-m", "sendpath", *args],  # noqa: S603
                                 stdout=subprocess.PIPE, stderr=stderr, env=env)
        assert child.stdout is not None
        child.stdout.read(1)
        child.stdout.close()
        err = ""
        if child.stderr is not None:
            err = child.stderr.read().decode()
            child.stderr.close()
        assert child.wait(timeout=60) == code
        assert "Traceback" not in err
        assert "Exception ignored" not in err


def test_a_closed_pipe_in_process_keeps_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", Gone())
    monkeypatch.setattr(sys, "stderr", Gone())
    assert main(["find", "senco"]) == 0
    assert main(["find", "zzzzzz"]) == 1
    assert main(["show", "sencoo"]) == 2


# -- a terminal that cannot encode a character ---------------------------------------------------

ASCII_ENVS = [
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "", "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
     "PYTHONCOERCECLOCALE": "0"},
]


@pytest.mark.parametrize("env", ASCII_ENVS, ids=["ascii", "C-locale"])
def test_an_ascii_terminal_shows_escapes_not_a_traceback(env: dict[str, str]) -> None:
    run = run_cli(["show", "source:send-training-200m"], env=env)
    assert_clean(run, codes=[0])
    assert "New \\u00a3200m scheme" in run.out
    routes = run_cli(["routes", "teacher", "senco"], env=env)
    assert_clean(routes, codes=[0])
    assert "\\u00a3" in routes.out
    # a C locale hands the argument over as bytes (surrogates), an ASCII one as text
    assert run_cli(["show", "é"], env=env).err.endswith(("unknown id '\\xe9'\n",
                                                        "unknown id '\\udcc3\\udca9'\n"))


@pytest.mark.parametrize("env", ASCII_ENVS, ids=["ascii", "C-locale"])
def test_json_on_an_ascii_terminal_is_still_exact_json(env: dict[str, str]) -> None:
    run = run_cli(["--json", "show", "source:send-training-200m"], env=env)
    assert_clean(run, codes=[0])
    assert run.out.isascii()
    assert json.loads(run.out)["record"]["title"].startswith("New £200m scheme")


def test_a_surrogate_argument_in_json_output() -> None:
    # bytes that are not UTF-8 in an argument arrive as lone surrogates
    run = run_cli(["--json", "find", "zz\udcff"])
    assert_clean(run, codes=[1])
    assert json.loads(run.out)["text"] == "zz\udcff"


# -- fuzzing the arguments, in process -----------------------------------------------------------

_COMMANDS = ["show", "status", "cases", "validate", "routes", "gap", "next", "requirements",
             "feeders", "plan", "coverage", "crosswalk", "find", "import", "schema"]
_OPTIONS = ["--json", "--debug", "--explain", "--data", "--profile", "--target", "--on", "--k",
            "--weight", "--via", "--avoid", "--kind", "--limit", "--by", "--to", "--depth",
            "--hours-per-term", "--start", "--rules-as-of", "--from", "-o", "--extends",
            "--help", "--version", "--format", "--every", "--assume", "--outcomes"]
_WORDS = ["senco", "teacher", "role:senco", "qual:npq-senco", "ittecf", "fw:ittecf", "months",
          "2026-09-01", "2026-autumn", "3", "0", "-1", "role", "area", "sssom", "england", "."]
_HOSTILE_TEXT = st.text(st.sampled_from(
    "ab:-é£\t\n\r\x00\x07\x1b\x7f\x85\x9b[m\u061c\u200b\u200e\u2028\u202e\u2066\u2069\ufeff"
    "\udc80\udcff😀"), max_size=30)
_WORD = st.one_of(st.sampled_from(_COMMANDS), st.sampled_from(_OPTIONS), st.sampled_from(_WORDS),
                  _HOSTILE_TEXT, st.builds(lambda c, n: c * n, _HOSTILE_TEXT, st.integers(50, 200)),
                  st.builds(lambda o, t: f"{o}={t}", st.sampled_from(_OPTIONS), _HOSTILE_TEXT))
_ARGV = st.one_of(
    st.tuples(st.sampled_from(_COMMANDS), st.lists(_WORD, max_size=6)).map(lambda t: [t[0], *t[1]]),
    st.lists(_WORD, max_size=4),
).filter(lambda argv: "--debug" not in argv)  # --debug shows the traceback on purpose


@settings(max_examples=200, deadline=None)
@given(argv=_ARGV)
def test_fuzzed_arguments_end_in_a_code_and_print_nothing_hidden(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    # in a scratch folder: a fuzzed -o writes there, never into the checkout
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help and --version end through argparse
            code = exc.code if isinstance(exc.code, int) else 0
    assert code in (0, 1, 2), (argv, err.getvalue()[-500:])
    for text in (out.getvalue(), err.getvalue()):
        assert safe_text(text, None, lines=True) == text, (argv, text[-300:])
        assert max((len(line) for line in text.splitlines()), default=0) < 2000
