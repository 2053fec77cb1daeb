"""The error hierarchy, Problem locations and DataError's rendering."""

from __future__ import annotations

import pickle

import pytest

import sendpath
from sendpath.errors import (
    MAX_SHOWN,
    AmbiguousIdError,
    DataError,
    NoRouteError,
    Problem,
    SendpathError,
    UnknownIdError,
    WriteError,
    safe_repr,
)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (UnknownIdError, LookupError),
        (AmbiguousIdError, LookupError),
        (DataError, ValueError),
        (WriteError, OSError),
    ],
)
def test_leaves_subclass_the_fitting_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, SendpathError)
    assert issubclass(cls, builtin)


def test_every_error_is_a_sendpath_error() -> None:
    for cls in (UnknownIdError, AmbiguousIdError, DataError, NoRouteError, WriteError):
        assert issubclass(cls, SendpathError)
    assert issubclass(AmbiguousIdError, UnknownIdError)
    assert not issubclass(NoRouteError, (LookupError, ValueError))


def test_errors_are_exported_from_the_package() -> None:
    assert sendpath.DataError is DataError
    assert sendpath.UnknownIdError is UnknownIdError
    assert sendpath.Problem is Problem


def test_unknown_id_message_and_attributes() -> None:
    err = UnknownIdError("sencoo", kind="role", candidates=["role:senco", "role:sen"])
    assert err.ref == "sencoo"
    assert err.kind == "role"
    assert err.candidates == ("role:senco", "role:sen")
    assert str(err) == "unknown role id 'sencoo' (did you mean role:senco or role:sen?)"


def test_unknown_id_without_candidates_has_no_hint() -> None:
    assert str(UnknownIdError("zzz")) == "unknown id 'zzz'"


def test_unknown_id_quotes_hostile_text_safely() -> None:
    err = UnknownIdError("a\u202eb\x1b[31m" + "x" * 200)
    text = str(err)
    assert "\u202e" not in text
    assert "\x1b" not in text
    assert len(text) < 100


def test_ambiguous_id_message_lists_candidates() -> None:
    err = AmbiguousIdError("senco", candidates=["qual:senco", "role:senco"])
    assert str(err) == "ambiguous id 'senco': it could be qual:senco or role:senco"
    assert err.candidates == ("qual:senco", "role:senco")


def test_problem_where_leaves_out_what_is_unknown() -> None:
    assert Problem(code="c", message="m").where() == "<input>"
    assert Problem(code="c", message="m", file="a.toml").where() == "a.toml"
    assert Problem(code="c", message="m", file="a.toml", line=3).where() == "a.toml:3"
    assert Problem(code="c", message="m", file="a.toml", line=3, column=7).where() == "a.toml:3:7"
    # a column without a line means nothing on its own
    assert Problem(code="c", message="m", file="a.toml", column=7).where() == "a.toml"


def test_problem_str_names_file_record_field_and_code() -> None:
    p = Problem(code="wrong-type", message="expected a string", file="roles.toml",
                record="role:x", field="title", line=4)
    assert str(p) == "roles.toml:4: role:x: title: expected a string [wrong-type]"


def test_problem_to_dict_drops_empty_fields() -> None:
    p = Problem(code="syntax", message="bad", file="a.json", line=1, column=2)
    assert p.to_dict() == {"code": "syntax", "message": "bad", "file": "a.json", "line": 1,
                           "column": 2}


def test_problem_is_frozen_and_keyword_only() -> None:
    p = Problem(code="c", message="m")
    with pytest.raises(AttributeError):
        p.code = "d"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Problem("c", "m")  # type: ignore[misc]


def test_data_error_keeps_every_problem_in_order() -> None:
    problems = [Problem(code=f"c{i}", message=f"m{i}", file="f.toml") for i in range(3)]
    err = DataError(problems)
    assert err.problems == tuple(problems)
    lines = str(err).splitlines()
    assert lines[0] == "3 problems in the data:"
    assert lines[1:] == [f"  f.toml: m{i} [c{i}]" for i in range(3)]


def test_data_error_singular_header() -> None:
    assert str(DataError([Problem(code="c", message="m")])).startswith("1 problem in the data:")


def test_data_error_caps_what_it_shows_but_keeps_all() -> None:
    n = MAX_SHOWN + 7
    err = DataError(Problem(code="c", message=f"m{i}") for i in range(n))
    assert len(err.problems) == n
    lines = str(err).splitlines()
    assert len(lines) == 1 + MAX_SHOWN + 1
    assert lines[-1] == "  ... and 7 more (use --json to see them all)"


def test_data_error_is_catchable_as_value_error() -> None:
    with pytest.raises(ValueError, match="1 problem"):
        raise DataError([Problem(code="c", message="m")])


def test_errors_pickle() -> None:
    err = DataError([Problem(code="c", message="m", file="f")])
    again = pickle.loads(pickle.dumps(err))  # noqa: S301  (our own object)
    assert again.problems == err.problems
    assert str(again) == str(err)
    unknown = pickle.loads(pickle.dumps(UnknownIdError("x", candidates=["role:x"])))  # noqa: S301
    assert unknown.candidates == ("role:x",)
    assert str(unknown) == "unknown id 'x' (did you mean role:x?)"
    ambiguous = pickle.loads(pickle.dumps(AmbiguousIdError("s", candidates=["qual:s", "role:s"])))  # noqa: S301
    assert type(ambiguous) is AmbiguousIdError
    assert str(ambiguous) == "ambiguous id 's': it could be qual:s or role:s"


def testsafe_repr_truncates_and_escapes() -> None:
    assert safe_repr("abc") == "'abc'"
    long = safe_repr("x" * 500)
    assert len(long) == 60
    assert long.endswith("...")
    assert "\x00" not in safe_repr("a\x00b")
    assert safe_repr(10**5000) == "<huge int>"
    assert safe_repr(-(10**5000)) == "<huge int>"
