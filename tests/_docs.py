"""The code blocks of the documentation's pages, for the tests that keep them true."""

from __future__ import annotations

import re
import shlex
from itertools import takewhile
from pathlib import Path
from typing import NamedTuple

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: The width the pages' command output is made at: a terminal's default (what ``sendpath``
#: assumes when ``COLUMNS`` is not set), which also fits the width of a page's text.
COLUMNS = "80"

#: The pages whose console examples are output, not just commands to try (the tutorial, the
#: landscape and every how-to guide among them).
PAGES = ("quickstart.rst", "routes.rst", "requirements.rst", "gap.rst", "next.rst",
         "feeders.rst", "plans.rst", "coverage.rst", "school.rst", "diagnose.rst",
         *(page for page in ("tutorial.rst", "landscape.rst") if (DOCS / page).exists()),
         *sorted(p.relative_to(DOCS).as_posix() for p in DOCS.glob("how-to/*.rst")
                 if p.name != "index.rst"))

_DIRECTIVE = re.compile(r"^(?P<indent> *)\.\. code-block:: *(?P<lang>\S+) *$")


class Block(NamedTuple):
    """A ``.. code-block::`` of a page: its language, the line its text starts on, its lines."""

    lang: str
    line: int
    lines: list[str]


class Command(NamedTuple):
    """A ``$ sendpath ...`` line of a console block and the output the page shows for it."""

    page: str
    line: int
    argv: list[str]
    shown: list[str]


def code_blocks(page: Path, lang: str) -> list[Block]:
    """Return the code blocks of ``page`` in ``lang``, their text unindented, in page order.

    A block's text is every line after the directive (and its options) that is blank or
    indented further than it; blank lines at its end are dropped.
    """
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []
    for i, line in enumerate(lines):
        match = _DIRECTIVE.match(line)
        if match is None or match["lang"] != lang:
            continue
        indent = len(match["indent"])
        body: list[str] = []
        for text in lines[i + 1:]:
            if text.strip() and len(text) - len(text.lstrip(" ")) <= indent:
                break
            body.append(text)
        while body and not body[-1].strip():
            body.pop()
        start = i + 2  # the line after the directive, counted from 1
        options = len(list(takewhile(lambda t: t.lstrip().startswith(":"), body)))
        blank = len(list(takewhile(lambda t: not t.strip(), body[options:])))
        body = body[options + blank:]
        start += options + blank
        margin = min(len(t) - len(t.lstrip(" ")) for t in body if t.strip()) if body else 0
        blocks.append(Block(lang, start, [t[margin:] for t in body]))
    return blocks


def sendpath_commands(page: Path) -> list[Command]:
    """Return the commands of ``page``'s console blocks that start with ``$ sendpath``.

    In such a block, each ``$ sendpath ...`` line is a command and the lines up to the next
    ``$`` line are its output (standard output, then standard error); ``$ echo $?`` shows the
    previous command's exit code and is kept as a command with ``argv`` ``["echo", "$?"]``.
    """
    commands = []
    # the page as the tests name it: its path under docs/ (how-to/gephi.rst), else its name
    name = page.relative_to(DOCS).as_posix() if page.is_relative_to(DOCS) else page.name
    for block in code_blocks(page, "console"):
        if not block.lines or not block.lines[0].startswith("$ sendpath "):
            continue
        for offset, text in enumerate(block.lines):
            if text.startswith("$ "):
                argv = shlex.split(text[2:])
                commands.append(Command(name, block.line + offset, argv, []))
            else:
                commands[-1].shown.append(text)
    return commands


def refresh(page: Path) -> int:
    """Rewrite the output under each ``$ sendpath`` line of ``page`` with what it prints now.

    Run after a change that is meant to change the output (``python tests/_docs.py``), then
    read the diff: it is the change as a reader sees it. Returns how many outputs changed.
    """
    import contextlib
    import io
    import os

    from sendpath.cli import main

    lines = page.read_text(encoding="utf-8").splitlines()
    changed = 0
    previous = Path.cwd()
    os.environ["COLUMNS"] = COLUMNS
    try:
        os.chdir(DOCS)
        for command in reversed(sendpath_commands(page)):
            if command.argv[0] != "sendpath":
                continue
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                main(command.argv[1:])
            at = command.line - 1  # the command's own line, counted from 0
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip(" "))]
            new = [indent + text if text else "" for text in out.getvalue().splitlines()]
            if lines[at + 1: at + 1 + len(command.shown)] != new:
                changed += 1
            lines[at + 1: at + 1 + len(command.shown)] = new
    finally:
        os.chdir(previous)
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name in PAGES:
        print(f"{name}: {refresh(DOCS / name)} outputs rewritten")
