"""Parsing bytes into documents: every failure is a DataError naming the file and the place."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.errors import DataError, Problem
from sendpath.io import _parse
from sendpath.io._parse import MAX_BYTES, format_of, parse


def one(data: bytes, name: str) -> Problem:
    with pytest.raises(DataError) as info:
        parse(data, name=name)
    assert len(info.value.problems) == 1
    p = info.value.problems[0]
    assert p.file == name
    return p


def test_toml_and_json_parse_to_tables() -> None:
    assert parse(b'name = "england"\n[t]\nn = 1\n', name="p.toml") == {
        "name": "england", "t": {"n": 1}}
    assert parse(b'{"name": "england", "n": [1, 2.5, true, null]}', name="p.json") == {
        "name": "england", "n": [1, 2.5, True, None]}


def test_format_by_suffix_or_explicit() -> None:
    assert format_of("a/b/roles.toml") == "toml"
    assert format_of("ROLES.JSON") == "json"
    assert parse(b'{"a": 1}', name="noext", fmt="json") == {"a": 1}
    p = one(b"a = 1", "roles.yaml")
    assert p.code == "unsupported-format"
    assert "roles.yaml" in p.message
    assert ".json and .toml" in p.message


def test_wrong_content_for_the_suffix_is_a_syntax_error_of_the_declared_format() -> None:
    p = one(b'name = "x"\n', "roles.json")
    assert (p.code, p.line, p.column) == ("syntax", 1, 1)


# --- syntax errors carry file:line:column ----------------------------------------------------


@pytest.mark.parametrize(("data", "line", "column"), [
    (b"a = 1\nb = \n", 2, 5),
    (b'[t]\nx = "unterminated\n', 2, 18),  # tomllib points past the text
    (b"a = \x00", 1, 5),
])
def test_toml_syntax_errors_give_line_and_column(data: bytes, line: int, column: int) -> None:
    p = one(data, "roles.toml")
    assert p.code == "syntax"
    assert (p.line, p.column) == (line, column)
    assert "(at line" not in p.message  # the position is in the fields, not repeated
    assert p.where() == f"roles.toml:{line}:{column}"


@pytest.mark.parametrize(("data", "line", "column"), [
    (b'{"a": 1,}', 1, 9),
    (b'{\n  "a": 1,\n}', 3, 1),
    (b'{"a": 1} // comment', 1, 10),
    (b'{"a": [1, 2', 1, 12),
    (b'{"a": 1}\n{"b": 2}', 2, 1),
    (b"{'a': 1}", 1, 2),
])
def test_json_syntax_errors_give_line_and_column(data: bytes, line: int, column: int) -> None:
    p = one(data, "roles.json")
    assert p.code == "syntax"
    assert (p.line, p.column) == (line, column)


def test_json_duplicate_keys_are_rejected() -> None:
    p = one(b'{"id": "a", "id": "b"}', "roles.json")
    assert p.code == "duplicate-key"
    assert "'id'" in p.message
    p = one(b'{"role": [{"id": "a", "title": "x", "title": "y"}]}', "roles.json")
    assert p.code == "duplicate-key"
    assert "'title'" in p.message


@pytest.mark.parametrize(("data", "line", "column"), [
    (b"a = 1\na = 2\n", 2, 6),
    (b"[[role]]\nid = 'x'\n[role]\n", 3, 6),
])
def test_toml_keys_given_twice_are_duplicate_keys_as_in_json(data: bytes, line: int,
                                                              column: int) -> None:
    p = one(data, "roles.toml")
    assert (p.code, p.line, p.column) == ("duplicate-key", line, column)


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity"])
def test_json_non_finite_numbers_read_as_tomls_do(token: bytes) -> None:
    # As TOML's nan and inf: a number, refused (non-finite-number) at its field when structured.
    value = parse(b'{"hours": ' + token + b"}", name="a.json")["hours"]
    assert not math.isfinite(value)


def test_huge_integers_are_a_clean_problem() -> None:
    assert one(b'{"a": ' + b"9" * 5000 + b"}", "a.json").code == "invalid-value"
    assert one(b"a = " + b"9" * 5000, "a.toml").code == "invalid-value"


@pytest.mark.parametrize(("data", "name"), [
    (b"a = " + b"[" * 10000, "deep.toml"),
    (b"[" * 100000, "deep.json"),
    (b'{"a":' * 100000, "deep.json"),
])
def test_runaway_nesting_is_a_clean_problem(data: bytes, name: str) -> None:
    assert one(data, name).code == "too-deep"


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "line"), [
    ("a.toml", b'a = "x"\nb = "caf\xe9"\n', 2),
    ("a.json", b'{\n"a": "x",\n\n"b": "caf\xe9"}', 4),
    ("a.toml", b"\xff\xfe", 1),
])
def test_bad_utf8_names_the_line(name: str, data: bytes, line: int) -> None:
    p = one(data, name)
    assert p.code == "bad-encoding"
    assert p.line == line
    assert "UTF-8" in p.message


def test_bad_utf8_names_the_byte() -> None:
    p = one(b'a = "caf\xe9"', "a.toml")
    assert "byte 8 (0xe9)" in p.message


@pytest.mark.parametrize(("name", "data"), [
    ("a.toml", b'\xef\xbb\xbfname = "x"\n'),
    ("a.json", b'\xef\xbb\xbf{"name": "x"}'),
])
def test_a_utf8_bom_is_accepted(name: str, data: bytes) -> None:
    assert parse(data, name=name) == {"name": "x"}


def test_utf16_is_not_utf8() -> None:
    p = one('{"a": 1}'.encode("utf-16"), "a.json")
    assert p.code == "bad-encoding"


# --- empty, wrong top level, too large -------------------------------------------------------


@pytest.mark.parametrize("name", ["a.toml", "a.json"])
@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_a_problem_in_both_formats(name: str, data: bytes) -> None:
    p = one(data, name)
    assert (p.code, p.message) == ("empty-document", "the file is empty")


def test_a_toml_file_of_only_comments_is_an_empty_document() -> None:
    # As an empty file is (issue 19): a file of comments holds no document either.
    p = one(b"# nothing here\n\n  # nor here\n", "a.toml")
    assert (p.code, p.message) == ("empty-document", "the file holds only comments")


@pytest.mark.parametrize(("data", "got"), [
    (b"[1, 2]", "list"), (b'"hello"', "str"), (b"null", "NoneType"), (b"3", "int"),
])
def test_the_top_level_must_be_a_table(data: bytes, got: str) -> None:
    p = one(data, "a.json")
    assert p.code == "wrong-type"
    assert p.message == f"the top level must be a table, not {got}"


def test_an_oversized_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_BYTES == 16 * 1024 * 1024
    monkeypatch.setattr(_parse, "MAX_BYTES", 2 * 1024 * 1024)
    p = one(b"#" * (2 * 1024 * 1024 + 1), "big.toml")
    assert p.code == "too-large"
    assert "2 MiB" in p.message
    # exactly at the limit is fine
    assert parse(b"a = 1\n" + b"#" * (2 * 1024 * 1024 - 6), name="ok.toml") == {"a": 1}


def test_the_real_limit_applies() -> None:
    p = one(b" " * (MAX_BYTES + 1), "big.json")
    assert p.code == "too-large"


# --- only DataError escapes ------------------------------------------------------------------


@given(st.binary(max_size=200), st.sampled_from(["a.toml", "a.json"]))
def test_arbitrary_bytes_give_a_table_or_a_data_error(data: bytes, name: str) -> None:
    problems: tuple[Problem, ...] = ()
    try:
        doc = parse(data, name=name)
    except DataError as exc:
        problems = exc.problems
        assert problems
        assert all(p.file == name for p in problems)
    else:
        assert isinstance(doc, dict)


@given(st.text(max_size=200), st.sampled_from(["a.toml", "a.json"]))
def test_arbitrary_text_gives_a_table_or_a_data_error(text: str, name: str) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be in a file
        return
    try:
        doc = parse(data, name=name)
    except DataError as exc:
        problems = exc.problems
    else:
        assert isinstance(doc, dict)
        return
    assert problems
    assert all(p.file == name for p in problems)
