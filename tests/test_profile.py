"""Profiles: the model's checks and load_profile (TOML and JSON, short names, every problem)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import sendpath
from sendpath.errors import DataError, Problem
from sendpath.io.profile import profile_from_mapping
from sendpath.model import (
    ActivityRecord,
    ExperiencePeriod,
    Holding,
    Profile,
    RoleSpell,
    ServicePeriod,
    Study,
    TeachingPeriod,
)

D = dt.date
DATA = Path(__file__).parent / "data" / "rules"


@pytest.fixture(scope="module")
def cat() -> sendpath.Catalogue:
    return sendpath.load(DATA / "package")


EXPECTED = Profile(
    roles=(RoleSpell(id="role:teacher", since=D(2019, 9, 1)),
           RoleSpell(id="role:qtvi", since=D(2026, 9, 1))),
    holds=(Holding(id="qual:qts", awarded=D(2019, 7, 1)),
           Holding(id="activity:awareness", completed=D(2024, 11, 12))),
    studying=(Study(id="qual:mq-vi", started=D(2026, 9, 1)),),
    service=(ServicePeriod(role="role:teacher", start=D(2017, 9, 1), end=D(2018, 7, 31)),),
    teaching=(TeachingPeriod(need="area:vi", since=D(2026, 9, 1)),),
    experience=(ExperiencePeriod(kind="children-and-young-people", start=D(2016, 9, 1),
                                 end=D(2017, 8, 31), hours=400),),
    activities=(ActivityRecord(id="activity:workshop", hours=10, date=D(2025, 3, 14)),),
)


def problems(exc: pytest.ExceptionInfo[DataError]) -> list[tuple[str | None, str | None, str]]:
    return [(p.record, p.field, p.code) for p in exc.value.problems]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- loading -----------------------------------------------------------------------------------


def test_toml_with_short_names(cat: sendpath.Catalogue) -> None:
    assert sendpath.load_profile(DATA / "profiles" / "teacher.toml", catalogue=cat) == EXPECTED


def test_json_with_full_ids_and_no_catalogue() -> None:
    assert sendpath.load_profile(str(DATA / "profiles" / "teacher.json")) == EXPECTED


def test_json_with_catalogue_checks_full_ids(cat: sendpath.Catalogue) -> None:
    assert sendpath.load_profile(DATA / "profiles" / "teacher.json", catalogue=cat) == EXPECTED


def test_short_names_resolve_by_the_kind_of_the_field() -> None:
    cat = sendpath.load_default()
    profile = profile_from_mapping({
        "roles": [{"id": "senco", "since": "2025-01-06"}],
        "holds": [{"id": "npq-senco", "awarded": "2026-07-01"}],
        "studying": [{"id": "nasenco", "started": "2023-10-02"}],
        "service": [{"role": "senco", "start": "2020-09-01", "end": "2021-07-31"}],
        "experience": [{"role": "teacher", "start": "2019-09-01"}],
    }, catalogue=cat)
    assert profile.roles[0].id == "role:senco"
    assert profile.holds[0].id == "qual:npq-senco"
    assert profile.studying[0].id == "qual:nasenco"
    assert profile.service[0].role == "role:senco"
    assert profile.experience[0].role == "role:teacher"


def test_holds_falls_back_to_activities(cat: sendpath.Catalogue) -> None:
    profile = profile_from_mapping({"holds": [{"id": "workshop", "completed": "2025-01-01"}],
                                    "activities": [{"id": "awareness", "hours": 3,
                                                    "date": "2025-01-01"}]}, catalogue=cat)
    assert profile.holds[0].id == "activity:workshop"
    assert profile.activities[0].id == "activity:awareness"


def test_need_resolves_to_an_area(cat: sendpath.Catalogue) -> None:
    profile = profile_from_mapping({"teaching": [{"need": "hi", "since": "2026-09-01"}]},
                                   catalogue=cat)
    assert profile.teaching[0].need == "area:hi"


def test_unknown_ids_with_did_you_mean(cat: sendpath.Catalogue) -> None:
    with pytest.raises(DataError) as info:
        profile_from_mapping({"roles": [{"id": "qtv", "since": "2026-09-01"}],
                              "holds": [{"id": "role:teacher"}],
                              "teaching": [{"need": "vii", "since": "2026-09-01"}]},
                             catalogue=cat)
    first, second, third = info.value.problems
    assert (first.record, first.field, first.code) == ("roles[0]", "id", "unknown-reference")
    assert "did you mean role:qtvi" in first.message
    assert (second.record, second.code) == ("holds[0]", "unknown-reference")
    assert "'role:teacher' is not a qualification or activity" in second.message
    assert "did you mean area:vi" in third.message


def test_without_a_catalogue_ids_must_be_full() -> None:
    with pytest.raises(DataError) as info:
        profile_from_mapping({"roles": [{"id": "senco", "since": "2025-01-06"}],
                              "holds": [{"id": "qual:QTS"}]})
    assert problems(info) == [("roles[0]", "id", "short-name"),
                              ("holds[0]", "id", "invalid-value")]
    assert "role:senco" in info.value.problems[0].message


def test_the_document_is_not_changed(cat: sendpath.Catalogue) -> None:
    doc = {"roles": [{"id": "teacher", "since": "2019-09-01"}]}
    before = json.dumps(doc)
    profile_from_mapping(doc, catalogue=cat)
    assert json.dumps(doc) == before


# -- every problem at once ---------------------------------------------------------------------

BROKEN = """\
[[roles]]
id = "teacher"
since = 2019-09-01
until = 2018-08-31

[[holds]]
id = "qts"
awarded = "2019-07-32"
grade = "A"

