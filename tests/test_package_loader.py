"""Loading a user's data package: every problem of every file at once, each one located."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

import sendpath
from sendpath.errors import DataError, Problem
from sendpath.io._files import record_files
from sendpath.model import Holds

MANIFEST = 'name = "mine"\nformat_version = 1\ndata_version = "0.1"\n'
SOURCES = '''[[source]]
id = "source:a"
title = "A source"
publisher = "A publisher"
kind = "other"
'''


def make(root: Path, files: dict[str, str], manifest: str | None = MANIFEST) -> Path:
    """Write a package folder: ``package.toml`` (unless None), sources.toml and ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        (root / "package.toml").write_text(manifest, encoding="utf-8")
    for name, text in {"sources.toml": SOURCES, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def failing(path: Path) -> list[Problem]:
    with pytest.raises(DataError) as info:
        sendpath.load(path)
    return list(info.value.problems)


def by_code(problems: list[Problem], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


def snapshot(root: Path) -> dict[str, tuple[str, int, float]]:
    """Every file under root with its hash, mode and modification time."""
    out = {}
    for path in sorted(root.rglob("*")):
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        mtime = st.st_mtime if path.is_file() else 0.0
        out[str(path.relative_to(root))] = (digest, st.st_mode, mtime)
    return out


ROLE_OK = '''[[role]]
id = "role:ok"
title = "A role"
sources = [{ source = "source:a" }]
'''


def test_a_small_package_loads(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK + '''
[[role]]
id = "role:next"
title = "Next"
sources = [{ source = "source:a", locator = "p. 2" }]
requires = { any = ["role:ok", { in_role = "role:ok" }] }
'''})
    cat = sendpath.load(root)
    assert cat.info.name == "mine"
    assert cat.data_version == "0.1"
    assert sorted(cat.roles) == ["role:next", "role:ok"]
    assert list(cat.sources) == ["source:a"]
    assert cat.get("next").source.locator == "p. 2"
    assert "role:senco" not in cat  # nothing from the shipped data without extends


def test_load_accepts_the_manifest_path_and_a_str(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK})
    assert "role:ok" in sendpath.load(root / "package.toml")
    assert "role:ok" in sendpath.load(str(root))


def test_the_required_case_four_problems_from_two_files_in_one_error(tmp_path: Path) -> None:
    roles = '''[[role]]
id = "role:ok"
title = "A role"
sources = [{ source = "source:a" }]

[[role]]
id = "role:typo"
title = "Has an unknown key"
sources = [{ source = "source:a" }]
colour = "red"

[[role]]
id = "role:typed"
title = 5
sources = [{ source = "source:a" }]
'''
    quals = '''[[qualification]]
id = "qual:missing"
title = "No kind"
sources = [{ source = "source:a" }]

[[qualification]]
id = "qual:fine"
title = "Fine"
kind = "npq"
sources = [{ source = "source:a" }]

[[role]]
id = "role:ok"
title = "The same id again"
sources = [{ source = "source:a" }]
'''
    root = make(tmp_path / "pkg", {"roles.toml": roles, "quals.toml": quals})
    with pytest.raises(DataError) as info:
        sendpath.load(root)
    found = info.value.problems
    got = {(p.code, Path(p.file or "").name, p.record, p.field, p.line) for p in found}
    assert got == {
        ("unknown-field", "roles.toml", "role:typo", "colour", 10),  # the field's line
        ("wrong-type", "roles.toml", "role:typed", "title", 14),
        ("missing-field", "quals.toml", "qual:missing", "kind", 2),
        ("duplicate-id", "roles.toml", "role:ok", "id", 2),
    }
    assert len(found) == 4
    dup = by_code(list(found), "duplicate-id")[0]
    assert "quals.toml:13" in dup.message  # where it was first defined
    for p in found:
        assert Path(p.file or "").parent == root  # files are named in full
    text = str(info.value)
    assert text.startswith("4 problems in the data:")
    assert f"{root / 'roles.toml'}:10: role:typo: colour: unknown field 'colour'" in text


def test_problems_are_listed_in_file_and_line_order(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {
        "b.toml": '[[role]]\nid = "role:b"\ntitle = ""\nsources = [{ source = "source:a" }]\n',
        "a.toml": '[[role]]\nid = "role:a1"\ntitle = 1\nsources = [{ source = "source:a" }]\n'
                  '[[role]]\nid = "role:a2"\ntitle = 2\nsources = [{ source = "source:a" }]\n',
    })
    found = failing(root)
    assert [(Path(p.file or "").name, p.record) for p in found] == [
        ("a.toml", "role:a1"), ("a.toml", "role:a2"), ("b.toml", "role:b")]


