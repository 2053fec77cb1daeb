"""Golden answers: the JSON of 50 commands on the shipped data stays what it was.

The answers were captured before the core was redesigned (issue 11), so the redesign keeps
behaviour. When a change is meant, run ``python tests/golden/make.py`` and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from make import answer, commands

ANSWERS = Path(__file__).parent / "golden" / "answers"
CASES = list(enumerate(commands()))


def test_there_are_at_least_forty_golden_answers() -> None:
    assert len(CASES) >= 40
    assert len(list(ANSWERS.glob("*.json"))) == len(CASES)


@pytest.mark.parametrize(("i", "argv"), CASES, ids=[" ".join(a)[:60] for _i, a in CASES])
def test_answer_is_unchanged(i: int, argv: list[str]) -> None:
    expected = json.loads((ANSWERS / f"{i:02d}.json").read_text())
    assert answer(argv) == expected
