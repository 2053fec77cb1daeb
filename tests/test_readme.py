"""The README's Python example runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_python_example_runs_as_documented(tmp_path, monkeypatch):
    if not README.exists():
        pytest.fail(f"README.md not found at {README}")
    (python,) = _blocks("python")
    (profile,) = _blocks("toml")
    (tmp_path / "me.toml").write_text(profile, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(python, "README.md", "exec"), {})  # noqa: S102  (our own README)
    printed = out.getvalue().splitlines()
    expected = [m.group(1).strip() for line in python.splitlines()
                if line.startswith("print(") and (m := re.search(r"#\s*(.*)$", line))]
    assert len(printed) == len(expected)
    # each comment is the printed text, then optionally ": why"
    assert printed == [comment.split(": ")[0] for comment in expected]