def test_a_syntax_error_and_a_schema_error_in_different_files_come_together(
        tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {
        "a.toml": "[[role]]\nid = \n",
        "b.toml": '[[role]]\nid = "role:b"\nsources = [{ source = "source:a" }]\n',
    })
    found = failing(root)
    assert {(p.code, Path(p.file or "").name) for p in found} == {
        ("syntax", "a.toml"), ("missing-field", "b.toml")}
    syntax = by_code(found, "syntax")[0]
    assert (syntax.line, syntax.column) == (2, 6)


def test_unknown_table_with_did_you_mean(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK + '\n[[roles]]\nid = "role:x"\n'})
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name, p.field) == ("unknown-table", "roles.toml", "roles")
    assert "did you mean [[role]]?" in p.message


def test_a_table_instead_of_an_array_of_tables(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": '[role]\nid = "role:x"\n'})
    [p] = failing(root)
    assert (p.code, p.field) == ("wrong-type", "role")
    assert "[[role]]" in p.message


def test_unknown_reference_with_did_you_mean(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK + '''
[[role]]
id = "role:next"
title = "Next"
sources = [{ source = "source:a" }, { source = "source:b" }]
requires = { all = ["role:okk"] }
'''})
    found = failing(root)
    assert {(p.code, p.record, p.field) for p in found} == {
        ("unknown-reference", "role:next", "requires.all[0]"),
        ("unknown-reference", "role:next", "sources[1].source"),
    }
    ref = next(p for p in found if p.field == "requires.all[0]")
    assert ref.message == "refers to role:okk, which no record defines (did you mean role:ok?)"
    assert ref.line == 10  # the line of its field (the record's id is on line 7)
    assert next(p for p in found if p.field == "sources[1].source").line == 9


