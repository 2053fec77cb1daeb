"""Every JSON output names the data it came from: ``data_version`` and ``data_digest``."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from _catalogues import catalogue as small_catalogue
from _catalogues import copy_tree

import sendpath
from sendpath import catalogue
from sendpath._output import DataVersion, envelope
from sendpath.cli import main
from sendpath.io.snapshot import package_digest


@pytest.fixture
def package(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    copy_tree(catalogue._shipped_root("england"), root)
    return root


def test_the_shipped_digest_is_of_its_files_whichever_way_it_loads() -> None:
    root = catalogue._shipped_root("england")
    from_snapshot = sendpath.load_default().digest
    assert from_snapshot is not None
    assert from_snapshot.startswith("blake2b-256:")
    assert from_snapshot == package_digest(root) == catalogue._read_shipped("england").digest


def test_same_bytes_same_digest_and_any_edit_changes_it(package: Path) -> None:
    first = sendpath.load(package).digest
    assert sendpath.load(package).digest == first
    assert first == sendpath.load_default().digest  # the same files, copied
    roles = package / "roles.toml"
    roles.write_text(roles.read_text() + "\n# a comment\n")
    assert sendpath.load(package).digest != first


def test_an_extending_package_digests_its_base_too(tmp_path: Path) -> None:
    (tmp_path / "package.toml").write_text(
        'name = "mine"\nformat_version = 1\ndata_version = "1"\nextends = "england"\n')
    cat = sendpath.load(tmp_path)
    assert cat.digest == package_digest(catalogue._shipped_root("england"), tmp_path)
    assert cat.digest != package_digest(tmp_path)


def test_a_catalogue_built_in_memory_has_none() -> None:
    cat = small_catalogue([])
    assert cat.digest is None
    assert sendpath.query.find(cat, "x").to_dict()["data_digest"] is None


def test_results_carry_the_digest(package: Path) -> None:
    cat = sendpath.load(package)
    result = sendpath.query.routes(cat.graph, "teacher", "senco")
    data = result.to_dict()
    assert data["data_version"] == cat.info.data_version
    assert data["data_digest"] == cat.digest
    assert json.loads(result.to_json())["data_digest"] == cat.digest


def test_data_version_is_its_text_and_survives_pickling() -> None:
    v = DataVersion("2026.11", "blake2b-256:ab")
    back = pickle.loads(pickle.dumps(v))  # noqa: S301  (its own bytes: worker processes)
    assert (back, back.digest, type(back)) == ("2026.11", "blake2b-256:ab", DataVersion)
    assert json.dumps(v) == '"2026.11"'
    assert envelope("plain")["data_digest"] is None


@pytest.mark.parametrize("argv", [
    ["routes", "teacher", "senco"], ["find", "senco"], ["requirements", "senco"],
    ["coverage", "fw:npq-senco-framework"], ["diagnose"], ["show", "role:senco"],
])
def test_every_json_answer_names_data_and_digest(argv: list[str], package: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    main([*argv, "--json", "--data", str(package)])
    data = json.loads(capsys.readouterr().out)
    assert data["data_digest"] == sendpath.load(package).digest
    assert data["data_version"] == sendpath.load(package).data_version


def test_the_exported_graph_names_its_digest() -> None:
    from sendpath import export

    cat = sendpath.load_default()
    assert export.node_link_data(cat.graph)["graph"]["data_digest"] == cat.digest
