"""The command-line examples on the docs' pages are the commands' real output.

Every ``$ sendpath ...`` line of a console block on these pages runs through
``sendpath.cli.main`` from ``docs/`` (the profiles the commands name are in ``docs/examples``) at
80 columns (``_docs.COLUMNS``), and prints exactly the lines the page shows under it, standard
error included. A command exits 0 unless the page shows its exit code (``$ echo $?``).
"""

from __future__ import annotations

import tomllib
from typing import NamedTuple

import pytest
from _docs import COLUMNS, DOCS, PAGES, Command, sendpath_commands

from sendpath.cli import main

ROOT = DOCS.parent


class Example(NamedTuple):
    """A command the page shows, with the exit code it shows (0 unless ``echo $?`` says)."""

    command: Command
    code: int


def _examples() -> list[Example]:
    examples: list[Example] = []
    for page in PAGES:
        for command in sendpath_commands(DOCS / page):
            if command.argv == ["echo", "$?"]:
                examples[-1] = examples[-1]._replace(code=int("".join(command.shown)))
            else:
                examples.append(Example(command, 0))
    return examples


EXAMPLES = _examples()


@pytest.mark.parametrize("example", EXAMPLES,
                         ids=[f"{e.command.page}:{e.command.line}" for e in EXAMPLES])
def test_the_page_shows_what_the_command_prints(example: Example,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", COLUMNS)
    monkeypatch.chdir(DOCS)
    program, *argv = example.command.argv
    assert program == "sendpath"
    code = main(argv)
    out, err = capsys.readouterr()
    assert (out + err).splitlines() == example.command.shown
    assert code == example.code


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_commands_with_their_output(page: str) -> None:
    shown = [e.command for e in EXAMPLES if e.command.page == page]
    assert shown, f"{page} shows no $ sendpath command"
    assert all(c.shown for c in shown), f"{page} shows a command without its output"


def test_the_example_profiles_are_the_readme_and_golden_ones() -> None:
    examples = DOCS / "examples"
    me = (examples / "me.toml").read_text(encoding="utf-8")
    assert f"```toml\n{me}```" in (ROOT / "README.md").read_text(encoding="utf-8")
    ta = (ROOT / "tests" / "golden" / "profiles" / "ta.toml").read_text(encoding="utf-8")
    assert (examples / "ta.toml").read_text(encoding="utf-8") == ta
    # the teacher is the README's SENCO before her appointment and her NPQ
    readme = tomllib.loads(me)
    teacher = tomllib.loads((examples / "teacher.toml").read_text(encoding="utf-8"))
    assert teacher == {"roles": [r for r in readme["roles"] if r["id"] == "teacher"],
                       "holds": readme["holds"]}
