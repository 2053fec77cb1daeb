"""The shipped data's snapshot: equal to its TOML, current, never used when it does not match."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

import networkx as nx
import pytest
from _catalogues import copy_tree

import sendpath
from sendpath import _snapshot, catalogue
from sendpath.catalogue import Catalogue, load_default
from sendpath.cli import main
from sendpath.io import snapshot

FIELDS = ("info", "data_version", "roles", "qualifications", "activities", "frameworks",
          "outcomes", "areas", "scales", "levels", "sources", "policies", "crosswalks", "root",
          "digest")


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Forget the cached default catalogue before and after the test."""
    load_default.cache_clear()
    yield
    load_default.cache_clear()


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None) -> Path:
    """A copy of the installed package's shipped data and snapshot, read in their place."""
    root = tmp_path / "sendpath"
    copy_tree(catalogue._shipped_root("england"), root / "data" / "england")
    snap = catalogue._snapshot_file("england")
    (root / "snapshots").mkdir()
    (root / "snapshots" / "england.json").write_bytes(snap.read_bytes())
    monkeypatch.setattr(catalogue.resources, "files", lambda anchor: root)
    return root


def _never(*_args: object) -> None:
    raise AssertionError("this load must not come this way")


def _same(a: Catalogue, b: Catalogue) -> None:
    for field in FIELDS:
        assert getattr(a, field) == getattr(b, field), field
    assert list(a) == list(b)
    assert dict(a.graph.nx.nodes(data=True)) == dict(b.graph.nx.nodes(data=True))
    assert sorted(a.graph.nx.edges(keys=True, data=True)) == sorted(
        b.graph.nx.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(a.graph.nx, b.graph.nx)


def test_the_snapshot_loads_a_catalogue_equal_to_the_toml(fresh_cache: None) -> None:
    root = catalogue._shipped_root("england")
    assert snapshot.read(catalogue._snapshot_file("england"), root) is not None
    _same(load_default(), catalogue._read_shipped("england"))


def test_the_shipped_snapshot_is_current() -> None:
    built = _snapshot.build("england")
    assert catalogue._snapshot_file("england").read_bytes() == built, (
        "the snapshot of the shipped data is stale: rebuild it with `python -m sendpath._snapshot`")


def test_load_default_reads_the_snapshot(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "_read_shipped", _never)  # the TOML way is closed
    assert load_default().roles["role:senco"].title.startswith("Special educational needs")


def test_a_stale_snapshot_is_never_used(package: Path) -> None:
    roles = package / "data" / "england" / "roles.toml"
    roles.write_text(roles.read_text().replace(
        'title = "Special educational needs co-ordinator (SENCO)"', 'title = "Edited SENCO"'))
    assert snapshot.read(catalogue._snapshot_file("england"),
                         catalogue._shipped_root("england")) is None
    assert load_default().roles["role:senco"].title == "Edited SENCO"


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_adding_removing_or_renaming_a_file_makes_it_stale(package: Path, change: str) -> None:
    folder = package / "data" / "england"
    if change == "add":
        (folder / "extra.toml").write_text(
            '[[source]]\nid = "source:extra"\ntitle = "Extra"\npublisher = "Me"\n'
            'kind = "other"\n')
    elif change == "remove":
        (folder / "policies.toml").unlink()
    else:
        (folder / "policies.toml").rename(folder / "policies-renamed.toml")
    assert snapshot.read(catalogue._snapshot_file("england"),
                         catalogue._shipped_root("england")) is None
    load_default()  # from the files, checked


def test_an_edited_snapshot_is_never_used(package: Path) -> None:
    file = package / "snapshots" / "england.json"
    file.write_bytes(file.read_bytes().replace(
        b'"title":"Special educational needs co-ordinator (SENCO)"',
        b'"title":"Forged SENCO"', 1))
    assert b"Forged" in file.read_bytes()
    assert load_default().roles["role:senco"].title == (
        "Special educational needs co-ordinator (SENCO)")


@pytest.mark.parametrize("damage", [b"", b"{}", b"not json\n{}", b'{"snapshot": 99}\n{}',
                                    b"\x00\xff\n\x00"])
def test_a_broken_snapshot_falls_back_to_the_files(package: Path, damage: bytes) -> None:
    (package / "snapshots" / "england.json").write_bytes(damage)
    assert load_default().roles["role:senco"].id == "role:senco"


def test_without_a_snapshot_the_files_are_read(package: Path) -> None:
    (package / "snapshots" / "england.json").unlink()
    assert "role:senco" in load_default()


def _resealed(data: bytes, root: Traversable, edit: dict[str, object]) -> bytes:
    """The snapshot with its first record changed by ``edit``, digest made to match again."""
    head, _, body = data.partition(b"\n")
    lines = body.split(b"\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(b'{"$":'))
    record = json.loads(lines[at].rstrip(b","))
    record.update(edit)
    lines[at] = json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b","
    body = b"\n".join(lines)
    header = json.loads(head)
    header["digest"] = snapshot.digest(root, body)
    return json.dumps(header).encode() + b"\n" + body


@pytest.mark.parametrize("edit", [
    {"$": "Popen"},                 # not a class of the model: never looked up elsewhere
    {"$": "Catalogue"},             # not a record class either
    {"__class__": "Role"},          # not a field
    {"colour": "red"},              # not a field
])
def test_a_snapshot_builds_only_model_records_with_their_own_fields(
        package: Path, edit: dict[str, object]) -> None:
    root = catalogue._shipped_root("england")
    data = _resealed(catalogue._snapshot_file("england").read_bytes(), root, edit)
    with pytest.raises(ValueError, match="not a sendpath snapshot"):
        snapshot.loads(data, root)


def test_a_record_missing_a_required_field_is_refused(package: Path) -> None:
    root = catalogue._shipped_root("england")
    data = catalogue._snapshot_file("england").read_bytes()
    head, _, body = data.partition(b"\n")
    body = body.replace(b'"publisher":"SEN Magazine",', b"", 1)  # a source's required field
    data = _resealed(head + b"\n" + body, root, {})
    with pytest.raises(ValueError, match="lacks a required field"):
        snapshot.loads(data, root)


def test_a_users_package_is_always_read_from_its_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine"
    copy_tree(catalogue._shipped_root("england"), mine)  # the same files the snapshot matches
    monkeypatch.setattr(snapshot, "read", _never)
    monkeypatch.setattr(snapshot, "loads", _never)
    assert "role:senco" in sendpath.load(mine)
    assert main(["show", "senco", "--data", str(mine)]) == 0
    assert "role:senco" in capsys.readouterr().out


def test_the_rebuild_command_says_whether_it_is_current(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert _snapshot.main(["--check"]) == 0
    assert "england.json: current" in capsys.readouterr().out


def test_the_rebuild_command_writes_a_stale_snapshot(
        package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = package / "snapshots" / "england.json"
    file.write_bytes(b"stale")
    assert _snapshot.main(["--check"]) == 1
    assert "STALE" in capsys.readouterr().out
    assert _snapshot.main([]) == 0
    assert file.read_bytes() == _snapshot.build("england")
    assert _snapshot.main(["--check"]) == 0


def test_a_package_read_again_is_hashed_once_and_an_edit_of_the_same_size_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The digests' memo matches files byte for byte: same bytes, no hashing; any edit, new."""
    (tmp_path / "package.toml").write_text('name = "mine"\nformat_version = 1\n'
                                           'data_version = "1"\n')
    (tmp_path / "roles.toml").write_text("")
    made = []
    blake2b = snapshot.hashlib.blake2b

    def counted(*args: object, **kwargs: int) -> object:
        made.append(1)
        return blake2b(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(snapshot.hashlib, "blake2b", counted)
    first = snapshot.package_digest(tmp_path)
    hashed = len(made)
    assert snapshot.package_digest(tmp_path) == first
    assert len(made) == hashed + 1  # only the combining hash: the files were not hashed again
    (tmp_path / "package.toml").write_text('name = "mine"\nformat_version = 1\n'
                                           'data_version = "2"\n')  # same size, at once
    assert snapshot.package_digest(tmp_path) != first
    assert len(snapshot._hashes) <= snapshot._HASHES_KEPT
