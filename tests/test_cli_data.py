"""``--data PATH``: every command that reads the catalogue reads a user's package instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sendpath
from sendpath.cli import main
from sendpath.errors import DataError


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A small package of its own: a role that needs a course."""
    root = tmp_path / "tiny"
    root.mkdir()
    (root / "package.toml").write_text(
        'name = "tiny"\nformat_version = 1\ndata_version = "0.1"\n')
    (root / "records.toml").write_text('''
[[source]]
id = "source:tiny"
title = "Tiny source"
publisher = "Tests"
kind = "other"
urls = ["https://example.org/tiny"]

[[qualification]]
id = "qual:course"
title = "A course"
kind = "award"
months = 6
sources = [{ source = "source:tiny" }]

[[role]]
id = "role:start"
title = "Start"
entry_point = true
sources = [{ source = "source:tiny" }]

[[role]]
id = "role:goal"
title = "Goal"
requires = { all = ["qual:course", { in_role = "role:start" }] }
sources = [{ source = "source:tiny" }]
''')
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_reads_the_package(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "show", "goal", "--data", str(package))
    assert code == 0
    assert out.startswith("role:goal: Goal")
    code, _out, err = run(capsys, "show", "senco", "--data", str(package))
    assert code == 2
    assert "unknown id 'senco'" in err


def test_routes_find_and_status_read_the_package(package: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "routes", "start", "goal", "--data", str(package), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["data_version"] == "0.1"
    assert [s["id"] for s in result["routes"][0]["steps"]] == ["qual:course", "role:goal"]
    code, out, _err = run(capsys, "find", "course", "--data", str(package))
    assert (code, out.count("qual:course")) == (0, 1)
    me = tmp_path / "me.toml"
    me.write_text('[[roles]]\nid = "start"\nsince = 2020-01-01\n'
                  '[[holds]]\nid = "course"\nawarded = 2021-01-01\n')
    code, out, _err = run(capsys, "status", "--profile", str(me), "--target", "goal",
                          "--on", "2026-01-01", "--data", str(package), "--json")
    assert (code, json.loads(out)["state"]) == (0, "met")


def test_a_bad_data_path_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "show", "senco", "--data", str(tmp_path / "nowhere"))
    assert code == 2
    assert "no such file or folder" in err


def test_load_default_names_the_shipped_package() -> None:
    assert sendpath.load_default("england") is sendpath.load_default()
    with pytest.raises(DataError, match="no shipped package 'wales'"):
        sendpath.load_default("wales")