def test_a_record_that_failed_is_not_also_an_unknown_reference(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": '''[[role]]
id = "role:broken"
title = ""
sources = [{ source = "source:a" }]

[[role]]
id = "role:next"
title = "Next"
sources = [{ source = "source:a" }]
requires = "role:broken"
'''})
    found = failing(root)
    assert [(p.code, p.record, p.field) for p in found] == [
        ("invalid-value", "role:broken", "title")]


def test_unconfirmed_must_name_a_field(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK.replace(
        "sources =", 'unconfirmed = ["title: from a blog", "colour"]\nsources =')})
    [p] = failing(root)
    assert (p.code, p.record, p.field) == ("invalid-value", "role:ok", "unconfirmed[1]")


def test_a_json_record_file(tmp_path: Path) -> None:
    data = {"qualification": [
        {"id": "qual:j", "title": "From JSON", "kind": "award", "hours": 12.5,
         "starts_from": "2025-01-06", "sources": [{"source": "source:a"}]},
    ]}
    root = make(tmp_path / "pkg", {"quals.json": json.dumps(data, indent=2)})
    q = sendpath.load(root).qualifications["qual:j"]
    assert q.hours == 12.5
    assert q.starts_from is not None
    assert q.starts_from.isoformat() == "2025-01-06"


def test_json_record_problems_are_located(tmp_path: Path) -> None:
    text = ('{"role": [\n  {"id": "role:a", "title": "A", "sources": [{"source": "source:a"}]},'
            '\n  {\n    "id": "role:b",\n    "title": true,\n'
            '    "sources": [{"source": "source:a"}]\n  }\n]}\n')
    root = make(tmp_path / "pkg", {"roles.json": text})
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name, p.record, p.field, p.line) == (
        "wrong-type", "roles.json", "role:b", "title", 5)  # the field's own line


def test_json_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.json": '{"role": [\n  {"id": "role:a",}\n]}'})
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name, p.line, p.column) == ("syntax", "roles.json", 2, 19)


def test_records_in_subfolders_are_read_and_hidden_files_are_not(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {
        "more/roles.toml": ROLE_OK,
        ".hidden.toml": "this is not toml",
        "_draft.toml": "nor this",
        "README.md": "# notes",
        "notes.txt": "text",
    })
    assert "role:ok" in sendpath.load(root)


def test_missing_package_toml(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK}, manifest=None)
    found = failing(root)
    assert [(p.code, Path(p.file or "").name) for p in found] == [
        ("not-a-package", "package.toml")]
    assert "no package.toml" in found[0].message


def test_missing_folder_and_a_file_that_is_not_a_package(tmp_path: Path) -> None:
    [p] = failing(tmp_path / "nope")
    assert p.code == "not-found"
    assert p.file == str(tmp_path / "nope")
    (tmp_path / "roles.toml").write_text(ROLE_OK)
    [p] = failing(tmp_path / "roles.toml")
    assert p.code == "not-a-package"


@pytest.mark.parametrize(("manifest", "code", "field"), [
    (MANIFEST.replace("format_version = 1", "format_version = 2"), "invalid-value",
     "format_version"),
    (MANIFEST.replace("format_version = 1", 'format_version = "1"'), "wrong-type",
     "format_version"),
    (MANIFEST.replace('name = "mine"', 'name = "My Package"'), "invalid-value", "name"),
    (MANIFEST + "colour = 1\n", "unknown-field", "colour"),
    (MANIFEST.replace('data_version = "0.1"\n', ""), "missing-field", "data_version"),
    ("name = \n", "syntax", None),
])
def test_bad_manifests(tmp_path: Path, manifest: str, code: str, field: str | None) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK}, manifest=manifest)
    found = failing(root)
    assert [(p.code, Path(p.file or "").name, p.field) for p in found] == [
        (code, "package.toml", field)]


def test_format_version_2_is_named_in_the_message(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {},
                manifest=MANIFEST.replace("format_version = 1", "format_version = 2"))
    [p] = failing(root)
    assert p.message == "this sendpath reads format_version 1; got 2"


def test_a_bad_manifest_and_bad_records_are_reported_together(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK.replace('"A role"', "1")},
                manifest=MANIFEST.replace("format_version = 1", "format_version = 2"))
    assert {p.code for p in failing(root)} == {"invalid-value", "wrong-type"}


# --- extends ---------------------------------------------------------------------------------

EXTENDS = MANIFEST + 'extends = "england"\n'


def test_extends_england_adds_records(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": '''[[role]]
id = "role:deputy-senco"
title = "Deputy SENCO"
sources = [{ source = "source:send-code-of-practice" }]
requires = { in_role = "role:teacher" }
leads_to = ["role:senco"]
'''}, manifest=EXTENDS)
    cat = sendpath.load(root)
    default = sendpath.load_default()
    assert set(cat.roles) == set(default.roles) | {"role:deputy-senco"}
    assert cat.roles["role:senco"] == default.roles["role:senco"]
    assert "source:a" in cat.sources
    assert cat.info.name == "mine"
    assert cat.info.extends == "england"
    # the shipped, cached catalogue is untouched
    assert "role:deputy-senco" not in sendpath.load_default()


def test_redefining_a_base_id_is_an_error(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": '''[[role]]
id = "role:senco"
title = "My SENCO"
sources = [{ source = "source:a" }]
'''}, manifest=EXTENDS)
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name, p.record, p.field, p.line) == (
        "redefined-id", "roles.toml", "role:senco", "id", 2)
    assert "replaces" in p.message


def test_replaces_allows_redefining_a_base_id(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": '''[[role]]
id = "role:senco"
title = "My SENCO"
sources = [{ source = "source:a" }]
'''}, manifest=EXTENDS + 'replaces = ["role:senco"]\n')
    cat = sendpath.load(root)
    assert cat.roles["role:senco"].title == "My SENCO"
    assert cat.roles["role:senco"].obligations == ()
    assert sendpath.load_default().roles["role:senco"].title != "My SENCO"


def test_replaces_must_name_a_base_id(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {}, manifest=EXTENDS + 'replaces = ["role:sencoo"]\n')
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name, p.field) == (
        "unknown-reference", "package.toml", "replaces")


def test_a_replaced_id_may_be_defined_only_once(tmp_path: Path) -> None:
    role = '[[role]]\nid = "role:senco"\ntitle = "Mine"\nsources = [{ source = "source:a" }]\n'
    root = make(tmp_path / "pkg", {"a.toml": role, "b.toml": role},
                manifest=EXTENDS + 'replaces = ["role:senco"]\n')
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name) == ("duplicate-id", "b.toml")


def test_extends_an_unknown_package(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {}, manifest=MANIFEST + 'extends = "scotland"\n')
    [p] = failing(root)
    assert (p.code, p.field) == ("unknown-package", "extends")
    assert "england" in p.message


def test_references_into_the_base_resolve(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": '''[[role]]
id = "role:x"
title = "X"
sources = [{ source = "source:a" }]
requires = { holds = "qual:npq-senco" }
'''}, manifest=EXTENDS)
    cat = sendpath.load(root)
    assert cat.roles["role:x"].requires == Holds(holds="qual:npq-senco")
    assert "qual:npq-senco" in cat.qualifications
    assert cat.graph.requirement_root("role:x") == "qual:npq-senco"


# --- loading changes nothing and caches nothing ----------------------------------------------


def test_loading_modifies_nothing_the_user_owns(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK, "bad.toml": "[[role]]\nid = 5\n"})
    os.chmod(root / "roles.toml", 0o640)  # noqa: PTH101
    before = snapshot(tmp_path)
    failing(root)
    (root / "bad.toml").unlink()
    before.pop("pkg/bad.toml")
    sendpath.load(root)
    assert snapshot(tmp_path) == before


def test_a_user_package_is_read_again_on_each_load(tmp_path: Path) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK})
    first = sendpath.load(root)
    (root / "roles.toml").write_text(ROLE_OK.replace('"A role"', '"Renamed"'))
    second = sendpath.load(root)
    assert first.roles["role:ok"].title == "A role"
    assert second.roles["role:ok"].title == "Renamed"
    assert first is not second


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(tmp_path / "pkg", {"roles.toml": ROLE_OK})
    real = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "roles.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    [p] = failing(root)
    assert (p.code, Path(p.file or "").name) == ("unreadable", "roles.toml")
    assert "Permission denied" in p.message


def test_every_bad_value_of_one_record_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "package.toml").write_text('name = "p"\nformat_version = 1\ndata_version = "1"\n')
    (root / "q.toml").write_text(
        '[[source]]\nid = "source:s"\ntitle = "S"\npublisher = "P"\nkind = "other"\n\n'
        '[[qualification]]\nid = "qual:x"\ntitle = " "\nkind = "nope"\nmonths = 5000\n'
        'sources = [{ source = "source:s" }]\n'
        'requires = { any = [] }\n')
    with pytest.raises(DataError) as info:
        sendpath.load(root)
    found = {(p.record, p.field) for p in info.value.problems}
    assert found >= {("qual:x", "title"), ("qual:x", "kind"), ("qual:x", "months")}
    assert all(p.file and p.file.endswith("q.toml") for p in info.value.problems)


def test_a_clash_with_the_base_names_both_places(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "package.toml").write_text(
        'name = "p"\nformat_version = 1\ndata_version = "1"\nextends = "england"\n')
    (root / "roles.toml").write_text(
        '[[role]]\nid = "role:senco"\ntitle = "Mine"\n'
        'sources = [{ source = "source:si-2024-535" }]\n')
    with pytest.raises(DataError) as info:
        sendpath.load(root)
    (p,) = info.value.problems
    assert p.code == "redefined-id"
    assert p.file == str(root / "roles.toml")


def test_problems_in_the_base_are_named_as_the_base_not_the_users_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sendpath.catalogue as catalogue_module

    base = tmp_path / "base"
    base.mkdir()
    (base / "package.toml").write_text('name = "england"\nformat_version = 1\ndata_version = "b"\n')
    (base / "roles.toml").write_text('[[role]]\nid = "role:broken"\n')
    monkeypatch.setattr(catalogue_module, "_shipped_root", lambda _name: base)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "package.toml").write_text(
        'name = "p"\nformat_version = 1\ndata_version = "1"\nextends = "england"\n')
    with pytest.raises(DataError) as info:
        sendpath.load(mine)
    files = {p.file for p in info.value.problems}
    assert files == {"<shipped england>/roles.toml"}


def test_free_text_that_reads_like_an_id_is_not_a_reference() -> None:
    # a publisher, title or description may be any text; only id fields refer to records
    from sendpath.catalogue import build
    from sendpath.model import Citation, Framework, Outcome, Source
    cite = (Citation(source="source:x"),)
    fw = Framework(id="fw:x", title="role:0", publisher="role:0", description="qual:nope",
                   sources=cite, outcomes=(Outcome(id="outcome:x/a", title="fw:gone",
                                                   sources=cite),))
    cat = build([Source(id="source:x", title="X", publisher="Us", kind="other"), fw])
    assert cat.frameworks["fw:x"].publisher == "role:0"
    bad = attrs.evolve(fw, sources=(Citation(source="source:gone"),))  # an id field: checked
    with pytest.raises(DataError, match=r"sources\[0\]\.source: refers to source:gone"):
        build([Source(id="source:x", title="X", publisher="Us", kind="other"), bad])



def test_a_package_in_a_zip_is_listed_as_on_disk(tmp_path: Path) -> None:
    """A folder that is no real path (here a zip's) is listed by its own ``iterdir``, alike."""
    root = tmp_path / "pkg"
    for rel in ("package.toml", "roles.toml", "b/quals.json", "b/a.toml", ".hidden.toml",
                "_draft.toml", "cases/c.toml", "notes.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("")
    with zipfile.ZipFile(tmp_path / "pkg.zip", "w") as z:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(root).as_posix())
    with zipfile.ZipFile(tmp_path / "pkg.zip") as z:
        zipped = [rel for rel, _f in record_files(zipfile.Path(z))]
    assert zipped == [rel for rel, _f in record_files(root)] == ["b/a.toml", "b/quals.json",
                                                                 "roles.toml"]