[[studying]]
id = "mq-vi"

[[teaching]]
need = "vi"
since = 2026-09-01T08:30:00

[[activities]]
id = "workshop"
hours = "10"
date = 2025-03-14

[[experiance]]
kind = "teaching"
"""


def test_every_problem_at_once_with_rows_fields_and_lines(cat: sendpath.Catalogue,
                                                         tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", BROKEN)
    with pytest.raises(DataError) as info:
        sendpath.load_profile(path, catalogue=cat)
    found = [(p.record, p.field, p.code, p.line) for p in info.value.problems]
    assert found == [
        ("roles[0]", "until", "invalid-value", 4),
        ("holds[0]", "awarded", "wrong-type", 8),
        ("holds[0]", "grade", "unknown-field", 9),
        ("studying[0]", "started", "missing-field", 11),
        ("teaching[0]", "since", "wrong-type", 16),
        ("activities[0]", "hours", "wrong-type", 20),
        (None, "experiance", "unknown-field", 23),
    ]
    assert all(p.file == str(path) for p in info.value.problems)
    assert "did you mean 'experience'" in info.value.problems[-1].message
    assert "is before since (2019-09-01)" in info.value.problems[0].message


@pytest.mark.parametrize(("value", "message"), [
    ('"2025-02-29"', "not a real date"),
    ('"2025-13-01"', "not a real date"),
    ('"1 Sept 2025"', "expected a date (YYYY-MM-DD)"),
    ("20250901", "expected a date (YYYY-MM-DD)"),
])
def test_bad_dates_in_json(tmp_path: Path, value: str, message: str) -> None:
    path = write(tmp_path, "me.json",
                 f'{{"roles": [{{"id": "role:senco", "since": {value}}}]}}')
    with pytest.raises(DataError) as info:
        sendpath.load_profile(path)
    (problem,) = info.value.problems
    assert (problem.record, problem.field, problem.code) == ("roles[0]", "since", "wrong-type")
    assert message in problem.message


def test_impossible_toml_date_is_a_syntax_problem_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", '[[roles]]\nid = "role:senco"\nsince = 2025-02-30\n')
    with pytest.raises(DataError) as info:
        sendpath.load_profile(path)
    (problem,) = info.value.problems
    assert (problem.code, problem.line) == ("syntax", 3)


@pytest.mark.parametrize(("name", "code"), [("missing.toml", "not-found"),
                                            ("me.yaml", "unsupported-format")])
def test_missing_or_unsupported_file(tmp_path: Path, name: str, code: str) -> None:
    if name.endswith(".yaml"):
        write(tmp_path, name, "roles: []\n")
    with pytest.raises(DataError) as info:
        sendpath.load_profile(tmp_path / name)
    assert [p.code for p in info.value.problems] == [code]


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "me.toml"
    folder.mkdir()
    with pytest.raises(DataError) as info:
        sendpath.load_profile(folder)
    assert [p.code for p in info.value.problems] == ["unreadable"]


def test_empty_profile_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, "me.json", "{}")
    assert sendpath.load_profile(path) == Profile()


# -- the model's own checks --------------------------------------------------------------------


def check_fails(field: str, build: object) -> None:
    assert callable(build)
    with pytest.raises(DataError) as info:
        build()
    assert [p.field for p in info.value.problems] == [field]


def test_model_checks() -> None:
    check_fails("not_required", lambda: Holding(id="qual:induction", not_required=True,
                                                completed=D(2021, 7, 20)))
    check_fails("completed", lambda: Holding(id="qual:x", started=D(2021, 7, 20),
                                             completed=D(2021, 7, 19)))
    check_fails("role", lambda: ExperiencePeriod(kind="teaching", role="role:teacher",
                                                 start=D(2020, 1, 1)))
    check_fails("role", lambda: ExperiencePeriod(start=D(2020, 1, 1)))
    check_fails("end", lambda: ServicePeriod(role="role:senco", start=D(2020, 1, 2),
                                             end=D(2020, 1, 1)))
    check_fails("id", lambda: RoleSpell(id="qual:qts", since=D(2020, 1, 1)))
    check_fails("need", lambda: TeachingPeriod(need="role:x", since=D(2020, 1, 1)))
    check_fails("hours", lambda: ActivityRecord(id="activity:x", hours=-1, date=D(2020, 1, 1)))
    check_fails("since", lambda: RoleSpell(id="role:x", since="2020-01-01"))
    check_fails("roles", lambda: Profile(
        roles=[RoleSpell(id="role:x", since=D(2020, 1, 1))]))  # type: ignore[arg-type]
    check_fails("not_required", lambda: Holding(id="qual:x", not_required=1))  # type: ignore[arg-type]


def test_single_day_periods_are_allowed() -> None:
    assert ServicePeriod(role="role:senco", start=D(2020, 1, 1), end=D(2020, 1, 1)).days == 1
    spell = RoleSpell(id="role:x", since=D(2020, 1, 1), until=D(2020, 1, 1))
    assert spell.current_on(D(2020, 1, 1))
    assert not spell.current_on(D(2020, 1, 2))


def test_problem_is_located_for_people(tmp_path: Path) -> None:
    path = write(tmp_path, "me.toml", '[[roles]]\nid = "sencoo"\nsince = 2025-01-06\n')
    with pytest.raises(DataError) as info:
        sendpath.load_profile(path, catalogue=sendpath.load_default())
    assert str(info.value.problems[0]) == str(Problem(
        code="unknown-reference", file=str(path), line=2, record="roles[0]", field="id",
        message="unknown role id 'sencoo' (did you mean role:senco?)"))
