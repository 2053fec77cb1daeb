"""Writing imported records as a data package folder (``sendpath.interop.write_package``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import sendpath
from sendpath.errors import WriteError
from sendpath.interop import Imported, write_package


def _framework_with_sources(fw_id: str) -> Imported:
    cat = sendpath.load_default()
    fw = cat.frameworks[fw_id]
    # standalone: the outcomes' areas and levels are England's records, left behind
    fw = attrs.evolve(fw, outcomes=tuple(attrs.evolve(o, areas=(), level=None)
                                         for o in fw.outcomes))
    cited = {c.source for rec in (fw, *fw.outcomes) for c in rec.sources}
    sources = tuple(cat.sources[s] for s in sorted(cited))
    return Imported(name="copy", title=fw.title, records=(*sources, fw))


def test_written_package_loads_back_equal(tmp_path: Path) -> None:
    imported = _framework_with_sources("fw:npq-senco-framework")
    out = write_package(imported, tmp_path / "pkg", on=dt.date(2026, 11, 28))
    back = sendpath.load(out)
    fw = imported.records[-1]
    assert back.frameworks[fw.id] == fw
    assert {s.id for s in imported.records[:-1]} == set(back.sources)
    assert back.info is not None
    assert back.info.published == dt.date(2026, 11, 28)


def test_extending_england_reads_both(tmp_path: Path) -> None:
    src = next(iter(sendpath.load_default().sources.values()))
    mine = sendpath.model.Source(id="source:local-offer", title="Local offer", publisher="Us",
                                 kind="framework")
    out = write_package(Imported(name="local", title="Local", records=(mine,)),
                        tmp_path / "pkg", extends="england")
    cat = sendpath.load(out)
    assert "source:local-offer" in cat.sources
    assert src.id in cat.sources


@pytest.mark.parametrize("kind", ["file", "full-folder"])
def test_never_overwrites(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "pkg"
    if kind == "file":
        target.write_text("mine")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    with pytest.raises(WriteError, match="not an empty folder"):
        write_package(Imported(name="x", title="X", records=()), target)
    kept = target if kind == "file" else target / "notes.txt"
    assert kept.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]  # no temporary folder left


def test_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    out = write_package(Imported(name="x", title="X", records=()), tmp_path / "pkg")
    assert sorted(p.name for p in out.iterdir()) == ["package.toml"]
    assert sendpath.load(out).info.name == "x"  # type: ignore[union-attr]


def test_an_invalid_package_is_not_written(tmp_path: Path) -> None:
    role = sendpath.model.Role(id="role:x", title="X",
                               sources=(sendpath.model.Citation(source="source:nowhere"),))
    with pytest.raises(sendpath.errors.DataError) as caught:
        write_package(Imported(name="x", title="X", records=(role,)), tmp_path / "pkg")
    problem = caught.value.problems[0]
    assert problem.code == "unknown-reference"
    assert problem.file == str(tmp_path / "pkg" / "roles.json")
    assert list(tmp_path.iterdir()) == []
