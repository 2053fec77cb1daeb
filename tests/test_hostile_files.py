"""Files that are not files: devices, FIFOs, folders and huge files never hang or fill memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import sendpath
from sendpath.cli import main
from sendpath.errors import DataError
from sendpath.io import _parse


def _codes(exc: DataError) -> set[str]:
    return {p.code for p in exc.problems}


def test_a_device_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataError) as info:
        sendpath.load_profile(link)
    assert _codes(info.value) == {"unreadable"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "me.toml"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="not a regular file"):
        sendpath.load_profile(fifo)


def test_a_folder_named_like_a_file_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "me.toml").mkdir()
    with pytest.raises(DataError) as info:
        sendpath.load_profile(tmp_path / "me.toml")
    assert _codes(info.value) == {"unreadable"}


def test_a_huge_file_stops_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parse, "MAX_BYTES", 64)
    big = tmp_path / "me.toml"
    big.write_text("# " + "x" * 200 + "\n")
    with pytest.raises(DataError, match="larger than 64 bytes") as info:
        sendpath.load_profile(big)
    assert _codes(info.value) == {"too-large"}


def test_a_device_in_a_package_is_one_problem_among_others(tmp_path: Path) -> None:
    (tmp_path / "package.toml").write_text('name = "p"\nformat_version = 1\ndata_version = "1"\n')
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "roles.toml").write_text('[[role]]\nid = "role:x"\n')
    with pytest.raises(DataError) as info:
        sendpath.load(tmp_path)
    assert {(p.code, p.file.rsplit("/", 1)[-1]) for p in info.value.problems} >= {
        ("unreadable", "zero.toml"), ("missing-field", "roles.toml")}


def test_the_cli_reports_it_without_a_traceback(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    assert main(["status", "--profile", str(link), "--target", "senco"]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err
    assert "Traceback" not in err
