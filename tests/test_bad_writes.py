"""Bad writes (issue 19, "Writes"; ``reliability.md`` R2, §5, §8.5, cases 58-63).

Every command that writes a user's file (``export -o``, ``schema -o``, ``synth-workforce --out``,
``bulk --out``, ``import -o``, ``export --format case -o DIR``) and the API behind it, run into
what goes wrong on a real disk: the disk fills, permission is denied, the folder is read-only or
missing, Ctrl-C lands in the middle, the path is a symbolic link (to a link, dangling, looping,
to a folder), the path is a folder, the file is read-only, and the output is the command's own
input. Whatever happens, the original is byte-identical, no ``*.tmp`` is left, the API raises a
:class:`~sendpath.errors.WriteError` naming the path and the reason, and the command exits 2
with ``sendpath: error: ...`` (130 after Ctrl-C), no traceback.

The faults are injected by ``tests/bad/writes/fault/sitecustomize.py``: in this process with
``monkeypatch``, in the command's process by putting that folder first on ``PYTHONPATH``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _bad import BAD, assert_clean, digests, leftovers, run_cli

import sendpath
from sendpath import bulk
from sendpath.errors import SendpathError, WriteError
from sendpath.export import write_node_link
from sendpath.interop import case, write_package
from sendpath.io.output import atomic_write, atomic_write_all, atomic_writer
from sendpath.io.schema import package_schema
from sendpath.synth import write_workforce

FAULT_DIR = BAD / "writes" / "fault"
_spec = importlib.util.spec_from_file_location("_write_faults", FAULT_DIR / "sitecustomize.py")
assert _spec is not None
assert _spec.loader is not None
_faults = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_faults)
install: Callable[..., None] = _faults.install  # the injector the child processes use

ORIGINAL = b"what the user had\n"
ON = "2026-09-01"
STAFF = ("person,table,id,since,awarded\n"
         "ann,holds,hlta-status,,2019-09-01\n"
         "bob,roles,teacher,2019-09-01,\n")
BROKEN_STAFF = "person,table,id\nann,bogus\n"


@pytest.fixture
def staff(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "staff.csv"
    path.parent.mkdir()
    path.write_text(STAFF)
    return path


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "ts.case.json"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(case.case_bytes(sendpath.load_default(), "fw:ts"))
    return path


@pytest.fixture
def package(tmp_path: Path, case_file: Path) -> Path:
    return write_package(case.read_case(case_file), tmp_path / "in" / "pkg")


# Each file writer: the API call, and the command that does the same.
Api = Callable[[Path, Path], object]
Cli = Callable[[Path, Path], list[str]]


def _bulk_api(out: Path, staff: Path) -> object:
    return bulk.evaluate(staff, "hlta", on=dt.date.fromisoformat(ON)).write(out)


WRITERS: dict[str, tuple[Api, Cli]] = {
    "export": (lambda out, _s: write_node_link(sendpath.load_default().graph, out),
               lambda out, _s: ["export", "--format", "node-link", "-o", str(out)]),
    "schema": (lambda out, _s: atomic_write(out, sendpath.io.dumps(package_schema()).encode()),
               lambda out, _s: ["schema", "-o", str(out)]),
    "synth": (lambda out, _s: write_workforce(out, 5),
              lambda out, _s: ["synth-workforce", "5", "--out", str(out)]),
    "bulk": (_bulk_api,
             lambda out, s: ["bulk", "--profiles", str(s), "--target", "hlta", "--on", ON,
                             "--out", str(out)]),
    "case": (lambda out, _s: case.write_case(sendpath.load_default(), "fw:ts", out),
             lambda out, _s: ["export", "--format", "case", "--subgraph", "fw:ts", "-o",
                              str(out)]),
}
FAULTS = {"fsync:ENOSPC": "No space left on device", "mkstemp:EACCES": "Permission denied",
          "replace:EROFS": "Read-only file system", "fsync:INT": None}


def cli(args: list[str], *, fault: str | None = None) -> Any:
    env = {"PYTHONPATH": os.pathsep.join([str(FAULT_DIR), os.environ.get("PYTHONPATH", "")])}
    if fault:
        env["SENDPATH_TEST_FAULT"] = fault
    return run_cli(args, env=env)


def refused(run: Any, path: Path, reason: str) -> None:
    """The command stopped cleanly with exit 2, naming ``path`` and ``reason``."""
    assert_clean(run, codes=(2,))
    assert f"cannot write {path}" in run.err
    assert reason in run.err, run.err


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    before = os.umask(0o022)
    os.umask(before)

    def set_umask(mask: int) -> None:
        os.umask(mask)

    yield set_umask
    os.umask(before)


# -- The disk fills, permission is denied, the folder is read-only, Ctrl-C ----------------------


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("writer", WRITERS)
def test_a_failing_write_leaves_the_original(tmp_path: Path, staff: Path, writer: str,
                                             fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
    api, command = WRITERS[writer]
    out = tmp_path / "out.txt"
    out.write_bytes(ORIGINAL)
    before = digests([out, staff])
    reason = FAULTS[fault]
    with monkeypatch.context() as patch:
        install(fault, patch.setattr)
        if reason is None:
            with pytest.raises(KeyboardInterrupt):
                api(out, staff)
        else:
            with pytest.raises(WriteError, match=reason) as caught:
                api(out, staff)
            assert str(out) in str(caught.value)
    assert digests([out, staff]) == before
    assert leftovers(tmp_path) == []

    run = cli(command(out, staff), fault=fault)
    if reason is None:
        assert_clean(run, codes=(130,))
        assert run.err.startswith("sendpath: interrupted")
    else:
        refused(run, out, reason)
    assert digests([out, staff]) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fault", ["replace:ENOSPC", "mkdtemp:EACCES", "replace:INT"])
def test_a_failing_package_write_leaves_nothing(tmp_path: Path, case_file: Path, fault: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "new" / "deeper" / "pkg"  # the missing folders are made, then removed
    imported = case.read_case(case_file)
    before = digests([case_file])
    with monkeypatch.context() as patch:
        install(fault, patch.setattr)
        with pytest.raises(KeyboardInterrupt if fault.endswith("INT") else WriteError):
            write_package(imported, out)
    assert not (tmp_path / "new").exists()
    run = cli(["import", str(case_file), "--from", "case", "-o", str(out)], fault=fault)
    assert_clean(run, codes=(130,) if fault.endswith("INT") else (2,))
    assert not (tmp_path / "new").exists()
    assert digests([case_file]) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fault", ["fsync:ENOSPC", "replace:EACCES", "fsync:INT"])
def test_writing_every_framework_is_all_or_nothing(tmp_path: Path, fault: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "ts.case.json").write_bytes(ORIGINAL)
    new = tmp_path / "new" / "cases"
    cat = sendpath.load_default()
    files = {folder / f"{fw.partition(':')[2]}.case.json": case.case_bytes(cat, fw)
             for fw in sorted(cat.frameworks)}
    with monkeypatch.context() as patch:
        install(fault, patch.setattr)
        with pytest.raises(KeyboardInterrupt if fault.endswith("INT") else WriteError):
            atomic_write_all(files)
        with pytest.raises(KeyboardInterrupt if fault.endswith("INT") else WriteError):
            atomic_write_all({new / path.name: data for path, data in files.items()})
    for out in (folder, new):
        run = cli(["export", "--format", "case", "-o", str(out)], fault=fault)
        assert_clean(run, codes=(130,) if fault.endswith("INT") else (2,))
    assert sorted(p.name for p in folder.iterdir()) == ["ts.case.json"]
    assert (folder / "ts.case.json").read_bytes() == ORIGINAL
    assert not (tmp_path / "new").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_a_missing_folder_is_named(tmp_path: Path, staff: Path, writer: str) -> None:
    api, command = WRITERS[writer]
    out = tmp_path / "missing" / "out.txt"
    with pytest.raises(WriteError, match="No such file or directory"):
        api(out, staff)
    refused(cli(command(out, staff)), out, "No such file or directory")
    assert not out.parent.exists()
    assert leftovers(tmp_path) == []


# -- Links, folders, read-only files -------------------------------------------------------------


def _links(tmp_path: Path) -> dict[str, tuple[Path, Path | None]]:
    """Each kind of path: the path to write, and the file that should then hold the output."""
    real = tmp_path / "real.txt"
    real.write_bytes(ORIGINAL)
    (tmp_path / "one").symlink_to("real.txt")
    (tmp_path / "two").symlink_to("one")  # a link to a link
    (tmp_path / "dangling").symlink_to("not-yet.txt")
    (tmp_path / "loop-a").symlink_to("loop-b")
    (tmp_path / "loop-b").symlink_to("loop-a")
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder").symlink_to("folder")
    return {"chain": (tmp_path / "two", real), "dangling": (tmp_path / "dangling",
                                                            tmp_path / "not-yet.txt"),
            "loop": (tmp_path / "loop-a", None), "self-loop": (tmp_path / "self", None),
            "folder": (tmp_path / "folder", None), "link-to-folder": (tmp_path / "to-folder", None)}


LINK_REASONS = {"loop": "Too many levels of symbolic links",
                "self-loop": "Too many levels of symbolic links",
                "folder": "it is a folder", "link-to-folder": "it is a folder"}


@pytest.mark.parametrize("kind", ["chain", "dangling", "loop", "self-loop", "folder",
                                  "link-to-folder"])
@pytest.mark.parametrize("writer", ["schema", "bulk"])
@pytest.mark.parametrize("way", ["api", "cli"])
def test_links_are_kept_and_loops_and_folders_refused(tmp_path: Path, staff: Path, kind: str,
                                                      writer: str, way: str) -> None:
    api, command = WRITERS[writer]
    work = tmp_path / "work"
    work.mkdir()
    path, holder = _links(work)[kind]
    links = {p: p.readlink() for p in work.iterdir() if p.is_symlink()}
    before = digests([work, staff])
    reason = LINK_REASONS.get(kind)
    if way == "api":
        if reason is None:
            api(path, staff)
        else:
            with pytest.raises(WriteError, match=reason):
                api(path, staff)
    else:
        run = cli(command(path, staff))
        if reason is None:
            assert_clean(run, codes=(0,))
        else:
            refused(run, path, reason)
    assert {p: p.readlink() for p in work.iterdir() if p.is_symlink()} == links
    after = digests([work, staff])
    if holder is None:
        assert after == before
    else:
        assert holder.read_bytes() not in (b"", ORIGINAL)
        others = {p for p in before if p.resolve() != holder.resolve()}  # links to it too
        assert {p: after[p] for p in others} == {p: before[p] for p in others}
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("way", ["api", "cli"])
def test_a_new_file_takes_the_umask_and_an_old_one_keeps_its_mode(
        tmp_path: Path, way: str, umask: Callable[[int], None]) -> None:
    api, command = WRITERS["schema"]
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    old.write_bytes(ORIGINAL)
    old.chmod(0o604)
    for mask, expected in ((0o027, 0o640), (0o002, 0o664)):
        new.unlink(missing_ok=True)
        umask(mask)  # the command's process inherits it
        for path in (new, old):
            if way == "api":
                api(path, tmp_path)
            else:
                assert_clean(cli(command(path, tmp_path)), codes=(0,))
        assert stat.S_IMODE(new.stat().st_mode) == expected
        assert stat.S_IMODE(old.stat().st_mode) == 0o604


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_file_is_not_replaced(tmp_path: Path, staff: Path, writer: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # tests run as root, who may write anything: os.access is made to say "read-only"
    api, command = WRITERS[writer]
    out = tmp_path / "out.txt"
    out.write_bytes(ORIGINAL)
    with monkeypatch.context() as patch:
        install("access:RO", patch.setattr)
        with pytest.raises(WriteError, match="Permission denied"):
            api(out, staff)
    refused(cli(command(out, staff), fault="access:RO"), out, "Permission denied")
    assert out.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []


def test_text_utf8_cannot_encode_is_a_write_error(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(ORIGINAL)
    with pytest.raises(WriteError, match=r"cannot write .*out.csv: .*'\\ud800'"):  # noqa: SIM117
        with atomic_writer(out) as fh:
            fh.write("a lone surrogate: \ud800\n")
    assert out.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []


# -- The output is the command's own input --------------------------------------------------------


def _same(staff: Path, how: str) -> Path:
    if how == "itself":
        return staff
    other = staff.with_name(f"{how}.csv")
    if how == "symlink":
        other.symlink_to(staff.name)
    else:
        os.link(staff, other)
    return other


@pytest.mark.parametrize("how", ["itself", "symlink", "hardlink"])
@pytest.mark.parametrize("content", ["good", "broken", "broken-skipped"])
def test_bulk_never_writes_over_its_profiles(staff: Path, how: str, content: str) -> None:
    if content != "good":
        staff.write_text(BROKEN_STAFF)
    out = _same(staff, how)
    before = digests([staff.parent])
    with pytest.raises(WriteError, match="it is an input"):
        bulk.evaluate(staff, "hlta", on=dt.date.fromisoformat(ON),
                      errors="skip" if content == "broken-skipped" else "raise").write(out)
    args = WRITERS["bulk"][1](out, staff) + (["--skip-bad"] if content == "broken-skipped" else [])
    refused(cli(args), out, "it is an input")
    assert digests([staff.parent]) == before
    assert leftovers(staff.parent) == []


def test_bulk_never_writes_into_its_profile_folder(staff: Path) -> None:
    out = staff.parent / "answers.csv"
    before = digests([staff.parent])
    with pytest.raises(WriteError, match="an input of this command"):
        bulk.evaluate(staff.parent, "hlta", on=dt.date.fromisoformat(ON)).write(out)
    refused(cli(WRITERS["bulk"][1](out, staff.parent)), out, "an input of this command")
    assert digests([staff.parent]) == before
    assert not out.exists()


@pytest.mark.parametrize("name", ["package.toml", "sources.json", "graph.json"])
def test_export_never_writes_into_its_data_package(package: Path, name: str) -> None:
    out = package / name
    before = digests([package])
    with pytest.raises(WriteError, match="an input of this command"):
        write_node_link(sendpath.load(package).graph, out)
    refused(cli(["export", "--format", "node-link", "--data", str(package), "-o", str(out)]),
            out, "an input of this command")
    assert digests([package]) == before


def test_export_refuses_a_broken_package_before_reading_it(package: Path) -> None:
    (package / "sources.json").write_text("{ not json")
    out = package / "sources.json"
    before = digests([package])
    run = cli(["export", "--format", "node-link", "--data", str(package), "-o", str(out)])
    refused(run, out, "an input of this command")
    assert digests([package]) == before


def test_export_every_framework_never_writes_into_its_data_package(package: Path) -> None:
    before = digests([package])
    run = cli(["export", "--format", "case", "--data", str(package), "-o", str(package)])
    refused(run, package / "ts.case.json", "an input of this command")
    assert digests([package]) == before
    assert leftovers(package) == []


def test_import_never_writes_over_its_input(case_file: Path) -> None:
    before = digests([case_file])
    with pytest.raises(WriteError, match="it exists"):
        write_package(case.read_case(case_file), case_file)
    run = cli(["import", str(case_file), "--from", "case", "-o", str(case_file)])
    refused(run, case_file, "it exists")
    assert digests([case_file]) == before
    assert leftovers(case_file.parent) == []


def test_every_failure_is_a_sendpath_error(tmp_path: Path) -> None:
    """What the CLI turns into exit 2: a WriteError is a SendpathError and an OSError."""
    with pytest.raises(SendpathError) as caught:
        atomic_write(tmp_path / "missing" / "x", b"")
    assert isinstance(caught.value, OSError)
