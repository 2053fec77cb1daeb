"""Atomic writes and deterministic JSON: readers see the old file or the new, never a mix."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from sendpath.errors import SendpathError, WriteError
from sendpath.io import atomic_write, dumps
from sendpath.io import output as output_module

ORIGINAL = b'{"original": true}\n'


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert mode(target) == 0o644
    assert leftovers(tmp_path) == []


def test_accepts_a_str_path(tmp_path: Path) -> None:
    atomic_write(str(tmp_path / "out.json"), b"x")
    assert (tmp_path / "out.json").read_bytes() == b"x"


@pytest.mark.parametrize("perm", [0o600, 0o640, 0o755])
def test_replacing_keeps_the_permissions(tmp_path: Path, perm: int) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(ORIGINAL)
    target.chmod(perm)
    atomic_write(target, b"replaced\n")
    assert target.read_bytes() == b"replaced\n"
    assert mode(target) == perm
    assert leftovers(tmp_path) == []


def test_replacing_a_symlink_writes_through_it(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(ORIGINAL)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, b"through\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"through\n"


@pytest.mark.parametrize("error", [
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
])
def test_a_failed_replace_leaves_the_original_and_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(ORIGINAL)

    def fail(*_args: Any) -> None:
        raise error

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError) as info:
        atomic_write(target, b"never written")
    assert target.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert str(target) in str(info.value)
    assert error.strerror in str(info.value)
    assert info.value.__cause__ is error
    assert isinstance(info.value, SendpathError)
    assert isinstance(info.value, OSError)


def test_a_failed_write_leaves_the_original(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(ORIGINAL)

    def fail(_fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(output_module.os, "fsync", fail)
    with pytest.raises(WriteError, match="Input/output error"):
        atomic_write(target, b"never written")
    assert target.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []


def test_ctrl_c_leaves_the_original_and_is_not_swallowed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(ORIGINAL)

    def interrupt(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"never written")
    assert target.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_a_write_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.json"
    with pytest.raises(WriteError) as info:
        atomic_write(target, b"x")
    assert str(target) in str(info.value)
    assert "No such file or directory" in str(info.value)
    assert not target.parent.exists()


def test_a_folder_in_the_way_is_a_write_error(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.mkdir()
    with pytest.raises(WriteError) as info:
        atomic_write(target, b"x")
    assert str(target) in str(info.value)
    assert target.is_dir()
    assert leftovers(tmp_path) == []


# --- dumps -----------------------------------------------------------------------------------


def test_dumps_is_sorted_indented_utf8_with_a_final_newline() -> None:
    text = dumps({"b": [1, 2], "a": "é", "c": {"z": None, "y": True}})
    assert text == ('{\n  "a": "é",\n  "b": [\n    1,\n    2\n  ],\n  "c": {\n    "y": true,\n'
                    '    "z": null\n  }\n}\n')


def test_dumps_is_deterministic() -> None:
    one = {"x": 1, "a": [3, 2], "m": {"q": 1, "b": 2}}
    two = {"m": {"b": 2, "q": 1}, "a": [3, 2], "x": 1}
    assert dumps(one) == dumps(two)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_dumps_refuses_non_finite_numbers(bad: float) -> None:
    with pytest.raises(ValueError, match="JSON"):
        dumps({"hours": bad})


def test_serialise_first_then_write_keeps_the_original(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(ORIGINAL)
    with pytest.raises(ValueError, match="JSON"):
        atomic_write(target, dumps({"hours": float("nan")}).encode())
    assert target.read_bytes() == ORIGINAL
