"""The strict private converter: no coercion, unknown keys rejected, every problem located."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import cattrs
import pytest

from sendpath.errors import DataError, Problem
from sendpath.io._converter import converter, structure, unstructure
from sendpath.model import (
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AtLeast,
    Citation,
    Experience,
    Framework,
    Holds,
    InRole,
    MinCredits,
    MinHours,
    Obligation,
    PackageInfo,
    Period,
    PriorServiceOver,
    Qualification,
    Ref,
    Requirement,
    Role,
    Scale,
    Source,
)

CITES = [{"source": "source:x"}]


def problems(value: Any, cl: Any) -> list[Problem]:
    with pytest.raises(DataError) as info:
        structure(value, cl)
    return list(info.value.problems)


def one(value: Any, cl: Any) -> Problem:
    found = problems(value, cl)
    assert len(found) == 1, found
    return found[0]


def role(**kw: Any) -> dict[str, Any]:
    return {"id": "role:x", "title": "X", "sources": CITES, **kw}


def qual(**kw: Any) -> dict[str, Any]:
    return {"id": "qual:x", "title": "X", "kind": "npq", "sources": CITES, **kw}


# --- no coercion -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "got"), [
    (5, "int 5"),
    (5.5, "float 5.5"),
    (True, "true"),
    (None, "NoneType None"),
    (["X"], "a list"),
    ({"a": 1}, "a table"),
    (dt.date(2024, 1, 1), "date"),
])
def test_a_string_field_takes_only_a_string(value: Any, got: str) -> None:
    p = one(role(title=value), Role)
    assert (p.code, p.field) == ("wrong-type", "title")
    assert p.message.startswith("expected a string, got ")
    assert got in p.message


@pytest.mark.parametrize(("value", "got"), [
    ("5", "the string '5'"),
    (5.0, "float 5.0"),
    (True, "true"),
    (False, "false"),
    (None, "NoneType None"),
])
def test_an_int_field_takes_only_an_int(value: Any, got: str) -> None:
    p = one(qual(months=value), Qualification) if value is not None else None
    if p is None:  # None is how JSON spells "not given" for an optional field
        assert structure(qual(months=None), Qualification).months is None
        p = one({"n": value, "of": ["qual:a"]}, MinHours)
        assert p.field == "n"
    else:
        assert p.field == "months"
    assert p.code == "wrong-type"
    assert p.message == f"expected an integer, got {got}"


@pytest.mark.parametrize("value", [1, 0, "true", "yes", None])
def test_a_bool_field_takes_only_a_bool(value: Any) -> None:
    p = one(role(entry_point=value), Role)
    assert (p.code, p.field) == ("wrong-type", "entry_point")
    assert p.message.startswith("expected true or false, got")


@pytest.mark.parametrize("value", ["1.5", True, float("nan"), float("inf"), -float("inf")])
def test_a_number_field_refuses_strings_bools_and_non_finite(value: Any) -> None:
    p = one(qual(hours=value), Qualification)
    code = "wrong-type" if isinstance(value, (str, bool)) else "non-finite-number"
    assert (p.code, p.field) == (code, "hours")


def test_a_number_field_takes_ints_and_floats_as_they_are() -> None:
    assert structure(qual(hours=30), Qualification).hours == 30
    assert type(structure(qual(hours=30), Qualification).hours) is int
    assert structure(qual(hours=1.5), Qualification).hours == 1.5


@pytest.mark.parametrize("value", ["area:all", {"a": 1}, 5, ("area:all",)])
def test_a_list_field_takes_only_a_list(value: Any) -> None:
    p = one(role(areas=value), Role)
    assert (p.code, p.field) == ("wrong-type", "areas")
    assert p.message.startswith("expected a list, got")


def test_list_items_are_strict_too() -> None:
    p = one(role(areas=["area:a", 5]), Role)
    assert (p.code, p.field) == ("wrong-type", "areas[1]")


@pytest.mark.parametrize("value", [5, "x", None, ["a"]])
def test_a_table_field_takes_only_a_table(value: Any) -> None:
    p = one(role(sources=[value]), Role)
    assert (p.code, p.field) == ("wrong-type", "sources[0]")
    assert p.message.startswith("expected a table (citation), got")


@pytest.mark.parametrize("value", [None, [], "role", 5])
def test_the_top_level_must_be_a_table(value: Any) -> None:
    p = one(value, Role)
    assert p.code == "wrong-type"
    assert p.field is None
    assert p.message.startswith("expected a table (role), got")


def test_null_is_not_given_for_optional_fields_only() -> None:
    assert structure(role(requires=None), Role).requires is None
    p = one(role(title=None), Role)
    assert (p.code, p.field) == ("wrong-type", "title")


# --- unknown and missing keys ----------------------------------------------------------------


def test_unknown_key_with_did_you_mean() -> None:
    p = one({"id": "role:x", "titel": "X", "title": "X", "sources": CITES}, Role)
    assert (p.code, p.field) == ("unknown-field", "titel")
    assert p.message == "unknown field 'titel' (did you mean 'title'?)"


def test_unknown_key_suggests_the_data_format_name_not_the_python_one() -> None:
    p = one(role(obligations=[]), Role)
    assert (p.code, p.field) == ("unknown-field", "obligations")
    assert "did you mean 'obligation'?" in p.message


def test_unknown_key_without_anything_close() -> None:
    p = one({"source": "source:x", "zzzzz": 1}, Citation)
    assert p.message == "unknown field 'zzzzz'"


def test_every_unknown_key_is_reported() -> None:
    found = problems({"source": "source:x", "b": 1, "a": 2}, Citation)
    assert [(p.code, p.field) for p in found] == [("unknown-field", "a"), ("unknown-field", "b")]


def test_unknown_key_in_a_nested_table() -> None:
    p = one(role(sources=[{"source": "source:x", "locatr": "p. 1"}]), Role)
    assert (p.code, p.field) == ("unknown-field", "sources[0].locatr")
    assert "did you mean 'locator'?" in p.message


@pytest.mark.parametrize("field", ["id", "title", "sources"])
def test_missing_field(field: str) -> None:
    record = role()
    del record[field]
    p = one(record, Role)
    assert (p.code, p.field, p.message) == ("missing-field", field, "required field missing")


def test_missing_nested_field() -> None:
    p = one(role(obligation=[{"anchor": "appointed", "due": {"years": 3}}]), Role)
    assert (p.code, p.field) == ("missing-field", "obligation[0].requires")


def test_several_problems_in_one_record_are_all_reported() -> None:
    record = {"id": 5, "titel": "X", "kind": "npq", "sources": CITES, "months": "18",
              "areas": "area:all"}
    found = problems(record, Qualification)
    got = {(p.code, p.field) for p in found}
    assert got == {("wrong-type", "id"), ("missing-field", "title"), ("unknown-field", "titel"),
                   ("wrong-type", "months"), ("wrong-type", "areas")}
    assert len(found) == 5


def test_problems_in_several_nested_records_are_all_reported() -> None:
    record = role(sources=[{"source": 1}, {"source": "source:y", "page": 2}],
                  obligation=[{"anchor": "appointed", "due": {"years": "3"}, "requires": 5}])
    got = {(p.code, p.field) for p in problems(record, Role)}
    assert got == {("wrong-type", "sources[0].source"), ("unknown-field", "sources[1].page"),
                   ("wrong-type", "obligation[0].due.years"),
                   ("wrong-type", "obligation[0].requires")}


def test_validator_problems_name_the_field_in_the_data_format() -> None:
    p = one(role(obligation=[{"anchor": "teaches_class", "due": {"years": 3},
                              "requires": "qual:a"}]), Role)
    assert (p.code, p.field) == ("invalid-value", "obligation[0].need")
    p = one({"id": "scale:s", "title": "S", "sources": CITES, "level": []}, Scale)
    assert (p.code, p.field) == ("invalid-value", "level")
    p = one({"id": "qual:x", "title": "X", "kind": "course", "sources": CITES}, Qualification)
    assert (p.code, p.field) == ("invalid-value", "kind")


def test_wrong_record_kind_is_reported_on_id() -> None:
    p = one(qual(id="role:x"), Qualification)
    assert (p.code, p.field, p.message) == ("invalid-value", "id", "'role:x' is not a qual id")


# --- dates -----------------------------------------------------------------------------------


def test_dates_from_toml_are_dates() -> None:
    doc = tomllib.loads("appointed_after = 2009-09-01")
    assert structure(doc, AppointedAfter).appointed_after == dt.date(2009, 9, 1)


def test_dates_from_json_are_iso_strings() -> None:
    assert structure({"appointed_after": "2009-09-01"}, AppointedAfter).appointed_after == (
        dt.date(2009, 9, 1))


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10"])
def test_impossible_dates_are_rejected(value: str) -> None:
    p = one({"appointed_after": value}, AppointedAfter)
    assert (p.code, p.field) == ("wrong-type", "appointed_after")
    assert "is not a real date" in p.message
    assert value in p.message


def test_leap_day_is_a_real_date() -> None:
    assert structure({"appointed_after": "2024-02-29"}, AppointedAfter).appointed_after == (
        dt.date(2024, 2, 29))


@pytest.mark.parametrize("value", [
    "2024-2-3", "20240203", "2024-02-03T00:00:00", "03/02/2024", " 2024-02-03", "2024-02-03\n",
    "", 20240203, None, dt.datetime(2024, 2, 3, 12, 0), dt.time(12, 0),
    "\uff12\uff10\uff12\uff14-02-03",
])
def test_other_date_forms_are_rejected(value: Any) -> None:
    p = one({"appointed_after": value}, AppointedAfter)
    assert (p.code, p.field) == ("wrong-type", "appointed_after")
    assert "date" in p.message


def test_toml_date_time_is_not_a_date() -> None:
    doc = tomllib.loads("appointed_after = 2009-09-01T10:00:00")
    p = one(doc, AppointedAfter)
    assert "got the date-time 2009-09-01T10:00:00" in p.message


# --- requirement nodes -----------------------------------------------------------------------

D = dt.date(2024, 9, 1)

#: Every node form of DESIGN's grammar table, as written in TOML (dates as TOML dates).
FORMS: list[tuple[str, Any]] = [
    ('r = "qual:qts"', Ref(id="qual:qts")),
    ('r = "role:teacher"', Ref(id="role:teacher")),
    ('r = { all = ["qual:qts", "qual:induction"] }',
     AllOf(items=(Ref(id="qual:qts"), Ref(id="qual:induction")))),
    ('r = { any = ["qual:qts"] }', AnyOf(items=(Ref(id="qual:qts"),))),
    ('r = { at_least = { n = 2, of = ["qual:a", "qual:b", { in_role = "role:c" }] } }',
     AtLeast(n=2, of=(Ref(id="qual:a"), Ref(id="qual:b"), InRole(in_role="role:c")))),
    ('r = { holds = "qual:nasenco" }', Holds(holds="qual:nasenco")),
    ('r = { holds = "qual:nasenco", started_before = 2024-09-01, started_on_or_after = '
     '2009-09-01, completed_before = 2027-09-01, valid_for_months = 36, '
     'unless_not_required = true }',
     Holds(holds="qual:nasenco", started_before=D, started_on_or_after=dt.date(2009, 9, 1),
           completed_before=dt.date(2027, 9, 1), valid_for_months=36,
           unless_not_required=True)),
    ('r = { in_role = "role:teacher" }', InRole(in_role="role:teacher")),
    ('r = { experience = { role = "role:teacher" }, months = 24 }',
     Experience(role="role:teacher", months=24)),
    ('r = { experience = { kind = "children-and-young-people" }, hours = 100 }',
     Experience(kind="children-and-young-people", hours=100)),
    ('r = { min_hours = { n = 30, of = ["activity:a", "qual:b"], within_months = 36 } }',
     MinHours(n=30, of=("activity:a", "qual:b"), within_months=36)),
    ('r = { min_credits = { n = 60, of = ["qual:nasenco"] } }',
     MinCredits(n=60, of=("qual:nasenco",))),
    ("r = { appointed_on_or_before = 2009-09-01 }",
     AppointedOnOrBefore(appointed_on_or_before=dt.date(2009, 9, 1))),
    ("r = { appointed_after = 2009-09-01 }",
     AppointedAfter(appointed_after=dt.date(2009, 9, 1))),
    ('r = { prior_service_over = { role = "role:senco", months = 12 } }',
     PriorServiceOver(role="role:senco", months=12)),
]


@pytest.mark.parametrize(("toml", "expected"), FORMS, ids=[f[0][4:30] for f in FORMS])
def test_every_requirement_form_structures(toml: str, expected: Any) -> None:
    raw = tomllib.loads(toml)["r"]
    node = structure(raw, Requirement)
    assert node == expected
    # and the data form comes back (with dates as ISO strings, as JSON carries them)
    assert structure(unstructure(node), Requirement) == expected


def test_the_senco_record_of_design_structures() -> None:
    doc = tomllib.loads('''
[[role]]
id = "role:senco"
title = "Special educational needs co-ordinator (SENCO)"
areas = ["area:all"]
sources = [{ source = "source:send-regs-2014-reg49", locator = "reg. 49(1)-(4), (7)" },
           { source = "source:si-2024-535" }]
requires = { any = [
  { all = ["qual:qts",
           { holds = "qual:induction", unless_not_required = true },
           { in_role = "role:teacher" }] },
  { in_role = "role:headteacher" },
] }

[[role.obligation]]
anchor = "appointed"
due = { years = 3 }
exempt = { any = [ { appointed_on_or_before = 2009-09-01 },
                   { prior_service_over = { role = "role:senco", months = 12 } } ] }
requires = { any = [
  { holds = "qual:npq-senco", started_on_or_after = 2024-09-01 },
  { holds = "qual:nasenco", started_before = 2024-09-01, completed_before = 2027-09-01 },
] }
''')
    senco = structure(doc["role"][0], Role)
    assert senco.requires == AnyOf(items=(
        AllOf(items=(Ref(id="qual:qts"), Holds(holds="qual:induction", unless_not_required=True),
                     InRole(in_role="role:teacher"))),
        InRole(in_role="role:headteacher"),
    ))
    assert senco.obligations == (Obligation(
        anchor="appointed", due=Period(years=3),
        exempt=AnyOf(items=(AppointedOnOrBefore(appointed_on_or_before=dt.date(2009, 9, 1)),
                            PriorServiceOver(role="role:senco", months=12))),
        requires=AnyOf(items=(
            Holds(holds="qual:npq-senco", started_on_or_after=D),
            Holds(holds="qual:nasenco", started_before=D, completed_before=dt.date(2027, 9, 1)),
        )),
    ),)


@pytest.mark.parametrize(("raw", "code", "field", "words"), [
    ("qts", "invalid-requirement", None, "'qts' is not an id"),
    ("Qual:QTS", "invalid-requirement", None, "is not an id"),
    ("area:all", "invalid-value", "id", "is not a qual or activity or role or outcome id"),
    (5, "wrong-type", None, "expected an id or a requirement table, got int 5"),
    (["qual:a"], "wrong-type", None, "got a list"),
    ({}, "invalid-requirement", None, "got no keys"),
    ({"hold": "qual:a"}, "invalid-requirement", None, "did you mean 'holds'?"),
    ({"holds": "qual:a", "in_role": "role:b"}, "invalid-requirement", None,
     "got holds, in_role"),
    ({"holds": "qual:a", "startd_before": "2024-01-01"}, "unknown-field", "startd_before",
     "did you mean 'started_before'?"),
    ({"any": []}, "invalid-value", "any", "non-empty list"),
    ({"all": "qual:a"}, "wrong-type", "all", "expected a list"),
    ({"at_least": {"n": 3, "of": ["qual:a"]}}, "invalid-value", "at_least.n",
     "asks for 3 of only 1 items"),
    ({"at_least": {"n": "2", "of": ["qual:a", "qual:b"]}}, "wrong-type", "at_least.n",
     "expected an integer"),
    ({"at_least": ["qual:a"]}, "wrong-type", "at_least", "expected a table"),
    ({"min_hours": {"n": 30}}, "missing-field", "min_hours.of", "required field missing"),
    ({"min_hours": {"n": 30, "of": ["activity:a"]}, "within": 3}, "unknown-field", "within",
     "unknown field 'within'"),
    ({"experience": "role:t", "months": 3}, "wrong-type", "experience", "expected a table"),
    ({"experience": {"role": "role:t", "rol": "x"}, "months": 3}, "unknown-field",
     "experience.rol", "unknown field 'rol'"),
    ({"experience": {"role": "role:t"}}, "invalid-value", "months",
     "exactly one of months or hours"),
    ({"experience": {"role": "role:t"}, "months": 3, "years": 1}, "unknown-field", "years",
     "unknown field 'years'"),
    ({"prior_service_over": {"role": "role:senco"}}, "missing-field",
     "prior_service_over.months", "required field missing"),
    ({"appointed_after": "1 Sept 2009"}, "wrong-type", "appointed_after", "expected a date"),
])
def test_bad_requirements_give_a_clear_problem(raw: Any, code: str, field: str | None,
                                               words: str) -> None:
    p = one(raw, Requirement)
    assert (p.code, p.field) == (code, field)
    assert words in p.message


def test_bad_requirement_deep_in_a_record_is_located() -> None:
    record = role(obligation=[{"anchor": "appointed", "due": {"years": 3}, "requires": {
        "any": ["qual:a", {"holds": "qual:b", "started_before": "2024-02-30"}, "b a d"]}}])
    found = problems(record, Role)
    assert [(p.code, p.field) for p in found] == [
        ("wrong-type", "obligation[0].requires.any[1].started_before"),
        ("invalid-requirement", "obligation[0].requires.any[2]"),
    ]


def test_requirement_is_required_where_the_field_is() -> None:
    p = one({"anchor": "appointed", "due": {"years": 3}, "requires": None}, Obligation)
    assert p.field == "requires"


# --- other classes and the converter itself ---------------------------------------------------


def test_renamed_keys_structure() -> None:
    fw = structure({"id": "fw:f", "title": "F", "sources": CITES,
                    "outcome": [{"id": "outcome:f/1", "title": "O", "sources": CITES}]},
                   Framework)
    assert fw.outcomes[0].id == "outcome:f/1"
    p = one({"id": "fw:f", "title": "F", "sources": CITES, "outcomes": []}, Framework)
    assert p.code == "unknown-field"
    assert "did you mean 'outcome'?" in p.message


def test_package_info_format_version_is_strict() -> None:
    p = one({"name": "x", "format_version": 2, "data_version": "1"}, PackageInfo)
    assert (p.code, p.field) == ("invalid-value", "format_version")
    p = one({"name": "x", "format_version": "1", "data_version": "1"}, PackageInfo)
    assert (p.code, p.field) == ("wrong-type", "format_version")


def test_source_structures_and_unstructures() -> None:
    raw = {"id": "source:s", "title": "S", "publisher": "P", "kind": "legislation",
           "urls": ["https://example.org"], "published": "2024-05-01"}
    s = structure(raw, Source)
    assert s.published == dt.date(2024, 5, 1)
    assert unstructure(s) == raw


def test_unstructure_leaves_out_defaults_and_uses_data_format_keys() -> None:
    r = structure(role(obligation=[{"anchor": "appointed", "due": {"years": 3},
                                    "requires": "qual:a"}]), Role)
    out = unstructure(r)
    assert out == role(obligation=[{"anchor": "appointed", "due": {"years": 3},
                                    "requires": "qual:a"}])
    assert "obligations" not in out
    assert "description" not in out


def test_unstructure_a_requirement_node_gives_its_data_form() -> None:
    assert unstructure(Ref(id="qual:qts")) == "qual:qts"
    assert unstructure(AllOf(items=(Ref(id="qual:a"),))) == {"all": ["qual:a"]}
    assert unstructure(Holds(holds="qual:a", started_before=D)) == {
        "holds": "qual:a", "started_before": "2024-09-01"}


def test_converter_is_private_and_built_once() -> None:
    assert converter() is converter()
    assert converter() is not cattrs.global_converter
    # cattrs' own converter still coerces; ours must not have changed it
    assert cattrs.structure(5, str) == "5"


def test_structure_raises_only_data_error_for_junk() -> None:
    for junk in (object(), b"bytes", {1: 2}, {"id": object()}, float("nan")):
        with pytest.raises(DataError):
            structure(junk, Role)


def test_non_string_keys_from_python_are_reported_not_raised() -> None:
    found = problems({"source": "source:x", 1: "a", (2, 3): "b"}, Citation)
    assert [(p.code, p.field) for p in found] == [("unknown-field", "(2, 3)"),
                                                  ("unknown-field", "1")]
    assert found[1].message == "unknown field 1"
