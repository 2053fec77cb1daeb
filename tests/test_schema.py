"""The JSON Schemas of the package and profile formats, generated from the model."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import catalogue
from sendpath.cli import main
from sendpath.errors import DataError
from sendpath.io import structure, unstructure
from sendpath.io._files import MANIFEST, record_files
from sendpath.io.output import dumps
from sendpath.io.schema import package_schema, profile_schema
from sendpath.model import RECORD_TABLES

ROOT = Path(__file__).parent.parent
CHECK = jsonschema.FormatChecker()
PACKAGE = jsonschema.Draft202012Validator(package_schema(), format_checker=CHECK)
PROFILE = jsonschema.Draft202012Validator(profile_schema(), format_checker=CHECK)


def _as_json(value: Any) -> Any:
    """What a TOML-to-JSON step makes of a parsed TOML document: dates as ISO text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _errors(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:120]}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("schema", [package_schema(), profile_schema()])
def test_the_schemas_are_valid_json_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("name", "build", "flag"), [
    ("package.schema.json", package_schema, []), ("profile.schema.json", profile_schema,
                                                   ["--profile"])])
def test_the_shipped_schemas_are_current(name: str, build: Any, flag: list[str]) -> None:
    shipped = resources.files("sendpath") / "schemas" / name
    assert shipped.read_text(encoding="utf-8") == dumps(build()), (
        f"stale: run `sendpath schema {' '.join(flag)} -o src/sendpath/schemas/{name}`")


def test_the_cli_prints_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == package_schema()
    assert main(["schema", "--profile"]) == 0
    assert json.loads(capsys.readouterr().out) == profile_schema()


def _shipped_files() -> list[tuple[str, Any]]:
    root = catalogue._shipped_root("england")
    return [(MANIFEST, root / MANIFEST), *record_files(root)]


@pytest.mark.parametrize(("rel", "item"), _shipped_files(), ids=[r for r, _ in _shipped_files()])
def test_every_shipped_file_is_valid(rel: str, item: Any) -> None:
    doc = _as_json(tomllib.loads(item.read_text(encoding="utf-8")))
    assert _errors(PACKAGE, doc) == []


def _profiles() -> list[Path]:
    found = [*(ROOT / "tests" / "golden" / "profiles").glob("*.toml"),
             *(ROOT / "docs").rglob("*.toml")]
    return sorted(p for p in found if p.name != MANIFEST and "[[" in p.read_text()
                  and not any(t in p.read_text() for t in ("[[role]]", "[[qualification]]",
                                                            "[[crosswalk]]", "[[source]]",
                                                            "[[case]]")))


@pytest.mark.parametrize("path", _profiles(), ids=lambda p: p.name)
def test_every_example_profile_is_valid(path: Path) -> None:
    sendpath.load_profile(path, catalogue=sendpath.load_default())  # it loads ...
    assert _errors(PROFILE, _as_json(tomllib.loads(path.read_text()))) == []  # ... and checks


def test_there_are_example_profiles_to_check() -> None:
    assert len(_profiles()) >= 5


def _records() -> list[tuple[str, Any]]:
    cat = sendpath.load_default()
    table_of = {cls: t for t, cls in RECORD_TABLES.items()}
    tops = [*catalogue._top_level(cat), *cat.crosswalks]
    return [(table_of[type(r)], r) for r in tops]


RECORDS = _records()


@settings(max_examples=60)
@given(st.sampled_from(RECORDS), st.data())
def test_schema_and_loader_agree_on_broken_records(pick: tuple[str, Any],
                                                   data: st.DataObject) -> None:
    """Whatever breaks a record's shape (a key unknown, removed or of the wrong type), both the
    schema and the loader refuse it."""
    table, record = pick
    doc = _as_json(unstructure(record))
    assert _errors(PACKAGE, {table: [doc]}) == []
    how = data.draw(st.sampled_from(["unknown", "missing", "wrong-type"]))
    key = data.draw(st.sampled_from(sorted(doc)))
    broken = dict(doc)
    if how == "unknown":
        broken[key + "_x"] = 1
    elif how == "missing":
        required = package_schema()["$defs"][type(record).__name__].get("required", [])
        key = data.draw(st.sampled_from(required))
        del broken[key]
    else:
        broken[key] = {"a": [1]} if not isinstance(doc[key], dict) else 7
    assert _errors(PACKAGE, {table: [broken]}), broken
    with pytest.raises(DataError):
        structure(_from_json(broken, type(record)), type(record))


def _from_json(doc: dict[str, Any], cls: type) -> dict[str, Any]:
    """The document as the TOML parser gives it (dates as dates), for the loader."""
    def back(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: back(v) for k, v in value.items()}
        if isinstance(value, list):
            return [back(v) for v in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value
    return back(doc)


@pytest.mark.parametrize("requirement", [
    {"any": ["qual:a"], "all": ["qual:b"]},            # two node keys
    {"at_least": {"n": 0, "of": ["qual:a"]}},          # n below 1
    {"at_least": {"n": 1, "of": ["qual:a"], "in_force": {"from": "2020-01-01"}}},  # inside
    {"holds": "role:x"},                               # a role is not held
    {"experience": {"colour": "red"}, "months": 12},   # no such scope key
    "qts",                                             # a short name: packages need full ids
])
def test_bad_requirements_are_refused(requirement: Any) -> None:
    doc = {"role": [{"id": "role:x", "title": "X", "sources": [{"source": "source:s"}],
                     "requires": requirement}]}
    assert _errors(PACKAGE, doc)


def test_a_written_import_is_valid(tmp_path: Path) -> None:
    from sendpath.interop import Imported, write_package

    cat = sendpath.load_default()
    src = next(iter(cat.sources.values()))
    out = write_package(Imported(name="x", title="X", records=(src,)), tmp_path / "x",
                        check=False)
    for f in out.glob("*.json"):
        assert _errors(PACKAGE, json.loads(f.read_text())) == [], f.name


def test_profile_ids_may_be_short_names_but_not_of_another_form() -> None:
    assert _errors(PROFILE, {"holds": [{"id": "npq-senco", "awarded": "2025-07-01"}]}) == []
    assert _errors(PROFILE, {"holds": [{"id": "role:senco"}]})
    assert _errors(PROFILE, {"holds": [{"id": "qual:x", "awarded": "2025-02-30"}]})
